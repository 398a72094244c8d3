/**
 * An attacker's check on a published table with sums at several levels,
 * worked independently of the suppression code: every entry is the sum of
 * a set of innermost cells (leaf rows by leaf columns under it, found from
 * the labels), and a hidden entry can be worked out exactly when its set's
 * vector lies in the span of the published entries' vectors. Ranks are
 * taken modulo a prime (exact integer arithmetic; the vectors are 0/1).
 */

export interface CheckedLayout {
  /** The table's rows in order; the last is the Total row. */
  rows: readonly { kind: 'row' | 'group' | 'total'; key: readonly string[] }[];
  /** Figure columns: a subtotal column's labels are its group's. */
  columns: readonly { labels: readonly string[]; isSubtotal: boolean }[];
  hasTotalColumn: boolean;
}

const P = 1_000_003;

const startsWith = (key: readonly string[], prefix: readonly string[]): boolean => prefix.every((label, k) => key[k] === label);

/** Positions [row, figure column] of hidden entries the published entries give away. */
export function recoverableByLeaves(layout: CheckedLayout, hidden: readonly (readonly boolean[])[]): [number, number][] {
  const leafRows = layout.rows.filter((r) => r.kind === 'row');
  const leafColumns = layout.columns.filter((c) => !c.isSubtotal);
  const width = layout.columns.length + (layout.hasTotalColumn ? 1 : 0);
  const vector = (i: number, j: number): number[] => {
    const row = layout.rows[i];
    const column = layout.columns[j];
    const out: number[] = [];
    for (const leaf of leafRows) {
      const inRow = row !== undefined && (row.kind === 'total' || startsWith(leaf.key, row.key));
      for (const c of leafColumns) out.push(inRow && (column === undefined || startsWith(c.labels, column.labels)) ? 1 : 0);
    }
    return out;
  };
  const entries: { at: [number, number]; vector: number[]; hidden: boolean }[] = [];
  for (let i = 0; i < layout.rows.length; i += 1) {
    for (let j = 0; j < width; j += 1) entries.push({ at: [i, j], vector: vector(i, j), hidden: hidden[i]?.[j] === true });
  }
  const pinned = new Set(recoverableFigures(entries));
  return entries.filter((_, k) => pinned.has(k)).map((e) => e.at);
}

/**
 * Indexes of the hidden figures the printed ones pin down, each figure the
 * set of innermost cells it sums as a 0/1 vector: a hidden vector in the
 * span of the printed ones can be worked out exactly.
 */
export function recoverableFigures(figures: readonly { vector: readonly number[]; hidden: boolean }[]): number[] {
  // Row echelon basis of the published vectors: pivot column -> reduced row.
  const basis = new Map<number, number[]>();
  const reduce = (input: readonly number[]): number[] => {
    const v = [...input];
    for (let k = 0; k < v.length; k += 1) {
      const x = v[k] ?? 0;
      if (x === 0) continue;
      const b = basis.get(k);
      if (b === undefined) continue;
      for (let t = k; t < v.length; t += 1) v[t] = (((v[t] ?? 0) - x * (b[t] ?? 0)) % P + P) % P;
    }
    return v;
  };
  const inverse = (a: number): number => {
    let result = 1;
    let base = a % P;
    for (let e = P - 2; e > 0; e = Math.floor(e / 2)) {
      if (e % 2 === 1) result = (result * base) % P;
      base = (base * base) % P;
    }
    return result;
  };
  for (const f of figures) {
    if (f.hidden) continue;
    const v = reduce(f.vector);
    const lead = v.findIndex((x) => x !== 0);
    if (lead < 0) continue;
    const scale = inverse(v[lead] ?? 1);
    const row = v.map((x) => (x * scale) % P);
    // Keep the basis fully reduced at the new pivot.
    for (const [k, b] of basis) {
      const x = b[lead] ?? 0;
      if (x !== 0) basis.set(k, b.map((y, t) => (((y - x * (row[t] ?? 0)) % P) + P) % P));
    }
    basis.set(lead, row);
  }
  return figures.flatMap((f, k) => (f.hidden && reduce(f.vector).every((x) => x === 0) ? [k] : []));
}

/**
 * What the reader of a published figure knows of it: its value, or that it
 * is withheld as small ("<5") or to protect one ("[c]"). The bounds these
 * give (1 to threshold - 1; 0 or at least threshold) are an interval
 * question the suppression pattern does not settle (one table alone can be
 * narrowed by them); otherFilling takes them only when asked.
 */
export type Shown = { kind: 'value'; value: number } | { kind: 'small' } | { kind: 'withheld' };

interface Fraction {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};
const fraction = (n: bigint, d = 1n): Fraction => {
  const g = gcd(n, d) || 1n;
  const sign = d < 0n ? -1n : 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
};
const sub = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.n, a.d * b.d);
const div = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.d, a.d * b.n);

/** Integer basis of the vectors d with figure . d = 0 for every given figure (exact rational elimination). */
export function nullSpace(rows: readonly (readonly number[])[], width: number): number[][] {
  const m: Fraction[][] = rows.map((r) => Array.from({ length: width }, (_, j) => fraction(BigInt(r[j] ?? 0))));
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < width && r < m.length; c += 1) {
    const p = m.findIndex((row, i) => i >= r && row[c]?.n !== 0n);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p] as Fraction[], m[r] as Fraction[]];
    const pivotRow = m[r] as Fraction[];
    const lead = pivotRow[c] as Fraction;
    for (let j = 0; j < width; j += 1) pivotRow[j] = div(pivotRow[j] as Fraction, lead);
    for (let i = 0; i < m.length; i += 1) {
      const row = m[i] as Fraction[];
      const factor = row[c] as Fraction;
      if (i === r || factor.n === 0n) continue;
      for (let j = 0; j < width; j += 1) row[j] = sub(row[j] as Fraction, mul(factor, pivotRow[j] as Fraction));
    }
    pivots.push(c);
    r += 1;
  }
  const basis: number[][] = [];
  for (let f = 0; f < width; f += 1) {
    if (pivots.includes(f)) continue;
    const v: Fraction[] = Array.from({ length: width }, () => fraction(0n));
    v[f] = fraction(1n);
    pivots.forEach((c, i) => (v[c] = fraction(-(m[i]?.[f]?.n ?? 0n), m[i]?.[f]?.d ?? 1n)));
    const lcm = v.reduce((a, x) => (a * x.d) / gcd(a, x.d), 1n);
    basis.push(v.map((x) => Number((x.n * lcm) / x.d)));
  }
  return basis;
}

/**
 * Another filling of the innermost counts, non-negative and whole, that the
 * reader cannot tell from the true one (every printed figure the same; with
 * `bounds` every "<5" still 1 to threshold - 1 and every "[c]" still 0 or at
 * least threshold) but that gives the target a different count; null
 * when none is found within the search's reach (the target may then be
 * determined). A depth-first search for a move: one record more (or fewer)
 * in an innermost count of the target, then, while a printed figure is off,
 * one record fewer (or more) in one of its innermost counts (the figure with
 * fewest choices first), up to `depth` records moved.
 */
export function otherFilling(
  figures: readonly { vector: readonly number[]; shown: Shown }[],
  truth: readonly number[],
  target: readonly number[],
  options: { threshold?: number; bounds?: boolean; depth?: number; budget?: number } = {},
): number[] | null {
  const threshold = options.threshold ?? 5;
  const depth = options.depth ?? 12;
  let budget = options.budget ?? 1_000_000;
  const width = truth.length;
  const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, k) => s + x * (b[k] ?? 0), 0);
  const printed = figures.filter((f) => f.shown.kind === 'value');
  const atomsOf = printed.map((f) => f.vector.flatMap((x, a) => (x !== 0 ? [a] : [])));
  const figuresOf: number[][] = Array.from({ length: width }, () => []);
  atomsOf.forEach((atoms, f) => atoms.forEach((a) => figuresOf[a]?.push(f)));
  const d = new Array<number>(width).fill(0);
  const residual = new Array<number>(printed.length).fill(0);
  const step = (a: number, by: number): void => {
    d[a] = (d[a] ?? 0) + by;
    for (const f of figuresOf[a] ?? []) residual[f] = (residual[f] ?? 0) + by;
  };
  const fits = (): boolean => {
    if (dot(d, target) === 0) return false;
    if (options.bounds !== true) return true;
    const x = truth.map((v, k) => v + (d[k] ?? 0));
    return figures.every((f) => {
      if (f.shown.kind === 'value') return true;
      const v = dot(f.vector, x);
      if (f.shown.kind === 'small') return v >= 1 && v < threshold;
      return v === 0 || v >= threshold;
    });
  };
  const search = (left: number): boolean => {
    budget -= 1;
    if (budget < 0) return false;
    // The printed figure that is off with the fewest ways to put it right.
    let worst = -1;
    let choices: number[] = [];
    for (let f = 0; f < printed.length; f += 1) {
      const r = residual[f] ?? 0;
      if (r === 0) continue;
      const by = r > 0 ? -1 : 1;
      const options = (atomsOf[f] ?? []).filter((a) => (by < 0 ? (truth[a] ?? 0) + (d[a] ?? 0) > 0 && (d[a] ?? 0) <= 0 : (d[a] ?? 0) >= 0));
      if (worst < 0 || options.length < choices.length) {
        worst = f;
        choices = options;
      }
      if (choices.length === 0) return false;
    }
    if (worst < 0) return fits();
    if (left === 0) return false;
    const by = (residual[worst] ?? 0) > 0 ? -1 : 1;
    // Fewest printed figures put out first (min-conflicts), so the short moves are found early.
    const conflicts = (a: number): number => (figuresOf[a] ?? []).reduce((n, f) => n + (residual[f] === 0 ? 1 : (residual[f] ?? 0) * by < 0 ? -1 : 1), 0);
    const ordered = choices.map((a) => [a, conflicts(a)] as const).sort((x, y) => x[1] - y[1]).map(([a]) => a);
    for (const a of ordered) {
      step(a, by);
      if (search(left - 1)) return true;
      step(a, -by);
    }
    return false;
  };
  // Shortest moves first (iterative deepening): most are a record moved around a cycle of four or six counts.
  for (let reach = 2; reach <= depth; reach += 2) {
    for (let a = 0; a < width; a += 1) {
      if ((target[a] ?? 0) === 0) continue;
      for (const by of [1, -1]) {
        if ((truth[a] ?? 0) + by < 0) continue;
        step(a, by);
        if (search(reach - 1)) return truth.map((v, k) => v + (d[k] ?? 0));
        step(a, -by);
      }
    }
    if (budget < 0) break;
  }
  return null;
}
