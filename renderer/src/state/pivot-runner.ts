/**
 * Keeps the pivot and the trend in step with the spec, the selected row and
 * the data. A newer request supersedes an older one: the older requests are
 * cancelled in the worker (one still queued never runs), and a result that
 * arrives after a newer request was sent is dropped, so the grid never shows a stale spec.
 */
import { WorkbenchError, toErrorInfo } from '../../../shared/errors';
import { columnSubtotalSpecs, subtotalSpecs } from '../../../shared/pivot/display-rows';
import { trendSpec } from '../../../shared/pivot/trend';
import { command } from '../actions/command';
import { usePivotStore } from './pivot-store';
import { useWorkbenchStore } from './workbench-store';

// The Trend panel's pivot (shared, so the command line and tests build the same one).
export { trendSpec };

let pivotSeq = 0;
let trendSeq = 0;
let pivotAbort: AbortController | null = null;
let trendAbort: AbortController | null = null;

// The pivots behind the subtotals, as the command line's export --view runs them too.
export { columnSubtotalSpecs, subtotalSpecs };

async function runMainPivot(): Promise<void> {
  const seq = ++pivotSeq;
  pivotAbort?.abort();
  const abort = new AbortController();
  pivotAbort = abort;
  const store = usePivotStore.getState();
  store.setLoading(true);
  try {
    const { spec } = store;
    // Subtotals are computed by the engine, not summed, so every measure (shares, changes, rates) is right.
    const pivots = Promise.all([
      command('pivot/run', { spec }, { signal: abort.signal }),
      ...subtotalSpecs(spec).map((s) => command('pivot/run', { spec: s }, { signal: abort.signal })),
    ]);
    // A column subtotal the engine refuses (a measure that needs the inner column) is simply not shown.
    const columnPivots = Promise.all(
      columnSubtotalSpecs(spec).map(({ rowDepth, columnDepth, spec: s }) =>
        command('pivot/run', { spec: s }, { signal: abort.signal })
          .catch(() => null)
          .then((r) => ({ rowDepth, columnDepth, result: r })),
      ),
    );
    const [[result, ...subtotals], columnSubtotals] = await Promise.all([pivots, columnPivots]);
    if (seq === pivotSeq) usePivotStore.getState().setResult(result, subtotals, columnSubtotals);
  } catch (error) {
    // A superseded run was cancelled on purpose; only the current one reports.
    if (seq === pivotSeq) usePivotStore.getState().setError(error instanceof WorkbenchError ? error.toInfo() : toErrorInfo(error));
  }
}

async function runTrend(): Promise<void> {
  const seq = ++trendSeq;
  trendAbort?.abort();
  const abort = new AbortController();
  trendAbort = abort;
  const { spec, selectedRowKey } = usePivotStore.getState();
  if (selectedRowKey === null) {
    usePivotStore.getState().setTrend(null);
    return;
  }
  usePivotStore.getState().setTrend(usePivotStore.getState().trend, true);
  try {
    const trend = await command('pivot/run', { spec: trendSpec(spec, selectedRowKey) }, { signal: abort.signal });
    if (seq === trendSeq) usePivotStore.getState().setTrend(trend);
  } catch {
    // The main pivot reports errors; a trend that cannot run simply shows nothing.
    if (seq === trendSeq) usePivotStore.getState().setTrend(null);
  }
}

/** Starts re-running pivots on every relevant change; returns the stop function. */
export function startPivotRunner(): () => void {
  const stopPivot = usePivotStore.subscribe((state, previous) => {
    if (state.spec !== previous.spec) void runMainPivot();
    if (state.spec !== previous.spec || state.selectedRowKey !== previous.selectedRowKey) void runTrend();
  });
  const stopData = useWorkbenchStore.subscribe((state, previous) => {
    if (state.dataVersion === previous.dataVersion) return;
    void runMainPivot();
    void runTrend();
  });
  void runMainPivot();
  return () => {
    stopPivot();
    stopData();
  };
}
