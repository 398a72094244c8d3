import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ParsedDate, daysFromCivil, fromExcelSerial, parseDate, parsePeriod } from './dates';

function read(text: string, allowSerial = false): { date: string; hour: number | null } | null {
  const out: ParsedDate = { day: 0, month: 0, hour: null };
  if (!parseDate(text, out, allowSerial)) return null;
  return { date: new Date(out.day * 86_400_000).toISOString().slice(0, 10), hour: out.hour };
}

describe('UK dates', () => {
  it('03/04/2014 is 3 April, never 4 March; times, ISO and named months', () => {
    expect(read('03/04/2014')).toEqual({ date: '2014-04-03', hour: null });
    expect(read('3/4/2014 22:15')).toEqual({ date: '2014-04-03', hour: 22 });
    expect(read('03/04/2014 07:05:59')).toEqual({ date: '2014-04-03', hour: 7 });
    expect(read('03-04-14')).toEqual({ date: '2014-04-03', hour: null });
    expect(read('2014-04-03')).toEqual({ date: '2014-04-03', hour: null });
    expect(read('2014-04-03T22:15:00')).toEqual({ date: '2014-04-03', hour: 22 });
    expect(read('3 Apr 2014')).toEqual({ date: '2014-04-03', hour: null });
    expect(read('03-April-2014 13:00')).toEqual({ date: '2014-04-03', hour: 13 });
  });

  it('refuses what is not a date', () => {
    for (const bad of ['31/02/2015', '29/02/2015', '13/13/2014', '2014-04', 'yesterday', '03/04/2014 25:00', '41733']) {
      expect(read(bad), bad).toBeNull();
    }
    expect(read('29/02/2016')).toEqual({ date: '2016-02-29', hour: null });
  });

  it('reads a real date whatever its four-digit year, so a mis-keyed 2204 is rejected as in the future rather than as unreadable', () => {
    expect(read('14/07/2204 10:00')).toEqual({ date: '2204-07-14', hour: 10 });
    expect(read('14/07/2204')).toEqual({ date: '2204-07-14', hour: null });
    expect(read('2204-07-14')).toEqual({ date: '2204-07-14', hour: null });
    expect(read('14 Jul 2204')).toEqual({ date: '2204-07-14', hour: null });
    expect(read('31/12/9999')).toEqual({ date: '9999-12-31', hour: null });
  });

  it('reads Excel serial dates (1899-12-30 epoch) in spreadsheets only', () => {
    expect(read('41732', true)).toEqual({ date: '2014-04-03', hour: null });
    expect(read('41732.927083333', true)).toEqual({ date: '2014-04-03', hour: 22 });
    const out: ParsedDate = { day: 0, month: 0, hour: null };
    expect(fromExcelSerial(41_732.5, out)).toBe(true);
    expect(out).toEqual({ day: daysFromCivil(2014, 4, 3), month: 2014 * 12 + 3, hour: 12 });
  });

  it('months and rolling windows', () => {
    expect(parsePeriod('2014-10')).toEqual({ month: 2014 * 12 + 9, windowMonths: 1, label: '2014-10' });
    expect(parsePeriod('Oct 2014')?.label).toBe('2014-10');
    expect(parsePeriod('October 2014')?.label).toBe('2014-10');
    expect(parsePeriod('10/2014')?.label).toBe('2014-10');
    expect(parsePeriod('Oct-14')?.label).toBe('2014-10');
    expect(parsePeriod('12 months to Oct 2014')).toEqual({ month: 2014 * 12 + 9, windowMonths: 12, label: '12 months to 2014-10' });
    expect(parsePeriod('Rolling 3 months ending 2014-10')?.label).toBe('3 months to 2014-10');
    expect(parsePeriod('2014/10')).toBeNull();
    expect(parsePeriod('Area')).toBeNull();
  });
});

/** dd/mm/yyyy read with the general pattern only, as parseDate did before its fast path. */
function byPattern(text: string): ParsedDate | null {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (match === null) return null;
  let year = Number(match[3]);
  const month = Number(match[2]);
  const day = Number(match[1]);
  const hour = match[4] === undefined ? null : Number(match[4]);
  const minute = Number(match[5] ?? 0);
  if (year < 100) year += year < 50 ? 2000 : 1900;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > last) return null;
  if (hour !== null && (hour > 23 || minute > 59)) return null;
  return { day: daysFromCivil(year, month, day), month: year * 12 + month - 1, hour };
}

describe('dd/mm/yyyy fast path', () => {
  it('reads every slash date, with or without a time, as the general pattern does', () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '9'), minLength: min, maxLength: max });
    const text = fc
      .tuple(digits(0, 3), fc.constantFrom('/', '-', '.'), digits(0, 3), fc.constantFrom('/', '-'), digits(1, 5), fc.constantFrom('', ' ', 'T', '  '), digits(0, 3), fc.constantFrom('', ':'), digits(0, 3), fc.constantFrom('', ':00', ':5', ':59'), fc.constantFrom('', ' ', 'x'))
      .map((parts) => parts.join(''));
    const dated = fc.tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1890, max: 2210 }), fc.option(fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))))
      .map(([d, m, y, time]) => `${d}/${String(m).padStart(2, '0')}/${y}${time === null ? '' : ` ${time[0]}:${String(time[1]).padStart(2, '0')}`}`);
    fc.assert(
      fc.property(fc.oneof(text, dated), (value) => {
        const out: ParsedDate = { day: 0, month: 0, hour: null };
        const expected = byPattern(value);
        const isDmy = /^\s*\d{1,2}[/.-]\d{1,2}[/.-]/.test(value);
        if (!isDmy) return;
        expect(parseDate(value, out, false) ? { ...out } : null).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
