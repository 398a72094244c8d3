/** Exports of what is on screen, through the platform so Electron can show a save dialog. */
import { pivotToCsv } from '../../../shared/export/csv';
import type { PivotSpec } from '../../../shared/pivot/spec';
import { platform } from '../platform';
import { useDialogStore } from '../state/dialog-store';
import { usePivotStore } from '../state/pivot-store';

/** `crime_type-by-district-2023-01-to-2023-06`: says what the export shows. */
export function exportBaseName(spec: PivotSpec): string {
  const rows = spec.rows.join('-') || 'all';
  const columns = spec.columns.length > 0 ? `-by-${spec.columns.join('-')}` : '';
  const range = spec.from !== undefined || spec.to !== undefined ? `-${spec.from ?? 'start'}-to-${spec.to ?? 'end'}` : '';
  return `${rows}${columns}${range}`;
}

/** The pivot as shown, totals included, in the same CSV the command line writes. */
export async function exportPivotCsv(): Promise<void> {
  const { result } = usePivotStore.getState();
  if (result === null) {
    useDialogStore.getState().setNotice('Nothing to export yet: the pivot has not run.');
    return;
  }
  await platform.saveExport(pivotToCsv(result, { totals: true }), {
    suggestedName: `${exportBaseName(result.spec)}.csv`,
    mimeType: 'text/csv',
  });
}
