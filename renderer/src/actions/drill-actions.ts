/** Drill-through: the records behind a pivot cell, a page at a time, and their CSV export. */
import { exportTableToCsv } from '../../../shared/export/csv';
import { pivotSourceKinds, sourceLines } from '../../../shared/export/pivot-table';
import type { DrillThroughRecord } from '../../../shared/pivot/drill-through';
import { fileSlug } from '../charts/echarts';
import { saveCsv } from './save-csv';
import { DRILL_PAGE_SIZE, type DrillTarget, useDrillStore } from '../state/drill-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { command } from './command';
import { scopeLines } from './export-actions';

let pageSeq = 0;

async function loadPage(target: DrillTarget, offset: number): Promise<void> {
  const seq = ++pageSeq;
  useDrillStore.setState({ offset, isLoading: true, error: null });
  try {
    const page = await command('pivot/drill', { spec: target.spec, rowKey: target.rowKey, columnKey: target.columnKey, offset, limit: DRILL_PAGE_SIZE });
    if (seq === pageSeq) useDrillStore.setState({ page, isLoading: false });
  } catch (error) {
    if (seq === pageSeq) useDrillStore.setState({ isLoading: false, error: error instanceof Error ? error.message : String(error) });
  }
}

export function openDrillThrough(target: DrillTarget): Promise<void> {
  useDrillStore.setState({ target, page: null, offset: 0 });
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
  useDrillStore.setState({ target: null, page: null, offset: 0, isLoading: false, error: null });
}

export const DRILL_COLUMNS = [
  ['id', 'Record id'],
  ['source', 'Source'],
  ['month', 'Month'],
  ['date', 'Date'],
  ['crimeType', 'Crime type'],
  ['district', 'District'],
  ['lsoa', 'LSOA'],
  ['location', 'Location'],
  ['outcome', 'Outcome'],
  ['latitude', 'Latitude'],
  ['longitude', 'Longitude'],
] as const satisfies readonly (readonly [keyof DrillThroughRecord, string])[];

/** Every record behind the cell (fetched in large pages), labelled with where it came from. */
export async function exportDrillCsv(): Promise<void> {
  const { target } = useDrillStore.getState();
  if (target === null) return;
  const records: DrillThroughRecord[] = [];
  for (let offset = 0; ; ) {
    const page = await command('pivot/drill', { spec: target.spec, rowKey: target.rowKey, columnKey: target.columnKey, offset, limit: 5_000 });
    records.push(...page.records);
    offset += page.records.length;
    if (page.records.length === 0 || offset >= page.total) break;
  }
  const info = useWorkbenchStore.getState().info;
  const header = [
    'Crime Analyst Workbench drill-through',
    `Records behind: ${target.label} (${records.length.toLocaleString('en-GB')} records)`,
    ...scopeLines(target.spec),
    'Record-level data: no victim details are included. Handle under your force’s data-protection rules.',
    // The records' own extracts: a rate cell's population is not behind its records.
    ...(info ? sourceLines(info, pivotSourceKinds(target.spec.measure).filter((kind) => kind !== 'population')) : []),
  ];
  const table = {
    header,
    columns: DRILL_COLUMNS.map(([, label]) => label),
    rows: records.map((r) => DRILL_COLUMNS.map(([key]) => r[key])),
  };
  await saveCsv(exportTableToCsv(table), `records-${fileSlug(target.label, 'cell')}.csv`);
}
