/**
 * Which mid-year population estimate each rate per 1,000 divides by, where it
 * is not the period's own year. With only the mid-2020 estimates loaded, every
 * rate for 2023 and 2024 divides by 2020's residents; the note says so by
 * period ("Rates for 2023/24 and 2024/25 use the mid-2020 population
 * estimates, the nearest year loaded"), naming the districts only when some
 * of those shown have the year's own estimate.
 */
import type { PeriodDimension } from './dimensions';

/** A period a rate is for: a row or column label, or (dimension null) the whole span of a pivot with no period. */
export interface RatePeriod {
  dimension: PeriodDimension | null;
  code: number;
  label: string;
}

/** "A, B and C". */
function listed(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

/** Periods by name, a run of four or more in a row as "first to last" ("Jan 2023 to Dec 2024"). */
function periodsText(periods: readonly RatePeriod[]): string {
  const words: string[] = [];
  const byDimension = new Map<PeriodDimension | null, RatePeriod[]>();
  for (const period of periods) byDimension.set(period.dimension, [...(byDimension.get(period.dimension) ?? []), period]);
  for (const [dimension, list] of byDimension) {
    const sorted = [...list].sort((a, b) => a.code - b.code);
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (dimension !== null && j + 1 < sorted.length && (sorted[j + 1]?.code ?? 0) === (sorted[j]?.code ?? 0) + 1) j++;
      const first = sorted[i]?.label ?? '';
      const last = sorted[j]?.label ?? '';
      if (j - i >= 3) words.push(`${first} to ${last}`);
      else for (let k = i; k <= j; k++) words.push(sorted[k]?.label ?? '');
      i = j + 1;
    }
  }
  return listed(words);
}

export class EstimateYears {
  /** Year asked for -> the districts whose residents some rate for it divided by. */
  private readonly asked = new Map<number, Set<number>>();
  /** Year asked for -> the periods of its rates, by `${dimension}|${code}`. */
  private readonly periods = new Map<number, Map<string, RatePeriod>>();
  /** Year asked for -> another year whose estimate was used -> the districts it was used for. */
  private readonly used = new Map<number, Map<number, Set<number>>>();

  /** A rate for these periods divided by the residents of `year`, from these estimate years by district. */
  record(year: number, periods: readonly RatePeriod[], estimateYears: ReadonlyMap<number, ReadonlySet<number>> | undefined): void {
    if (estimateYears === undefined) return;
    const asked = this.asked.get(year) ?? new Set<number>();
    this.asked.set(year, asked);
    const shown = this.periods.get(year) ?? new Map<string, RatePeriod>();
    this.periods.set(year, shown);
    for (const period of periods) shown.set(`${period.dimension ?? ''}|${period.code}`, period);
    const used = this.used.get(year) ?? new Map<number, Set<number>>();
    this.used.set(year, used);
    for (const [district, years] of estimateYears) {
      asked.add(district);
      for (const estimate of years) {
        if (estimate === year) continue;
        const districts = used.get(estimate) ?? new Set<number>();
        districts.add(district);
        used.set(estimate, districts);
      }
    }
  }

  /** One note per estimate year used (and districts, when not all of those shown), naming the periods it is used for. */
  notes(nameOf: (district: number) => string): string[] {
    const groups = new Map<string, { estimate: number; whose: string[]; periods: Map<string, RatePeriod> }>();
    for (const [year, used] of [...this.used].sort((a, b) => a[0] - b[0])) {
      for (const [estimate, districts] of [...used].sort((a, b) => a[0] - b[0])) {
        const isEveryone = districts.size === (this.asked.get(year)?.size ?? 0);
        const whose = isEveryone ? [] : [...districts].map(nameOf).sort((a, b) => a.localeCompare(b));
        const key = `${estimate}|${whose.join('|')}`;
        const group = groups.get(key) ?? { estimate, whose, periods: new Map<string, RatePeriod>() };
        for (const [at, period] of this.periods.get(year) ?? []) group.periods.set(at, period);
        groups.set(key, group);
      }
    }
    return [...groups.values()].map(({ estimate, whose, periods }) => {
      const names = whose.length > 8 ? `${whose.slice(0, 8).join(', ')} and ${whose.length - 8} more` : listed(whose);
      return `Rates for ${periodsText([...periods.values()])} use the mid-${estimate} population estimates${whose.length === 0 ? '' : ` for ${names}`}, the nearest year loaded.`;
    });
  }
}
