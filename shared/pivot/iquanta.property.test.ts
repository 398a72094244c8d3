/**
 * Property test for iQuanta pivots: random published figures (areas,
 * measures, single months and rolling windows) and random specs give the
 * same cells as a brute-force reading of the figures.
 */
import fc from 'fast-check';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { createWorkbench } from '../workbench';
import type { Dimension } from './dimensions';
import { runPivot } from './run-pivot';
import { IQUANTA_MEASURES, type IquantaMeasure, type PivotSpec } from './spec';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

interface Figure {
  area: string;
  measure: string;
  month: number;
  window: 1 | 12;
  count: number;
  rate: number | null;
  average: number | null;
  rank: number | null;
  lower: number | null;
  upper: number | null;
}

const AREAS = ['Nottinghamshire', 'Mansfield CSP', 'Ashfield CSP'];
const MEASURE_NAMES = ['All crime', 'Robbery', 'Violence against the person'];
const FIRST = 2014 * 12;
const orNull = <T,>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 5 });
const figureArb: fc.Arbitrary<Figure> = fc.record({
  area: fc.constantFrom(...AREAS),
  measure: fc.constantFrom(...MEASURE_NAMES),
  month: fc.integer({ min: FIRST, max: FIRST + 23 }),
  window: fc.constantFrom(1 as const, 1 as const, 12 as const),
  count: fc.integer({ min: 0, max: 5000 }),
  // Coarse values, so a rate often sits exactly on the band's edge (which is within).
  rate: orNull(fc.integer({ min: 0, max: 10 }).map((n) => n / 2)),
  average: orNull(fc.integer({ min: 0, max: 100 }).map((n) => n / 10)),
  rank: orNull(fc.integer({ min: 1, max: 15 })),
  lower: orNull(fc.integer({ min: 0, max: 5 }).map((n) => n / 2)),
  upper: orNull(fc.integer({ min: 5, max: 10 }).map((n) => n / 2)),
});
const figuresArb = fc.uniqueArray(figureArb, { maxLength: 120, size: 'max', selector: (f) => `${f.area}|${f.measure}|${f.month}|${f.window}` });

const DIMS: Dimension[] = ['iq_area', 'iq_measure', 'month', 'quarter', 'fin_year', 'year'];
const monthLabel = (m: number): string => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
// Half the specs are the analyst's usual one (area and measure by month), where every cell is one figure.
const shapeArb = fc.oneof(
  fc.constant({ rows: ['iq_area', 'iq_measure'] satisfies Dimension[], columns: ['month'] satisfies Dimension[] }),
  fc.record({ rows: fc.uniqueArray(fc.constantFrom(...DIMS), { minLength: 1, maxLength: 2 }), columns: fc.uniqueArray(fc.constantFrom(...DIMS), { maxLength: 2 }) }),
);
const specArb: fc.Arbitrary<PivotSpec> = fc
  .record({
    shape: shapeArb,
    measure: fc.constantFrom(...IQUANTA_MEASURES),
    areas: fc.option(fc.subarray(AREAS, { minLength: 1 }), { nil: undefined }),
    from: fc.option(fc.integer({ min: FIRST - 2, max: FIRST + 25 }).map(monthLabel), { nil: undefined }),
    to: fc.option(fc.integer({ min: FIRST - 2, max: FIRST + 25 }).map(monthLabel), { nil: undefined }),
  })
  .map(({ shape, measure, areas, from, to }) => {
    const rows: Dimension[] = [...shape.rows];
    const columns: Dimension[] = shape.columns.filter((c) => !rows.includes(c));
    const spec: PivotSpec = { rows, columns, measure, filters: areas === undefined ? [] : [{ dimension: 'iq_area', values: areas }] };
    if (from !== undefined) spec.from = from;
    if (to !== undefined) spec.to = to;
    return spec;
  });

/** A figure's label and sort rank for a dimension. */
function valueOf(f: Figure, dimension: Dimension): { label: string; rank: number } {
  const m = f.month;
  const y = Math.floor(m / 12);
  switch (dimension) {
    case 'iq_area':
      return { label: f.area, rank: [...AREAS].sort((a, b) => a.localeCompare(b)).indexOf(f.area) };
    case 'iq_measure':
      return { label: f.measure, rank: [...MEASURE_NAMES].sort((a, b) => a.localeCompare(b)).indexOf(f.measure) };
    case 'month':
      return { label: monthLabel(m), rank: m };
    case 'quarter':
      return { label: `${y}-Q${Math.floor((m % 12) / 3) + 1}`, rank: Math.floor(m / 3) };
    case 'fin_year': {
      const start = m % 12 >= 3 ? y : y - 1;
      return { label: `${start}/${String((start + 1) % 100).padStart(2, '0')}`, rank: start };
    }
    default:
      return { label: String(y), rank: y };
  }
}

function reference(figures: Figure[], spec: PivotSpec): { columns: string[][]; rows: { key: string[]; values: (number | null)[]; text: (string | null)[] }[] } {
  const parse = (t: string | undefined): number | null => (t === undefined ? null : Number(t.slice(0, 4)) * 12 + Number(t.slice(5)) - 1);
  const from = parse(spec.from);
  const to = parse(spec.to);
  const areas = spec.filters[0]?.values;
  const selected = figures.filter((f) => (from === null || f.month >= from) && (to === null || f.month <= to) && (areas === undefined || areas.includes(f.area)));
  // The single month where iQuanta gives it, else the window.
  const shown = selected.filter((f) => f.window === 1 || !selected.some((g) => g.window === 1 && g.area === f.area && g.measure === f.measure && g.month === f.month));
  const longerPeriod = [...spec.rows, ...spec.columns].some((d) => ['quarter', 'fin_year', 'year'].includes(d));
  const tuple = (f: Figure, dims: readonly Dimension[]): { key: string; labels: string[]; ranks: number[] } => {
    const values = dims.map((d) => valueOf(f, d));
    return { key: values.map((v) => v.label).join('|'), labels: values.map((v) => v.label), ranks: values.map((v) => v.rank) };
  };
  const keys = (dims: readonly Dimension[]): ReturnType<typeof tuple>[] => {
    const map = new Map(shown.map((f) => [tuple(f, dims).key, tuple(f, dims)]));
    return [...map.values()].sort((a, b) => {
      for (let i = 0; i < a.ranks.length; i++) if (a.ranks[i] !== b.ranks[i]) return (a.ranks[i] ?? 0) - (b.ranks[i] ?? 0);
      return 0;
    });
  };
  const rowKeys = keys(spec.rows);
  const columnKeys = keys(spec.columns);
  const cell = (row: string, column: string): { value: number | null; text: string | null } => {
    const list = shown.filter((f) => tuple(f, spec.rows).key === row && tuple(f, spec.columns).key === column && (!longerPeriod || f.window === 1));
    const [first] = list;
    if (first === undefined) return { value: null, text: null };
    if (list.length > 1) {
      const oneSeries = list.every((f) => f.area === first.area && f.measure === first.measure && f.window === 1);
      if (spec.measure === 'iq_value' && oneSeries) return { value: list.reduce((s, f) => s + f.count, 0), text: null };
      // A whole quarter or year of one series: its months' rates (or MSG averages) added up, in month order.
      const dims = [...spec.rows, ...spec.columns];
      const months = dims.includes('quarter') ? 3 : 12;
      if ((spec.measure === 'iq_rate' || spec.measure === 'iq_msg_average') && oneSeries && !dims.includes('month') && list.length === months) {
        const values = [...list].sort((a, b) => a.month - b.month).map((f) => (spec.measure === 'iq_rate' ? f.rate : f.average));
        return { value: values.some((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0), text: null };
      }
      return { value: null, text: null };
    }
    const m = spec.measure as IquantaMeasure;
    if (m === 'iq_value') return { value: first.count, text: null };
    if (m === 'iq_rate') return { value: first.rate, text: null };
    if (m === 'iq_msg_average') return { value: first.average, text: null };
    if (m === 'iq_rank') return { value: first.rank, text: first.rank === null ? null : `${first.rank} of 15` };
    if (first.rate === null || first.lower === null || first.upper === null) return { value: null, text: null };
    const position = first.rate > first.upper ? 1 : first.rate < first.lower ? -1 : 0;
    return { value: position, text: ['Below', 'Within', 'Above'][position + 1] ?? null };
  };
  return {
    columns: columnKeys.map((c) => c.labels),
    rows: rowKeys.map((r) => {
      const cells = columnKeys.map((c) => cell(r.key, c.key));
      return { key: r.labels, values: cells.map((c) => c.value), text: cells.map((c) => c.text) };
    }),
  };
}

describe('iQuanta pivots against a brute-force reading (property-based)', () => {
  it('random figures and specs: values, text and blanks agree', () => {
    fc.assert(
      fc.property(figuresArb, fc.array(specArb, { minLength: 10, maxLength: 10 }), (figures, specs) => {
        const db = createWorkbench(SQL);
        try {
          db.run(
            `INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at)
             VALUES ('iq', 0, '', 'iquanta', 0, 0, 0, 0, 0, '2026-01-01T00:00:00Z')`,
          );
          for (const f of figures) {
            db.run(
              `INSERT INTO iquanta_value (import_id, area, measure, period, month, window_months, count, rate_per_1000, msg_average, msg_rank, msg_size, msg_lower, msg_upper)
               VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 15, ?, ?)`,
              [f.area, f.measure, monthLabel(f.month), f.month, f.window, f.count, f.rate, f.average, f.rank, f.lower, f.upper],
            );
          }
          for (const spec of specs) {
            const expected = reference(figures, spec);
            const result = runPivot(db, spec);
            const label = JSON.stringify(spec);
            expect(result.columns, label).toEqual(expected.columns);
            expect(result.rows.map((r) => r.key), label).toEqual(expected.rows.map((r) => r.key));
            expect(result.rows.map((r) => r.values), label).toEqual(expected.rows.map((r) => r.values));
            if (spec.measure === 'iq_rank' || spec.measure === 'iq_msg_position') {
              expect(result.rows.map((r) => r.text), label).toEqual(expected.rows.map((r) => r.text));
            }
            expect([...result.rows.map((r) => r.total), ...result.columnTotals, result.grandTotal].every((t) => t === null), label).toBe(true);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 15 },
    );
  });
});
