/**
 * District profile extracts (FORMATS.md section 1): one row per recorded
 * crime or ASB incident from the force's or the CSP's own system.
 *
 * A record's key is a digest of 'district' and its reference, so the same
 * crime in a later or overlapping extract is found again: unchanged it is a
 * duplicate; changed it is updated in place and the change logged in
 * `record_change`. The victim reference is replaced by its keyed pseudonym
 * before anything is stored, hashed or logged; a rejected row's victim
 * reference cell is blanked.
 */
import type { Database, Statement } from 'sql.js';
import { AgeBandLookup, MAX_AGE, parseAgeBand } from '../age-bands';
import { FORCE_DISTRICTS, canonicalDistrict } from '../districts';
import { ANTI_SOCIAL_BEHAVIOUR } from '../offence-groups';
import { Pseudonymiser, pseudonymKey } from '../pseudonym';
import { RECORD_TYPE, SOURCE } from '../schema';
import { type ParsedDate, daysFromCivil, formatDay, parseDate } from './dates';
import { DigestText, equalBytes } from './digest';
import { CrimeTypeLookup, Lookup, LsoaLookup, WardLookup } from './lookups';
import {
  ACCEPTED,
  DUPLICATE,
  type PreviewRow,
  type RowOutcome,
  type RowWriter,
  UPDATED,
  type WriterContext,
  cell,
  columnOf,
  parseFlag,
  parseNumber,
  parseSex,
  rejected,
} from './writer';

const HATE_STRANDS: Readonly<Record<string, string>> = {
  race: 'Race',
  racial: 'Race',
  religion: 'Religion',
  'religion or belief': 'Religion',
  faith: 'Religion',
  'sexual orientation': 'Sexual orientation',
  homophobic: 'Sexual orientation',
  disability: 'Disability',
  transgender: 'Transgender',
  'transgender identity': 'Transgender',
  gender: 'Transgender',
};

/** The unit separator between fields of the content hash's text. */
const US = 0x1f;
const LSOA_CODE = /^[EW]01\d{6}$/;
const UNKNOWN_AGE = /^(unknown|not known|u|n\/?k)$/i;
const ASB_LOWER = ANTI_SOCIAL_BEHAVIOUR.toLowerCase();
const ASB_LENGTH = ASB_LOWER.length;

/** One row's parsed values; a single instance is reused for every row. */
interface DistrictValues {
  ref: string;
  recordType: number;
  day: number;
  month: number;
  hour: number | null;
  reportedDay: number | null;
  offenceCode: string | null;
  crimeType: string;
  district: string;
  ward: string | null;
  lsoaCode: string | null;
  easting: number | null;
  northing: number | null;
  latitude: number | null;
  longitude: number | null;
  pseudonym: string | null;
  victimAge: number | null;
  ageBand: string | null;
  sex: number | null;
  domestic: number | null;
  hate: number | null;
  hateStrand: string | null;
  alcohol: number | null;
  asbCategory: string | null;
  outcome: string | null;
  offenderAgeBand: string | null;
}

const FIELDS_SQL = `record_type, month, day, hour, crime_type_id, district_id, ward_id, lsoa_id, outcome_id,
  easting, northing, latitude, longitude, victim_pseudonym, age_band_id, sex, domestic, hate, alcohol,
  reported_day, offence_code, hate_strand_id, asb_category_id, victim_age, offender_age_band, content_hash`;

/** The stored record as comparable text, for the change log. */
const STORED_SQL = `SELECT r.record_type, r.month, r.day, r.hour, ct.name, d.name, w.name, l.code, o.name,
  r.easting, r.northing, r.latitude, r.longitude, r.victim_pseudonym, ab.name, r.sex, r.domestic, r.hate, r.alcohol,
  r.reported_day, r.offence_code, hs.name, ac.name, r.victim_age, r.offender_age_band
  FROM record r
  JOIN crime_type ct ON ct.id = r.crime_type_id
  JOIN district d ON d.id = r.district_id
  LEFT JOIN ward w ON w.id = r.ward_id
  LEFT JOIN lsoa l ON l.id = r.lsoa_id
  LEFT JOIN outcome o ON o.id = r.outcome_id
  LEFT JOIN age_band ab ON ab.id = r.age_band_id
  LEFT JOIN hate_strand hs ON hs.id = r.hate_strand_id
  LEFT JOIN asb_category ac ON ac.id = r.asb_category_id
  WHERE r.id = ?`;
const CHANGE_FIELDS = [
  'record_type', 'month', 'day', 'hour', 'crime_type', 'district', 'ward', 'lsoa_code', 'outcome',
  'easting', 'northing', 'latitude', 'longitude', 'victim_pseudonym', 'age_band', 'sex', 'domestic', 'hate', 'alcohol',
  'reported_day', 'offence_code', 'hate_strand', 'asb_category', 'victim_age', 'offender_age_band',
] as const;

export class DistrictRowWriter implements RowWriter {
  private readonly db: Database;
  private readonly importId: number;
  private readonly isSpreadsheet: boolean;
  private readonly today: number;
  // Column indexes (-1 when absent).
  private readonly cRef: number;
  private readonly cType: number;
  private readonly cCommitted: number;
  private readonly cReported: number;
  private readonly cCode: number;
  private readonly cCrimeType: number;
  private readonly cDistrict: number;
  private readonly cWard: number;
  private readonly cLsoa: number;
  private readonly cEasting: number;
  private readonly cNorthing: number;
  private readonly cLatitude: number;
  private readonly cLongitude: number;
  private readonly cVictim: number;
  private readonly cAge: number;
  private readonly cAgeBand: number;
  private readonly cSex: number;
  private readonly cOffenderBand: number;
  private readonly cDomestic: number;
  private readonly cHate: number;
  private readonly cAlcohol: number;
  private readonly cAsb: number;
  private readonly cOutcome: number;

  private readonly v: DistrictValues = {
    ref: '', recordType: 1, day: 0, month: 0, hour: null, reportedDay: null, offenceCode: null, crimeType: '',
    district: '', ward: null, lsoaCode: null, easting: null, northing: null, latitude: null, longitude: null,
    pseudonym: null, victimAge: null, ageBand: null, sex: null, domestic: null, hate: null, hateStrand: null,
    alcohol: null, asbCategory: null, outcome: null, offenderAgeBand: null,
  };
  private readonly date: ParsedDate = { day: 0, month: 0, hour: null };
  private readonly knownDistricts = new Map<string, string | null>();
  private readonly offenderBands = new Map<string, string>();
  private pseudonymiser: Pseudonymiser | null = null;
  private lookups: {
    crimeTypes: CrimeTypeLookup;
    districts: Lookup;
    wards: WardLookup;
    lsoas: LsoaLookup;
    outcomes: Lookup;
    hateStrands: Lookup;
    asbCategories: Lookup;
    ageBands: AgeBandLookup;
  } | null = null;
  private readonly districtIds = new Map<string, number>();
  /** The record key and the content hash, side by side: bound as one blob (one allocation in sql.js, not two). */
  private readonly keyAndHash = new Uint8Array(32);
  private readonly key = this.keyAndHash.subarray(0, 16);
  private readonly contentHash = this.keyAndHash.subarray(16, 32);
  private readonly digestText = new DigestText();
  private readonly insert: Statement;
  private readonly findExisting: Statement;
  private readonly update: Statement;
  /** The INSERT's parameters: key and hash, then the fields (FIELDS_SQL order, without content_hash). */
  private readonly params: (string | number | Uint8Array | null)[] = new Array<null>(26).fill(null);
  /** The UPDATE's: the fields, then the record id. */
  private readonly updateParams: (string | number | Uint8Array | null)[] = new Array<null>(27).fill(null);

  constructor(private readonly context: WriterContext) {
    const { db, mapping } = context;
    this.db = db;
    this.importId = context.importId;
    this.isSpreadsheet = context.isSpreadsheet;
    const now = context.now;
    this.today = daysFromCivil(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
    this.cRef = columnOf(mapping, 'record_ref');
    this.cType = columnOf(mapping, 'record_type');
    this.cCommitted = columnOf(mapping, 'committed_date');
    this.cReported = columnOf(mapping, 'reported_date');
    this.cCode = columnOf(mapping, 'offence_code');
    this.cCrimeType = columnOf(mapping, 'crime_type');
    this.cDistrict = columnOf(mapping, 'district');
    this.cWard = columnOf(mapping, 'ward');
    this.cLsoa = columnOf(mapping, 'lsoa_code');
    this.cEasting = columnOf(mapping, 'easting');
    this.cNorthing = columnOf(mapping, 'northing');
    this.cLatitude = columnOf(mapping, 'latitude');
    this.cLongitude = columnOf(mapping, 'longitude');
    this.cVictim = columnOf(mapping, 'victim_ref');
    this.cAge = columnOf(mapping, 'victim_age');
    this.cAgeBand = columnOf(mapping, 'victim_age_band');
    this.cSex = columnOf(mapping, 'victim_sex');
    this.cOffenderBand = columnOf(mapping, 'offender_age_band');
    this.cDomestic = columnOf(mapping, 'domestic');
    this.cHate = columnOf(mapping, 'hate');
    this.cAlcohol = columnOf(mapping, 'alcohol');
    this.cAsb = columnOf(mapping, 'asb_category');
    this.cOutcome = columnOf(mapping, 'outcome');
    for (const [name] of db.exec('SELECT name FROM district')[0]?.values ?? []) {
      this.knownDistricts.set(String(name).toLowerCase(), String(name));
    }
    for (const name of FORCE_DISTRICTS) this.knownDistricts.set(name.toLowerCase(), name);
    // Insert first and look up only on conflict: a new record costs one statement. The import
    // and source are the same for every row: literals, not two more bindings per row.
    const importId = Math.trunc(this.importId);
    this.insert = db.prepare(
      `INSERT INTO record (record_key, import_id, source, ${FIELDS_SQL})
       VALUES (substr(?1, 1, 16), ${importId}, ${SOURCE.district}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
         ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, substr(?1, 17, 16))
       ON CONFLICT(record_key) DO NOTHING`,
    );
    this.findExisting = db.prepare('SELECT id, content_hash FROM record WHERE record_key = ?');
    this.update = db.prepare(
      `UPDATE record SET import_id = ${importId}, source = ${SOURCE.district}, record_type = ?, month = ?, day = ?, hour = ?, crime_type_id = ?,
        district_id = ?, ward_id = ?, lsoa_id = ?, outcome_id = ?, easting = ?, northing = ?, latitude = ?,
        longitude = ?, victim_pseudonym = ?, age_band_id = ?, sex = ?, domestic = ?, hate = ?, alcohol = ?,
        reported_day = ?, offence_code = ?, hate_strand_id = ?, asb_category_id = ?, victim_age = ?,
        offender_age_band = ?, content_hash = ? WHERE id = ?`,
    );
  }

  /** Parses a row into `this.v`; returns the reject, or null when the row is good. */
  private parse(row: readonly string[], line: number): RowOutcome | null {
    const v = this.v;
    v.ref = cell(row, this.cRef);
    if (v.ref === '') return this.reject(line, 'record_ref', 'missing record reference', row);

    const committed = cell(row, this.cCommitted);
    if (committed === '') return this.reject(line, 'committed_date', 'missing committed date', row);
    if (!parseDate(committed, this.date, this.isSpreadsheet)) {
      return this.reject(line, 'committed_date', `unreadable date "${committed}" (dd/mm/yyyy expected)`, row);
    }
    if (this.date.day > this.today) {
      return this.reject(line, 'committed_date', `date in the future: ${formatDay(this.date.day)}`, row);
    }
    v.day = this.date.day;
    v.month = this.date.month;
    v.hour = this.date.hour;

    v.reportedDay = null;
    const reported = cell(row, this.cReported);
    if (reported !== '') {
      if (!parseDate(reported, this.date, this.isSpreadsheet)) {
        return this.reject(line, 'reported_date', `unreadable date "${reported}" (dd/mm/yyyy expected)`, row);
      }
      if (this.date.day > this.today) {
        return this.reject(line, 'reported_date', `date in the future: ${formatDay(this.date.day)}`, row);
      }
      v.reportedDay = this.date.day;
    }

    v.crimeType = cell(row, this.cCrimeType);
    if (v.crimeType === '') return this.reject(line, 'crime_type', 'missing crime type', row);

    const typeText = cell(row, this.cType);
    // The usual spellings first: no lower-casing (an allocation) for them.
    const type = typeText === 'crime' || typeText === 'incident' ? typeText : typeText.toLowerCase();
    if (type === '') v.recordType = v.crimeType.length === ASB_LENGTH && v.crimeType.toLowerCase() === ASB_LOWER ? RECORD_TYPE.incident : RECORD_TYPE.crime;
    else if (type === 'crime') v.recordType = RECORD_TYPE.crime;
    else if (type === 'incident' || type === 'asb' || type === 'asb incident') v.recordType = RECORD_TYPE.incident;
    else return this.reject(line, 'record_type', `record type must be crime or incident, not "${cell(row, this.cType)}"`, row);

    const districtText = cell(row, this.cDistrict);
    if (districtText === '') return this.reject(line, 'district', 'missing district', row);
    const district = this.districtName(districtText);
    if (district === null) return this.reject(line, 'district', `unknown district "${districtText}"`, row);
    v.district = district;

    const ward = cell(row, this.cWard);
    v.ward = ward === '' ? null : ward;
    const lsoaText = cell(row, this.cLsoa);
    const lsoa = lsoaText === '' || LSOA_CODE.test(lsoaText) ? lsoaText : lsoaText.toUpperCase();
    if (lsoa !== lsoaText && !LSOA_CODE.test(lsoa)) {
      return this.reject(line, 'lsoa_code', `not an LSOA code: "${cell(row, this.cLsoa)}"`, row);
    }
    v.lsoaCode = lsoa === '' ? null : lsoa;

    const easting = parseNumber(cell(row, this.cEasting));
    const northing = parseNumber(cell(row, this.cNorthing));
    if (easting === undefined || (easting !== null && (easting < 0 || easting > 700_000))) {
      return this.reject(line, 'easting', `not an easting in metres: "${cell(row, this.cEasting)}"`, row);
    }
    if (northing === undefined || (northing !== null && (northing < 0 || northing > 1_300_000))) {
      return this.reject(line, 'northing', `not a northing in metres: "${cell(row, this.cNorthing)}"`, row);
    }
    if ((easting === null) !== (northing === null)) {
      return this.reject(line, easting === null ? 'easting' : 'northing', 'easting and northing come together', row);
    }
    v.easting = easting;
    v.northing = northing;
    const latitude = parseNumber(cell(row, this.cLatitude));
    const longitude = parseNumber(cell(row, this.cLongitude));
    if (latitude === undefined || (latitude !== null && (latitude < -90 || latitude > 90))) {
      return this.reject(line, 'latitude', `not a latitude: "${cell(row, this.cLatitude)}"`, row);
    }
    if (longitude === undefined || (longitude !== null && (longitude < -180 || longitude > 180))) {
      return this.reject(line, 'longitude', `not a longitude: "${cell(row, this.cLongitude)}"`, row);
    }
    v.latitude = latitude;
    v.longitude = longitude;

    const ageText = cell(row, this.cAge);
    v.victimAge = null;
    const age = ageText === '' ? Number.NaN : Number(ageText);
    if (Number.isInteger(age) && age >= 0 && age <= MAX_AGE) v.victimAge = age;
    else if (ageText !== '' && !UNKNOWN_AGE.test(ageText)) {
      return this.reject(line, 'victim_age', `bad age "${ageText}" (whole years, 0-${MAX_AGE})`, row);
    }
    const band = cell(row, this.cAgeBand);
    v.ageBand = band === '' ? null : band;

    v.sex = parseSex(cell(row, this.cSex));
    const domestic = parseFlag(cell(row, this.cDomestic));
    if (domestic === undefined) return this.reject(line, 'domestic', `not Y or N: "${cell(row, this.cDomestic)}"`, row);
    v.domestic = domestic;
    const alcohol = parseFlag(cell(row, this.cAlcohol));
    if (alcohol === undefined) return this.reject(line, 'alcohol', `not Y or N: "${cell(row, this.cAlcohol)}"`, row);
    v.alcohol = alcohol;
    const hateText = cell(row, this.cHate);
    const hate = parseFlag(hateText);
    v.hateStrand = null;
    if (hate === undefined) {
      // A hate strand instead of a flag: hate = yes, and the strand kept.
      const strands = hateText
        .split(/[;,/]|\band\b/i)
        .map((s) => HATE_STRANDS[s.trim().toLowerCase()])
        .filter((s) => s !== undefined);
      if (strands.length === 0) return this.reject(line, 'hate', `not Y, N or a hate strand: "${hateText}"`, row);
      v.hate = 1;
      v.hateStrand = [...new Set(strands)].join('; ');
    } else v.hate = hate;

    const code = cell(row, this.cCode);
    v.offenceCode = code === '' ? null : code;
    const asb = cell(row, this.cAsb);
    v.asbCategory = asb === '' ? null : asb;
    const outcome = cell(row, this.cOutcome);
    v.outcome = outcome === '' ? null : outcome;
    const offenderBand = cell(row, this.cOffenderBand);
    v.offenderAgeBand = offenderBand === '' ? null : this.offenderBandName(offenderBand);

    const victim = cell(row, this.cVictim);
    v.pseudonym = victim === '' ? null : this.pseudonyms().pseudonymOf(victim);
    return null;
  }

  private offenderBandName(text: string): string {
    let name = this.offenderBands.get(text);
    if (name === undefined) {
      name = parseAgeBand(text)?.name ?? text;
      this.offenderBands.set(text, name);
    }
    return name;
  }

  private reject(line: number, field: string, reason: string, row: readonly string[]): RowOutcome {
    return rejected(line, field, reason, row, this.cVictim);
  }

  private districtName(text: string): string | null {
    const known = this.knownDistricts.get(text);
    if (known !== undefined) return known;
    const canonical = canonicalDistrict(text);
    const name = this.knownDistricts.get(canonical.toLowerCase()) ?? null;
    this.knownDistricts.set(text, name);
    return name;
  }

  private pseudonyms(): Pseudonymiser {
    this.pseudonymiser ??= new Pseudonymiser(pseudonymKey(this.db));
    return this.pseudonymiser;
  }

  private lookup(): NonNullable<DistrictRowWriter['lookups']> {
    this.lookups ??= {
      crimeTypes: new CrimeTypeLookup(this.db),
      districts: new Lookup(this.db, 'district'),
      wards: new WardLookup(this.db),
      lsoas: new LsoaLookup(this.db),
      outcomes: new Lookup(this.db, 'outcome'),
      hateStrands: new Lookup(this.db, 'hate_strand'),
      asbCategories: new Lookup(this.db, 'asb_category'),
      ageBands: new AgeBandLookup(this.db),
    };
    return this.lookups;
  }

  write(row: readonly string[], line: number): RowOutcome {
    const failure = this.parse(row, line);
    if (failure !== null) return failure;
    const v = this.v;
    const l = this.lookup();
    let districtId = this.districtIds.get(v.district);
    if (districtId === undefined) {
      districtId = l.districts.idOf(v.district);
      this.districtIds.set(v.district, districtId);
    }
    const ageBandId =
      v.victimAge !== null ? l.ageBands.ofAge(v.victimAge) : v.ageBand !== null ? l.ageBands.ofName(v.ageBand) : null;
    const d = this.digestText;
    // The key: the digest of `district\u001e${ref}`.
    d.reset().text('district').unit(0x1e).text(v.ref).digestInto(this.key);
    // The content hash: the digest of the fields joined by \u001f, as first defined (stored
    // hashes must keep matching), written without building the string.
    d.reset().value(v.recordType).unit(US).value(v.day).unit(US).value(v.hour).unit(US).value(v.reportedDay).unit(US)
      .value(v.offenceCode).unit(US).text(v.crimeType).unit(US).text(v.district).unit(US).value(v.ward).unit(US)
      .value(v.lsoaCode).unit(US).value(v.easting).unit(US).value(v.northing).unit(US).value(v.latitude).unit(US)
      .value(v.longitude).unit(US).value(v.pseudonym).unit(US).value(v.victimAge).unit(US).value(v.ageBand).unit(US)
      .value(v.sex).unit(US).value(v.domestic).unit(US).value(v.hate).unit(US).value(v.hateStrand).unit(US)
      .value(v.alcohol).unit(US).value(v.asbCategory).unit(US).value(v.outcome).unit(US).value(v.offenderAgeBand)
      .digestInto(this.contentHash);
    const p = this.params;
    p[0] = this.keyAndHash;
    p[1] = v.recordType;
    p[2] = v.month;
    p[3] = v.day;
    p[4] = v.hour;
    p[5] = l.crimeTypes.idOf(v.crimeType);
    p[6] = districtId;
    p[7] = v.ward === null ? null : l.wards.idOf(v.ward, districtId);
    p[8] = v.lsoaCode === null ? null : l.lsoas.idOf(v.lsoaCode, null, districtId);
    p[9] = v.outcome === null ? null : l.outcomes.idOf(v.outcome);
    p[10] = v.easting;
    p[11] = v.northing;
    p[12] = v.latitude;
    p[13] = v.longitude;
    p[14] = v.pseudonym;
    p[15] = ageBandId;
    p[16] = v.sex;
    p[17] = v.domestic;
    p[18] = v.hate;
    p[19] = v.alcohol;
    p[20] = v.reportedDay;
    p[21] = v.offenceCode;
    p[22] = v.hateStrand === null ? null : l.hateStrands.idOf(v.hateStrand);
    p[23] = v.asbCategory === null ? null : l.asbCategories.idOf(v.asbCategory);
    p[24] = v.victimAge;
    p[25] = v.offenderAgeBand;
    // bind() resets the statement first; run() would reset it again after the step, a second
    // reset and clearing of 26 bindings per row for nothing (the next row's bind does it).
    this.insert.bind(p);
    this.insert.step();
    if (this.db.getRowsModified() === 1) return ACCEPTED;

    this.findExisting.bind([this.key]);
    const existing = this.findExisting.step() ? this.findExisting.get() : null;
    this.findExisting.reset();
    if (existing === null) throw new Error(`record ${v.ref}: not inserted and not found`);
    const stored = existing[1];
    if (stored instanceof Uint8Array && equalBytes(stored, this.contentHash)) return DUPLICATE;
    const recordId = Number(existing[0]);
    this.logChanges(recordId);
    // UPDATE binds the record's fields (the INSERT's after the key and hash), the content hash, then the id.
    const u = this.updateParams;
    for (let i = 1; i < p.length; i++) u[i - 1] = p[i] ?? null;
    u[25] = this.contentHash;
    u[26] = recordId;
    this.update.run(u);
    return UPDATED;
  }

  /** Writes the fields that differ to record_change (the victim pseudonym as a marker only). */
  private logChanges(recordId: number): void {
    const old = this.db.exec(STORED_SQL, [recordId])[0]?.values[0];
    if (old === undefined) return;
    const v = this.v;
    const l = this.lookup();
    const ageBandName =
      v.victimAge !== null
        ? (this.db.exec('SELECT name FROM age_band WHERE id = ?', [l.ageBands.ofAge(v.victimAge)])[0]?.values[0]?.[0] ?? null)
        : v.ageBand === null
          ? null
          : (parseAgeBand(v.ageBand)?.name ?? v.ageBand);
    const next: (string | number | null)[] = [
      v.recordType, v.month, v.day, v.hour, v.crimeType, v.district, v.ward, v.lsoaCode, v.outcome,
      v.easting, v.northing, v.latitude, v.longitude, v.pseudonym, ageBandName === null ? null : String(ageBandName),
      v.sex, v.domestic, v.hate, v.alcohol, v.reportedDay, v.offenceCode, v.hateStrand, v.asbCategory, v.victimAge,
      v.offenderAgeBand,
    ];
    CHANGE_FIELDS.forEach((field, i) => {
      const before = old[i] === null || old[i] === undefined ? null : String(old[i]);
      const after = next[i] === null || next[i] === undefined ? null : String(next[i]);
      if (before === after) return;
      const isVictim = field === 'victim_pseudonym';
      this.db.run('INSERT INTO record_change (import_id, record_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)', [
        this.importId,
        recordId,
        field,
        isVictim ? null : before,
        isVictim ? null : after,
      ]);
    });
  }

  preview(row: readonly string[], line: number): PreviewRow {
    const failure = this.parse(row, line);
    if (failure?.reject !== undefined) return { line, values: {}, reject: failure.reject };
    const v = this.v;
    return {
      line,
      values: {
        record_ref: v.ref,
        record_type: v.recordType === RECORD_TYPE.incident ? 'incident' : 'crime',
        committed_date: `${formatDay(v.day)}${v.hour === null ? '' : ` ${String(v.hour).padStart(2, '0')}h`}`,
        reported_date: v.reportedDay === null ? null : formatDay(v.reportedDay),
        offence_code: v.offenceCode,
        crime_type: v.crimeType,
        district: v.district,
        ward: v.ward,
        lsoa_code: v.lsoaCode,
        easting: v.easting,
        northing: v.northing,
        latitude: v.latitude,
        longitude: v.longitude,
        victim_ref: v.pseudonym === null ? null : `pseudonym ${v.pseudonym.slice(0, 8)}…`,
        victim_age: v.victimAge,
        victim_age_band: v.ageBand,
        victim_sex: v.sex === 1 ? 'F' : v.sex === 2 ? 'M' : null,
        domestic: v.domestic,
        hate: v.hateStrand ?? v.hate,
        alcohol: v.alcohol,
        asb_category: v.asbCategory,
        outcome: v.outcome,
        offender_age_band: v.offenderAgeBand,
      },
    };
  }

  close(): void {
    this.insert.free();
    this.findExisting.free();
    this.update.free();
  }
}
