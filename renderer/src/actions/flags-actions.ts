/** Running seasonality, trend and exception flags in the worker, with progress and Cancel. */
import type { SeriesRequest } from '../../../shared/analytics/flags';
import { WorkbenchError } from '../../../shared/errors';
import { db } from '../db/client';
import { FLAG_SPLITS, useFlagsStore } from '../state/flags-store';
import { usePivotStore } from '../state/pivot-store';
import { useDialogStore } from '../state/dialog-store';
import { command } from './command';

let runSeq = 0;

/** Flags for every series of the chosen split, within the pivot's filters and months. */
export async function runFlags(): Promise<void> {
  const store = useFlagsStore.getState();
  if (store.runningRequestId !== null) return;
  const { spec } = usePivotStore.getState();
  const request: SeriesRequest = {
    by: [...FLAG_SPLITS[store.split]],
    filters: spec.filters,
    ...(spec.from === undefined ? {} : { from: spec.from }),
    ...(spec.to === undefined ? {} : { to: spec.to }),
  };
  const seq = ++runSeq;
  try {
    const result = await command('flags/run', request, {
      onStart: (id) => useFlagsStore.getState().start(id),
      onEvent: (event) => {
        if (event.name === 'flags/progress' && seq === runSeq) useFlagsStore.getState().setProgress(event.payload);
      },
    });
    // A cancelled run may still answer (the analysis is one synchronous pass in the worker): drop it.
    if (seq === runSeq) useFlagsStore.getState().finish({ request, result });
  } catch (error) {
    if (seq !== runSeq) return;
    if (error instanceof WorkbenchError && error.code === 'cancelled') {
      useFlagsStore.getState().finish(null);
      return;
    }
    useFlagsStore.getState().finish({ error: error instanceof Error ? error.message : String(error) });
  }
}

export function cancelFlags(): void {
  const { runningRequestId } = useFlagsStore.getState();
  if (runningRequestId === null) return;
  db().cancel(runningRequestId);
  // Supersede the run so a late answer is ignored, and free the panel at once.
  runSeq++;
  useFlagsStore.getState().finish(null);
  useDialogStore.getState().setNotice('Flags cancelled.', { tab: 'flags' });
}
