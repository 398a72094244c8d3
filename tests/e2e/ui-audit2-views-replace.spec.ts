/**
 * Acceptance audit 2, saved views: saving a pivot under the name of another
 * saved view asks before replacing it (profiles use views by name, so the
 * old one would change in them too); Cancel keeps the old view as it was.
 * Saving the view that is open again updates it without asking.
 */
import { expect, importThroughUi, layPivot, test, writeDistrictExtract } from './fixtures';

test('saving over another view asks first, and Cancel keeps it', async ({ offlinePage: page }, testInfo) => {
  const { file } = writeDistrictExtract(testInfo, { seed: 5, records: 2_000, districts: ['Mansfield', 'Ashfield'] });
  await importThroughUi(page, [file]);
  const views = page.getByTestId('views-panel');
  const save = async (name: string): Promise<void> => {
    await page.getByTestId('view-name').fill(name);
    await page.getByTestId('view-save').click();
  };
  await layPivot(page, { rows: ['district'], columns: [] });
  await save('Districts');
  await expect(views.getByTestId('view-entry')).toHaveCount(1);
  // The open view, changed and saved again: an update, no question.
  await layPivot(page, { rows: ['district'], columns: ['fin_year'] });
  await save('Districts');
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);

  // Another pivot saved under that name: asked; Cancel leaves the view as it was.
  await layPivot(page, { rows: ['crime_type'], columns: [] });
  await save('Crime types');
  await layPivot(page, { rows: ['ward'], columns: [] });
  await save('Districts');
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Replace the saved view "Districts"?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await views.getByRole('button', { name: 'Districts', exact: true }).click();
  await expect(page.getByTestId('pivot-zone-rows')).toHaveAttribute('data-fields', 'district');
  await expect(page.getByTestId('pivot-zone-columns')).toHaveAttribute('data-fields', 'fin_year');

  // Replace, when confirmed.
  await layPivot(page, { rows: ['ward'], columns: [] });
  await save('Crime types');
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Replace' }).click();
  await views.getByRole('button', { name: 'Districts', exact: true }).click();
  await views.getByRole('button', { name: 'Crime types', exact: true }).click();
  await expect(page.getByTestId('pivot-zone-rows')).toHaveAttribute('data-fields', 'ward');
  await expect(views.getByTestId('view-entry')).toHaveCount(2);
});
