/**
 * Respect Survey results: the weighted share of respondents giving one of
 * the "positive" answers (e.g. Very big problem + Fairly big problem) by
 * area, age band and wave, with a Wilson interval on Kish's effective
 * sample size. "Don't know" is not an answer to the question, so those
 * respondents are left out of both the numerator and the denominator.
 */
import { type ProportionChange, kishEffectiveN, twoProportionTest, wilsonInterval } from './stats';

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

/** The `survey` command's row (CLI.md): fractions 0-1. */
export interface SurveyResult {
  group: Record<string, string>;
  respondents: number;
  weighted_n: number;
  effective_n: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

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
  return [...groups.values()]
    .sort((a, b) => compare(a.group, b.group))
    .map(({ group, rows }) => ({ group, ...weightedProportion(rows, request.level ?? 95) }));
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
