/**
 * iQuanta-style comparative aggregates (FORMATS.md §2): monthly counts and
 * rates for the force and its eight districts (as CSPs), each set against a
 * simulated most similar group (MSG). Counts are taken from the generated
 * district records so the two extracts agree; the MSG peers are simulated
 * around the area's own average rate with the force's seasonal shape.
 */

import { Calendar } from './calendar';
import type { CsvValue } from './csv';
import { CRIME_TYPES, IQUANTA_MEASURES } from './crime-types';
import { DISTRICTS } from './geography';
import { PLANTED } from './planted';
import { Random, deriveSeed } from './prng';

export const FORCE_AREA = 'Nottinghamshire';

export interface IquantaRow {
  area: string;
  area_type: 'Force' | 'CSP';
  measure: string;
  /** `2019-04` */
  period: string;
  count: number;
  rate_per_1000: number;
  msg_average: number;
  msg_rank: number;
  msg_size: number;
  msg_lower: number;
  msg_upper: number;
}

export const IQUANTA_COLUMNS = [
  'area',
  'area_type',
  'measure',
  'period',
  'count',
  'rate_per_1000',
  'msg_average',
  'msg_rank',
  'msg_size',
  'msg_lower',
  'msg_upper',
] as const satisfies ReadonlyArray<keyof IquantaRow>;

/** Members of each MSG, the area included (forces are compared with fewer peers than CSPs). */
const MSG_SIZE = { Force: 8, CSP: 15 } as const;

/** The iQuanta name of a district's CSP. */
export function cspName(district: string): string {
  return `${district} CSP`;
}

const MEASURES_BY_TYPE = new Map(CRIME_TYPES.map((t) => [t.name, ['All crime', ...t.iquantaMeasures]]));

/** The minimum a record needs to be counted. */
export interface CountableRecord {
  district: string;
  crime_type: string;
  record_type: string;
  monthIndex: number;
}

/** Monthly counts per district and measure, filled record by record while the district files stream out. */
export class IquantaCounter {
  readonly months: number;
  private readonly counts = new Map<string, Map<string, Int32Array>>();

  constructor(months = PLANTED.window.years * 12) {
    this.months = months;
    for (const d of DISTRICTS) {
      this.counts.set(d.name, new Map(IQUANTA_MEASURES.map((m) => [m, new Int32Array(months)])));
    }
  }

  add(record: CountableRecord): void {
    if (record.record_type !== 'crime') return; // iQuanta counts recorded crime, not ASB incidents
    const byMeasure = this.counts.get(record.district);
    const measures = MEASURES_BY_TYPE.get(record.crime_type);
    if (byMeasure === undefined || measures === undefined) return;
    for (const m of measures) {
      const series = byMeasure.get(m);
      if (series !== undefined && record.monthIndex >= 0 && record.monthIndex < this.months) {
        series[record.monthIndex] = (series[record.monthIndex] ?? 0) + 1;
      }
    }
  }

  addAll(records: Iterable<CountableRecord>): this {
    for (const r of records) this.add(r);
    return this;
  }

  /** Counts of one district and measure (zeros when nothing was counted). */
  series(district: string, measure: string): Int32Array {
    return this.counts.get(district)?.get(measure) ?? new Int32Array(this.months);
  }
}

export interface IquantaOptions {
  seed: number;
  counts: IquantaCounter;
  firstFinancialYear?: number;
  years?: number;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Long layout rows: force first, then the eight CSPs; measures in IQUANTA_MEASURES order; months in order. */
export function iquantaRows(options: IquantaOptions): IquantaRow[] {
  const calendar = new Calendar(options.firstFinancialYear ?? PLANTED.window.firstFinancialYear, options.years ?? PLANTED.window.years);
  const months = calendar.months.length;
  const rng = new Random(deriveSeed(options.seed, 'iquanta'));
  const forcePopulation = DISTRICTS.reduce((s, d) => s + d.population, 0);
  const areas: Array<{ area: string; type: 'Force' | 'CSP'; population: number; series: (measure: string) => Int32Array }> = [
    {
      area: FORCE_AREA,
      type: 'Force',
      population: forcePopulation,
      series: (measure) => {
        const total = new Int32Array(months);
        for (const d of DISTRICTS) {
          const s = options.counts.series(d.name, measure);
          for (let i = 0; i < months; i += 1) total[i] = (total[i] ?? 0) + (s[i] ?? 0);
        }
        return total;
      },
    },
    ...DISTRICTS.map((d) => ({
      area: cspName(d.name),
      type: 'CSP' as const,
      population: d.population,
      series: (measure: string) => options.counts.series(d.name, measure),
    })),
  ];
  const force = areas[0];
  const rows: IquantaRow[] = [];
  for (const area of areas) {
    for (const measure of IQUANTA_MEASURES) {
      const counts = area.series(measure);
      const forceCounts = force?.series(measure) ?? counts;
      const forceMean = forceCounts.reduce((s, c) => s + c, 0) / months;
      const rates = Array.from(counts, (c) => (c / area.population) * 1000);
      const meanRate = rates.reduce((s, r) => s + r, 0) / months;
      const size = MSG_SIZE[area.type];
      // Peers are stable over time (the same forces or CSPs month after month): each has its own level.
      const peerLevels = Array.from({ length: size - 1 }, () => Math.exp(0.22 * rng.normal()));
      for (let i = 0; i < months; i += 1) {
        const own = rates[i] ?? 0;
        const shape = forceMean > 0 ? (forceCounts[i] ?? 0) / forceMean : 1;
        const members = peerLevels.map((level) => Math.max(0, meanRate * shape * level * (1 + 0.05 * rng.normal())));
        members.push(own);
        const average = members.reduce((s, r) => s + r, 0) / members.length;
        const sd = Math.sqrt(members.reduce((s, r) => s + (r - average) ** 2, 0) / (members.length - 1));
        const rank = 1 + members.slice(0, -1).filter((r) => r < own).length;
        rows.push({
          area: area.area,
          area_type: area.type,
          measure,
          period: calendar.month(i).iso,
          count: counts[i] ?? 0,
          rate_per_1000: round3(own),
          msg_average: round3(average),
          msg_rank: rank,
          msg_size: size,
          msg_lower: round3(Math.max(0, average - sd)),
          msg_upper: round3(average + sd),
        });
      }
    }
  }
  return rows;
}

/** Wide layout (as often downloaded): one row per area and measure, one count column per month (`Apr 2019`). */
export function iquantaWide(rows: readonly IquantaRow[], firstFinancialYear = 2019, years = 5): { header: string[]; rows: CsvValue[][] } {
  const calendar = new Calendar(firstFinancialYear, years);
  const index = new Map(calendar.months.map((m) => [m.iso, m.index]));
  const byKey = new Map<string, CsvValue[]>();
  for (const row of rows) {
    const key = `${row.area}\u0000${row.measure}`;
    let out = byKey.get(key);
    if (out === undefined) {
      out = [row.area, row.area_type, row.measure, ...calendar.months.map(() => 0)];
      byKey.set(key, out);
    }
    const i = index.get(row.period);
    if (i !== undefined) out[3 + i] = row.count;
  }
  return { header: ['area', 'area_type', 'measure', ...calendar.months.map((m) => m.label)], rows: [...byKey.values()] };
}
