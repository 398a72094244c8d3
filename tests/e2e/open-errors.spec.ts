/**
 * Files the workbench cannot open or import are refused with a plain message
 * naming the file, and the workbench on screen stays exactly as it was.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { expect, formatGb, gridCell, importThroughUi, monthFile, readExtract, recordCount, test } from './fixtures';

const FILE = monthFile('2023-01');

test('opening files that are not workbenches leaves the current pivot', async ({ offlinePage: page }, testInfo) => {
  const burglaryMansfield = readExtract(FILE).filter(
    (row) => row['Crime type'] === 'Burglary' && (row['LSOA name'] ?? '').startsWith('Mansfield '),
  ).length;
  await importThroughUi(page, [FILE]);
  const records = await recordCount(page);
  const cell = gridCell(page, 'Burglary', 'Mansfield');
  await expect(cell).toHaveText(formatGb(burglaryMansfield));
  const title = await page.title();

  const randomFile = testInfo.outputPath('random.workbench');
  writeFileSync(randomFile, randomBytes(4096));
  // An SQLite database from some other program.
  const SQL = await initSqlJs();
  const foreign = new SQL.Database();
  foreign.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'hello\');');
  const foreignFile = testInfo.outputPath('other-app.sqlite');
  writeFileSync(foreignFile, foreign.export());
  foreign.close();

  const cases = [
    { file: FILE, name: '2023-01-nottinghamshire-street.csv', message: 'is not a workbench file: it is not an SQLite database.' },
    { file: randomFile, name: 'random.workbench', message: 'is not a workbench file: it is not an SQLite database.' },
    { file: foreignFile, name: 'other-app.sqlite', message: 'is an SQLite database but not a Crime Analyst Workbench file.' },
  ];
  for (const { file, name, message } of cases) {
    // The workbench is dirty (imported, not saved), so Open asks first; Don't save lets the open go ahead.
    await page.getByTestId('open-workbench-input').setInputFiles(file);
    const unsaved = page.getByTestId('unsaved-dialog');
    await expect(unsaved).toBeVisible();
    await unsaved.getByRole('button', { name: "Don't save" }).click();

    const dialog = page.getByTestId('error-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toHaveText(`Could not open ${name}`);
    await expect(dialog.getByTestId('error-message')).toHaveText(`${name} ${message}`);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toBeHidden();

    // Nothing changed: same records, same pivot, same title.
    expect(await recordCount(page)).toBe(records);
    await expect(cell).toHaveText(formatGb(burglaryMansfield));
    await expect(page).toHaveTitle(title);
  }
});

test('a file of no known kind in a batch asks what it is; Cancel imports nothing', async ({ offlinePage: page }, testInfo) => {
  const wrong = testInfo.outputPath('custody-extract.csv');
  writeFileSync(wrong, 'Custody ID,Arrest date,Station\r\n1,2023-01-04,Bridewell\r\n');
  await importThroughUi(page, [FILE]);
  const records = await recordCount(page);

  // A good file and an unknown one in one batch: the batch is one transaction, so Cancel imports neither.
  await page.getByTestId('import-files-input').setInputFiles([monthFile('2023-02'), wrong]);
  const dialog = page.getByTestId('column-mapping');
  await expect(dialog).toBeVisible({ timeout: 60_000 });
  await expect(dialog).toContainText('Map the columns of custody-extract.csv');
  await expect(dialog.getByTestId('mapping-choose-kind')).toBeVisible();
  await expect(dialog.getByTestId('mapping-ok')).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await recordCount(page)).toBe(records);
  await expect(page.getByTestId('data-panel').locator('.import-entry')).toHaveCount(1);
});

test('New with unsaved changes asks first; Cancel keeps the work', async ({ offlinePage: page }) => {
  await importThroughUi(page, [FILE]);
  const records = await recordCount(page);
  await page.getByTestId('toolbar-new').click();
  const unsaved = page.getByTestId('unsaved-dialog');
  await expect(unsaved).toContainText('Do you want to save the changes to Untitled.workbench?');
  await unsaved.getByRole('button', { name: 'Cancel' }).click();
  expect(await recordCount(page)).toBe(records);

  await page.getByTestId('toolbar-new').click();
  await unsaved.getByRole('button', { name: "Don't save" }).click();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');
  await expect(page).toHaveTitle('Untitled.workbench — Crime Analyst Workbench');
});

test('removing an import asks, then takes its records out', async ({ offlinePage: page }) => {
  await importThroughUi(page, [FILE]);
  const first = await recordCount(page);
  const second = await importThroughUi(page, [monthFile('2023-02')]);
  expect(await recordCount(page)).toBe(first + second);

  await page.getByRole('button', { name: 'Remove 2023-01-nottinghamshire-street.csv' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`Remove 2023-01-nottinghamshire-street.csv and the ${formatGb(first)} records`);
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(second));
  await expect(page.getByTestId('date-range')).toHaveText('Feb 2023');
});
