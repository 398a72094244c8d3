import { describe, expect, it } from 'vitest';
import type { SheetSummary } from '../../../shared/import/table';
import type { FileBytes } from '../../../shared/platform-bridge';
import { importEntries, sheetLabel, sheetsTickedFirst, sheetsToOffer, sheetsVisibleFirst } from './sheet-choice';

const file: FileBytes = { name: 'years.xlsx', path: null, bytes: new Uint8Array([1, 2, 3]) };
const sheet = (name: string, position: number, rows: number, isHidden = false): SheetSummary => ({ name, position, rows, isEmpty: rows === 0 && name === 'Cover', isHidden });

describe('which sheets of a workbook are imported', () => {
  it('a CSV or a one-sheet workbook is imported as picked, with no sheet named and no question', () => {
    expect(sheetsToOffer([])).toEqual([]);
    expect(sheetsToOffer([sheet('Sheet1', 1, 40)])).toEqual([]);
    expect(importEntries(file, [], undefined)).toEqual([{ name: 'years.xlsx', file, isNamedForSheet: false }]);
    expect(importEntries(file, [sheet('Sheet1', 1, 40)], undefined)).toEqual([{ name: 'years.xlsx', file, isNamedForSheet: false }]);
  });

  it('the one sheet with data, after an empty cover, is read without asking', () => {
    const sheets = [sheet('Cover', 1, 0), sheet('Records', 2, 40)];
    expect(sheetsToOffer(sheets)).toEqual([]);
    expect(importEntries(file, sheets, undefined)).toEqual([{ name: 'years.xlsx', file, sheet: 'Records', isNamedForSheet: false }]);
  });

  it('several sheets with data are offered (empty ones not); each chosen sheet is an import named "file [sheet]"', () => {
    const sheets = [sheet('Cover', 1, 0), sheet('2022-23', 2, 30), sheet('2023-24', 3, 45)];
    expect(sheetsToOffer(sheets).map((s) => s.name)).toEqual(['2022-23', '2023-24']);
    expect(importEntries(file, sheets, ['2023-24'])).toEqual([{ name: 'years.xlsx [2023-24]', file, sheet: '2023-24', isNamedForSheet: true }]);
    expect(importEntries(file, sheets, ['2022-23', '2023-24']).map((e) => [e.name, e.sheet])).toEqual([
      ['years.xlsx [2022-23]', '2022-23'],
      ['years.xlsx [2023-24]', '2023-24'],
    ]);
  });

  it('sheets are imported in workbook order whatever order they were ticked in, and only sheets the workbook has', () => {
    const sheets = [sheet('A', 1, 3), sheet('B', 2, 4), sheet('C', 3, 5)];
    expect(importEntries(file, sheets, ['C', 'A', 'Nope']).map((e) => e.sheet)).toEqual(['A', 'C']);
  });
});

describe('hidden sheets (hidden or very hidden in Excel)', () => {
  it('never make the question appear on their own, and are never the sheet read without asking', () => {
    // A visible summary and a hidden copy of old data: Excel shows one tab, so the import reads it, as before.
    const oneVisible = [sheet('Old extract', 1, 30, true), sheet('Crimes', 2, 40)];
    expect(sheetsToOffer(oneVisible)).toEqual([]);
    expect(importEntries(file, oneVisible, undefined)).toEqual([{ name: 'years.xlsx', file, sheet: 'Crimes', isNamedForSheet: false }]);
    // The only sheet with data is hidden, after an empty visible one: not chosen for the analyst.
    const onlyHidden = [sheet('Cover', 1, 0), sheet('Data', 2, 40, true)];
    expect(importEntries(file, onlyHidden, undefined)).toEqual([{ name: 'years.xlsx', file, isNamedForSheet: false }]);
  });

  it('are listed, marked, when the question is asked, and the first visible sheet is the one ticked', () => {
    const sheets = [sheet('Lookup', 1, 12, true), sheet('2022-23', 2, 30), sheet('2023-24', 3, 45)];
    expect(sheetsToOffer(sheets).map((s) => [s.name, s.isHidden])).toEqual([['Lookup', true], ['2022-23', false], ['2023-24', false]]);
    expect(sheetsTickedFirst(sheetsToOffer(sheets))).toEqual(['2022-23']);
    expect(importEntries(file, sheets, ['Lookup']).map((e) => e.sheet)).toEqual(['Lookup']);
  });

  it('are offered, none ticked, when no visible sheet has data', () => {
    const sheets = [sheet('Cover', 1, 0), sheet('A', 2, 5, true), sheet('B', 3, 6, true)];
    expect(sheetsToOffer(sheets).map((s) => s.name)).toEqual(['A', 'B']);
    expect(sheetsTickedFirst(sheetsToOffer(sheets))).toEqual([]);
  });
});

describe('how sheets are listed to the analyst', () => {
  it('lists visible sheets first, hidden ones after, each group in workbook order', () => {
    const sheets = [sheet('Lookup', 1, 9, true), sheet('2022-23', 2, 30), sheet('Old', 3, 5, true), sheet('2023-24', 4, 45)];
    expect(sheetsVisibleFirst(sheets).map((s) => s.name)).toEqual(['2022-23', '2023-24', 'Lookup', 'Old']);
    // The list is reordered, the workbook's sheets are not.
    expect(sheets.map((s) => s.name)).toEqual(['Lookup', '2022-23', 'Old', '2023-24']);
  });

  it('labels a sheet with its number in the workbook, its rows, and "(hidden)" when hidden in Excel', () => {
    expect(sheetLabel(sheet('Lookup', 1, 1234, true))).toBe('1: Lookup — 1,234 rows (hidden)');
    expect(sheetLabel(sheet('Records', 2, 1))).toBe('2: Records — 1 row');
    expect(sheetLabel(sheet('Cover', 3, 0))).toBe('3: Cover — empty');
  });
});
