import { describe, expect, it } from 'vitest';
import { dayToIsoDate, isoDateToDay } from './days';

describe('day numbers', () => {
  it('counts days since 1970-01-01 and round-trips', () => {
    expect(isoDateToDay('1970-01-01')).toBe(0);
    expect(isoDateToDay('2016-01-01') - isoDateToDay('2015-12-31')).toBe(1);
    expect(isoDateToDay('2016-03-01') - isoDateToDay('2016-02-28')).toBe(2); // leap year
    expect(isoDateToDay('2019-01-04T10:00:00Z')).toBe(isoDateToDay('2019-01-04'));
    expect(dayToIsoDate(isoDateToDay('2024-10-27'))).toBe('2024-10-27'); // a clock-change day
  });

  it('rejects what is not a date', () => {
    expect(() => isoDateToDay('2016-02-30')).toThrow(RangeError);
    expect(() => isoDateToDay('31/01/2016')).toThrow(RangeError);
  });
});
