/**
 * A year of police.uk data is too short to test seasonality (two of each
 * calendar month are needed): the Flags tab says so above the list, with the
 * real threshold, since its December exceptions may be the Christmas dip; a
 * December exception's control chart says seasonality was not tested, not
 * "not seasonal".
 */
import { MIN_SEASONALITY_MONTHS } from '../../shared/analytics/series';
import { expect, flagsByDistrictOver2023, test } from './fixtures';

test('flags on 12 months say seasonality was not tested and exceptions cannot allow for the season', async ({ offlinePage: page }) => {
  test.setTimeout(480_000);
  const panel = await flagsByDistrictOver2023(page);

  await expect(panel.getByTestId('flags-short-span')).toHaveText(
    `These series cover 12 months. Seasonality needs at least ${MIN_SEASONALITY_MONTHS} months (two of each calendar month) to test, so it was not tested, and exceptions are judged against a baseline that cannot allow for the season: a December dip may be seasonal.`,
  );
  // No seasonality flag can be listed on a span the test cannot judge.
  await expect(panel.getByTestId('flags-kind-seasonality').locator('..')).toHaveText('Seasonality (0)');

  const december = panel.getByTestId('flag-item').filter({ hasText: 'exception in Dec 2023' }).first();
  await expect(december).toBeVisible();
  await december.click();
  const spc = panel.getByTestId('flag-spc-chart-canvas');
  await expect(spc).toHaveAttribute('aria-label', new RegExp(`not adjusted \\(seasonality not tested: needs ${MIN_SEASONALITY_MONTHS} months, has 12\\)`));
  await expect(spc).not.toHaveAttribute('aria-label', /not seasonal/);
});
