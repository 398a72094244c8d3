/**
 * A rate table for a spreadsheet with each rate's 95% confidence limits
 * beside it, as Fingertips' downloads give them (value, lower CI, upper CI,
 * compared with England): the figures stay numbers a reader can sort and
 * chart, instead of "400.0 ▲" text. With district alone on an axis, a column
 * says how each district compares with the Total.
 *
 * Applied to the finished table (disclosure control already done): a
 * figure withheld or blanked there gives its limits and comparison the same
 * cell, so nothing published beside a hidden rate tells what it was.
 */
import { RATE_LEVEL, type RateComparison, RATE_METHOD_LABELS } from '../analytics/rate-interval';
import { districtAxis, rateComparisonAt } from '../pivot/rate-compare';
import { type ExportCell, type ExportTable, type ShownPivots, type ShownTableOptions, shownPivotLayout } from './pivot-table';

const COMPARISON_WORDS: Readonly<Record<RateComparison, string>> = { higher: 'Higher', similar: 'Similar', lower: 'Lower' };

export const INTERVALS_NOTE =
  `Each rate is followed by its ${RATE_LEVEL}% confidence limits: ${RATE_METHOD_LABELS.exact} for fewer than 10 records, ${RATE_METHOD_LABELS.byars} from 10 (the Public Health England method).`;

export const COMPARED_NOTE =
  "'Against the Total': Higher or Lower where the Total's rate (the rate across the districts shown) lies outside the district's 95% confidence interval, Similar where it lies inside.";

/**
 * `table` is the shown table of `pivots` with these options (shownPivotTable
 * or disclosedShownTable); other measures come back unchanged.
 */
export function withRateIntervals(table: ExportTable, pivots: ShownPivots, options: Omit<ShownTableOptions, 'smallCountThreshold'> = {}): ExportTable {
  const { spec } = pivots.result;
  if (spec.measure !== 'rate') return table;
  const layout = shownPivotLayout(pivots, null, options);
  const axis = districtAxis(spec);
  const totals = layout.rows.at(-1);
  const figureColumns = table.columns.length - 1;
  const rows = table.rows.map((cells, i): ExportCell[] => {
    const row = layout.rows[i];
    const out: ExportCell[] = [cells[0] ?? null];
    for (let c = 1; c <= figureColumns; c++) {
      const cell = cells[c] ?? null;
      // The last figure column is the row's Total when the table has one.
      const j = layout.hasTotalColumn && c === figureColumns ? null : c - 1;
      const interval = row === undefined ? null : ((j === null ? row.totalInterval : row.intervals?.[j]) ?? null);
      const withheld = typeof cell !== 'number';
      out.push(cell, withheld ? cell : (interval?.lower ?? null), withheld ? cell : (interval?.upper ?? null));
      if (axis !== null) {
        const comparison = row === undefined || totals === undefined ? null : rateComparisonAt(axis, row, j, totals);
        out.push(withheld ? cell : comparison === null ? null : COMPARISON_WORDS[comparison]);
      }
    }
    return out;
  });
  const columns = [
    table.columns[0] ?? '',
    ...table.columns.slice(1).flatMap((name) => [
      name,
      `${name}: lower ${RATE_LEVEL}% limit`,
      `${name}: upper ${RATE_LEVEL}% limit`,
      ...(axis === null ? [] : [`${name}: against the Total`]),
    ]),
  ];
  return { ...table, header: [...table.header, INTERVALS_NOTE, ...(axis === null ? [] : [COMPARED_NOTE])], columns, rows };
}
