/**
 * The generator's clock. Times are whole minutes since 00:00 on 1 April of
 * the first financial year, in naive local (UK wall-clock) time: extracts
 * carry no time zone, and counting minutes avoids DST gaps and Date objects
 * in the hot loop. Day and time strings are cached because a million records
 * would otherwise format the same 1,826 dates over and over.
 */

export const MINUTES_PER_DAY = 1440;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export interface MonthSlot {
  /** 0-based position in the window. */
  index: number;
  year: number;
  /** 1 = January. */
  month: number;
  /** Minutes from the window start to 00:00 on the 1st. */
  startMinute: number;
  days: number;
  /** `2019-04` */
  iso: string;
  /** `Apr 2019` */
  label: string;
  /** Financial year start, e.g. 2019 for April 2019 to March 2020. */
  financialYear: number;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Five financial years by default: April 2019 to March 2024. */
export class Calendar {
  readonly firstYear: number;
  readonly years: number;
  readonly months: readonly MonthSlot[];
  readonly totalDays: number;
  readonly endMinute: number;
  private readonly startUtcMs: number;
  private readonly dayStrings: string[] = [];
  private readonly timeStrings: string[] = [];

  constructor(firstFinancialYear = 2019, years = 5) {
    this.firstYear = firstFinancialYear;
    this.years = years;
    this.startUtcMs = Date.UTC(firstFinancialYear, 3, 1);
    const months: MonthSlot[] = [];
    let startDay = 0;
    for (let i = 0; i < years * 12; i += 1) {
      const year = firstFinancialYear + Math.floor((i + 3) / 12);
      const month = ((i + 3) % 12) + 1;
      const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
      months.push({
        index: i,
        year,
        month,
        startMinute: startDay * MINUTES_PER_DAY,
        days,
        iso: `${year}-${pad2(month)}`,
        label: `${MONTH_NAMES[month - 1] ?? ''} ${year}`,
        financialYear: firstFinancialYear + Math.floor(i / 12),
      });
      startDay += days;
    }
    this.months = months;
    this.totalDays = startDay;
    this.endMinute = startDay * MINUTES_PER_DAY;
  }

  month(index: number): MonthSlot {
    const slot = this.months[index];
    if (slot === undefined) throw new RangeError(`month ${index} is outside the window`);
    return slot;
  }

  /** Which month a minute falls in (binary search; months are contiguous). */
  monthIndexOf(minute: number): number {
    let lo = 0;
    let hi = this.months.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.months[mid]?.startMinute ?? 0) <= minute) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** `dd/mm/yyyy` of a day counted from the window start (negative and beyond-the-end days allowed). */
  dayString(day: number): string {
    const cached = day >= 0 ? this.dayStrings[day] : undefined;
    if (cached !== undefined) return cached;
    const d = new Date(this.startUtcMs + day * 86_400_000);
    const text = `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
    if (day >= 0) this.dayStrings[day] = text;
    return text;
  }

  /** Calendar year of a day, for reference numbers. */
  yearOfDay(day: number): number {
    return new Date(this.startUtcMs + day * 86_400_000).getUTCFullYear();
  }

  /** `dd/mm/yyyy HH:MM` */
  dateTime(minute: number): string {
    const day = Math.floor(minute / MINUTES_PER_DAY);
    const inDay = minute - day * MINUTES_PER_DAY;
    let time = this.timeStrings[inDay];
    if (time === undefined) {
      time = `${pad2(Math.floor(inDay / 60))}:${pad2(inDay % 60)}`;
      this.timeStrings[inDay] = time;
    }
    return `${this.dayString(day)} ${time}`;
  }

  /** `dd/mm/yyyy` */
  date(minute: number): string {
    return this.dayString(Math.floor(minute / MINUTES_PER_DAY));
  }

  /** Excel serial date (1900 system): whole days since 30/12/1899 plus the fraction of the day. */
  excelSerial(minute: number): number {
    const baseSerial = Math.round(this.startUtcMs / 86_400_000) + 25_569;
    return baseSerial + minute / MINUTES_PER_DAY;
  }
}

/**
 * Parse the generator's own date strings back to minutes since the window
 * start (for tests and for checking planted effects). Accepts
 * `dd/mm/yyyy` and `dd/mm/yyyy HH:MM`; returns NaN for anything else.
 */
export function parseGeneratedDate(text: string, calendar: Calendar): number {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(text);
  if (m === null) return Number.NaN;
  const ms = Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  return Math.round((ms - Date.UTC(calendar.firstYear, 3, 1)) / 60_000);
}
