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
