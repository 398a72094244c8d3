/**
 * The grid's view of the pivot. The rows and columns it shows (group rows,
 * subtotal columns, sort) are built in shared/pivot/display-rows.ts, which
 * the exports and the command line share; this adds what only the screen
 * needs: the column header tree and the heatmap's colours.
 */
import { DIVERGING } from '../../../shared/charts/theme';
import { type GridRow, columnKey } from '../../../shared/pivot/display-rows';

export {
  type ColumnSubtotal,
  type DisplayPivot,
  type GridRow,
  type GridRowKind,
  ROW_HEADER_ID,
  SUBTOTAL_COLUMN_LABEL,
  TOTAL_ID,
  type VisibleRowOptions,
  columnKey,
  displayPivot,
  groupId,
  groupPath,
  isNested,
  rowId,
  totalRow,
  visibleResult,
  visibleRows,
  withCellText,
} from '../../../shared/pivot/display-rows';

/** A node of the generated column header: a group per label of each column dimension but the last. */
export type ColumnNode =
  | { kind: 'leaf'; id: string; label: string; index: number }
  | { kind: 'group'; id: string; label: string; children: ColumnNode[] };

/**
 * Column groups for nested columns (e.g. financial year, then month): the
 * columns arrive sorted by their dimensions, so each group is a consecutive run.
 */
export function columnTree(columns: readonly (readonly string[])[]): ColumnNode[] {
  const build = (indexes: readonly number[], level: number): ColumnNode[] => {
    const out: ColumnNode[] = [];
    let run: number[] = [];
    const flush = (): void => {
      const first = run[0];
      if (first === undefined) return;
      const labels = columns[first] ?? [];
      const label = labels[level] ?? '';
      if (level >= labels.length - 1) {
        for (const index of run) out.push({ kind: 'leaf', id: columnKey(columns[index] ?? []), label: (columns[index] ?? [])[level] ?? '', index });
      } else {
        out.push({ kind: 'group', id: `cols:${columnKey(labels.slice(0, level + 1))}`, label, children: build(run, level + 1) });
      }
      run = [];
    };
    for (const index of indexes) {
      const first = run[0];
      const sameGroup =
        first !== undefined &&
        (columns[first] ?? []).length - 1 > level &&
        columnKey((columns[first] ?? []).slice(0, level + 1)) === columnKey((columns[index] ?? []).slice(0, level + 1));
      if (!sameGroup) flush();
      run.push(index);
    }
    flush();
    return out;
  };
  return build(
    columns.map((_, i) => i),
    0,
  );
}

/** Min and max of the body cells (no totals, no group rows, no subtotal columns), for the heatmap's colour scale. */
export function valueRange(rows: readonly GridRow[], skipColumns: ReadonlySet<number> = new Set()): { min: number; max: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    if (row.kind !== 'row') continue;
    for (const [j, value] of row.values.entries()) {
      if (value === null || !Number.isFinite(value) || skipColumns.has(j)) continue;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  return min <= max ? { min, max } : null;
}

/**
 * ColorBrewer "Blues", a single-hue sequential scale that stays readable for
 * every common form of colour blindness and in greyscale print.
 */
const BLUES = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'] as const;

function mix(a: string, b: string, t: number): string {
  const channel = (hex: string, i: number): number => parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16);
  const parts = [0, 1, 2].map((i) => Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * t));
  return `rgb(${parts.join(', ')})`;
}

/**
 * Background and text colour for a value on the scale; dark cells get white
 * text, light ones black, by contrast. The scale is square-root: crime counts are skewed (one
 * city dwarfs the rest), and a linear scale would leave most cells white.
 * A signed measure (a change or a difference) is on a diverging scale centred
 * on no change, the charts' ColorBrewer RdBu: falls blue, rises red, the same
 * shade for the same size of change either way.
 */
export function heatColour(value: number, range: { min: number; max: number }, options: { signed?: boolean } = {}): { backgroundColor: string; color: string } {
  if (options.signed === true) {
    const half = Math.max(Math.abs(range.min), Math.abs(range.max));
    const t = half === 0 ? 0 : Math.max(-1, Math.min(1, value / half));
    const position = ((Math.sign(t) * Math.sqrt(Math.abs(t)) + 1) / 2) * (DIVERGING.length - 1);
    return shadeOf(DIVERGING, position);
  }
  const t = range.max === range.min ? 0 : Math.sqrt(Math.min(1, Math.max(0, (value - range.min) / (range.max - range.min))));
  return shadeOf(BLUES, t * (BLUES.length - 1));
}

function shadeOf(scale: readonly string[], position: number): { backgroundColor: string; color: string } {
  const i = Math.max(0, Math.min(scale.length - 2, Math.floor(position)));
  const first = scale[0] ?? '#ffffff';
  const backgroundColor = mix(scale[i] ?? first, scale[i + 1] ?? first, position - i);
  return { backgroundColor, color: inkOn(backgroundColor) };
}

/** Relative luminance (WCAG 2.1) of a colour as `mix` writes it, rgb(r, g, b). */
function luminance(colour: string): number {
  const [r = 0, g = 0, b = 0] = (colour.match(/\d+/g) ?? []).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * White or black text, whichever contrasts more with the shade. Black, not the UI's
 * near-black: on the mid blues only pure black and white both stay at 4.5:1 (WCAG 1.4.3).
 */
function inkOn(backgroundColor: string): string {
  const l = luminance(backgroundColor);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}
