/**
 * A small dense simplex for the disclosure interval audit (intervals.ts):
 * minimise a linear objective subject to equations, every variable between
 * 0 and an upper bound (Infinity for none).
 *
 * Why our own: the audit runs inside synchronous suppression, in the
 * renderer, the database worker and the CLI, on problems of tens to a few
 * hundred variables. HiGHS (npm `highs`) is WebAssembly with an
 * asynchronous start; glpk.js is GPL-3 WebAssembly; javascript-lp-solver and
 * YALPS are plain JavaScript, but give up ("cycled") on degenerate problems,
 * and these are all degenerate (zero right-hand sides everywhere). This one
 * falls back to Bland's rule after a run of degenerate pivots, so it ends.
 *
 * Phase I (artificial variables) runs once; each objective after it starts
 * from the last optimum, so the two bounds of every entry cost a few pivots.
 *
 * Upper bounds are kept as bounds, not as rows (the bounded-variable
 * simplex): a variable at its upper bound is complemented (x = u - x'), so
 * every non-basic variable stands at 0 as in the textbook method. The
 * audit's programmes bound nearly every variable, so rows with slacks for
 * them had doubled the tableau that every pivot works through.
 */

/** An equation: sum of coefficient * variable = rhs. */
export interface Equation {
  terms: readonly (readonly [variable: number, coefficient: number])[];
  rhs: number;
}

export interface LinearProgram {
  /** Each variable's upper bound (its lower bound is 0); Infinity for none. */
  upper: readonly number[];
  equations: readonly Equation[];
}

export type Optimum = { status: 'optimal'; value: number; x: number[] } | { status: 'unbounded' } | { status: 'stalled' };

/** |x| below this is zero: coefficients are small whole numbers, and so are the bounds. */
const EPS = 1e-9;
/** Degenerate pivots in a row before Bland's rule takes over (it cannot cycle; Dantzig's is faster until then). */
const DEGENERATE_RUN = 20;

export class Simplex {
  private readonly rows: Float64Array[] = [];
  private readonly basis: number[] = [];
  private readonly n: number;
  private readonly width: number;
  /** Each column's upper bound (Infinity for none; artificial columns have none). */
  private readonly upper: Float64Array;
  /** Columns complemented (x = upper - x'): at their upper bound when non-basic. */
  private readonly isFlipped: boolean[];
  /** Columns that may not enter (artificial ones after phase I). */
  private readonly isBanned: boolean[];
  readonly isFeasible: boolean;

  constructor(lp: LinearProgram) {
    const n = lp.upper.length;
    this.n = n;
    const equations = lp.equations.filter((e) => e.terms.length > 0 || Math.abs(e.rhs) > EPS);
    const artificial0 = n;
    this.width = artificial0 + equations.length;
    this.upper = new Float64Array(this.width).fill(Infinity);
    lp.upper.forEach((u, j) => {
      this.upper[j] = u;
    });
    this.isFlipped = Array.from({ length: this.width }, () => false);
    this.isBanned = Array.from({ length: this.width }, () => false);
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
    for (let j = 0; j < this.n; j += 1) if (this.isFlipped[j] === true) x[j] = (this.upper[j] ?? 0) - (x[j] ?? 0);
    return x;
  }

  /** Minimise objective . x over the feasible set (from the current point). */
  minimize(objective: ReadonlyMap<number, number>): Optimum {
    if (!this.isFeasible) throw new Error('The linear program has no feasible point.');
    const cost = new Float64Array(this.width);
    for (const [j, c] of objective) cost[j] = c;
    return this.run(cost);
  }

  private run(original: Float64Array): Optimum {
    const { rows, basis, width, upper, isFlipped } = this;
    // A complemented column's cost is negated, its bound's worth a constant.
    const cost = Float64Array.from(original);
    let constant = 0;
    for (let j = 0; j < width; j += 1) {
      if (isFlipped[j] !== true) continue;
      constant += (original[j] ?? 0) * (upper[j] ?? 0);
      cost[j] = -(cost[j] ?? 0);
    }
    // Reduced costs, and the objective's value at the current point.
    const reduced = Float64Array.from(cost);
    let value = constant;
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
      // How far the entering variable can rise: until a basic one reaches 0 (a > 0) or its upper bound
      // (a < 0), or until it reaches its own upper bound (a bound flip, no pivot).
      let leave = -1;
      let leavesAtUpper = false;
      let ratio = upper[enter] ?? Infinity;
      rows.forEach((row, r) => {
        const a = row[enter] ?? 0;
        let q: number;
        if (a > EPS) q = (row[width] ?? 0) / a;
        else if (a < -EPS && Number.isFinite(upper[basis[r] ?? 0] ?? Infinity)) q = ((upper[basis[r] ?? 0] ?? 0) - (row[width] ?? 0)) / -a;
        else return;
        if (q < ratio - 1e-12 || (q <= ratio + 1e-12 && leave >= 0 && (basis[r] ?? 0) < (basis[leave] ?? 0))) {
          ratio = Math.min(q, ratio);
          leave = r;
          leavesAtUpper = a < 0;
        }
      });
      if (leave < 0 && !Number.isFinite(ratio)) return { status: 'unbounded' };
      degenerate = ratio <= EPS ? degenerate + 1 : 0;
      if (leave < 0) {
        this.flip(enter, state);
        continue;
      }
      if (leavesAtUpper) this.flipBasic(leave);
      this.pivot(leave, enter, state);
    }
    return { status: 'stalled' };
  }

  /** Complements non-basic column j (it moves to its other bound): x_j = u_j - x'_j in every row and the objective. */
  private flip(j: number, objective: { reduced: Float64Array; value: number }): void {
    const { rows, width } = this;
    const u = this.upper[j] ?? 0;
    for (const row of rows) {
      const a = row[j] ?? 0;
      if (a === 0) continue;
      row[width] = (row[width] ?? 0) - a * u;
      row[j] = -a;
    }
    const d = objective.reduced[j] ?? 0;
    objective.value += d * u;
    objective.reduced[j] = -d;
    this.isFlipped[j] = !(this.isFlipped[j] ?? false);
  }

  /**
   * Complements the basic variable of row r, about to leave at its upper bound: only its row holds it,
   * and the row is negated so it stays basic with coefficient 1 and a value of u - x (>= 0).
   */
  private flipBasic(r: number): void {
    const row = this.rows[r] as Float64Array;
    const b = this.basis[r] ?? 0;
    const u = this.upper[b] ?? 0;
    for (let k = 0; k < this.width; k += 1) if (k !== b && row[k] !== 0) row[k] = -(row[k] ?? 0);
    row[this.width] = u - (row[this.width] ?? 0);
    this.isFlipped[b] = !(this.isFlipped[b] ?? false);
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
