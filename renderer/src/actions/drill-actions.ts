/** Drill-through: the records behind a pivot cell, a page at a time, and their CSV export. */
import { WorkbenchError } from '../../../shared/errors';
import { pivotSourceKinds, sourceLines } from '../../../shared/export/pivot-table';
import type { DrillSort } from '../../../shared/pivot/drill-through';
import { fileSlug } from '../charts/echarts';
import { saveCsv } from './save-csv';
import { DRILL_PAGE_SIZE, type DrillTarget, useDrillStore } from '../state/drill-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { db } from '../db/client';
import { useDialogStore } from '../state/dialog-store';
import { command } from './command';
import { scopeLines } from './export-actions';

let pageSeq = 0;
let exportSeq = 0;

async function loadPage(target: DrillTarget, offset: number): Promise<void> {
  const seq = ++pageSeq;
  useDrillStore.setState({ offset, isLoading: true, error: null });
  try {
    const { sort } = useDrillStore.getState();
    const page = await command('pivot/drill', {
      spec: target.spec,
      rowKey: target.rowKey,
      columnKey: target.columnKey,
      offset,
      limit: DRILL_PAGE_SIZE,
      ...(sort === null ? {} : { sort }),
    });
    if (seq === pageSeq) useDrillStore.setState({ page, isLoading: false });
  } catch (error) {
    if (seq === pageSeq) useDrillStore.setState({ isLoading: false, error: error instanceof Error ? error.message : String(error) });
  }
}

export function openDrillThrough(target: DrillTarget): Promise<void> {
  useDrillStore.setState({ target, page: null, offset: 0, sort: null });
  return loadPage(target, 0);
}

/** Orders the records by a column (null: month, then record) and shows the first page. */
export function sortDrillThrough(sort: DrillSort | null): Promise<void> {
  const { target, sort: current } = useDrillStore.getState();
  if (target === null || (sort?.field === current?.field && sort?.descending === current?.descending)) return Promise.resolve();
  useDrillStore.setState({ sort });
  return loadPage(target, 0);
}

export function turnDrillPage(direction: 1 | -1): Promise<void> {
  const { target, offset, page } = useDrillStore.getState();
  if (target === null) return Promise.resolve();
  const next = Math.max(0, offset + direction * DRILL_PAGE_SIZE);
  if (page !== null && next >= page.total) return Promise.resolve();
  return loadPage(target, next);
}

export function closeDrillThrough(): void {
  pageSeq++;
  cancelDrillExport();
  useDrillStore.setState({ target: null, page: null, offset: 0, isLoading: false, error: null, exporting: null });
}

/**
 * Every record behind the cell as CSV, labelled with where it came from. The
 * worker writes it in one pass over the records (with progress and Cancel).
 */
export async function exportDrillCsv(): Promise<void> {
  const { target, page, exporting, sort } = useDrillStore.getState();
  if (target === null || exporting !== null) return;
  const info = useWorkbenchStore.getState().info;
  const total = page?.total ?? target.count;
  const header = [
    'Crime Analyst Workbench drill-through',
    `Records behind: ${target.label} (${total.toLocaleString('en-GB')} records)`,
    ...scopeLines(target.spec),
    'Record-level data: victims are not identified (no victim reference or pseudonym; ages as bands). References lead back to the source records: handle under your force’s data-protection rules.',
    // The records' own extracts: a rate cell's population is not behind its records.
    ...(info ? sourceLines(info, pivotSourceKinds(target.spec.measure).filter((kind) => kind !== 'population')) : []),
  ];
  const seq = ++exportSeq;
  const isCurrent = (): boolean => seq === exportSeq && useDrillStore.getState().target === target;
  useDrillStore.setState({ exporting: { requestId: null, done: 0, total } });
  try {
    const request = { spec: target.spec, rowKey: target.rowKey, columnKey: target.columnKey, header, ...(sort === null ? {} : { sort }) };
    const { csv } = await command('pivot/drill-csv', request, {
      onStart: (id) => {
        const current = useDrillStore.getState().exporting;
        if (isCurrent() && current !== null) useDrillStore.setState({ exporting: { ...current, requestId: id } });
      },
      onEvent: (event) => {
        const current = useDrillStore.getState().exporting;
        if (event.name === 'drill/progress' && isCurrent() && current !== null) useDrillStore.setState({ exporting: { ...current, ...event.payload } });
      },
    });
    if (!isCurrent()) return;
    useDrillStore.setState({ exporting: null });
    await saveCsv(csv, `records-${fileSlug(target.label, 'cell')}.csv`);
  } catch (error) {
    if (!isCurrent()) return;
    useDrillStore.setState({ exporting: null });
    if (error instanceof WorkbenchError && error.code === 'cancelled') return;
    useDrillStore.setState({ error: error instanceof Error ? error.message : String(error) });
  }
}

/** Stops the running export: no file is written. */
export function cancelDrillExport(): void {
  const exporting = useDrillStore.getState().exporting;
  if (exporting === null) return;
  if (exporting.requestId !== null) db().cancel(exporting.requestId);
  exportSeq++;
  useDrillStore.setState({ exporting: null });
  useDialogStore.getState().setNotice('Export of the records cancelled: no file was written.');
}
