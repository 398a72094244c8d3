/**
 * District profile extracts (FORMATS.md section 1): one row per recorded
 * crime or ASB incident from the force's or the CSP's own system.
 *
 * Rows are read by district-parse.ts into batches (district-batch.ts),
 * here or in a parse worker; this side writes the batches. A record's key is
 * a digest of 'district' and its reference, so the same crime in a later or
 * overlapping extract is found again: unchanged it is a duplicate; changed it
 * is updated in place and the change logged in `record_change`. The victim
 * reference is replaced by its keyed pseudonym before anything is stored,
 * hashed or logged.
 */
import type { Database, Statement } from 'sql.js';
import { AgeBandLookup } from '../age-bands';
import { FORCE_DISTRICTS } from '../districts';
import { pseudonymKey } from '../pseudonym';
import { RecordVersionKeeper } from '../record-versions';
import { SOURCE } from '../schema';
import { formatMonth } from '../periods';
import { RawInsert } from '../sqljs-raw';
import { daysFromCivil, formatDay } from './dates';
import {
  type DistrictBatch,
  DistrictChunkParser,
  KEY_BYTES,
  NUMBERS,
  NUMBER_FIELDS,
  PSEUDONYM_BYTES,
  TEXTS,
  TEXT_FIELDS,
  emptyWidths,
  pseudonymAt,
  refAt,
} from './district-batch';
import { DistrictRowParser, type DistrictParseSetup } from './district-parse';
import { equalBytes } from './digest';
import { CrimeTypeLookup, Lookup, LsoaLookup, WardLookup } from './lookups';
import type { RecordKeys } from './record-keys';
import { ArrayRows } from './text';
import { ACCEPTED, DUPLICATE, type PreviewRow, type RowOutcome, type RowWriter, UPDATED, type WriterContext, columnOf, prepareRefFill } from './writer';

const FIELDS_SQL = `record_type, month, day, hour, crime_type_id, district_id, ward_id, lsoa_id, outcome_id,
  easting, northing, latitude, longitude, victim_pseudonym, age_band_id, sex, domestic, hate, alcohol,
  reported_day, offence_code, hate_strand_id, asb_category_id, victim_age, offender_age_band, content_hash`;

/**
 * The stored record's fields, for the change log: coded fields as their
 * ids, named through NAMED_FIELDS (a join per row cost five times the read).
 */
const STORED_SQL = `SELECT record_type, month, day, hour, crime_type_id, district_id, ward_id, lsoa_id, outcome_id,
  easting, northing, latitude, longitude, victim_pseudonym, age_band_id, sex, domestic, hate, alcohol,
  reported_day, offence_code, hate_strand_id, asb_category_id, victim_age, offender_age_band
  FROM record WHERE id = ?`;
/** STORED_SQL's coded columns (by position) and how their ids read as text. */
const NAMED_FIELDS: Readonly<Record<number, string>> = {
  4: 'SELECT name FROM crime_type WHERE id = ?',
  5: 'SELECT name FROM district WHERE id = ?',
  6: 'SELECT name FROM ward WHERE id = ?',
  7: 'SELECT code FROM lsoa WHERE id = ?',
  8: 'SELECT name FROM outcome WHERE id = ?',
  14: 'SELECT name FROM age_band WHERE id = ?',
  21: 'SELECT name FROM hate_strand WHERE id = ?',
  22: 'SELECT name FROM asb_category WHERE id = ?',
};
const CHANGE_FIELDS = [
  'record_type', 'month', 'day', 'hour', 'crime_type', 'district', 'ward', 'lsoa_code', 'outcome',
  'easting', 'northing', 'latitude', 'longitude', 'victim_pseudonym', 'age_band', 'sex', 'domestic', 'hate', 'alcohol',
  'reported_day', 'offence_code', 'hate_strand', 'asb_category', 'victim_age', 'offender_age_band',
] as const;

const C_MONTH = CHANGE_FIELDS.indexOf('month');
const C_DAY = CHANGE_FIELDS.indexOf('day');
const C_REPORTED_DAY = CHANGE_FIELDS.indexOf('reported_day');

/** The parser's setup for a file going into this workbench (creates the pseudonym key if the file needs one). */
export function districtParseSetup(context: WriterContext): DistrictParseSetup {
  const { db, mapping, now } = context;
  const districts = new Set<string>(FORCE_DISTRICTS);
  for (const [name] of db.exec('SELECT name FROM district')[0]?.values ?? []) districts.add(String(name));
  return {
    mapping,
    isSpreadsheet: context.isSpreadsheet,
    today: daysFromCivil(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()),
    districts: [...districts],
    pseudonymKey: DistrictRowParser.needsPseudonymKey(mapping) ? pseudonymKey(db) : null,
    headerWidth: context.header.length,
  };
}

/** Counts of what one batch did. */
export interface BatchOutcome {
  accepted: number;
  duplicate: number;
  updated: number;
}

/** Text fields resolved to ids through the lookups (the others are bound as text). */
const F_CRIME_TYPE = TEXT_FIELDS.indexOf('crimeType');
const F_DISTRICT = TEXT_FIELDS.indexOf('district');
const F_WARD = TEXT_FIELDS.indexOf('ward');
const F_LSOA = TEXT_FIELDS.indexOf('lsoaCode');
const F_OUTCOME = TEXT_FIELDS.indexOf('outcome');
const F_AGE_BAND = TEXT_FIELDS.indexOf('ageBand');
const F_HATE_STRAND = TEXT_FIELDS.indexOf('hateStrand');
const F_ASB = TEXT_FIELDS.indexOf('asbCategory');
const F_OFFENCE_CODE = TEXT_FIELDS.indexOf('offenceCode');
const F_OFFENDER_BAND = TEXT_FIELDS.indexOf('offenderAgeBand');
/** The INSERT parameters bound as dictionary texts (offence code, offender age band), as their text field; -1 for the others. */
const PSEUDONYM_PARAM = 14;
/** The id's parameter (bound when the key index is dropped) and the reference's, after the fields. */
const ID_PARAM = 26;
const REF_PARAM = 27;
const TEXT_PARAMS: readonly number[] = Object.assign(new Array<number>(26).fill(-1), {
  21: TEXT_FIELDS.indexOf('offenceCode'),
  25: TEXT_FIELDS.indexOf('offenderAgeBand'),
});
/**
 * Per INSERT parameter (FIELDS_SQL order, 1-25), the extract columns that
 * supply it; none for those every row has (committed date, crime type,
 * district). A file without any of a parameter's columns says nothing about
 * that field: an update keeps what the record holds rather than blanking it.
 */
const SUPPLIED_BY: Readonly<Record<number, readonly string[]>> = {
  1: ['record_type'],
  7: ['ward'],
  8: ['lsoa_code'],
  9: ['outcome'],
  10: ['easting', 'northing'],
  11: ['easting', 'northing'],
  12: ['latitude', 'longitude'],
  13: ['latitude', 'longitude'],
  14: ['victim_ref'],
  15: ['victim_age', 'victim_age_band'],
  16: ['victim_sex'],
  17: ['domestic'],
  18: ['hate'],
  19: ['alcohol'],
  20: ['reported_date'],
  21: ['offence_code'],
  22: ['hate'],
  23: ['asb_category'],
  24: ['victim_age', 'victim_age_band'],
  25: ['offender_age_band'],
};
const N = Object.fromEntries(NUMBER_FIELDS.map((field, i) => [field, i])) as Record<(typeof NUMBER_FIELDS)[number], number>;

export class DistrictRowWriter implements RowWriter {
  private readonly db: Database;
  private readonly importId: number;
  private readonly setup: DistrictParseSetup;
  /** Rows written one at a time (write) and the mapping dialog's preview read through this parser. */
  private ownParser: DistrictChunkParser | null = null;
  /** Where the batches come from: dictionary codes are only meaningful within one source. */
  private source: 'own' | 'other' | null = null;
  /** The batches' dictionary, in code order. */
  private readonly texts: string[] = [];
  /** Per text field, code -> id (lookup fields) once resolved. */
  private readonly ids: (number | null | undefined)[][] = TEXT_FIELDS.map(() => []);
  private lookups: {
    crimeTypes: CrimeTypeLookup;
    districts: Lookup;
    wards: WardLookup;
    lsoas: LsoaLookup;
    outcomes: Lookup;
    hateStrands: Lookup;
    asbCategories: Lookup;
    ageBands: AgeBandLookup;
    /** Given band names (not ages), in the shape idOf takes. */
    ageBandNames: { idOf(name: string): number | null };
  } | null = null;
  private readonly insert: Statement;
  /** Its parameters bound straight through SQLite's C functions, when sql.js allows (sqljs-raw.ts). */
  private readonly rawInsert: RawInsert | null;
  /** The batch being written. */
  private batch: DistrictBatch = { count: 0, lines: new Int32Array(0), numbers: new Float64Array(0), texts: new Int32Array(0), keys: new Uint8Array(0), pseudonyms: new Uint8Array(0), refs: new Uint8Array(0), refEnds: new Int32Array(0), newTexts: [], read: 0, rejects: [], skipped: [], widths: emptyWidths() };
  private readonly findExisting: Statement;
  private readonly update: Statement;
  /**
   * The INSERT's parameters: key and hash, then the fields (FIELDS_SQL order, without content_hash), the
   * id (when the key index is dropped; unused otherwise) and the record's reference.
   */
  private readonly params: (string | number | Uint8Array | null)[] = new Array<null>(REF_PARAM + 1).fill(null);
  /** The UPDATE's: the fields, the content hash, the record id and the reference. */
  private readonly updateParams: (string | number | Uint8Array | null)[] = new Array<null>(28).fill(null);
  /** Fills in the reference of a record imported before references were kept, when this file has it again. */
  private readonly fillRef: Statement | null;
  /** Set when the record key index is dropped: keys are found here, and new records get ids from nextId. */
  private recordKeys: RecordKeys | null;
  private nextId = 0;
  /** INSERT parameters (1-25) this file has no column for: an update keeps the stored value. */
  private readonly keptParams: readonly number[];
  /** Keeps each record as it was before this import updates it, so removing the import can put it back. */
  private readonly versions: RecordVersionKeeper;

  constructor(context: WriterContext) {
    const { db } = context;
    this.db = db;
    this.importId = context.importId;
    this.setup = districtParseSetup(context);
    // Insert first and look up only on conflict: a new record costs one statement. The import
    // and source are the same for every row: literals, not two more bindings per row.
    const importId = Math.trunc(this.importId);
    this.recordKeys = context.recordKeys ?? null;
    if (this.recordKeys === null) {
      this.insert = db.prepare(
        `INSERT INTO record (record_key, import_id, source, ${FIELDS_SQL}, record_ref)
         VALUES (substr(?1, 1, 16), ${importId}, ${SOURCE.district}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
           ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, substr(?1, 17, 16), ?${REF_PARAM + 1})
         ON CONFLICT(record_key) DO NOTHING`,
      );
    } else {
      // No key index to conflict with: the keys were checked, and the id is bound (?27) to be kept with the key.
      this.nextId = Number(db.exec('SELECT IFNULL(MAX(id), 0) + 1 FROM record')[0]?.values[0]?.[0] ?? 1);
      this.insert = db.prepare(
        `INSERT INTO record (record_key, import_id, source, ${FIELDS_SQL}, id, record_ref)
         VALUES (substr(?1, 1, 16), ${importId}, ${SOURCE.district}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
           ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, substr(?1, 17, 16), ?${ID_PARAM + 1}, ?${REF_PARAM + 1})`,
      );
    }
    this.rawInsert = RawInsert.of(db, this.insert);
    this.keptParams = Object.entries(SUPPLIED_BY)
      .filter(([, columns]) => columns.every((column) => columnOf(context.mapping, column) < 0))
      .map(([param]) => Number(param));
    this.versions = new RecordVersionKeeper(db, this.importId);
    this.findExisting = db.prepare('SELECT id, content_hash FROM record WHERE record_key = ?');
    this.fillRef = prepareRefFill(db);
    this.update = db.prepare(
      `UPDATE record SET import_id = ${importId}, source = ${SOURCE.district}, record_type = ?, month = ?, day = ?, hour = ?, crime_type_id = ?,
        district_id = ?, ward_id = ?, lsoa_id = ?, outcome_id = ?, easting = ?, northing = ?, latitude = ?,
        longitude = ?, victim_pseudonym = ?, age_band_id = ?, sex = ?, domestic = ?, hate = ?, alcohol = ?,
        reported_day = ?, offence_code = ?, hate_strand_id = ?, asb_category_id = ?, victim_age = ?,
        offender_age_band = ?, content_hash = ?, record_ref = IFNULL(record_ref, ?28) WHERE id = ?27`,
    );
  }

  /** What a parse worker needs to read this file's rows as this writer expects them. */
  parseSetup(): DistrictParseSetup {
    return this.setup;
  }

  /** This writer's own chunk parser, for reading rows on the database thread. */
  chunkParser(): DistrictChunkParser {
    this.ownParser ??= new DistrictChunkParser(this.setup);
    return this.ownParser;
  }

  private lookup(): NonNullable<DistrictRowWriter['lookups']> {
    if (this.lookups !== null) return this.lookups;
    const ageBands = new AgeBandLookup(this.db);
    this.lookups = {
      crimeTypes: new CrimeTypeLookup(this.db),
      districts: new Lookup(this.db, 'district'),
      wards: new WardLookup(this.db),
      lsoas: new LsoaLookup(this.db),
      outcomes: new Lookup(this.db, 'outcome'),
      hateStrands: new Lookup(this.db, 'hate_strand'),
      asbCategories: new Lookup(this.db, 'asb_category'),
      ageBands,
      ageBandNames: { idOf: (name) => ageBands.ofName(name) },
    };
    return this.lookups;
  }

  /** The id of a lookup field's text, resolved once per code. */
  private idOf(field: number, code: number, lookup: { idOf(name: string): number | null }): number | null {
    if (code < 0) return null;
    const ids = this.ids[field] ?? [];
    let id = ids[code];
    if (id === undefined) {
      id = lookup.idOf(this.texts[code] ?? '');
      ids[code] = id;
    }
    return id;
  }

  private textOf(code: number): string | null {
    return code < 0 ? null : (this.texts[code] ?? null);
  }

  write(row: readonly string[], line: number): RowOutcome {
    const batch = this.chunkParser().parseChunk({ rows: new ArrayRows([[...row]], [line]), firstIndex: line - 1, sumRowIndex: -1 });
    const reject = batch.rejects[0];
    if (reject !== undefined) return { status: 'rejected', reject };
    if (batch.count === 0) return { status: 'rejected', reject: { line, field: '', reason: 'not a data row' } };
    const outcome = this.writeBatch(batch, 'own');
    return outcome.accepted === 1 ? ACCEPTED : outcome.duplicate === 1 ? DUPLICATE : UPDATED;
  }

  /**
   * Writes a batch's good rows. `source` says whose parser made it: this
   * writer's own ('own') or a worker's ('other'); one writer takes batches
   * from one source only, as their dictionary codes continue batch to batch.
   */
  writeBatch(batch: DistrictBatch, source: 'own' | 'other'): BatchOutcome {
    if (this.source !== null && this.source !== source) throw new Error('district batches from two parsers in one import');
    this.source = source;
    for (const text of batch.newTexts) this.texts.push(text);
    const outcome: BatchOutcome = { accepted: 0, duplicate: 0, updated: 0 };
    const l = this.lookup();
    const p = this.params;
    const { numbers, texts, keys, pseudonyms } = batch;
    this.batch = batch;
    const raw = this.rawInsert;
    const recordKeys = this.recordKeys;
    const refsLength = batch.count === 0 ? 0 : (batch.refEnds[batch.count - 1] ?? 0);
    raw?.loadBlock([keys.subarray(0, batch.count * KEY_BYTES), pseudonyms.subarray(0, batch.count * PSEUDONYM_BYTES), batch.refs.subarray(0, refsLength)]);
    for (let i = 0; i < batch.count; i++) {
      const n = i * NUMBERS;
      const t = i * TEXTS;
      const districtId = this.idOf(F_DISTRICT, texts[t + F_DISTRICT] ?? -1, l.districts) ?? 0;
      const victimAge = orNull(numbers[n + N.victimAge]);
      const ageBandCode = texts[t + F_AGE_BAND] ?? -1;
      let ageBandId: number | null = null;
      if (victimAge !== null) ageBandId = l.ageBands.ofAge(victimAge);
      else if (ageBandCode >= 0) ageBandId = this.idOf(F_AGE_BAND, ageBandCode, l.ageBandNames);
      const ward = this.textOf(texts[t + F_WARD] ?? -1);
      const lsoa = this.textOf(texts[t + F_LSOA] ?? -1);
      const keyAndHash = keys.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES);
      p[0] = keyAndHash;
      p[1] = orNull(numbers[n + N.recordType]);
      p[2] = orNull(numbers[n + N.month]);
      p[3] = orNull(numbers[n + N.day]);
      p[4] = orNull(numbers[n + N.hour]);
      p[5] = this.idOf(F_CRIME_TYPE, texts[t + F_CRIME_TYPE] ?? -1, l.crimeTypes);
      p[6] = districtId;
      p[7] = ward === null ? null : l.wards.idOf(ward, districtId);
      p[8] = lsoa === null ? null : l.lsoas.idOf(lsoa, null, districtId);
      p[9] = this.idOf(F_OUTCOME, texts[t + F_OUTCOME] ?? -1, l.outcomes);
      p[10] = orNull(numbers[n + N.easting]);
      p[11] = orNull(numbers[n + N.northing]);
      p[12] = orNull(numbers[n + N.latitude]);
      p[13] = orNull(numbers[n + N.longitude]);
      // Bound from the batch's bytes when binding raw; as a string otherwise.
      p[14] = raw === null ? pseudonymAt(pseudonyms, i) : null;
      p[15] = ageBandId;
      p[16] = orNull(numbers[n + N.sex]);
      p[17] = orNull(numbers[n + N.domestic]);
      p[18] = orNull(numbers[n + N.hate]);
      p[19] = orNull(numbers[n + N.alcohol]);
      p[20] = orNull(numbers[n + N.reportedDay]);
      p[21] = this.textOf(texts[t + F_OFFENCE_CODE] ?? -1);
      p[22] = this.idOf(F_HATE_STRAND, texts[t + F_HATE_STRAND] ?? -1, l.hateStrands);
      p[23] = this.idOf(F_ASB, texts[t + F_ASB] ?? -1, l.asbCategories);
      p[24] = victimAge;
      p[25] = this.textOf(texts[t + F_OFFENDER_BAND] ?? -1);
      if (recordKeys !== null) {
        const keyAt = i * KEY_BYTES;
        const entry = recordKeys.find(keys, keyAt);
        if (entry < 0) {
          const id = this.nextId++;
          p[ID_PARAM] = id;
          if (!this.insertRow(i)) throw new Error(`line ${batch.lines[i] ?? '?'}: record not inserted`);
          recordKeys.add(keys, keyAt, keys, keyAt + 16, id);
          outcome.accepted++;
        } else if (recordKeys.hashEquals(entry, keys, keyAt + 16)) {
          this.fillRefOf(recordKeys.idOf(entry), i);
          outcome.duplicate++;
        } else if (this.updateRecord(batch, i, recordKeys.idOf(entry), keyAndHash.subarray(16, 32))) {
          recordKeys.setHash(entry, keys, keyAt + 16);
          outcome.updated++;
        } else outcome.duplicate++;
        continue;
      }
      if (this.insertRow(i)) {
        outcome.accepted++;
        continue;
      }
      if (this.writeExisting(batch, i, keyAndHash)) outcome.updated++;
      else outcome.duplicate++;
    }
    return outcome;
  }

  /** Inserts the row in `params` (row `i` of the batch loaded): true when it is a new record. */
  private insertRow(i: number): boolean {
    const p = this.params;
    const raw = this.rawInsert;
    if (raw !== null) {
      raw.blob(1, i * KEY_BYTES, KEY_BYTES);
      const batch = this.batch;
      const t = i * TEXTS;
      for (let k = 1; k < p.length; k++) {
        const field = TEXT_PARAMS[k] ?? -1;
        if (field >= 0) raw.text(k + 1, batch.texts[t + field] ?? -1, this.texts);
        else if (k === PSEUDONYM_PARAM) {
          if (batch.pseudonyms[i * PSEUDONYM_BYTES] === 0) raw.number(k + 1, null);
          else raw.textInBlock(k + 1, batch.count * KEY_BYTES + i * PSEUDONYM_BYTES, PSEUDONYM_BYTES);
        } else if (k === REF_PARAM) {
          const start = i === 0 ? 0 : (batch.refEnds[i - 1] ?? 0);
          raw.textInBlock(k + 1, batch.count * (KEY_BYTES + PSEUDONYM_BYTES) + start, (batch.refEnds[i] ?? start) - start);
        } else raw.number(k + 1, (p[k] ?? null) as number | null);
      }
      // The statement was reset after its step: SQLite's count of changes still tells whether it inserted.
      if (raw.step()) return this.db.getRowsModified() === 1;
    }
    // sql.js's own binding: where the raw one is not available, or to report an SQLite error with its message.
    // bind() resets the statement first; run() would reset it again after the step, for nothing.
    p[REF_PARAM] = refAt(this.batch, i);
    this.insert.bind(p);
    this.insert.step();
    return this.db.getRowsModified() === 1;
  }

  /** A row whose key is already stored: a duplicate (false) or an update, logged (true). */
  private writeExisting(batch: DistrictBatch, i: number, keyAndHash: Uint8Array): boolean {
    const key = keyAndHash.subarray(0, 16);
    const contentHash = keyAndHash.subarray(16, 32);
    this.findExisting.bind([key]);
    const existing = this.findExisting.step() ? this.findExisting.get() : null;
    this.findExisting.reset();
    if (existing === null) throw new Error(`line ${batch.lines[i] ?? '?'}: record not inserted and not found`);
    const stored = existing[1];
    if (stored instanceof Uint8Array && equalBytes(stored, contentHash)) {
      this.fillRefOf(Number(existing[0]), i);
      return false;
    }
    return this.updateRecord(batch, i, Number(existing[0]), contentHash);
  }

  /**
   * A stored record whose content hash differs from row `i` of the batch (its
   * fields in `params`): updated to the row, logging what changed, and true;
   * or false when it holds the row already, once the fields this file has no
   * column for are kept (a duplicate).
   */
  private updateRecord(batch: DistrictBatch, i: number, recordId: number, contentHash: Uint8Array): boolean {
    const old = this.storedFields(recordId);
    if (old === undefined) throw new Error(`line ${batch.lines[i] ?? '?'}: record ${recordId} not found`);
    this.params[14] = pseudonymAt(batch.pseudonyms, i);
    // UPDATE binds the record's fields (the INSERT's after the key and hash), the content hash, then the id.
    const p = this.params;
    const u = this.updateParams;
    for (let k = 1; k < 26; k++) u[k - 1] = p[k] ?? null;
    for (const k of this.keptParams) u[k - 1] = old[k - 1] ?? null;
    if (sameFields(u, old)) {
      this.fillRefOf(recordId, i);
      return false;
    }
    this.logChanges(recordId, old, u);
    this.versions.keep(recordId);
    u[25] = contentHash;
    u[26] = recordId;
    u[27] = refAt(batch, i);
    this.update.run(u);
    return true;
  }

  /** Row `i`'s reference into its record, if the record was imported before references were kept. */
  private fillRefOf(recordId: number, i: number): void {
    this.fillRef?.run([refAt(this.batch, i), recordId]);
  }

  /** The update path's statements, prepared on the first update: most imports have none. */
  private changeLog: { stored: Statement; change: Statement; names: Map<number, Statement> } | null = null;
  /** Names of coded values already read for the change log, by STORED_SQL column then id. */
  private readonly storedNames = new Map<number, Map<number, string | null>>();

  /** The text of a stored coded value (its name, or the LSOA's code), as the change log shows it. */
  private storedName(column: number, id: number): string | null {
    let names = this.storedNames.get(column);
    if (names === undefined) {
      names = new Map();
      this.storedNames.set(column, names);
    }
    let name = names.get(id);
    if (name === undefined) {
      const changeLog = this.changeLog;
      const sql = NAMED_FIELDS[column];
      if (changeLog === null || sql === undefined) return null;
      let statement = changeLog.names.get(column);
      if (statement === undefined) {
        statement = this.db.prepare(sql);
        changeLog.names.set(column, statement);
      }
      statement.bind([id]);
      const value = statement.step() ? statement.get()[0] : null;
      statement.reset();
      name = value === null || value === undefined ? null : String(value);
      names.set(id, name);
    }
    return name;
  }

  /** The record's fields as stored (STORED_SQL order: the INSERT's parameters 1-25). */
  private storedFields(recordId: number): (string | number | Uint8Array | null)[] | undefined {
    this.changeLog ??= {
      stored: this.db.prepare(STORED_SQL),
      change: this.db.prepare('INSERT INTO record_change (import_id, record_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)'),
      names: new Map(),
    };
    const { stored } = this.changeLog;
    stored.bind([recordId]);
    const old = stored.step() ? stored.get() : undefined;
    stored.reset();
    return old;
  }

  /**
   * Writes the fields that differ to record_change, coded fields by name (the
   * victim pseudonym as a marker only).
   */
  private logChanges(recordId: number, old: readonly (string | number | Uint8Array | null)[], next: readonly (string | number | Uint8Array | null)[]): void {
    const change = this.changeLog?.change;
    if (change === undefined) return;
    const shown = (column: number, value: string | number | Uint8Array | null | undefined): string | null => {
      if (value === null || value === undefined) return null;
      if (NAMED_FIELDS[column] !== undefined) return this.storedName(column, Number(value));
      // Months and days as the analyst writes them, not as their stored counts.
      if (column === C_MONTH) return formatMonth(Number(value));
      if (column === C_DAY || column === C_REPORTED_DAY) return formatDay(Number(value));
      return String(value);
    };
    CHANGE_FIELDS.forEach((field, column) => {
      if (sameValue(old[column], next[column])) return;
      const isVictim = field === 'victim_pseudonym';
      change.run([this.importId, recordId, field, isVictim ? null : shown(column, old[column]), isVictim ? null : shown(column, next[column])]);
    });
  }

  preview(row: readonly string[], line: number): PreviewRow {
    const parser = this.chunkParser().parser;
    const failure = parser.parse(row, line);
    if (failure?.reject !== undefined) return { line, values: {}, reject: failure.reject };
    return { line, values: parser.previewValues() };
  }

  close(): void {
    this.recordKeys = null;
    if (this.changeLog !== null) {
      const { stored, change, names } = this.changeLog;
      for (const statement of [stored, change, ...names.values()]) statement.free();
    }
    this.versions.free();
    this.rawInsert?.free();
    this.insert.free();
    this.findExisting.free();
    this.update.free();
    this.fillRef?.free();
  }
}

/** A batch number: NaN stands for null. */
function orNull(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}

/** A field's value as bound and as stored: null and undefined alike. */
function sameValue(a: string | number | Uint8Array | null | undefined, b: string | number | Uint8Array | null | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

/** The UPDATE's 25 field parameters equal the stored fields: nothing to change (no array copied per row). */
function sameFields(next: readonly (string | number | Uint8Array | null)[], stored: readonly (string | number | Uint8Array | null)[]): boolean {
  for (let k = 0; k < 25; k++) if (!sameValue(next[k], stored[k])) return false;
  return true;
}
