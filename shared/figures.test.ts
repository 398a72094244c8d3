/**
 * One rounding rule for every figure: half away from zero on the figure to
 * 15 significant digits (as Excel shows a cell), so float noise a hair under
 * a half never rounds down, and negative halves round away from zero.
 */
import { describe, expect, it } from 'vitest';
import { LOW_FIGURE, formatDecimal, formatFigure, formatFraction, isLowFigure, roundFigure, roundHalfAway } from './figures';

describe('figures', () => {
  it('rounds halves away from zero, on both sides of zero', () => {
    expect(formatFigure(12.25, 'change_year')).toBe('+12.3%');
    expect(formatFigure(-12.25, 'change_year')).toBe('-12.3%');
    expect(roundHalfAway(-2.45, 1)).toBe(-2.5);
    expect(formatDecimal(0.15, 1)).toBe('0.2');
    expect(formatDecimal(-0.25, 1)).toBe('-0.3');
  });

  it('rounds a figure a hair under a half (float noise) as its exact value: (23 / 80) x 100 is 28.75%', () => {
    expect(formatFigure((23 / 80) * 100, 'share_row')).toBe('28.8%');
    expect(formatFigure((49 / 20000) * 1000, 'rate')).toBe('2.5');
    // The survey's and repeats' fractions: toFixed gave 28.7%.
    expect(formatFraction(23 / 80)).toBe('28.8%');
    expect(roundFigure((23 / 80) * 100, 'share_row')).toBe(28.8);
    // Repeat rates 23 of 80 against 1 in 4 a year earlier: 3.75 points up, computed as 3.749999999999998.
    expect(formatDecimal((23 / 80 - 0.25) * 100, 1, { sign: true })).toBe('+3.8');
    expect(formatDecimal(-0, 1, { sign: true })).toBe('0.0');
  });

  it('shows each measure with its decimals and signs', () => {
    expect(formatFigure(3, 'rate')).toBe('3.0');
    expect(formatFigure(1234.56, 'rate')).toBe('1,234.6');
    expect(formatFigure(100, 'share_row')).toBe('100.0%');
    expect(formatFigure(0, 'fytd_change')).toBe('0.0%');
    // A change that rounds to nothing has no sign, and a CSV never writes -0.
    expect(formatFigure(-0.04, 'change_prev')).toBe('0.0%');
    expect(Object.is(roundFigure(-0.04, 'change_prev'), 0)).toBe(true);
    expect(formatFigure(1234, 'count')).toBe('1,234');
    expect(formatFigure(-3, 'diff_year')).toBe('-3');
    expect(formatFigure(null, 'rate')).toBe('');
    expect(roundFigure(4.22295, 'rate')).toBe(4.2);
    expect(roundFigure(17, 'count')).toBe(17);
  });

  it('shows a rate or share above nought that rounds to nought as [low], never as 0.0 (which reads as none)', () => {
    // 5 robberies among 120,000 residents: 0.0417 per 1,000.
    expect(formatFigure((5 / 120_000) * 1000, 'rate')).toBe(LOW_FIGURE);
    expect(formatFigure(0.05, 'rate')).toBe('0.1');
    expect(formatFigure(0, 'rate')).toBe('0.0');
    expect(formatFigure((1 / 2500) * 100, 'share_total')).toBe(LOW_FIGURE);
    expect(formatFigure(0, 'share_col')).toBe('0.0%');
    // iQuanta's rates to two places: 0.004 is [low], 0.005 is 0.01.
    expect(formatFigure(0.004, 'iq_rate')).toBe(LOW_FIGURE);
    expect(formatFigure(0.005, 'iq_rate')).toBe('0.01');
    // A change that rounds to nought is no change to one decimal place: true as shown.
    expect(formatFigure(0.04, 'change_year')).toBe('0.0%');
    expect(isLowFigure(0.04, 'change_year')).toBe(false);
    expect(isLowFigure(0.04, 'count')).toBe(false);
    expect(isLowFigure(null, 'rate')).toBe(false);
    expect(isLowFigure(-0.01, 'rate')).toBe(false);
    // Fractions (survey and repeats): 1 repeat victim of 3,000 is [low]; a signed change is not.
    expect(formatFraction(1 / 3000)).toBe(LOW_FIGURE);
    expect(formatFraction(0)).toBe('0.0%');
    expect(formatFraction(0.0005)).toBe('0.1%');
    expect(formatFraction(1 / 3000, { sign: true })).toBe('0.0%');
  });
});
