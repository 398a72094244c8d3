/**
 * Repeat and near-repeat victimisation in the worker. police.uk data has
 * neither dates nor victims, so the worker refuses with a plain message and
 * the panel shows it as it is. District extracts with victim references
 * (being added to the importer) make the same calls return figures.
 */
import { type NearRepeatRequest, type RepeatsRequest, topVictimsCsv } from '../../../shared/analytics/repeats-store';
import { WorkbenchError } from '../../../shared/errors';
import { formatMonth, parseMonth } from '../../../shared/periods';
import { type SendOptions, db } from '../db/client';
import { saveCsv } from './save-csv';
import { askConfirm, useDialogStore } from '../state/dialog-store';
import { usePivotStore } from '../state/pivot-store';
import { type RepeatTask, type RunningTask, useRepeatsStore } from '../state/repeats-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { command, refreshInfo } from './command';

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

/**
 * The months the repeat rate is measured over: the pivot's months when it
 * has any, else the latest 12 months of data, so the year-on-year change
 * compares like with like (the Plan's "within the previous 12 months").
 */
export function repeatPeriod(): Pick<RepeatsRequest, 'from' | 'to'> {
  const { spec } = usePivotStore.getState();
  if (spec.from !== undefined || spec.to !== undefined) {
    return { ...(spec.from === undefined ? {} : { from: spec.from }), ...(spec.to === undefined ? {} : { to: spec.to }) };
  }
  const last = useWorkbenchStore.getState().info?.dateRange?.to;
  const lastMonth = last === undefined ? null : parseMonth(last);
  return lastMonth === null ? {} : { from: formatMonth(lastMonth - 11), to: formatMonth(lastMonth) };
}

/** Repeat victims for the form's group and window, with progress and Cancel (a cancel keeps the table on screen). */
export async function runRepeats(): Promise<void> {
  const { repeat } = useRepeatsStore.getState();
  useRepeatsStore.setState({ repeatError: null });
  const request: RepeatsRequest = { group: repeat.group, windowDays: repeat.windowDays, by: repeat.byDistrict ? ['district'] : [], ...scope(), ...repeatPeriod() };
  try {
    const rows = await runTask('repeat', (options) => command('repeats/run', request, options));
    if (rows !== null) useRepeatsStore.setState({ rows, rowsRequest: request });
  } catch (error) {
    useRepeatsStore.setState({ rows: null, repeatError: messageOf(error) });
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
    const request: NearRepeatRequest = {
      crimeType: form.crimeType,
      spaceBand: form.spaceBand,
      spaceBands: form.spaceBands,
      timeBand: form.timeBand,
      timeBands: form.timeBands,
      permutations: form.permutations,
      seed: form.seed,
      flagSpace: form.flagSpace,
      flagDays: form.flagDays,
      ...scope(),
    };
    const knox = await command(
      'near-repeat/run',
      { ...request, withPoints: true },
      {
        onStart: (id) => useRepeatsStore.setState({ nearRepeatRequestId: id }),
        onEvent: (event) => {
          if (event.name === 'near-repeat/progress' && seq === nearRepeatSeq) useRepeatsStore.setState({ nearRepeatProgress: event.payload });
        },
      },
    );
    if (seq === nearRepeatSeq) useRepeatsStore.setState({ knox, knoxRequest: request, nearRepeatRequestId: null, nearRepeatProgress: null });
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
  useDialogStore.getState().setNotice('Near-repeat test cancelled.', { tab: 'repeats' });
}

const TASK_NAMES: Readonly<Record<RepeatTask, string>> = { 'top-victims': 'Top victims', locations: 'Repeat locations', flags: 'Near-repeat flags', repeat: 'Repeat victims' };
/** Per task, the latest run: an older run's late answer is ignored. */
const taskSeq: Record<RepeatTask, number> = { 'top-victims': 0, locations: 0, flags: 0, repeat: 0 };

function setRunning(task: RepeatTask, value: RunningTask | null): void {
  useRepeatsStore.setState((state) => {
    const running = { ...state.running };
    if (value === null) delete running[task];
    else running[task] = value;
    return { running };
  });
}

/**
 * Runs one long repeat command with progress and Cancel. Resolves to the
 * result, or to null when this run was cancelled or superseded (the screen
 * and the workbench stay as they were); other errors are thrown.
 */
async function runTask<T>(task: RepeatTask, send: (options: SendOptions) => Promise<T>): Promise<T | null> {
  if (useRepeatsStore.getState().running[task] !== undefined) return null;
  const seq = ++taskSeq[task];
  const isCurrent = (): boolean => seq === taskSeq[task];
  setRunning(task, { requestId: null, progress: null });
  try {
    const result = await send({
      onStart: (id) => {
        if (isCurrent() && useRepeatsStore.getState().running[task] !== undefined) setRunning(task, { requestId: id, progress: null });
      },
      onEvent: (event) => {
        const current = useRepeatsStore.getState().running[task];
        if (event.name === 'repeats/progress' && isCurrent() && current !== undefined) setRunning(task, { ...current, progress: event.payload });
      },
    });
    if (!isCurrent()) return null;
    setRunning(task, null);
    return result;
  } catch (error) {
    if (!isCurrent()) return null;
    setRunning(task, null);
    if (error instanceof WorkbenchError && error.code === 'cancelled') return null;
    throw error;
  }
}

/** Stops a running repeat victims, top victims, locations or flag refill; what was on screen (and in the workbench) stays. */
export function cancelRepeatTask(task: RepeatTask): void {
  const running = useRepeatsStore.getState().running[task];
  if (running === undefined) return;
  if (running.requestId !== null) db().cancel(running.requestId);
  // The run's sequence stays current: if the worker finished before the cancel reached it, its result is real and shown.
  setRunning(task, null);
  useDialogStore.getState().setNotice(`${TASK_NAMES[task]} cancelled.`, { tab: 'repeats' });
}

/** The most-repeated victims (by pseudonym) for the group, window and scope of the repeat form. */
export async function runTopVictims(): Promise<void> {
  const { repeat, topCount } = useRepeatsStore.getState();
  useRepeatsStore.setState({ topError: null });
  try {
    const topVictims = await runTask('top-victims', (options) =>
      command('repeats/top-victims', { group: repeat.group, windowDays: repeat.windowDays, top: topCount, ...scope(), ...repeatPeriod() }, options),
    );
    if (topVictims !== null) useRepeatsStore.setState({ topVictims, selectedVictim: topVictims[0]?.pseudonym ?? null });
  } catch (error) {
    useRepeatsStore.setState({ topVictims: null, selectedVictim: null, topError: messageOf(error) });
  }
}

/** The warning shown before the list leaves the workbench; it must say plainly that this is personal data. */
export const PERSONAL_DATA_WARNING =
  'This export contains personal data: each row is a victim (by pseudonym) with the dates, crime types, districts and wards of their victimisation. ' +
  'Pseudonyms can be linked back to people with the workbench. Export it only for a safeguarding referral, and store and share it under your data protection rules.';

/** CSV of the listed victims and their records, only after the analyst confirms the personal-data warning. */
export async function exportTopVictims(): Promise<void> {
  const { topVictims } = useRepeatsStore.getState();
  if (topVictims === null || topVictims.length === 0) return;
  if (!(await askConfirm(PERSONAL_DATA_WARNING, 'Export personal data'))) return;
  const { repeat } = useRepeatsStore.getState();
  await saveCsv(topVictimsCsv(topVictims), `repeat-victims-${repeat.group}-personal-data.csv`);
}

export async function runRepeatLocations(): Promise<void> {
  const { repeat, topCount, locationGrid } = useRepeatsStore.getState();
  useRepeatsStore.setState({ locationsError: null });
  try {
    const locations = await runTask('locations', (options) =>
      command(
        'repeats/locations',
        {
          group: repeat.group,
          windowDays: repeat.windowDays,
          top: topCount,
          ...(locationGrid > 0 ? { gridSize: locationGrid } : {}),
          ...scope(),
          ...repeatPeriod(),
        },
        options,
      ),
    );
    if (locations !== null) useRepeatsStore.setState({ locations });
  } catch (error) {
    useRepeatsStore.setState({ locations: null, locationsError: messageOf(error) });
  }
}

/**
 * Refills the pivot's near_repeat dimension for the chosen crime type with
 * the form's flag distance and days. Only derived flags change, so the
 * results on screen stay.
 */
export async function flagNearRepeatsOnPivot(): Promise<void> {
  const { nearRepeat } = useRepeatsStore.getState();
  try {
    const flagSummary = await runTask('flags', (options) =>
      command('near-repeat/flags', { crimeTypes: [nearRepeat.crimeType], flagSpace: nearRepeat.flagSpace, flagDays: nearRepeat.flagDays }, options),
    );
    // Cancelled: the worker rolled back, so the pivot keeps the previous flags.
    if (flagSummary === null) return;
    const { rows, knox, topVictims, selectedVictim, locations } = useRepeatsStore.getState();
    await refreshInfo();
    useRepeatsStore.setState({ rows, knox, topVictims, selectedVictim, locations, flagSummary });
    await loadNearRepeatFlagState();
    useDialogStore
      .getState()
      .setNotice(`Near-repeat flags on the pivot: ${flagSummary.flagged} of ${flagSummary.assessed} ${nearRepeat.crimeType} events (within ${nearRepeat.flagSpace} m and ${nearRepeat.flagDays} days).`);
  } catch (error) {
    useRepeatsStore.setState({ nearRepeatError: messageOf(error) });
  }
}

/**
 * Reads back what the workbench's near-repeat flags were made with. The
 * first time for each change of records (an opened workbench, an import),
 * the form's flag fields (and crime type, for a single one) start from
 * them, so a saved 150 m refill reopens at 150 m; switching tabs keeps the
 * analyst's edits.
 */
export async function loadNearRepeatFlagState(): Promise<void> {
  const version = useWorkbenchStore.getState().dataVersion;
  try {
    const flagState = await command('near-repeat/flag-settings', {});
    if (useWorkbenchStore.getState().dataVersion !== version) return;
    const { flagStateVersion, setNearRepeat } = useRepeatsStore.getState();
    useRepeatsStore.setState({ flagState, flagStateVersion: version });
    if (flagStateVersion === version) return;
    const { settings } = flagState;
    // The workbench's spelling of the one chosen type (the CLI matches names without regard to case).
    const single = settings.crimeTypes !== null && flagState.crimeTypes.length === 1 ? flagState.crimeTypes[0] : undefined;
    setNearRepeat({ flagSpace: settings.flagSpace, flagDays: settings.flagDays, ...(single === undefined ? {} : { crimeType: single }) });
  } catch {
    // Not shown: the form keeps its values and the pivot's flags are unchanged.
    useRepeatsStore.setState({ flagState: null });
  }
}
