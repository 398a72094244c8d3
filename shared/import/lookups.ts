/**
 * Integer codes for dimension values: a value's id is found (or created) once
 * per import and kept in memory, so record inserts bind integers only.
 */
import type { Database } from 'sql.js';
import { OFFENCE_GROUPS, offenceGroupOf } from '../offence-groups';

type LookupTable = 'crime_type' | 'district' | 'outcome' | 'location' | 'offence_group' | 'hate_strand' | 'asb_category';

export class Lookup {
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly table: LookupTable,
  ) {
    const result = db.exec(`SELECT id, name FROM ${table}`)[0];
    for (const [id, name] of result?.values ?? []) this.ids.set(String(name), Number(id));
  }

  idOf(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    this.db.run(`INSERT INTO ${this.table} (name) VALUES (?)`, [name]);
    const id = Number(this.db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
    this.ids.set(name, id);
    return id;
  }
}

/** Wards are named within a district. */
export class WardLookup {
  /** district id -> ward name -> ward id (no key strings built per row). */
  private readonly ids = new Map<number, Map<string, number>>();

  constructor(private readonly db: Database) {
    const result = db.exec('SELECT id, name, district_id FROM ward')[0];
    for (const [id, name, districtId] of result?.values ?? []) this.wardsOf(Number(districtId)).set(String(name), Number(id));
  }

  private wardsOf(districtId: number): Map<string, number> {
    let wards = this.ids.get(districtId);
    if (wards === undefined) {
      wards = new Map();
      this.ids.set(districtId, wards);
    }
    return wards;
  }

  idOf(name: string, districtId: number): number {
    const wards = this.wardsOf(districtId);
    const known = wards.get(name);
    if (known !== undefined) return known;
    this.db.run('INSERT INTO ward (name, district_id) VALUES (?, ?)', [name, districtId]);
    const id = Number(this.db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
    wards.set(name, id);
    return id;
  }
}

/** LSOAs carry their name and district as well as their code. */
export class LsoaLookup {
  private readonly ids = new Map<string, number>();

  constructor(private readonly db: Database) {
    const result = db.exec('SELECT id, code FROM lsoa')[0];
    for (const [id, code] of result?.values ?? []) this.ids.set(String(code), Number(id));
  }

  idOf(code: string, name: string | null, districtId: number | null): number {
    const known = this.ids.get(code);
    if (known !== undefined) return known;
    this.db.run('INSERT INTO lsoa (code, name, district_id) VALUES (?, ?, ?)', [code, name, districtId]);
    const id = Number(this.db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
    this.ids.set(code, id);
    return id;
  }
}

/** Crime types get their offence group when first seen. */
export class CrimeTypeLookup {
  private readonly ids = new Map<string, number>();
  private readonly groups: Lookup;

  constructor(private readonly db: Database) {
    this.groups = new Lookup(db, 'offence_group');
    for (const group of OFFENCE_GROUPS) this.groups.idOf(group);
    const result = db.exec('SELECT id, name FROM crime_type')[0];
    for (const [id, name] of result?.values ?? []) this.ids.set(String(name), Number(id));
  }

  idOf(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const group = offenceGroupOf(name);
    const groupId = group === null ? null : this.groups.idOf(group);
    this.db.run('INSERT INTO crime_type (name, offence_group_id) VALUES (?, ?)', [name, groupId]);
    const id = Number(this.db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
    this.ids.set(name, id);
    return id;
  }
}
