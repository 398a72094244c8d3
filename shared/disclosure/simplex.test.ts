/**
 * The bounded-variable simplex against the dense one it replaced (every
 * bound a row with a slack, tests/helpers/dense-simplex.ts), on random
 * programmes shaped like the audit's: small whole coefficients, zero or
 * small right-hand sides (degenerate), most variables bounded, several
 * objectives minimised in turn from the last optimum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DenseSimplex } from '../../tests/helpers/dense-simplex';
import { type Equation, type LinearProgram, Simplex } from './simplex';

const programme = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.record({
    upper: fc.array(fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 8 })), { minLength: n, maxLength: n }),
    equations: fc.array(
      fc.record({
        terms: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constantFrom(-1, 1, -2, 2)), { selector: ([v]) => v, minLength: 1, maxLength: n }),
        rhs: fc.oneof(fc.constant(0), fc.integer({ min: -6, max: 6 })),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    objectives: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: -3, max: 3 })), { maxLength: n }), { minLength: 1, maxLength: 4 }),
  }),
);

/** x satisfies the programme: every equation, every bound. */
function isFeasiblePoint(lp: LinearProgram, x: readonly number[]): boolean {
  const withinBounds = lp.upper.every((u, j) => (x[j] ?? 0) >= -1e-7 && (x[j] ?? 0) <= u + 1e-7);
  const equationsHold = lp.equations.every((e: Equation) => Math.abs(e.terms.reduce((sum, [j, c]) => sum + c * (x[j] ?? 0), 0) - e.rhs) < 1e-7);
  return withinBounds && equationsHold;
}

describe('bounded-variable simplex', () => {
  it('finds the same feasibility and the same optima as the dense simplex, at feasible points (property)', () => {
    fc.assert(
      fc.property(programme, ({ upper, equations, objectives }) => {
        const lp: LinearProgram = { upper, equations };
        const bounded = new Simplex(lp);
        const dense = new DenseSimplex(lp);
        expect(bounded.isFeasible).toBe(dense.isFeasible);
        if (!bounded.isFeasible) return;
        expect(isFeasiblePoint(lp, bounded.point())).toBe(true);
        for (const terms of objectives) {
          const objective = new Map<number, number>();
          for (const [j, c] of terms) objective.set(j, (objective.get(j) ?? 0) + c);
          const a = bounded.minimize(objective);
          const b = dense.minimize(objective);
          expect(a.status).toBe(b.status);
          if (a.status !== 'optimal' || b.status !== 'optimal') continue;
          expect(a.value).toBeCloseTo(b.value, 7);
          expect(isFeasiblePoint(lp, a.x)).toBe(true);
          expect([...objective].reduce((sum, [j, c]) => sum + c * (a.x[j] ?? 0), 0)).toBeCloseTo(a.value, 7);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a variable held at its upper bound: x0 + x1 = 5 with x0 <= 2 puts x0 at 2 when x1 costs', () => {
    const lp = new Simplex({ upper: [2, Infinity], equations: [{ terms: [[0, 1], [1, 1]], rhs: 5 }] });
    const best = lp.minimize(new Map([[1, 1]]));
    expect(best).toEqual({ status: 'optimal', value: 3, x: [2, 3] });
    const most = lp.minimize(new Map([[1, -1]]));
    expect(most).toEqual({ status: 'optimal', value: -5, x: [0, 5] });
  });
});
