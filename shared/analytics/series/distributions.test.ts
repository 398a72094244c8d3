import { describe, expect, it } from 'vitest';
import {
  binomialQuantile,
  chiSquareCdf,
  chiSquareSurvival,
  erfc,
  fSurvival,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSurvival,
  normalTwoSidedP,
  regularizedBeta,
} from './distributions';

/** |a - b| <= rel * |b| (with a tiny absolute floor for exact zeros). */
function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

// Reference values computed independently with SciPy 1.17 (scipy.stats / scipy.special,
// Cephes-based) and Python's math.erfc/lgamma (libm): a different algorithm from ours.
describe('normal distribution', () => {
  const cases: [number, number][] = [
    [-10, 7.61985302416047e-24],
    [-8, 6.22096057427174e-16],
    [-5, 2.866515718791933e-7],
    [-3, 0.0013498980316300933],
    [-1.96, 0.024997895148220435],
    [-1, 0.15865525393145707],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1, 0.8413447460685429],
    [1.959963984540054, 0.975],
    [3, 0.9986501019683699],
  ];
  it.each(cases)('Φ(%d)', (z, p) => expectRel(normalCdf(z), p, 1e-13));
  it('survival is accurate deep in the upper tail', () => {
    expectRel(normalSurvival(8), 6.22096057427174e-16, 1e-13);
    expectRel(normalSurvival(5), 2.866515718791933e-7, 1e-13);
  });
  it('two-sided p', () => {
    expectRel(normalTwoSidedP(-1.959963984540054), 0.05, 1e-13);
    expect(normalTwoSidedP(0)).toBe(1);
  });
  it.each([
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047265],
    [5, 1.5374597944280351e-12],
    [10, 2.088487583762545e-45],
  ])('erfc(%d)', (x, v) => expectRel(erfc(x), v, 1e-13));
  it('erfc is symmetric about 1', () => expectRel(erfc(-0.5), 2 - 0.4795001221869535, 1e-14));
});

describe('normal quantile', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.9, 1.2815515655446004],
    [1e-10, -6.361340902404056],
    [0.02425, -1.972961051311885],
    [0.01, -2.3263478740408408],
    [0.3, -0.5244005127080409],
    [0.999999999999, 7.0344869100478356],
  ])('Φ⁻¹(%d)', (p, z) => expectRel(normalQuantile(p), z, 1e-12));
  it('centre and ends', () => {
    expect(Math.abs(normalQuantile(0.5))).toBeLessThan(1e-15);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });
  it('inverts the CDF', () => {
    // Upper-tail z is not included: p = Φ(6) rounds to 1 - 1e-9 and loses the digits.
    for (const z of [-7, -3.3, -1, 0.2, 2.5]) expectRel(normalQuantile(normalCdf(z)), z, 1e-9);
  });
});

describe('gamma-based functions', () => {
  it('log Γ', () => {
    expectRel(logGamma(0.5), 0.5723649429247004, 1e-14);
    expectRel(logGamma(10.5), 13.940625219403763, 1e-14);
    expectRel(logGamma(100), 359.1342053695754, 1e-14);
    expectRel(logGamma(1000), 5905.220423209181, 1e-14);
    expectRel(logGamma(5), Math.log(24), 1e-14);
  });
  it.each([
    [3.84, 1, 0.9499564787512949, 0.05004352124870519],
    [19.675, 11, 0.949997938199087, 0.05000206180091301],
    [24.725, 11, 0.9900000995907585, 0.009999900409241523],
    [5, 2, 0.9179150013761012, 0.0820849986238988],
    [0.5, 3, 0.08110858834532418, 0.9188914116546758],
    [100, 11, 0.9999999999999998, 1.7858382448801597e-16],
    [11, 11, 0.5567367215735348, 0.4432632784264655],
    [0.001, 1, 0.02522712063003961, 0.9747728793699604],
    [50, 30, 0.9875979392810995, 0.01240206071890054],
  ])('chi-square(%d, df %d)', (x, df, cdf, sf) => {
    expectRel(chiSquareCdf(x, df), cdf, 1e-12);
    expectRel(chiSquareSurvival(x, df), sf, 1e-12);
  });
  it('chi-square with 2 df has the closed form 1 - exp(-x/2)', () => {
    for (const x of [0.1, 1, 4, 20]) expectRel(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-13);
  });
});

describe('beta-based functions', () => {
  it('regularised incomplete beta', () => {
    expectRel(regularizedBeta(0.3, 2.5, 3.5), 0.29675298929566646, 1e-12);
    expectRel(regularizedBeta(0.45, 50, 60), 0.4642352914306031, 1e-11);
    // I_x(1, 1) = x.
    expectRel(regularizedBeta(0.37, 1, 1), 0.37, 1e-14);
  });
  it.each([
    [2.5, 11, 12, 0.06524988946080354],
    [1, 11, 23, 0.4754697058943585],
    [3.0, 11, 47, 0.004233135946619737],
    [0.5, 3, 10, 0.6906222455335577],
    [10, 11, 11, 0.0003149058822224178],
    [1.5, 1, 200, 0.22211191931510435],
  ])('P(F > %d; %d, %d)', (f, d1, d2, sf) => expectRel(fSurvival(f, d1, d2), sf, 1e-11));
});

describe('binomial quantile (R qbinom)', () => {
  it('matches the Anhoej crossing minima used by qicharts2', () => {
    expect(binomialQuantile(0.05, 39, 0.5)).toBe(14);
    expect(binomialQuantile(0.05, 43, 0.5)).toBe(16);
    expect(binomialQuantile(0.05, 38, 0.5)).toBe(14);
    expect(binomialQuantile(0.05, 99, 0.5)).toBe(41);
  });
});
