import { describe, expect, it } from 'vitest';
import { DISTRICTS_NAMED, firstDistrictsAndMore } from './run-pivot';

const districts = (n: number): string[] => Array.from({ length: n }, (_, i) => `District ${String.fromCharCode(65 + i)}`);

describe('firstDistrictsAndMore', () => {
  it('names no districts as an empty list', () => {
    expect(firstDistrictsAndMore([])).toBe('');
  });

  it('names a single district on its own', () => {
    expect(firstDistrictsAndMore(['Ashfield'])).toBe('Ashfield');
  });

  it('names every district when there are exactly as many as a note names', () => {
    expect(DISTRICTS_NAMED).toBe(8);
    expect(firstDistrictsAndMore(districts(8))).toBe(
      'District A, District B, District C, District D, District E, District F, District G, District H',
    );
  });

  it('counts the one district past the limit instead of naming it', () => {
    expect(firstDistrictsAndMore(districts(9))).toBe(
      'District A, District B, District C, District D, District E, District F, District G, District H and 1 more',
    );
  });

  it('keeps the order it is given: the caller puts the districts that matter first', () => {
    expect(firstDistrictsAndMore(['Mansfield', 'Ashfield'])).toBe('Mansfield, Ashfield');
  });
});
