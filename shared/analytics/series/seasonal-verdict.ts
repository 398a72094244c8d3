/**
 * The one seasonality verdict per series that every method choice follows.
 *
 * The rule (the README says the same to analysts): seasonality is tested
 * once per series, the p-values are adjusted with Benjamini-Hochberg across
 * the series analysed together, and a series is seasonal only when its
 * adjusted p-value (q) is below alpha. That verdict, not the series' own raw
 * p-value, then chooses
 * - the trend test: seasonal Mann-Kendall when seasonal, else Mann-Kendall;
 * - the control chart's baseline: limits on the deseasonalised series
 *   (scaled by the month's seasonal index) when seasonal, else flat limits;
 * - the forecast: seasonal Holt-Winters when seasonal, else Holt's linear
 *   trend;
 * so an analyst never sees "not seasonal" beside a seasonal method.
 *
 * "Analysed together" is one request: one Flags run (the panel's split over
 * the pivot's filters and months) or one `flags` command (its --by, --where,
 * --from and --to). A chart of a series picked from a Flags run draws that
 * run's verdict; it does not test the one series again on its own. A request
 * that covers a single series is a family of one, where BH changes nothing
 * (q = p), so its verdict is the raw test's. Narrowing a request can
 * therefore turn a borderline series seasonal (fewer series, less
 * correction); the printed q-value and the number of series tested say so.
 */
import type { SeasonalityResult } from './seasonality-test';
import { benjaminiHochberg } from './multiple-testing';

export interface SeasonalVerdict {
  /** Seasonal after the adjustment (q < alpha); false when tested and not; null when the series could not be tested. */
  seasonal: boolean | null;
  /** The series' own seasonality p-value, before adjustment. */
  p_value: number | null;
  /** Benjamini-Hochberg adjusted p-value across the series analysed together (= p for a single series). */
  q_value: number | null;
  /** How many series of the set had a p-value (the m of the adjustment). */
  tested: number;
}

/** A series' own seasonality test with the verdict adjusted across its set. */
export interface AdjustedSeasonality {
  test: SeasonalityResult;
  verdict: SeasonalVerdict;
}

/**
 * Adjusted verdicts for a set of seasonality tests, in their order. A series
 * is seasonal only when significant after BH; since q >= p, that implies its
 * own test was significant too.
 */
export function adjustSeasonality(tests: readonly SeasonalityResult[], alpha = 0.05): AdjustedSeasonality[] {
  const q = benjaminiHochberg(tests.map((t) => t.p_value));
  const tested = q.filter((v) => v !== null).length;
  return tests.map((test, i) => {
    const qValue = q[i] ?? null;
    const verdict: SeasonalVerdict = {
      seasonal: test.seasonal === null || qValue === null ? null : qValue < alpha,
      p_value: test.p_value,
      q_value: qValue,
      tested,
    };
    return { test, verdict };
  });
}
