/** File-type filters and defaults for the native open/save dialogs. */
import type { FileFilter } from 'electron';
import nodePath from 'node:path';

import { WORKBENCH_EXTENSION } from './argv';

export const WORKBENCH_FILTERS: FileFilter[] = [{ name: 'Crime Analyst Workbench file', extensions: ['workbench'] }];

/** Extracts come from Niche, Athena, Police.uk and partners as CSV or Excel. */
export const IMPORT_FILTERS: FileFilter[] = [
  { name: 'Extracts (CSV, Excel)', extensions: ['csv', 'xlsx', 'xls', 'txt'] },
  { name: 'CSV', extensions: ['csv', 'txt'] },
  { name: 'Excel', extensions: ['xlsx', 'xls'] },
  { name: 'All files', extensions: ['*'] },
];

const EXPORT_TYPES: Readonly<Record<string, FileFilter>> = {
  'text/csv': { name: 'CSV', extensions: ['csv'] },
  'image/png': { name: 'PNG image', extensions: ['png'] },
  'image/svg+xml': { name: 'SVG image', extensions: ['svg'] },
  'application/json': { name: 'JSON', extensions: ['json'] },
  'text/plain': { name: 'Text', extensions: ['txt'] },
  'text/html': { name: 'HTML', extensions: ['html'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { name: 'Excel workbook', extensions: ['xlsx'] },
};

/** Filters for an export: the type named by the MIME type (or the file extension), then All files. */
export function exportFilters(suggestedName: string, mimeType: string): FileFilter[] {
  const byMime = EXPORT_TYPES[mimeType.split(';', 1)[0]?.trim().toLowerCase() ?? ''];
  const extension = nodePath.extname(suggestedName).slice(1).toLowerCase();
  const first = byMime ?? (extension === '' ? undefined : { name: `${extension.toUpperCase()} file`, extensions: [extension] });
  return [...(first === undefined ? [] : [first]), { name: 'All files', extensions: ['*'] }];
}

/** Linux file choosers do not add the extension themselves; a workbench must always end in `.workbench`. */
export function ensureWorkbenchExtension(filePath: string): string {
  return nodePath.extname(filePath).toLowerCase() === WORKBENCH_EXTENSION ? filePath : `${filePath}${WORKBENCH_EXTENSION}`;
}
