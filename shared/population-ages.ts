/**
 * The ages a population estimate's age band covers ("0-9", "10 to 17",
 * "75+", "75 and over", "Under 18"). Population bands are stored as ranges
 * on the population rows, never in the victim band set (`age_band`), so any
 * victim band can be made from the population bands that fit inside it.
 * A leaf module: the schema migration reads band names with it too.
 */

/** Inclusive ages; max null = open-ended (75+). */
export interface AgeRange {
  min: number;
  max: number | null;
}

/** Oldest age a population band may name (the same limit as victims' ages). */
const OLDEST = 120;

/** "All ages", "All", "Total", "Persons" or blank: the row is every age. */
export function isAllAgesBand(text: string): boolean {
  return /^(all( ages)?|total|all persons|persons|)$/i.test(text.trim());
}

/** The range a band names, or null when it names none (the importer rejects it). */
export function populationBandRange(text: string): AgeRange | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^(?:aged?) /, '');
  let match = /^(\d{1,3}) ?(?:-|–|to) ?(\d{1,3})$/.exec(value);
  if (match) {
    const min = Number(match[1]);
    const max = Number(match[2]);
    return min <= max && max <= OLDEST ? { min, max } : null;
  }
  match = /^(\d{1,3}) ?(?:\+|and over|or over|and older|plus)$/.exec(value);
  if (match) return Number(match[1]) <= OLDEST ? { min: Number(match[1]), max: null } : null;
  match = /^(?:under|less than|<) ?(\d{1,3})$/.exec(value);
  if (match && Number(match[1]) > 0 && Number(match[1]) <= OLDEST) return { min: 0, max: Number(match[1]) - 1 };
  match = /^(\d{1,3})$/.exec(value);
  if (match && Number(match[1]) <= OLDEST) return { min: Number(match[1]), max: Number(match[1]) };
  return null;
}

/** "0-9", "75+": how notes name a population band. */
export function formatAgeRange(range: AgeRange): string {
  return range.max === null ? `${range.min}+` : range.min === range.max ? `age ${range.min}` : `${range.min}-${range.max}`;
}

/** A population figure for a range of ages (a single year is a range of one). */
export interface AgePiece extends AgeRange {
  persons: number;
}

/** What the source's pieces give for a range of ages. */
export type AgeCover =
  | { persons: number }
  /** A piece crosses the range's edge: part of its people are in, how many is unknown. */
  | { straddling: AgeRange }
  /** Pieces inside the range share ages, and no set of them that does not covers it. */
  | { overlapping: [AgeRange, AgeRange] }
  /** Some ages of the range are in no piece. */
  | { gap: true };

const end = (range: AgeRange): number => (range.max === null ? Number.POSITIVE_INFINITY : range.max);
const overlaps = (a: AgeRange, b: AgeRange): boolean => a.min <= end(b) && b.min <= end(a);

/**
 * Persons aged min to max (max null: and over) from pieces that lie inside
 * the range and cover it once, end to end: a file giving 0-17 beside 0-15
 * and 16-17 gives 0-17 once, never their sum. No set of pieces that covers
 * it exactly: the reason (a piece straddling its edge, two pieces sharing
 * ages, or a gap), so a denominator never counts anyone twice or misses
 * anyone. Wider pieces are tried first (a source's own 0-17 before 0-15 + 16-17).
 */
export function coverAges(pieces: readonly AgePiece[], range: AgeRange): AgeCover {
  const touching = pieces.filter((p) => overlaps(p, range));
  const inside = touching.filter((p) => p.min >= range.min && end(p) <= end(range));
  // Persons from min up to each age reached (Infinity: open-ended), piece by piece in age order.
  const reached = new Map<number, number>([[range.min, 0]]);
  for (const piece of [...inside].sort((a, b) => a.min - b.min || end(b) - end(a))) {
    const before = reached.get(piece.min);
    const after = end(piece) + 1;
    if (before !== undefined && !reached.has(after)) reached.set(after, before + piece.persons);
  }
  const persons = reached.get(end(range) + 1);
  if (persons !== undefined) return { persons };
  const straddling = touching.find((p) => !inside.includes(p));
  if (straddling !== undefined) return { straddling: { min: straddling.min, max: straddling.max } };
  for (const [i, a] of inside.entries()) {
    // Nested pieces (0-15 inside 0-17) are alternatives, not a clash; pieces crossing each other are.
    const clash = inside.slice(i + 1).find((b) => overlaps(a, b) && !(a.min <= b.min && end(b) <= end(a)) && !(b.min <= a.min && end(a) <= end(b)));
    if (clash !== undefined) {
      const [first, second] = a.min <= clash.min ? [a, clash] : [clash, a];
      return { overlapping: [{ min: first.min, max: first.max }, { min: second.min, max: second.max }] };
    }
  }
  return { gap: true };
}

/**
 * A source's single years and bands as pieces: the oldest single year, when
 * it is 90 or over and no band starts above it, is "and over" (ONS's 90 means
 * 90+; FORMATS.md), so 65+ from 65 to 90 counts the over-90s once.
 */
export function agePieces(singles: ReadonlyMap<number, number>, bands: readonly AgePiece[]): AgePiece[] {
  const oldest = Math.max(-1, ...singles.keys());
  const topIsOpen = oldest >= 90 && !bands.some((b) => b.min > oldest || (b.min === oldest && b.max === null));
  const pieces: AgePiece[] = [...singles].map(([age, persons]) => ({ min: age, max: topIsOpen && age === oldest ? null : age, persons }));
  return [...pieces, ...bands];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** 1-12 for "Sep", "Sept" or "September"; null for anything else. */
const monthOf = (word: string): number | null => {
  const lower = word.toLowerCase();
  const at = MONTHS.findIndex((m) => lower.length >= 3 && m.startsWith(lower));
  return at < 0 ? null : at + 1;
};

/** What Excel made of a band it took for a date: the band read back, or why it cannot be. */
export type ExcelBand = { range: AgeRange } | { reason: string } | null;

/**
 * A band Excel turned into a date, read back: "5-9" becomes 5 September
 * ("05-Sep", or 2024-09-05 in a date cell), "10-14" October 2014 ("Oct-14",
 * or 2014-10-01). Null when the text is not such a date. A date on the 1st
 * could be either ("1-10" or "10-24"): the reason says so, rather than guess.
 * `isSpreadsheet`: a bare 5-digit number is an XLSX date serial.
 */
export function bandFromExcelDate(text: string, isSpreadsheet: boolean): ExcelBand {
  const value = text.trim();
  const band = (min: number, max: number): ExcelBand => (min < max ? { range: { min, max } } : null);
  let match = /^(\d{1,2})[- /]([a-z]{3,9})$/i.exec(value);
  if (match) {
    const month = monthOf(match[2] ?? '');
    return month === null ? null : band(Number(match[1]), month);
  }
  match = /^([a-z]{3,9})[- /](\d{2})$/i.exec(value);
  if (match) {
    const month = monthOf(match[1] ?? '');
    return month === null ? null : band(month, Number(match[2]));
  }
  let date: { year: number; month: number; day: number } | null = null;
  match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?$/.exec(value);
  if (match) date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  else if (isSpreadsheet && /^\d{5}$/.test(value)) {
    // Excel serials count days from 30 December 1899 (its 1900 leap-year bug is before any serial this size).
    const d = new Date(Date.UTC(1899, 11, 30) + Number(value) * 86_400_000);
    date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  if (date === null) return null;
  if (date.day > 1) return band(date.day, date.month);
  const asDayMonth = band(1, date.month);
  const asMonthYear = band(date.month, date.year % 100);
  if (asDayMonth !== null && asMonthYear !== null && 'range' in asDayMonth && 'range' in asMonthYear) {
    return {
      reason: `a date (${date.year}-${String(date.month).padStart(2, '0')}-01), as Excel makes of an age band, but it could be ${formatAgeRange(asDayMonth.range)} or ${formatAgeRange(asMonthYear.range)}: give the band as text`,
    };
  }
  return asDayMonth ?? asMonthYear;
}
