/**
 * Integer codes for dimension values: a value's id is found (or created) once
 * per import and kept in memory, so record inserts bind integers only.
 */
import type { Database } from 'sql.js';
import { OFFENCE_GROUPS, POLICE_UK_OFFENCE_GROUP } from '../offence-groups';

type LookupTable = 'crime_type' | 'district' | 'outcome' | 'location' | 'offence_group';

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
    const group = POLICE_UK_OFFENCE_GROUP[name.toLowerCase()];
    const groupId = group === undefined ? null : this.groups.idOf(group);
    this.db.run('INSERT INTO crime_type (name, offence_group_id) VALUES (?, ?)', [name, groupId]);
    const id = Number(this.db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
    this.ids.set(name, id);
    return id;
  }
}
