/**
 * Reading one district profile row (FORMATS.md section 1) into values, with
 * no database: the importer runs it on its own thread or in a parse worker
 * (district-parse-worker.ts), so a large file is read while the database
 * thread writes. The victim reference is replaced by its keyed pseudonym
 * here, before anything leaves the parser; a rejected row's victim cell is
 * blanked.
 */
import { MAX_AGE, parseAgeBand } from '../age-bands';
import { canonicalDistrict } from '../districts';
import { ANTI_SOCIAL_BEHAVIOUR } from '../offence-groups';
import { Pseudonymiser } from '../pseudonym';
import { RECORD_TYPE } from '../schema';
import { type ParsedDate, formatDay, parseDate } from './dates';
import { DigestText } from './digest';
import type { ColumnMapping } from './types';
import { type RowOutcome, cell, columnOf, isRadixLiteral, overflowReject, parseFlag, parseNumber, parseSex, rejected } from './writer';

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
/** Sexes recorded as not known, or as neither F nor M (kept as not known: the population has only the two). */
const NOT_KNOWN_SEX = /^(unknown|not known|u|n\/?k|n\/?a|not stated|not recorded|not specified|unspecified|other|x|indeterminate|prefer not to say|-)$/i;
const ASB_LOWER = ANTI_SOCIAL_BEHAVIOUR.toLowerCase();
const ASB_LENGTH = ASB_LOWER.length;

/** One row's parsed values; a single instance is reused for every row. */
export interface DistrictValues {
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

/**
 * What the parser needs, all of it plain data so it can be posted to a
 * worker: the mapping, whether bare numbers are Excel dates, today (days
 * since 1970), the districts the workbench knows and the pseudonym key
 * (null when the file has no victim column).
 */
export interface DistrictParseSetup {
  mapping: ColumnMapping;
  isSpreadsheet: boolean;
  today: number;
  districts: readonly string[];
  pseudonymKey: Uint8Array | null;
  /** The header's cells: a row with text past them is rejected (absent: not checked). */
  headerWidth?: number;
}

export class DistrictRowParser {
  private readonly isSpreadsheet: boolean;
  private readonly today: number;
  private readonly headerWidth: number;
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

  /** The last row parsed. */
  readonly v: DistrictValues = {
    ref: '', recordType: 1, day: 0, month: 0, hour: null, reportedDay: null, offenceCode: null, crimeType: '',
    district: '', ward: null, lsoaCode: null, easting: null, northing: null, latitude: null, longitude: null,
    pseudonym: null, victimAge: null, ageBand: null, sex: null, domestic: null, hate: null, hateStrand: null,
    alcohol: null, asbCategory: null, outcome: null, offenderAgeBand: null,
  };
  /** The record key (bytes 0-15) and the content hash (16-31) of the last row digested. */
  readonly keyAndHash = new Uint8Array(32);
  private readonly key = this.keyAndHash.subarray(0, 16);
  private readonly contentHash = this.keyAndHash.subarray(16, 32);
  private readonly digestText = new DigestText();
  private readonly date: ParsedDate = { day: 0, month: 0, hour: null };
  private readonly knownDistricts = new Map<string, string | null>();
  private readonly offenderBands = new Map<string, string>();
  private readonly pseudonymiser: Pseudonymiser | null;

  constructor(setup: DistrictParseSetup) {
    const { mapping } = setup;
    this.isSpreadsheet = setup.isSpreadsheet;
    this.today = setup.today;
    this.headerWidth = setup.headerWidth ?? Number.POSITIVE_INFINITY;
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
    for (const name of setup.districts) this.knownDistricts.set(name.toLowerCase(), name);
    this.pseudonymiser = setup.pseudonymKey === null ? null : new Pseudonymiser(setup.pseudonymKey);
  }

  /** True when the file has a victim reference column (and so needs the pseudonym key). */
  static needsPseudonymKey(mapping: ColumnMapping): boolean {
    return columnOf(mapping, 'victim_ref') >= 0;
  }

  /** Parses a row into `this.v`; returns the reject, or null when the row is good. */
  parse(row: readonly string[], line: number): RowOutcome | null {
    const v = this.v;
    if (row.length > this.headerWidth) {
      const overflow = overflowReject(row, this.headerWidth);
      if (overflow !== null) return this.reject(line, overflow.field, overflow.reason, row);
    }
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
    const age = ageText === '' || isRadixLiteral(ageText) ? Number.NaN : Number(ageText);
    if (Number.isInteger(age) && age >= 0 && age <= MAX_AGE) v.victimAge = age;
    else if (ageText !== '' && !UNKNOWN_AGE.test(ageText)) {
      return this.reject(line, 'victim_age', `bad age "${ageText}" (whole years, 0-${MAX_AGE})`, row);
    }
    const band = cell(row, this.cAgeBand);
    v.ageBand = band === '' ? null : band;

    const sexText = cell(row, this.cSex);
    v.sex = parseSex(sexText);
    // Text that is no sex at all (a ward, an age: often a row a comma shifted along) is not read as "not known".
    if (v.sex === null && sexText !== '' && !NOT_KNOWN_SEX.test(sexText)) {
      return this.reject(line, 'victim_sex', `not a sex: "${sexText}" (F, M or Unknown)`, row);
    }
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
        .map((s) => s.trim().toLowerCase())
        // Own keys only: "constructor" is not a strand.
        .map((s) => (Object.hasOwn(HATE_STRANDS, s) ? HATE_STRANDS[s] : undefined))
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
    v.pseudonym = victim === '' || this.pseudonymiser === null ? null : this.pseudonymiser.pseudonymOf(victim);
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


  /**
   * The key and the content hash of the last row parsed, into `keyAndHash`.
   * The key is the digest of `district\u001e${ref}`; the content hash the
   * digest of the fields joined by \u001f, as first defined (stored hashes
   * must keep matching), written without building the string.
   */
  digest(): void {
    const v = this.v;
    const d = this.digestText;
    d.reset().text('district').unit(0x1e).text(v.ref).digestInto(this.key);
    d.reset().value(v.recordType).unit(US).value(v.day).unit(US).value(v.hour).unit(US).value(v.reportedDay).unit(US)
      .value(v.offenceCode).unit(US).text(v.crimeType).unit(US).text(v.district).unit(US).value(v.ward).unit(US)
      .value(v.lsoaCode).unit(US).value(v.easting).unit(US).value(v.northing).unit(US).value(v.latitude).unit(US)
      .value(v.longitude).unit(US).value(v.pseudonym).unit(US).value(v.victimAge).unit(US).value(v.ageBand).unit(US)
      .value(v.sex).unit(US).value(v.domestic).unit(US).value(v.hate).unit(US).value(v.hateStrand).unit(US)
      .value(v.alcohol).unit(US).value(v.asbCategory).unit(US).value(v.outcome).unit(US).value(v.offenderAgeBand)
      .digestInto(this.contentHash);
  }

  /** The last row's values as the mapping dialog shows them. */
  previewValues(): Record<string, string | number | null> {
    const v = this.v;
    return {
      record_ref: v.ref,
      record_type: v.recordType === RECORD_TYPE.incident ? 'incident' : 'crime',
      // The hour is what is kept (hour of day is a dimension; minutes are not stored), so the preview says the hour, not a time.
      committed_date: `${formatDay(v.day)}${v.hour === null ? '' : `, hour ${String(v.hour).padStart(2, '0')}:00-${String(v.hour).padStart(2, '0')}:59`}`,
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
    };
  }
}
