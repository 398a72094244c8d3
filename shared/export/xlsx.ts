/** XLSX export of a table with its header block (exceljs; runs in Node and in the worker). */
import ExcelJS from 'exceljs';
import { shownExportTable } from './csv';
import type { ExportTable } from './pivot-table';

/** Text that Excel would read as a formula is written as text, never as a formula. */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export async function tableToXlsx(table: ExportTable, sheetName = 'Pivot'): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Crime Analyst Workbench';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  const shown = shownExportTable(table);
  for (const line of shown.header) sheet.addRow([safeText(line)]).font = { italic: true };
  sheet.addRow([]);
  const headerRow = sheet.addRow(table.columns.map(safeText));
  headerRow.font = { bold: true };
  const totalRows = new Set(table.totalRows ?? []);
  // The figures as the grid shows them (and the CSV writes them), formatted as the grid formats them.
  shown.rows.forEach((row, i) => {
    const added = sheet.addRow(row.map((cell) => (typeof cell === 'string' ? safeText(cell) : cell)));
    // The Total row and subtotals bold, as the grid and the Word profile show them.
    if (totalRows.has(i)) added.font = { bold: true };
  });
  sheet.getColumn(1).width = 32;
  for (let c = 2; c <= table.columns.length; c++) {
    const column = sheet.getColumn(c);
    column.width = 14;
    // '#,##0.##' alone would show a whole number as "12." in Excel: the table says how its figures read.
    column.numFmt = table.numberFormat ?? '#,##0.##';
  }
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: shown.header.length + 2 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
