/**
 * A saved view's table, exported from the workbench file (the command line's
 * `export --view`): the same pivots the app's grid runs for the view (row
 * subtotals, column subtotals), built into a table by the same function as
 * the app's CSV and XLSX export, so the two cannot drift. Display settings
 * are the grid's defaults: empty rows shown, no group collapsed, every count
 * shown; with `suppression`, the profile pack's disclosure control, as the
 * app's export applies it when small counts are shown as "<5"; with
 * `intervals`, a rate's 95% limits, as with "Compare with the Total" on.
 */
import type { Database } from 'sql.js';
import { WorkbenchError } from '../errors';
import type { WorkbenchInfo } from '../info';
import { columnSubtotalSpecs, subtotalSpecs } from '../pivot/display-rows';
import { type PivotResult, runPivot } from '../pivot/run-pivot';
import type { PivotSpec } from '../pivot/spec';
import type { SavedView } from '../views';
import { disclosedShownTable } from '../disclosure/shown-table';
import { type ExportTable, type ShownPivots, shownPivotTable } from './pivot-table';
import { withRateIntervals } from './rate-intervals';

/** The pivots behind the grid's table for a spec, run as the app's pivot runner runs them. */
export function shownPivots(db: Database, spec: PivotSpec): ShownPivots {
  const result = runPivot(db, spec);
  // Subtotals are computed by the engine, not summed, so every measure (shares, changes, rates) is right.
  const subtotals = subtotalSpecs(spec).map((s) => runPivot(db, s));
  const columnSubtotals = columnSubtotalSpecs(spec).map(({ rowDepth, columnDepth, spec: s }) => ({ rowDepth, columnDepth, result: refusedAsNull(db, s) }));
  return { result, subtotals, columnSubtotals };
}

/** A column subtotal the engine refuses (a measure that needs the inner column) is not shown, as in the grid. */
function refusedAsNull(db: Database, spec: PivotSpec): PivotResult | null {
  try {
    return runPivot(db, spec);
  } catch (error) {
    if (error instanceof WorkbenchError) return null;
    throw error;
  }
}

export function viewExportTable(
  db: Database,
  view: Pick<SavedView, 'spec' | 'sort'>,
  info: WorkbenchInfo | null,
  options: { suppression?: boolean; threshold?: number; intervals?: boolean } = {},
): ExportTable {
  const pivots = shownPivots(db, view.spec);
  const sort = view.sort ?? null;
  const table =
    options.suppression === true
      ? disclosedShownTable(pivots, info, { sort, ...(options.threshold === undefined ? {} : { threshold: options.threshold }) })
      : shownPivotTable(pivots, info, { sort });
  return options.intervals === true ? withRateIntervals(table, pivots, { sort }) : table;
}
