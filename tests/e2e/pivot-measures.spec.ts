/**
 * The engine's measures through the workbench: generated district records,
 * population and iQuanta extracts imported, pivots built by picking fields,
 * and cells checked against figures computed here from the generated rows.
 */
import type { Page } from '@playwright/test';
import { DEFAULT_AGE_BANDS } from '../../shared/age-bands';
import type { DistrictRecord } from '../../shared/generator';
import { DAY_NAMES } from '../../shared/pivot/dimensions';
import { csvDownloadText, downloadBytes, expect, filterBy, gridCell, importThroughUi, layPivot, readZipEntry, splitCsvLine, test, writeGeneratedExtracts } from './fixtures';

/** `DD/MM/YYYY HH:MM` as `YYYY-MM`. */
function monthOf(record: DistrictRecord): string {
  const [day = '', month = '', year = ''] = record.committed_date.slice(0, 10).split('/');
  void day;
  return `${year}-${month}`;
}

function weekdayOf(record: DistrictRecord): string {
  const [day = '', month = '', year = ''] = record.committed_date.slice(0, 10).split('/');
  const sundayFirst = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay();
  return DAY_NAMES[(sundayFirst + 6) % 7] ?? '';
}

function bandOf(age: number | null): string {
  const band = DEFAULT_AGE_BANDS.find((b) => age !== null && b.minAge !== null && age >= b.minAge && (b.maxAge === null || age <= b.maxAge));
  return band?.name ?? 'Unknown';
}

const ONE_DP = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const TWO_DP = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const CHANGE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const COUNT = new Intl.NumberFormat('en-GB');

async function setMonths(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId('range-from').fill(from);
  await page.getByTestId('range-to').fill(to);
}

test('iQuanta position and rank, rates by age band, financial year to date, rolling 12 months, day, hour and near repeats, exported with their words and notes', async ({
  offlinePage: page,
}, testInfo) => {
  test.setTimeout(300_000);
  const { records, iquanta, population, files } = writeGeneratedExtracts(testInfo, { seed: 11, records: 60_000, districts: ['Mansfield'], populationYears: [2019, 2020, 2021, 2022, 2023, 2024] });
  expect(await importThroughUi(page, [files.district])).toBe(records.length);

  // Rate by age band before any population: blank cells, and the note above the grid says why.
  await layPivot(page, { rows: ['district', 'age_band'], columns: ['year'] });
  await page.getByTestId('pivot-measure').selectOption('rate');
  await expect(page.getByTestId('pivot-notes')).toContainText('No population loaded');
  await expect(gridCell(page, 'Mansfield / 18-24', '2023')).toHaveText('');
  const [noPopulation] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  expect((await csvDownloadText(noPopulation))).toContain('Note: No population loaded');

  await importThroughUi(page, [files.population, files.iquanta]);
  // Loaded now; the notes name only what is still missing (bands the population's own bands do not make up, unknown ages).
  await expect(page.getByTestId('pivot-notes')).not.toContainText('No population loaded');
  await expect(page.getByTestId('pivot-notes')).toContainText('Unknown age band has no rate');
  // Rates per 1,000 residents of the band, to one decimal place: bands the population gives as they are,
  // and the victims' 0-17 and 65+ made of the population's 0-9 and 10-17, 65-74 and 75+.
  await expect(page.getByTestId('pivot-notes')).not.toContainText('0-17');
  const populationBands: Record<string, string[]> = { '0-17': ['0-9', '10-17'], '65+': ['65-74', '75+'] };
  for (const band of ['0-17', '18-24', '25-34', '45-54', '65+']) {
    for (const year of ['2020', '2023']) {
      const count = records.filter((r) => r.committed_date.slice(6, 10) === year && bandOf(r.victim_age) === band).length;
      const persons = population
        .filter((p) => p.area_name === 'Mansfield' && String(p.year) === year && (populationBands[band] ?? [band]).includes(p.age_band))
        .reduce((sum, p) => sum + p.population, 0);
      expect(count).toBeGreaterThan(0);
      await expect(gridCell(page, `Mansfield / ${band}`, year)).toHaveText(ONE_DP.format((count / persons) * 1000));
    }
  }

  // Financial year to date by month, and its % change on the year before.
  await layPivot(page, { rows: ['district'], columns: ['month'] });
  await setMonths(page, '2022-04', '2022-09');
  await page.getByTestId('pivot-measure').selectOption('fytd');
  const inMonths = (from: string, to: string): number => records.filter((r) => monthOf(r) >= from && monthOf(r) <= to).length;
  for (const month of ['2022-04', '2022-06', '2022-09']) {
    await expect(gridCell(page, 'Mansfield', month)).toHaveText(COUNT.format(inMonths('2022-04', month)));
  }
  await page.getByTestId('pivot-measure').selectOption('fytd_change');
  const now = inMonths('2022-04', '2022-06');
  const before = inMonths('2021-04', '2021-06');
  await expect(gridCell(page, 'Mansfield', '2022-06')).toHaveText(`${CHANGE.format(((now - before) / before) * 100)}%`);
  await page.getByTestId('pivot-measure').selectOption('diff_year');
  const june = inMonths('2022-06', '2022-06') - inMonths('2021-06', '2021-06');
  await expect(gridCell(page, 'Mansfield', '2022-06')).toHaveText(new Intl.NumberFormat('en-GB', { signDisplay: 'exceptZero' }).format(june));

  // Day of week, over all months.
  await page.getByTestId('pivot-measure').selectOption('count');
  await page.getByRole('button', { name: 'All months' }).click();
  await layPivot(page, { rows: ['day_of_week'], columns: [] });
  for (const day of ['Monday', 'Saturday']) {
    await expect(gridCell(page, day, 'value')).toHaveText(COUNT.format(records.filter((r) => weekdayOf(r) === day).length));
  }

  // Hour of day, from the committed time.
  await layPivot(page, { rows: ['hour'], columns: [] });
  for (const hour of ['02', '17']) {
    await expect(gridCell(page, hour, 'value')).toHaveText(COUNT.format(records.filter((r) => r.committed_date.slice(11, 13) === hour).length));
  }

  // Near repeats (burglaries within 200 m, straight line, and 0 to 6 days after another: the defaults), brute force here.
  const dayOf = (r: DistrictRecord): number => {
    const [day = '', month = '', year = ''] = r.committed_date.slice(0, 10).split('/');
    return Date.UTC(Number(year), Number(month) - 1, Number(day)) / 86_400_000;
  };
  const burglaryTypes = [...new Set(records.map((r) => r.crime_type).filter((t) => /burglary/i.test(t)))];
  await layPivot(page, { rows: ['crime_type'], columns: ['near_repeat'] });
  let flaggedInAll = 0;
  for (const type of burglaryTypes) {
    const events = records.filter((r) => r.crime_type === type);
    const flagged = events.filter((e, i) =>
      events.some((o, j) => j !== i && Math.hypot(e.easting - o.easting, e.northing - o.northing) < 200 && dayOf(e) - dayOf(o) >= 0 && dayOf(e) - dayOf(o) < 7),
    ).length;
    flaggedInAll += flagged;
    await expect(gridCell(page, type, 'Yes')).toHaveText(COUNT.format(flagged));
    await expect(gridCell(page, type, 'No')).toHaveText(COUNT.format(events.length - flagged));
  }
  expect(flaggedInAll, 'the generated burglaries hold near repeats').toBeGreaterThan(0);

  // Rolling 12 months and its % change on the 12 before.
  await layPivot(page, { rows: ['district'], columns: ['month'] });
  await setMonths(page, '2022-07', '2022-09');
  await page.getByTestId('pivot-measure').selectOption('rolling_12');
  await expect(gridCell(page, 'Mansfield', '2022-09')).toHaveText(COUNT.format(inMonths('2021-10', '2022-09')));
  await page.getByTestId('pivot-measure').selectOption('rolling_12_change');
  const last12 = inMonths('2021-10', '2022-09');
  const previous12 = inMonths('2020-10', '2021-09');
  await expect(gridCell(page, 'Mansfield', '2022-09')).toHaveText(`${CHANGE.format(((last12 - previous12) / previous12) * 100)}%`);
  await page.getByTestId('pivot-measure').selectOption('count');
  await page.getByRole('button', { name: 'All months' }).click();

  // iQuanta: areas by month for one measure, each cell's position against its most similar group.
  const positionOf = (figure: (typeof iquanta)[number]): string =>
    figure.rate_per_1000 > figure.msg_upper ? 'Above' : figure.rate_per_1000 < figure.msg_lower ? 'Below' : 'Within';
  const areas = [...new Set(iquanta.map((r) => r.area))];
  const allMonths = [...new Set(iquanta.map((r) => r.period))].sort();
  // The first measure and four months where the areas do not all sit in one position, so the words are put to the test.
  const iqMeasures = [...new Set(iquanta.map((r) => r.measure))];
  const window = iqMeasures
    .flatMap((m) => allMonths.slice(0, -3).map((first, i) => ({ measure: m, months: allMonths.slice(i, i + 4), first })))
    .find((w) => new Set(iquanta.filter((r) => r.measure === w.measure && w.months.includes(r.period)).map(positionOf)).size > 1);
  if (window === undefined) throw new Error('the generated iQuanta figures sit in one position only');
  const months = window.months;
  await layPivot(page, { rows: ['iq_area'], columns: ['month'] });
  await filterBy(page, 'iq_measure', [window.measure]);
  await setMonths(page, months[0] ?? '', months[3] ?? '');
  const measure = page.getByTestId('pivot-measure');
  // Measures over records cannot be computed on iQuanta's areas: disabled, with the engine's reason.
  await expect(measure.locator('option[value="count"]')).toBeDisabled();
  await expect(measure.locator('option[value="count"]')).toHaveAttribute('title', /iQuanta dimension/);
  await measure.selectOption('iq_msg_position');
  const words = new Set<string>();
  for (const area of areas) {
    for (const month of months) {
      const figure = iquanta.find((r) => r.area === area && r.period === month && r.measure === window.measure);
      if (figure === undefined) throw new Error(`no generated iQuanta row for ${area} ${month}`);
      words.add(positionOf(figure));
      await expect(gridCell(page, area, month), `${area} ${month}`).toHaveText(positionOf(figure));
    }
  }

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-xlsx').click()]);
  const book = await downloadBytes(xlsx);
  const xml = [readZipEntry(book, 'xl/sharedStrings.xml'), readZipEntry(book, 'xl/worksheets/sheet1.xml')].map((b) => b?.toString('utf8') ?? '').join('');
  for (const word of words) expect(xml).toContain(`>${word}<`);

  await measure.selectOption('iq_rank');
  const mansfield = iquanta.find((r) => r.area === 'Mansfield CSP' && r.period === months[1] && r.measure === window.measure);
  await expect(gridCell(page, 'Mansfield CSP', months[1] ?? '')).toHaveText(`${mansfield?.msg_rank} of ${mansfield?.msg_size}`);
  await measure.selectOption('iq_rate');
  // To two decimal places, as iQuanta publishes its rates.
  await expect(gridCell(page, 'Mansfield CSP', months[1] ?? '')).toHaveText(TWO_DP.format(mansfield?.rate_per_1000 ?? Number.NaN));
  // Published figures have no records behind them: a double-click says so rather than opening an empty list.
  await gridCell(page, 'Mansfield CSP', months[1] ?? '').dblclick();
  await expect(page.getByTestId('notice')).toContainText('no records behind them');
  await expect(page.getByTestId('drill-total')).toHaveCount(0);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const lines = (await csvDownloadText(csv)).trim().split('\r\n').map(splitCsvLine);
  expect(lines.find((l) => l[0] === 'Mansfield CSP')).toBeDefined();
  await page.screenshot({ path: testInfo.outputPath('iquanta-rate.png') });
});
