/**
 * Cancelling a profile export: two views over the force's records for
 * February to April 2023, one filtered to two districts, are protected
 * together (seconds of disclosure control in the worker). Cancel export
 * stops it: no file is saved, the notice says so, and the next export
 * runs in full.
 */
import { expect, filterBy, importThroughUi, layPivot, monthFile, test } from './fixtures';

test('Cancel export stops a profile export while disclosure control works it out, and saves nothing', async ({ offlinePage: page }) => {
  test.setTimeout(240_000);
  await importThroughUi(page, ['2023-02', '2023-03', '2023-04'].map(monthFile));
  const saveView = async (name: string): Promise<void> => {
    await page.getByLabel('Chart', { exact: true }).selectOption('table');
    await page.getByTestId('view-name').fill(name);
    await page.getByTestId('view-save').click();
  };
  await layPivot(page, { rows: ['crime_type'], columns: ['district'] });
  await saveView('Types by district');
  await layPivot(page, { rows: ['district', 'crime_type'], columns: ['fin_year', 'month'] });
  await filterBy(page, 'district', ['Mansfield', 'Ashfield']);
  await saveView('Two districts by month');
  await expect(page.getByTestId('views-panel').getByTestId('view-entry')).toHaveCount(2);

  await page.getByTestId('tab-profiles').click();
  const panel = page.getByTestId('profiles-panel');
  await panel.getByTestId('profile-name').fill('Cancelled profile');
  await panel.getByTestId('profile-create').click();
  for (const view of ['Types by district', 'Two districts by month']) {
    await panel.getByTestId('profile-view-select').selectOption(view);
    await panel.getByTestId('profile-add-view').click();
  }
  await expect(panel.getByTestId('profile-item')).toHaveCount(2);
  await expect(panel.getByTestId('profile-suppression')).toBeChecked();

  let downloads = 0;
  page.on('download', () => (downloads += 1));
  await panel.getByTestId('profile-export').click();
  const cancel = panel.getByTestId('profile-export-cancel');
  await expect(cancel).toBeVisible();
  await expect(panel.getByTestId('profile-export')).toHaveText('Exporting…');
  // Progress while the rounds of partners run.
  await expect(panel.getByTestId('profile-export-progress')).toHaveText(/^Disclosure control, round \d+: [\d,]+ counts withheld so far$/);
  await cancel.click();
  await expect(page.getByTestId('notice')).toHaveText('Profile export cancelled: nothing was saved.');
  await expect(cancel).toBeHidden();
  await expect(panel.getByTestId('profile-export-progress')).toBeHidden();
  await expect(panel.getByTestId('profile-export')).toHaveText('Export Word (.docx)');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect(downloads).toBe(0);

  // The next export is worked out afresh and saved.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), panel.getByTestId('profile-export').click()]);
  expect(download.suggestedFilename()).toBe('cancelled-profile.docx');
});
