/**
 * `export --view` on the command line and the app's Export CSV give the same
 * table, byte for byte: the app's path here is the real one (the pivot runner
 * asks the workbench service for the pivot and its subtotals, exportPivot
 * builds the table and saves it), with only the worker and the save dialog
 * stood in. Each table is also checked against counts made from the
 * police.uk files themselves, so the two cannot agree on a wrong answer:
 * no Total column when nothing is in Columns, a Total column and row when
 * there is, group rows with their subtotals and subtotal columns when nested.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSqlJs } from '../../../electron/cli/load-sqljs';
import { runCli } from '../../../electron/cli/run-cli';
import { WorkbenchService, type HandlerContext } from '../../../shared/service';
import type { CommandArgs, CommandName } from '../../../shared/protocol';
import { type SavedView, saveView } from '../../../shared/views';
import { exportWorkbench, openWorkbench } from '../../../shared/workbench';
import { csvRows, csvTextOf } from '../../../tests/helpers/csv-file';
import { type CheckedLayout, recoverableByLeaves } from '../../../tests/helpers/disclosure-check';
import { countIndependently, policeUkFiles } from '../../../tests/helpers/police-uk-data';

const context: HandlerContext = { isCancelled: () => false, emit: () => undefined };
const service = new WorkbenchService(await loadSqlJs());
const saved: { data: Uint8Array | string; suggestedName: string }[] = [];

// The database worker stands in as the service itself; the save dialog as a list of what was saved.
vi.mock('./command', () => ({
  command: <K extends CommandName>(name: K, args: CommandArgs<K>) => service.dispatch(name, args, context),
  refreshInfo: () => Promise.resolve(),
}));
vi.mock('../platform', () => ({
  platform: {
    saveExport: (data: Uint8Array | string, options: { suggestedName: string }) => {
      saved.push({ data, suggestedName: options.suggestedName });
      return Promise.resolve(true);
    },
  },
}));

// The display preferences persist to localStorage, which Node lacks: an in-memory one stands in.
const stored = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => void stored.set(key, value),
  removeItem: (key: string) => void stored.delete(key),
});

const { exportPivot } = await import('./export-actions');
const { startPivotRunner } = await import('../state/pivot-runner');
const { usePivotStore } = await import('../state/pivot-store');
const { useWorkbenchStore } = await import('../state/workbench-store');
const { useUiStore } = await import('../state/ui-store');

// February and March 2023 are financial year 2022/23, April 2023/24: the nested view has a subtotal column each.
const files = policeUkFiles().filter((f) => /2023-0[2-4]-/.test(f));
const counts = countIndependently(files).byTypeAndDistrict;
let dir: string;
let workbench: string;
let stop: () => void = () => undefined;

const VIEWS: SavedView[] = [
  { name: 'Districts', spec: { rows: ['district'], columns: [], measure: 'count', filters: [] }, chart: 'table', createdAt: '', modifiedAt: '' },
  {
    name: 'Districts, most first',
    spec: { rows: ['district'], columns: [], measure: 'count', filters: [] },
    chart: 'bar',
    sort: { column: 'value', direction: 'desc' },
    createdAt: '',
    modifiedAt: '',
  },
  { name: 'Types by district', spec: { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] }, chart: 'table', createdAt: '', modifiedAt: '' },
  {
    name: 'Nested, by total',
    spec: { rows: ['district', 'crime_type'], columns: ['fin_year', 'month'], measure: 'count', filters: [{ dimension: 'district', values: ['Mansfield', 'Ashfield'] }] },
    chart: 'table',
    sort: { column: '__total', direction: 'desc' },
    createdAt: '',
    modifiedAt: '',
  },
  {
    name: 'Shares of row, nested columns',
    spec: { rows: ['crime_type'], columns: ['fin_year', 'month'], measure: 'share_row', filters: [], from: '2023-03', to: '2023-04' },
    chart: 'table',
    createdAt: '',
    modifiedAt: '',
  },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-export-parity-'));
  workbench = join(dir, 'parity.workbench');
  const imported = await runCli(['import', workbench, ...files]);
  expect(imported.exitCode, imported.stderr).toBe(0);
  // Views saved as the app saves them (sorts included, which the command line's view save has no need of).
  const db = openWorkbench(await loadSqlJs(), readFileSync(workbench), 'parity.workbench');
  for (const view of VIEWS) saveView(db, view.name, view.spec, view.chart, new Date(), view.sort);
  writeFileSync(workbench, exportWorkbench(db));
  db.close();
  // The app opens the same file.
  const info = await service.dispatch('workbench/open', { bytes: new Uint8Array(readFileSync(workbench)), fileName: 'parity.workbench' }, context);
  useWorkbenchStore.getState().setInfo(info);
  stop = startPivotRunner();
}, 120_000);

afterAll(() => stop());

/** Opens the view in the app (as the Views panel does), waits for its pivots, and exports CSV as the toolbar does. */
async function appCsv(view: SavedView): Promise<string> {
  usePivotStore.getState().applyView(view.spec, view.chart, view.sort ?? null);
  const wanted = JSON.stringify(usePivotStore.getState().spec);
  await vi.waitFor(
    () => {
      const state = usePivotStore.getState();
      if (state.isLoading || state.result === null || JSON.stringify(state.result.spec) !== wanted) throw new Error('pivot still running');
    },
    { timeout: 60_000, interval: 20 },
  );
  saved.length = 0;
  await exportPivot('csv');
  const [file] = saved;
  if (file === undefined || typeof file.data !== 'string') throw new Error('the app saved no CSV');
  return csvTextOf(new TextEncoder().encode(file.data), file.suggestedName);
}

/** A workbook's first sheet as rows of cell values (and each cell's number format). */
async function sheetOf(bytes: Uint8Array): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]?.eachRow({ includeEmpty: true }, (row) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push([cell.value, cell.numFmt]));
    rows.push(cells);
  });
  return rows;
}

async function appXlsx(view: SavedView): Promise<unknown[][]> {
  await appCsv(view);
  saved.length = 0;
  await exportPivot('xlsx');
  const [file] = saved;
  if (file === undefined || typeof file.data === 'string') throw new Error('the app saved no workbook');
  return sheetOf(file.data);
}

async function cliXlsx(view: SavedView): Promise<unknown[][]> {
  const out = join(dir, `${view.name}.xlsx`);
  const result = await runCli(['export', workbench, '--view', view.name, '--out', out]);
  expect(result.exitCode, result.stderr).toBe(0);
  return sheetOf(new Uint8Array(readFileSync(out)));
}

async function cliCsv(view: SavedView): Promise<string> {
  const out = join(dir, `${view.name}.csv`);
  const result = await runCli(['export', workbench, '--view', view.name, '--out', out]);
  expect(result.exitCode, result.stderr).toBe(0);
  return csvTextOf(readFileSync(out), out);
}

/** The table under the header block: its column headings and its rows. */
function tableOf(text: string): { columns: string[]; rows: string[][] } {
  const rows = csvRows(text);
  const blank = rows.findIndex((r) => r.length === 1 && r[0] === '');
  return { columns: rows[blank + 1] ?? [], rows: rows.slice(blank + 2) };
}

function sumBy(keyOf: (type: string, district: string) => string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of counts) {
    const [type = '', district = ''] = key.split('|');
    const k = keyOf(type, district);
    if (k !== null) out.set(k, (out.get(k) ?? 0) + n);
  }
  return out;
}

describe('export --view and the app export the same table', () => {
  it('a view with nothing in Columns: one value column, no Total column; the saved sort followed', async () => {
    const byDistrict = sumBy((_, district) => district);
    const total = [...byDistrict.values()].reduce((a, b) => a + b, 0);
    for (const view of VIEWS.slice(0, 2)) {
      const [app, cli] = [await appCsv(view), await cliCsv(view)];
      expect(cli, view.name).toBe(app);
      const table = tableOf(cli);
      expect(table.columns).toEqual(['District', 'Count']);
      const body = table.rows.slice(0, -1);
      expect(new Map(body.map((r) => [r[0], Number(r[1])]))).toEqual(byDistrict);
      expect(table.rows.at(-1)).toEqual(['Total', String(total)]);
      if (view.sort !== undefined) expect(body.map((r) => Number(r[1]))).toEqual([...byDistrict.values()].sort((a, b) => b - a));
    }
  });

  it('a view with Columns: a Total column and a Total row, every cell as counted from the files', async () => {
    const view = VIEWS[2];
    if (view === undefined) throw new Error('no view');
    const [app, cli] = [await appCsv(view), await cliCsv(view)];
    expect(cli).toBe(app);
    const { columns, rows } = tableOf(cli);
    expect(columns[0]).toBe('Crime type');
    expect(columns.at(-1)).toBe('Total');
    const districts = columns.slice(1, -1);
    expect(new Set(districts)).toEqual(new Set(sumBy((_, d) => d).keys()));
    const byType = sumBy((type) => type);
    for (const row of rows.slice(0, -1)) {
      const type = row[0] ?? '';
      districts.forEach((district, j) => expect(Number(row[j + 1]), `${type} in ${district}`).toBe(counts.get(`${type}|${district}`) ?? 0));
      expect(Number(row.at(-1)), `${type} total`).toBe(byType.get(type));
    }
    const totalRow = rows.at(-1) ?? [];
    expect(totalRow[0]).toBe('Total');
    const byDistrict = sumBy((_, d) => d);
    districts.forEach((district, j) => expect(Number(totalRow[j + 1])).toBe(byDistrict.get(district)));
    expect(Number(totalRow.at(-1))).toBe([...byDistrict.values()].reduce((a, b) => a + b, 0));
  });

  it('nested rows and columns: group rows with their subtotals, a subtotal column per financial year, groups in the saved sort', async () => {
    const view = VIEWS[3];
    if (view === undefined) throw new Error('no view');
    const [app, cli] = [await appCsv(view), await cliCsv(view)];
    expect(cli).toBe(app);
    const { columns, rows } = tableOf(cli);
    expect(columns).toEqual(['District / Crime type', '2022/23 / 2023-02', '2022/23 / 2023-03', '2022/23 / Total', '2023/24 / 2023-04', '2023/24 / Total', 'Total']);
    const byDistrict = sumBy((_, d) => (d === 'Mansfield' || d === 'Ashfield' ? d : null));
    const subtotals = rows.filter((r) => (r[0] ?? '').endsWith(' / Subtotal'));
    // Largest district first, each group's total as counted; its crime types beneath it.
    expect(subtotals.map((r) => [r[0], Number(r.at(-1))])).toEqual(
      [...byDistrict].sort((a, b) => b[1] - a[1]).map(([district, n]) => [`${district} / Subtotal`, n]),
    );
    for (const [district] of byDistrict) {
      const at = rows.findIndex((r) => r[0] === `${district} / Subtotal`);
      const children = rows.slice(at + 1).filter((r) => (r[0] ?? '').startsWith(`${district} / `) && !(r[0] ?? '').endsWith(' / Subtotal'));
      expect(new Map(children.map((r) => [(r[0] ?? '').slice(district.length + 3), Number(r.at(-1))]))).toEqual(
        sumBy((type, d) => (d === district ? type : null)),
      );
      // A year's subtotal column is its months' sum (counts add up).
      for (const row of [rows[at] ?? [], ...children]) expect(Number(row[3])).toBe(Number(row[1]) + Number(row[2]));
    }
  });

  it('a share with nested columns, a month range and no sort: the same table both ways', async () => {
    const view = VIEWS[4];
    if (view === undefined) throw new Error('no view');
    const [app, cli] = [await appCsv(view), await cliCsv(view)];
    expect(cli).toBe(app);
    const { columns, rows } = tableOf(cli);
    expect(columns).toEqual(['Crime type', '2022/23 / 2023-03', '2022/23 / Total', '2023/24 / 2023-04', '2023/24 / Total', 'Total']);
    // Shares of each row's records: a row's months make 100 between them.
    for (const row of rows) expect(Number(row[1]) + Number(row[3]), row[0]).toBeCloseTo(100, 4);
  });

  it('the XLSX too: the same cells and number formats, for views with and without Columns', async () => {
    for (const view of [VIEWS[1], VIEWS[3]]) {
      if (view === undefined) throw new Error('no view');
      const [app, cli] = [await appXlsx(view), await cliXlsx(view)];
      expect(cli, view.name).toEqual(app);
      // The table's heading row, as in the CSV.
      const csvColumns = tableOf(await cliCsv(view)).columns;
      expect(app.some((cells) => JSON.stringify(cells.map((c) => (c as unknown[])[0])) === JSON.stringify(csvColumns)), view.name).toBe(true);
    }
  });
});

/** The layout of an exported table, read off its labels ("Mansfield / Subtotal", "2022/23 / Total", a last "Total" column), for the attacker's check. */
function layoutOf(table: { columns: string[]; rows: string[][] }): CheckedLayout {
  const figureColumns = table.columns.slice(1);
  const hasTotalColumn = figureColumns.at(-1) === 'Total' && figureColumns.length > 1;
  const columns = (hasTotalColumn ? figureColumns.slice(0, -1) : figureColumns).map((label) => {
    const labels = label.split(' / ');
    return labels.length > 1 && labels.at(-1) === 'Total' ? { labels: labels.slice(0, -1), isSubtotal: true } : { labels, isSubtotal: false };
  });
  const rows = table.rows.map((cells, i) => {
    const key = (cells[0] ?? '').split(' / ');
    if (i === table.rows.length - 1) return { kind: 'total' as const, key: [] };
    return key.at(-1) === 'Subtotal' ? { kind: 'group' as const, key: key.slice(0, -1) } : { kind: 'row' as const, key };
  });
  return { rows, columns, hasTotalColumn };
}

async function withSmallCounts<T>(run: () => Promise<T>): Promise<T> {
  useUiStore.getState().setPreference('showsSmallCounts', true);
  try {
    return await run();
  } finally {
    useUiStore.getState().setPreference('showsSmallCounts', false);
  }
}

describe('with "<5" on, the app exports the table export --view --suppress writes: full disclosure control', () => {
  it('CSV byte for byte; small counts as <5 where the files count 1 to 4, partners as [c], and nothing hidden can be worked out', async () => {
    let protectedCells = 0;
    for (const view of [VIEWS[2], VIEWS[3], VIEWS[4]]) {
      if (view === undefined) throw new Error('no view');
      const app = await withSmallCounts(() => appCsv(view));
      const out = join(dir, `${view.name}-suppressed.csv`);
      const result = await runCli(['export', workbench, '--view', view.name, '--out', out, '--suppress']);
      expect(result.exitCode, result.stderr).toBe(0);
      const cli = csvTextOf(readFileSync(out), out);
      expect(cli, view.name).toBe(app);
      expect(cli).toContain('Disclosure control: counts from 1 to 4 are shown as <5');
      expect(cli).toMatch(/Withheld in this table: \d+ figures? on counts below 5/);
      const table = tableOf(cli);
      // A share's row total is 100% whatever the cell says: the attacker knows it (and its count, as the worst case).
      const known = (j: number, width: number): boolean => view.spec.measure === 'share_row' && j === width - 1;
      const hidden = table.rows.map((cells) => cells.slice(1).map((c, j, all) => (c === '<5' || c === '[c]') && !known(j, all.length)));
      expect(recoverableByLeaves(layoutOf(table), hidden), view.name).toEqual([]);
      protectedCells += hidden.flat().filter(Boolean).length;
    }
    expect(protectedCells, 'the views hold small counts to protect').toBeGreaterThan(10);
  });

  it('every count of 1 to 4 is <5, every other published count is as counted from the files, and the header counts what is withheld', async () => {
    const view = VIEWS[2];
    if (view === undefined) throw new Error('no view');
    const { columns, rows } = tableOf(await withSmallCounts(() => appCsv(view)));
    const districts = columns.slice(1, -1);
    let small = 0;
    let withheld = 0;
    for (const row of rows.slice(0, -1)) {
      const type = row[0] ?? '';
      districts.forEach((district, j) => {
        const n = counts.get(`${type}|${district}`) ?? 0;
        const cell = row[j + 1];
        if (n > 0 && n < 5) {
          small += 1;
          expect(cell, `${type} in ${district}`).toBe('<5');
        } else if (cell === '[c]') withheld += 1;
        else expect(Number(cell), `${type} in ${district}`).toBe(n);
      });
    }
    expect(small).toBeGreaterThan(3);
    expect(withheld, 'partners hidden to protect the small counts').toBeGreaterThan(0);
  });

  it('the XLSX too: the same cells, both ways', async () => {
    const view = VIEWS[3];
    if (view === undefined) throw new Error('no view');
    const app = await withSmallCounts(() => appXlsx(view));
    const out = join(dir, `${view.name}-suppressed.xlsx`);
    const result = await runCli(['export', workbench, '--view', view.name, '--out', out, '--suppress']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await sheetOf(new Uint8Array(readFileSync(out)))).toEqual(app);
    expect(app.flat().some((cell) => (cell as unknown[])[0] === '[c]')).toBe(true);
    expect(app.flat().some((cell) => (cell as unknown[])[0] === '<5')).toBe(true);
  });

  it('with "<5" off and without --suppress, the exports show every count (the plain table is unchanged)', async () => {
    const view = VIEWS[2];
    if (view === undefined) throw new Error('no view');
    const app = await appCsv(view);
    expect(app).not.toContain('<5');
    expect(app).not.toContain('[c]');
    expect(await cliCsv(view)).toBe(app);
  });
});
