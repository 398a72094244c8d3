/**
 * Disclosure control over everything one document publishes (a profile):
 * its views' tables (and charts) and its flags summaries' record counts,
 * protected as one system of sums, worked out once for the document.
 *
 * Tables over the same records share figures: the same labels are the same
 * count. Tables over different records (other months, other filters) can
 * be subtracted: Jan-Dec less Jan-Jun by crime type publishes Jul-Dec by
 * crime type, an unfiltered table less one filtered to Mansfield "all but
 * Mansfield". So the records are split into classes by which tables' months
 * and filters they fall in (Jan-Jun: in both; Jul-Dec: in the first only),
 * and every figure of a table over several classes is the sum of its
 * pieces, one per class: the records of that class with the figure's
 * labels. A piece is a count like any other: the cells of the difference
 * of two tables are pieces, so a piece of 1-4 is hidden (primary) and
 * partners are hidden until none can be worked out. Within a class each
 * table's sums hold for its pieces too (a row of pieces adds up to the
 * row's piece of the total), and a breakdown two tables share adds up from
 * either's innermost figures (a table by crime type and district gives each
 * district's records in the class, which a table by district prints).
 *
 * The classes come from the records (RecordAtom: a count per combination
 * of every dimension the tables use, and which tables' records it is in),
 * so a class with no records is taken as known to be empty: the attacker is
 * assumed to know more, never less. Flags summaries' counts are hidden only
 * when no table's figure will do (they cost more as partners).
 */
import { type ShownPivotLayout, type ShownPivots, shownPivotLayout } from '../export/pivot-table';
import { isDimension, isPeriodDimension } from '../pivot/dimensions';
import { type PivotFilter, isIquantaMeasure } from '../pivot/spec';
import type { ViewSort } from '../views';
import { recordLabels, shownTableSums } from './shown-table';
import { type Steps, runSteps } from '../analytics/steps';
import { type CellStatus, type Position, type SummedTable, suppressSummedTableSteps } from './suppress';

/** The records a table counts: its months and filters. */
export interface RecordScope {
  from?: string | undefined;
  to?: string | undefined;
  filters: readonly PivotFilter[];
}

/** The same records: the same filters (values in any order) and the same months. */
export function scopeKey(scope: RecordScope): string {
  const filters = scope.filters.map((f) => [f.dimension, [...f.values].sort()] as const).sort((x, y) => x[0].localeCompare(y[0]));
  return JSON.stringify([scope.from || null, scope.to || null, filters]);
}

/** A table of the document: a view's (its table and any chart of it), or counts another table prints (a flags summary's records per series). */
export type JointMember =
  | { kind: 'view'; pivots: ShownPivots; sort: ViewSort | null }
  | { kind: 'counts'; scope: RecordScope; dimensions: readonly string[]; counts: readonly { labels: readonly string[]; count: number }[] };

/** Records with one label per dimension asked for, and the scopes (by index) they fall in. */
export interface RecordAtom {
  labels: readonly string[];
  count: number;
  scopes: readonly number[];
}

/** The records' atoms over these dimensions (their labels as pivots show them), for these scopes. */
export type AtomSource = (dimensions: readonly string[], scopes: readonly RecordScope[]) => RecordAtom[];

export interface ProfileDisclosure {
  /** Works the pattern out for this threshold as steps (the worker can cancel between them); `statuses` then only reads it. */
  prepare(threshold: number): Steps<void>;
  /** The member's pattern: [row][figure column] of its table as laid out in its sort; a counts member's [series][0]. */
  statuses(index: number, threshold: number): CellStatus[][];
  /** The member's layout (views), which `statuses` follows. */
  layout(index: number): ShownPivotLayout | null;
  /** Whether the member shares records with a member over other months or filters, so is protected against subtraction too. */
  acrossScopes(index: number): boolean;
}

type Pairs = readonly (readonly [string, string])[];

interface MemberTable {
  sums: SummedTable;
  /** Each entry's labels (dimension order), null for an entry that counts no records by labels. */
  pairs: (Pairs | null)[][];
  dims: string[];
  /** Index into the scopes; -1: not counts of records (iQuanta), protected on its own. */
  scope: number;
  cost: number;
  isCounts: boolean;
}

/** A flags summary's printed counts cost more to hide than a table's figures: its figures are hidden first. */
const COUNTS_COST = 2;

const sigOf = (pairs: Pairs): string => pairs.map(([d]) => d).join('\u0001');

export function profileDisclosure(members: readonly JointMember[], atoms: AtomSource): ProfileDisclosure {
  const layouts = members.map((m) => (m.kind === 'view' ? shownPivotLayout(m.pivots, null, { sort: m.sort }) : null));
  const scopeOfMember = members.map((m) => (m.kind === 'view' ? m.pivots.result.spec : m.scope));
  const isRecords = members.map((m) => m.kind === 'counts' || !isIquantaMeasure(m.pivots.result.spec.measure));
  const scopes: RecordScope[] = [];
  const scopeIndex = new Map<string, number>();
  const memberScope = scopeOfMember.map((scope, k) => {
    if (!isRecords[k]) return -1;
    const key = scopeKey(scope);
    const known = scopeIndex.get(key);
    if (known !== undefined) return known;
    scopeIndex.set(key, scopes.length);
    scopes.push(scope);
    return scopes.length - 1;
  });
  // The classes of records: by which scopes they fall in (one when all tables count the same records).
  const recordDims = [...new Set(members.flatMap((m, k) => (!isRecords[k] ? [] : m.kind === 'view' ? [...m.pivots.result.spec.rows, ...m.pivots.result.spec.columns] : [...m.dimensions])))];
  let atomDims: string[] = [];
  let atomList: RecordAtom[] = [];
  let atomClass: number[] = [];
  let classes: number[][] = [[0]];
  if (scopes.length > 1) {
    const monthsDiffer = new Set(scopes.map((s) => `${s.from || ''}|${s.to || ''}`)).size > 1;
    atomDims = [...new Set([...recordDims, ...scopes.flatMap((s) => s.filters.map((f) => f.dimension)), ...(monthsDiffer ? ['month'] : [])])];
    atomList = atoms(atomDims, scopes);
    const classAt = new Map<string, number>();
    classes = [];
    atomClass = atomList.map((a) => {
      const key = [...a.scopes].sort((x, y) => x - y).join(',');
      const known = classAt.get(key);
      if (known !== undefined) return known;
      classAt.set(key, classes.length);
      classes.push([...a.scopes].sort((x, y) => x - y));
      return classes.length - 1;
    });
  }
  const classesOfScope = scopes.map((_, s) => classes.flatMap((scopesIn, c) => (scopesIn.includes(s) ? [c] : [])));
  // The labels a class's records can have on the dimensions that set the classes (filters, periods): one label is implied
  // by the class (a table filtered to Mansfield counts Mansfield's records whether or not it is by district), any other
  // is none of its records.
  const allowed = classes.map(() => new Map<string, Set<string>>());
  if (scopes.length > 1) {
    // The filters' dimensions, and with months that differ the periods (a class of April records is all 2023-04, all 2023/24).
    const monthsDiffer = atomDims.includes('month');
    const filterDims = [...new Set([...scopes.flatMap((s) => s.filters.map((f) => f.dimension)), ...(monthsDiffer ? atomDims.filter((d) => isDimension(d) && isPeriodDimension(d)) : [])])];
    atomList.forEach((atom, k) => {
      const own = allowed[atomClass[k] ?? -1];
      if (own === undefined) return;
      for (const d of filterDims) {
        const set = own.get(d) ?? new Set<string>();
        set.add(atom.labels[atomDims.indexOf(d)] ?? '');
        own.set(d, set);
      }
    });
  } else {
    for (const f of scopes[0]?.filters ?? []) allowed[0]?.set(f.dimension, new Set(f.values));
  }
  /** A set of labels within class c: without those the class implies, or null when none of its records can have them. */
  const canon = (c: number, pairs: Pairs): Pairs | null => {
    const own = allowed[c];
    if (own === undefined) return pairs;
    const out: (readonly [string, string])[] = [];
    for (const pair of pairs) {
      const set = own.get(pair[0]);
      if (set === undefined) out.push(pair);
      else if (!set.has(pair[1])) return null;
      else if (set.size > 1) out.push(pair);
    }
    return out;
  };
  const impliedDims = (c: number): string[] => [...(allowed[c] ?? new Map<string, Set<string>>())].flatMap(([d, set]) => (set.size === 1 ? [d] : []));
  /** Records of class c with these labels, from the atoms (only needed with more than one class). */
  const pieceCounts = new Map<string, Map<string, number>>();
  const pieceCount = (c: number, pairs: Pairs): number => {
    const sig = sigOf(pairs);
    let counts = pieceCounts.get(sig);
    if (counts === undefined) {
      counts = new Map();
      const at = pairs.map(([d]) => atomDims.indexOf(d));
      for (const [k, atom] of atomList.entries()) {
        const key = `${atomClass[k] ?? -1}|${JSON.stringify(at.map((i) => atom.labels[i] ?? ''))}`;
        counts.set(key, (counts.get(key) ?? 0) + atom.count);
      }
      pieceCounts.set(sig, counts);
    }
    return counts.get(`${c}|${JSON.stringify(pairs.map(([, label]) => label))}`) ?? 0;
  };

  const tableOf = (k: number, threshold: number): MemberTable => {
    const member = members[k];
    const layout = layouts[k];
    if (member === undefined) throw new Error(`No member ${k}`);
    if (member.kind === 'view' && layout !== null && layout !== undefined) {
      const { spec } = member.pivots.result;
      return {
        sums: shownTableSums(layout, spec.measure, threshold),
        pairs: recordLabels(layout, spec),
        dims: [...spec.rows, ...spec.columns],
        scope: memberScope[k] ?? -1,
        cost: 0,
        isCounts: false,
      };
    }
    if (member.kind !== 'counts') throw new Error(`No layout for member ${k}`);
    const order = member.dimensions.map((d, i) => [d, i] as const).sort((a, b) => a[0].localeCompare(b[0]));
    return {
      sums: { counts: member.counts.map((c) => [c.count]), isSum: member.counts.map(() => [false]), lines: [] },
      pairs: member.counts.map((c) => [order.map(([d, i]): [string, string] => [d, c.labels[i] ?? ''])]),
      dims: [...member.dimensions],
      scope: memberScope[k] ?? -1,
      cost: COUNTS_COST,
      isCounts: true,
    };
  };

  function* build(threshold: number): Steps<CellStatus[][][]> {
    const tables = members.map((_, k) => tableOf(k, threshold));
    const counts: number[][] = [];
    const isSum: boolean[][] = [];
    const known: boolean[][] = [];
    const forced: boolean[][] = [];
    const blank: boolean[][] = [];
    const cost: number[][] = [];
    const lines: Position[][] = [];
    const offsets: number[] = [];
    const joined = tables.flatMap((t, k) => (t.scope >= 0 ? [k] : []));
    for (const k of joined) {
      const { sums, cost: memberCost } = tables[k] as MemberTable;
      const offset = counts.length;
      offsets[k] = offset;
      sums.counts.forEach((row, i) => {
        counts.push([...row]);
        isSum.push(row.map((_, j) => sums.isSum[i]?.[j] ?? false));
        known.push(row.map((_, j) => sums.known?.[i]?.[j] ?? false));
        forced.push(row.map((_, j) => sums.forced?.[i]?.[j] ?? false));
        blank.push(row.map((_, j) => sums.blank?.[i]?.[j] ?? false));
        cost.push(row.map(() => memberCost));
      });
      for (const line of sums.lines) lines.push(line.map(([i, j]): Position => [i + offset, j]));
    }
    const countAt = ([i, j]: Position): number => counts[i]?.[j] ?? 0;
    // One entry per set of records: the first figure (or unprinted sum) counting them; any other is equal to it.
    const ident = new Map<string, Position[]>();
    const classSig = new Map<string, Set<string>>();
    const register = (id: string, at: Position): void => {
      const group = ident.get(id);
      if (group === undefined) ident.set(id, [at]);
      else {
        lines.push([group[0] as Position, at]);
        group.push(at);
      }
    };
    const classId = (c: number, pairs: Pairs): string => `C${c}#${JSON.stringify(pairs)}`;
    const noteClass = (c: number, pairs: Pairs): void => {
      const key = `${c}|${sigOf(pairs)}`;
      const set = classSig.get(key) ?? new Set<string>();
      set.add(JSON.stringify(pairs));
      classSig.set(key, set);
    };
    /** An entry no table prints (a piece, a sum of one): unknown to the reader, protected like any count when small. */
    const virtual = (id: string, count: number): Position => {
      counts.push([count]);
      isSum.push([true]);
      known.push([false]);
      forced.push([false]);
      blank.push([true]);
      cost.push([0]);
      const at: Position = [counts.length - 1, 0];
      ident.set(id, [at]);
      return at;
    };
    let zeroAt: Position | null = null;
    /** An entry the reader knows is 0 (records a class cannot have): known, so no unknown in the equations. */
    const zero = (): Position => {
      if (zeroAt !== null) return zeroAt;
      counts.push([0]);
      isSum.push([true]);
      known.push([true]);
      forced.push([false]);
      blank.push([false]);
      cost.push([0]);
      zeroAt = [counts.length - 1, 0];
      return zeroAt;
    };
    /** The records of class c with these labels: the entry that counts them (a printed figure, else an unprinted one). */
    const piece = (c: number, raw: Pairs, count?: () => number): Position => {
      const pairs = canon(c, raw);
      // Labels none of the class's records have: the one entry known to be 0.
      if (pairs === null) return zero();
      const id = classId(c, pairs);
      const seen = ident.get(id)?.[0];
      if (seen !== undefined) return seen;
      noteClass(c, pairs);
      return virtual(id, count === undefined ? pieceCount(c, pairs) : count());
    };
    /** A printed figure's records: its table's scope's, or (a scope of one class) that class's. */
    const registerFigure = (s: number, raw: Pairs, at: Position): void => {
      const own = classesOfScope[s] ?? [];
      if (own.length !== 1) {
        register(`S${s}#${JSON.stringify(raw)}`, at);
        return;
      }
      const c = own[0] ?? 0;
      const pairs = canon(c, raw);
      if (pairs === null) {
        lines.push([at]);
        return;
      }
      register(classId(c, pairs), at);
      noteClass(c, pairs);
    };
    const scopeEntry = (s: number, raw: Pairs, count: () => number): Position => {
      const own = classesOfScope[s] ?? [];
      if (own.length === 1) return piece(own[0] ?? 0, raw, count);
      const id = `S${s}#${JSON.stringify(raw)}`;
      return ident.get(id)?.[0] ?? virtual(id, count());
    };
    // The printed figures, each under the records it counts.
    for (const k of joined) {
      const t = tables[k] as MemberTable;
      t.pairs.forEach((row, i) =>
        row.forEach((pairs, j) => {
          if (pairs === null) return;
          registerFigure(t.scope, pairs, [i + (offsets[k] ?? 0), j]);
        }),
      );
    }
    for (const k of joined) {
      const t = tables[k] as MemberTable;
      const offset = offsets[k] ?? 0;
      const own = classesOfScope[t.scope] ?? [];
      const entries = t.pairs.flatMap((row, i) => row.flatMap((pairs, j) => (pairs === null ? [] : [{ at: [i + offset, j] as Position, pairs }])));
      // A summary's series add up to its records in all, which it does not print (a table's Total may).
      if (t.isCounts && t.dims.length > 0) {
        const total = scopeEntry(t.scope, [], () => entries.reduce((a, e) => a + countAt(e.at), 0));
        lines.push([...entries.map((e) => e.at), total]);
        if (own.length > 1) {
          lines.push([...own.map((c) => piece(c, [])), total]);
          for (const c of own) lines.push([...entries.map((e) => piece(c, e.pairs)), piece(c, [])]);
        }
      }
      if (own.length < 2) continue;
      // Over several classes: each figure is the sum of its pieces, and the table's sums hold class by class.
      for (const e of entries) lines.push([...own.map((c) => piece(c, e.pairs)), e.at]);
      for (const line of t.sums.lines) {
        const pairsOf = line.map(([i, j]) => t.pairs[i]?.[j] ?? null);
        if (pairsOf.some((p) => p === null)) continue;
        for (const c of own) lines.push(pairsOf.map((p) => piece(c, p ?? [])));
      }
    }
    // A breakdown two tables of a class share (by their labels, or the dimensions they both have): each table's
    // innermost figures add up to it, so a table that does not print it still gives it.
    const sigs = new Set<string>();
    for (const k of joined) for (const row of (tables[k] as MemberTable).pairs) for (const pairs of row) if (pairs !== null) sigs.add(sigOf(pairs));
    for (const a of joined) {
      for (const b of joined) {
        if (a >= b) continue;
        const dimsB = (tables[b] as MemberTable).dims;
        sigs.add([...(tables[a] as MemberTable).dims].filter((d) => dimsB.includes(d)).sort((x, y) => x.localeCompare(y)).join('\u0001'));
      }
    }
    for (const [c] of classes.entries()) {
      const implied = impliedDims(c);
      const covering = joined.filter((k) => (classesOfScope[(tables[k] as MemberTable).scope] ?? []).includes(c));
      const classSigs = new Set([...sigs].map((sig) => (sig === '' ? [] : sig.split('\u0001')).filter((d) => !implied.includes(d)).join('\u0001')));
      for (const sig of classSigs) {
        const dims = sig === '' ? [] : sig.split('\u0001');
        const holders = covering.filter((k) => dims.every((d) => (tables[k] as MemberTable).dims.includes(d)));
        if (holders.length < 2) continue;
        for (const k of holders) {
          const t = tables[k] as MemberTable;
          const offset = offsets[k] ?? 0;
          const single = (classesOfScope[t.scope] ?? []).length === 1;
          const entries = t.pairs.flatMap((row, i) =>
            row.flatMap((raw, j) => {
              const pairs = raw === null ? null : canon(c, raw);
              return raw === null || pairs === null ? [] : [{ at: [i + offset, j] as Position, raw, pairs }];
            }),
          );
          if (entries.some((e) => sigOf(e.pairs) === sig)) continue;
          const leafSig = t.dims.filter((d) => !implied.includes(d)).sort((x, y) => x.localeCompare(y)).join('\u0001');
          const groups = new Map<string, { pairs: Pairs; parts: Position[] }>();
          for (const e of entries) {
            if (sigOf(e.pairs) !== leafSig) continue;
            const projected = e.pairs.filter(([d]) => dims.includes(d));
            const key = JSON.stringify(projected);
            const group = groups.get(key) ?? { pairs: projected, parts: [] };
            group.parts.push(single ? e.at : piece(c, e.raw));
            groups.set(key, group);
          }
          for (const { pairs, parts } of groups.values()) lines.push([...parts, piece(c, pairs, () => parts.reduce((n, p) => n + countAt(p), 0))]);
          // Labels another table has in the class that none of this table's records have: none of the class's records have them.
          if (t.isCounts) continue;
          for (const key of classSig.get(`${c}|${sig}`) ?? []) {
            const at = ident.get(`C${c}#${key}`)?.[0];
            if (!groups.has(key) && at !== undefined) lines.push([at]);
          }
        }
      }
    }
    // An entry equal to a summary's printed count costs as much to hide.
    for (const group of ident.values()) {
      if (group.length < 2) continue;
      const max = Math.max(...group.map(([i, j]) => cost[i]?.[j] ?? 0));
      for (const [i, j] of group) {
        const row = cost[i];
        if (row !== undefined) row[j] = max;
      }
    }

    const statuses = yield* suppressSummedTableSteps({ counts, isSum, known, forced, blank, cost, lines }, threshold);
    const out: CellStatus[][][] = [];
    for (const [k, t] of tables.entries()) {
      const offset = offsets[k] ?? 0;
      out.push(t.scope < 0 ? yield* suppressSummedTableSteps(t.sums, threshold) : statuses.slice(offset, offset + t.sums.counts.length));
    }
    return out;
  }

  const memo = new Map<number, CellStatus[][][]>();
  return {
    *prepare(threshold) {
      if (!memo.has(threshold)) memo.set(threshold, yield* build(threshold));
    },
    statuses(index, threshold) {
      let all = memo.get(threshold);
      if (all === undefined) {
        all = runSteps(build(threshold));
        memo.set(threshold, all);
      }
      return all[index] ?? [];
    },
    layout: (index) => layouts[index] ?? null,
    acrossScopes(index) {
      const s = memberScope[index] ?? -1;
      return s >= 0 && scopes.length > 1 && (classesOfScope[s] ?? []).some((c) => (classes[c] ?? []).length > 1);
    },
  };
}
