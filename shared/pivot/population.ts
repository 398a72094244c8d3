/**
 * Denominators for rates per 1,000 residents: mid-year population by
 * district and year (persons, all ages). A rate is only given where a
 * population was loaded; nothing is invented.
 */
import type { Database } from 'sql.js';
import { FORCE_DISTRICTS, canonicalDistrict } from '../districts';
import { WorkbenchError } from '../errors';

export class PopulationTable {
  private constructor(
    /** district id -> year -> persons. */
    private readonly byDistrict: Map<number, Map<number, number>>,
    private readonly forceDistrictIds: number[],
  ) {}

  static load(db: Database): PopulationTable {
    const hasTable = db.exec("SELECT 1 FROM sqlite_master WHERE name = 'population_all_ages'").length > 0;
    const districtIds = new Map<string, number>();
    for (const [id, name] of db.exec('SELECT id, name FROM district')[0]?.values ?? []) districtIds.set(String(name), Number(id));
    const byDistrict = new Map<number, Map<number, number>>();
    if (hasTable) {
      const rows = db.exec('SELECT district_id, area_name, year, sex, population FROM population_all_ages')[0]?.values ?? [];
      // Persons: the estimate for both sexes where one was given, else the sum of the sexes.
      const persons = new Map<number, Map<number, number>>();
      const bySex = new Map<number, Map<number, number>>();
      for (const [districtId, areaName, year, sex, population] of rows) {
        // Areas imported before any record of their district matched on name now.
        const id = districtId === null ? districtIds.get(canonicalDistrict(String(areaName ?? ''))) : Number(districtId);
        if (id === undefined || population === null) continue;
        const target = sex === null ? persons : bySex;
        const years = target.get(id) ?? new Map<number, number>();
        years.set(Number(year), (years.get(Number(year)) ?? 0) + Number(population));
        target.set(id, years);
      }
      for (const [id, years] of bySex) {
        const merged = persons.get(id) ?? new Map<number, number>();
        for (const [year, count] of years) if (!merged.has(year)) merged.set(year, count);
        persons.set(id, merged);
      }
      for (const [id, years] of persons) byDistrict.set(id, years);
    }
    if (byDistrict.size === 0) {
      throw new WorkbenchError({
        code: 'bad-input',
        message: 'No population loaded: rates per 1,000 need population estimates for the districts and years shown.',
      });
    }
    const forceDistrictIds = FORCE_DISTRICTS.flatMap((name) => {
      const id = districtIds.get(name);
      return id === undefined ? [] : [id];
    });
    return new PopulationTable(byDistrict, forceDistrictIds);
  }

  /** The estimate nearest to the year: the latest at or before it, else the earliest after it. */
  private personsIn(districtId: number, year: number): number | null {
    const years = this.byDistrict.get(districtId);
    if (!years) return null;
    let best: number | null = null;
    for (const y of years.keys()) {
      if (y <= year && (best === null || best > year || y > best)) best = y;
      else if (y > year && (best === null || (best > year && y < best))) best = y;
    }
    return best === null ? null : (years.get(best) ?? null);
  }

  /** Persons in these districts (the force area when none are given); null if any has no estimate. */
  persons(districtIds: readonly number[] | null, year: number): number | null {
    const ids = districtIds ?? this.forceDistrictIds;
    let total = 0;
    for (const id of ids) {
      const persons = this.personsIn(id, year);
      if (persons === null) return null;
      total += persons;
    }
    return ids.length === 0 ? null : total;
  }
}
