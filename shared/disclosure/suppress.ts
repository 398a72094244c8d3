/**
 * Statistical disclosure control for count tables published with totals.
 *
 * Primary suppression hides counts from 1 to threshold - 1 (default 5:
 * "<5"). Secondary (complementary) suppression then hides further cells so
 * that no hidden count can be worked back from the published totals:
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
 *    by Gaussian elimination). A recoverable entry gets a partner hidden in
 *    one of its lines, and steps 2-3 repeat.
 *
 * Zeros are not primary-suppressed (a zero is the usual "no crimes").
 * Measures computed from a hidden count (rates, shares, changes) must be
 * hidden with it: see `hideDerived`. This protects one table; cells shared
 * between several published tables need the tables suppressed together.
 */

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
}

/**
 * Suppression pattern for a table of counts. Totals are computed from the
 * cells (a published total is the sum of its cells), so pass the whole
 * table as shown.
 */
export function suppressTable(counts: readonly (readonly number[])[], options: SuppressionOptions = {}): SuppressionResult {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const withTotals = options.totals ?? true;
  const R = counts.length;
  const C = Math.max(0, ...counts.map((row) => row.length));
  const value = (i: number, j: number): number => counts[i]?.[j] ?? 0;
  // The augmented grid: cells, a totals column (index C) and a totals row (index R).
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
  if (withTotals && R > 0 && C > 0) protect(grid, lines(R, C));
  const status = (i: number, j: number): CellStatus => grid[i]?.[j]?.status ?? 'published';
  return {
    threshold,
    cells: Array.from({ length: R }, (_, i) => Array.from({ length: C }, (__, j) => status(i, j))),
    rowTotals: Array.from({ length: R }, (_, i) => status(i, C)),
    columnTotals: Array.from({ length: C }, (_, j) => status(R, j)),
    grandTotal: status(R, C),
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
}

/**
 * Suppression pattern for a table with sums at any level (e.g. districts
 * with their crime types, financial years with their months): every small
 * count is hidden, sum or not, and partners are hidden until no hidden entry
 * can be worked out from the published ones through any of the sums.
 */
export function suppressSummedTable(table: SummedTable, threshold = DEFAULT_THRESHOLD): CellStatus[][] {
  const grid: Entry[][] = table.counts.map((row, i) =>
    row.map((value, j) => ({ value, isTotal: table.isSum[i]?.[j] ?? false, status: isSmallCount(value, threshold) ? 'primary' : 'published' })),
  );
  protect(grid, table.lines);
  return grid.map((row) => row.map((e) => e.status));
}

/** Every line of the augmented grid as its positions; the total is the last. */
function lines(R: number, C: number): Position[][] {
  const out: Position[][] = [];
  for (let i = 0; i <= R; i += 1) out.push(Array.from({ length: C + 1 }, (_, j) => [i, j] as const));
  for (let j = 0; j <= C; j += 1) out.push(Array.from({ length: R + 1 }, (_, i) => [i, j] as const));
  return out;
}

/** The published entry to hide alongside: inner cells before totals, non-zero before zero, then the smallest. */
function partner(grid: Entry[][], line: readonly Position[]): Position | null {
  let best: Position | null = null;
  let bestKey: [number, number, number] | null = null;
  for (const [i, j] of line) {
    const e = grid[i]?.[j];
    if (!e || isHidden(e.status)) continue;
    const key: [number, number, number] = [e.isTotal ? 1 : 0, e.value === 0 ? 1 : 0, e.value];
    if (bestKey === null || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
      best = [i, j];
      bestKey = key;
    }
  }
  return best;
}

function hide(grid: Entry[][], [i, j]: Position): boolean {
  const e = grid[i]?.[j];
  if (!e || e.status !== 'published') return false;
  e.status = 'secondary';
  return true;
}

function protect(grid: Entry[][], all: readonly (readonly Position[])[]): void {
  const isHiddenAt = ([i, j]: Position): boolean => isHidden(grid[i]?.[j]?.status ?? 'published');
  for (;;) {
    // Step 2: no line with exactly one hidden entry.
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of all) {
        if (line.filter(isHiddenAt).length !== 1) continue;
        const p = partner(grid, line);
        if (p) changed = hide(grid, p) || changed;
      }
    }
    // Step 3: anything the whole system still pins down.
    const recoverable = recoverableIn(grid, all);
    if (recoverable.length === 0) return;
    let hidAny = false;
    for (const [i, j] of recoverable) {
      const candidates = all
        .filter((line) => line.some(([a, b]) => a === i && b === j))
        .map((line) => partner(grid, line))
        .filter((p): p is Position => p !== null);
      const first = candidates[0];
      if (first) hidAny = hide(grid, first) || hidAny;
    }
    // Every line of a recoverable entry already hidden through (it is pinned by other lines):
    // hide a partner in any line with hidden entries, so each round hides more and the loop ends.
    if (!hidAny) {
      const fallback = all.filter((line) => line.some(isHiddenAt)).map((line) => partner(grid, line)).find((p): p is Position => p !== null);
      if (fallback === undefined || !hide(grid, fallback)) return;
    }
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
  const unknowns: Position[] = [];
  const index = new Map<string, number>();
  grid.forEach((row, i) =>
    row.forEach((e, j) => {
      if (isHidden(e.status)) {
        index.set(`${i},${j}`, unknowns.length);
        unknowns.push([i, j]);
      }
    }),
  );
  if (unknowns.length === 0) return [];
  const rows: number[][] = [];
  for (const line of all) {
    const coefficients = new Array<number>(unknowns.length).fill(0);
    line.forEach(([i, j], k) => {
      const u = index.get(`${i},${j}`);
      if (u !== undefined) coefficients[u] = k === line.length - 1 ? -1 : 1;
    });
    if (coefficients.some((c) => c !== 0)) rows.push(coefficients);
  }
  const reduced = rref(rows, unknowns.length);
  const out: Position[] = [];
  for (const row of reduced) {
    const nonZero = row.flatMap((c, k) => (Math.abs(c) > 1e-9 ? [k] : []));
    const only = nonZero[0];
    if (nonZero.length === 1 && only !== undefined) {
      const position = unknowns[only];
      if (position) out.push(position);
    }
  }
  return out;
}

/** Reduced row echelon form (partial pivoting); coefficients are small integers, so 1e-9 is a safe zero. */
function rref(input: readonly number[][], width: number): number[][] {
  const m = input.map((row) => [...row]);
  let lead = 0;
  for (let r = 0; r < m.length && lead < width; lead += 1) {
    let pivot = r;
    for (let k = r + 1; k < m.length; k += 1) if (Math.abs(m[k]?.[lead] ?? 0) > Math.abs(m[pivot]?.[lead] ?? 0)) pivot = k;
    const pivotRow = m[pivot];
    if (!pivotRow || Math.abs(pivotRow[lead] ?? 0) < 1e-9) continue;
    [m[r], m[pivot]] = [pivotRow, m[r] ?? []];
    const divisor = pivotRow[lead] ?? 1;
    for (let c = 0; c < width; c += 1) pivotRow[c] = (pivotRow[c] ?? 0) / divisor;
    for (let k = 0; k < m.length; k += 1) {
      const row = m[k];
      if (k === r || !row) continue;
      const factor = row[lead] ?? 0;
      if (factor !== 0) for (let c = 0; c < width; c += 1) row[c] = (row[c] ?? 0) - factor * (pivotRow[c] ?? 0);
    }
    r += 1;
  }
  return m;
}

/** Values (rates, shares, changes) with those computed from a hidden count blanked. */
export function hideDerived<T>(values: readonly (readonly (T | null)[])[], cells: readonly (readonly CellStatus[])[]): (T | null)[][] {
  return values.map((row, i) => row.map((v, j) => (isHidden(cells[i]?.[j] ?? 'published') ? null : v)));
}
