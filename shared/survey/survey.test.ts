import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'sql.js';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { chiSquareSurvival } from '../analytics/series/distributions';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { changesBetweenWaves, surveyResults, waveChange, weightedProportion, type SurveyResponse } from './analyse';
import { surveyFromStore, surveyQuestions, surveyResponses } from './store';
import { confidenceFraction, criticalZ, kishEffectiveN, twoProportionTest, wilsonInterval } from './stats';

const peers = resolve(import.meta.dirname, '../../../shared/peers/phe');

interface PheCase {
  id: string;
  inputs: { numerator: number | null; denominator: number | null };
  multiplier: number;
  expected: { value: number | null; lower95: number | null; upper95: number | null; lower99_8: number | null; upper99_8: number | null };
}
interface PheFile {
  tolerance: { relative: number };
  cases: PheCase[];
  grouped_cases: { area: string; summed_numerator: number | null; summed_denominator: number | null; expected: { value: number | null; lower95: number | null; upper95: number | null } }[];
}
const proportions = JSON.parse(readFileSync(resolve(peers, 'proportions_wilson.json'), 'utf8')) as PheFile;
const unit = JSON.parse(readFileSync(resolve(peers, 'byars_wilson_unit.json'), 'utf8')) as {
  tolerance: { relative: number };
  cases: { id: string; method: string; inputs: { x: number; n: number }; confidence: number; expected: { lowercl: number; uppercl: number } }[];
};

function expectRelative(actual: number | null | undefined, expected: number, relative: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-15);
}

/** n unit-weight respondents, x of them positive. */
function unitResponses(x: number, n: number): { weight: number; isPositive: boolean }[] {
  return Array.from({ length: n }, (_, i) => ({ weight: 1, isPositive: i < x }));
}

describe('Wilson interval against PHEindicatormethods', () => {
  const tol = proportions.tolerance.relative;

  it('phe_proportion cases: value and 95% / 99.8% limits (x1 and x100), unit weights so n_eff = n', () => {
    for (const c of proportions.cases) {
      const { numerator: x, denominator: n } = c.inputs;
      if (x === null || n === null) {
        // PHE gives NA for a missing numerator or denominator; our equivalent is a group with no respondents.
        expect(c.expected.value).toBeNull();
        expect(weightedProportion([])).toMatchObject({ estimate: null, lower: null, upper: null });
        continue;
      }
      const m = c.multiplier;
      const i95 = wilsonInterval(x, n, 95);
      const i998 = wilsonInterval(x, n, 99.8);
      expectRelative(i95.lower * m, c.expected.lower95 ?? Number.NaN, tol);
      expectRelative(i95.upper * m, c.expected.upper95 ?? Number.NaN, tol);
      expectRelative(i998.lower * m, c.expected.lower99_8 ?? Number.NaN, tol);
      expectRelative(i998.upper * m, c.expected.upper99_8 ?? Number.NaN, tol);
      if (n <= 20000) {
        // Through the survey route: n respondents of weight 1.
        const viaSurvey = weightedProportion(unitResponses(x, n), 95);
        expect(viaSurvey.effective_n).toBeCloseTo(n, 9);
        expectRelative((viaSurvey.estimate ?? Number.NaN) * m, c.expected.value ?? Number.NaN, tol);
        expectRelative((viaSurvey.lower ?? Number.NaN) * m, c.expected.lower95 ?? Number.NaN, tol);
        expectRelative((viaSurvey.upper ?? Number.NaN) * m, c.expected.upper95 ?? Number.NaN, tol);
        const at998 = weightedProportion(unitResponses(x, n), 0.998);
        expectRelative((at998.lower ?? Number.NaN) * m, c.expected.lower99_8 ?? Number.NaN, tol);
      }
    }
  });

  it('grouped cases: numerators and denominators summed before the interval', () => {
    for (const g of proportions.grouped_cases) {
      if (g.summed_numerator === null || g.summed_denominator === null) {
        expect(g.expected.value).toBeNull();
        continue;
      }
      const i = wilsonInterval(g.summed_numerator, g.summed_denominator);
      expectRelative(g.summed_numerator / g.summed_denominator, g.expected.value ?? Number.NaN, tol);
      expectRelative(i.lower, g.expected.lower95 ?? Number.NaN, tol);
      expectRelative(i.upper, g.expected.upper95 ?? Number.NaN, tol);
    }
  });

  it('wilson_lower / wilson_upper unit cases, including a non-integer numerator; 100% gives [0, 1]', () => {
    for (const c of unit.cases.filter((k) => k.method === 'Wilson')) {
      const i = wilsonInterval(c.inputs.x, c.inputs.n, c.confidence);
      expectRelative(i.lower, c.expected.lowercl, unit.tolerance.relative);
      expectRelative(i.upper, c.expected.uppercl, unit.tolerance.relative);
    }
    expect(wilsonInterval(65, 100, 100)).toEqual({ lower: 0, upper: 1 });
    expect(confidenceFraction(95)).toBe(0.95);
    expect(confidenceFraction(0.998)).toBe(0.998);
    expect(() => confidenceFraction(50)).toThrow(RangeError);
    expect(criticalZ(95)).toBeCloseTo(1.959963984540054, 12);
  });
});

describe('weighted shares', () => {
  // 40 respondents with unequal weights, 17 of them positive.
  const weights = Array.from({ length: 40 }, (_, i) => 0.5 + ((i * 37) % 23) / 10);
  const rows = weights.map((weight, i) => ({ weight, isPositive: i % 7 < 3 }));

  it('Kish n_eff equals n / (1 + CV²) of the weights (a different route)', () => {
    const n = weights.length;
    const mean = weights.reduce((s, w) => s + w, 0) / n;
    const variance = weights.reduce((s, w) => s + (w - mean) ** 2, 0) / n;
    expect(kishEffectiveN(weights)).toBeCloseTo(n / (1 + variance / mean ** 2), 10);
    expect(kishEffectiveN([2, 2, 2])).toBeCloseTo(3, 12);
  });

  it('the interval solves the Wilson score equation on n_eff (found by bisection, not the closed form)', () => {
    const result = weightedProportion(rows, 95);
    const total = weights.reduce((s, w) => s + w, 0);
    const positive = rows.reduce((s, r) => s + (r.isPositive ? r.weight : 0), 0);
    const phat = positive / total;
    expect(result.estimate).toBeCloseTo(phat, 14);
    expect(result.weighted_n).toBeCloseTo(total, 12);
    const nEff = kishEffectiveN(weights);
    expect(result.effective_n).toBeLessThan(40);
    const z = 1.959963984540054;
    // Score equation: (phat - p)^2 = z^2 p (1 - p) / n_eff; one root each side of phat.
    const f = (p: number): number => (phat - p) ** 2 - (z * z * p * (1 - p)) / nEff;
    const bisect = (lo: number, hi: number): number => {
      let [a, b] = [lo, hi];
      for (let k = 0; k < 200; k += 1) {
        const mid = (a + b) / 2;
        if (Math.sign(f(mid)) === Math.sign(f(a))) a = mid;
        else b = mid;
      }
      return (a + b) / 2;
    };
    expect(result.lower).toBeCloseTo(bisect(0, phat), 10);
    expect(result.upper).toBeCloseTo(bisect(phat, 1), 10);
    // Unequal weights make the interval wider than treating the 40 as a simple random sample.
    const naive = wilsonInterval(phat * 40, 40);
    expect((result.upper ?? 0) - (result.lower ?? 0)).toBeGreaterThan(naive.upper - naive.lower);
  });

  it('groups by area, age band and wave; "Don\'t know" (any apostrophe) leaves the denominator', () => {
    const responses: SurveyResponse[] = [
      { wave: 2013, area: 'Arboretum', ageBand: '16-24', weight: 2, answer: 'Very big problem' },
      { wave: 2013, area: 'Arboretum', ageBand: '16-24', weight: 1, answer: 'Not a problem at all' },
      { wave: 2013, area: 'Arboretum', ageBand: null, weight: 1, answer: 'Don’t know' },
      { wave: 2014, area: 'Arboretum', ageBand: '16-24', weight: 1, answer: 'fairly  big problem' },
      { wave: 2013, area: 'Bulwell', ageBand: '65+', weight: 1, answer: "Don't know" },
    ];
    const byArea = surveyResults(responses, { positive: ['Very big problem', 'Fairly big problem'], by: ['area'] });
    expect(byArea).toHaveLength(1);
    expect(byArea[0]).toMatchObject({ group: { area: 'Arboretum' }, respondents: 3, weighted_n: 4, estimate: 0.75 });
    const byWave = surveyResults(responses, { positive: ['Very big problem', 'Fairly big problem'], by: ['wave', 'age_band'] });
    expect(byWave.map((r) => [r.group, r.estimate])).toEqual([
      [{ wave: '2013', age_band: '16-24' }, 2 / 3],
      [{ wave: '2014', age_band: '16-24' }, 1],
    ]);
  });
});

describe('change between waves', () => {
  it('two-proportion z-test on effective sizes: hand value, and z² equals the 2x2 chi-square', () => {
    const t = twoProportionTest(0.5, 400, 0.6, 400);
    expect(t.z).toBeCloseTo(2.842676218074805, 10);
    expect(t.p_value).toBeCloseTo(0.004473649256611756, 10);
    expect(t.significant).toBe(true);
    // Pearson chi-square (no continuity correction) on the 2x2 table of successes and failures.
    const table = [
      [0.5 * 400, 0.5 * 400],
      [0.6 * 400, 0.4 * 400],
    ];
    const total = 800;
    let chi = 0;
    for (let i = 0; i < 2; i += 1) {
      for (let j = 0; j < 2; j += 1) {
        const rowSum = (table[i]?.[0] ?? 0) + (table[i]?.[1] ?? 0);
        const colSum = (table[0]?.[j] ?? 0) + (table[1]?.[j] ?? 0);
        const e = (rowSum * colSum) / total;
        chi += ((table[i]?.[j] ?? 0) - e) ** 2 / e;
      }
    }
    expect(t.z ** 2).toBeCloseTo(chi, 10);
    expect(t.p_value).toBeCloseTo(chiSquareSurvival(chi, 1), 12);
    expect(twoProportionTest(0.5, 40, 0.55, 40).significant).toBe(false);
  });

  it('pairs the same area across waves', () => {
    const responses: SurveyResponse[] = [];
    for (let i = 0; i < 200; i += 1) {
      responses.push({ wave: 2013, area: 'Bulwell', ageBand: null, weight: 1, answer: i < 80 ? 'Tend to agree' : 'Tend to disagree' });
      responses.push({ wave: 2014, area: 'Bulwell', ageBand: null, weight: 1, answer: i < 120 ? 'Strongly agree' : 'Neither' });
    }
    const results = surveyResults(responses, { positive: ['Strongly agree', 'Tend to agree'], by: ['area', 'wave'] });
    const [change] = changesBetweenWaves(results, 2013, 2014);
    expect(change?.difference).toBeCloseTo(0.2, 12);
    expect(change?.from.group).toEqual({ area: 'Bulwell', wave: '2013' });
    expect(change).toMatchObject(twoProportionTest(0.4, 200, 0.6, 200));
    expect(waveChange({ ...results[0]!, estimate: null }, results[1]!)).toBeNull();
  });
});

describe('survey answers from the workbench', () => {
  let db: Database;
  beforeAll(async () => {
    const SQL = await loadSqlJs();
    db = createWorkbench(SQL);
    const file = resolve(import.meta.dirname, '../../tests/fixtures/extracts/respect.csv');
    await importFiles(db, [{ name: 'respect.csv', bytes: readFileSync(file) }], { now: new Date('2024-06-01T00:00:00Z') });
  });

  it('reads respondents with their weights and answers, and analyses them', () => {
    expect(surveyQuestions(db)).toEqual(['q_drug_dealing_problem', 'q_police_council_dealing', 'q_safe_after_dark']);
    const responses = surveyResponses(db, { question: 'q_drug_dealing_problem' });
    expect(responses).toHaveLength(5);
    expect(responses[0]).toEqual({ wave: 2013, area: 'Arboretum', ageBand: '16-24', weight: 1.12, answer: 'Fairly big problem' });
    const results = surveyFromStore(db, { question: 'q_drug_dealing_problem' }, { positive: ['Very big problem', 'Fairly big problem'], by: ['area'] });
    expect(results.map((r) => [r.group.area, r.respondents])).toEqual([
      ['Arboretum', 3],
      ['Bulwell', 1],
    ]);
    expect(results[0]?.weighted_n).toBeCloseTo(1.12 + 1 + 1.05, 12);
    expect(results[0]?.estimate).toBeCloseTo(2.12 / 3.17, 12);
    expect(surveyResponses(db, { question: 'q_drug_dealing_problem', wave: 2014 })).toHaveLength(1);
    expect(() => surveyFromStore(db, { question: 'q_nothing' }, { positive: ['x'], by: [] })).toThrow(/q_drug_dealing_problem/);
  });

  it('refuses a positive answer no respondent gave (a misspelling would otherwise read as 0%), naming the answers held', () => {
    const misspelt = () => surveyFromStore(db, { question: 'q_drug_dealing_problem' }, { positive: ['Very big problem', 'Fairly big problm'], by: ['area'] });
    expect(misspelt).toThrow('No respondent answered "Fairly big problm" to q_drug_dealing_problem');
    expect(misspelt).toThrow(/answers given: .*Fairly big problem/);
    // Matched as the analysis matches them: case, spacing and apostrophes aside.
    expect(surveyFromStore(db, { question: 'q_drug_dealing_problem' }, { positive: ['very  BIG problem'], by: [] })).toHaveLength(1);
    expect(() => surveyFromStore(db, { question: 'q_drug_dealing_problem' }, { positive: [], by: [] })).toThrow('Give the answers to count');
  });
});
