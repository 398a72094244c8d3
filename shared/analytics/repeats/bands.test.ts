import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../errors';
import {
  bandIndex,
  bandLabels,
  equalWidthBreaks,
  histogram,
  isOpenEnded,
  nearRepeatCalculatorBreaks,
  parseBreaks,
  validateBreaks,
} from './bands';

describe('bands', () => {
  it('are [a, b) by default, like R cut(right = FALSE)', () => {
    const b = [0, 1, 20, 40];
    expect([0, 0.999, 1, 19.99, 20, 39.999, 40, -1].map((v) => bandIndex(v, b))).toEqual([0, 0, 1, 1, 2, 2, -1, -1]);
    expect(bandLabels(b)).toEqual(['[0, 1)', '[1, 20)', '[20, 40)']);
  });

  it('follow the other R cut() closures', () => {
    const b = [0, 1, 20, 40];
    // include.lowest with right = FALSE closes the LAST band on the right.
    expect(bandIndex(40, b, { right: false, includeLowest: true })).toBe(2);
    expect(bandLabels(b, { right: false, includeLowest: true })).toEqual(['[0, 1)', '[1, 20)', '[20, 40]']);
    // right = TRUE: (a, b]; 0 falls in no band unless include.lowest closes the FIRST band.
    expect([0, 1, 1.5, 20, 40].map((v) => bandIndex(v, b, { right: true, includeLowest: false }))).toEqual([-1, 0, 1, 1, 2]);
    expect(bandIndex(0, b, { right: true, includeLowest: true })).toBe(0);
    expect(bandLabels(b, { right: true, includeLowest: true })).toEqual(['[0, 1]', '(1, 20]', '(20, 40]']);
  });

  it('equal-width helper: n bands of a width, then open-ended unless told otherwise', () => {
    expect(equalWidthBreaks(100, 3)).toEqual([0, 100, 200, 300, Infinity]);
    expect(equalWidthBreaks(7, 2, { openEnded: false })).toEqual([0, 7, 14]);
    expect(equalWidthBreaks(0.1, 3, { openEnded: false })).toEqual([0, 0.1, 0.2, 0.30000000000000004]);
    expect(isOpenEnded([0, 7, Infinity])).toBe(true);
    expect(bandLabels([0, 100, Infinity])).toEqual(['[0, 100)', '[100, Inf)']);
    expect(() => equalWidthBreaks(0, 3)).toThrow(WorkbenchError);
  });

  it('Near Repeat Calculator breaks: "Same location" is [0, 1) and "1 to 100" is [1, 100)', () => {
    expect(nearRepeatCalculatorBreaks(100, 3, 7, 3)).toEqual({
      spaceBreaks: [0, 1, 100, 200, 300, Infinity],
      timeBreaks: [0, 7, 14, 21, Infinity],
    });
  });

  it('parses and validates CLI breaks', () => {
    expect(parseBreaks('0,100, 200,Inf')).toEqual([0, 100, 200, Infinity]);
    expect(parseBreaks('0,7,14')).toEqual([0, 7, 14]);
    expect(() => parseBreaks('0,x')).toThrow(/not a number/);
    expect(() => parseBreaks('0,100,100')).toThrow(/strictly increasing/);
    expect(() => validateBreaks([0])).toThrow(/two edges/);
    expect(() => validateBreaks([0, Infinity, 5])).toThrow(/finite/);
  });

  it('histogram counts values per band and those outside', () => {
    const h = histogram([0, 3, 7, 7, 30, 400], [0, 7, 28, 365]);
    expect(h.counts).toEqual([2, 2, 1]);
    expect(h.outside).toBe(1);
    expect(h.labels).toEqual(['[0, 7)', '[7, 28)', '[28, 365)']);
  });
});
