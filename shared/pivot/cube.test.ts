import fc from 'fast-check';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { setAgeBands } from '../age-bands';
import { districtCsv, generateDistrictRecords } from '../generator';
import { removeImport } from '../info';
import { parseMonth } from '../periods';
import { importFiles } from '../import/import-files';
import { setOffenceGroup } from '../offence-groups';
import { createWorkbench } from '../workbench';
import { CUBE_DIMENSIONS, chooseCube, isCubeCurrent, pivotSource, refreshCube, withRecordTable } from './cube';
import type { Dimension } from './dimensions';
import { runPivot } from './run-pivot';
import { type PivotFilter, type PivotSpec, validatePivotSpec } from './spec';

function isValidSpec(spec: PivotSpec): boolean {
  try {
    validatePivotSpec(spec);
    return true;
  } catch {
    return false;
  }
}

let SQL: SqlJsStatic;
let db: Database;
const DIMENSIONS = [...CUBE_DIMENSIONS];
/** Labels each dimension takes in the generated store, for filters. */
const labels = new Map<Dimension, string[]>();

const districtFile = (seed: number, records: number): { name: string; bytes: Uint8Array } => ({
  name: `district-${seed}.csv`,
  bytes: new TextEncoder().encode(districtCsv(generateDistrictRecords({ seed, records }))),
});

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  await importFiles(db, [districtFile(1, 2500)], { kind: 'district' });
  for (const dimension of DIMENSIONS) {
    const result = withRecordTable(db, () => runPivot(db, { rows: [dimension], columns: [], measure: 'count', filters: [] }));
    labels.set(dimension, result.rows.map((r) => r.key[0] ?? ''));
  }
});

/** The same pivot from the cubes and from the record table. */
function expectCubeMatchesRecords(spec: PivotSpec): void {
  const fromRecords = withRecordTable(db, () => runPivot(db, spec));
  expect(runPivot(db, spec), JSON.stringify(spec)).toEqual(fromRecords);
}

const RANGES = [
  {},
  { from: '2020-04', to: '2021-03' },
  { from: '2020-05', to: '2021-02' },
  { from: '2022-01' },
  { to: '2023-08' },
] as const;

describe('cubes answer exactly as the record table', () => {
  it('for every pair of cube dimensions, with and without date ranges on and off quarter boundaries', () => {
    for (const [i, a] of DIMENSIONS.entries()) {
      for (const b of DIMENSIONS.slice(i + 1)) {
        for (const range of RANGES.slice(0, 3)) expectCubeMatchesRecords({ rows: [a], columns: [b], measure: 'count', filters: [], ...range });
      }
      expectCubeMatchesRecords({ rows: [a], columns: [], measure: 'count', filters: [] });
    }
  });

  it('for every dimension as a filter', () => {
    for (const dimension of DIMENSIONS) {
      const values = (labels.get(dimension) ?? []).slice(0, 2);
      for (const range of RANGES.slice(0, 3)) {
        expectCubeMatchesRecords({ rows: ['district'], columns: ['fin_year'], measure: 'count', filters: [{ dimension, values }], ...range });
        expectCubeMatchesRecords({ rows: ['age_band'], columns: ['sex'], measure: 'count', filters: [{ dimension, values }], ...range });
      }
    }
  });

  it('for random nested specs, filters, ranges and measures', () => {
    const dimension = fc.constantFrom(...DIMENSIONS);
    const month = fc.integer({ min: 2019 * 12 + 1, max: 2024 * 12 + 5 }).map((m) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
    const filter: fc.Arbitrary<PivotFilter> = dimension.chain((d) =>
      fc
        .subarray(labels.get(d) ?? [], { minLength: 1, maxLength: Math.min(3, labels.get(d)?.length ?? 1) })
        .map((values) => ({ dimension: d, values })),
    );
    const spec = fc
      .record({
        axes: fc.uniqueArray(dimension, { minLength: 1, maxLength: 4 }),
        split: fc.nat(4),
        filters: fc.array(filter, { maxLength: 2 }),
        from: fc.option(month, { nil: undefined }),
        to: fc.option(month, { nil: undefined }),
        measure: fc.constantFrom('count', 'share_row', 'share_total', 'change_prev', 'change_year'),
      })
      .map(({ axes, split, filters, from, to, measure }): PivotSpec => {
        const rows = axes.slice(0, Math.min(split, axes.length - 1));
        const columns = axes.slice(rows.length);
        // Change measures need a period as the last column.
        const hasPeriodLast = ['month', 'quarter', 'fin_year', 'year'].includes(columns[columns.length - 1] ?? '');
        const isChange = measure === 'change_prev' || measure === 'change_year';
        return {
          rows,
          columns,
          measure: isChange && !hasPeriodLast ? 'count' : measure,
          filters,
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
        };
      });
    fc.assert(
      // Specs the engine refuses (e.g. a change measure with two periods) are not cube questions.
      fc.property(spec.filter(isValidSpec), (s) => {
        expectCubeMatchesRecords(s);
      }),
      { numRuns: 200, seed: 4 },
    );
  });
});

describe('LSOA views read the area cubes by financial year or quarter, with the same answers as the records', () => {
  /** Date ranges by the finest months they cut: whole financial years (April to March), whole quarters, or months. */
  const RANGES_BY_CUT = [
    { cut: 'fin_year', range: { from: '2020-04', to: '2022-03' } },
    { cut: 'fin_year', range: { from: '2021-04' } },
    { cut: 'quarter', range: { from: '2021-01', to: '2022-12' } },
    { cut: 'quarter', range: { from: '2022-07' } },
    { cut: 'quarter', range: { to: '2020-09' } },
    { cut: 'month', range: { from: '2021-02', to: '2022-11' } },
  ] as const;

  // The LSOA top list of the benchmark and its neighbours: the filters the area cubes have, with every period.
  const lsoaSpecs = (range: { from?: string; to?: string }): PivotSpec[] => {
    const crimeTypes = (labels.get('crime_type') ?? []).slice(0, 2);
    const districts = (labels.get('district') ?? []).slice(0, 1);
    const wards = (labels.get('ward') ?? []).slice(0, 3);
    return [
      { rows: ['lsoa'], columns: [], measure: 'count', filters: [{ dimension: 'crime_type', values: crimeTypes.slice(0, 1) }], ...range },
      { rows: ['lsoa'], columns: ['quarter'], measure: 'count', filters: [{ dimension: 'crime_type', values: crimeTypes }], ...range },
      { rows: ['district', 'lsoa'], columns: ['fin_year'], measure: 'share_row', filters: [], ...range },
      { rows: ['lsoa'], columns: ['offence_group'], measure: 'count', filters: [{ dimension: 'district', values: districts }], ...range },
      { rows: ['ward', 'lsoa'], columns: ['record_type'], measure: 'count', filters: [{ dimension: 'ward', values: wards }], ...range },
      { rows: ['lsoa'], columns: ['year'], measure: 'count', filters: [{ dimension: 'source', values: (labels.get('source') ?? []).slice(0, 1) }], ...range },
    ];
  };

  it('for LSOA pivots with filters, and date ranges on and off financial-year and quarter boundaries', () => {
    const tables = new Set<string>();
    for (const { cut, range } of RANGES_BY_CUT) {
      for (const spec of lsoaSpecs(range)) {
        const dimensions = [...spec.rows, ...spec.columns, ...spec.filters.map((f) => f.dimension)];
        const months = { from: spec.from === undefined ? null : parseMonth(spec.from), to: spec.to === undefined ? null : parseMonth(spec.to) };
        // Quarters and calendar years cut across financial years, so they need the quarter cube at least.
        const cutsQuarters = spec.columns.includes('quarter') || spec.columns.includes('year');
        const expected = cut === 'month' ? 'cube_area' : cut === 'quarter' || cutsQuarters ? 'cube_area_quarter' : 'cube_area_fin_year';
        const table = pivotSource(db, dimensions, months).table;
        expect(table, JSON.stringify(spec)).toBe(expected);
        tables.add(table);
        expectCubeMatchesRecords(spec);
      }
    }
    expect([...tables].sort()).toEqual(['cube_area', 'cube_area_fin_year', 'cube_area_quarter']);
  });

  it('falls back to the records when a filter is on something the area cubes lack', () => {
    // A crime type with victims, so the victim attributes are recorded.
    const crimeType = ['Burglary Dwelling'];
    expect(labels.get('crime_type')).toContain('Burglary Dwelling');
    for (const dimension of ['age_band', 'sex', 'domestic', 'hate', 'alcohol'] satisfies Dimension[]) {
      const spec: PivotSpec = {
        rows: ['lsoa'],
        columns: ['quarter'],
        measure: 'count',
        filters: [
          { dimension: 'crime_type', values: crimeType },
          { dimension, values: (labels.get(dimension) ?? []).slice(0, 2) },
        ],
        from: '2020-04',
        to: '2022-03',
      };
      expect(pivotSource(db, ['lsoa', 'quarter', 'crime_type', dimension], { from: parseMonth('2020-04'), to: parseMonth('2022-03') }).table).toBe('record');
      expectCubeMatchesRecords(spec);
      // And the answer is a real one: some LSOA has records under that filter.
      expect(runPivot(db, spec).grandCount).toBeGreaterThan(0);
    }
  });

  it('the quarter and financial-year cubes hold the same records as the monthly one, at quarter and April starts', () => {
    const totals = db.exec(
      `SELECT (SELECT COUNT(*) FROM record), (SELECT SUM(n) FROM cube_area), (SELECT SUM(n) FROM cube_area_quarter),
              (SELECT SUM(n) FROM cube_area_fin_year),
              (SELECT COUNT(*) FROM cube_area_quarter WHERE month % 3 <> 0), (SELECT COUNT(*) FROM cube_area_fin_year WHERE month % 12 <> 3)`,
    )[0]?.values[0];
    expect(totals).toEqual([totals?.[0], totals?.[0], totals?.[0], totals?.[0], 0, 0]);
    expect(Number(totals?.[0])).toBeGreaterThan(0);
  });
});

describe('which cube answers', () => {
  it('reads the smallest cube that has the dimensions, and months only where the pivot needs them', () => {
    const whole = { from: 24279, to: 24290 };
    expect(chooseCube(['crime_type', 'district'], { from: null, to: null })).toBe('cube_quarter');
    expect(chooseCube(['district', 'fin_year'], { from: null, to: null })).toBe('cube_quarter');
    expect(chooseCube(['crime_type', 'quarter'], { from: 24267, to: 24290 })).toBe('cube_quarter');
    expect(chooseCube(['crime_type', 'quarter'], { from: 24268, to: 24290 })).toBe('cube_month');
    expect(chooseCube(['district', 'month', 'crime_type'], whole)).toBe('cube_month');
    expect(chooseCube(['district', 'month', 'age_band'], whole)).toBe('record_cube');
    expect(chooseCube(['offence_group', 'age_band'], { from: null, to: null })).toBe('cube_total');
    expect(chooseCube(['age_band', 'sex'], { from: null, to: null })).toBe('cube_total');
    expect(chooseCube(['age_band', 'sex', 'month'], whole)).toBe('cube_person');
    expect(chooseCube(['district', 'month', 'domestic'], whole)).toBe('cube_flags');
    expect(chooseCube(['sex', 'domestic', 'month'], whole)).toBe('cube_victim');
    expect(chooseCube(['ward', 'crime_type', 'district'], { from: null, to: null })).toBe('cube_area_total');
    expect(chooseCube(['ward', 'crime_type', 'district'], whole)).toBe('cube_ward');
    // LSOA views: by financial year or quarter where months allow, else by month; never a cube without the dimensions.
    expect(chooseCube(['lsoa', 'crime_type'], whole)).toBe('cube_area_fin_year');
    expect(chooseCube(['lsoa', 'fin_year'], { from: null, to: null })).toBe('cube_area_fin_year');
    expect(chooseCube(['lsoa', 'crime_type', 'district', 'ward'], { from: 24267, to: 24290 })).toBe('cube_area_fin_year');
    expect(chooseCube(['lsoa', 'crime_type'], { from: 24279, to: null })).toBe('cube_area_fin_year');
    expect(chooseCube(['lsoa', 'crime_type'], { from: 24282, to: 24290 })).toBe('cube_area_quarter');
    expect(chooseCube(['lsoa', 'crime_type'], { from: 24279, to: 24287 })).toBe('cube_area_quarter');
    expect(chooseCube(['lsoa', 'quarter'], whole)).toBe('cube_area_quarter');
    expect(chooseCube(['lsoa', 'year'], whole)).toBe('cube_area_quarter');
    expect(chooseCube(['lsoa', 'year'], { from: null, to: null })).toBe('cube_area_quarter');
    expect(chooseCube(['lsoa', 'crime_type'], { from: 24280, to: 24290 })).toBe('cube_area');
    expect(chooseCube(['lsoa', 'month', 'crime_type'], whole)).toBe('cube_area');
    expect(chooseCube(['lsoa', 'crime_type'], { from: null, to: null })).toBe('cube_area_total');
    expect(chooseCube(['lsoa', 'age_band'], whole)).toBeNull();
    expect(chooseCube(['lsoa', 'crime_type', 'domestic'], whole)).toBeNull();
    // Without the month range only monthly cubes are safe.
    expect(chooseCube(['crime_type', 'district'])).toBe('cube_month');
  });

  it('pivots on every cube dimension read a cube, not the records', () => {
    for (const dimension of DIMENSIONS) {
      expect(pivotSource(db, [dimension], { from: null, to: null }).table).not.toBe('record');
    }
  });
});

describe('cubes follow the records', () => {
  it('are rebuilt after an import, a removal and age band or offence group edits', async () => {
    const wb = createWorkbench(SQL);
    await importFiles(wb, [districtFile(2, 1500)], { kind: 'district' });
    refreshCube(wb);
    expect(isCubeCurrent(wb)).toBe(true);
    const specs: PivotSpec[] = [
      { rows: ['offence_group'], columns: ['age_band'], measure: 'count', filters: [] },
      { rows: ['ward'], columns: ['domestic'], measure: 'count', filters: [], from: '2021-04', to: '2022-03' },
      { rows: ['age_band'], columns: ['fin_year'], measure: 'count', filters: [{ dimension: 'sex', values: ['Female'] }] },
    ];
    const check = (): void => {
      for (const spec of specs) expect(runPivot(wb, spec)).toEqual(withRecordTable(wb, () => runPivot(wb, spec)));
    };
    check();
    const before = runPivot(wb, specs[0] ?? { rows: [], columns: [], measure: 'count', filters: [] }).grandCount;

    await importFiles(wb, [districtFile(3, 1500)], { kind: 'district' });
    expect(isCubeCurrent(wb)).toBe(false);
    check();
    expect(runPivot(wb, specs[0] ?? { rows: [], columns: [], measure: 'count', filters: [] }).grandCount).toBeGreaterThan(before);

    const second = Number(wb.exec('SELECT MAX(id) FROM import')[0]?.values[0]?.[0]);
    removeImport(wb, second);
    check();
    // The next import reuses the removed import's id.
    await importFiles(wb, [districtFile(4, 900)], { kind: 'district' });
    expect(Number(wb.exec('SELECT MAX(id) FROM import')[0]?.values[0]?.[0])).toBe(second);
    expect(isCubeCurrent(wb)).toBe(false);
    check();

    setAgeBands(wb, [
      { name: '0-29', minAge: 0, maxAge: 29 },
      { name: '30+', minAge: 30, maxAge: null },
    ]);
    expect(isCubeCurrent(wb)).toBe(false);
    check();

    setOffenceGroup(wb, 'Burglary Dwelling', 'Theft');
    check();
    wb.close();
  });

  it('rebuilds cubes saved by an older design', async () => {
    const wb = createWorkbench(SQL);
    await importFiles(wb, [districtFile(5, 800)], { kind: 'district' });
    refreshCube(wb);
    const count = Number(wb.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0]);
    // The first design's signature: record count and last import id, one table.
    wb.run("UPDATE meta SET value = ? WHERE key = 'cube_signature'", [`${count}:1`]);
    wb.run('DROP TABLE cube_total');
    const spec: PivotSpec = { rows: ['age_band'], columns: ['sex'], measure: 'count', filters: [] };
    expect(runPivot(wb, spec)).toEqual(withRecordTable(wb, () => runPivot(wb, spec)));
    expect(wb.exec("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cube_total'")[0]?.values[0]?.[0]).toBe(1);
    wb.close();
  });
});

describe('how the cubes are counted', () => {
  /** Every row of a table, as sorted text: the same rows whatever order they were written in. */
  const rowsOf = (wb: Database, sql: string): string[] => (wb.exec(sql)[0]?.values ?? []).map((row) => JSON.stringify(row)).sort();

  it('holds exactly the groups and counts of a GROUP BY over the records', () => {
    refreshCube(db);
    const victim = 'crime_type_id, district_id, source, record_type, age_band_id, sex, domestic, hate, alcohol, month';
    expect(rowsOf(db, `SELECT ${victim}, n FROM cube_victim`)).toEqual(rowsOf(db, `SELECT ${victim}, COUNT(*) FROM record GROUP BY ${victim}`));
    const area = 'crime_type_id, district_id, source, record_type, ward_id, lsoa_id';
    expect(rowsOf(db, `SELECT ${area}, month, n FROM cube_area`)).toEqual(rowsOf(db, `SELECT ${area}, month, COUNT(*) FROM record GROUP BY ${area}, month`));
    expect(rowsOf(db, `SELECT ${area}, month, n FROM cube_area_fin_year`)).toEqual(
      rowsOf(db, `SELECT ${area}, ((month - 3) / 12) * 12 + 3 AS m, COUNT(*) FROM record GROUP BY ${area}, m`),
    );
    // NULLs are groups of their own (records with no victim: no age band, sex or flags).
    expect(Number(db.exec('SELECT COUNT(*) FROM cube_victim WHERE age_band_id IS NULL AND sex IS NULL')[0]?.values[0]?.[0])).toBeGreaterThan(0);
  });

  it('falls back to SQL grouping for values too large to count by, with the same answers', async () => {
    const wb = createWorkbench(SQL);
    await importFiles(wb, [districtFile(6, 1200)], { kind: 'district' });
    // A ward id past what a group key holds.
    wb.run('PRAGMA foreign_keys = OFF');
    const ward = Number(wb.exec('SELECT ward_id FROM record WHERE ward_id IS NOT NULL LIMIT 1')[0]?.values[0]?.[0]);
    wb.run('UPDATE record SET ward_id = 70000 WHERE ward_id = ?', [ward]);
    wb.run('UPDATE ward SET id = 70000 WHERE id = ?', [ward]);
    wb.run('PRAGMA foreign_keys = ON');
    refreshCube(wb);
    expect(Number(wb.exec('SELECT SUM(n) FROM cube_ward WHERE ward_id = 70000')[0]?.values[0]?.[0])).toBe(
      Number(wb.exec('SELECT COUNT(*) FROM record WHERE ward_id = 70000')[0]?.values[0]?.[0]),
    );
    for (const spec of [
      { rows: ['ward'], columns: ['crime_type'], measure: 'count', filters: [] },
      { rows: ['lsoa'], columns: ['fin_year'], measure: 'count', filters: [] },
      { rows: ['age_band'], columns: ['month'], measure: 'count', filters: [] },
    ] satisfies PivotSpec[]) {
      expect(runPivot(wb, spec), JSON.stringify(spec)).toEqual(withRecordTable(wb, () => runPivot(wb, spec)));
    }
    wb.close();
  });
});
