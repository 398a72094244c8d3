import type { ImportEntry } from '../../../shared/info';
import { kindLabel } from '../../../shared/import/types';
import { removeImport } from '../actions/import-actions';
import { formatCount, formatTimestamp } from '../format';
import { ImportChangesList } from './ImportChangesList';
import { useImportStore } from '../state/import-store';
import { useReferenceStore } from '../state/reference-store';
import { useWorkbenchStore } from '../state/workbench-store';

// A stable empty list: a selector returning a fresh [] would re-render forever.
const NO_IMPORTS: readonly ImportEntry[] = [];

/** What the workbench holds: one line per imported file, with its counts and a way to take it out again. */
export function DataPanel() {
  const imports = useWorkbenchStore((s) => s.info?.imports ?? NO_IMPORTS);
  const isImporting = useImportStore((s) => s.runningRequestId !== null);
  return (
    <section className="panel data-panel" aria-labelledby="data-heading" data-testid="data-panel">
      <h2 id="data-heading">Data</h2>
      <button type="button" className="small" data-testid="open-reference-data" disabled={isImporting} onClick={() => useReferenceStore.getState().open()}>
        Reference data…
      </button>
      {imports.length === 0 ? (
        <p className="muted">No files imported yet.</p>
      ) : (
        <ul className="import-list">
          {imports.map((entry) => (
            <li key={entry.id} className="import-entry">
              <div className="import-file" title={entry.file}>
                {entry.file}
              </div>
              <div className="import-meta muted" data-kind={entry.kind}>
                {kindLabel(entry.kind)} · <span title={entry.sha256}>sha256 {entry.sha256.slice(0, 10)}</span> · {formatTimestamp(entry.at)}
              </div>
              <div className="import-meta">
                read {formatCount(entry.read)} · accepted {formatCount(entry.accepted)} · rejected {formatCount(entry.rejected)} · duplicate{' '}
                {formatCount(entry.duplicate)} · updated {formatCount(entry.updated)}
              </div>
              {/* District extracts log each field an update changed; police.uk updates keep no field log. */}
              {entry.kind === 'district' && entry.updated > 0 && <ImportChangesList entry={entry} />}
              <button
                type="button"
                className="small"
                disabled={isImporting}
                aria-label={`Remove ${entry.file}`}
                onClick={() => void removeImport(entry)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
