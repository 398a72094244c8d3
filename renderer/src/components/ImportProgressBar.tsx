import { cancelImport } from '../actions/import-actions';
import { formatCount } from '../format';
import { useImportStore } from '../state/import-store';

/** Shown while an import runs: which file, how many rows, and a way out. */
export function ImportProgressBar() {
  const requestId = useImportStore((s) => s.runningRequestId);
  const progress = useImportStore((s) => s.progress);
  const isCancelling = useImportStore((s) => s.isCancelling);
  if (requestId === null) return null;
  // Overall share of the batch: whole files done plus the fraction of the current one.
  const fraction =
    progress === null || progress.rowsTotal === 0
      ? 0
      : (progress.fileIndex + progress.rowsDone / progress.rowsTotal) / progress.fileCount;
  const percent = Math.round(fraction * 100);
  return (
    <section className="import-progress" data-testid="import-progress" aria-label="Import progress">
      {/* Not a live region: it changes every few thousand rows; the Announcer speaks progress now and then. */}
      <div className="import-progress-text" data-testid="import-progress-text">
        {progress === null
          ? 'Reading files…'
          : `Importing file ${progress.fileIndex + 1} of ${progress.fileCount}: ${progress.file} — ${formatCount(progress.rowsDone)} of ${formatCount(progress.rowsTotal)} rows`}
      </div>
      <div className="progress-track" role="progressbar" aria-label="Import" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <button type="button" data-testid="import-cancel" disabled={isCancelling} onClick={cancelImport}>
        {isCancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </section>
  );
}
