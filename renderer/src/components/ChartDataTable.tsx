/**
 * The chart's figures as a table under it, folded away until asked for:
 * the text alternative to the picture for screen-reader users, and a way
 * for anyone to read exact values off a chart.
 */
import { useMemo } from 'react';
import { chartTable } from '../../../shared/charts/chart-table';
import type { ChartOption } from '../../../shared/charts/theme';

export function ChartDataTable({ option, title, testId }: { option: ChartOption | null; title: string; testId: string }) {
  const table = useMemo(() => (option === null ? null : chartTable(option)), [option]);
  if (table === null) return null;
  return (
    <details className="chart-table" data-testid={`${testId}-data`}>
      <summary>Figures in this chart (table)</summary>
      {/* Focusable, so the keyboard can scroll a long table. */}
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
    </details>
  );
}
