/**
 * Shared test setup: a page that fails its test if anything tries to reach
 * another origin (the app is offline), plus small helpers that drive the UI
 * the way an analyst would.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Download, type Locator, type Page, type TestInfo, expect, test as base } from '@playwright/test';
import {
  type GeneratedDistrictRecord,
  IQUANTA_COLUMNS,
  IquantaCounter,
  type IquantaRow,
  POPULATION_COLUMNS,
  type PopulationRow,
  districtCsv,
  generateDistrictRecords,
  iquantaRows,
  objectsToCsv,
  populationRows,
} from '../../shared/generator';
import { csvTextOf } from '../helpers/csv-file';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.resolve(HERE, '../../../shared/data/policeuk-nottinghamshire-street-2023-2024');

export function monthFile(month: string): string {
  return path.join(DATA_DIR, `${month}-nottinghamshire-street.csv`);
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Must match LAUNCHED_KEY in renderer/src/actions/demo-actions.ts. */
export const LAUNCHED_KEY = 'cawb.launched';

export const test = base.extend<{ offlinePage: Page; firstLaunch: boolean }>({
  // Off: the app has launched before, so it starts with an empty workbench (no demo).
  firstLaunch: [false, { option: true }],
  // Every request from the page and its workers is checked; non-local ones are blocked and fail the test.
  offlinePage: async ({ page, context, firstLaunch }, use) => {
    if (!firstLaunch) await page.addInitScript((key) => localStorage.setItem(key, 'e2e'), LAUNCHED_KEY);
    const foreignRequests: string[] = [];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (LOCAL_HOSTS.has(url.hostname)) await route.continue();
      else {
        foreignRequests.push(url.href);
        await route.abort('blockedbyclient');
      }
    });
    context.on('request', (request) => {
      const url = new URL(request.url());
      if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') && !LOCAL_HOSTS.has(url.hostname)) {
        foreignRequests.push(url.href);
      }
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/');
    await expect(page.getByTestId('record-count')).toBeVisible();
    await use(page);
    expect(foreignRequests, 'the app must not contact any other origin').toEqual([]);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  },
});
export { expect };

/** Splits one CSV line (quotes allowed, no embedded newlines in these extracts). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let isQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (isQuoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') isQuoted = false;
      else cell += ch;
    } else if (ch === '"') isQuoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** The data rows of a police.uk extract, as objects keyed by header, read independently of the app. */
export function readExtract(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '');
  const header = splitCsvLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

export function dataRowCount(file: string): number {
  return readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l !== '').length - 1;
}

export const formatGb = (n: number): string => new Intl.NumberFormat('en-GB').format(n);

/** A cell of the pivot grid by row label and column label (the grid's row-id and col-id). */
export function gridCell(page: Page, rowLabel: string, columnId: string): Locator {
  return page.getByTestId('pivot-grid').locator(`.ag-row[row-id="${rowLabel}"] .ag-cell[col-id="${columnId}"]`);
}

export async function recordCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('record-count').getAttribute('data-count'));
}

/** Imports files through the hidden input and closes the summary; returns the summary's accepted total. */
export async function importThroughUi(page: Page, files: string[]): Promise<number> {
  await page.getByTestId('import-files-input').setInputFiles(files);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 90_000 });
  const accepted = Number((await summary.getByTestId('summary-total-accepted').innerText()).replace(/,/g, ''));
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(summary).toBeHidden();
  return accepted;
}

/** Imports the twelve police.uk months of 2023, runs flags by district and waits for the list; returns the Flags panel. */
export async function flagsByDistrictOver2023(page: Page): Promise<Locator> {
  await importThroughUi(page, Array.from({ length: 12 }, (_, i) => monthFile(`2023-${String(i + 1).padStart(2, '0')}`)));
  await page.getByTestId('tab-flags').click();
  const panel = page.getByTestId('flags-panel');
  await panel.getByTestId('flags-by').selectOption('district');
  await panel.getByTestId('flags-run').click();
  await expect(panel.getByTestId('flag-item').first()).toBeVisible({ timeout: 120_000 });
  return panel;
}

export async function downloadBytes(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFileSync(file);
}

/** A CSV download's text: it must start with the UTF-8 BOM (for Excel), which is dropped. */
export async function csvDownloadText(download: Download): Promise<string> {
  return csvTextOf(await downloadBytes(download), download.suggestedFilename());
}

export { readZipEntry } from '../helpers/zip';

/** The pivot builder's zones. */
export type PivotZone = 'rows' | 'columns' | 'filters';

/** The keyboard/click way to build a pivot: pick a field in the list, then "Add to rows/columns/filters". */
export async function pickField(page: Page, dimension: string, zone: PivotZone): Promise<void> {
  await page.getByTestId(`pivot-field-${dimension}`).click();
  await page.getByTestId(`pivot-add-${zone}`).click();
  await expect(page.getByTestId(`pivot-zone-${zone}`).locator(`[data-testid="zone-chip"][data-dimension="${dimension}"]`)).toBeVisible();
}

/** Empties a zone with each chip's Remove button. */
export async function clearZone(page: Page, zone: PivotZone): Promise<void> {
  const chips = page.getByTestId(`pivot-zone-${zone}`).getByTestId('zone-chip');
  while ((await chips.count()) > 0) {
    await chips.first().getByRole('button', { name: /^Remove / }).click();
  }
}

/** Lays out the pivot by picking: these rows, then these columns, in order. */
export async function layPivot(page: Page, layout: { rows: string[]; columns: string[] }): Promise<void> {
  await clearZone(page, 'rows');
  await clearZone(page, 'columns');
  for (const d of layout.rows) await pickField(page, d, 'rows');
  for (const d of layout.columns) await pickField(page, d, 'columns');
  await expect(page.getByTestId('pivot-zone-rows')).toHaveAttribute('data-fields', layout.rows.join(','));
  await expect(page.getByTestId('pivot-zone-columns')).toHaveAttribute('data-fields', layout.columns.join(','));
}

/** Filters a dimension to these values: adds it to Filters and ticks them in its checklist. */
export async function filterBy(page: Page, dimension: string, values: string[]): Promise<void> {
  await pickField(page, dimension, 'filters');
  const list = page.getByTestId(`filter-values-${dimension}`);
  for (const value of values) await list.getByRole('checkbox', { name: value, exact: true }).check();
}

/**
 * A generated district extract (seeded, so the same records every run)
 * written to the test's output folder as `district-<districts>.csv`; the
 * records come back so the test can work out the figures it expects.
 */
export function writeDistrictExtract(testInfo: TestInfo, options: { seed: number; records: number; districts: string[] }): { records: GeneratedDistrictRecord[]; file: string } {
  const records = [...generateDistrictRecords(options)];
  const file = testInfo.outputPath(`district-${options.districts.map((d) => d.toLowerCase().replace(/[^a-z0-9]+/g, '-')).join('-')}.csv`);
  writeFileSync(file, districtCsv(records));
  return { records, file };
}

export interface GeneratedExtracts {
  records: GeneratedDistrictRecord[];
  population: PopulationRow[];
  iquanta: IquantaRow[];
  files: { district: string; population: string; iquanta: string };
}

/**
 * The generated district extract with the population (ONS mid-year
 * estimates; `populationYears`, default the generator's) and the iQuanta
 * figures made from the same records (`iquantaAreas`: only those areas),
 * written as the three files an analyst imports.
 */
export function writeGeneratedExtracts(
  testInfo: TestInfo,
  options: { seed: number; records: number; districts: string[]; populationYears?: number[]; iquantaAreas?: string[] },
): GeneratedExtracts {
  const { records, file } = writeDistrictExtract(testInfo, options);
  const population = populationRows(options.populationYears === undefined ? {} : { years: options.populationYears });
  const areas = options.iquantaAreas;
  const iquanta = iquantaRows({ seed: options.seed, counts: new IquantaCounter().addAll(records) }).filter((r) => areas === undefined || areas.includes(r.area));
  const files = { district: file, population: testInfo.outputPath('population.csv'), iquanta: testInfo.outputPath('iquanta.csv') };
  writeFileSync(files.population, objectsToCsv(POPULATION_COLUMNS, population));
  writeFileSync(files.iquanta, objectsToCsv(IQUANTA_COLUMNS, iquanta));
  return { records, population, iquanta, files };
}
