/**
 * Periods as integers: a month is `year * 12 + (month - 1)`, so "previous
 * month" is `m - 1` and "same month last year" is `m - 12`. Financial years
 * run April to March (`2023/24` starts in April 2023).
 */
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export function monthIndex(year: number, month1to12: number): number {
  return year * 12 + (month1to12 - 1);
}

/** `YYYY-MM` (also `YYYY-M`, `MM/YYYY` and `Mon YYYY`) to a month index, or null. */
export function parseMonth(text: string): number | null {
  const value = text.trim();
  let match = /^(\d{4})-(\d{1,2})$/.exec(value);
  if (match) return checked(Number(match[1]), Number(match[2]));
  match = /^(\d{1,2})\/(\d{4})$/.exec(value);
  if (match) return checked(Number(match[2]), Number(match[1]));
  match = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(value);
  if (match) {
    const month = MONTH_NAMES.findIndex((name) => name.toLowerCase() === match?.[1]?.toLowerCase());
    if (month >= 0) return checked(Number(match[2]), month + 1);
  }
  return null;
}

function checked(year: number, month: number): number | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return null;
  return monthIndex(year, month);
}

export function formatMonth(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function calendarMonthOf(index: number): number {
  return index - Math.floor(index / 12) * 12 + 1;
}

/** Quarter index = year * 4 + (quarter - 1). */
export function formatQuarter(quarterIndex: number): string {
  const year = Math.floor(quarterIndex / 4);
  return `${year}-Q${quarterIndex - year * 4 + 1}`;
}

/** Financial year named by its starting year: 2023 -> `2023/24`. */
export function formatFinancialYear(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function parseFinancialYear(text: string): number | null {
  const match = /^(\d{4})\/(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const start = Number(match[1]);
  return (start + 1) % 100 === Number(match[2]) ? start : null;
}

export function parseQuarter(text: string): number | null {
  const match = /^(\d{4})-Q([1-4])$/i.exec(text.trim());
  return match ? Number(match[1]) * 4 + Number(match[2]) - 1 : null;
}
