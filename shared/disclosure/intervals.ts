/**
 * The interval audit: what a reader can infer about each withheld figure
 * from the equations of the table (its sums) together with the ranges every
 * count is known to lie in: a whole number, never negative, and a figure
 * shown as "<5" from 1 to 4. Exact recovery (the row-space check in
 * suppress.ts) misses those ranges: a row total of 2 over two "<5" cells
 * gives both away (a + b = 2 with a, b >= 1), and so does a total less its
 * published cells leaving 8 for two "<5" cells (both 4).
 *
 * The intruder's interval for a figure is its minimum and maximum subject to
 * the equations with the published figures fixed and every figure within its
 * range: the linear programming relaxation, the standard audit (tau-ARGUS;
 * sdcTable's attack()). Rounded in to whole numbers, since counts are.
 *
 * The protection rule: a withheld figure is safe when its rounded interval
 * holds at least two values (sdcTable's attack() calls a cell protected when
 * its upper and lower bounds differ). A stronger rule, that the interval be
 * no narrower than "<5" already says (all of 1-4), was not taken: a
 * published row total of 6 over two "<5" cells already narrows each to 2-4,
 * so it would withhold most totals that hold a small count without
 * protecting any count from being known.
 */
import type { Position } from './suppress';
import { type Equation, Simplex } from './simplex';

/** One entry of a table as the audit sees it. */
export interface AuditEntry {
  value: number;
  /** Not known to the reader (withheld, or a figure no table prints): a variable of the equations. */
  isUnknown: boolean;
  /** Withheld from the reader: its interval is audited. */
  isWithheld: boolean;
  /** The range the reader knows it lies in: 0 to Infinity, or 1 to threshold - 1 for "<5". */
  lower: number;
  upper: number;
  /** A published figure that may be withheld to protect another: how reluctantly (undefined: it may not). */
  hideCost?: number;
}

export interface EntryInterval {
  at: Position;
  value: number;
  /** The least and greatest whole values consistent with everything published (max Infinity: no upper limit). */
  min: number;
  max: number;
  /** At least two whole values are possible. */
  isSafe: boolean;
}

/** The unknowns, each line as an equation over them (coefficients added up, published figures moved across). */
function system(grid: readonly (readonly AuditEntry[])[], all: readonly (readonly Position[])[]) {
  const width = grid.reduce((w, row) => Math.max(w, row.length), 1);
  const index = new Map<number, number>();
  const unknowns: Position[] = [];
  grid.forEach((row, i) =>
    row.forEach((e, j) => {
      if (!e.isUnknown) return;
      index.set(i * width + j, unknowns.length);
      unknowns.push([i, j]);
    }),
  );
  const equations: Equation[] = [];
  /** The equations each unknown stands in. */
  const equationsOf: number[][] = unknowns.map(() => []);
  for (const line of all) {
    const coefficients = new Map<number, number>();
    let rhs = 0;
    line.forEach(([i, j], k) => {
      const sign = k === line.length - 1 ? -1 : 1;
      const u = index.get(i * width + j);
      if (u !== undefined) coefficients.set(u, (coefficients.get(u) ?? 0) + sign);
      else rhs -= sign * (grid[i]?.[j]?.value ?? 0);
    });
    const terms = [...coefficients].filter(([, c]) => c !== 0);
    if (terms.length === 0) continue;
    for (const [u] of terms) equationsOf[u]?.push(equations.length);
    equations.push({ terms, rhs });
  }
  const entry = (u: number): AuditEntry => {
    const [i, j] = unknowns[u] ?? [0, 0];
    const e = grid[i]?.[j];
    if (e === undefined) throw new Error(`No entry ${i},${j}`);
    return e;
  };
  return { unknowns, equations, equationsOf, entry };
}

/** The unknowns in groups that share no equation (each solved on its own). */
function components(count: number, equations: readonly Equation[]): number[][] {
  const parent = Array.from({ length: count }, (_, u) => u);
  const find = (u: number): number => {
    let r = u;
    while (parent[r] !== r) r = parent[r] ?? r;
    let v = u;
    while (parent[v] !== r) {
      const next = parent[v] ?? r;
      parent[v] = r;
      v = next;
    }
    return r;
  };
  for (const e of equations) {
    const first = e.terms[0]?.[0];
    if (first === undefined) continue;
    for (const [u] of e.terms) parent[find(u)] = find(first);
  }
  const groups = new Map<number, number[]>();
  for (let u = 0; u < count; u += 1) {
    const r = find(u);
    const list = groups.get(r) ?? [];
    list.push(u);
    groups.set(r, list);
  }
  return [...groups.values()];
}

/** Whole values from a real interval (the solver's 1e-9 noise kept on the right side). */
const wholeMin = (v: number): number => Math.ceil(v - 1e-6) + 0; // + 0: no -0
const wholeMax = (v: number): number => (Number.isFinite(v) ? Math.floor(v + 1e-6) : Infinity);

/**
 * One linked group's linear programme, its unknowns numbered 0.. in group
 * order and shifted so each starts at 0 (x = lower + y): bounds 0..upper - lower.
 */
function groupProgram(
  group: readonly number[],
  equations: readonly Equation[],
  equationsOf: readonly (readonly number[] | undefined)[],
  entry: (u: number) => { lower: number; upper: number },
): Simplex {
  const local = new Map(group.map((u, k) => [u, k] as const));
  const lower = group.map((u) => entry(u).lower);
  const eqs = [...new Set(group.flatMap((u) => equationsOf[u] ?? []))].map((q): Equation => {
    const e = equations[q] as Equation;
    let rhs = e.rhs;
    const terms = e.terms.map(([u, c]): [number, number] => {
      const k = local.get(u) ?? 0;
      rhs -= c * (lower[k] ?? 0);
      return [k, c];
    });
    return { terms, rhs };
  });
  return new Simplex({ upper: group.map((u) => entry(u).upper - entry(u).lower), equations: eqs });
}

/**
 * Every withheld entry's interval: the least and greatest value of each
 * (linear programming over the unknowns it shares equations with). For the
 * audit of a finished table; suppression uses `narrowedEntries`, which
 * stops at the first witness.
 */
export function entryIntervals(grid: readonly (readonly AuditEntry[])[], all: readonly (readonly Position[])[]): EntryInterval[] {
  const { unknowns, equations, equationsOf, entry } = system(grid, all);
  const out: EntryInterval[] = [];
  for (const group of components(unknowns.length, equations)) {
    const lp = groupProgram(group, equations, equationsOf, entry);
    group.forEach((u, k) => {
      const e = entry(u);
      if (!e.isWithheld) return;
      const at = unknowns[u] ?? [0, 0];
      // Infeasible or stalled (never with true counts): reported as pinned, so the caller withholds more.
      if (!lp.isFeasible) {
        out.push({ at, value: e.value, min: e.value, max: e.value, isSafe: false });
        return;
      }
      const low = lp.minimize(new Map([[k, 1]]));
      const high = lp.minimize(new Map([[k, -1]]));
      const min = low.status === 'optimal' ? wholeMin(low.value + e.lower) : e.value;
      const max = high.status === 'optimal' ? wholeMax(e.lower - high.value) : high.status === 'unbounded' ? Infinity : e.value;
      out.push({ at, value: e.value, min, max, isSafe: max - min >= 1 });
    });
  }
  return out;
}

/** Largest neighbourhood (unknowns) searched for a witness before the entry's whole linked group is solved. */
const MAX_NEIGHBOURHOOD = 256;

/**
 * Withheld entries whose interval is a single whole value. An entry is safe when the figures can move it by one
 * (value + 1 or value - 1) and still satisfy every equation and range:
 * then, the set of solutions being convex, both values lie in its interval.
 * The move is sought among the unknowns nearest the entry first, the rest
 * held at their values, so a table of thousands of withheld figures solves
 * many small programs, not one large one; only when no move lies within
 * MAX_NEIGHBOURHOOD unknowns is its whole linked group solved (once, for all
 * of the group's entries still in doubt). Without that last step an entry
 * whose move needs far-off figures was taken as narrowed: a partner hidden
 * that did not help, round after round, over-suppressing the table. A move
 * found shows every entry it moves by one or more safe as well. `safe` carries entries already shown
 * safe: hiding more only widens intervals, so they stay safe.
 */
export function narrowedEntries(grid: readonly (readonly AuditEntry[])[], all: readonly (readonly Position[])[], safe: Set<string>): Position[] {
  const { unknowns, equations, equationsOf, entry } = system(grid, all);
  const keyOf = (u: number): string => {
    const [i, j] = unknowns[u] ?? [0, 0];
    return `${i},${j}`;
  };
  /** The unknowns sharing an equation with u. */
  const neighbours = (u: number): number[] => [...new Set((equationsOf[u] ?? []).flatMap((q) => (equations[q]?.terms ?? []).map(([v]) => v)))];
  const narrowed: Position[] = [];
  /** Whether the unknowns in `near` can move u by `step`, all others held; the move's entries moved by 1 or more marked safe. */
  const canMove = (u: number, near: readonly number[], step: number): boolean => {
    const local = new Map(near.map((v, k) => [v, k] as const));
    // Moves y = x - value, shifted to start at 0: z = y - (lower - value) in [0, upper - lower]; u itself fixed at step.
    const shift = near.map((v) => entry(v).lower - entry(v).value);
    const eqs = [...new Set(near.flatMap((v) => equationsOf[v] ?? []))].map((q): Equation => {
      let rhs = 0;
      const terms: [number, number][] = [];
      for (const [v, c] of (equations[q] as Equation).terms) {
        const k = local.get(v);
        if (k === undefined) continue;
        if (v === u) rhs -= c * step;
        else {
          terms.push([k, c]);
          rhs -= c * (shift[k] ?? 0);
        }
      }
      return { terms, rhs };
    });
    const upper = near.map((v) => (v === u ? 0 : entry(v).upper - entry(v).lower));
    const lp = new Simplex({ upper, equations: eqs });
    if (!lp.isFeasible) return false;
    const z = lp.point();
    near.forEach((v, k) => {
      const move = v === u ? step : (z[k] ?? 0) + (shift[k] ?? 0);
      if (Math.abs(move) >= 1 - 1e-6 && entry(v).isWithheld) safe.add(keyOf(v));
    });
    return true;
  };
  // A range of one value ("<2") gives the figure away whatever is hidden: nothing suppression can do.
  const isAudited = (u: number): boolean => entry(u).isWithheld && entry(u).upper - entry(u).lower >= 1 && !safe.has(keyOf(u));
  // Groups small enough are solved whole (one phase I, then each bound from the last optimum), every optimum's
  // point a witness for all of the group's entries; larger ones entry by entry, from the entry's neighbourhood out.
  /** A linked group solved whole: whether each of its entries (by index in the group) can take two values. */
  const wholeGroup = (group: readonly number[]): ((k: number) => boolean) => {
    const lp = groupProgram(group, equations, equationsOf, entry);
    const lower = group.map((u) => entry(u).lower);
    const low = group.map((u) => entry(u).value);
    const high = [...low];
    const witness = (x: readonly number[]): void =>
      x.forEach((v, k) => {
        const value = v + (lower[k] ?? 0);
        low[k] = Math.min(low[k] ?? value, value);
        high[k] = Math.max(high[k] ?? value, value);
      });
    const isWide = (k: number): boolean => wholeMax(high[k] ?? 0) - wholeMin(low[k] ?? 0) >= 1;
    return (k) => {
      for (const sign of [-1, 1]) {
        if (isWide(k) || !lp.isFeasible) break;
        const r = lp.minimize(new Map([[k, sign]]));
        if (r.status === 'optimal') witness(r.x);
        else if (r.status === 'unbounded' && sign < 0) high[k] = Infinity;
      }
      if (!isWide(k)) return false;
      // The witnesses show every entry they moved safe too.
      group.forEach((v, m) => {
        if (entry(v).isWithheld && isWide(m)) safe.add(keyOf(v));
      });
      return true;
    };
  };
  const byNeighbourhood: { group: readonly number[]; solveWhole?: (k: number) => boolean }[] = [];
  for (const group of components(unknowns.length, equations)) {
    if (!group.some(isAudited)) continue;
    if (group.length > MAX_NEIGHBOURHOOD) {
      byNeighbourhood.push({ group });
      continue;
    }
    const isWide = wholeGroup(group);
    group.forEach((u, k) => {
      if (!isAudited(u)) return;
      if (!isWide(k)) narrowed.push(unknowns[u] ?? [0, 0]);
    });
  }
  for (const large of byNeighbourhood) {
    large.group.forEach((u, k) => {
    const e = entry(u);
    if (!isAudited(u)) return;
    const steps = [...(e.upper - e.value >= 1 ? [1] : []), ...(e.value - e.lower >= 1 ? [-1] : [])];
    // Grow the neighbourhood one unknown at a time, the one sharing most equations with it first (closing loops).
    const near = [u];
    const isNear = new Set(near);
    const shared = new Map<number, number>();
    const reach = (v: number): void => {
      for (const w of neighbours(v)) if (!isNear.has(w)) shared.set(w, (shared.get(w) ?? 0) + 1);
    };
    reach(u);
    let target = 4;
    for (;;) {
      while (near.length < target && shared.size > 0) {
        let best = -1;
        let most = 0;
        for (const [w, n] of shared) if (n > most) [best, most] = [w, n];
        shared.delete(best);
        near.push(best);
        isNear.add(best);
        reach(best);
      }
      const isWhole = shared.size === 0;
      if (steps.some((step) => canMove(u, near, step))) return;
      if (isWhole || near.length >= MAX_NEIGHBOURHOOD) break;
      target = Math.min(target * 2, MAX_NEIGHBOURHOOD);
    }
    // No move near it (one may need figures far off): the whole group decides, solved once for all its entries.
    large.solveWhole ??= wholeGroup(large.group);
    if (!large.solveWhole(k)) narrowed.push(unknowns[u] ?? [0, 0]);
    });
  }
  return narrowed;
}

/** Largest neighbourhood (figures) searched for the cheapest move of a narrowed entry. */
const MAX_MOVE_SEARCH = 4096;

/**
 * Published figures to withhold so that a narrowed entry can move by one:
 * the move of least cost (each figure's `hideCost` per unit it moves), found
 * by linear programming over the figures nearest the entry (16, then 256),
 * then, when `isFar`, over all the figures linked to it when they number
 * MAX_MOVE_SEARCH or fewer (one dense programme of thousands of figures:
 * the caller rations these) (a move through a profile's pieces, tables over other months,
 * can run through thousands of figures). Hiding them
 * makes the move possible, so the entry is then safe. 'impossible' when
 * every figure linked to it was searched and none moves it even with all
 * hideable figures free (two "<5" cells of 4 under a known total of 8):
 * hiding more cannot help. Null when no move is found within the search.
 * Set up once per table (an index of its lines); a figure hidden since is
 * still offered, at no harm.
 */
export function wideningPartners(
  grid: readonly (readonly AuditEntry[])[],
  all: readonly (readonly Position[])[],
): (target: Position, isFar: boolean) => Position[] | 'impossible' | null {
  const width = grid.reduce((w, row) => Math.max(w, row.length), 1);
  const keyOf = ([i, j]: Position): number => i * width + j;
  const at = (p: Position): AuditEntry | undefined => grid[p[0]]?.[p[1]];
  const isFree = (e: AuditEntry | undefined): boolean => e !== undefined && (e.isUnknown || e.hideCost !== undefined);
  const linesAt = new Map<number, number[]>();
  all.forEach((line, k) =>
    line.forEach((p) => {
      if (!isFree(at(p))) return;
      const list = linesAt.get(keyOf(p)) ?? [];
      if (list[list.length - 1] !== k) list.push(k);
      linesAt.set(keyOf(p), list);
    }),
  );
  return (target, isFar) => {
    const self = at(target);
    if (self === undefined) return null;
    const steps = [...(self.upper - self.value >= 1 ? [1] : []), ...(self.value - self.lower >= 1 ? [-1] : [])];
    const near: Position[] = [target];
    const isNear = new Set([keyOf(target)]);
    // Figures next to the neighbourhood: the one sharing most lines with it first, then the cheapest, then the
    // first reached. A queue, not a scan of them all per figure added: at thousands of figures the scan was
    // most of a profile's protection time.
    const shared = new Map<number, { p: Position; n: number; seq: number }>();
    const queue = new RankQueue();
    const rank = ({ p, n }: { p: Position; n: number }): number => n * 1e6 - (at(p)?.hideCost ?? 0);
    const reach = (p: Position): void => {
      for (const k of linesAt.get(keyOf(p)) ?? []) {
        for (const q of all[k] ?? []) {
          const key = keyOf(q);
          if (isNear.has(key) || !isFree(at(q))) continue;
          const s = shared.get(key) ?? { p: q, n: 0, seq: shared.size + near.length };
          s.n += 1;
          shared.set(key, s);
          queue.push(key, rank(s), s.seq);
        }
      }
    };
    reach(target);
  let size = 16;
  for (;;) {
    while (near.length < size && shared.size > 0) {
      // Stale entries (a figure since reached again, so ranked higher, or already taken) are passed over.
      const key = queue.pop((k, r) => {
        const s = shared.get(k);
        return s !== undefined && rank(s) === r;
      });
      const best = key === undefined ? undefined : shared.get(key);
      if (best === undefined || key === undefined) break;
      shared.delete(key);
      near.push(best.p);
      isNear.add(key);
      reach(best.p);
    }
    const isWhole = shared.size === 0;
    // Past MAX_NEIGHBOURHOOD only a whole linked group is searched: that settles the entry either way.
    if (near.length <= MAX_NEIGHBOURHOOD || isWhole) {
      const found = steps.map((step) => cheapestMove(grid, all, near, linesAt, keyOf, step)).filter((m): m is { cost: number; hide: Position[] } => m !== null);
      if (found.length > 0) return found.reduce((a, b) => (b.cost < a.cost ? b : a)).hide;
      if (isWhole) return 'impossible';
    }
    if (near.length >= MAX_MOVE_SEARCH || (!isFar && near.length >= MAX_NEIGHBOURHOOD)) return null;
    size = Math.min(size * 16, MAX_MOVE_SEARCH);
  }
  };
}

/** The least-cost move of near[0] by `step`, the rest of `near` free to move (published figures at their cost), all else held. */
function cheapestMove(
  grid: readonly (readonly AuditEntry[])[],
  all: readonly (readonly Position[])[],
  near: readonly Position[],
  linesAt: ReadonlyMap<number, number[]>,
  keyOf: (p: Position) => number,
  step: number,
): { cost: number; hide: Position[] } | null {
  const at = (p: Position): AuditEntry => grid[p[0]]?.[p[1]] as AuditEntry;
  const index = new Map(near.map((p, k) => [keyOf(p), k] as const));
  // Variables: an unknown's move shifted to start at 0; a published figure's move up and move down.
  const upper: number[] = [];
  const columns: { up: number; down: number; shift: number }[] = near.map((p, k) => {
    const e = at(p);
    if (k === 0) return { up: -1, down: -1, shift: 0 };
    if (e.isUnknown) {
      upper.push(e.upper - e.lower);
      return { up: upper.length - 1, down: -1, shift: e.lower - e.value };
    }
    upper.push(Infinity, e.value);
    return { up: upper.length - 2, down: upper.length - 1, shift: 0 };
  });
  const lineSet = new Set(near.flatMap((p) => linesAt.get(keyOf(p)) ?? []));
  const equations: Equation[] = [...lineSet].map((q) => {
    const line = all[q] ?? [];
    const coefficients = new Map<number, number>();
    line.forEach((p, m) => {
      const k = index.get(keyOf(p));
      if (k !== undefined) coefficients.set(k, (coefficients.get(k) ?? 0) + (m === line.length - 1 ? -1 : 1));
    });
    let rhs = 0;
    const terms: [number, number][] = [];
    for (const [k, c] of coefficients) {
      if (c === 0) continue;
      const col = columns[k] as { up: number; down: number; shift: number };
      if (k === 0) rhs -= c * step;
      else if (col.down < 0) {
        terms.push([col.up, c]);
        rhs -= c * col.shift;
      } else terms.push([col.up, c], [col.down, -c]);
    }
    return { terms, rhs };
  });
  const lp = new Simplex({ upper, equations });
  if (!lp.isFeasible) return null;
  const objective = new Map<number, number>();
  near.forEach((p, k) => {
    const col = columns[k];
    const cost = at(p).hideCost;
    if (col === undefined || col.down < 0 || cost === undefined) return;
    objective.set(col.up, cost);
    objective.set(col.down, cost);
  });
  const best = lp.minimize(objective);
  if (best.status !== 'optimal') return null;
  const hide = near.filter((_, k) => {
    const col = columns[k];
    return col !== undefined && col.down >= 0 && (best.x[col.up] ?? 0) + (best.x[col.down] ?? 0) > 1e-7;
  });
  return { cost: best.value, hide };
}

/**
 * A max-queue of keys by rank, ties to the lowest sequence number (the first
 * reached, as a scan in insertion order would pick). A key's rank only rises:
 * each rise pushes it again, and `pop` passes over entries `isCurrent` says
 * are stale.
 */
class RankQueue {
  // Parallel arrays, not an object per entry: a long line pushes every figure in it each time the
  // neighbourhood gains one of its members, and the garbage was a good part of the search's time.
  private keys = new Float64Array(64);
  private ranks = new Float64Array(64);
  private seqs = new Float64Array(64);
  private size = 0;

  push(key: number, rank: number, seq: number): void {
    if (this.size === this.keys.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.isBefore(rank, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.keys[i] = key;
    this.ranks[i] = rank;
    this.seqs[i] = seq;
  }

  pop(isCurrent: (key: number, rank: number) => boolean): number | undefined {
    while (this.size > 0) {
      const key = this.keys[0] ?? 0;
      const rank = this.ranks[0] ?? 0;
      this.size -= 1;
      if (this.size > 0) {
        // Sift the last entry down from the top.
        const lastKey = this.keys[this.size] ?? 0;
        const lastRank = this.ranks[this.size] ?? 0;
        const lastSeq = this.seqs[this.size] ?? 0;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= this.size) break;
          const r = l + 1;
          const child = r < this.size && this.isBefore(this.ranks[r] ?? 0, this.seqs[r] ?? 0, l) ? r : l;
          if (!this.isBefore(this.ranks[child] ?? 0, this.seqs[child] ?? 0, -1, lastRank, lastSeq)) break;
          this.move(child, i);
          i = child;
        }
        this.keys[i] = lastKey;
        this.ranks[i] = lastRank;
        this.seqs[i] = lastSeq;
      }
      if (isCurrent(key, rank)) return key;
    }
    return undefined;
  }

  /** Whether (rank, seq) comes before entry `at` (or before (rank2, seq2) when `at` is -1). */
  private isBefore(rank: number, seq: number, at: number, rank2 = this.ranks[at] ?? 0, seq2 = this.seqs[at] ?? 0): boolean {
    return rank > rank2 || (rank === rank2 && seq < seq2);
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from] ?? 0;
    this.ranks[to] = this.ranks[from] ?? 0;
    this.seqs[to] = this.seqs[from] ?? 0;
  }

  private grow(): void {
    const bigger = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.keys = bigger(this.keys);
    this.ranks = bigger(this.ranks);
    this.seqs = bigger(this.seqs);
  }
}
