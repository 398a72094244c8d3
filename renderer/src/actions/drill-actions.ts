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

/** Each drill-through field's column heading. */
export const DRILL_LABELS: Readonly<Record<keyof DrillThroughRecord, string>> = {
  reference: 'Reference',
  source: 'Source',
  recordType: 'Record type',
  month: 'Month',
  date: 'Date',
  hour: 'Time',
  reportedDate: 'Reported',
  crimeType: 'Crime type',
  offenceCode: 'Offence code',
  district: 'District',
  ward: 'Ward',
  lsoa: 'LSOA',
  location: 'Location',
  ageBand: 'Victim age band',
  sex: 'Victim sex',
  domestic: 'Domestic',
  hate: 'Hate',
  alcohol: 'Alcohol',
  asbCategory: 'ASB category',
  nearRepeat: 'Near repeat',
  outcome: 'Outcome',
  easting: 'Easting',
  northing: 'Northing',
  latitude: 'Latitude',
  longitude: 'Longitude',
  id: 'Workbench record id',
};

/** Every record behind the cell (fetched in large pages), labelled with where it came from. */
export async function exportDrillCsv(): Promise<void> {
  const { target } = useDrillStore.getState();
  if (target === null) return;
  const records: DrillThroughRecord[] = [];
  let fields: readonly (keyof DrillThroughRecord)[] = [];
  for (let offset = 0; ; ) {
    const page = await command('pivot/drill', { spec: target.spec, rowKey: target.rowKey, columnKey: target.columnKey, offset, limit: 5_000 });
    records.push(...page.records);
    fields = page.fields;
    offset += page.records.length;
    if (page.records.length === 0 || offset >= page.total) break;
  }
  const info = useWorkbenchStore.getState().info;
  const header = [
    'Crime Analyst Workbench drill-through',
    `Records behind: ${target.label} (${records.length.toLocaleString('en-GB')} records)`,
    ...scopeLines(target.spec),
    'Record-level data: victims are not identified (no victim reference or pseudonym; ages as bands). References lead back to the source records: handle under your force’s data-protection rules.',
    // The records' own extracts: a rate cell's population is not behind its records.
    ...(info ? sourceLines(info, pivotSourceKinds(target.spec.measure).filter((kind) => kind !== 'population')) : []),
  ];
  const table = {
    header,
    columns: fields.map((field) => DRILL_LABELS[field]),
    rows: records.map((r) => fields.map((field) => r[field])),
  };
  await saveCsv(exportTableToCsv(table), `records-${fileSlug(target.label, 'cell')}.csv`);
}
