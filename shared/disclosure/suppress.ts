/**
 * Statistical disclosure control for count tables published with totals.
 *
 * Primary suppression hides counts from 1 to threshold - 1 (default 5:
 * "<5"). Secondary (complementary) suppression then hides further cells so
 * that no hidden count can be worked back from the published totals, nor
 * narrowed to one value by them:
 *
 * 1. The table with its totals is a set of linear equations: every row
 *    (cells = row total) and every column (cells = column total), the
 *    totals row and column included (column totals sum to the grand total).
 * 2. A line (row or column) with exactly one hidden entry gives it away, so
 *    the smallest other published entry in that line is hidden too,
 *    preferring a non-zero cell inside the table over a zero and over a
 *    total. Repeat until no line has exactly one hidden entry.
 * 3. Lines can still combine to give a cell away (e.g. a hidden total that
 *    equals the sum of hidden cells in several rows), so each hidden entry
 *    is checked against the whole system: it is recoverable when it is
 *    fixed by the equations (its unit vector lies in their row space, found
 *    by Gaussian elimination, which also gives the combination of lines
 *    that fixes it). A recoverable entry gets hidden the cheapest published
 *    figure that breaks that combination (HiddenSolution), one figure for
 *    all the entries it frees, and steps 2-3 repeat. An entry no published
 *    figure can free (fixed by figures the reader knows) is left as it is.
 * 4. Exact recovery ignores what a reader knows of every count: a whole
 *    number, 0 or more, and 1 to threshold - 1 where it shows "<5". So each
 *    withheld entry is audited for its interval (intervals.ts: the least and
 *    greatest value consistent with the published figures and those ranges,
 *    by linear programming), and must be left two whole values at least. A
 *    row of 1, 1, 10 with 10 and the total 12 published passes step 3 but
 *    gives both 1s away (a + b = 2, a, b >= 1). A narrowed entry gets the
 *    fewest, cheapest published figures whose withholding lets it move by
 *    one (a small linear program over the figures nearest it), and steps
 *    2-4 repeat.
 *
 * Zeros are not primary-suppressed (a zero is the usual "no crimes").
 * Measures computed from a hidden count (rates, shares, changes) must be
 * hidden with it: see `hideDerived`, and SummedTable's `forced` (a figure
 * computed from a small count elsewhere), `known` (a share's 100%) and
 * `blank`. This protects one table; tables published together are
 * suppressed as one (joint.ts: a profile's tables, against subtraction too).
 */

import { type Steps, runSteps } from '../analytics/steps';
import { type AuditEntry, type EntryInterval, entryIntervals, narrowedEntries, wideningPartners } from './intervals';

export const DEFAULT_THRESHOLD = 5;

export type CellStatus = 'published' | 'primary' | 'secondary';

export interface SuppressionResult {
  threshold: number;
  /** Status of each cell inside the table, [row][column]. */
  cells: CellStatus[][];
  /** Status of each row's total (all 'published' when totals are not shown). */
  rowTotals: CellStatus[];
  columnTotals: CellStatus[];
  grandTotal: CellStatus;
}

export interface SuppressionOptions {
  threshold?: number;
  /**
   * Whether row, column and grand totals are published (default true).
   * Without totals only primary suppression is needed: nothing can be
   * subtracted from.
   */
  totals?: boolean;
}

export const isHidden = (status: CellStatus): boolean => status !== 'published';

/** Is a count small enough to hide: 1 <= count < threshold. */
export function isSmallCount(count: number, threshold = DEFAULT_THRESHOLD): boolean {
  return count > 0 && count < threshold;
}

interface Entry {
  value: number;
  isTotal: boolean;
  status: CellStatus;
  /** Known to the reader whatever is shown (SummedTable.known): counts as published in the equations. */
  known?: boolean;
  /** Blank whatever its status (SummedTable.blank): unknown to the reader. */
  blank?: boolean;
  /** How reluctantly it is hidden as a partner (SummedTable.cost; 0 unless set). */
  cost?: number;
}

/** Hidden from the reader: hidden, and not a figure the reader knows anyway. */
const isWithheld = (e: Entry | undefined): boolean => e !== undefined && isHidden(e.status) && e.known !== true;
/** Not known to the reader: withheld, or blank. */
const isUnknown = (e: Entry | undefined): boolean => isWithheld(e) || (e !== undefined && e.blank === true && e.known !== true);

/**
 * Suppression pattern for a table of counts. Totals are computed from the
 * cells (a published total is the sum of its cells), so pass the whole
 * table as shown.
 */
export function suppressTable(counts: readonly (readonly number[])[], options: SuppressionOptions = {}): SuppressionResult {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const withTotals = options.totals ?? true;
  const { grid, R, C } = augmentedGrid(counts, threshold, withTotals);
  if (withTotals && R > 0 && C > 0) runSteps(protectSteps(grid, lines(R, C), threshold));
  const status = (i: number, j: number): CellStatus => grid[i]?.[j]?.status ?? 'published';
  return {
    threshold,
    cells: Array.from({ length: R }, (_, i) => Array.from({ length: C }, (__, j) => status(i, j))),
    rowTotals: Array.from({ length: R }, (_, i) => status(i, C)),
    columnTotals: Array.from({ length: C }, (_, j) => status(R, j)),
    grandTotal: status(R, C),
  };
}

/** The augmented grid: cells, a totals column (index C) and a totals row (index R), small counts primary. */
function augmentedGrid(counts: readonly (readonly number[])[], threshold: number, withTotals: boolean): { grid: Entry[][]; R: number; C: number } {
  const R = counts.length;
  const C = Math.max(0, ...counts.map((row) => row.length));
  const value = (i: number, j: number): number => counts[i]?.[j] ?? 0;
  const grid: Entry[][] = [];
  for (let i = 0; i <= R; i += 1) {
    const row: Entry[] = [];
    for (let j = 0; j <= C; j += 1) {
      let v = 0;
      if (i < R && j < C) v = value(i, j);
      else if (i < R) for (let k = 0; k < C; k += 1) v += value(i, k);
      else if (j < C) for (let k = 0; k < R; k += 1) v += value(k, j);
      else for (let a = 0; a < R; a += 1) for (let b = 0; b < C; b += 1) v += value(a, b);
      const isTotal = i === R || j === C;
      row.push({ value: v, isTotal, status: (!isTotal || withTotals) && isSmallCount(v, threshold) ? 'primary' : 'published' });
    }
    grid.push(row);
  }
  return { grid, R, C };
}

/**
 * The interval audit of a suppressed table (intervals.ts): every withheld
 * entry's least and greatest value given the published figures and the
 * ranges ("<5" is 1-4, any count 0 or more). Positions are in the augmented
 * grid: row R is the totals row, column C the totals column.
 */
export function auditTable(counts: readonly (readonly number[])[], result: SuppressionResult): EntryInterval[] {
  const { grid, R, C } = augmentedGrid(counts, result.threshold, true);
  const statusAt = (i: number, j: number): CellStatus =>
    (i < R && j < C ? result.cells[i]?.[j] : i < R ? result.rowTotals[i] : j < C ? result.columnTotals[j] : result.grandTotal) ?? 'published';
  grid.forEach((row, i) => row.forEach((e, j) => (e.status = statusAt(i, j))));
  return entryIntervals(auditEntries(grid, result.threshold), lines(R, C));
}

/** auditTable for a table with sums at any level, with the pattern suppressSummedTable gave it. */
export function auditSummedTable(table: SummedTable, statuses: readonly (readonly CellStatus[])[], threshold = DEFAULT_THRESHOLD): EntryInterval[] {
  const grid = summedGrid(table, threshold);
  grid.forEach((row, i) => row.forEach((e, j) => (e.status = statuses[i]?.[j] ?? e.status)));
  return entryIntervals(auditEntries(grid, threshold), table.lines);
}

/**
 * The entries as the reader sees them: unknown or not, withheld or not, and
 * the range each is known to lie in ("<5": 1 to threshold - 1; a figure no
 * table prints, or withheld as a partner: 0 or more).
 */
export function auditEntries(grid: readonly (readonly Entry[])[], threshold: number): AuditEntry[][] {
  return grid.map((row) => row.map((e) => auditEntry(e, threshold)));
}

function auditEntry(e: Entry, threshold: number): AuditEntry {
  const isSmall = isWithheld(e) && e.status === 'primary' && e.blank !== true && isSmallCount(e.value, threshold);
  const canHide = e.status === 'published' && e.known !== true && e.blank !== true;
  return {
    value: e.value,
    isUnknown: isUnknown(e),
    isWithheld: isWithheld(e),
    lower: isSmall ? 1 : 0,
    upper: isSmall ? threshold - 1 : Infinity,
    // partnerKey's order as one number: the cheapest, inner cells before totals, non-zero before zero, then the smallest.
    ...(canHide ? { hideCost: 1 + 100 * (e.cost ?? 0) + (e.isTotal ? 4 : 0) + (e.value === 0 ? 2 : 0) + e.value / 1000 } : {}),
  };
}

export type Position = readonly [number, number];

/**
 * A table published with sums at several levels (the grid's group rows and
 * subtotal columns as well as its totals): every entry's record count, which
 * entries are sums, and every sum as a line (its parts' positions, then the
 * sum's own, last).
 */
export interface SummedTable {
  counts: readonly (readonly number[])[];
  /** [row][column]: the entry is a total or subtotal (partners are sought among the other entries first). */
  isSum: readonly (readonly boolean[])[];
  lines: readonly (readonly Position[])[];
  /**
   * [row][column]: the reader knows the figure whatever is shown (a share's
   * 100%: its row's, its column's or the grand total's denominator), so it
   * is taken as published in the equations and never hidden to protect
   * another. It is still marked primary when its count is small.
   */
  known?: readonly (readonly boolean[])[];
  /**
   * [row][column]: hidden as primary whatever its own count: its figure is
   * computed from a small count elsewhere (a change's base period, the
   * records of a financial year to date or rolling 12 months).
   */
  forced?: readonly (readonly boolean[])[];
  /**
   * [row][column]: the figure is blank (e.g. a total across periods of a
   * % change): it tells the reader nothing, so it is an unknown in the
   * equations, but needs no protection itself.
   */
  blank?: readonly (readonly boolean[])[];
  /**
   * [row][column]: how reluctantly the figure is hidden to protect another
   * (default 0): partners are sought among the cheapest first, e.g. a
   * profile's tables before the counts its flags summaries print.
   */
  cost?: readonly (readonly number[])[];
}

/**
 * Suppression pattern for a table with sums at any level (e.g. districts
 * with their crime types, financial years with their months): every small
 * count is hidden, sum or not, and partners are hidden until no hidden entry
 * can be worked out from the published ones through any of the sums.
 */
export function suppressSummedTable(table: SummedTable, threshold = DEFAULT_THRESHOLD): CellStatus[][] {
  return runSteps(suppressSummedTableSteps(table, threshold));
}

/** suppressSummedTable as steps, one per round of partners (a large profile's tables take half a minute): the worker can cancel between them. */
export function* suppressSummedTableSteps(table: SummedTable, threshold = DEFAULT_THRESHOLD): Steps<CellStatus[][]> {
  const grid = summedGrid(table, threshold);
  yield* protectSteps(grid, table.lines, threshold);
  return grid.map((row) => row.map((e) => e.status));
}

export function summedGrid(table: SummedTable, threshold: number): Entry[][] {
  return table.counts.map((row, i) =>
    row.map((value, j) => ({
      value,
      isTotal: table.isSum[i]?.[j] ?? false,
      status: isSmallCount(value, threshold) || table.forced?.[i]?.[j] === true ? 'primary' : 'published',
      ...(table.known?.[i]?.[j] === true ? { known: true } : {}),
      ...(table.blank?.[i]?.[j] === true ? { blank: true } : {}),
      ...((table.cost?.[i]?.[j] ?? 0) > 0 ? { cost: table.cost?.[i]?.[j] ?? 0 } : {}),
    })),
  );
}

/** Every line of the augmented grid as its positions; the total is the last. */
function lines(R: number, C: number): Position[][] {
  const out: Position[][] = [];
  for (let i = 0; i <= R; i += 1) out.push(Array.from({ length: C + 1 }, (_, j) => [i, j] as const));
  for (let j = 0; j <= C; j += 1) out.push(Array.from({ length: R + 1 }, (_, i) => [i, j] as const));
  return out;
}

/** The order partners are taken in: the cheapest, inner cells before totals, non-zero before zero, then the smallest. */
const partnerKey = (e: Entry): number[] => [e.cost ?? 0, e.isTotal ? 1 : 0, e.value === 0 ? 1 : 0, e.value];

function before(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < a.length; k += 1) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** The published entry to hide alongside (partnerKey's first). */
function partner(grid: Entry[][], line: readonly Position[]): Position | null {
  let best: Position | null = null;
  let bestKey: number[] | null = null;
  for (const [i, j] of line) {
    const e = grid[i]?.[j];
    if (!e || isHidden(e.status) || e.known === true || e.blank === true) continue;
    const key = partnerKey(e);
    if (bestKey === null || before(key, bestKey)) {
      best = [i, j];
      bestKey = key;
    }
  }
  return best;
}

function hide(grid: Entry[][], [i, j]: Position): boolean {
  const e = grid[i]?.[j];
  if (!e || e.status !== 'published' || e.known === true) return false;
  e.status = 'secondary';
  return true;
}

/** Searches for a narrowed entry's move through its whole linked group, per round of protect (each a large programme). */
const FAR_SEARCHES_PER_ROUND = 4;

/** Hides partners until nothing withheld can be worked out (steps 2-4 above), yielding after each round with the figures withheld so far. */
function* protectSteps(grid: Entry[][], all: readonly (readonly Position[])[], threshold: number): Steps<void> {
  const figures = grid.reduce((n, row) => n + row.length, 0);
  const withheld = (): number => grid.reduce((n, row) => n + row.filter(isWithheld).length, 0);
  const isHiddenAt = ([i, j]: Position): boolean => isWithheld(grid[i]?.[j]);
  const isUnknownAt = ([i, j]: Position): boolean => isUnknown(grid[i]?.[j]);
  // Blank figures are unknowns too ('secondary' here only to count them in), but only withheld ones need protecting.
  const equations = (): { status: CellStatus }[][] => grid.map((row) => row.map((e) => ({ status: isUnknown(e) ? 'secondary' : 'published' })));
  // The lines each entry stands in.
  const width = grid.reduce((w, row) => Math.max(w, row.length), 1);
  const keyOf = ([i, j]: Position): number => i * width + j;
  const linesAt = new Map<number, number[]>();
  all.forEach((line, k) =>
    line.forEach((at) => {
      const list = linesAt.get(keyOf(at)) ?? [];
      if (list[list.length - 1] !== k) list.push(k);
      linesAt.set(keyOf(at), list);
    }),
  );
  /**
   * Every line of a recoverable entry hidden through, yet it is pinned: by a printed figure further off (a table's
   * figure equal to a piece of another's). The printed figures nearest it through hidden and unprinted entries, the
   * cheapest of them.
   */
  const nearestPartner = (from: Position): Position | undefined => {
    const seen = new Set<number>([keyOf(from)]);
    let frontier: Position[] = [from];
    while (frontier.length > 0) {
      const next: Position[] = [];
      let best: Position | undefined;
      for (const at of frontier) {
        for (const k of linesAt.get(keyOf(at)) ?? []) {
          for (const q of all[k] ?? []) {
            const key = keyOf(q);
            if (seen.has(key)) continue;
            seen.add(key);
            const e = grid[q[0]]?.[q[1]];
            if (e === undefined) continue;
            if (isUnknown(e)) next.push(q);
            else if (e.status === 'published' && e.known !== true && e.blank !== true) {
              const b = best === undefined ? undefined : grid[best[0]]?.[best[1]];
              if (b === undefined || before(partnerKey(e), partnerKey(b))) best = q;
            }
          }
        }
      }
      if (best !== undefined) return best;
      frontier = next;
    }
    return undefined;
  };
  // Each entry's coefficient in each of its lines (a part +1, the sum -1, added up where it stands twice).
  const coefficientsAt = (at: Position): Map<number, number> => {
    const out = new Map<number, number>();
    for (const k of linesAt.get(keyOf(at)) ?? []) {
      const line = all[k] ?? [];
      let c = 0;
      line.forEach(([i, j], n) => {
        if (i === at[0] && j === at[1]) c += n === line.length - 1 ? -1 : 1;
      });
      if (c !== 0) out.set(k, c);
    }
    return out;
  };
  // Entries the interval audit has shown safe (hiding more only widens intervals), and any found beyond protection.
  const safe = new Set<string>();
  for (;;) {
    yield { done: withheld(), total: figures };
    // Step 2: no line with exactly one hidden entry.
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of all) {
        const unknown = line.filter(isUnknownAt);
        if (unknown.length !== 1 || !unknown.every(isHiddenAt)) continue;
        const p = partner(grid, line);
        if (p) changed = hide(grid, p) || changed;
      }
    }
    // Step 3: anything the whole system still pins down.
    const solution = pinned(grid, all, equations());
    const fixed = solution.determined.filter((d) => isHiddenAt(d.position) && !safe.has(`${d.position[0]},${d.position[1]}`));
    const exact = fixed.map((d) => d.position);
    // Step 4, once nothing is recoverable exactly: nothing narrowed to one value by the ranges either.
    const recoverable = exact.length > 0 ? exact : narrowedEntries(auditEntries(grid, threshold), all, safe);
    if (recoverable.length === 0) return;
    let hidAny = false;
    /** An entry was found beyond protection: audit again without it before hiding anything more. */
    let settled = false;
    // The search reads the audit's entries as they stand: a partner hidden this round is updated in place (hiding
    // changes which figures are unknown, not which lines link them), so later searches see it without a rebuild.
    let audit: AuditEntry[][] | undefined;
    let search: ReturnType<typeof wideningPartners> | undefined;
    const hideInRound = (p: Position): boolean => {
      if (!hide(grid, p)) return false;
      const e = grid[p[0]]?.[p[1]];
      const row = audit?.[p[0]];
      if (row !== undefined && e !== undefined) row[p[1]] = auditEntry(e, threshold);
      return true;
    };
    let farSearches = FAR_SEARCHES_PER_ROUND;
    // Exact recovery: a partner that breaks each entry's certificate, one for all the entries it frees.
    for (const { position, partner: p } of fixed.length > 0 ? freeingPartners(solution, fixed, (q) => grid[q[0]]?.[q[1]], coefficientsAt, all) : []) {
      if (p === null) {
        // Fixed by figures the reader knows (a share's 100%, a class no records fall in): no hiding frees it.
        safe.add(`${position[0]},${position[1]}`);
        settled = true;
      } else if (hide(grid, p)) hidAny = true;
    }
    // Narrowed entries (only when none is recoverable exactly).
    for (const at of exact.length > 0 ? [] : recoverable) {
      const lineKeys = linesAt.get(keyOf(at)) ?? [];
      // The fewest, cheapest figures whose withholding lets it move by one, given the partners hidden so far
      // this round (two "<5" cells of one row need one partner, not two).
      audit ??= auditEntries(grid, threshold);
      search ??= wideningPartners(audit, all);
      let found = search(at, false);
      // A move beyond the neighbourhood costs one programme over the whole linked group: a few a round.
      if (found === null && farSearches > 0) {
        farSearches -= 1;
        found = search(at, true);
      }
      if (found === 'impossible') {
        // No hiding can move it (its range and figures the reader knows pin it): like a "<2", beyond suppression.
        // Not audited again, or every round would hide a figure that cannot help, withholding much of the table.
        safe.add(`${at[0]},${at[1]}`);
        settled = true;
        continue;
      }
      // Free to move already: a partner hidden this round widened it.
      if (found !== null && found.length === 0) continue;
      const partners = found ?? [];
      for (const p of partners) if (hideInRound(p)) hidAny = true;
      if (partners.length > 0) continue;
      const candidates = lineKeys.map((k) => partner(grid, all[k] ?? [])).filter((p): p is Position => p !== null);
      // The first line's partner, unless another line offers a cheaper one (a table's figure before a flags summary's).
      const cost = ([a, b]: Position): number => grid[a]?.[b]?.cost ?? 0;
      const first = candidates.reduce<Position | undefined>((best, p) => (best === undefined || cost(p) < cost(best) ? p : best), undefined);
      if (first && hideInRound(first)) hidAny = true;
    }
    if (settled && !hidAny) continue;
    // Every line of each recoverable entry hidden through: the printed figure nearest one of them that pins it.
    for (const at of hidAny ? [] : recoverable) {
      const near = nearestPartner(at);
      if (near !== undefined && hide(grid, near)) {
        hidAny = true;
        break;
      }
    }
    // Nothing to hide within reach: hide a partner in any line with hidden entries, so each round hides more and the loop ends.
    if (!hidAny) {
      const fallback = all.filter((line) => line.some(isHiddenAt)).map((line) => partner(grid, line)).find((p): p is Position => p !== null);
      if (fallback === undefined || !hide(grid, fallback)) return;
    }
  }
}

const dot = (y: ReadonlyMap<number, number>, a: ReadonlyMap<number, number>): number => {
  let sum = 0;
  for (const [k, v] of a) sum += (y.get(k) ?? 0) * v;
  return sum;
};

/**
 * For each exactly recoverable entry, the published figure to hide that
 * frees it (HiddenSolution): its certificate's lines' figures with a non-zero
 * product, those that would not be fixed themselves first, then by
 * partnerKey. Entries a figure already chosen frees share it; null where no
 * published figure breaks the certificate (it rests on figures the reader
 * knows, or only blank ones).
 */
function freeingPartners(
  solution: HiddenSolution,
  fixed: HiddenSolution['determined'],
  entryAt: (at: Position) => Entry | undefined,
  coefficientsAt: (at: Position) => Map<number, number>,
  all: readonly (readonly Position[])[],
): { position: Position; partner: Position | null }[] {
  // The cancelling combinations by line, to test a figure against all of them through its few lines.
  const cancellingOn = new Map<number, number[]>();
  solution.cancelling.forEach((z, n) =>
    z.forEach((_, k) => {
      const list = cancellingOn.get(k) ?? [];
      list.push(n);
      cancellingOn.set(k, list);
    }),
  );
  const isFreeing = (a: Map<number, number>): boolean => {
    const touched = new Set<number>();
    for (const k of a.keys()) for (const n of cancellingOn.get(k) ?? []) touched.add(n);
    for (const n of touched) {
      const z = solution.cancelling[n];
      if (z !== undefined && Math.abs(dot(z, a)) > ZERO) return false;
    }
    return true;
  };
  /** A printed figure as a column of the equations: its coefficients by line, and whether hiding it leaves it unfixed. */
  type Column = { at: Position; a: Map<number, number>; freeing: boolean };
  const columns = new Map<string, Column>();
  const columnOf = (at: Position): Column => {
    const key = `${at[0]},${at[1]}`;
    let column = columns.get(key);
    if (column === undefined) {
      const a = coefficientsAt(at);
      column = { at, a, freeing: isFreeing(a) };
      columns.set(key, column);
    }
    return column;
  };
  const chosen: Column[] = [];
  return fixed.map(({ position, certificate }) => {
    const already = chosen.find((c) => c.freeing && Math.abs(dot(certificate, c.a)) > ZERO);
    if (already !== undefined) return { position, partner: already.at };
    let best: Column | undefined;
    let bestKey: number[] | undefined;
    const seen = new Set<string>();
    for (const k of certificate.keys()) {
      for (const at of all[k] ?? []) {
        const key = `${at[0]},${at[1]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const e = entryAt(at);
        if (e === undefined || e.status !== 'published' || e.known === true || e.blank === true) continue;
        const column = columnOf(at);
        if (Math.abs(dot(certificate, column.a)) <= ZERO) continue;
        const [cost, ...rest] = partnerKey(e);
        const rank = [cost ?? 0, column.freeing ? 0 : 1, ...rest];
        if (bestKey === undefined || before(rank, bestKey)) {
          best = column;
          bestKey = rank;
        }
      }
    }
    if (best === undefined) return { position, partner: null };
    chosen.push(best);
    return { position, partner: best.at };
  });
}

/**
 * solveHidden, with what counts never being negative adds: a sum known to
 * be 0 (printed, or worked out) has every part 0. Taken for parts no table
 * prints (`blank`: e.g. a table's records in the months another leaves
 * out), whose sum can be 0 when the printed figures are not.
 */
function pinned(grid: readonly (readonly Entry[])[], all: readonly (readonly Position[])[], equations: readonly (readonly { status: CellStatus }[])[]): HiddenSolution {
  const zero: Position[][] = [];
  const zeroed = new Set<string>();
  for (;;) {
    const solution = solveHidden(equations, zero.length === 0 ? all : [...all, ...zero], true);
    const found = solution.determined.map((d) => d.position);
    const known = new Set(found.map(([i, j]) => `${i},${j}`));
    let added = false;
    for (const line of all) {
      const total = line[line.length - 1];
      if (total === undefined || line.length < 2) continue;
      const e = grid[total[0]]?.[total[1]];
      if (e === undefined || e.value !== 0) continue;
      const isKnown = !isUnknown(e) || known.has(`${total[0]},${total[1]}`);
      if (!isKnown) continue;
      for (const part of line.slice(0, -1)) {
        const p = grid[part[0]]?.[part[1]];
        const key = `${part[0]},${part[1]}`;
        if (p?.blank !== true || zeroed.has(key) || known.has(key)) continue;
        zeroed.add(key);
        zero.push([part]);
        added = true;
      }
    }
    if (!added) return solution;
  }
}

/**
 * Hidden entries whose value the published table determines: unknowns are
 * the hidden entries, one equation per line (cells - total = published
 * remainder); an unknown is determined when the reduced row echelon form
 * has a row with that unknown alone.
 */
export function recoverableEntries(grid: readonly (readonly { status: CellStatus }[])[], R: number, C: number): Position[] {
  return recoverableIn(grid, lines(R, C));
}

/** recoverableEntries for any set of lines (each a sum: its parts, then the total, last). */
export function recoverableIn(grid: readonly (readonly { status: CellStatus }[])[], all: readonly (readonly Position[])[]): Position[] {
  return solveHidden(grid, all, false).determined.map((d) => d.position);
}

/**
 * Why a hidden entry is recoverable, and what hiding would free it. Lines
 * are equations over the hidden entries (A x = b); an entry is fixed when
 * some combination y of lines (its certificate: line index -> multiplier)
 * has it alone. Hiding a figure p adds its column a (its coefficient in
 * each line) to A, and frees the entry exactly when y . a != 0 and a is in
 * A's column space, i.e. z . a = 0 for every combination z in which all
 * hidden entries cancel (`cancelling`); a figure failing that test would be
 * fixed itself once hidden.
 */
export interface HiddenSolution {
  determined: { position: Position; certificate: Map<number, number> }[];
  cancelling: Map<number, number>[];
}

/** The elimination behind recoverableIn; with `certify`, each fixed entry's certificate and the cancelling combinations too. */
export function solveHidden(grid: readonly (readonly { status: CellStatus }[])[], all: readonly (readonly Position[])[], certify: boolean): HiddenSolution {
  const unknowns: Position[] = [];
  // Numeric keys (row * width + column): string keys for thousands of entries made this mostly garbage collection.
  const width = grid.reduce((w, row) => Math.max(w, row.length), 1);
  const index = new Map<number, number>();
  grid.forEach((row, i) =>
    row.forEach((e, j) => {
      if (isHidden(e.status)) {
        index.set(i * width + j, unknowns.length);
        unknowns.push([i, j]);
      }
    }),
  );
  const cancelling: Map<number, number>[] = [];
  if (unknowns.length === 0) return { determined: [], cancelling };
  // One sparse equation per line: a line holds one row's or one column's entries, so a dense matrix
  // (thousands of lines by thousands of hidden entries in a large nested table) would be almost all zeros.
  const rows: Map<number, number>[] = [];
  const lineOf: number[] = [];
  all.forEach((line, k) => {
    const coefficients = new Map<number, number>();
    line.forEach(([i, j], n) => {
      const u = index.get(i * width + j);
      // Added up: an entry can stand in a line twice (a sum over classes of records, where a part and the sum are one set).
      if (u !== undefined) coefficients.set(u, (coefficients.get(u) ?? 0) + (n === line.length - 1 ? -1 : 1));
    });
    for (const [u, c] of coefficients) if (c === 0) coefficients.delete(u);
    if (coefficients.size > 0) {
      rows.push(coefficients);
      lineOf.push(k);
    } else if (certify) cancelling.push(new Map([[k, 1]]));
  });
  const { pivots, tags } = eliminate(rows, unknowns.length, certify);
  const byLine = (tag: Map<number, number> | undefined): Map<number, number> => new Map([...(tag ?? [])].map(([r, v]) => [lineOf[r] ?? -1, v]));
  const determined: HiddenSolution['determined'] = [];
  for (const r of pivots) {
    const row = rows[r];
    const only = row !== undefined && row.size === 1 ? [...row.keys()][0] : undefined;
    const position = only === undefined ? undefined : unknowns[only];
    if (position !== undefined) determined.push({ position, certificate: certify ? byLine(tags[r]) : new Map<number, number>() });
  }
  if (certify) {
    const isPivot = new Set(pivots);
    rows.forEach((_, r) => {
      if (!isPivot.has(r)) cancelling.push(byLine(tags[r]));
    });
  }
  return { determined, cancelling };
}

/** |x| below this is zero: coefficients start as 1 and -1 and stay small, so 1e-9 is a safe zero. */
const ZERO = 1e-9;

/** row -= factor * pivot, on sparse rows, dropping zeros; `touched(c, kept)` hears of each changed column. */
function subtractRow(row: Map<number, number>, pivot: Map<number, number>, factor: number, touched?: (c: number, kept: boolean) => void): void {
  for (const [c, v] of pivot) {
    const next = (row.get(c) ?? 0) - factor * v;
    const kept = Math.abs(next) > ZERO;
    if (kept) row.set(c, next);
    else row.delete(c);
    touched?.(c, kept);
  }
}

/**
 * Gauss-Jordan elimination on sparse rows: every unknown gets a pivot row
 * where it can, and is eliminated from every other row. An unknown is fixed
 * when its pivot row holds it alone (which does not depend on the order the
 * pivots are taken in). Pivots are taken on the unknowns in fewest equations
 * first, from the sparsest row, so rows stay sparse: the dense elimination
 * this replaces took 2.5 s on a 733 x 27 nested table and had to run again
 * on every round of partners. With `certify`, each row also carries the
 * combination of the original rows it now is (its tags); the rows that are
 * not pivots end empty, so their tags are combinations that cancel.
 */
function eliminate(rows: Map<number, number>[], width: number, certify: boolean): { pivots: number[]; tags: Map<number, number>[] } {
  const tags = certify ? rows.map((_, r) => new Map([[r, 1]])) : [];
  const rowsOf: Set<number>[] = Array.from({ length: width }, () => new Set<number>());
  rows.forEach((row, r) => row.forEach((_, u) => rowsOf[u]?.add(r)));
  const order = Array.from({ length: width }, (_, u) => u).sort((a, b) => (rowsOf[a]?.size ?? 0) - (rowsOf[b]?.size ?? 0) || a - b);
  const isPivotRow = new Set<number>();
  const pivots: number[] = [];
  for (const u of order) {
    const holding = rowsOf[u];
    if (holding === undefined) continue;
    let pivot = -1;
    for (const r of holding) {
      if (isPivotRow.has(r)) continue;
      const size = rows[r]?.size ?? 0;
      if (Math.abs(rows[r]?.get(u) ?? 0) > ZERO && (pivot < 0 || size < (rows[pivot]?.size ?? 0))) pivot = r;
    }
    const pivotRow = rows[pivot];
    if (pivotRow === undefined) continue;
    const divisor = pivotRow.get(u) ?? 1;
    for (const [c, v] of pivotRow) pivotRow.set(c, v / divisor);
    const pivotTags = tags[pivot];
    if (pivotTags) for (const [c, v] of pivotTags) pivotTags.set(c, v / divisor);
    for (const r of [...holding]) {
      const row = rows[r];
      if (r === pivot || row === undefined) continue;
      const factor = row.get(u) ?? 0;
      if (factor === 0) continue;
      subtractRow(row, pivotRow, factor, (c, kept) => {
        if (kept && c !== u) rowsOf[c]?.add(r);
        else rowsOf[c]?.delete(r);
      });
      // Exactly zero where it should be (the subtraction leaves a rounding residue otherwise).
      row.delete(u);
      const rowTags = tags[r];
      if (rowTags && pivotTags) subtractRow(rowTags, pivotTags, factor);
    }
    isPivotRow.add(pivot);
    pivots.push(pivot);
  }
  return { pivots, tags };
}

/** Values (rates, shares, changes) with those computed from a hidden count blanked. */
export function hideDerived<T>(values: readonly (readonly (T | null)[])[], cells: readonly (readonly CellStatus[])[]): (T | null)[][] {
  return values.map((row, i) => row.map((v, j) => (isHidden(cells[i]?.[j] ?? 'published') ? null : v)));
}
