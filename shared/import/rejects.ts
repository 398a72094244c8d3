/**
 * The rejected rows of an import as CSV, for the analyst to fix and import
 * again: file, line, field and reason, then the row as it was read. Victim
 * references never reach this file: the importer blanks that cell before a
 * reject leaves it.
 */
import { toCsv } from '../export/csv';
import type { ImportReport } from './types';

export function rejectsToCsv(reports: readonly ImportReport[]): string {
  const withRejects = reports.filter((report) => report.rejects.length > 0);
  const headers = new Set(withRejects.map((report) => JSON.stringify(report.header ?? [])));
  const width = Math.max(0, ...withRejects.flatMap((report) => report.rejects.map((r) => r.values?.length ?? 0)));
  // One shared header names the value columns; files with different headers get numbered columns.
  const shared = headers.size === 1 ? (withRejects[0]?.header ?? []) : [];
  const valueNames = Array.from({ length: width }, (_, i) => {
    const name = shared[i];
    return name !== undefined && name.trim() !== '' ? name : `column ${i + 1}`;
  });
  const rows: (string | number)[][] = [['file', 'line', 'field', 'reason', ...valueNames]];
  for (const report of withRejects) {
    for (const reject of report.rejects) {
      const values = reject.values ?? [];
      rows.push([report.file, reject.line, reject.field, reject.reason, ...Array.from({ length: width }, (_, i) => values[i] ?? '')]);
    }
  }
  return toCsv(rows);
}
