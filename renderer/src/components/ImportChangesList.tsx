import { useState } from 'react';
import type { FieldChange, ImportChanges, ImportEntry } from '../../../shared/info';
import { command } from '../actions/command';
import { formatCount } from '../format';

/** The change log's field names in the analyst's words. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  record_type: 'Record type',
  month: 'Month',
  day: 'Committed date',
  hour: 'Hour',
  crime_type: 'Crime type',
  district: 'District',
  ward: 'Ward',
  lsoa_code: 'LSOA',
  outcome: 'Outcome',
  easting: 'Easting',
  northing: 'Northing',
  latitude: 'Latitude',
  longitude: 'Longitude',
  victim_pseudonym: 'Victim',
  age_band: 'Victim age band',
  sex: 'Victim sex',
  domestic: 'Domestic',
  hate: 'Hate',
  alcohol: 'Alcohol',
  reported_day: 'Reported date',
  offence_code: 'Offence code',
  hate_strand: 'Hate strand',
  asb_category: 'ASB category',
  victim_age: 'Victim age',
  offender_age_band: 'Offender age band',
};

/** Stored codes as the extracts write them. */
const CODED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  record_type: { '1': 'crime', '2': 'incident' },
  sex: { '1': 'F', '2': 'M' },
  domestic: { '1': 'Y', '0': 'N' },
  hate: { '1': 'Y', '0': 'N' },
  alcohol: { '1': 'Y', '0': 'N' },
};

function valueText(change: FieldChange, value: string | null): string {
  if (change.field === 'victim_pseudonym') return '';
  if (value === null) return '(blank)';
  return CODED[change.field]?.[value] ?? value;
}

function changeText(change: FieldChange): string {
  const label = FIELD_LABELS[change.field] ?? change.field;
  // The victim is logged as a marker only: that it changed, never who.
  if (change.field === 'victim_pseudonym') return `${label} changed`;
  return `${label}: ${valueText(change, change.from)} → ${valueText(change, change.to)}`;
}

/**
 * What a district import's updates changed, read from its change log when
 * the analyst opens it: the most common changes first, with their records.
 */
export function ImportChangesList({ entry }: { entry: ImportEntry }) {
  const [changes, setChanges] = useState<ImportChanges | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (open: boolean): void => {
    if (!open || changes !== null) return;
    command('import/changes', { importId: entry.id }).then(setChanges, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <details className="import-changes" data-testid="import-changes" onToggle={(event) => load(event.currentTarget.open)}>
      <summary>What changed ({formatCount(entry.updated)} updated)</summary>
      {error !== null && <p role="alert">{error}</p>}
      {changes === null && error === null && <p className="muted">Reading the change log…</p>}
      {changes !== null && (
        <>
          <p className="muted">
            {formatCount(changes.records)} {changes.records === 1 ? 'record' : 'records'} changed. Fields this extract has no column for were kept as they were.
          </p>
          <ul>
            {changes.changes.map((change) => (
              <li key={`${change.field}|${change.from ?? ''}|${change.to ?? ''}`} data-testid="import-change">
                {changeText(change)} ({formatCount(change.records)})
              </li>
            ))}
          </ul>
          {changes.more > 0 && <p className="muted">and {formatCount(changes.more)} more kinds of change.</p>}
        </>
      )}
    </details>
  );
}
