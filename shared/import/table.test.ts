import { describe, expect, it } from 'vitest';
import { readTable } from './table';

describe('readTable', () => {
  it('a file named .xlsx that is not a workbook is refused as such, naming the file, not read as CSV text', async () => {
    const bytes = new TextEncoder().encode('record_ref,committed_date\nA1,01/04/2023\n');
    await expect(readTable({ name: 'May extract.xlsx', bytes })).rejects.toMatchObject({ code: 'bad-input', file: 'May extract.xlsx' });
    await expect(readTable({ name: 'May extract.xlsx', bytes })).rejects.toThrow('May extract.xlsx is not an Excel workbook');
    // The same bytes named .csv are a CSV.
    expect((await readTable({ name: 'May extract.csv', bytes })).rows.rowCount).toBe(2);
  });
});
