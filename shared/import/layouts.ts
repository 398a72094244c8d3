/**
 * The extract layouts the workbench reads (FORMATS.md), their canonical
 * fields and the header names real files use for them; finding the header
 * row (a title row may sit above it), detecting the layout and mapping
 * columns to fields.
 */
import { canonicalDistrict, FORCE_DISTRICTS } from '../districts';
import { offenceGroupOf } from '../offence-groups';
import { type ParsedDate, parseDate, parsePeriod } from './dates';
import { digest128 } from './digest';
import { isPoliceUkHeader } from './police-uk';
import type { ColumnMapping, ImportKind } from './types';

export interface FieldSpec {
  /** Canonical name, as FORMATS.md writes it. */
  name: string;
  /** What the mapping dialog shows. */
  label: string;
  required?: boolean;
  /** Other header names seen for it (compared after fieldKey()). */
  aliases?: readonly string[];
  /** Required fields: a value the importer accepts, shown as a hint and used to preview the other fields before this one is mapped. */
  example?: string;
}

export type LayoutName =
  | 'police-uk'
  | 'district'
  | 'iquanta-long'
  | 'iquanta-wide'
  | 'respect'
  | 'population-long'
  | 'population-wide';

export interface LayoutSpec {
  name: LayoutName;
  kind: ImportKind;
  fields: readonly FieldSpec[];
  /**
   * Wide layouts: columns that hold values (a month, an age, a question),
   * recognised by their header; at least `minValueColumns` must be present.
   */
  isValueColumn?: (key: string, header: string) => boolean;
  minValueColumns?: number;
}

const f = (name: string, label: string, aliases: readonly string[] = [], required = false): FieldSpec => {
  const example = required ? EXAMPLES[name] : undefined;
  return example === undefined ? { name, label, aliases, required } : { name, label, aliases, required, example };
};

/** Values every importer accepts for its required fields (checked in layouts.test.ts). */
const EXAMPLES: Readonly<Record<string, string>> = {
  record_ref: '14000123/14',
  committed_date: '03/04/2014',
  crime_type: 'Robbery',
  district: 'Mansfield',
  area: 'Mansfield',
  measure: 'Robbery',
  period: '2014-04',
  count: '1',
  respondent_id: 'R1',
  wave: '2014',
  area_name: 'Mansfield',
  year: '2014',
  population: '100',
};

export const LAYOUTS: readonly LayoutSpec[] = [
  {
    name: 'district',
    kind: 'district',
    fields: [
      f('record_ref', 'Crime or incident reference', ['crime_ref', 'urn', 'occurrence_no', 'crime_reference', 'incident_ref', 'reference', 'crime_no', 'crime_number'], true),
      f('record_type', 'Record type (crime or incident)', ['type']),
      f('committed_date', 'Date committed', ['date_committed', 'committed_from', 'date', 'committed_from_date', 'offence_date', 'date_from'], true),
      f('reported_date', 'Date reported', ['date_reported', 'reported']),
      f('offence_code', 'Home Office offence code', ['ho_code', 'home_office_code', 'ho_offence_code']),
      f('crime_type', 'Crime type', ['offence', 'offence_description', 'category', 'crime_category', 'offence_type'], true),
      f('district', 'District', ['lpa', 'csp_district', 'local_authority', 'csp', 'la', 'district_name'], true),
      f('ward', 'Ward', ['ward_name']),
      f('lsoa_code', 'LSOA code', ['lsoa', 'lsoa11cd', 'lsoa_cd']),
      f('easting', 'Easting', ['x', 'grid_x']),
      f('northing', 'Northing', ['y', 'grid_y']),
      f('latitude', 'Latitude', ['lat']),
      f('longitude', 'Longitude', ['lon', 'long', 'lng']),
      f('victim_ref', 'Victim reference (pseudonymised)', ['victim_id', 'nominal_ref', 'victim_nominal', 'nominal_id']),
      f('victim_age', 'Victim age', ['age', 'age_at_offence']),
      f('victim_age_band', 'Victim age band', ['age_band']),
      f('victim_sex', 'Victim sex', ['victim_gender', 'sex', 'gender']),
      f('offender_age_band', 'Offender age band', []),
      f('domestic', 'Domestic', ['da_flag', 'domestic_flag', 'domestic_abuse', 'da']),
      f('hate', 'Hate (flag or strand)', ['hate_flag', 'hate_crime', 'hate_strand']),
      f('alcohol', 'Alcohol related', ['alcohol_flag', 'alcohol_related']),
      f('asb_category', 'ASB category', ['asb_type']),
      f('outcome', 'Outcome', ['outcome_description', 'last_outcome']),
    ],
  },
  {
    name: 'iquanta-long',
    kind: 'iquanta',
    fields: [
      f('area', 'Area (force or CSP)', ['area_name', 'force', 'csp', 'organisation'], true),
      f('area_type', 'Area type', ['type', 'level']),
      f('measure', 'Measure (offence group)', ['offence_group', 'crime_group', 'offence'], true),
      f('period', 'Period', ['month', 'date'], true),
      f('count', 'Count', ['offences', 'crimes', 'value', 'number'], true),
      f('rate_per_1000', 'Rate per 1,000', ['rate', 'rate_per_1000_population', 'crime_rate']),
      f('msg_average', 'MSG average', ['msg_avg', 'msg_mean', 'msg_rate']),
      f('msg_rank', 'MSG rank', ['rank']),
      f('msg_size', 'MSG size', ['msg_members']),
      f('msg_lower', 'MSG lower', ['lower']),
      f('msg_upper', 'MSG upper', ['upper']),
    ],
  },
  {
    name: 'iquanta-wide',
    kind: 'iquanta',
    fields: [
      f('area', 'Area (force or CSP)', ['area_name', 'force', 'csp', 'organisation'], true),
      f('area_type', 'Area type', ['type', 'level']),
      f('measure', 'Measure (offence group)', ['offence_group', 'crime_group', 'offence'], true),
    ],
    isValueColumn: (_key, header) => parsePeriod(header) !== null,
    minValueColumns: 1,
  },
  {
    name: 'respect',
    kind: 'respect',
    fields: [
      f('respondent_id', 'Respondent id', ['respondent', 'resp_id', 'respondent_ref', 'serial'], true),
      f('wave', 'Wave (survey year)', ['survey_year', 'year', 'survey_wave'], true),
      f('area', 'Area (ward or neighbourhood)', ['ward', 'neighbourhood', 'area_name'], true),
      f('age_band', 'Age band', ['age_group', 'age']),
      f('sex', 'Sex', ['gender']),
      f('ethnicity', 'Ethnicity', ['ethnic_group']),
      f('weight', 'Weight', ['wt', 'survey_weight', 'weighting']),
    ],
    isValueColumn: (key) => key.startsWith('q_') && key.length > 2,
    minValueColumns: 1,
  },
  {
    name: 'population-wide',
    kind: 'population',
    fields: [
      f('area_code', 'ONS area code', ['code', 'lad_code', 'ons_code']),
      f('area_name', 'Area name', ['name', 'area', 'lad_name'], true),
      f('geography', 'Geography', ['geography1', 'geography_type']),
      f('all_ages', 'All ages', ['total', 'all']),
    ],
    isValueColumn: (key) => /^\d{1,3}\+?$/.test(key),
    minValueColumns: 10,
  },
  {
    name: 'population-long',
    kind: 'population',
    fields: [
      f('area_code', 'ONS area code', ['code', 'lad_code', 'ons_code']),
      f('area_name', 'Area name', ['name', 'area', 'district', 'lad_name'], true),
      f('year', 'Mid-year', ['mid_year', 'yr'], true),
      f('age', 'Single year of age', []),
      f('age_band', 'Age band', ['age_group']),
      f('sex', 'Sex', ['gender']),
      f('population', 'Population', ['persons', 'count', 'value', 'estimate'], true),
      f('geography', 'Geography', ['geography1']),
    ],
  },
];

export const POLICE_UK_LAYOUT: LayoutSpec = {
  name: 'police-uk',
  kind: 'police-uk',
  fields: [
    f('crime_id', 'Crime ID'),
    f('month', 'Month', [], true),
    f('crime_type', 'Crime type', [], true),
    f('falls_within', 'Falls within', [], true),
  ],
};

export function layoutByName(name: LayoutName): LayoutSpec {
  if (name === 'police-uk') return POLICE_UK_LAYOUT;
  const layout = LAYOUTS.find((l) => l.name === name);
  if (layout === undefined) throw new Error(`No layout ${name}`);
  return layout;
}

/**
 * A header cell as a comparison key: case-insensitive; spaces, `-`, `_` and
 * other punctuation equivalent; a BOM and a trailing `[1]` footnote dropped.
 */
export function fieldKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/\[\d+\]$/, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Hex digest of the normalised header: the key of a saved mapping. */
export function headerSignature(header: readonly string[]): string {
  const keys = header.map(fieldKey);
  while (keys.length > 0 && keys[keys.length - 1] === '') keys.pop();
  return Array.from(digest128(keys.join('\u001f')), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface LayoutMatch {
  layout: LayoutSpec;
  mapping: ColumnMapping;
  missing: string[];
  valueColumns: number[];
  /** Fields found (plus one when enough value columns are there). */
  score: number;
  isComplete: boolean;
}

/** Maps a header to a layout's fields by name and alias. */
export function matchLayout(layout: LayoutSpec, header: readonly string[], optional: ReadonlySet<string> = new Set()): LayoutMatch {
  const mapping: ColumnMapping = {};
  const keys = header.map(fieldKey);
  const taken = new Set<number>();
  // Canonical names first, then aliases, so `date` never steals a `committed_date` column.
  for (const pass of [0, 1] as const) {
    for (const field of layout.fields) {
      if (mapping[field.name] !== undefined) continue;
      const names = pass === 0 ? [field.name] : (field.aliases ?? []);
      const index = keys.findIndex((key, i) => !taken.has(i) && names.includes(key));
      if (index >= 0) {
        mapping[field.name] = index;
        taken.add(index);
      }
    }
  }
  return completeMatch(layout, header, mapping, optional);
}

/** Checks a mapping (automatic or the analyst's) against a layout. */
export function completeMatch(
  layout: LayoutSpec,
  header: readonly string[],
  mapping: ColumnMapping,
  optional: ReadonlySet<string> = new Set(),
): LayoutMatch {
  const keys = header.map(fieldKey);
  const mapped = new Set(Object.values(mapping));
  const valueColumns: number[] = [];
  if (layout.isValueColumn) {
    const isValue = layout.isValueColumn;
    keys.forEach((key, i) => {
      if (!mapped.has(i) && key !== '' && isValue(key, header[i] ?? '')) valueColumns.push(i);
    });
  }
  const missing = layout.fields
    .filter((field) => field.required === true && !optional.has(field.name) && mapping[field.name] === undefined)
    .map((field) => field.name);
  const hasValues = valueColumns.length >= (layout.minValueColumns ?? 0);
  const score = Object.keys(mapping).length + (layout.isValueColumn && hasValues ? 1 : 0);
  return { layout, mapping, missing, valueColumns, score, isComplete: missing.length === 0 && hasValues };
}

export interface HeaderDetection {
  /** 0-based index of the header row in the file's rows. */
  headerIndex: number;
  match: LayoutMatch;
}

/** Rows searched for the header: title rows and notes sit above it. */
export const HEADER_SEARCH_ROWS = 10;

/**
 * Finds the header row and the layout: a complete match wins (more fields
 * found first); otherwise the best partial match with at least two fields,
 * which the caller turns into a 'needs-mapping' error; null when nothing in
 * the first rows looks like a header the workbench knows.
 */
export function detectLayout(
  rows: readonly (readonly string[])[],
  kind: ImportKind | undefined,
  optional: ReadonlySet<string> = new Set(),
): HeaderDetection | null {
  let best: HeaderDetection | null = null;
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < limit; index++) {
    const header = rows[index] ?? [];
    if (header.every((cell) => cell.trim() === '')) continue;
    if ((kind === undefined || kind === 'police-uk') && isPoliceUkHeader(header)) {
      return { headerIndex: index, match: matchLayout(POLICE_UK_LAYOUT, header) };
    }
    for (const layout of LAYOUTS) {
      if (kind !== undefined && layout.kind !== kind) continue;
      const match = matchLayout(layout, header, optional);
      if (match.score < 2 && !match.isComplete) continue;
      if (
        best === null ||
        (match.isComplete && !best.match.isComplete) ||
        (match.isComplete === best.match.isComplete && match.score > best.match.score)
      ) {
        best = { headerIndex: index, match };
      }
    }
    if (best?.match.isComplete === true && best.headerIndex === index) {
      // A complete header: rows below it are data, not better headers.
      return best;
    }
  }
  return best;
}

/** What a guess is based on, for the message the analyst reads. */
export interface LayoutGuess extends HeaderDetection {
  evidence: string[];
}

/** Rows below the header read to recognise columns by their values. */
export const SNIFF_ROWS = 50;

/** The share of a column's filled cells (at least two) that pass `test`. */
function columnShare(rows: readonly (readonly string[])[], column: number, test: (value: string) => boolean): number {
  let filled = 0;
  let passed = 0;
  for (const row of rows) {
    const value = (row[column] ?? '').trim();
    if (value === '') continue;
    filled++;
    if (test(value)) passed++;
  }
  return filled >= 1 ? passed / filled : 0;
}

const FORCE_DISTRICT_NAMES = new Set<string>(FORCE_DISTRICTS.map((d) => d.toLowerCase()));
const scratchDate: ParsedDate = { day: 0, month: 0, hour: null };

/**
 * Columns of a record-level district extract recognised by their values
 * when their names say nothing: force district names, dates and crime types
 * the offence-group rules know; the reference is the first column whose
 * values are all different. Only columns not already mapped are used.
 */
function districtColumnsByContent(header: readonly string[], data: readonly (readonly string[])[], mapping: ColumnMapping): { mapping: ColumnMapping; evidence: string[] } {
  const next: ColumnMapping = { ...mapping };
  const evidence: string[] = [];
  const taken = new Set(Object.values(next));
  const pick = (field: string, what: string, test: (value: string) => boolean): void => {
    if (next[field] !== undefined) return;
    for (let column = 0; column < header.length; column++) {
      if (taken.has(column) || columnShare(data, column, test) < 0.8) continue;
      next[field] = column;
      taken.add(column);
      evidence.push(`${what} in column ${columnName(header, column)}`);
      return;
    }
  };
  pick('district', 'district names', (v) => FORCE_DISTRICT_NAMES.has(canonicalDistrict(v).toLowerCase()));
  pick('committed_date', 'dates', (v) => !/^\d+(\.\d+)?$/.test(v) && parseDate(v, scratchDate, false));
  pick('crime_type', 'crime types', (v) => /[a-z]/i.test(v) && offenceGroupOf(v) !== null);
  if (evidence.length === 0) return { mapping: next, evidence };
  if (next.record_ref === undefined) {
    for (let column = 0; column < header.length; column++) {
      if (taken.has(column)) continue;
      const values = data.map((row) => (row[column] ?? '').trim());
      if (values.length === 0 || values.some((v) => v === '') || new Set(values).size !== values.length || !values.some((v) => /\d/.test(v))) continue;
      next.record_ref = column;
      break;
    }
  }
  return { mapping: next, evidence };
}

/** "C (When)": a column as the analyst sees it in a spreadsheet. */
export function columnName(header: readonly string[], column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  const name = (header[column] ?? '').trim();
  return name === '' ? letters : `${letters} (${name})`;
}

/**
 * A best guess at the layout of a file whose header matched none: the
 * layout with the most evidence from header names (a single alias is not
 * enough), value columns (months, ages, q_ questions) and, for district
 * extracts, what the columns hold. The guess is never imported as it is:
 * the caller asks the analyst to check the mapping. Null when nothing
 * points anywhere.
 */
export function guessLayout(
  rows: readonly (readonly string[])[],
  kind: ImportKind | undefined,
  optional: ReadonlySet<string> = new Set(),
  options: { headerIndex?: number; minEvidence?: number } = {},
): LayoutGuess | null {
  const headerIndex = options.headerIndex ?? rows.findIndex((row) => row.some((cell) => cell.trim() !== ''));
  if (headerIndex < 0) return null;
  const header = rows[headerIndex] ?? [];
  const data = rows.slice(headerIndex + 1, headerIndex + 1 + SNIFF_ROWS).filter((row) => row.some((cell) => cell.trim() !== ''));
  let best: (LayoutGuess & { weight: number }) | null = null;
  for (const layout of LAYOUTS) {
    if (kind !== undefined && layout.kind !== kind) continue;
    const byName = matchLayout(layout, header, optional);
    const evidence: string[] = [];
    const named = Object.keys(byName.mapping).length;
    if (named > 0) evidence.push(`${named} column name${named === 1 ? '' : 's'} known`);
    let mapping = byName.mapping;
    let weight = named;
    if (layout.isValueColumn !== undefined && byName.valueColumns.length >= Math.max(3, layout.minValueColumns ?? 0)) {
      weight += 2;
      evidence.push(`${byName.valueColumns.length} ${layout.kind === 'population' ? 'age' : layout.kind === 'respect' ? 'question' : 'month'} columns`);
    }
    if (layout.name === 'district') {
      const byContent = districtColumnsByContent(header, data, mapping);
      mapping = byContent.mapping;
      weight += byContent.evidence.length;
      evidence.push(...byContent.evidence);
    }
    if (weight < (options.minEvidence ?? 2)) continue;
    if (best === null || weight > best.weight) {
      best = { headerIndex, match: completeMatch(layout, header, mapping, optional), evidence, weight };
    }
  }
  if (best === null) return null;
  const { weight: _weight, ...guess } = best;
  return guess;
}
