/**
 * Dates and months as UK extracts write them. `03/04/2014` is 3 April 2014,
 * never 4 March. Days are counted from 1970-01-01 (the record table's `day`),
 * months as `year * 12 + month - 1` (shared/periods.ts).
 */
import { monthIndex, parseMonth } from '../periods';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number, as `yyyy-mm-dd`. */
export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A parsed date: reused between calls so the hot loop allocates nothing. */
export interface ParsedDate {
  day: number;
  month: number;
  /** 0-23, or null when the extract gives no time. */
  hour: number | null;
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const D_MON_Y = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{2}|\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SERIAL = /^\d{1,6}(?:\.\d+)?$/;

/**
 * Reads `dd/mm/yyyy`, `dd/mm/yyyy HH:MM[:SS]`, ISO `yyyy-mm-dd[THH:MM[:SS]]`,
 * `3 Apr 2014` and, for spreadsheets, Excel serial numbers. Two-digit years
 * are 20xx below 50 and 19xx from 50. Returns false when the text is not a
 * real date (31/02 is not). Any four-digit year from 1900 is read, so a
 * mis-keyed 2204 is rejected by the importer as a date in the future.
 */
export function parseDate(text: string, out: ParsedDate, allowSerial: boolean): boolean {
  const value = text.trim();
  if (value === '') return false;
  const fast = parseSlashDate(value, out);
  if (fast !== undefined) return fast;
  let year: number;
  let month: number;
  let day: number;
  let hour: number | null = null;
  let minute = 0;
  let match = DMY.exec(value);
  if (match !== null) {
    day = Number(match[1]);
    month = Number(match[2]);
    year = Number(match[3]);
    if (match[4] !== undefined) {
      hour = Number(match[4]);
      minute = Number(match[5]);
    }
  } else if ((match = ISO.exec(value)) !== null) {
    year = Number(match[1]);
    month = Number(match[2]);
    day = Number(match[3]);
    if (match[4] !== undefined) {
      hour = Number(match[4]);
      minute = Number(match[5]);
    }
  } else if ((match = D_MON_Y.exec(value)) !== null) {
    const named = MONTHS[(match[2] ?? '').toLowerCase().slice(0, 3)];
    if (named === undefined) return false;
    day = Number(match[1]);
    month = named;
    year = Number(match[3]);
    if (match[4] !== undefined) {
      hour = Number(match[4]);
      minute = Number(match[5]);
    }
  } else if (allowSerial && SERIAL.test(value)) {
    return fromExcelSerial(Number(value), out);
  } else {
    return false;
  }
  if (year < 100) year += year < 50 ? 2000 : 1900;
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour !== null && (hour > 23 || minute > 59)) return false;
  out.day = daysFromCivil(year, month, day);
  out.month = monthIndex(year, month);
  out.hour = hour;
  return true;
}

const SLASH = 0x2f;
const COLON = 0x3a;
const SPACE = 0x20;

/** The value of `length` digits at `at`, or -1 when any is not a digit. */
function digitsAt(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The shape nearly every extract row has, `d/m/yyyy` with an optional
 * ` H:MM[:SS]`, read without a regular expression (two dates a row, a
 * million rows). Returns undefined for any other shape, which DMY and the
 * other patterns then read; the checks on the parts are DMY's.
 */
function parseSlashDate(value: string, out: ParsedDate): boolean | undefined {
  const length = value.length;
  const firstSlash = value.charCodeAt(1) === SLASH ? 1 : value.charCodeAt(2) === SLASH ? 2 : -1;
  if (firstSlash < 0) return undefined;
  const secondSlash = value.charCodeAt(firstSlash + 2) === SLASH ? firstSlash + 2 : value.charCodeAt(firstSlash + 3) === SLASH ? firstSlash + 3 : -1;
  if (secondSlash < 0) return undefined;
  const day = digitsAt(value, 0, firstSlash);
  const month = digitsAt(value, firstSlash + 1, secondSlash - firstSlash - 1);
  const year = digitsAt(value, secondSlash + 1, 4);
  if (day < 0 || month < 0 || year < 0) return undefined;
  const dateEnd = secondSlash + 5;
  let hour: number | null = null;
  let minute = 0;
  if (length !== dateEnd) {
    if (value.charCodeAt(dateEnd) !== SPACE) return undefined;
    const colon = value.charCodeAt(dateEnd + 2) === COLON ? dateEnd + 2 : value.charCodeAt(dateEnd + 3) === COLON ? dateEnd + 3 : -1;
    if (colon < 0) return undefined;
    hour = digitsAt(value, dateEnd + 1, colon - dateEnd - 1);
    minute = digitsAt(value, colon + 1, 2);
    if (hour < 0 || minute < 0) return undefined;
    const timeEnd = colon + 3;
    if (length !== timeEnd && !(length === timeEnd + 3 && value.charCodeAt(timeEnd) === COLON && digitsAt(value, timeEnd + 1, 2) >= 0)) {
      return undefined;
    }
  }
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour !== null && (hour > 23 || minute > 59)) return false;
  out.day = daysFromCivil(year, month, day);
  out.month = monthIndex(year, month);
  out.hour = hour;
  return true;
}

/**
 * Excel's serial dates: days since 1899-12-30 (Excel's phantom 29 Feb 1900
 * makes that the right epoch for every date after February 1900), the
 * fraction being the time of day.
 */
export function fromExcelSerial(serial: number, out: ParsedDate): boolean {
  if (!Number.isFinite(serial) || serial < 61 || serial > 150_000) return false;
  const whole = Math.floor(serial);
  const fraction = serial - whole;
  out.day = whole - 25_569;
  const date = new Date(out.day * 86_400_000);
  out.month = monthIndex(date.getUTCFullYear(), date.getUTCMonth() + 1);
  // Half a second of tolerance: serials are often 0.99999 of an hour short.
  out.hour = fraction === 0 ? null : Math.floor((fraction * 86_400 + 0.5) / 3_600) % 24;
  return true;
}

/** A period of an aggregate extract: one month, or a rolling window ending in a month. */
export interface ParsedPeriod {
  /** The month, or the last month of the window. */
  month: number;
  windowMonths: number;
  /** `2014-10` or `12 months to 2014-10`. */
  label: string;
}

const WINDOW = /^(?:rolling\s+)?(\d{1,2})\s*months?\s+(?:to|ending)\s+(.+)$/i;

/**
 * Months as extracts write them: `2014-10`, `Oct 2014`, `October 2014`,
 * `10/2014`, `Oct-14`, a date (its month) and, for spreadsheets, an Excel
 * serial; and rolling windows `12 months to Oct 2014`.
 */
export function parsePeriod(text: string, allowSerial = false): ParsedPeriod | null {
  const value = text.trim();
  const window = WINDOW.exec(value);
  if (window !== null) {
    const months = Number(window[1]);
    const end = parseMonthLoose(window[2] ?? '', allowSerial);
    if (end === null || months < 1) return null;
    return { month: end, windowMonths: months, label: `${months} months to ${formatMonthIndex(end)}` };
  }
  const month = parseMonthLoose(value, allowSerial);
  return month === null ? null : { month, windowMonths: 1, label: formatMonthIndex(month) };
}

const MON_YY = /^([A-Za-z]{3,9})[ -](\d{2})$/;
const scratch: ParsedDate = { day: 0, month: 0, hour: null };

/** A month index from the ways extracts write a month, or null. */
export function parseMonthLoose(text: string, allowSerial = false): number | null {
  const value = text.trim();
  const strict = parseMonth(value);
  if (strict !== null) return strict;
  const long = /^([A-Za-z]{3,9})\.?\s+(\d{4})$/.exec(value);
  if (long !== null) {
    const month = MONTHS[(long[1] ?? '').toLowerCase().slice(0, 3)];
    if (month !== undefined) return monthIndex(Number(long[2]), month);
  }
  const short = MON_YY.exec(value);
  if (short !== null) {
    const month = MONTHS[(short[1] ?? '').toLowerCase().slice(0, 3)];
    if (month !== undefined) return monthIndex(2000 + Number(short[2]), month);
  }
  if (parseDate(value, scratch, allowSerial)) return scratch.month;
  return null;
}

function formatMonthIndex(index: number): string {
  const year = Math.floor(index / 12);
  return `${year}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}
