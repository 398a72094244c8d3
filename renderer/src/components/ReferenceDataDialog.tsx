/**
 * Reference data: which Home Office offence group each crime type counts
 * in, and the victim age band set. Both are kept in the workbench; a change
 * is saved at once (the workbench becomes dirty) and the pivot follows.
 */
import { useEffect, useMemo, useState } from 'react';
import { type AgeBand, MAX_AGE, type StoredAgeBand, UNKNOWN_AGE_BAND, ageBandProblem } from '../../../shared/age-bands';
import { type CrimeTypeGroup, OFFENCE_GROUPS } from '../../../shared/offence-groups';
import { changeAgeBands, changeOffenceGroup, loadAgeBands, loadOffenceGroups } from '../actions/reference-actions';
import { formatCount } from '../format';
import { REFERENCE_TABS, type ReferenceTab, useReferenceStore } from '../state/reference-store';
import { Modal } from './Modal';

const NOT_MAPPED = '';
const TAB_LABELS: Readonly<Record<ReferenceTab, string>> = { 'offence-groups': 'Offence groups', 'age-bands': 'Victim age bands' };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function OffenceGroupsEditor() {
  const [groups, setGroups] = useState<CrimeTypeGroup[] | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    loadOffenceGroups().then(setGroups, (e: unknown) => setError(messageOf(e)));
  }, []);

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (groups ?? []).filter((g) => needle === '' || g.crimeType.toLowerCase().includes(needle) || (g.group ?? 'not mapped').toLowerCase().includes(needle));
  }, [groups, filter]);

  const choose = (crimeType: string, value: string): void => {
    setBusy(crimeType);
    setError(null);
    changeOffenceGroup(crimeType, value === NOT_MAPPED ? null : value)
      .then(setGroups, (e: unknown) => setError(messageOf(e)))
      .finally(() => setBusy(null));
  };

  if (groups === null) return error === null ? <p className="muted">Reading the crime types…</p> : <p className="panel-error">{error}</p>;
  const unmapped = groups.filter((g) => g.group === null).length;
  return (
    <>
      <p className="muted">
        Each crime type counts in one Home Office offence group in pivots by offence group. police.uk categories and the force&apos;s own crime
        types are mapped by rule; change any of them here.{' '}
        {unmapped > 0 && <strong data-testid="unmapped-count">{formatCount(unmapped)} crime types are not mapped.</strong>}
      </p>
      <input
        type="search"
        className="reference-filter"
        placeholder="Find a crime type or group…"
        aria-label="Find a crime type or group"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      {error !== null && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
      {groups.length === 0 ? (
        <p className="muted">No crime types yet: import an extract first.</p>
      ) : (
        <div className="reference-table">
          <table className="data-table" data-testid="offence-group-table">
            <thead>
              <tr>
                <th scope="col">Crime type</th>
                <th scope="col" className="num">
                  Records
                </th>
                <th scope="col">Offence group</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((g) => (
                <tr key={g.crimeType} data-crime-type={g.crimeType}>
                  <td>{g.crimeType}</td>
                  <td className="num">{formatCount(g.records)}</td>
                  <td>
                    <select
                      aria-label={`Offence group of ${g.crimeType}`}
                      value={g.group ?? NOT_MAPPED}
                      disabled={busy !== null}
                      onChange={(event) => choose(g.crimeType, event.target.value)}
                    >
                      <option value={NOT_MAPPED}>Not mapped</option>
                      {OFFENCE_GROUPS.map((name) => (
                        <option key={name} value={name}>
                          {name}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** One editable band: its first age and last age as typed (last blank = open-ended). */
interface BandRow {
  key: number;
  from: string;
  to: string;
}

const WHOLE = /^\d{1,3}$/;

/** The band set the rows describe (names follow the ages: 18-24, 65+) and Unknown, or the first thing wrong. */
function bandsOf(rows: readonly BandRow[]): { bands: AgeBand[]; problem: string | null } {
  const bands: AgeBand[] = [];
  for (const [i, row] of rows.entries()) {
    const from = row.from.trim();
    const to = row.to.trim();
    if (!WHOLE.test(from)) return { bands, problem: `Band ${i + 1}: the first age must be a whole number from 0 to ${MAX_AGE}.` };
    if (to !== '' && !WHOLE.test(to)) return { bands, problem: `Band ${i + 1}: the last age must be a whole number, or blank for "and over".` };
    const minAge = Number(from);
    const maxAge = to === '' ? null : Number(to);
    bands.push({ name: maxAge === null ? `${minAge}+` : `${minAge}-${maxAge}`, minAge, maxAge });
  }
  bands.push({ name: UNKNOWN_AGE_BAND, minAge: null, maxAge: null });
  return { bands, problem: ageBandProblem(bands) };
}

let nextKey = 0;
const rowsOf = (bands: readonly StoredAgeBand[]): BandRow[] =>
  bands
    .filter((b) => b.minAge !== null)
    .map((b) => ({ key: nextKey++, from: String(b.minAge ?? ''), to: b.maxAge === null ? '' : String(b.maxAge) }));

function AgeBandsEditor() {
  const [stored, setStored] = useState<StoredAgeBand[] | null>(null);
  const [rows, setRows] = useState<BandRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  useEffect(() => {
    loadAgeBands().then(
      (bands) => {
        setStored(bands);
        setRows(rowsOf(bands));
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);

  const { bands, problem } = bandsOf(rows);
  const savedNames = (stored ?? []).filter((b) => b.minAge !== null).map((b) => `${b.minAge ?? ''}:${b.maxAge ?? ''}`);
  const isChanged = stored !== null && rows.map((r) => `${r.from.trim()}:${r.to.trim()}`).join(',') !== savedNames.join(',');
  const namedOnly = (stored ?? []).filter((b) => b.minAge === null && b.name !== UNKNOWN_AGE_BAND);

  const edit = (key: number, part: 'from' | 'to', value: string): void => setRows((current) => current.map((r) => (r.key === key ? { ...r, [part]: value } : r)));
  const remove = (key: number): void => setRows((current) => current.filter((r) => r.key !== key));
  // A new band splits off the top of the last one: "65+" becomes "65-74" and "75+".
  const add = (): void =>
    setRows((current) => {
      const last = current[current.length - 1];
      if (last === undefined) return [{ key: nextKey++, from: '0', to: '' }];
      const from = Number(last.from);
      const split = Number.isInteger(from) ? String(Math.min(from + 10, MAX_AGE)) : '';
      return [...current.slice(0, -1), { ...last, to: split === '' ? last.to : String(Number(split) - 1) }, { key: nextKey++, from: split, to: last.to }];
    });

  const save = (): void => {
    if (problem !== null) return;
    setSaving(true);
    setError(null);
    changeAgeBands(bands)
      .then(
        (saved) => {
          setStored(saved);
          setRows(rowsOf(saved));
        },
        (e: unknown) => setError(messageOf(e)),
      )
      .finally(() => setSaving(false));
  };

  if (stored === null) return error === null ? <p className="muted">Reading the age bands…</p> : <p className="panel-error">{error}</p>;
  return (
    <>
      <p className="muted">
        Victims are banded by their age at the offence. Every age from 0 to {MAX_AGE} must be in exactly one band; leave the last age of the
        top band blank for &quot;and over&quot;. Records with no age are {UNKNOWN_AGE_BAND}, which is always kept. Saving bands every record with an
        age again.
      </p>
      <table className="data-table age-band-table" data-testid="age-band-table">
        <thead>
          <tr>
            <th scope="col">Band</th>
            <th scope="col">From age</th>
            <th scope="col">To age</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.key}>
              <td>{bands[i]?.name ?? '—'}</td>
              <td>
                <input
                  type="text"
                  inputMode="numeric"
                  size={4}
                  aria-label={`Band ${i + 1} from age`}
                  data-testid={`band-${i}-from`}
                  value={row.from}
                  onChange={(event) => edit(row.key, 'from', event.target.value)}
                />
              </td>
              <td>
                <input
                  type="text"
                  inputMode="numeric"
                  size={4}
                  placeholder="and over"
                  aria-label={`Band ${i + 1} to age`}
                  data-testid={`band-${i}-to`}
                  value={row.to}
                  onChange={(event) => edit(row.key, 'to', event.target.value)}
                />
              </td>
              <td>
                <button type="button" className="small" aria-label={`Remove band ${i + 1}`} disabled={rows.length <= 1} onClick={() => remove(row.key)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          <tr className="muted">
            <td>{UNKNOWN_AGE_BAND}</td>
            <td colSpan={3}>no age recorded (always kept)</td>
          </tr>
        </tbody>
      </table>
      {namedOnly.length > 0 && (
        <p className="muted">Bands named in extracts without ages are kept as given: {namedOnly.map((b) => b.name).join(', ')}.</p>
      )}
      {(problem ?? error) !== null && (
        <p className="panel-error" role="alert" data-testid="age-band-error">
          {problem ?? error}
        </p>
      )}
      <div className="reference-actions">
        <button type="button" onClick={add}>
          Add band
        </button>
        <button
          type="button"
          onClick={() => setRows(rowsOf(stored))}
          disabled={!isChanged || isSaving}
        >
          Undo changes
        </button>
        <button type="button" className="primary" data-testid="save-age-bands" disabled={problem !== null || !isChanged || isSaving} onClick={save}>
          Save age bands
        </button>
      </div>
    </>
  );
}

export function ReferenceDataDialog() {
  const { isOpen, tab, close, setTab } = useReferenceStore();
  if (!isOpen) return null;
  return (
    <Modal
      title="Reference data"
      onCancel={close}
      testId="reference-data"
      wide
      actions={
        <button type="button" className="primary" onClick={close}>
          Close
        </button>
      }
    >
      <div className="screen-tabs reference-tabs" role="tablist" aria-label="Reference data">
        {REFERENCE_TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} data-testid={`reference-tab-${t}`} onClick={() => setTab(t)}>
            {TAB_LABELS[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TAB_LABELS[tab]}>
        {tab === 'offence-groups' ? <OffenceGroupsEditor /> : <AgeBandsEditor />}
      </div>
    </Modal>
  );
}
