/** Local profiles: a saved view with a caption and a commentary paragraph, reordered and exported as a Word file. */
import { csvRows } from '../helpers/csv-file';
import { docxTables } from '../helpers/profile-tables';
import { csvDownloadText, downloadBytes, expect, importThroughUi, layPivot, monthFile, readZipEntry, test, writeGeneratedExtracts } from './fixtures';

test('a profile of a view and commentary exports as .docx', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01')]);
  await layPivot(page, { rows: ['district'], columns: [] });
  await page.getByLabel('Chart', { exact: true }).selectOption('bar');
  await page.getByTestId('view-name').fill('Crime by district');
  await page.getByTestId('view-save').click();
  await expect(page.getByTestId('views-panel').getByTestId('view-entry')).toHaveCount(1);

  await page.getByTestId('tab-profiles').click();
  const panel = page.getByTestId('profiles-panel');
  await panel.getByTestId('profile-name').fill('Mansfield CSP profile');
  await panel.getByTestId('profile-create').click();
  await expect(panel.getByTestId('profile-export')).toBeDisabled();
  await panel.getByTestId('profile-view-caption').fill('Recorded crime by district');
  await panel.getByTestId('profile-add-view').click();
  await panel.getByTestId('profile-commentary').fill('Burglary fell in Mansfield this month.');
  await panel.getByTestId('profile-add-text').click();
  const items = panel.getByTestId('profile-item');
  await expect(items).toHaveCount(2);

  // Reorder: the commentary first; then edit the figure's caption.
  await panel.getByRole('button', { name: 'Move item 2 up' }).click();
  await expect(items.nth(0)).toHaveAttribute('data-kind', 'text');
  await panel.getByLabel('Caption of item 2').fill('Crime by district, January 2023');
  await panel.getByLabel('Caption of item 2').press('Enter');
  await expect(panel.getByLabel('Caption of item 2')).toHaveValue('Crime by district, January 2023');
  await expect(panel.getByTestId('profile-suppression')).toBeChecked();
  await page.screenshot({ path: testInfo.outputPath('profiles.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('profile-export').click()]);
  expect(download.suggestedFilename()).toBe('mansfield-csp-profile.docx');
  const docx = await downloadBytes(download);
  await download.saveAs(testInfo.outputPath('profile.docx'));
  expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
  const xml = readZipEntry(docx, 'word/document.xml')?.toString('utf8') ?? '';
  expect(xml).toContain('Crime by district, January 2023');
  expect(xml).toContain('Burglary fell in Mansfield this month.');
  // The commentary was moved above the figure (the caption may also appear earlier, in the document's list of contents).
  expect(xml.indexOf('Burglary fell in Mansfield')).toBeLessThan(xml.lastIndexOf('Crime by district, January 2023'));
  // The chart went in as a PNG rendered in the app.
  expect(docx.toString('latin1')).toMatch(/word\/media\/[\w.-]+\.png/);
});

/**
 * Generated extracts (Mansfield district records, population by age band,
 * iQuanta): the age profile and the iQuanta comparison on the Charts tab,
 * both added to a profile with a bar chart view and a table view, exported
 * as Word and as the print-ready page for PDF.
 */
test('two charts from the Charts tab, a chart view and a table export as .docx and as the PDF print page', async ({ offlinePage: page }, testInfo) => {
  test.setTimeout(240_000);
  const { files } = writeGeneratedExtracts(testInfo, { seed: 3, records: 24_000, districts: ['Mansfield'], iquantaAreas: ['Mansfield CSP'] });
  await importThroughUi(page, [files.district, files.population, files.iquanta]);

  // Two saved views: crime by district as bars, and a table of crime types.
  await layPivot(page, { rows: ['district'], columns: [] });
  await page.getByLabel('Chart', { exact: true }).selectOption('bar');
  await page.getByTestId('view-name').fill('Crime by district');
  await page.getByTestId('view-save').click();
  await layPivot(page, { rows: ['crime_type'], columns: [] });
  await page.getByLabel('Chart', { exact: true }).selectOption('table');
  await page.getByTestId('view-name').fill('Crime types');
  await page.getByTestId('view-save').click();
  await expect(page.getByTestId('views-panel').getByTestId('view-entry')).toHaveCount(2);
  // The grid's table as its CSV export gives it: the profile's table of this view must be the same table.
  const [gridCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-export-csv').click()]);
  const csv = csvRows(await csvDownloadText(gridCsv));
  const gridTable = csv.slice(csv.findIndex((r) => r.length === 1 && r[0] === '') + 1).filter((r) => r.some((c) => c !== ''));

  // Charts tab: victims by age band against Mansfield's residents; the planted 18-24 over-representation leads the title.
  await page.getByTestId('tab-charts').click();
  const charts = page.getByTestId('charts-panel');
  const ageCanvas = charts.getByTestId('age-profile-chart-canvas');
  await expect(ageCanvas).toHaveAttribute('data-title', /^18-24 are \d+% of victims against \d+% of the population \(\d+\.\d\d times their share\)$/);
  const young = charts.getByTestId('age-profile-chart-table').locator('tr[data-row="18-24"] td');
  expect(Number(await young.nth(4).innerText())).toBeGreaterThan(1);
  const [ageSvg] = await Promise.all([page.waitForEvent('download'), charts.getByTestId('age-profile-chart-svg').click()]);
  const ageSvgText = (await downloadBytes(ageSvg)).toString('utf8');
  expect(ageSvgText).toContain('Ratio (victim share / population share)');
  expect(ageSvgText).toContain('Source: ');
  await charts.getByTestId('age-profile-chart-profile').fill('Mansfield profile');
  await charts.getByTestId('age-profile-chart-add').click();
  await expect(page.getByTestId('notice')).toContainText('Mansfield profile');

  await charts.getByTestId('iquanta-area').selectOption('Mansfield CSP');
  await charts.getByTestId('iquanta-measure').selectOption('All crime');
  await expect(charts.getByTestId('iquanta-chart-canvas')).toHaveAttribute('data-title', 'All crime: Mansfield CSP against its most similar group');
  await expect(charts.getByTestId('iquanta-chart-table').locator('tbody tr')).toHaveCount(60);
  await charts.getByTestId('iquanta-chart-add').click();
  await page.screenshot({ path: testInfo.outputPath('charts.png') });
  // "Added to the profile" is about the Charts tab's chart: on the Pivot tab it would read as about the pivot.
  await page.getByTestId('tab-pivot').click();
  await expect(page.getByTestId('notice')).toHaveText('');

  await page.getByTestId('tab-profiles').click();
  const panel = page.getByTestId('profiles-panel');
  const items = panel.getByTestId('profile-item');
  await expect(items).toHaveCount(2);
  await panel.getByTestId('profile-view-select').selectOption('Crime by district');
  await panel.getByTestId('profile-add-view').click();
  await panel.getByTestId('profile-view-select').selectOption('Crime types');
  await panel.getByTestId('profile-add-view').click();
  await expect(items).toHaveCount(4);
  await expect(panel.getByTestId('profile-suppression')).toBeChecked();

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('profile-export').click()]);
  expect(download.suggestedFilename()).toBe('mansfield-profile.docx');
  const docx = await downloadBytes(download);
  const xml = readZipEntry(docx, 'word/document.xml')?.toString('utf8') ?? '';
  for (const text of ['Figure 1: ', 'Figure 3: ', 'Table 1: ', 'Victims by age band against the population', 'All crime: Mansfield CSP against its most similar group', 'Crime types']) {
    expect(xml).toContain(text);
  }
  expect(docx.toString('latin1').match(/word\/media\/[\w.-]+\.png/g)?.length).toBeGreaterThanOrEqual(3);
  // Table 1 is "Crime types" as the grid shows it: nothing in Columns, so one figure column and no Total column,
  // the grid's rows in its order, each figure the grid's (UK thousands separators) unless withheld.
  const [crimeTypes = []] = docxTables(docx);
  expect(crimeTypes[0]).toEqual(['Crime type', 'Count']);
  expect(gridTable[0]).toEqual(['Crime type', 'Count']);
  expect(crimeTypes.map((r) => r[0])).toEqual(gridTable.map((r) => r[0]));
  expect(crimeTypes.at(-1)?.[0]).toBe('Total');
  crimeTypes.slice(1).forEach((cells, i) => {
    const figure = gridTable[i + 1]?.[1] ?? '';
    const cell = cells[1] ?? '';
    expect(cells, cells[0]).toHaveLength(2);
    if (figure === '<5') expect(cell).toBe('<5');
    else if (cell !== '[c]') expect(cell, cells[0]).toBe(Number(figure).toLocaleString('en-GB'));
  });

  // PDF: the browser offers the print-ready page (and prints it from a hidden frame).
  const [printed] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('profile-export-pdf').click()]);
  expect(printed.suggestedFilename()).toBe('mansfield-profile.html');
  const html = (await downloadBytes(printed)).toString('utf8');
  await printed.saveAs(testInfo.outputPath('profile-print.html'));
  for (const text of ['<strong>Figure 1:</strong> Victims by age band against the population', '<strong>Figure 2:</strong> All crime: Mansfield CSP against its most similar group', '<strong>Figure 3:</strong> Crime by district', '<strong>Table 1:</strong> Crime types', 'List of figures']) {
    expect(html).toContain(text);
  }
  expect(html.match(/<img [^>]*src="data:image\/png;base64,/g)).toHaveLength(3);
  expect(html).not.toMatch(/(src|href)="(?!data:)/);
  // The table cells are the docx's, suppression included.
  const docxCells = [...xml.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((m) => [...(m[1] ?? '').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
  const htmlCells = [...html.matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((m) => m[1] ?? '');
  expect(htmlCells).toEqual(docxCells);
  await expect(page.locator('iframe[srcdoc]')).toHaveCount(1);
});
