import { type FormEvent, useState } from 'react';
import type { SavedView } from '../../../shared/views';
import { deleteView, duplicateView, openView, renameView, saveCurrentView } from '../actions/view-actions';
import { formatTimestamp } from '../format';
import { useViewsStore } from '../state/views-store';

function ViewEntry({ view, isOpened }: { view: SavedView; isOpened: boolean }) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null) {
    const submit = (event: FormEvent): void => {
      event.preventDefault();
      if (draft.trim() === '') return;
      void renameView(view, draft).then((isDone) => {
        if (isDone) setDraft(null);
      });
    };
    return (
      <li className="view-entry">
        <form onSubmit={submit} className="inline-form">
          <input aria-label={`New name for ${view.name}`} value={draft} autoFocus onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setDraft(null)} />
          <button type="submit" className="small">
            OK
          </button>
          <button type="button" className="small" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className={isOpened ? 'view-entry opened' : 'view-entry'} data-testid="view-entry" data-name={view.name}>
      <button type="button" className="link view-name" title={`Open "${view.name}" (saved ${formatTimestamp(view.modifiedAt)})`} onClick={() => openView(view)}>
        {view.name}
      </button>
      <span className="view-actions">
        <button type="button" className="small" aria-label={`Rename ${view.name}`} onClick={() => setDraft(view.name)}>
          Rename
        </button>
        <button type="button" className="small" aria-label={`Duplicate ${view.name}`} onClick={() => void duplicateView(view)}>
          Duplicate
        </button>
        <button type="button" className="small" aria-label={`Delete ${view.name}`} onClick={() => void deleteView(view)}>
          Delete
        </button>
      </span>
    </li>
  );
}

/** Named pivots kept in the workbench file: save the one on screen, reopen, rename, duplicate, delete. */
export function ViewsPanel() {
  const views = useViewsStore((s) => s.views);
  const openedName = useViewsStore((s) => s.openedName);
  const [name, setName] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (name.trim() === '') return;
    void saveCurrentView(name).then((isSaved) => {
      if (isSaved) setName('');
    });
  };
  return (
    <section className="panel views-panel" aria-labelledby="views-heading" data-testid="views-panel">
      <h2 id="views-heading">Saved views</h2>
      <form onSubmit={submit} className="inline-form">
        <input aria-label="View name" placeholder="Name this pivot…" data-testid="view-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="small" data-testid="view-save" disabled={name.trim() === ''}>
          Save view
        </button>
      </form>
      {views.length === 0 ? (
        <p className="muted">No saved views. Views are kept in the workbench file.</p>
      ) : (
        <ul className="view-list">
          {views.map((view) => (
            <ViewEntry key={view.name} view={view} isOpened={view.name === openedName} />
          ))}
        </ul>
      )}
    </section>
  );
}
