/**
 * The profile pack's view tables are the grid's table: for saved views with
 * nothing in Columns, with Columns, nested rows and columns, a share, the
 * Word file's and the print page's tables are shownPivotTable's cell for
 * cell (as printed: UK thousands separators, one decimal place) and the CSV
 * `export --view` writes. With disclosure control the "<5" cells are exactly
 * the export's "<5" cells, "[c]" stands only over figures, and no hidden
 * count can be worked out from the published totals and subtotals (checked
 * by an independent attacker). The command line's `profile export` and the
 * app's (the real actions, with the worker and the save dialog stood in)
 * give the same tables.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { renderChart } from '../../../electron/cli/chart-render';
import { loadSqlJs } from '../../../electron/cli/load-sqljs';
import { runCli } from '../../../electron/cli/run-cli';
import { suppressPivot } from '../../../shared/disclosure/pivot-table';
import { disclosedShownResult, disclosedShownTable } from '../../../shared/disclosure/shown-table';
import { type ExportCell, shownPivotLayout, shownPivotTable } from '../../../shared/export/pivot-table';
import { shownPivots } from '../../../shared/export/view-table';
import { workbenchInfo } from '../../../shared/info';
import { formatCell } from '../../../shared/profile/docx';
import { planProfile } from '../../../shared/profile/plan';
import { addProfileItem, getProfile } from '../../../shared/profile/store';
import type { CommandArgs, CommandName } from '../../../shared/protocol';
import { type HandlerContext, WorkbenchService } from '../../../shared/service';
import { type SavedView, saveView } from '../../../shared/views';
import { exportWorkbench, openWorkbench } from '../../../shared/workbench';
import { csvRows, csvTextOf } from '../../../tests/helpers/csv-file';
import { recoverableByLeaves } from '../../../tests/helpers/disclosure-check';
import { policeUkFiles } from '../../../tests/helpers/police-uk-data';
import { docxTables, documentLabel, htmlTables } from '../../../tests/helpers/profile-tables';
import { hasTool } from '../../../tests/helpers/tools';

const run = promisify(execFile);


const context: HandlerContext = { isCancelled: () => false, emit: () => undefined };
const service = new WorkbenchService(await loadSqlJs());
const saved: { data: Uint8Array | string; suggestedName: string }[] = [];

// The database worker stands in as the service itself; the save dialog and print-to-PDF as a list of what was saved.
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
    printToPdf: (html: string, options: { suggestedName: string }) => {
      saved.push({ data: html, suggestedName: options.suggestedName });
      return Promise.resolve(true);
    },
  },
}));
// No canvas here: charts are drawn by the command line's renderer (the profile's tables are what is compared).
vi.mock('../charts/echarts', () => ({
  fileSlug: (text: string, fallback = 'chart') => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || fallback,
  renderThemedPng: (option: Parameters<typeof renderChart>[0]) => Promise.resolve(renderChart(option, 'a4').png),
}));

const { exportProfileDocx, exportProfilePdf } = await import('./profile-actions');
const { useProfilesStore } = await import('../state/profiles-store');

// February and March 2023 are financial year 2022/23, April 2023/24.
const files = policeUkFiles().filter((f) => /2023-0[2-4]-/.test(f));
const PROFILE = 'Tables';

const VIEWS: SavedView[] = [
  { name: 'Crime types, most first', spec: { rows: ['crime_type'], columns: [], measure: 'count', filters: [] }, chart: 'table', sort: { column: '__total', direction: 'desc' }, createdAt: '', modifiedAt: '' },
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
    spec: { rows: ['crime_type'], columns: ['fin_year', 'month'], measure: 'share_row', filters: [{ dimension: 'district', values: ['Rushcliffe'] }], from: '2023-03', to: '2023-04' },
    chart: 'table',
    createdAt: '',
    modifiedAt: '',
  },
  {
    name: 'April by district and type',
    spec: { rows: ['district', 'crime_type'], columns: [], measure: 'count', filters: [], from: '2023-04', to: '2023-04' },
    chart: 'table',
    createdAt: '',
    modifiedAt: '',
  },
];

let dir: string;
let workbench: string;
/** The workbench as the command line reads it, for the expected tables. */
let db: Awaited<ReturnType<typeof openWorkbench>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-profile-tables-'));
  workbench = join(dir, 'tables.workbench');
  const imported = await runCli(['import', workbench, ...files]);
  expect(imported.exitCode, imported.stderr).toBe(0);
  const setup = openWorkbench(await loadSqlJs(), readFileSync(workbench), 'tables.workbench');
  for (const view of VIEWS) {
    saveView(setup, view.name, view.spec, view.chart, new Date(), view.sort);
    // A table view added as a view and as a pivot both become its table; alternate to cover both kinds.
    addProfileItem(setup, PROFILE, { kind: VIEWS.indexOf(view) % 2 === 0 ? 'view' : 'pivot', viewName: view.name });
  }
  writeFileSync(workbench, exportWorkbench(setup));
  setup.close();
  db = openWorkbench(await loadSqlJs(), readFileSync(workbench), 'tables.workbench');
  await service.dispatch('workbench/open', { bytes: new Uint8Array(readFileSync(workbench)), fileName: 'tables.workbench' }, context);
  useProfilesStore.setState({ selectedName: PROFILE });
}, 180_000);

/** Each command-line export once per run (one under disclosure control takes half a minute): the tests compare against the same file. */
const cliExports = new Map<string, Promise<string[][][]>>();

function cliProfile(ext: 'docx' | 'html', suppression: boolean): Promise<string[][][]> {
  const out = join(dir, `profile-${String(suppression)}.${ext}`);
  const exported =
    cliExports.get(out) ??
    (async () => {
      const result = await runCli(['profile', 'export', workbench, '--name', PROFILE, '--out', out, ...(suppression ? [] : ['--no-suppression'])]);
      expect(result.exitCode, result.stderr).toBe(0);
      return ext === 'docx' ? docxTables(readFileSync(out)) : htmlTables(readFileSync(out, 'utf8'));
    })();
  cliExports.set(out, exported);
  return exported;
}

async function appProfile(ext: 'docx' | 'html', suppression: boolean): Promise<string[][][]> {
  useProfilesStore.setState({ suppression });
  saved.length = 0;
  await (ext === 'docx' ? exportProfileDocx() : exportProfilePdf());
  const [file] = saved;
  if (file === undefined) throw new Error('the app saved nothing');
  if (ext === 'docx') {
    if (typeof file.data === 'string') throw new Error('the app saved no Word file');
    expect(file.suggestedName).toBe('tables.docx');
    return docxTables(file.data);
  }
  if (typeof file.data !== 'string') throw new Error('the app printed no page');
  return htmlTables(file.data);
}

/** The grid's table for a view, printed as the pack prints its cells. */
function shown(view: SavedView, smallCountThreshold?: number): { raw: ExportCell[][]; printed: string[][] } {
  const table = shownPivotTable(shownPivots(db, view.spec), workbenchInfo(db), { sort: view.sort ?? null, ...(smallCountThreshold === undefined ? {} : { smallCountThreshold }) });
  const raw = [table.columns, ...table.rows];
  // The figures as the view's measure reads them (the row labels and headings as they are).
  return { raw, printed: raw.map((cells) => cells.map((c, k) => formatCell(c, k === 0 ? undefined : view.spec.measure))) };
}

/** A view's table as the pack prints it: a nested view's rows by their own labels, indented (CSV keeps the full ones). */
function asDocument(view: SavedView, table: string[][]): string[][] {
  if (view.spec.rows.length < 2) return table;
  return table.map((cells, i) => (i === 0 ? cells : [documentLabel(cells[0] ?? ''), ...cells.slice(1)]));
}

/** The CSV `export --view` writes, its table (under the header block), printed as the pack prints its cells. */
async function exportedCsv(view: SavedView): Promise<string[][]> {
  const out = join(dir, `${view.name}.csv`);
  const result = await runCli(['export', workbench, '--view', view.name, '--out', out]);
  expect(result.exitCode, result.stderr).toBe(0);
  const rows = csvRows(csvTextOf(readFileSync(out), out));
  const blank = rows.findIndex((r) => r.length === 1 && r[0] === '');
  return rows.slice(blank + 1).map((cells, i) => cells.map((c, k) => (i > 0 && k > 0 && /^-?\d+(\.\d+)?(e-?\d+)?$/.test(c) ? formatCell(Number(c), view.spec.measure) : c)));
}

/**
 * The pattern the pack used before it showed subtotals (the flat pivot's,
 * with one Total row and column) laid over the grid's table, group rows and
 * subtotal columns published: what the attacker would have had.
 */
function flatPattern(view: SavedView): boolean[][] {
  const pivots = shownPivots(db, view.spec);
  const layout = shownPivotLayout(pivots, null, { sort: view.sort ?? null });
  const pattern = suppressPivot(pivots.result);
  const rowOf = new Map(pivots.result.rows.map((r, i) => [r.key.join('\u0000'), i]));
  const columnOf = new Map(pivots.result.columns.map((c, j) => [c.join('\u0000'), j]));
  const width = layout.columns.length + (layout.hasTotalColumn ? 1 : 0);
  return layout.rows.map((row) =>
    Array.from({ length: width }, (_, j) => {
      const column = layout.columns[j];
      if (row.kind === 'group' || column?.isSubtotal === true) return false;
      const i = rowOf.get(row.key.join('\u0000'));
      const c = column === undefined ? undefined : columnOf.get(column.labels.join('\u0000'));
      const status = row.kind === 'total' ? (c === undefined ? pattern.grandTotal : pattern.columnTotals[c]) : i === undefined ? undefined : c === undefined ? pattern.rowTotals[i] : pattern.cells[i]?.[c];
      return status !== undefined && status !== 'published';
    }),
  );
}

describe('the profile pack shows each view as the grid and the export do', () => {
  it('without disclosure control: the Word and print tables are shownPivotTable\'s and export --view\'s, cell for cell', async () => {
    const [docx, html] = [await cliProfile('docx', false), await cliProfile('html', false)];
    expect(docx).toHaveLength(VIEWS.length);
    expect(html).toEqual(docx);
    for (const [k, view] of VIEWS.entries()) {
      const expected = shown(view).printed;
      expect(docx[k], view.name).toEqual(asDocument(view, expected));
      expect(await exportedCsv(view), view.name).toEqual(expected);
    }
    const [flat, byDistrict, nested, shares, nestedRows] = docx;
    // Nothing in Columns: one figure column, no Total column; the rows largest first, then the Total row.
    expect(flat?.[0]).toEqual(['Crime type', 'Count']);
    const figures = (flat ?? []).slice(1, -1).map((r) => Number((r[1] ?? '').replace(/,/g, '')));
    expect(figures).toEqual([...figures].sort((a, b) => b - a));
    expect(flat?.at(-1)?.[0]).toBe('Total');
    expect(Number(flat?.at(-1)?.[1]?.replace(/,/g, ''))).toBe(figures.reduce((a, b) => a + b, 0));
    expect(byDistrict?.[0]?.at(-1)).toBe('Total');
    expect(nestedRows?.[0]).toEqual(['District / Crime type', 'Count']);
    // Nested: group rows with subtotals, a subtotal column per financial year.
    expect(nested?.[0]).toEqual(['District / Crime type', '2022/23 / 2023-02', '2022/23 / 2023-03', '2022/23 / Total', '2023/24 / 2023-04', '2023/24 / Total', 'Total']);
    const nestedCsv = shown(VIEWS[2] ?? VIEWS[0]!).printed;
    expect(nestedCsv.filter((r) => (r[0] ?? '').endsWith(' / Subtotal')).map((r) => r[0]).sort()).toEqual(['Ashfield / Subtotal', 'Mansfield / Subtotal']);
    // The document prints each district's subtotal row under the district's own name, its crime types beneath.
    expect(nested?.filter((r) => r[0] === 'Ashfield' || r[0] === 'Mansfield').map((r) => r[0]).sort()).toEqual(['Ashfield', 'Mansfield']);
    expect(shares?.[0]).toEqual(['Crime type', '2022/23 / 2023-03', '2022/23 / Total', '2023/24 / 2023-04', '2023/24 / Total', 'Total']);
  }, 240_000);

  it('with disclosure control: "<5" exactly where the export shows "<5", "[c]" only over figures, nothing hidden recoverable from totals or subtotals', async () => {
    const [docx, html] = [await cliProfile('docx', true), await cliProfile('html', true)];
    expect(html).toEqual(docx);
    let small = 0;
    let flatPatternLeaks = 0;
    for (const [k, view] of VIEWS.entries()) {
      const table = docx[k] ?? [];
      const open = shown(view).printed;
      const marked = shown(view, 5).raw;
      expect(table.map((r) => r[0]), view.name).toEqual(asDocument(view, open).map((r) => r[0]));
      expect(table[0], view.name).toEqual(open[0]);
      table.forEach((cells, i) =>
        cells.forEach((cell, j) => {
          const where = `${view.name} ${open[i]?.[0] ?? ''} / ${open[0]?.[j] ?? ''}`;
          if (i === 0 || j === 0) return;
          const figure = open[i]?.[j] ?? '';
          // The export marks a small count "<5" (and blanks a share on one): here it is "<5" for a count, "[c]" for a share.
          const isSmall = view.spec.measure === 'count' ? marked[i]?.[j] === '<5' : marked[i]?.[j] === null && figure !== '';
          if (isSmall) expect(cell, where).toBe(view.spec.measure === 'count' ? '<5' : '[c]');
          else if (cell === '[c]') expect(figure, where).not.toBe('');
          else expect(cell, where).toBe(figure);
          if (cell === '<5') small += 1;
        }),
      );
      if (view.spec.measure === 'count') expect(table.flat().filter((c) => /^[1-4]$/.test(c)), view.name).toEqual([]);
      // The attacker: every published figure's records, by the innermost cells they cover.
      const layout = shownPivotLayout(shownPivots(db, view.spec), null, { sort: view.sort ?? null });
      const hidden = table.slice(1).map((cells) => cells.slice(1).map((c) => c === '<5' || c === '[c]'));
      expect(recoverableByLeaves(layout, hidden), view.name).toEqual([]);
      if (recoverableByLeaves(layout, flatPattern(view)).length > 0) flatPatternLeaks += 1;
    }
    // The data has small counts, and the subtotals matter: the pattern found without them gives figures away.
    expect(small).toBeGreaterThan(5);
    expect(flatPatternLeaks).toBeGreaterThan(0);
  }, 240_000);

  it("the app's Word and PDF exports hold the command line's tables, with and without disclosure control", async () => {
    for (const suppression of [true, false]) {
      const cli = await cliProfile('docx', suppression);
      expect(await appProfile('docx', suppression)).toEqual(cli);
      expect(await appProfile('html', suppression)).toEqual(cli);
    }
    // Two more exports under disclosure control (the command line's is the earlier test's), each protecting the five views as one system (about 40 s each here).
  }, 360_000);

  it('a chart of a view hides exactly the figures its table hides (so the two together give nothing away)', () => {
    for (const view of VIEWS.filter((v) => v.spec.measure === 'count')) {
      const pivots = shownPivots(db, view.spec);
      const sort = view.sort ?? null;
      const table = disclosedShownTable(pivots, null, { sort });
      const { result, suppressed } = disclosedShownResult(pivots, { sort });
      // The table's cells by their printed row and column labels.
      const headings = table.columns;
      const rowAt = new Map(table.rows.map((cells, i) => [String(cells[0]), i]));
      const isHiddenIn = (label: string, heading: string): boolean => {
        const cell = table.rows[rowAt.get(label) ?? -1]?.[headings.indexOf(heading)];
        expect(cell, `${view.name}: ${label} / ${heading}`).not.toBeUndefined();
        return cell === '<5' || cell === '[c]';
      };
      const figureHeading = (labels: readonly string[]): string => (view.spec.columns.length === 0 ? (headings[1] ?? '') : labels.join(' / '));
      const totalHeading = view.spec.columns.length === 0 ? (headings[1] ?? '') : 'Total';
      let hidden = 0;
      for (const row of result.rows) {
        const label = row.key.join(' / ');
        row.values.forEach((v, j) => {
          const isHidden = isHiddenIn(label, figureHeading(result.columns[j] ?? []));
          expect(v === null, `${view.name}: ${label} / ${figureHeading(result.columns[j] ?? [])}`).toBe(isHidden);
          if (isHidden) hidden += 1;
        });
        expect(row.total === null, `${view.name}: ${label} total`).toBe(isHiddenIn(label, totalHeading));
      }
      result.columnTotals.forEach((v, j) => expect(v === null, `${view.name}: Total / ${j}`).toBe(isHiddenIn('Total', figureHeading(result.columns[j] ?? []))));
      expect(result.grandTotal === null).toBe(isHiddenIn('Total', totalHeading));
      expect(suppressed, view.name).toBe(hidden);
    }
    // In a profile: the bar chart of a view carries no small count.
    const byDistrict = VIEWS[1];
    if (byDistrict === undefined) throw new Error('no view');
    const bars: SavedView = { ...byDistrict, name: 'Types by district, bars', chart: 'bar' };
    saveView(db, bars.name, bars.spec, bars.chart, new Date(), bars.sort);
    addProfileItem(db, 'Charted', { kind: 'view', viewName: bars.name });
    const [chart] = planProfile(db, getProfile(db, 'Charted'), { suppression: true });
    if (chart?.kind !== 'chart') throw new Error('the bar view planned no chart');
    const numbers = chart.option.series.flatMap((series) => series.data.filter((d): d is number => typeof d === 'number'));
    expect(numbers.length).toBeGreaterThan(20);
    expect(numbers.filter((n) => n > 0 && n < 5)).toEqual([]);
    expect(chart.option.series.some((series) => series.data.some((d) => d === null))).toBe(true);
  });

  it('LibreOffice opens the Word file and prints the nested tables with their subtotal rows and columns', async () => {
    if (!hasTool('soffice') || !hasTool('pdftotext')) {
      console.warn('LibreOffice or poppler missing: the tables were checked in the .docx only.');
      return;
    }
    await cliProfile('docx', true);
    const docx = join(dir, 'profile-true.docx');
    await run('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 120_000 });
    const { stdout: text } = await run('pdftotext', ['-layout', join(dir, 'profile-true.pdf'), '-'], { maxBuffer: 32 * 1024 * 1024 });
    for (const caption of VIEWS.map((v, k) => `Table ${k + 1}: ${v.name}`)) expect(text).toContain(caption);
    // Each district's group row, and both financial years' subtotal columns (headings may wrap, so by their parts).
    for (const district of ['Mansfield', 'Ashfield']) expect(text).toMatch(new RegExp(`\\n *${district} {2,}[\\d<[]`));
    // The nested table's heading row: 2022/23's two months and its subtotal column, then 2023/24's month and subtotal.
    expect(text).toMatch(/District \/ Crime type +2022\/23 +2022\/23 +2022\/23 +2023\/24 +2023\/24 +Total\n/);
    // Beneath it each column's second label (wrapped where the font needs): two months and a Total under 2022/23.
    expect(text).toMatch(/\n +\/ 2023-(02)? +\/ 2023-(03)? +\/ Total +\/ 2023-(04)? +\/ Total\n/);
    expect(text).toMatch(/<5/);
    expect(text).toMatch(/\[c\]/);
  });
});

