/**
 * Respect Survey, respondent level (FORMATS.md §3): the City's residents'
 * survey, one wave a year, respondents in Nottingham City wards. One planted
 * difference (PLANTED.respectSurvey); every other answer is drawn from the
 * same distribution in every ward and wave so nothing else shows up.
 */

import { DISTRICTS } from './geography';
import { PLANTED } from './planted';
import { Random, WeightedChoice, deriveSeed } from './prng';

export interface RespectRow {
  respondent_id: string;
  wave: number;
  area: string;
  age_band: string;
  sex: string;
  ethnicity: string;
  weight: number;
  q_drug_dealing_problem: string;
  q_asb_problem: string;
  q_safe_after_dark: string;
  q_police_council_dealing: string;
}

export const RESPECT_COLUMNS = [
  'respondent_id',
  'wave',
  'area',
  'age_band',
  'sex',
  'ethnicity',
  'weight',
  'q_drug_dealing_problem',
  'q_asb_problem',
  'q_safe_after_dark',
  'q_police_council_dealing',
] as const satisfies ReadonlyArray<keyof RespectRow>;

export const PROBLEM_SCALE = [
  'Very big problem',
  'Fairly big problem',
  'Not a very big problem',
  'Not a problem at all',
  "Don't know",
] as const;
export const SAFETY_SCALE = ['Very safe', 'Fairly safe', 'A bit unsafe', 'Very unsafe', "Don't know"] as const;
export const AGREE_SCALE = [
  'Strongly agree',
  'Tend to agree',
  'Neither',
  'Tend to disagree',
  'Strongly disagree',
  "Don't know",
] as const;

const AGE_BANDS = new WeightedChoice<string>([
  ['16-24', 0.22],
  ['25-34', 0.22],
  ['35-44', 0.16],
  ['45-54', 0.14],
  ['55-64', 0.12],
  ['65+', 0.14],
]);
const SEXES = new WeightedChoice<string>([['F', 0.51], ['M', 0.48], ['Prefer not to say', 0.01]]);
const ETHNICITIES = new WeightedChoice<string>([
  ['White British', 0.58],
  ['White Other', 0.08],
  ['Asian or Asian British', 0.14],
  ['Black or Black British', 0.1],
  ['Mixed', 0.06],
  ['Other', 0.04],
]);

/** A problem-scale question where `big` is the share answering very or fairly big. */
function problemScale(big: number): WeightedChoice<string> {
  const rest = 1 - big;
  return new WeightedChoice<string>([
    ['Very big problem', big * 0.4],
    ['Fairly big problem', big * 0.6],
    ['Not a very big problem', rest * 0.55],
    ['Not a problem at all', rest * 0.35],
    ["Don't know", rest * 0.1],
  ]);
}

const DRUGS_PLANTED_WARD = problemScale(PLANTED.respectSurvey.bigProblemShare);
const DRUGS_ELSEWHERE = problemScale(PLANTED.respectSurvey.elsewhereBigProblemShare);
const ASB = problemScale(0.3);
const SAFETY = new WeightedChoice<string>([
  ['Very safe', 0.25],
  ['Fairly safe', 0.45],
  ['A bit unsafe', 0.18],
  ['Very unsafe', 0.08],
  ["Don't know", 0.04],
]);
const AGREEMENT = new WeightedChoice<string>([
  ['Strongly agree', 0.15],
  ['Tend to agree', 0.4],
  ['Neither', 0.2],
  ['Tend to disagree', 0.12],
  ['Strongly disagree', 0.08],
  ["Don't know", 0.05],
]);

export interface RespectOptions {
  seed: number;
  waves?: readonly number[];
  /** About this many per wave (±2%). */
  respondentsPerWave?: number;
}

/** The survey's wards: every ward of Nottingham City. */
export function respectWards(): string[] {
  return DISTRICTS.find((d) => d.name === 'Nottingham City')?.wards.map((w) => w.name) ?? [];
}

export function respectRows(options: RespectOptions): RespectRow[] {
  const waves = options.waves ?? PLANTED.respectSurvey.waves;
  const perWave = options.respondentsPerWave ?? PLANTED.respectSurvey.respondentsPerWave;
  const wards = respectWards();
  const rows: RespectRow[] = [];
  for (const wave of waves) {
    const rng = new Random(deriveSeed(options.seed, 'respect', wave));
    const n = Math.max(1, Math.round(perWave * (1 + rng.uniform(-0.02, 0.02))));
    // Design weights vary around 1 (lognormal), then are scaled so each wave's weights average exactly 1.
    const rawWeights = Array.from({ length: n }, () => Math.min(3, Math.max(0.3, Math.exp(0.25 * rng.normal()))));
    const mean = rawWeights.reduce((s, w) => s + w, 0) / n;
    const yy = String(wave % 100).padStart(2, '0');
    const width = Math.max(4, String(n).length);
    for (let i = 0; i < n; i += 1) {
      const area = rng.pick(wards);
      rows.push({
        respondent_id: `R${yy}-${String(i + 1).padStart(width, '0')}`,
        wave,
        area,
        age_band: AGE_BANDS.draw(rng),
        sex: SEXES.draw(rng),
        ethnicity: ETHNICITIES.draw(rng),
        weight: Math.round(((rawWeights[i] ?? 1) / mean) * 100) / 100,
        q_drug_dealing_problem: (area === PLANTED.respectSurvey.ward ? DRUGS_PLANTED_WARD : DRUGS_ELSEWHERE).draw(rng),
        q_asb_problem: ASB.draw(rng),
        q_safe_after_dark: SAFETY.draw(rng),
        q_police_council_dealing: AGREEMENT.draw(rng),
      });
    }
  }
  return rows;
}
