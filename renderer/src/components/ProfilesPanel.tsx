/**
 * Local profiles: an ordered document of saved views (charts or tables),
 * flags summaries and commentary, kept in the workbench and exported as a
 * Word file with statistical disclosure control on by default.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { surveyQuestionTitle } from '../../../shared/charts/text';
import { DIMENSION_LABELS, type Dimension } from '../../../shared/pivot/dimensions';
import type { ProfileItem } from '../../../shared/profile/store';
import {
  addFlagsSummary,
  addItem,
  cancelProfileExport,
  deleteProfile,
  editItem,
  exportProfileDocx,
  exportProfilePdf,
  loadProfiles,
  moveItem,
  removeItem,
  selectProfile,
  startProfile,
} from '../actions/profile-actions';
import { formatCount, formatTimestamp } from '../format';
import { useProfilesStore } from '../state/profiles-store';
import { useViewsStore } from '../state/views-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { REPEAT_GROUP_LABELS } from './RepeatsPanel';

const FLAG_DIMENSIONS: readonly Dimension[] = ['crime_type', 'district'];

const KIND_LABELS: Readonly<Record<ProfileItem['kind'], string>> = {
  view: 'View (chart, or table for table-only views)',
  pivot: 'Table',
  flags: 'Flags summary',
  text: 'Commentary',
  chart: 'Chart',
  analysis: 'Table',
};

const TABLE_ANALYSIS_LABELS = { repeats: 'repeat victims', 'near-repeat': 'near repeats (Knox)', survey: 'Respect Survey' } as const;

const ANALYSIS_LABELS = { 'age-profile': 'victims by age against the population', iquanta: 'iQuanta comparison' } as const;

function itemTitle(item: ProfileItem): string {
  if (item.kind === 'view' || item.kind === 'pivot') return `${KIND_LABELS[item.kind]}: ${item.viewName ?? ''}`;
  if (item.kind === 'analysis' && item.analysis !== null) {
    const a = item.analysis;
    // In words, as the tabs say them: "Domestic abuse", not "domestic"; the question's title, not its column.
    const detail = a.analysis === 'repeats' ? REPEAT_GROUP_LABELS[a.request.group] : a.analysis === 'near-repeat' ? a.request.crimeType : surveyQuestionTitle(a.query.question);
    return `${KIND_LABELS.analysis}: ${TABLE_ANALYSIS_LABELS[a.analysis]} (${detail})`;
  }
  if (item.kind === 'chart') {
    const chart = item.chart;
    if (chart === null) return KIND_LABELS.chart;
    const detail = chart.analysis === 'iquanta' ? `: ${chart.request.measure}, ${chart.request.area}` : '';
    return `${KIND_LABELS.chart}: ${ANALYSIS_LABELS[chart.analysis]}${detail}`;
  }
  if (item.kind === 'flags') return `${KIND_LABELS.flags} by ${(item.settings?.by ?? []).map((d) => DIMENSION_LABELS[d as Dimension] ?? d).join(' and ')}`;
  return KIND_LABELS.text;
}

function ItemEditor({ item, index, count }: { item: ProfileItem; index: number; count: number }) {
  const [caption, setCaption] = useState(item.caption ?? '');
  const [text, setText] = useState(item.text ?? '');
  const commitCaption = (): void => {
    const next = caption.trim();
    if (next === (item.caption ?? '')) return;
    void editItem(item.id, { caption: next === '' ? null : next });
  };
  const commitText = (): void => {
    if (text.trim() === '' || text === (item.text ?? '')) return;
    void editItem(item.id, { text });
  };
  const n = index + 1;
  return (
    <li className="profile-item" data-testid="profile-item" data-kind={item.kind}>
      <div className="profile-item-head">
        <span className="profile-item-number">{n}.</span>
        <span className="profile-item-title">{itemTitle(item)}</span>
        <span className="spacer" />
        <button type="button" className="small" aria-label={`Move item ${n} up`} disabled={index === 0} onClick={() => void moveItem(item.id, index - 1)}>
          Up
        </button>
        <button type="button" className="small" aria-label={`Move item ${n} down`} disabled={index === count - 1} onClick={() => void moveItem(item.id, index + 1)}>
          Down
        </button>
        <button type="button" className="small" aria-label={`Remove item ${n}`} onClick={() => void removeItem(item.id)}>
          Remove
        </button>
      </div>
      {item.kind === 'text' ? (
        <textarea aria-label={`Commentary of item ${n}`} value={text} rows={3} onChange={(e) => setText(e.target.value)} onBlur={commitText} />
      ) : (
        <input
          aria-label={`Caption of item ${n}`}
          placeholder={item.viewName ?? 'Default caption'}
          value={caption}
          onChange={(e) => setCaption(e.target.value)}
          onBlur={commitCaption}
          onKeyDown={(e) => e.key === 'Enter' && commitCaption()}
        />
      )}
    </li>
  );
}

function AddItems() {
  const views = useViewsStore((s) => s.views);
  const [viewName, setViewName] = useState('');
  const [caption, setCaption] = useState('');
  const [flagsBy, setFlagsBy] = useState<Dimension>('crime_type');
  const [commentary, setCommentary] = useState('');
  const chosenView = views.some((v) => v.name === viewName) ? viewName : (views[0]?.name ?? '');

  const onAddView = (event: FormEvent): void => {
    event.preventDefault();
    if (chosenView === '') return;
    void addItem({ kind: 'view', viewName: chosenView, ...(caption.trim() === '' ? {} : { caption: caption.trim() }) }).then((ok) => ok && setCaption(''));
  };
  const onAddText = (event: FormEvent): void => {
    event.preventDefault();
    if (commentary.trim() === '') return;
    void addItem({ kind: 'text', text: commentary }).then((ok) => ok && setCommentary(''));
  };
  return (
    <div className="profile-add">
      <form className="profile-add-form" onSubmit={onAddView}>
        <h3>Add a saved view</h3>
        {views.length === 0 ? (
          <p className="muted">Save a view on the Pivot screen first; its chart (or table) goes into the profile.</p>
        ) : (
          <>
            <label className="inline-field">
              View
              <select value={chosenView} onChange={(e) => setViewName(e.target.value)} data-testid="profile-view-select">
                {views.map((v) => (
                  <option key={v.name} value={v.name}>
                    {v.name} ({v.chart === 'table' ? 'table' : 'chart'})
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              Caption
              <input value={caption} placeholder="The view's name" onChange={(e) => setCaption(e.target.value)} data-testid="profile-view-caption" />
            </label>
            <button type="submit" data-testid="profile-add-view">
              Add view
            </button>
          </>
        )}
      </form>
      <form
        className="profile-add-form"
        onSubmit={(event) => {
          event.preventDefault();
          void addFlagsSummary({ by: [flagsBy], filters: [] });
        }}
      >
        <h3>Add a flags summary</h3>
        <label className="inline-field">
          By
          <select value={flagsBy} onChange={(e) => setFlagsBy(e.target.value as Dimension)}>
            {FLAG_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {DIMENSION_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="profile-add-flags">
          Add flags summary
        </button>
      </form>
      <form className="profile-add-form profile-add-text" onSubmit={onAddText}>
        <h3>Add commentary</h3>
        <textarea aria-label="Commentary" rows={3} value={commentary} onChange={(e) => setCommentary(e.target.value)} data-testid="profile-commentary" />
        <button type="submit" data-testid="profile-add-text" disabled={commentary.trim() === ''}>
          Add commentary
        </button>
      </form>
    </div>
  );
}

function SelectedProfile({ name }: { name: string }) {
  const profile = useProfilesStore((s) => s.profile);
  const suppression = useProfilesStore((s) => s.suppression);
  const isExporting = useProfilesStore((s) => s.isExporting);
  const isPlanning = useProfilesStore((s) => s.planningRequestId !== null);
  const planningProgress = useProfilesStore((s) => s.planningProgress);
  const items = profile?.name === name ? profile.items : [];
  return (
    <section className="profile-body" aria-label={`Profile ${name}`} data-testid="profile-body">
      <div className="profile-header">
        <h2>{name}</h2>
        <span className="spacer" />
        <label className="check">
          <input type="checkbox" checked={suppression} onChange={(e) => useProfilesStore.setState({ suppression: e.target.checked })} data-testid="profile-suppression" />
          Suppress counts below 5 (statistical disclosure control)
        </label>
        <button type="button" className="primary" disabled={items.length === 0 || isExporting} onClick={() => void exportProfileDocx()} data-testid="profile-export">
          {isExporting ? 'Exporting…' : 'Export Word (.docx)'}
        </button>
        <button type="button" disabled={items.length === 0 || isExporting} onClick={() => void exportProfilePdf()} data-testid="profile-export-pdf">
          Export PDF (print)
        </button>
        {isPlanning && (
          <>
            {/* Not a live region: it changes every round, and the button already says "Exporting…". */}
            <span className="muted" data-testid="profile-export-progress">
              {planningProgress === null
                ? 'Working out the profile…'
                : `Disclosure control, round ${formatCount(planningProgress.round)}: ${formatCount(planningProgress.withheld)} counts withheld so far`}
            </span>
            <button type="button" onClick={cancelProfileExport} data-testid="profile-export-cancel">
              Cancel export
            </button>
          </>
        )}
        {profile !== null && (
          <button type="button" onClick={() => void deleteProfile(name)}>
            Delete profile
          </button>
        )}
      </div>
      {items.length === 0 ? (
        <p className="muted">This profile is empty: add a saved view, a flags summary or commentary below. It is kept in the workbench once it has an item.</p>
      ) : (
        <ol className="profile-items">
          {items.map((item, index) => (
            <ItemEditor key={`${item.id}:${item.caption ?? ''}:${item.text ?? ''}`} item={item} index={index} count={items.length} />
          ))}
        </ol>
      )}
      <AddItems />
    </section>
  );
}

export function ProfilesPanel() {
  const summaries = useProfilesStore((s) => s.summaries);
  const selectedName = useProfilesStore((s) => s.selectedName);
  const dataVersion = useWorkbenchStore((s) => s.dataVersion);
  const [newName, setNewName] = useState('');
  useEffect(() => {
    void loadProfiles();
  }, [dataVersion]);
  const onCreate = (event: FormEvent): void => {
    event.preventDefault();
    if (newName.trim() === '') return;
    startProfile(newName);
    setNewName('');
  };
  return (
    <div className="screen profiles-screen" data-testid="profiles-panel">
      <div className="screen-header">
        <h2>Local profiles</h2>
        <p className="method-note">
          A profile is a Word document (or PDF) built from saved views, charts from the Charts tab, flags summaries and commentary, in the order
          listed. Charts use the workbench chart theme at A4 width; counts below 5 are suppressed, in tables and charts alike, unless you untick the
          option.
        </p>
      </div>
      <div className="profiles-body">
        <aside className="profile-list-pane">
          <form className="inline-form" onSubmit={onCreate}>
            <input aria-label="New profile name" placeholder="New profile name…" value={newName} onChange={(e) => setNewName(e.target.value)} data-testid="profile-name" />
            <button type="submit" className="small" disabled={newName.trim() === ''} data-testid="profile-create">
              Create
            </button>
          </form>
          <ul className="view-list">
            {summaries.map((s) => (
              <li key={s.name} className={s.name === selectedName ? 'view-entry opened' : 'view-entry'}>
                <button type="button" className="link view-name" onClick={() => void selectProfile(s.name)} title={`Changed ${formatTimestamp(s.modifiedAt)}`}>
                  {s.name}
                </button>
                <span className="muted">
                  {s.items} item{s.items === 1 ? '' : 's'}
                </span>
              </li>
            ))}
            {selectedName !== null && !summaries.some((s) => s.name === selectedName) && (
              <li className="view-entry opened">
                <span className="view-name">{selectedName}</span>
                <span className="muted">new, not stored until it has an item</span>
              </li>
            )}
          </ul>
        </aside>
        {selectedName === null ? <p className="muted empty-screen">Create a profile or choose one on the left.</p> : <SelectedProfile name={selectedName} />}
      </div>
    </div>
  );
}
