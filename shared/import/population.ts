/**
 * Population estimates (FORMATS.md section 4): long (one row per area, year
 * and age or band) or the ONS "MYE2 - Persons" wide form (one row per area,
 * `All ages` then one column per single year of age, `90+` last).
 *
 * Every area is kept (rates for districts outside the force need their
 * denominators too); an area is linked to a workbench district by ONS code
 * for the force's districts, otherwise by normalised name. ONS wide files
 * keep single years only; their `All ages` is checked against the sum.
 */
import type { Statement } from 'sql.js';
import { MAX_AGE } from '../age-bands';
import { FORCE_DISTRICTS, FORCE_DISTRICT_CODES, canonicalDistrict } from '../districts';
import { WorkbenchError } from '../errors';
import { type AgeRange, bandFromExcelDate, formatAgeRange, isAllAgesBand, populationBandRange } from '../population-ages';
import { fieldKey } from './layouts';
import { Lookup } from './lookups';
import { firstOfEach } from './value-columns';
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
  parseNumber,
  parseSex,
  rejected,
} from './writer';

/**
 * The sex a sheet or file name gives: ONS publishes "MYE2 - Persons",
 * "MYE2 - Males" and "MYE2 - Females" as sheets of one workbook, with the
 * same header, so the name is all that tells them apart. 1 females, 2
 * males (as `parseSex`), null persons or no sex in the name.
 */
export function sexFromName(name: string): 1 | 2 | null {
  // Word boundaries so that "females" is not read as "males".
  if (/(^|[^a-z])(females?|women)([^a-z]|$)/i.test(name)) return 1;
  if (/(^|[^a-z])(males?|men)([^a-z]|$)/i.test(name)) return 2;
  return null;
}

/**
 * The mid-year a file name gives: `...mid2020...` is 2020; otherwise the
 * first year in the name (`ukmidyearestimates20192020ladcodes.csv`, the
 * 2019 estimates published in 2020, is mid-2019). Null when there is none.
 */
export function yearFromFileName(name: string): number | null {
  const mid = /mid[-_ ]?((?:19|20)\d{2})/i.exec(name);
  if (mid) return Number(mid[1]);
  const any = /(?:^|\D)((?:19|20)\d{2})/.exec(name);
  return any ? Number(any[1]) : null;
}

interface PopulationValue {
  age: number | null;
  /** The band's ages when the source gives a band (never added to the victim age bands). */
  band: AgeRange | null;
  sex: number | null;
  population: number;
}

interface PopulationRow {
  code: string | null;
  name: string;
  geography: string | null;
  year: number;
  values: PopulationValue[];
  allAges: number | null;
}

export class PopulationRowWriter implements RowWriter {
  private readonly insert: Statement;
  private readonly find: Statement;
  private readonly update: Statement;
  private readonly ages: { column: number; age: number }[];
  private readonly fileYear: number | null;
  /** The sex every row has when the file has no sex column: from the sheet's or the file's name. */
  private readonly namedSex: 1 | 2 | null;
  private readonly areaDistricts = new Map<string, number | null>();
  private readonly districtByName = new Map<string, number>();
  private districts: Lookup | null = null;
  private readonly c: Record<'code' | 'name' | 'geography' | 'allAges' | 'year' | 'age' | 'ageBand' | 'sex' | 'population', number>;
  private mismatches = 0;
  /** `${area}|${year}|${sex}` -> the bands read so far and their lines, to warn of bands that share ages. */
  private readonly bandsSeen = new Map<string, { range: AgeRange; line: number }[]>();
  private overlapWarnings = 0;
  /** Each single year read so far (`${area}|${year}|${sex}|${age}`) -> its line and figure: "90" and "90+" are one figure. */
  private readonly singlesSeen = new Map<string, { line: number; text: string; population: number }>();
  private repeatWarnings = 0;
  private excelWarnings = 0;
  /** The district (or, outside the districts, area), year and sex groups this file gives: what it replaces at the end. */
  private readonly groups = new Map<string, { districtId: number | null; areaKey: string; name: string; year: number; sex: number | null }>();
  /** Rows of earlier imports this file gives again unchanged (kept, not replaced). */
  private readonly kept: Statement;
  private readonly codeOfDistrict = new Map<number, string | null>();

  constructor(private readonly context: WriterContext) {
    const { db, mapping, header } = context;
    this.c = {
      code: columnOf(mapping, 'area_code'),
      name: columnOf(mapping, 'area_name'),
      geography: columnOf(mapping, 'geography'),
      allAges: columnOf(mapping, 'all_ages'),
      year: columnOf(mapping, 'year'),
      age: columnOf(mapping, 'age'),
      ageBand: columnOf(mapping, 'age_band'),
      sex: columnOf(mapping, 'sex'),
      population: columnOf(mapping, 'population'),
    };
    // An age in two columns: the first is read (a row would otherwise write its second figure over its first).
    this.ages = firstOfEach(
      context.valueColumns.map((column) => ({ column, age: Number.parseInt(fieldKey(header[column] ?? ''), 10) })),
      ({ age }) => String(age),
      context,
      'age',
    );
    this.fileYear = context.year ?? yearFromFileName(context.fileName);
    if (this.c.year < 0 && this.fileYear === null) {
      throw new WorkbenchError({
        code: 'bad-input',
        file: context.fileName,
        field: 'year',
        message: `${context.fileName}: the mid-year is neither in the file nor in its name; give it (--year YYYY on the command line).`,
      });
    }
    if (this.c.year < 0 && context.year === undefined) {
      context.warnings.push(`${context.fileName}: read as mid-${this.fileYear} estimates (from the file name).`);
    }
    // A sheet's name says more than its workbook's: "MYE2 - Males" in "mye2-2020.xlsx".
    const named = context.sheet === undefined ? { sex: sexFromName(context.fileName), from: 'the file name' } : { sex: sexFromName(context.sheet), from: `the sheet name "${context.sheet}"` };
    this.namedSex = this.c.sex < 0 ? named.sex : null;
    if (this.namedSex !== null) {
      context.warnings.push(`${context.fileName}: read as ${this.namedSex === 1 ? 'females' : 'males'} only (from ${named.from}); import the other sex too for rates of all residents.`);
    }
    for (const [id, name] of db.exec('SELECT id, name FROM district')[0]?.values ?? []) {
      this.districtByName.set(String(name).toLowerCase(), Number(id));
    }
    this.insert = db.prepare(
      `INSERT INTO population (import_id, area_key, area_code, area_name, geography, district_id, year, age, min_age, max_age, sex, population)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.find = db.prepare(
      `SELECT id, population, area_name, geography, district_id FROM population
       WHERE area_key = ? AND year = ? AND IFNULL(age, -1) = ? AND IFNULL(min_age, -1) = ? AND IFNULL(max_age, -1) = ?
         AND age_band_id IS NULL AND IFNULL(sex, 0) = ?`,
    );
    // A file without a geography (or code) column leaves what an earlier file stored.
    this.update = db.prepare(
      'UPDATE population SET import_id = ?, population = ?, area_name = ?, geography = COALESCE(?, geography), district_id = ? WHERE id = ?',
    );
    db.run('CREATE TEMP TABLE IF NOT EXISTS population_kept (id INTEGER PRIMARY KEY)');
    db.run('DELETE FROM temp.population_kept');
    this.kept = db.prepare('INSERT OR IGNORE INTO temp.population_kept (id) VALUES (?)');
  }

  private parse(row: readonly string[], line: number): PopulationRow | RowOutcome {
    const name = cell(row, this.c.name);
    if (name === '') return rejected(line, 'area_name', 'missing area name', row);
    const code = cell(row, this.c.code).toUpperCase() || null;
    const geography = cell(row, this.c.geography) || null;
    let year = this.context.year ?? null;
    if (year === null && this.c.year >= 0) {
      const text = cell(row, this.c.year);
      const match = /^(?:mid[- ]?)?(\d{4})$/i.exec(text);
      if (match === null) return rejected(line, 'year', text === '' ? 'missing year' : `year must be YYYY, not "${text}"`, row);
      year = Number(match[1]);
    }
    year ??= this.fileYear;
    if (year === null || year < 1900 || year > 2200) return rejected(line, 'year', `year out of range: ${year}`, row);

    const values: PopulationValue[] = [];
    let allAges: number | null = null;
    if (this.ages.length > 0) {
      for (const { column, age } of this.ages) {
        const text = cell(row, column);
        const value = parseNumber(text);
        const field = this.context.header[column] ?? `column ${column + 1}`;
        if (value === undefined) return rejected(line, field, `not a number: "${text}"`, row);
        if (value === null) continue;
        if (value < 0) return rejected(line, field, `negative population ${value}`, row);
        values.push({ age, band: null, sex: this.namedSex, population: value });
      }
      if (values.length === 0) return rejected(line, 'population', 'no population figures in the row', row);
      const allText = cell(row, this.c.allAges);
      const all = parseNumber(allText);
      if (all === undefined) return rejected(line, 'all_ages', `not a number: "${allText}"`, row);
      allAges = all;
    } else {
      const text = cell(row, this.c.population);
      const population = parseNumber(text);
      if (population === null) return rejected(line, 'population', 'missing population', row);
      if (population === undefined) return rejected(line, 'population', `not a number: "${text}"`, row);
      if (population < 0) return rejected(line, 'population', `negative population ${population}`, row);
      const ageText = cell(row, this.c.age);
      let age: number | null = null;
      let band: AgeRange | null = null;
      if (!isAllAgesBand(ageText)) {
        const single = /^(\d{1,3})$/.exec(ageText);
        if (single !== null && Number(single[1]) <= MAX_AGE) age = Number(single[1]);
        // ONS single years end at 90, meaning 90 and over.
        else if (/^90 ?(\+|and over)$/i.test(ageText)) age = 90;
        // A band in the age column (85+, 0-4) is a band.
        else {
          const read = this.readBand(ageText, line, 'age', row);
          if ('status' in read) return read;
          band = read.band;
        }
        if (age === null && band === null) return rejected(line, 'age', `bad age "${ageText}": give a single year, a band such as 0-9 or 85+, or All ages`, row);
      }
      const bandText = cell(row, this.c.ageBand);
      if (age === null && band === null && !isAllAgesBand(bandText)) {
        const read = this.readBand(bandText, line, 'age_band', row);
        if ('status' in read) return read;
        band = read.band;
        if (band === null) return rejected(line, 'age_band', `age band must be like 0-9, 75+, 75 and over or All ages, not "${bandText}"`, row);
      }
      const sexText = cell(row, this.c.sex);
      const sex = this.c.sex < 0 ? this.namedSex : parseSex(sexText);
      if (sex === null && sexText !== '' && !/^(persons|all|total|people|p)$/i.test(sexText)) {
        return rejected(line, 'sex', `sex must be F, M or persons, not "${sexText}"`, row);
      }
      values.push({ age, band, sex, population });
    }
    return { code, name, geography, year, values, allAges };
  }

  /**
   * A band's ages; a band Excel turned into a date ("05-Sep" for 5-9, "Oct-14" for 10-14, a date cell or
   * serial in an XLSX) is read back with a warning naming the line, or the row is rejected when the date
   * could be two bands.
   */
  private readBand(text: string, line: number, field: string, row: readonly string[]): { band: AgeRange | null } | RowOutcome {
    const band = populationBandRange(text);
    if (band !== null) return { band };
    const excel = bandFromExcelDate(text, this.context.isSpreadsheet);
    if (excel === null) return { band: null };
    if ('reason' in excel) return rejected(line, field, `age band "${text}" is ${excel.reason}`, row);
    if (this.excelWarnings++ < 10) {
      this.context.warnings.push(
        `${this.context.fileName} line ${line}: age band "${text}" read as ${formatAgeRange(excel.range)} (Excel turned the band into a date; format the column as text before saving to keep it).`,
      );
    } else if (this.excelWarnings === 11) {
      this.context.warnings.push(`${this.context.fileName}: more age bands turned into dates were read back (only the first 10 lines are listed).`);
    }
    return { band: excel.range };
  }

  private districtOf(code: string | null, name: string): number | null {
    const areaKey = code ?? name.toLowerCase();
    const known = this.areaDistricts.get(areaKey);
    if (known !== undefined) return known;
    let id: number | null = null;
    const canonical = canonicalDistrict(name);
    const force =
      (code === null || !Object.hasOwn(FORCE_DISTRICT_CODES, code) ? undefined : FORCE_DISTRICT_CODES[code]) ??
      (code === null ? FORCE_DISTRICTS.find((d) => d === canonical) : undefined);
    if (force !== undefined) {
      this.districts ??= new Lookup(this.context.db, 'district');
      id = this.districts.idOf(force);
    } else {
      id = this.districtByName.get(canonical.toLowerCase()) ?? null;
    }
    if (id !== null && code !== null) {
      this.context.db.run('UPDATE district SET ons_code = ? WHERE id = ? AND ons_code IS NULL', [code, id]);
    }
    this.areaDistricts.set(areaKey, id);
    return id;
  }

  write(row: readonly string[], line: number): RowOutcome {
    const parsed = this.parse(row, line);
    if ('status' in parsed) return parsed;
    const { db, importId } = this.context;
    const districtId = this.districtOf(parsed.code, parsed.name);
    // A file naming areas without codes keys a district's rows by the code an earlier file gave it, so it updates them.
    const areaKey = parsed.code ?? (districtId === null ? null : this.districtCode(districtId)) ?? `name:${canonicalDistrict(parsed.name).toLowerCase()}`;
    for (const value of parsed.values) {
      const group = `${districtId ?? `area:${areaKey}`}|${parsed.year}|${value.sex ?? ''}`;
      if (!this.groups.has(group)) this.groups.set(group, { districtId, areaKey, name: parsed.name, year: parsed.year, sex: value.sex });
    }
    if (parsed.allAges !== null) {
      const sum = parsed.values.reduce((total, value) => total + value.population, 0);
      if (Math.abs(sum - parsed.allAges) > 0.5 && this.mismatches++ < 5) {
        this.context.warnings.push(
          `${this.context.fileName} line ${line}: ${parsed.name}'s single years add up to ${sum}, not its All ages ${parsed.allAges}.`,
        );
      }
    }
    for (const value of parsed.values) if (value.band !== null) this.checkOverlap(`${areaKey}|${parsed.year}|${value.sex ?? ''}`, parsed, value.band, line);
    if (this.ages.length === 0) this.checkRepeat(`${areaKey}|${parsed.year}|${parsed.values[0]?.sex ?? ''}`, row, parsed, line);
    let added = 0;
    let changed = 0;
    for (const value of parsed.values) {
      const min = value.band?.min ?? null;
      const max = value.band?.max ?? null;
      this.insert.run([importId, areaKey, parsed.code, parsed.name, parsed.geography, districtId, parsed.year, value.age, min, max, value.sex, value.population]);
      if (db.getRowsModified() === 1) {
        added++;
        continue;
      }
      this.find.bind([areaKey, parsed.year, value.age ?? -1, min ?? -1, max ?? -1, value.sex ?? 0]);
      const existing = this.find.step() ? this.find.get() : null;
      this.find.reset();
      if (existing === null) throw new Error('population value not inserted and not found');
      if (existing[1] === value.population && existing[2] === parsed.name && (parsed.geography === null || existing[3] === parsed.geography) && existing[4] === districtId) {
        this.kept.run([Number(existing[0])]);
        continue;
      }
      this.update.run([importId, value.population, parsed.name, parsed.geography, districtId, Number(existing[0])]);
      changed++;
    }
    return added > 0 ? ACCEPTED : changed > 0 ? UPDATED : DUPLICATE;
  }

  /**
   * A long file's single year given twice (ONS's "90" and "90+" are the same top figure, 90 and over) is stored
   * once; when the figures differ the later line's stands, and the warning names both lines.
   */
  private checkRepeat(key: string, row: readonly string[], parsed: PopulationRow, line: number): void {
    const value = parsed.values[0];
    if (value?.age === null || value === undefined) return;
    const text = cell(row, this.c.age);
    const seen = this.singlesSeen.get(`${key}|${value.age}`);
    this.singlesSeen.set(`${key}|${value.age}`, { line, text, population: value.population });
    if (seen === undefined || seen.population === value.population || this.repeatWarnings++ >= 10) return;
    this.context.warnings.push(
      `${this.context.fileName} lines ${seen.line} and ${line}: ${parsed.name} mid-${parsed.year} gives age ${seen.text} as ${seen.population} and ${text} as ${value.population}; they are the same age${value.age === 90 ? ' (90 means 90 and over)' : ''}, counted once, as line ${line}'s ${value.population}.`,
    );
  }

  /**
   * Warns when a band shares ages with one read before for the same area, year and sex, naming both lines:
   * rates use each age once (a band inside another is an alternative; bands that cross each other make no rate).
   */
  private checkOverlap(key: string, row: PopulationRow, band: AgeRange, line: number): void {
    const seen = this.bandsSeen.get(key) ?? [];
    this.bandsSeen.set(key, seen);
    const top = (r: AgeRange): number => r.max ?? Number.POSITIVE_INFINITY;
    const others = seen.filter(({ range }) => range.min <= top(band) && band.min <= top(range) && (range.min !== band.min || range.max !== band.max));
    seen.push({ range: band, line });
    for (const other of others) this.warnOverlap(row, other, band, line);
  }

  private warnOverlap(row: PopulationRow, other: { range: AgeRange; line: number }, band: AgeRange, line: number): void {
    const top = (r: AgeRange): number => r.max ?? Number.POSITIVE_INFINITY;
    if (this.overlapWarnings++ >= 10) {
      if (this.overlapWarnings === 11) this.context.warnings.push(`${this.context.fileName}: more population bands overlap (only the first 10 pairs are listed).`);
      return;
    }
    const [a, b] = [other.range, band];
    const where = `${this.context.fileName} lines ${other.line} and ${line}: ${row.name} mid-${row.year}`;
    const nested = (inner: AgeRange, outer: AgeRange): boolean => inner.min >= outer.min && top(inner) <= top(outer);
    if (nested(a, b) || nested(b, a)) {
      const [inner, outer] = nested(a, b) ? [a, b] : [b, a];
      this.context.warnings.push(`${where}: population band ${formatAgeRange(inner)} lies inside ${formatAgeRange(outer)}; rates count each age once (never both bands).`);
      return;
    }
    const shared = { min: Math.max(a.min, b.min), max: a.max === null ? b.max : b.max === null ? a.max : Math.min(a.max, b.max) };
    this.context.warnings.push(
      `${where}: population bands ${formatAgeRange(a)} and ${formatAgeRange(b)} overlap (${formatAgeRange(shared)} in both); a victim age band only they could make has no rate, and they are never added together.`,
    );
  }

  /** The ONS code a district was given by an earlier population file (or its lookup), if any. */
  private districtCode(districtId: number): string | null {
    let code = this.codeOfDistrict.get(districtId);
    if (code === undefined) {
      const found = this.context.db.exec('SELECT ons_code FROM district WHERE id = ?', [districtId])[0]?.values[0]?.[0];
      code = typeof found === 'string' && found !== '' ? found.toUpperCase() : null;
      this.codeOfDistrict.set(districtId, code);
    }
    return code;
  }

  /**
   * A population file replaces what was loaded before for each district (or area), year and sex it gives:
   * the earlier figures it does not give again are removed, so importing a file twice, or a corrected file,
   * or the same figures named differently (by code, then by name), never adds a district's residents twice.
   */
  finish(): void {
    const { db, importId, fileName, warnings } = this.context;
    const remove = db.prepare(
      `DELETE FROM population WHERE year = ? AND IFNULL(sex, 0) = ? AND (area_key = ? OR (? IS NOT NULL AND district_id = ?))
         AND import_id IS NOT ? AND id NOT IN (SELECT id FROM temp.population_kept)`,
    );
    const replaced: string[] = [];
    let total = 0;
    try {
      for (const { districtId, areaKey, name, year, sex } of this.groups.values()) {
        remove.run([year, sex ?? 0, areaKey, districtId, districtId, importId]);
        const n = db.getRowsModified();
        if (n === 0) continue;
        total += n;
        if (replaced.length < 10) replaced.push(`${name} mid-${year}${sex === null ? '' : sex === 1 ? ' (females)' : ' (males)'}: ${n}`);
      }
    } finally {
      remove.free();
    }
    if (total > 0) {
      warnings.push(
        `${fileName}: replaces the population loaded before for the areas and years it gives (${total} earlier figure${total === 1 ? '' : 's'} it does not repeat removed; ${replaced.join('; ')}${this.groups.size > 10 && replaced.length === 10 ? '; ...' : ''}).`,
      );
    }
  }

  preview(row: readonly string[], line: number): PreviewRow {
    const parsed = this.parse(row, line);
    if ('status' in parsed) return { line, values: {}, ...(parsed.reject ? { reject: parsed.reject } : {}) };
    const values: Record<string, string | number | null> = {
      area_code: parsed.code,
      area_name: parsed.name,
      geography: parsed.geography,
      year: parsed.year,
    };
    if (this.ages.length > 0) {
      values.all_ages = parsed.allAges;
      for (const value of parsed.values.slice(0, 5)) values[`age ${value.age}`] = value.population;
    } else {
      const [value] = parsed.values;
      if (value !== undefined) Object.assign(values, { age: value.age, age_band: value.band === null ? null : formatAgeRange(value.band), sex: value.sex, population: value.population });
    }
    return { line, values };
  }

  close(): void {
    this.insert.free();
    this.find.free();
    this.update.free();
    this.kept.free();
    this.context.db.run('DELETE FROM temp.population_kept');
  }
}
