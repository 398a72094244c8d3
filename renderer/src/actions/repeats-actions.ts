/**
 * Repeat and near-repeat victimisation in the worker. police.uk data has
 * neither dates nor victims, so the worker refuses with a plain message and
 * the panel shows it as it is. District extracts with victim references
 * (being added to the importer) make the same calls return figures.
 */
import type { RepeatsRequest } from '../../../shared/analytics/repeats-store';
import { WorkbenchError } from '../../../shared/errors';
import { db } from '../db/client';
import { useDialogStore } from '../state/dialog-store';
import { usePivotStore } from '../state/pivot-store';
import { useRepeatsStore } from '../state/repeats-store';
import { command } from './command';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The pivot's filters and months apply here too, as the panel says. */
function scope(): Pick<RepeatsRequest, 'filters' | 'from' | 'to'> {
  const { spec } = usePivotStore.getState();
  return {
    filters: spec.filters,
    ...(spec.from === undefined ? {} : { from: spec.from }),
    ...(spec.to === undefined ? {} : { to: spec.to }),
  };
}

export async function runRepeats(): Promise<void> {
  const { repeat } = useRepeatsStore.getState();
  useRepeatsStore.setState({ isRepeatRunning: true, repeatError: null });
  try {
    const rows = await command('repeats/run', {
      group: repeat.group,
      windowDays: repeat.windowDays,
      by: repeat.byDistrict ? ['district'] : [],
      ...scope(),
    });
    useRepeatsStore.setState({ rows, isRepeatRunning: false });
  } catch (error) {
    useRepeatsStore.setState({ rows: null, repeatError: messageOf(error), isRepeatRunning: false });
  }
}

let nearRepeatSeq = 0;

export async function runNearRepeat(): Promise<void> {
  const state = useRepeatsStore.getState();
  if (state.nearRepeatRequestId !== null) return;
  const form = state.nearRepeat;
  const seq = ++nearRepeatSeq;
  useRepeatsStore.setState({ nearRepeatError: null, nearRepeatProgress: null });
  try {
    const knox = await command(
      'near-repeat/run',
      {
        crimeType: form.crimeType,
        spaceBand: form.spaceBand,
        spaceBands: form.spaceBands,
        timeBand: form.timeBand,
        timeBands: form.timeBands,
        permutations: form.permutations,
        seed: form.seed,
        ...scope(),
      },
      {
        onStart: (id) => useRepeatsStore.setState({ nearRepeatRequestId: id }),
        onEvent: (event) => {
          if (event.name === 'near-repeat/progress' && seq === nearRepeatSeq) useRepeatsStore.setState({ nearRepeatProgress: event.payload });
        },
      },
    );
    if (seq === nearRepeatSeq) useRepeatsStore.setState({ knox, nearRepeatRequestId: null, nearRepeatProgress: null });
  } catch (error) {
    if (seq !== nearRepeatSeq) return;
    const isCancelled = error instanceof WorkbenchError && error.code === 'cancelled';
    useRepeatsStore.setState({
      nearRepeatRequestId: null,
      nearRepeatProgress: null,
      ...(isCancelled ? {} : { knox: null, nearRepeatError: messageOf(error) }),
    });
  }
}

export function cancelNearRepeat(): void {
  const { nearRepeatRequestId } = useRepeatsStore.getState();
  if (nearRepeatRequestId === null) return;
  db().cancel(nearRepeatRequestId);
  nearRepeatSeq++;
  useRepeatsStore.setState({ nearRepeatRequestId: null, nearRepeatProgress: null });
  useDialogStore.getState().setNotice('Near-repeat test cancelled.');
}
