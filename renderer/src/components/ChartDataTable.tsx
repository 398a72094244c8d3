/**
 * The chart's figures as a table under it, folded away until asked for:
 * the text alternative to the picture for screen-reader users, and a way
 * for anyone to read exact values off a chart.
 */
import { useMemo, useState } from 'react';
import { chartTable } from '../../../shared/charts/chart-table';
import type { ChartOption } from '../../../shared/charts/theme';

/**
 * `optionAt` builds the chart's option; it is called only while the table
 * is open. Built on every render instead, a chart of thousands of points (the
 * near-repeat scatter) was built again on every progress message of a long
 * analysis, and the page stopped answering.
 */
export function ChartDataTable({ optionAt, title, testId }: { optionAt: ((width: number, height: number) => ChartOption) | null; title: string; testId: string }) {
  const [isOpen, setOpen] = useState(false);
  // The table reads the figures, which do not depend on the layout width; an unbounded height keeps every heatmap row.
  const table = useMemo(() => (optionAt === null || !isOpen ? null : chartTable(optionAt(640, Number.POSITIVE_INFINITY))), [optionAt, isOpen]);
  if (optionAt === null) return null;
  return (
    <details className="chart-table" data-testid={`${testId}-data`} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Figures in this chart (table)</summary>
      {table !== null && (
      /* Focusable, so the keyboard can scroll a long table. */
      <div className="chart-table-scroll" tabIndex={0} role="region" aria-label={`Figures: ${title}`}>
        <table className="data-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              {table.columns.map((c, i) => (
                <th key={i} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((value, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {value}
                    </th>
                  ) : (
                    <td key={i} className="num">
                      {value}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      )}
    </details>
  );
}
