/**
 * `view save --sort <column>[:asc|desc]`: the sort the grid keeps in a saved
 * view, named as the analyst sees the table. The column is `rows` (or a
 * row dimension's name: the row labels), `total`, `value` (a view with no
 * --cols), or a column's labels as the table heads it ("Mansfield", or
 * "2023-24 / Mansfield" with two column dimensions). Without a direction
 * it sorts as the grid's first click does: labels A to Z, numbers largest
 * first.
 */
import { WorkbenchError } from '../../shared/errors';
import { ROW_HEADER_ID, TOTAL_ID, VALUE_COLUMN_ID, columnKey } from '../../shared/pivot/sort-rows';
import type { PivotResult } from '../../shared/pivot/run-pivot';
import type { ViewSort } from '../../shared/views';

/** How many column names an unknown-column error lists before "and N more". */
const LISTED = 12;

export function parseViewSort(text: string, result: PivotResult): ViewSort {
  const match = /^(.*?)(?::(asc|desc))?$/i.exec(text.trim());
  const name = (match?.[1] ?? '').trim();
  const given = match?.[2]?.toLowerCase();
  if (name === '') throw new WorkbenchError({ code: 'usage', field: 'sort', message: '--sort needs a column, e.g. --sort total:desc.' });
  const { spec } = result;
  const valueColumns = spec.columns.length > 0 ? result.columns.map(columnKey) : [VALUE_COLUMN_ID];
  const resolve = (wanted: string): string | undefined => {
    const lowered = wanted.toLowerCase();
    if (lowered === 'rows' || spec.rows.some((d) => d === lowered)) return ROW_HEADER_ID;
    if (lowered === 'total') return TOTAL_ID;
    // Exactly as headed; else ignoring case, when that picks out one column.
    return valueColumns.find((c) => c === wanted) ?? single(valueColumns.filter((c) => c.toLowerCase() === lowered));
  };
  const column = resolve(name);
  if (column === undefined) {
    // "total:down": a known column with a direction that is neither.
    const colon = name.lastIndexOf(':');
    if (given === undefined && colon > 0 && resolve(name.slice(0, colon).trim()) !== undefined) {
      throw new WorkbenchError({ code: 'usage', field: 'sort', message: `--sort direction must be asc or desc; got "${name.slice(colon + 1)}".` });
    }
    const names = ['rows', ...spec.rows, 'total', ...valueColumns];
    const shown = names.slice(0, LISTED).map((n) => `"${n}"`).join(', ');
    const more = names.length > LISTED ? ` and ${names.length - LISTED} more` : '';
    throw new WorkbenchError({ code: 'usage', field: 'sort', message: `--sort: this view has no column "${name}"; its columns are ${shown}${more}.` });
  }
  const direction = given === 'asc' || given === 'desc' ? given : column === ROW_HEADER_ID ? 'asc' : 'desc';
  return { column, direction };
}

function single(found: readonly string[]): string | undefined {
  return found.length === 1 ? found[0] : undefined;
}
