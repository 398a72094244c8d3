/**
 * The demo ships a local profile with every kind of item (commentary, a
 * table, a chart view, a flags summary, the age profile chart and a repeat
 * victims table), so a new analyst can export a Word pack at once: it
 * exports, titled and labelled synthetic, with its tables' small counts
 * suppressed.
 */
import { docxTables } from '../helpers/profile-tables';
import { downloadBytes, expect, readZipEntry, test } from './fixtures';

test.use({ firstLaunch: true });

test('the demo has a local profile of every kind of item that exports as Word', async ({ offlinePage: page }, testInfo) => {
  test.setTimeout(180_000);
  await expect(page.getByTestId('synthetic-banner')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('tab-profiles').click();
  const panel = page.getByTestId('profiles-panel');
  await panel.getByRole('button', { name: 'Mansfield local profile (demo)' }).click();
  const items = panel.getByTestId('profile-item');
  await expect(items).toHaveCount(6);
  expect(await items.evaluateAll((list) => list.map((li) => li.getAttribute('data-kind')))).toEqual(['text', 'pivot', 'view', 'flags', 'chart', 'analysis']);
  await expect(panel.getByTestId('profile-suppression')).toBeChecked();
  await page.screenshot({ path: testInfo.outputPath('demo-profile.png') });

  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 150_000 }), panel.getByTestId('profile-export').click()]);
  const docx = await downloadBytes(download);
  await download.saveAs(testInfo.outputPath('demo-profile.docx'));
  expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
  const xml = readZipEntry(docx, 'word/document.xml')?.toString('utf8') ?? '';
  expect(xml).toContain('Mansfield local profile: synthetic demo');
  expect(xml).toContain('Synthetic data: these figures were generated for demonstration');
  expect(xml).toContain('Recorded crime and ASB in Mansfield by financial year');
  // The charts are pictures in the document.
  expect(docx.toString('latin1')).toMatch(/word\/media\/[\w.-]+\.png/);
  const tables = docxTables(docx);
  // The crime types by financial year, with Mansfield's crime types as rows.
  const byYear = tables.find((t) => t[0]?.[0] === 'Crime type');
  expect(byYear?.some((row) => row[0] === 'Burglary Dwelling')).toBe(true);
  // The repeat victims table, by district.
  expect(tables.some((t) => t.some((row) => row[0] === 'Nottingham City'))).toBe(true);
});
