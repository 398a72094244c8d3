/**
 * Districts without population: a note each while they are few, one note
 * between them when they are many (police.uk records fall in 100+ districts
 * over the border, and a note each pushed the grid off the screen).
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { districtCsv, generateDistrictRecords } from '../generator';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { groupNoPopulationNotes, runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

const WITHOUT = ['Ashfield', 'Bassetlaw', 'Broxtowe', 'Gedling', 'Rushcliffe'];
let db: Database;

beforeAll(async () => {
  const records = [...generateDistrictRecords({ seed: 3, records: 3_000, districts: ['Mansfield', ...WITHOUT] })];
  db = createWorkbench(await loadSqlJs());
  const population = ['area_code,area_name,year,age,age_band,sex,population', ...[2022, 2023, 2024, 2025].map((y) => `E07000174,Mansfield,${y},,,,110000`)];
  const reports = await importFiles(db, [
    { name: 'district.csv', bytes: new TextEncoder().encode(districtCsv(records)) },
    { name: 'population.csv', bytes: new TextEncoder().encode(population.join('\n')) },
  ]);
  expect(reports.map((r) => r.rejected)).toEqual([0, 0]);
});

const spec = (over: Partial<PivotSpec> = {}): PivotSpec => ({ rows: ['district'], columns: [], filters: [], measure: 'rate', ...over });

describe('notes on districts without population', () => {
  it('five districts without population share one note naming them; their rows are blank, Mansfield has its rate', () => {
    const result = runPivot(db, spec());
    const noPopulation = result.notes.filter((n) => n.startsWith('No population loaded for'));
    expect(noPopulation).toEqual(['No population loaded for 5 districts (Ashfield, Bassetlaw, Broxtowe, Gedling, Rushcliffe): their rates are blank.']);
    for (const district of WITHOUT) expect(result.rows.find((r) => r.key[0] === district)?.values[0]).toBeNull();
    expect(result.rows.find((r) => r.key[0] === 'Mansfield')?.values[0]).toBeGreaterThan(0);
  });

  it('three or fewer keep a note each', () => {
    const result = runPivot(db, spec({ filters: [{ dimension: 'district', values: ['Mansfield', 'Ashfield', 'Gedling'] }] }));
    expect(result.notes.filter((n) => n.startsWith('No population loaded for'))).toEqual([
      'No population loaded for Ashfield: its rates are blank.',
      'No population loaded for Gedling: its rates are blank.',
    ]);
  });

  it('past 8 districts the note names the first 8 and counts the rest; other notes and other sexes stay as they are', () => {
    const names = Array.from({ length: 11 }, (_, i) => `D${String(i).padStart(2, '0')}`);
    const grouped = groupNoPopulationNotes(['First note.', ...names.map((d) => `No population loaded for ${d}: its rates are blank.`), 'No population of female loaded for X: its rates are blank.']);
    expect(grouped).toEqual([
      'First note.',
      'No population loaded for 11 districts (D00, D01, D02, D03, D04, D05, D06, D07 and 3 more): their rates are blank.',
      'No population of female loaded for X: its rates are blank.',
    ]);
  });
});
