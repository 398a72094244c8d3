/**
 * Respect Survey results: the weighted share of respondents giving one of
 * the "positive" answers (e.g. Very big problem + Fairly big problem) by
 * area, age band and wave, with a Wilson interval on Kish's effective
 * sample size. "Don't know" is not an answer to the question, so those
 * respondents are left out of both the numerator and the denominator.
 */
import { benjaminiHochberg } from '../analytics/series/multiple-testing';
import { formatDecimal } from '../figures';
import { type ProportionChange, confidenceFraction, kishEffectiveN, twoProportionTest, wilsonInterval } from './stats';

export const SURVEY_GROUPS = ['area', 'age_band', 'wave'] as const;
export type SurveyGroup = (typeof SURVEY_GROUPS)[number];

export function isSurveyGroup(name: string): name is SurveyGroup {
  return (SURVEY_GROUPS as readonly string[]).includes(name);
}

/** One respondent's answer to the question asked. */
export interface SurveyResponse {
  wave: number;
  area: string;
  ageBand: string | null;
  weight: number;
  answer: string;
}

export interface SurveyRequest {
  /** Answer labels counted as positive, matched ignoring case, spacing and apostrophe style. */
  positive: readonly string[];
  by: readonly SurveyGroup[];
  /** Confidence level, 95 (default) or e.g. 99.8. */
  level?: number;
  /** Answers that are not answers (default: "Don't know"), matched like `positive`. */
  excluded?: readonly string[];
}

/**
 * An area (or age band) against every other respondent of the same wave or
 * waves: "is Hyson Green's share different from the rest of the city's?".
 * Fractions 0-1; `difference` is this group's share less the rest's.
 */
export interface AgainstRest {
  rest_estimate: number;
  difference: number;
  /** Two-proportion z-test on the effective sample sizes (twoProportionTest). */
  p_value: number;
  /** Benjamini-Hochberg adjusted across every group compared in the request, as the Flags tab adjusts its series. */
  q_value: number;
  /** `higher` or `lower` when q_value is under 1 - level (5% at 95), else `similar` (no clear difference). */
  verdict: 'higher' | 'lower' | 'similar';
}

/** The `survey` command's row (CLI.md): fractions 0-1. */
export interface SurveyResult {
  group: Record<string, string>;
  respondents: number;
  weighted_n: number;
  effective_n: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /**
   * Against the rest (compareWithRest), when grouped first by area or age band: null for a group too small to
   * compare (fewer than SURVEY_MIN_RESPONDENTS) or when there is no rest. Absent when grouped first by wave.
   */
  against_rest?: AgainstRest | null;
}

/** A share from fewer respondents than this is withheld in a profile, and not compared with the rest: too few to read. */
export const SURVEY_MIN_RESPONDENTS = 10;

export const DEFAULT_EXCLUDED_ANSWERS = ["Don't know"] as const;

/** Answers compare ignoring case, runs of spaces and curly apostrophes ("Don’t know" is "Don't know"). */
export function normaliseAnswer(answer: string): string {
  return answer.trim().replace(/[\u2018\u2019`]/g, "'").replace(/\s+/g, ' ').toLowerCase();
}

const UNKNOWN_GROUP = 'Unknown';

function groupValue(response: SurveyResponse, group: SurveyGroup): string {
  if (group === 'wave') return String(response.wave);
  if (group === 'area') return response.area;
  return response.ageBand ?? UNKNOWN_GROUP;
}

/** Weighted share and interval for one set of respondents. */
export function weightedProportion(
  responses: readonly { weight: number; isPositive: boolean }[],
  level = 95,
): Omit<SurveyResult, 'group'> {
  const weights = responses.map((r) => r.weight);
  const weightedN = weights.reduce((s, w) => s + w, 0);
  const positive = responses.reduce((s, r) => s + (r.isPositive ? r.weight : 0), 0);
  const effectiveN = kishEffectiveN(weights);
  if (responses.length === 0 || !(weightedN > 0)) {
    return { respondents: responses.length, weighted_n: weightedN, effective_n: effectiveN, estimate: null, lower: null, upper: null };
  }
  const estimate = positive / weightedN;
  // Guard the [0, 1] bound against rounding in x = p̂ · n_eff.
  const x = Math.min(effectiveN, Math.max(0, estimate * effectiveN));
  const { lower, upper } = wilsonInterval(x, effectiveN, level);
  return { respondents: responses.length, weighted_n: weightedN, effective_n: effectiveN, estimate, lower, upper };
}

/** One result per combination of the `by` values present, sorted by those values (waves numerically). */
export function surveyResults(responses: readonly SurveyResponse[], request: SurveyRequest): SurveyResult[] {
  const positive = new Set(request.positive.map(normaliseAnswer));
  const excluded = new Set((request.excluded ?? DEFAULT_EXCLUDED_ANSWERS).map(normaliseAnswer));
  const groups = new Map<string, { group: Record<string, string>; rows: { weight: number; isPositive: boolean }[] }>();
  for (const response of responses) {
    const answer = normaliseAnswer(response.answer);
    if (answer === '' || excluded.has(answer)) continue;
    const values = request.by.map((g) => groupValue(response, g));
    const key = JSON.stringify(values);
    let entry = groups.get(key);
    if (!entry) {
      entry = { group: Object.fromEntries(request.by.map((g, i) => [g, values[i] ?? ''])), rows: [] };
      groups.set(key, entry);
    }
    entry.rows.push({ weight: response.weight, isPositive: positive.has(answer) });
  }
  const compare = (a: Record<string, string>, b: Record<string, string>): number => {
    for (const g of request.by) {
      const x = a[g] ?? '';
      const y = b[g] ?? '';
      const order = g === 'wave' ? Number(x) - Number(y) : x.localeCompare(y, 'en-GB', { numeric: true });
      if (order !== 0) return order;
    }
    return 0;
  };
  const sorted = [...groups.values()].sort((a, b) => compare(a.group, b.group));
  const results: SurveyResult[] = sorted.map(({ group, rows }) => ({ group, ...weightedProportion(rows, request.level ?? 95) }));
  const first = request.by[0];
  if (first === undefined || first === 'wave') return results;
  const against = compareWithRest(sorted, first, request.level ?? 95);
  return results.map((r, i) => ({ ...r, against_rest: against[i] ?? null }));
}

/**
 * Each group of the first grouping (area or age band) against the rest of
 * its stratum: the respondents sharing its other groupings' values (its wave
 * when grouped by area and wave) but not its own. The rest's share and
 * effective size come from its respondents' weights as a group's do, and
 * the two are independent samples, so twoProportionTest applies. p-values
 * are adjusted together (Benjamini-Hochberg): twenty wards tested at 5%
 * would otherwise flag one by chance in most surveys.
 */
function compareWithRest(
  groups: readonly { group: Record<string, string>; rows: readonly { weight: number; isPositive: boolean }[] }[],
  first: SurveyGroup,
  level: number,
): (AgainstRest | null)[] {
  const stratumOf = (group: Record<string, string>): string => JSON.stringify(Object.entries(group).filter(([g]) => g !== first));
  const totals = new Map<string, { weight: number; positive: number; squares: number }>();
  const sums = groups.map(({ group, rows }) => {
    let weight = 0;
    let positive = 0;
    let squares = 0;
    for (const r of rows) {
      weight += r.weight;
      squares += r.weight * r.weight;
      if (r.isPositive) positive += r.weight;
    }
    const stratum = stratumOf(group);
    const total = totals.get(stratum) ?? { weight: 0, positive: 0, squares: 0 };
    totals.set(stratum, { weight: total.weight + weight, positive: total.positive + positive, squares: total.squares + squares });
    return { stratum, respondents: rows.length, weight, positive, squares };
  });
  const tests = sums.map((g) => {
    const total = totals.get(g.stratum);
    if (total === undefined || g.respondents < SURVEY_MIN_RESPONDENTS || !(g.weight > 0)) return null;
    const restWeight = total.weight - g.weight;
    const restSquares = total.squares - g.squares;
    if (!(restWeight > 0) || !(restSquares > 0)) return null;
    const estimate = g.positive / g.weight;
    const restEstimate = (total.positive - g.positive) / restWeight;
    // Kish: (sum w)^2 / sum w^2, for the group and for the rest.
    const test = twoProportionTest(restEstimate, (restWeight * restWeight) / restSquares, estimate, (g.weight * g.weight) / g.squares, level);
    return { restEstimate, test };
  });
  const q = benjaminiHochberg(tests.map((t) => (t === null ? null : t.test.p_value)));
  const alpha = 1 - confidenceFraction(level);
  return tests.map((t, i) => {
    const qValue = q[i];
    if (t === null || qValue === null || qValue === undefined) return null;
    const verdict = qValue < alpha ? (t.test.difference > 0 ? 'higher' : 'lower') : 'similar';
    return { rest_estimate: t.restEstimate, difference: t.test.difference, p_value: t.test.p_value, q_value: qValue, verdict };
  });
}

export interface WaveChange extends ProportionChange {
  from: SurveyResult;
  to: SurveyResult;
}

/**
 * Change between two results (e.g. the same area in two waves): the
 * difference of the weighted shares and a two-proportion z-test on their
 * effective sizes (see twoProportionTest). Null when either has no estimate.
 */
export function waveChange(from: SurveyResult, to: SurveyResult, level = 95): WaveChange | null {
  if (from.estimate === null || to.estimate === null || !(from.effective_n > 0) || !(to.effective_n > 0)) return null;
  return { from, to, ...twoProportionTest(from.estimate, from.effective_n, to.estimate, to.effective_n, level) };
}

/**
 * Changes between two waves for every other grouping present in both: the
 * results must be grouped by wave (and optionally area or age band).
 */
export function changesBetweenWaves(results: readonly SurveyResult[], fromWave: number, toWave: number, level = 95): WaveChange[] {
  const rest = (r: SurveyResult): string => JSON.stringify(Object.entries(r.group).filter(([g]) => g !== 'wave'));
  const earlier = new Map(results.filter((r) => r.group.wave === String(fromWave)).map((r) => [rest(r), r]));
  return results
    .filter((r) => r.group.wave === String(toWave))
    .flatMap((r) => {
      const before = earlier.get(rest(r));
      const change = before ? waveChange(before, r, level) : null;
      return change ? [change] : [];
    });
}

/** "Higher (+19.6 points)", "Lower (-8.1 points)", "No clear difference"; empty when not compared. */
export function againstRestText(against: AgainstRest | null | undefined): string {
  if (against === null || against === undefined) return '';
  if (against.verdict === 'similar') return 'No clear difference';
  const points = `${formatDecimal(against.difference * 100, 1, { sign: true })} points`;
  return `${against.verdict === 'higher' ? 'Higher' : 'Lower'} (${points})`;
}

/** How the comparison with the rest is made, for the note under a table that shows it. */
export function againstRestNote(first: SurveyGroup, level = 95): string {
  const what = first === 'area' ? 'area' : 'age band';
  return `Against the rest: each ${what} against all other respondents of the same waves (a two-proportion test on the effective sample sizes), higher or lower where the difference holds at a ${formatDecimal(100 - level, 1).replace(/\.0$/, '')}% false discovery rate across the ${what}s compared (Benjamini-Hochberg); not compared under ${SURVEY_MIN_RESPONDENTS} respondents`;
}
