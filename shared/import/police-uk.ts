/**
 * police.uk street-level CSVs (`YYYY-MM-<force>-street.csv`).
 *
 * police.uk counts every row, and so do we: identical rows in one file are
 * separate incidents, and a Crime ID can appear twice in one month. A
 * record's key is therefore the row's month, its Crime ID (or, for ASB rows
 * that have none, its whole content) and its occurrence number within the
 * file: re-importing a file adds nothing, and nothing real is collapsed.
 */
import type { Database, Statement } from 'sql.js';
import { UNKNOWN_DISTRICT, districtFromLsoaName } from '../districts';
import { DigestText, equalBytes } from './digest';
import { ANTI_SOCIAL_BEHAVIOUR } from '../offence-groups';
import { LEGACY_RECORD_KEYS_META, RECORD_TYPE, SOURCE, readMeta } from '../schema';
import { digest128 as sha256Digest128 } from '../hash';
import { parseMonth } from '../periods';
import { RecordVersionKeeper } from '../record-versions';
import { CrimeTypeLookup, Lookup, LsoaLookup } from './lookups';
import { normaliseHeader } from './text';
import type { RejectedRow } from './types';
import { isRadixLiteral, prepareRefFill } from './writer';

export const POLICE_UK_HEADER = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const;

const REQUIRED = ['month', 'crime_type'] as const;
const ROW_FIELDS = ['crime_id', 'crime_type', 'last_outcome_category', 'latitude', 'location', 'longitude', 'lsoa_code', 'lsoa_name', 'month'] as const;
const ASB_LOWER = ANTI_SOCIAL_BEHAVIOUR.toLowerCase();

/** True when a header row is police.uk's. */
export function isPoliceUkHeader(header: readonly string[]): boolean {
  const names = new Set(header.map(normaliseHeader));
  return names.has('crime_id') && names.has('month') && names.has('falls_within') && names.has('crime_type');
}

export interface RowOutcome {
  status: 'accepted' | 'duplicate' | 'updated' | 'rejected';
  reject?: RejectedRow;
}
const ACCEPTED: RowOutcome = Object.freeze({ status: 'accepted' });
const DUPLICATE: RowOutcome = Object.freeze({ status: 'duplicate' });
const UPDATED: RowOutcome = Object.freeze({ status: 'updated' });

/** Inserts police.uk rows one at a time, inside the caller's transaction. */
export class PoliceUkRowWriter {
  private readonly column: Record<string, number> = {};
  private readonly occurrences = new Map<string, number>();
  private readonly crimeTypes: CrimeTypeLookup;
  private readonly districts: Lookup;
  private readonly outcomes: Lookup;
  private readonly locations: Lookup;
  private readonly lsoas: LsoaLookup;
  private readonly findExisting;
  private readonly insert;
  private readonly update;
  /** Keeps each record as it was before this import updates it (an outcome changed), so removing the import can put it back. */
  private readonly versions: RecordVersionKeeper;
  private readonly key = new Uint8Array(16);
  private readonly contentHash = new Uint8Array(16);
  private readonly digestText = new DigestText();
  /** LSOA name -> district id: names repeat on nearly every row, the pattern need not. */
  private readonly districtOfLsoaName = new Map<string, number>();
  private readonly params: (string | number | Uint8Array | null)[] = new Array<null>(12).fill(null);
  /** Fills in the Crime ID of a record imported before references were kept, when this file has it again. */
  private readonly fillRef: Statement | null;

  constructor(
    private readonly db: Database,
    header: readonly string[],
    private readonly fileName: string,
    private readonly importId: number,
  ) {
    header.forEach((name, index) => {
      // The first column of a name, as for the other kinds (the import warns about the others).
      const key = normaliseHeader(name);
      if (!Object.hasOwn(this.column, key)) this.column[key] = index;
    });
    this.columns = Object.fromEntries(ROW_FIELDS.map((field) => [field, this.column[field] ?? -1])) as Record<(typeof ROW_FIELDS)[number], number>;
    for (const field of REQUIRED) {
      if (this.column[field] === undefined) {
        throw new Error(`${fileName} line 1: the header has no "${field.replace('_', ' ')}" column.`);
      }
    }
    this.crimeTypes = new CrimeTypeLookup(db);
    this.districts = new Lookup(db, 'district');
    this.outcomes = new Lookup(db, 'outcome');
    this.locations = new Lookup(db, 'location');
    this.lsoas = new LsoaLookup(db);
    this.findExisting = db.prepare('SELECT id, content_hash FROM record WHERE record_key = ?');
    // Insert first and look up only on conflict: a new record costs one statement. Import and
    // source are literals: the same for every row.
    this.insert = db.prepare(
      `INSERT INTO record (record_key, import_id, source, record_type, month, crime_type_id, district_id,
        lsoa_id, location_id, outcome_id, latitude, longitude, content_hash, record_ref)
       VALUES (?, ${Math.trunc(importId)}, ${SOURCE['police-uk']}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(record_key) DO NOTHING`,
    );
    this.update = db.prepare(
      `UPDATE record SET import_id = ?, outcome_id = ?, location_id = ?, lsoa_id = ?, district_id = ?,
        latitude = ?, longitude = ?, crime_type_id = ?, record_type = ?, content_hash = ?, record_ref = IFNULL(record_ref, ?)
        WHERE id = ?`,
    );
    this.versions = new RecordVersionKeeper(db, importId);
    this.hasSha256Keys = readMeta(db, LEGACY_RECORD_KEYS_META) === 'sha256';
    this.fillRef = prepareRefFill(db);
  }

  /** The workbench holds records keyed by the earliest builds (SHA-256): see LEGACY_RECORD_KEYS_META. */
  private readonly hasSha256Keys: boolean;

  /**
   * A record an earliest build imported from this row, found by its SHA-256 key, re-keyed to
   * today's key (and content hash), so the same row is never counted twice; null when there is none.
   */
  private rekeySha256Record(keyText: string, cells: readonly string[], crimeId: string, key: Uint8Array, contentHash: Uint8Array | null): 'same' | 'changed' | null {
    this.findExisting.bind([sha256Digest128(keyText)]);
    const existing = this.findExisting.step() ? this.findExisting.get() : null;
    this.findExisting.reset();
    if (existing === null) return null;
    const stored = existing[1];
    const same = crimeId === '' || (stored instanceof Uint8Array && equalBytes(stored, sha256Digest128(cells.map((cell) => cell.trim()).join('\u001f'))));
    // A changed record keeps no content hash, so the insert below finds it under today's key as an update.
    // It gets its Crime ID too: the first builds kept none.
    this.db.run('UPDATE record SET record_key = ?, content_hash = ?, record_ref = IFNULL(record_ref, ?) WHERE id = ?', [
      key,
      same ? contentHash : null,
      crimeId === '' ? null : crimeId,
      Number(existing[0]),
    ]);
    return same ? 'same' : 'changed';
  }

  /** Column indexes of the fields read per row (-1 when absent), found once: no keyed lookup per cell. */
  private readonly columns: Readonly<Record<(typeof ROW_FIELDS)[number], number>>;

  private field(row: readonly string[], index: number): string {
    return index < 0 ? '' : (row[index] ?? '').trim();
  }

  write(row: readonly string[], line: number): RowOutcome {
    const c = this.columns;
    const monthText = this.field(row, c.month);
    const month = parseMonth(monthText);
    if (month === null) {
      return reject(line, 'Month', monthText === '' ? 'missing month' : `unreadable month "${monthText}"`);
    }
    const crimeType = this.field(row, c.crime_type);
    if (crimeType === '') return reject(line, 'Crime type', 'missing crime type');

    const latitude = optionalNumber(this.field(row, c.latitude));
    const longitude = optionalNumber(this.field(row, c.longitude));
    if (latitude === undefined) return reject(line, 'Latitude', `not a number: "${this.field(row, c.latitude)}"`);
    if (longitude === undefined) {
      return reject(line, 'Longitude', `not a number: "${this.field(row, c.longitude)}"`);
    }

    const crimeId = this.field(row, c.crime_id);
    const d = this.digestText;
    const identity = crimeId === '' ? `asb\u001f${monthText}\u001f${row.map((cell) => cell.trim()).join('\u001f')}` : `crime\u001f${monthText}\u001f${crimeId}`;
    const occurrence = (this.occurrences.get(identity) ?? 0) + 1;
    this.occurrences.set(identity, occurrence);
    const recordKey = this.key;
    // The digest of `police-uk\u001e${identity}\u001e${occurrence}`, without the string.
    d.reset().text('police-uk').unit(0x1e).text(identity).unit(0x1e).value(occurrence).digestInto(recordKey);
    let contentHash: Uint8Array | null = null;
    if (crimeId !== '') {
      // The digest of the trimmed cells joined by \u001f.
      d.reset();
      for (let i = 0; i < row.length; i++) {
        if (i > 0) d.unit(0x1f);
        d.text((row[i] ?? '').trim());
      }
      contentHash = this.contentHash;
      d.digestInto(contentHash);
    }

    const lsoaCode = this.field(row, c.lsoa_code);
    const lsoaName = this.field(row, c.lsoa_name);
    let districtId = this.districtOfLsoaName.get(lsoaName);
    if (districtId === undefined) {
      districtId = this.districts.idOf(districtFromLsoaName(lsoaName) ?? UNKNOWN_DISTRICT);
      this.districtOfLsoaName.set(lsoaName, districtId);
    }
    const lsoaId = lsoaCode === '' ? null : this.lsoas.idOf(lsoaCode, lsoaName || null, districtId);
    const location = this.field(row, c.location);
    const locationId = location === '' ? null : this.locations.idOf(location);
    const outcome = this.field(row, c.last_outcome_category);
    const outcomeId = outcome === '' ? null : this.outcomes.idOf(outcome);
    const crimeTypeId = this.crimeTypes.idOf(crimeType);
    const recordType =
      crimeType.length === ASB_LOWER.length && crimeType.toLowerCase() === ASB_LOWER ? RECORD_TYPE.incident : RECORD_TYPE.crime;

    // Before today's insert: a record an earliest build keyed from this row is the same record.
    const legacy = this.hasSha256Keys
      ? this.rekeySha256Record(`police-uk\u001e${identity}\u001e${occurrence}`, row, crimeId, recordKey, contentHash)
      : null;
    if (legacy === 'same') return DUPLICATE;

    const p = this.params;
    p[0] = recordKey;
    p[1] = recordType;
    p[2] = month;
    p[3] = crimeTypeId;
    p[4] = districtId;
    p[5] = lsoaId;
    p[6] = locationId;
    p[7] = outcomeId;
    p[8] = latitude;
    p[9] = longitude;
    p[10] = contentHash;
    // The Crime ID (ASB incidents have none).
    p[11] = crimeId === '' ? null : crimeId;
    // bind() resets the statement first; run() would reset it again after the step, a second
    // reset and clearing of 26 bindings per row for nothing (the next row's bind does it).
    this.insert.bind(p);
    this.insert.step();
    if (this.db.getRowsModified() === 1) return ACCEPTED;
    this.findExisting.bind([recordKey]);
    const existing = this.findExisting.step() ? this.findExisting.get() : null;
    this.findExisting.reset();
    if (existing !== null) {
      const stored = existing[1];
      if (contentHash === null || (stored instanceof Uint8Array && equalBytes(stored, contentHash))) {
        if (crimeId !== '') this.fillRef?.run([crimeId, Number(existing[0])]);
        return DUPLICATE;
      }
      this.versions.keep(Number(existing[0]));
      this.update.run([
        this.importId,
        outcomeId,
        locationId,
        lsoaId,
        districtId,
        latitude,
        longitude,
        crimeTypeId,
        recordType,
        contentHash,
        crimeId,
        existing[0] as number,
      ]);
      return UPDATED;
    }
    throw new Error(`${this.fileName} line ${line}: a record was neither inserted nor found`);
  }

  /** Releases the prepared statements. */
  close(): void {
    this.versions.free();
    this.findExisting.free();
    this.insert.free();
    this.update.free();
    this.fillRef?.free();
  }

  get file(): string {
    return this.fileName;
  }
}

function reject(line: number, field: string, reason: string): RowOutcome {
  return { status: 'rejected', reject: { line, field, reason } };
}

/** null for an empty cell, undefined for text that is not a number. */
function optionalNumber(text: string): number | null | undefined {
  if (text === '') return null;
  const value = Number(text);
  if (Number.isFinite(value) && !isRadixLiteral(text)) return value;
  // A Unicode minus sign (U+2212) is a minus; thousands separators are not in a coordinate.
  const signed = text.replace(/^\u2212/, '-');
  const again = signed === text || isRadixLiteral(signed) ? Number.NaN : Number(signed);
  return Number.isFinite(again) ? again : undefined;
}
