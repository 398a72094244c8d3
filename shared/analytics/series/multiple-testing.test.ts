import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, bhThreshold, discoveries, flagAtFdr } from './multiple-testing';

// Benjamini & Hochberg (1995), section 4: 15 p-values from a trial of myocardial infarction treatment.
const BH1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];

/** q_i by the definition, O(m^2): min over all p_j >= p_i of m p_j / rank_j (rank ties resolved upward). */
function bruteForce(p: readonly number[]): number[] {
  const m = p.length;
  const sorted = [...p].sort((a, b) => a - b);
  const rankOf = (v: number): number => sorted.lastIndexOf(v) + 1;
  return p.map((pi) => Math.min(1, ...p.filter((pj) => pj >= pi).map((pj) => (m * pj) / rankOf(pj))));
}

describe('Benjamini-Hochberg', () => {
  it('the paper example rejects 4 hypotheses at q = 0.05 (step-up rule computed directly)', () => {
    // Step-up: largest k with p_(k) <= k q / m: p_(4) = 0.0095 <= 4*0.05/15 = 0.0133; p_(5) = 0.0201 > 0.0167.
    expect(bhThreshold(BH1995, 0.05)).toBe(0.0095);
    expect(discoveries(BH1995, 0.05)).toEqual([0, 1, 2, 3]);
  });

  it('adjusted values equal the brute-force definition', () => {
    const q = benjaminiHochberg(BH1995);
    bruteForce(BH1995).forEach((e, i) => expect(q[i]).toBeCloseTo(e, 14));
    // Hand-worked: p_(4) -> 15 * 0.0095 / 4 = 0.035625; p_(1) -> min(0.0015, 0.003, 0.0095, 0.035625, ...) = 0.0015.
    expect(q[3]).toBeCloseTo(0.035625, 14);
    expect(q[0]).toBeCloseTo(0.0015, 14);
  });

  it("R's textbook case: p = 0.01..0.05 all adjust to 0.05", () => {
    expect(benjaminiHochberg([0.05, 0.01, 0.03, 0.02, 0.04]).map((v) => Number(v?.toFixed(12)))).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
  });

  it('keeps input order, caps at 1 and skips missing values like R (m counts non-missing only)', () => {
    const q = benjaminiHochberg([0.2, null, 0.9, 0.01]);
    expect(q[1]).toBeNull();
    // m = 3: 0.01 -> 0.03; 0.2 -> 0.3; 0.9 -> 0.9.
    expect(q[3]).toBeCloseTo(0.03, 14);
    expect(q[0]).toBeCloseTo(0.3, 14);
    expect(q[2]).toBeCloseTo(0.9, 14);
    expect(flagAtFdr([0.2, null, 0.9, 0.01], 0.05)).toEqual([false, false, false, true]);
  });

  it('random p-values match the definition (ties included)', () => {
    const p = [0.5, 0.02, 0.02, 0.3, 0.001, 0.7, 0.04, 0.04, 0.04, 0.9, 0.013];
    const q = benjaminiHochberg(p);
    bruteForce(p).forEach((e, i) => expect(q[i]).toBeCloseTo(e, 14));
  });
});
