/**
 * Keyboard only, no mouse: import an extract, build a nested pivot by pick,
 * drill into a cell, save a view and export CSV. Every control is reached
 * with Tab and shows where focus is; dialogs keep focus inside, Escape
 * closes them and focus goes back where it was.
 */
import type { Locator, Page } from '@playwright/test';
import { csvDownloadText, expect, monthFile, readExtract, test } from './fixtures';

const FILE = monthFile('2023-01');

/** Presses Tab (or Shift+Tab) until `target` has focus, checking each stop shows a focus indicator. */
async function tabTo(page: Page, target: Locator, options: { back?: boolean; max?: number } = {}): Promise<void> {
  const key = options.back === true ? 'Shift+Tab' : 'Tab';
  if (await target.evaluate((el) => el.contains(document.activeElement))) return;
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(key);
    await expectFocusVisible(page);
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
  }
  throw new Error(`Tab never reached ${String(target)}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? "")}`);
}

/**
 * The focused element draws a ring a keyboard user can see: an outline (2 px or more) or a box-shadow ring
 * whose colour has at least 3:1 contrast with the background around it (WCAG 1.4.11 non-text contrast).
 */
async function expectFocusVisible(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    const el = document.activeElement;
    if (el === null || el === document.body) return 'body';
    const rgb = (css: string): number[] | null => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css);
      return m === null || (m[4] !== undefined && Number(m[4]) === 0) ? null : [Number(m[1]), Number(m[2]), Number(m[3])];
    };
    const luminance = (c: number[]): number => {
      const [r = 0, g = 0, b = 0] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: number[], b: number[]): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
    };
    // The colour the ring is drawn on: the first ancestor with an opaque background.
    let around: number[] = [255, 255, 255];
    for (let node = el.parentElement; node !== null; node = node.parentElement) {
      const bg = rgb(getComputedStyle(node).backgroundColor);
      if (bg !== null) {
        around = bg;
        break;
      }
    }
    const style = getComputedStyle(el);
    const colours: number[][] = [];
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
      const c = rgb(style.outlineColor);
      if (c !== null) colours.push(c);
    }
    for (const m of style.boxShadow.matchAll(/rgba?\([^)]*\)/g)) {
      const c = rgb(m[0]);
      if (c !== null) colours.push(c);
    }
    const best = Math.max(0, ...colours.map((c) => contrast(c, around)));
    const what = `${el.outerHTML.slice(0, 140)}`;
    return best >= 3 ? 'visible' : colours.length === 0 ? `${what} has no focus indicator` : `${what}: focus ring contrast ${best.toFixed(2)}:1 against its background`;
  });
  expect(ring).toBe('visible');
}

const COUNT = new Intl.NumberFormat('en-GB');

/** Moves the grid's focused cell with the arrow keys to the cell at this row id and column id (both rendered). */
async function arrowToCell(page: Page, rowId: string, colId: string): Promise<void> {
  const where = (): Promise<{ row: number; col: number; target: { row: number; col: number } }> =>
    page.evaluate(
      ({ rowId, colId }) => {
        const cell = document.activeElement?.closest('.ag-cell, .ag-header-cell');
        const index = (el: Element | null | undefined, name: string): number => Number(el?.getAttribute(name) ?? -1);
        const targetRow = document.querySelector(`.pivot-grid .ag-row[row-id="${CSS.escape(rowId)}"]`);
        const targetCell = targetRow?.querySelector(`.ag-cell[col-id="${CSS.escape(colId)}"]`);
        return {
          row: index(cell?.closest('.ag-row'), 'row-index'),
          col: index(cell, 'aria-colindex'),
          target: { row: index(targetRow, 'row-index'), col: index(targetCell, 'aria-colindex') },
        };
      },
      { rowId, colId },
    );
  for (let i = 0; i < 60; i++) {
    const at = await where();
    if (at.target.row < 0 || at.target.col < 0) throw new Error(`no rendered cell ${rowId} × ${colId}`);
    if (at.row === at.target.row && at.col === at.target.col) return;
    // From a header cell (no row index) down into the rows.
    const key = at.row !== at.target.row ? (at.row < at.target.row ? 'ArrowDown' : 'ArrowUp') : at.col < at.target.col ? 'ArrowRight' : 'ArrowLeft';
    await page.keyboard.press(key);
  }
  throw new Error(`the arrow keys never reached ${rowId} × ${colId}: at ${JSON.stringify(await where())}`);
}

const focusedTestId = (page: Page): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** Tab and Shift+Tab from inside the dialog never leave it. */
async function expectFocusTrapped(page: Page, dialog: Locator): Promise<void> {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(key);
      expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `${key} #${i + 1} stays in the dialog`).toBe(true);
    }
  }
}

test('import, nested pivot by pick, drill-through, saved view and CSV export without the mouse', async ({ offlinePage: page }) => {
  const rows = readExtract(FILE);
  const districtOf = (r: Record<string, string>): string => (r['LSOA name'] ?? '').replace(/ \w+$/, '');
  const count = (district: string, type: string): number => rows.filter((r) => districtOf(r) === district && r['Crime type'] === type).length;
  const asbAshfield = count('Ashfield', 'Anti-social behaviour');

  // Import: Tab to the toolbar (one Tab stop: its first button, New), the arrows along it to Import…, Enter,
  // choose the file. One more Tab leaves the toolbar.
  const toolbar = page.getByRole('toolbar', { name: 'Workbench' });
  // Export CSV is enabled once the first pivot is on screen; until then End rightly stops at the last enabled button.
  await expect(page.getByTestId('toolbar-export-csv')).toBeEnabled();
  await tabTo(page, toolbar);
  expect(await focusedTestId(page)).toBe('toolbar-new');
  await page.keyboard.press('End');
  expect(await focusedTestId(page), 'End: the last button').toBe('toolbar-export-csv');
  await page.keyboard.press('Home');
  expect(await focusedTestId(page)).toBe('toolbar-new');
  await page.keyboard.press('Tab');
  expect(await toolbar.evaluate((el) => el.contains(document.activeElement)), 'Tab leaves the toolbar').toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect(await focusedTestId(page), 'back into the toolbar where it was left').toBe('toolbar-new');
  for (let i = 0; i < 6 && (await focusedTestId(page)) !== 'toolbar-import'; i++) await page.keyboard.press('ArrowRight');
  expect(await focusedTestId(page)).toBe('toolbar-import');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles(FILE);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary.locator(':focus')).toHaveCount(1);
  await expectFocusTrapped(page, summary);
  await page.keyboard.press('Escape');
  await expect(summary).toBeHidden();
  // Back where the import started.
  expect(await focusedTestId(page)).toBe('toolbar-import');

  // The import lays out crime types down and districts across. By pick: District into Rows (under Crime type),
  // Month into Columns. The field list is one Tab stop; arrows move along it, Enter picks, Tab goes on to Add.
  await expect(page.getByTestId('pivot-zone-rows')).toHaveAttribute('data-fields', 'crime_type');
  const fields = page.getByTestId('pivot-fields');
  for (const [dimension, zone] of [['district', 'rows'], ['month', 'columns']] as const) {
    await tabTo(page, fields, { back: dimension === 'month' });
    await page.keyboard.press('Home');
    const target = page.getByTestId(`pivot-field-${dimension}`);
    for (let i = 0; i < 60 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('ArrowRight');
    await expect(target).toBeFocused();
    await expectFocusVisible(page);
    await page.keyboard.press('Enter');
    await expect(target).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('pivot-add-rows')).toBeFocused();
    if (zone === 'columns') await page.keyboard.press('Tab');
    await expect(page.getByTestId(`pivot-add-${zone}`)).toBeFocused();
    await page.keyboard.press('Enter');
    // The Add buttons disable with nothing picked: focus is back on the field, not lost to the page.
    await expect(target).toBeFocused();
  }
  await expect(page.getByTestId('pivot-zone-rows')).toHaveAttribute('data-fields', 'crime_type,district');
  await expect(page.getByTestId('pivot-zone-columns')).toHaveAttribute('data-fields', 'month');
  const cell = page.getByTestId('pivot-grid').locator('.ag-row[row-id="Anti-social behaviour / Ashfield"] .ag-cell[col-id="2023-01"]');
  await expect(cell).toHaveText(COUNT.format(asbAshfield));
  // The grid is named for what it shows, as a table's caption would name it.
  await expect(page.getByRole('grid', { name: 'Pivot table: Count by Crime type and District across Month' })).toBeVisible();

  // Drill-through: Tab into the grid, arrows to the cell, Enter opens the records behind it.
  await tabTo(page, page.getByTestId('pivot-grid').locator('.ag-root'));
  await arrowToCell(page, 'Anti-social behaviour / Ashfield', '2023-01');
  await expectFocusVisible(page);
  await page.keyboard.press('Enter');
  const drill = page.getByTestId('drill-dialog');
  await expect(drill.getByTestId('drill-total')).toHaveAttribute('data-count', String(asbAshfield));
  await expect(drill.locator(':focus')).toHaveCount(1);
  await expect(drill.getByRole('grid', { name: 'Records behind Anti-social behaviour › Ashfield × 2023-01' })).toBeVisible();
  await expectFocusTrapped(page, drill);
  await page.keyboard.press('Escape');
  await expect(drill).toBeHidden();
  await expect(cell).toBeFocused();

  // Enter on a group's label collapses it (the toggle button inside the cell is out of Tab's reach), and again expands it.
  await arrowToCell(page, 'group:Anti-social behaviour', '__row');
  const toggle = page.getByRole('button', { name: 'Collapse Anti-social behaviour' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('gridcell');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Expand Anti-social behaviour' })).toHaveAttribute('aria-expanded', 'false');
  await expect(cell).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(cell).toHaveText(COUNT.format(asbAshfield));

  // Save the view: Tab to the name, type, Enter.
  await tabTo(page, page.getByTestId('view-name'), { back: true, max: 200 });
  await page.keyboard.type('Crime type and district by month');
  await page.keyboard.press('Enter');
  const views = page.getByTestId('views-panel');
  await expect(views.getByTestId('view-entry')).toHaveAttribute('data-name', 'Crime type and district by month');

  // Export CSV with its shortcut: the pivot as laid out, Ashfield's anti-social behaviour in January among it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
  const csv = await csvDownloadText(download);
  const lines = csv.split(/\r?\n/);
  expect(lines).toContain('Crime type / District,2023-01,Total');
  expect(lines).toContain(`Anti-social behaviour / Ashfield,${asbAshfield},${asbAshfield}`);
});
