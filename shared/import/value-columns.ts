/**
 * Value columns of the wide layouts (iQuanta months, survey questions,
 * population ages), kept apart from writer.ts so the district parse worker
 * does not load the layouts.
 */
import { fieldKey } from './layouts';
import { columnLetters } from './text';
import type { WriterContext } from './writer';
/**
 * Value columns (months, questions, ages) that stand for one thing twice:
 * the first of each is kept, as for any header name given twice, so a row
 * never writes one figure over another of its own. Columns headed the same
 * are already named by the import's duplicated-header warning; columns
 * headed differently for one thing ("Apr 2013" and "2013-04") get a warning
 * here, with `what` naming the thing ("month").
 */
export function firstOfEach<T extends { column: number }>(
  columns: readonly T[],
  keyOf: (column: T) => string,
  context: Pick<WriterContext, 'header' | 'fileName' | 'warnings' | 'headerLine'>,
  what: string,
): T[] {
  const headerLine = context.headerLine ?? 1;
  const first = new Map<string, T>();
  const kept: T[] = [];
  for (const column of columns) {
    const key = keyOf(column);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, column);
      kept.push(column);
      continue;
    }
    const [a, b] = [context.header[earlier.column] ?? '', context.header[column.column] ?? ''];
    if (fieldKey(a) === fieldKey(b)) continue;
    const [la, lb] = [columnLetters(earlier.column), columnLetters(column.column)];
    context.warnings.push(`${context.fileName} line ${headerLine}: columns ${la} ("${a.trim()}") and ${lb} ("${b.trim()}") are the same ${what}; the first (${la}) was read.`);
  }
  return kept;
}
