/** Readers for the audit's specs: the pivot grid as shown, and an exported workbook's first sheet. */
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';

export interface GridLine {
  id: string;
  label: string;
  cells: Record<string, string>;
}

/** The grid as rendered, top to bottom: each row's id, label and cells by column id; the pinned Total row last as `__total`. */
export async function readGrid(page: Page): Promise<GridLine[]> {
  return page.getByTestId('pivot-grid').evaluate((root) => {
    const lines = new Map<string, { index: number; id: string; label: string; cells: Record<string, string> }>();
    for (const row of Array.from(root.querySelectorAll<HTMLElement>('.ag-row'))) {
      const isPinned = row.classList.contains('ag-row-pinned');
      const id = isPinned ? '__total' : (row.getAttribute('row-id') ?? '');
      const index = isPinned ? Number.MAX_SAFE_INTEGER : Number(row.getAttribute('row-index'));
      const line = lines.get(id) ?? { index, id, label: '', cells: {} };
      for (const cell of Array.from(row.querySelectorAll<HTMLElement>('.ag-cell'))) {
        const colId = cell.getAttribute('col-id') ?? '';
        if (colId === '__row') line.label = cell.querySelector('.row-label')?.textContent ?? cell.textContent ?? '';
        else line.cells[colId] = cell.textContent ?? '';
      }
      lines.set(id, line);
    }
    return [...lines.values()].sort((a, b) => a.index - b.index).map(({ id, label, cells }) => ({ id, label, cells }));
  });
}

export interface SheetCell {
  value: ExcelJS.CellValue;
  numFmt: string | undefined;
  isFormula: boolean;
}

/** Every row of the first sheet (empty rows included), each cell with its value and number format. */
export async function readSheet(bytes: Buffer): Promise<SheetCell[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: SheetCell[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cells[c - 1] = { value: cell.value, numFmt: cell.numFmt, isFormula: cell.type === ExcelJS.ValueType.Formula };
    });
    rows[n - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

/** A cell's value as text: strings and numbers as they are, anything else (rich text, dates) as JSON. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value ?? null);
}
