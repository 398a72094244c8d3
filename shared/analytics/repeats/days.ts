/**
 * Day numbers: whole days since 1970-01-01 (UTC). Knox time bands and repeat
 * windows are measured in these, so "7 days" means a difference of 7 in day
 * numbers whatever the time zone or clock change.
 */

const MS_PER_DAY = 86_400_000;

/** "2016-01-31" (or a longer ISO string starting with a date) to its day number; throws on a bad date. */
export function isoDateToDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${text}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2016-02-30 over to March; refuse it instead.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`no such date: "${text}"`);
  }
  return Math.round(ms / MS_PER_DAY);
}

/** Day number back to "YYYY-MM-DD". */
export function dayToIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
