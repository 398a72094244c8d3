/**
 * The Totals' rate per 1,000 is the force area's: police.uk puts a record or
 * two in districts over the border, and with a national population file
 * loaded each such district used to add its whole population to the Totals'
 * denominator (Birmingham's million against a handful of records). Now the
 * Totals divide the force's districts' records by their residents, the
 * districts over the border keep their own rows' rates, and the note counts
 * what is left out. A workbench of another force's data (its records mostly
 * outside the eight districts) divides, as before, the records of the
 * districts with a population by their residents.
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { type PivotResult, runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

/**
 * A police.uk street file of `n` burglaries per district (by its LSOA name, "Ashfield 001A"; '' for rows with
 * no LSOA), spread over 2023: a district's first in January and its last in December, one alone in June.
 */
function extract(counts: Record<string, number>): string {
  const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
  Object.entries(counts).forEach(([district, n], k) => {
    for (let i = 0; i < n; i++) {
      const month = n === 1 ? 6 : 1 + Math.round((i * 11) / (n - 1));
      const lsoa = district === '' ? ',' : `E0100${String(k).padStart(4, '0')},${district} 001A`;
      lines.push(`id-${k}-${i},2023-${String(month).padStart(2, '0')},Nottinghamshire Police,Nottinghamshire Police,,,On or near Main Street,${lsoa},Burglary,,`);
    }
  });
  return lines.join('\n');
}
const population = (persons: Record<string, number>): string =>
  ['area_name,year,age_band,population', ...Object.entries(persons).map(([d, n]) => `${d},2023,All ages,${n}`)].join('\n');

const spec = (over: Partial<PivotSpec> = {}): PivotSpec => ({ rows: ['district'], columns: [], measure: 'rate', filters: [], ...over });
const rowOf = (result: PivotResult, district: string) => result.rows.find((r) => r.key[0] === district);

/** The force's two districts here, and four over the border with one record each and many residents. */
const FORCE = { Ashfield: 1_200, Mansfield: 900 };
const FORCE_PERSONS = { Ashfield: 128_000, Mansfield: 110_000 };
const OVER_BORDER = { 'Amber Valley': 1, Birmingham: 1, Leeds: 1, Wyre: 1 };
const OVER_BORDER_PERSONS = { 'Amber Valley': 126_000, Birmingham: 1_140_000, Leeds: 790_000, Wyre: 112_000 };

describe("the Totals' rate is the force area's", () => {
  it("over-border districts with big populations and one record each: the Totals are the force's records over its residents", async () => {
    const db = await workbenchOf(SQL, [
      { name: '2023-nottinghamshire-street.csv', text: extract({ ...FORCE, ...OVER_BORDER }) },
      { name: 'population.csv', text: population({ ...FORCE_PERSONS, ...OVER_BORDER_PERSONS }), kind: 'population' },
    ]);
    const result = runPivot(db, spec());
    expect(result.grandTotal).toBeCloseTo(((1_200 + 900) * 1000) / (128_000 + 110_000), 9);
    // Each district over the border keeps its own rate: one record over its residents.
    expect(rowOf(result, 'Birmingham')?.values[0]).toBeCloseTo(1000 / 1_140_000, 12);
    expect(rowOf(result, 'Ashfield')?.values[0]).toBeCloseTo((1_200 * 1000) / 128_000, 9);
    expect(result.notes).toContain(
      "Rates across districts (the Totals, and any rate not split by district) are the force area's: the records of its districts with a population loaded, over their residents. 4 records in 4 districts outside the force area (Amber Valley, Birmingham, Leeds and Wyre) are left out of the Totals' rate (4 of the 2,104 records shown).",
    );
    // The same by month: every month's Total, and the Total per year, over the force's residents alone.
    const byMonth = runPivot(db, spec({ columns: ['month'] }));
    expect(byMonth.grandTotal).toBeCloseTo(((1_200 + 900) * 1000) / (128_000 + 110_000), 9);
    const june = byMonth.columns.findIndex((c) => c[0] === '2023-06');
    const juneForce = (byMonth.rows.find((r) => r.key[0] === 'Ashfield')?.counts[june] ?? 0) + (byMonth.rows.find((r) => r.key[0] === 'Mansfield')?.counts[june] ?? 0);
    expect(byMonth.columnTotals[june]).toBeCloseTo((juneForce * 1000) / (128_000 + 110_000), 9);
    // A pivot not split by district divides the same way.
    expect(runPivot(db, spec({ rows: ['crime_type'] })).rows[0]?.values[0]).toBeCloseTo(((1_200 + 900) * 1000) / (128_000 + 110_000), 9);
  });

  it('records of an unknown district and of a force district without population are left out too, each said', async () => {
    const db = await workbenchOf(SQL, [
      { name: '2023-nottinghamshire-street.csv', text: extract({ ...FORCE, Gedling: 300, Birmingham: 1, '': 7 }) },
      { name: 'population.csv', text: population({ ...FORCE_PERSONS, Birmingham: 1_140_000 }), kind: 'population' },
    ]);
    const result = runPivot(db, spec());
    expect(result.grandTotal).toBeCloseTo(((1_200 + 900) * 1000) / (128_000 + 110_000), 9);
    expect(result.notes.find((n) => n.startsWith('Rates across districts'))).toMatch(
      /\. 1 record in 1 district outside the force area \(Birmingham\), 7 records in Unknown district and 300 records in Gedling are left out of the Totals' rate \(308 of the 2,408 records shown\): Gedling has no population loaded\.$/,
    );
  });

  it("another force's workbench (its records outside the eight districts) divides the records of the districts with a population by their residents", async () => {
    // Derbyshire's records, a stray in Broxtowe, and a national file with Nottinghamshire's districts in it.
    const db = await workbenchOf(SQL, [
      { name: '2023-nottinghamshire-street.csv', text: extract({ 'Amber Valley': 500, Erewash: 400, 'High Peak': 50, Broxtowe: 1 }) },
      { name: 'population.csv', text: population({ 'Amber Valley': 126_000, Erewash: 115_000, Broxtowe: 113_000, Ashfield: 128_000 }), kind: 'population' },
    ]);
    const result = runPivot(db, spec());
    // Ashfield has no records here, so its residents are not counted; High Peak has no population, so its records are not.
    expect(result.grandTotal).toBeCloseTo(((500 + 400 + 1) * 1000) / (126_000 + 115_000 + 113_000), 9);
    expect(result.notes).toContain(
      "Rates across districts (the Totals, and any rate not split by district) count only records in districts with a population loaded, over those districts' residents: records in High Peak (50 of the 951 records shown) are left out, as no population is loaded for them.",
    );
    // Every month's Total over the same districts' residents (Broxtowe's too in the months without its stray), so
    // over one year the Total per year is the months' rates added up.
    const byMonth = runPivot(db, spec({ columns: ['month'] }));
    const months = byMonth.columnTotals.filter((v): v is number => v !== null);
    expect(months).toHaveLength(12);
    expect(byMonth.grandTotal).toBeCloseTo(months.reduce((a, b) => a + b, 0), 9);
    expect(byMonth.grandTotal).toBeCloseTo(result.grandTotal ?? Number.NaN, 9);
  });
});
