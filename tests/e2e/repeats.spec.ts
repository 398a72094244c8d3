/** police.uk data has no dates or victims: the repeat screen says so plainly instead of failing. */
import { expect, importThroughUi, monthFile, test } from './fixtures';

test('repeat and near-repeat explain what police.uk data lacks', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01')]);
  await page.getByTestId('tab-repeats').click();
  await expect(page.getByRole('tab', { name: 'Repeat victimisation' })).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('repeat-run').click();
  await expect(page.getByTestId('repeat-error')).toContainText('needs a district extract with dates');
  await expect(page.getByTestId('repeat-table')).toHaveCount(0);

  // The burglary type is chosen for the Knox test; police.uk gives months, not dates.
  await expect(page.getByTestId('near-repeat-crime-type')).toHaveValue('Burglary');
  await expect(page.getByTestId('near-repeat-permutations')).toHaveValue('999');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('near-repeat-error')).toContainText('needs event dates');
  await page.screenshot({ path: testInfo.outputPath('repeats.png') });

  // Keyboard: the tabs move with the arrow keys.
  await page.getByTestId('tab-repeats').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('tab-flags')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('flags-panel')).toBeVisible();
});
