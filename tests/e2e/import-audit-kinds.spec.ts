/**
 * Acceptance audit, every kind through the app, from CSV and from XLSX:
 * district profile, iQuanta long and wide, Respect Survey, population
 * (single years as the ONS MYE2 sheet, and age bands) and police.uk. Each
 * is listed in the Data panel with its kind (in the analyst's words, the
 * code kept as data-kind) and accepted rows, and shows up
 * where an analyst looks: the pivot's records, the iQuanta area rows, the
 * rate per 1,000 (population) and the Respect Survey tab's questions.
 */
import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import {
  IQUANTA_COLUMNS,
  IquantaCounter,
  POPULATION_COLUMNS,
  RESPECT_COLUMNS,
  districtCsv,
  generateDistrictRecords,
  iquantaRows,
  iquantaWide,
  objectsToCsv,
  onsMyePersonsCsv,
  populationRows,
  respectRows,
  toCsv,
} from '../../shared/generator';
import { workbookBytes } from '../../shared/generator/xlsx';
import { expect, formatGb, gridCell, layPivot, monthFile, readExtract, recordCount, splitCsvLine, test } from './fixtures';

/** The kinds as the summary and the Data panel name them (written out here, not taken from the app). */
const KIND_WORDS: Record<string, string> = {
  district: 'district profile extract',
  iquanta: 'iQuanta extract',
  respect: 'Respect Survey extract',
  population: 'population estimates file',
  'police-uk': 'police.uk street-level file',
};

interface Extract {
  name: string;
  kind: string;
  csv: string;
  /** Rows the import must accept. */
  accepted: number;
  /** Rows already in the workbench from an earlier file of the batch. */
  duplicate?: number;
}

function extracts(): Extract[] {
  const records = [...generateDistrictRecords({ seed: 41, records: 3000, districts: ['Mansfield', 'Ashfield'] })];
  const iquanta = iquantaRows({ seed: 41, counts: new IquantaCounter().addAll(records) }).filter((r) => r.area === 'Mansfield CSP');
  const wide = iquantaWide(iquanta);
  const survey = respectRows({ seed: 41, waves: [2019, 2020], respondentsPerWave: 300 });
  const bands = populationRows({ years: [2019, 2020, 2021, 2022, 2023] });
  const street = readExtract(monthFile('2023-01')).slice(0, 400);
  const streetHeader = Object.keys(street[0] ?? {});
  const mye2 = onsMyePersonsCsv(2020);
  return [
    { name: 'district', kind: 'district', csv: districtCsv(records), accepted: records.length },
    { name: 'iquanta-long', kind: 'iquanta', csv: objectsToCsv(IQUANTA_COLUMNS, iquanta), accepted: iquanta.length },
    // One row per area and measure, a month a column: the long file's figures, so every row is a duplicate.
    { name: 'iquanta-wide', kind: 'iquanta', csv: toCsv(wide.header, wide.rows), accepted: 0, duplicate: wide.rows.length },
    { name: 'respect', kind: 'respect', csv: objectsToCsv(RESPECT_COLUMNS, survey), accepted: survey.length },
    { name: 'population-bands', kind: 'population', csv: objectsToCsv(POPULATION_COLUMNS, bands), accepted: bands.length },
    // One accepted row per area (England, region, authorities, districts): the lines below the header with a code.
    { name: 'mye2-persons-2020', kind: 'population', csv: mye2, accepted: mye2.split(/\r?\n/).slice(1).filter((line) => /^\uFEFF?E\d{8},/.test(line)).length },
    { name: 'street', kind: 'police-uk', csv: toCsv(streetHeader, street.map((row) => streetHeader.map((h) => row[h] ?? ''))), accepted: street.length },
  ];
}

/** Numbers as numbers, as Excel holds them; everything else (references, dates, codes) as text. */
const cell = (value: string): string | number => (/^-?\d+(\.\d+)?$/.test(value) && !/^0\d/.test(value) ? Number(value) : value);

async function write(testInfo: TestInfo, format: 'csv' | 'xlsx'): Promise<{ files: string[]; list: Extract[] }> {
  const list = extracts();
  const files: string[] = [];
  for (const e of list) {
    const file = testInfo.outputPath(`${e.name}.${format}`);
    if (format === 'csv') writeFileSync(file, e.csv);
    else {
      const rows = e.csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line !== '').map((line) => splitCsvLine(line).map(cell));
      writeFileSync(file, await workbookBytes([{ name: e.name, rows }]));
    }
    files.push(file);
  }
  return { files, list };
}

async function importAll(page: Page, testInfo: TestInfo, format: 'csv' | 'xlsx'): Promise<void> {
  const { files, list } = await write(testInfo, format);
  await page.getByTestId('import-files-input').setInputFiles(files);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 90_000 });
  await expect(summary.getByTestId('summary-total-rejected')).toHaveText('0');
  const rows = summary.locator('table').first().locator('tbody tr');
  for (const e of list) {
    const cells = rows.filter({ hasText: `${e.name}.${format}` }).locator('td');
    await expect(cells.nth(1), e.name).toHaveText(KIND_WORDS[e.kind] ?? '(no words for this kind)');
    await expect(cells.nth(1), e.name).toHaveAttribute('data-kind', e.kind);
    await expect(cells.nth(3), e.name).toHaveText(formatGb(e.accepted));
    await expect(cells.nth(5), e.name).toHaveText(formatGb(e.duplicate ?? 0));
  }
  await page.screenshot({ path: testInfo.outputPath(`summary-${format}.png`) });
  await summary.getByRole('button', { name: 'Close' }).click();

  const district = list.find((e) => e.name === 'district')?.accepted ?? 0;
  const street = list.find((e) => e.name === 'street')?.accepted ?? 0;
  expect(await recordCount(page)).toBe(district + street);
  const entries = page.getByTestId('data-panel').locator('.import-entry');
  await expect(entries).toHaveCount(list.length);
  for (const e of list) {
    const meta = entries.filter({ hasText: `${e.name}.${format}` }).locator('.import-meta').first();
    await expect(meta).toContainText(`${KIND_WORDS[e.kind] ?? '(no words for this kind)'} · sha256`);
    await expect(meta).toHaveAttribute('data-kind', e.kind);
  }

  // Population: Mansfield's rate per 1,000 is a number, not "No population loaded".
  await layPivot(page, { rows: ['district'], columns: ['year'] });
  await page.getByLabel('Measure', { exact: true }).selectOption('rate');
  await expect(gridCell(page, 'Mansfield', '2020')).toHaveText(/^\d+(\.\d+)?$/);
  // iQuanta: its area is a row of the iq_area pivot.
  await page.getByLabel('Measure', { exact: true }).selectOption('count');
  await layPivot(page, { rows: ['iq_area'], columns: ['iq_measure'] });
  await expect(page.getByTestId('pivot-grid').locator('.ag-row[row-id="Mansfield CSP"]')).toBeVisible();
  // Respect Survey: the tab offers its questions.
  await page.getByRole('tab', { name: 'Respect Survey' }).click();
  await expect(page.getByTestId('survey-question').locator('option[value="q_drug_dealing_problem"]')).toHaveCount(1);
}

test('all five kinds import from CSV and show up in the pivot, the survey and the Data panel', async ({ offlinePage: page }, testInfo) => {
  await importAll(page, testInfo, 'csv');
});

test('all five kinds import from XLSX and show up in the pivot, the survey and the Data panel', async ({ offlinePage: page }, testInfo) => {
  await importAll(page, testInfo, 'xlsx');
});
