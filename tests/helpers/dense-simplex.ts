/**
 * The disclosure audit's simplex as it was before bounds were kept as bounds
 * (shared/disclosure/simplex.ts): every upper bound a row with a slack. Kept
 * as the reference the bounded-variable version is checked against.
 */
import type { LinearProgram, Optimum } from '../../shared/disclosure/simplex';

const EPS = 1e-9;
const DEGENERATE_RUN = 20;

export class DenseSimplex {
  private readonly rows: Float64Array[] = [];
  private readonly basis: number[] = [];
  private readonly n: number;
  private readonly width: number;
  /** Columns that may not enter (artificial ones after phase I). */
  private readonly isBanned: boolean[];
  readonly isFeasible: boolean;

  constructor(lp: LinearProgram) {
    const n = lp.upper.length;
    this.n = n;
    const bounded = lp.upper.flatMap((u, j) => (Number.isFinite(u) ? [j] : []));
    const equations = lp.equations.filter((e) => e.terms.length > 0 || Math.abs(e.rhs) > EPS);
    const slack0 = n;
    const artificial0 = n + bounded.length;
    this.width = artificial0 + equations.length;
    this.isBanned = Array.from({ length: this.width }, () => false);
    bounded.forEach((j, k) => {
      const row = new Float64Array(this.width + 1);
      row[j] = 1;
      row[slack0 + k] = 1;
      row[this.width] = lp.upper[j] ?? 0;
      this.rows.push(row);
      this.basis.push(slack0 + k);
    });
    equations.forEach((e, k) => {
      const row = new Float64Array(this.width + 1);
      const sign = e.rhs < 0 ? -1 : 1;
      for (const [j, c] of e.terms) row[j] = (row[j] ?? 0) + sign * c;
      row[artificial0 + k] = 1;
      row[this.width] = sign * e.rhs;
      this.rows.push(row);
      this.basis.push(artificial0 + k);
    });
    // Phase I: minimise the artificial variables' sum.
    const cost = new Float64Array(this.width);
    for (let j = artificial0; j < this.width; j += 1) cost[j] = 1;
    const phase1 = this.run(cost);
    if (phase1.status !== 'optimal' || phase1.value > 1e-7) {
      this.isFeasible = false;
      return;
    }
    this.isFeasible = true;
    // Artificial variables still basic (at 0): pivot them out, or drop the row (a redundant equation).
    for (let r = this.rows.length - 1; r >= 0; r -= 1) {
      if ((this.basis[r] ?? 0) < artificial0) continue;
      const row = this.rows[r] as Float64Array;
      let j = 0;
      while (j < artificial0 && Math.abs(row[j] ?? 0) <= EPS) j += 1;
      if (j < artificial0) this.pivot(r, j, null);
      else {
        this.rows.splice(r, 1);
        this.basis.splice(r, 1);
      }
    }
    for (let j = artificial0; j < this.width; j += 1) this.isBanned[j] = true;
  }

  /** The current basic feasible point (after phase I, or the last optimum). */
  point(): number[] {
    const x = new Array<number>(this.n).fill(0);
    this.basis.forEach((j, r) => {
      if (j < this.n) x[j] = this.rows[r]?.[this.width] ?? 0;
    });
    return x;
  }

  /** Minimise objective . x over the feasible set (from the current point). */
  minimize(objective: ReadonlyMap<number, number>): Optimum {
    if (!this.isFeasible) throw new Error('The linear program has no feasible point.');
    const cost = new Float64Array(this.width);
    for (const [j, c] of objective) cost[j] = c;
    return this.run(cost);
  }

  private run(cost: Float64Array): Optimum {
    const { rows, basis, width } = this;
    // Reduced costs, and the objective's value at the current point.
    const reduced = Float64Array.from(cost);
    let value = 0;
    rows.forEach((row, r) => {
      const cb = cost[basis[r] ?? 0] ?? 0;
      if (cb === 0) return;
      for (let j = 0; j < width; j += 1) reduced[j] = (reduced[j] ?? 0) - cb * (row[j] ?? 0);
      value += cb * (row[width] ?? 0);
    });
    const state = { reduced, value };
    let degenerate = 0;
    const limit = 50 * (rows.length + width) + 1000;
    for (let iteration = 0; iteration < limit; iteration += 1) {
      const isBland = degenerate >= DEGENERATE_RUN;
      let enter = -1;
      let best = -EPS;
      for (let j = 0; j < width; j += 1) {
        if (this.isBanned[j] === true) continue;
        const d = reduced[j] ?? 0;
        if (d < best) {
          enter = j;
          if (isBland) break;
          best = d;
        }
      }
      if (enter < 0) return { status: 'optimal', value: state.value, x: this.point() };
      let leave = -1;
      let ratio = Infinity;
      rows.forEach((row, r) => {
        const a = row[enter] ?? 0;
        if (a <= EPS) return;
        const q = (row[width] ?? 0) / a;
        if (q < ratio - 1e-12 || (q <= ratio + 1e-12 && leave >= 0 && (basis[r] ?? 0) < (basis[leave] ?? 0))) {
          ratio = Math.min(q, ratio);
          leave = r;
        }
      });
      if (leave < 0) return { status: 'unbounded' };
      degenerate = ratio <= EPS ? degenerate + 1 : 0;
      this.pivot(leave, enter, state);
    }
    return { status: 'stalled' };
  }

  private pivot(r: number, j: number, objective: { reduced: Float64Array; value: number } | null): void {
    const { rows, width } = this;
    const row = rows[r] as Float64Array;
    const a = row[j] ?? 1;
    for (let k = 0; k <= width; k += 1) row[k] = (row[k] ?? 0) / a;
    row[j] = 1;
    // The pivot row's non-zero columns: the tableau stays sparse, so each elimination touches only these.
    const nonZero: number[] = [];
    for (let k = 0; k <= width; k += 1) if (row[k] !== 0) nonZero.push(k);
    const eliminate = (target: Float64Array, last: number): number => {
      const f = target[j] ?? 0;
      if (f === 0) return 0;
      for (const k of nonZero) {
        if (k >= last) break;
        const next = (target[k] ?? 0) - f * (row[k] ?? 0);
        target[k] = Math.abs(next) < 1e-12 ? 0 : next;
      }
      target[j] = 0;
      return f;
    };
    rows.forEach((other, s) => {
      if (s !== r) eliminate(other, width + 1);
    });
    if (objective !== null) {
      const f = eliminate(objective.reduced, width);
      objective.value += f * (row[width] ?? 0);
    }
    this.basis[r] = j;
  }
}
