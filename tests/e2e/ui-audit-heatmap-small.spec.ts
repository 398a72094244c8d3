/**
 * Acceptance audit, the heatmap with small counts hidden: a cell shown as
 * "<5" (or blanked, for a share computed from one) is left off the colour
 * scale, since its shade would tell the count it hides.
 */
import { expect, gridCell, importThroughUi, monthFile, readExtract, test } from './fixtures';

const FILE = monthFile('2023-01');
const TRANSPARENT = 'rgba(0, 0, 0, 0)';

test('cells hidden as <5 take no heatmap colour; the rest keep theirs', async ({ offlinePage: page }) => {
  const counts = new Map<string, number>();
  for (const row of readExtract(FILE)) {
    const district = (row['LSOA name'] ?? '').replace(/ \w+$/, '');
    // Force districts only, with police.uk's "Nottingham" as the workbench names it.
    if (!['Ashfield', 'Bassetlaw', 'Broxtowe', 'Gedling', 'Mansfield', 'Newark and Sherwood', 'Rushcliffe'].includes(district)) continue;
    const key = `${row['Crime type'] ?? ''}|${district}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // One small and one large count in the same column, so both are on screen.
  const column = ['Mansfield', 'Ashfield', 'Bassetlaw', 'Broxtowe', 'Gedling', 'Newark and Sherwood', 'Rushcliffe'].find((d) => [...counts].some(([k, n]) => k.endsWith(`|${d}`) && n > 0 && n < 5)) ?? '';
  const inColumn = [...counts].filter(([k]) => k.endsWith(`|${column}`));
  const [smallType = ''] = (inColumn.find(([, n]) => n > 0 && n < 5)?.[0] ?? '').split('|');
  const [largeType = ''] = (inColumn.sort((a, b) => b[1] - a[1])[0]?.[0] ?? '').split('|');
  expect(smallType, 'a small count to hide').not.toBe('');
  await importThroughUi(page, [FILE]);

  await page.getByTestId('toggle-isHeatmap').check();
  const small = gridCell(page, smallType, column);
  const large = gridCell(page, largeType, column);
  await expect(small).toHaveText(String(counts.get(`${smallType}|${column}`)));
  // Shown as it is, the small count is on the scale like any other.
  await expect(small).not.toHaveCSS('background-color', TRANSPARENT);
  await page.getByTestId('toggle-showsSmallCounts').check();
  await expect(small).toHaveText('<5');
  await expect(small).toHaveCSS('background-color', TRANSPARENT);
  await expect(large).not.toHaveCSS('background-color', TRANSPARENT);
  // A share computed from a small count is blank, and uncoloured too.
  await page.getByTestId('pivot-measure').selectOption('share_row');
  await expect(small).toHaveText('');
  await expect(small).toHaveCSS('background-color', TRANSPARENT);
  await expect(large).not.toHaveCSS('background-color', TRANSPARENT);
  await page.getByTestId('toggle-showsSmallCounts').uncheck();
  await expect(small).not.toHaveCSS('background-color', TRANSPARENT);
  // Heatmap off: every cell plain again.
  await page.getByTestId('toggle-isHeatmap').uncheck();
  await expect(large).toHaveCSS('background-color', TRANSPARENT);
  await expect(small).toHaveCSS('background-color', TRANSPARENT);
});
