import { monthSpan } from '../../../shared/charts/text';
import { formatCount } from '../format';
import { useDialogStore } from '../state/dialog-store';
import { usePivotStore } from '../state/pivot-store';
import { useWorkbenchStore } from '../state/workbench-store';

export function StatusBar() {
  const info = useWorkbenchStore((s) => s.info);
  const fileName = useWorkbenchStore((s) => s.fileName);
  const isDirty = useWorkbenchStore((s) => s.isDirty);
  const isLoading = usePivotStore((s) => s.isLoading);
  const grandCount = usePivotStore((s) => s.result?.grandCount ?? null);
  const notice = useDialogStore((s) => s.notice);
  const range = info?.dateRange;
  return (
    <footer className="status-bar">
      <span data-testid="record-count" data-count={info?.records ?? 0}>
        {formatCount(info?.records ?? 0)} records
      </span>
      <span data-testid="date-range">{range ? monthSpan(range.from, range.to) : 'No dates'}</span>
      {grandCount !== null && <span>{formatCount(grandCount)} in pivot</span>}
      {isLoading && <span>Calculating…</span>}
      <span className="notice" role="status" data-testid="notice">
        {notice}
      </span>
      <span className="spacer" />
      <span data-testid="file-name">
        {fileName}
        {isDirty ? ' (unsaved changes)' : ''}
      </span>
    </footer>
  );
}
