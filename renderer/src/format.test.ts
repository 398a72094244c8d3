import { describe, expect, it } from 'vitest';
import { MEASURES } from '../../shared/pivot/spec';
import { formatMeasure, lowFigureTooltip } from './format';

describe('formatMeasure', () => {
  it('gives % changes as signed percentages, differences as signed numbers and rates to 1 dp', () => {
    for (const m of ['change_prev', 'change_year', 'fytd_change', 'rolling_12_change'] as const) {
      expect(formatMeasure(12.345, m)).toBe('+12.3%');
      expect(formatMeasure(-4, m)).toBe('-4.0%');
    }
    for (const m of ['diff_prev', 'diff_year'] as const) {
      expect(formatMeasure(1234, m)).toBe('+1,234');
      expect(formatMeasure(-7, m)).toBe('-7');
      expect(formatMeasure(0, m)).toBe('0');
    }
    expect(formatMeasure(3.04, 'rate')).toBe('3.0');
    // iQuanta's rates and MSG averages to two places, as iQuanta publishes them.
    for (const m of ['iq_rate', 'iq_msg_average'] as const) expect(formatMeasure(3.045, m)).toBe('3.05');
    for (const m of ['count', 'fytd', 'rolling_12', 'iq_value'] as const) expect(formatMeasure(12345, m)).toBe('12,345');
    expect(formatMeasure(12.345, 'share_row')).toBe('12.3%');
  });

  it('leaves a cell that cannot be computed blank, whatever the measure', () => {
    for (const m of MEASURES) {
      expect(formatMeasure(null, m)).toBe('');
      expect(formatMeasure(Number.NaN, m)).toBe('');
    }
  });

  it('says on hover what a [low] cell stands for, with its figure', () => {
    expect(lowFigureTooltip(5 / 120, 'rate')).toBe('[low]: above nought but below 0.05, so it would show as nought: 0.042 per 1,000');
    expect(lowFigureTooltip(0.04, 'share_total')).toBe('[low]: above nought but below 0.05%, so it would show as nought: 0.04%');
    expect(lowFigureTooltip(0.0041, 'iq_rate')).toBe('[low]: above nought but below 0.005, so it would show as nought: 0.0041');
  });
});
