/**
 * A rate table for a spreadsheet with each rate's 95% confidence limits
 * beside it, as Fingertips' downloads give them (value, lower CI, upper CI,
 * compared with England): the figures stay numbers a reader can sort and
 * chart, instead of "400.0 ▲" text. With district, age band or sex alone on
 * an axis (shared/pivot/rate-compare.ts), a column says how each compares with the Total.
 *
 * Applied to the finished table (disclosure control already done): a
 * figure withheld or blanked there gives its limits and comparison the same
 * cell, so nothing published beside a hidden rate tells what it was.
 */
import { RATE_LEVEL, type RateComparison, type RateInterval, RATE_METHOD_LABELS } from '../analytics/rate-interval';
import { formatFigure } from '../figures';
import { displayPivot } from '../pivot/display-rows';
import { COMPARISON_SYMBOLS, benchmarkName, comparedAxis, comparisonAt, comparisonLegend } from '../pivot/rate-compare';
import { type ExportCell, type ExportTable, type ShownPivots, type ShownTableOptions, shownPivotLayout } from './pivot-table';

const COMPARISON_WORDS: Readonly<Record<RateComparison, string>> = { higher: 'Higher', similar: 'Similar', lower: 'Lower' };

export const INTERVALS_NOTE =
  `Each rate is followed by its ${RATE_LEVEL}% confidence limits: ${RATE_METHOD_LABELS.exact} for fewer than 10 records, ${RATE_METHOD_LABELS.byars} from 10 (the Public Health England method).`;

export const COMPARED_NOTE =
  "'Against': Higher or Lower where the benchmark's rate (the Total's; for age bands and sex, the rate over victims of known age or sex) lies outside the figure's 95% confidence interval, Similar where it lies inside.";

/** A figure cell's rate interval and, with a compared dimension alone on an axis, its comparison with the Total. */
interface RateCell {
  interval: RateInterval | null;
  comparison: RateComparison | null;
}

/** Per row of the shown table, per figure column (after the label): what the engine says of its rate. */
function rateCells(table: ExportTable, pivots: ShownPivots, options: Omit<ShownTableOptions, 'smallCountThreshold'>): RateCell[][] {
  const layout = shownPivotLayout(pivots, null, options);
  const compared = comparedAxis(pivots.result.spec);
  const totals = layout.rows.at(-1);
  // Benchmarks pool over every row of the pivot, shown or not (display-rows.ts puts the subtotal columns in).
  const all = displayPivot(pivots.result, pivots.subtotals, pivots.columnSubtotals).result.rows;
  const compare = compared === null || totals === undefined ? null : comparisonAt(compared, all, totals).compare;
  const figureColumns = table.columns.length - 1;
  return table.rows.map((_, i) => {
    const row = layout.rows[i];
    return Array.from({ length: figureColumns }, (__, c): RateCell => {
      // The last figure column is the row's Total when the table has one.
      const j = layout.hasTotalColumn && c === figureColumns - 1 ? null : c;
      if (row === undefined) return { interval: null, comparison: null };
      const interval = (j === null ? row.totalInterval : row.intervals?.[j]) ?? null;
      return { interval, comparison: compare === null ? null : compare(row, j) };
    });
  });
}

/**
 * `table` is the shown table of `pivots` with these options (shownPivotTable
 * or disclosedShownTable); other measures come back unchanged.
 */
export function withRateIntervals(table: ExportTable, pivots: ShownPivots, options: Omit<ShownTableOptions, 'smallCountThreshold'> = {}): ExportTable {
  if (pivots.result.spec.measure !== 'rate') return table;
  const axis = comparedAxis(pivots.result.spec);
  const cells = rateCells(table, pivots, options);
  const rows = table.rows.map((row, i): ExportCell[] => [
    row[0] ?? null,
    ...row.slice(1).flatMap((cell, c): ExportCell[] => {
      const { interval, comparison } = cells[i]?.[c] ?? { interval: null, comparison: null };
      // A withheld or blank figure gives its limits and comparison the same cell.
      if (typeof cell !== 'number') return [cell, cell, cell, ...(axis === null ? [] : [cell])];
      return [cell, interval?.lower ?? null, interval?.upper ?? null, ...(axis === null ? [] : [comparison === null ? null : COMPARISON_WORDS[comparison]])];
    }),
  ]);
  const columns = [
    table.columns[0] ?? '',
    ...table.columns.slice(1).flatMap((name) => [
      name,
      `${name}: lower ${RATE_LEVEL}% limit`,
      `${name}: upper ${RATE_LEVEL}% limit`,
      ...(axis === null ? [] : [`${name}: against ${benchmarkName(axis)}`]),
    ]),
  ];
  return { ...table, header: [...table.header, INTERVALS_NOTE, ...(axis === null ? [] : [COMPARED_NOTE])], columns, rows };
}

/**
 * For a document (the Word profile, its print page), where a table is read
 * rather than sorted: a rate with district (age band, sex) alone on an axis prints "400.0 ▲"
 * where it is significantly higher than the Total, with the legend to print
 * under the table. Null for any other table. Withheld figures get no mark.
 */
export function withComparisonMarks(table: ExportTable, pivots: ShownPivots, options: Omit<ShownTableOptions, 'smallCountThreshold'> = {}): { table: ExportTable; legend: string } | null {
  const compared = comparedAxis(pivots.result.spec);
  if (compared === null) return null;
  const cells = rateCells(table, pivots, options);
  const rows = table.rows.map((row, i) =>
    row.map((cell, k): ExportCell => {
      const comparison = k === 0 ? null : (cells[i]?.[k - 1]?.comparison ?? null);
      if (typeof cell !== 'number' || comparison === null || comparison === 'similar') return cell;
      return `${formatFigure(cell, 'rate')} ${COMPARISON_SYMBOLS[comparison]}`;
    }),
  );
  return { table: { ...table, rows }, legend: comparisonLegend(compared, 'document') };
}
