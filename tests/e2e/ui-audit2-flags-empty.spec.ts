/**
 * Acceptance audit 2, the Flags tab with nothing to flag: an empty workbench,
 * or too few months for any test, must say so rather than "No flags", which
 * reads as "nothing unusual".
 */
import { expect, importThroughUi, monthFile, test } from './fixtures';

test('flags with no records, and with three months, say why there is nothing to flag', async ({ offlinePage: page }) => {
  await page.getByTestId('tab-flags').click();
  const panel = page.getByTestId('flags-panel');
  await panel.getByTestId('flags-run').click();
  const note = panel.getByTestId('flags-none');
  await expect(note).toHaveText('No records in the months and filters chosen on the Pivot tab: there is nothing to flag.');

  await page.getByTestId('tab-pivot').click();
  await importThroughUi(page, ['2023-01', '2023-02', '2023-03'].map(monthFile));
  await page.getByTestId('tab-flags').click();
  await panel.getByTestId('flags-run').click();
  await expect(note).toHaveText(
    'The series cover 3 months (Jan 2023 to Mar 2023): trends and exceptions need at least 12 months, seasonality 24. Import more months, or widen From and To on the Pivot tab.',
  );
});
