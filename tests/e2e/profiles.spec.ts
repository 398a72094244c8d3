/** Local profiles: a saved view with a caption and a commentary paragraph, reordered and exported as a Word file. */
import { downloadBytes, expect, importThroughUi, layPivot, monthFile, readZipEntry, test } from './fixtures';

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
