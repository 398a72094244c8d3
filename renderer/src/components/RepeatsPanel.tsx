import { type ReactNode, useEffect, useId, useMemo } from 'react';
import { nearRepeatFlagText } from '../../../shared/analytics/near-repeat-flag-text';
import { formatDecimal, formatFraction } from '../../../shared/figures';
import { knoxHeatmap, nearRepeatScatter, timeToRepeatChart } from '../../../shared/analytics/repeats/charts';
import { REPEAT_GROUPS, type RepeatGroup } from '../../../shared/analytics/repeats-store';
import { monthSpan, sourceNote } from '../../../shared/charts/text';
import type { ChartText } from '../../../shared/charts/theme';
import { command } from '../actions/command';
import {
  cancelNearRepeat,
  cancelRepeatTask,
  exportTopVictims,
  flagNearRepeatsOnPivot,
  loadNearRepeatFlagState,
  runNearRepeat,
  runRepeatLocations,
  runRepeats,
  runTopVictims,
} from '../actions/repeats-actions';
import { formatCount, formatDay } from '../format';
import { type NearRepeatForm, type RepeatTask, useRepeatsStore } from '../state/repeats-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { AddToProfile } from './AddToProfile';
import { ThemedChart } from './ThemedChart';

export const REPEAT_GROUP_LABELS: Readonly<Record<RepeatGroup, string>> = {
  domestic: 'Domestic abuse',
  hate: 'Hate crime',
  asb: 'Anti-social behaviour',
  all: 'All records',
};

/** Progress and Cancel for a running repeat victims, top victims, locations or flag refill (nothing while it is not running). */
/** A progress bar with its Cancel button, for any long repeat analysis. */
function ProgressWithCancel(props: { label: string; percent: number; testId?: string; cancelTestId: string; onCancel: () => void }): ReactNode {
  return (
    <>
      <div className="progress-track" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={props.percent} data-testid={props.testId}>
        <div className="progress-fill" style={{ width: `${props.percent}%` }} />
      </div>
      <button type="button" data-testid={props.cancelTestId} onClick={props.onCancel}>
        Cancel
      </button>
    </>
  );
}

function TaskProgress({ task, label }: { task: RepeatTask; label: string }): ReactNode {
  const running = useRepeatsStore((s) => s.running[task]);
  if (running === undefined) return null;
  const progress = running.progress;
  const percent = progress === null || progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
  return <ProgressWithCancel label={label} percent={percent} testId={`${task}-progress`} cancelTestId={`${task}-cancel`} onCancel={() => cancelRepeatTask(task)} />;
}

function PanelError({ message, testId }: { message: string | null; testId: string }): ReactNode {
  if (message === null) return null;
  return (
    <p className="panel-error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

// Repeat rates as every figure reads (shared/figures.ts): to one decimal place, half away from zero.
const PERCENT = { format: (fraction: number): string => formatFraction(fraction) };

function isRepeatGroup(value: string): value is RepeatGroup {
  return (REPEAT_GROUPS as readonly string[]).includes(value);
}

function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="inline-field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

function NumberInput({ id, value, min, max, testId, onChange }: { id: string; value: number; min: number; max?: number; testId: string; onChange: (value: number) => void }) {
  return (
    <input
      id={id}
      type="number"
      className="number-input"
      data-testid={testId}
      value={value}
      min={min}
      max={max}
      onChange={(e) => {
        const next = Number(e.target.value);
        if (Number.isFinite(next) && next >= min) onChange(next);
      }}
    />
  );
}

// Percentage points of change on the year before: 0.2875 - 0.25 is 3.75 points (3.8), not Intl's 3.7 from 3.749999999999998.
const POINTS = { format: (points: number): string => formatDecimal(points, 1, { sign: true }) };
/** A change as a signed percentage to one decimal place, as the grid's changes read (+86.7%, 0.0%, -50.0%). */
const SIGNED_PERCENT = { format: (fraction: number): string => formatFraction(fraction, { sign: true }) };

function periodText(from: string | null, to: string | null): string {
  return from === null || to === null ? '' : monthSpan(from, to);
}

/** Chart text shared by the screen's charts: the source note names the district extracts. */
function useChartText(title: string, subtitle: string): ChartText {
  const info = useWorkbenchStore((s) => s.info);
  return useMemo(() => ({ title, subtitle, sourceNote: sourceNote(info, ['district']) }), [title, subtitle, info]);
}

function RepeatSection() {
  const form = useRepeatsStore((s) => s.repeat);
  const setRepeat = useRepeatsStore((s) => s.setRepeat);
  const rows = useRepeatsStore((s) => s.rows);
  const rowsRequest = useRepeatsStore((s) => s.rowsRequest);
  const error = useRepeatsStore((s) => s.repeatError);
  const isRunning = useRepeatsStore((s) => s.running.repeat !== undefined);
  const first = rows?.[0];
  const period = first === undefined ? '' : periodText(first.period_from, first.period_to);
  const previous = first === undefined ? '' : periodText(first.previous_from, first.previous_to);
  const gaps = useMemo(() => (rows ?? []).flatMap((r) => r.days_to_repeat), [rows]);
  const text = useChartText(
    `Time to repeat: ${REPEAT_GROUP_LABELS[form.group].toLowerCase()}`,
    `${formatCount(gaps.length)} repeats within ${formatCount(form.windowDays)} days${period === '' ? '' : `, ${period}`}; days from a victim's record to their next`,
  );
  const build = useMemo(
    () => (rows === null || gaps.length === 0 ? null : (chartText: ChartText, width: number) => timeToRepeatChart({ daysToRepeat: gaps, windowDays: form.windowDays, text: chartText, width })),
    [rows, gaps, form.windowDays],
  );
  return (
    <section className="repeat-section" aria-labelledby="repeat-heading">
      <h3 id="repeat-heading">Repeat victims</h3>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void runRepeats();
        }}
      >
        <Labelled label="Group">
          {(id) => (
            <select id={id} data-testid="repeat-group" value={form.group} onChange={(e) => isRepeatGroup(e.target.value) && setRepeat({ group: e.target.value })}>
              {REPEAT_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {REPEAT_GROUP_LABELS[g]}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        <Labelled label="Window (days)">
          {(id) => <NumberInput id={id} testId="repeat-window" value={form.windowDays} min={1} onChange={(windowDays) => setRepeat({ windowDays })} />}
        </Labelled>
        <Labelled label="By">
          {(id) => (
            <select id={id} data-testid="repeat-by" value={form.byDistrict ? 'district' : 'none'} onChange={(e) => setRepeat({ byDistrict: e.target.value === 'district' })}>
              <option value="district">District</option>
              <option value="none">Whole area</option>
            </select>
          )}
        </Labelled>
        <button type="submit" className="primary" data-testid="repeat-run" disabled={isRunning}>
          {isRunning ? 'Running…' : 'Run'}
        </button>
        <TaskProgress task="repeat" label="Repeat victims" />
      </form>
      <PanelError message={error} testId="repeat-error" />
      {rows === null && error === null && !isRunning && (
        <p className="muted" data-testid="repeat-empty">
          Choose a group and a window, then Run: the victims with another record within the window of one, {form.byDistrict ? 'by district' : 'for the whole area'}, against the same months a year earlier.
        </p>
      )}
      {rows !== null && (
        <>
          {period !== '' && (
            <p className="muted" data-testid="repeat-period">
              {period} against the same months a year earlier ({previous}). Within {formatCount(form.windowDays)} days includes exactly {formatCount(form.windowDays)} days apart.
              {first?.previous_note === null || first?.previous_note === undefined ? '' : ` ${first.previous_note}`}
            </p>
          )}
          <div className="repeat-results">
            <table className="data-table" data-testid="repeat-table">
              <thead>
                <tr>
                  <th scope="col">{form.byDistrict ? 'District' : 'Area'}</th>
                  <th scope="col" className="num">Victims</th>
                  <th scope="col" className="num">Repeat victims</th>
                  <th scope="col" className="num">Repeat rate</th>
                  <th scope="col" className="num">Rate a year earlier</th>
                  <th scope="col" className="num">Change (points)</th>
                  <th scope="col" className="num">Repeat victims change</th>
                  <th scope="col" className="num">Records</th>
                  <th scope="col" className="num">Repeat records</th>
                  <th scope="col" className="num">Median days to repeat</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const label = Object.values(row.series).join(', ') || 'All';
                  return (
                    <tr key={label} data-series={label}>
                      <th scope="row">{label}</th>
                      <td className="num">{formatCount(row.victims)}</td>
                      <td className="num">{formatCount(row.repeat_victims)}</td>
                      <td className="num" data-testid="repeat-rate">{row.repeat_rate === null ? '' : PERCENT.format(row.repeat_rate)}</td>
                      <td className="num" data-testid="repeat-previous-rate">{row.previous_repeat_rate === null ? (row.previous_note === null ? 'no records' : 'before the data') : PERCENT.format(row.previous_repeat_rate)}</td>
                      <td className="num" data-testid="repeat-rate-change">{row.repeat_rate_change === null ? '' : POINTS.format(row.repeat_rate_change * 100)}</td>
                      <td className="num" data-testid="repeat-victims-change">{row.repeat_victims_change === null ? '' : SIGNED_PERCENT.format(row.repeat_victims_change)}</td>
                      <td className="num">{formatCount(row.records)}</td>
                      <td className="num">{formatCount(row.repeat_records)}</td>
                      <td className="num">{row.median_days_to_repeat === null ? '' : formatCount(row.median_days_to_repeat)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <ThemedChart heading="Time to repeat" text={text} build={build} baseName={`time-to-repeat-${form.group}`} testId="repeat-histogram" placeholder="No repeats in this group." />
          </div>
          {/* The table goes into a profile as its request, run again at export with disclosure control. */}
          <AddToProfile item={rowsRequest === null ? null : { kind: 'analysis', analysis: { analysis: 'repeats', request: rowsRequest } }} nameTestId="repeat-profile-name" addTestId="repeat-profile-add" />
        </>
      )}
    </section>
  );
}

/** Most-repeated victims, by pseudonym only, for safeguarding referral; the CSV leaves only after a personal-data warning. */
function TopVictimsSection() {
  const topCount = useRepeatsStore((s) => s.topCount);
  const isTopRunning = useRepeatsStore((s) => s.running['top-victims'] !== undefined);
  const victims = useRepeatsStore((s) => s.topVictims);
  const selected = useRepeatsStore((s) => s.selectedVictim);
  const error = useRepeatsStore((s) => s.topError);
  const chosen = victims?.find((v) => v.pseudonym === selected) ?? null;
  return (
    <section className="repeat-section" aria-labelledby="top-victims-heading" data-testid="top-victims">
      <h3 id="top-victims-heading">Most-repeated victims (safeguarding)</h3>
      <p className="muted">Victims are shown by pseudonym only; the group, window and months are those of Repeat victims above. This list is personal data.</p>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void runTopVictims();
        }}
      >
        <Labelled label="How many">
          {(id) => <NumberInput id={id} testId="top-count" value={topCount} min={1} max={500} onChange={(value) => useRepeatsStore.setState({ topCount: Math.round(value) })} />}
        </Labelled>
        <button type="submit" className="primary" data-testid="top-run" disabled={isTopRunning}>
          List victims
        </button>
        <TaskProgress task="top-victims" label="Top victims" />
        <button type="button" data-testid="top-export" disabled={victims === null || victims.length === 0} onClick={() => void exportTopVictims()}>
          Export CSV (personal data)…
        </button>
      </form>
      <PanelError message={error} testId="top-error" />
      {victims !== null && victims.length === 0 && <p className="muted">No repeat victims in this group.</p>}
      {victims !== null && victims.length > 0 && (
        <div className="repeat-results">
          <table className="data-table" data-testid="top-table">
            <thead>
              <tr>
                <th scope="col">Victim (pseudonym)</th>
                <th scope="col" className="num">Records</th>
                <th scope="col" className="num">Repeat records</th>
                <th scope="col">First</th>
                <th scope="col">Latest</th>
              </tr>
            </thead>
            <tbody>
              {victims.map((v) => (
                <tr key={v.pseudonym} aria-selected={v.pseudonym === selected} className={v.pseudonym === selected ? 'selected' : ''}>
                  <th scope="row">
                    <button type="button" className="link-button" data-testid="top-victim" title={v.pseudonym} onClick={() => useRepeatsStore.setState({ selectedVictim: v.pseudonym })}>
                      {v.pseudonym.slice(0, 12)}
                    </button>
                  </th>
                  <td className="num">{formatCount(v.records)}</td>
                  <td className="num">{formatCount(v.repeat_records)}</td>
                  <td>{formatDay(v.first_date)}</td>
                  <td>{formatDay(v.last_date)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {chosen !== null && (
            <table className="data-table" data-testid="victim-records" aria-label={`Records of victim ${chosen.pseudonym.slice(0, 12)}`}>
              <caption>Records of {chosen.pseudonym.slice(0, 12)}</caption>
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Date</th>
                  <th scope="col">Crime type</th>
                  <th scope="col">District</th>
                  <th scope="col">Ward</th>
                  <th scope="col">Repeat</th>
                </tr>
              </thead>
              <tbody>
                {chosen.details.map((d, i) => (
                  <tr key={`${d.date}-${i}`}>
                    <td>{d.reference ?? ''}</td>
                    <td>{formatDay(d.date)}</td>
                    <td>{d.crime_type}</td>
                    <td>{d.district}</td>
                    <td>{d.ward}</td>
                    <td>{d.is_repeat ? 'Yes' : 'No'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

function LocationsSection() {
  const grid = useRepeatsStore((s) => s.locationGrid);
  const isLocationsRunning = useRepeatsStore((s) => s.running.locations !== undefined);
  const out = useRepeatsStore((s) => s.locations);
  const error = useRepeatsStore((s) => s.locationsError);
  return (
    <section className="repeat-section" aria-labelledby="locations-heading" data-testid="repeat-locations">
      <h3 id="locations-heading">Repeat locations</h3>
      <p className="muted">
        The same place (grid reference, or police.uk&apos;s snapped point) victimised again within the window. police.uk gives months only: records there count as within 365 days
        when at most 11 months apart.
      </p>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void runRepeatLocations();
        }}
      >
        <Labelled label="Grid square (m, 0 = exact point)">
          {(id) => <NumberInput id={id} testId="location-grid" value={grid} min={0} onChange={(value) => useRepeatsStore.setState({ locationGrid: value })} />}
        </Labelled>
        <button type="submit" className="primary" data-testid="locations-run" disabled={isLocationsRunning}>
          List locations
        </button>
        <TaskProgress task="locations" label="Repeat locations" />
      </form>
      <PanelError message={error} testId="locations-error" />
      {out !== null && (
        <>
          <p data-testid="locations-summary">
            {formatCount(out.repeat_locations)} of {formatCount(out.locations)} places were victimised again within the window ({formatCount(out.repeat_records)} of {formatCount(out.records)} records).
          </p>
          <table className="data-table" data-testid="locations-table">
            <thead>
              <tr>
                <th scope="col">Easting, northing</th>
                <th scope="col">Location</th>
                <th scope="col">LSOA</th>
                <th scope="col">Ward</th>
                <th scope="col">District</th>
                <th scope="col" className="num">Records</th>
                <th scope="col" className="num">Repeat records</th>
                <th scope="col">First</th>
                <th scope="col">Latest</th>
              </tr>
            </thead>
            <tbody>
              {out.top.map((place) => (
                <tr key={place.key}>
                  <th scope="row">{place.easting === null || place.northing === null ? place.key : `${place.easting}, ${place.northing}`}</th>
                  <td>{place.location ?? (place.latitude === null ? '' : `${place.latitude}, ${place.longitude ?? ''}`)}</td>
                  <td>{place.lsoa ?? ''}</td>
                  <td>{place.ward ?? ''}</td>
                  <td>{place.district}</td>
                  <td className="num">{formatCount(place.records)}</td>
                  <td className="num">{formatCount(place.repeat_records)}</td>
                  <td>{formatDay(place.first)}</td>
                  <td>{formatDay(place.last)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Crime types in the workbench; the burglary dwelling type first choice for the near-repeat test. */
function useCrimeTypes(): string[] {
  const dataVersion = useWorkbenchStore((s) => s.dataVersion);
  const crimeType = useRepeatsStore((s) => s.nearRepeat.crimeType);
  const setNearRepeat = useRepeatsStore((s) => s.setNearRepeat);
  const types = useRepeatsStore((s) => s.crimeTypes);
  useEffect(() => {
    let isCurrent = true;
    command('pivot/run', { spec: { rows: ['crime_type'], columns: [], measure: 'count', filters: [] } })
      .then((result) => {
        if (!isCurrent) return;
        const names = result.rows.map((r) => r.key[0] ?? '');
        useRepeatsStore.setState({ crimeTypes: names });
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [dataVersion]);
  useEffect(() => {
    if (types.length === 0 || types.includes(crimeType)) return;
    const dwelling = types.find((t) => /burglary.*(dwelling|residential)|residential.*burglary/i.test(t)) ?? types.find((t) => /burglary/i.test(t)) ?? types[0] ?? '';
    setNearRepeat({ crimeType: dwelling });
  }, [types, crimeType, setNearRepeat]);
  return types;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const BAND_FIELDS = [
  ['spaceBand', 'Space band (m)', 1],
  ['spaceBands', 'Space bands', 1],
  ['timeBand', 'Time band (days)', 1],
  ['timeBands', 'Time bands', 1],
  ['permutations', 'Permutations', 19],
  ['seed', 'Seed', 0],
  ['flagSpace', 'Flag within (m)', 1],
  ['flagDays', 'Flag within (days)', 1],
] as const satisfies readonly (readonly [keyof NearRepeatForm, string, number])[];

function NearRepeatSection() {
  const types = useCrimeTypes();
  const form = useRepeatsStore((s) => s.nearRepeat);
  const setNearRepeat = useRepeatsStore((s) => s.setNearRepeat);
  const requestId = useRepeatsStore((s) => s.nearRepeatRequestId);
  const progress = useRepeatsStore((s) => s.nearRepeatProgress);
  const knox = useRepeatsStore((s) => s.knox);
  const knoxRequest = useRepeatsStore((s) => s.knoxRequest);
  const error = useRepeatsStore((s) => s.nearRepeatError);
  const isRunning = requestId !== null;
  const percent = progress === null || progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
  const flagSummary = useRepeatsStore((s) => s.flagSummary);
  const isFlagging = useRepeatsStore((s) => s.running.flags !== undefined);
  const flagState = useRepeatsStore((s) => s.flagState);
  const dataVersion = useWorkbenchStore((s) => s.dataVersion);
  useEffect(() => {
    void loadNearRepeatFlagState();
  }, [dataVersion]);
  const knoxText = useChartText(
    `Knox ratios: ${knox === null ? '' : form.crimeType} near repeats`,
    knox === null ? '' : `${formatCount(knox.events)} events; ${formatCount(knox.permutations)} permutations, seed ${knox.seed}; * p <= 0.05; bands [a, b)`,
  );
  const knoxBuild = useMemo(() => (knox === null ? null : (chartText: ChartText, width: number) => knoxHeatmap({ knox, text: chartText, width })), [knox]);
  const points = knox?.points;
  const scatterText = useChartText(
    `Near repeats: ${form.crimeType}`,
    knox === null ? '' : `Events within ${knox.flag_space ?? form.flagSpace} m and ${knox.flag_days ?? form.flagDays} days after another, against the others (British National Grid)`,
  );
  const scatterBuild = useMemo(
    () => (points === undefined ? null : (chartText: ChartText, width: number) => nearRepeatScatter({ x: points.x, y: points.y, nearRepeat: points.near_repeat, text: chartText, width })),
    [points],
  );
  return (
    <section className="repeat-section" aria-labelledby="near-repeat-heading">
      <h3 id="near-repeat-heading">Near repeats (Knox test)</h3>
      {flagState !== null && (flagState.crimeTypes.length > 0 || flagState.setAt !== null) && (
        <p className="muted" data-testid="near-repeat-flag-settings">
          {nearRepeatFlagText(flagState)}
        </p>
      )}
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void runNearRepeat();
        }}
      >
        <Labelled label="Crime type">
          {(id) => (
            <select id={id} data-testid="near-repeat-crime-type" value={form.crimeType} onChange={(e) => setNearRepeat({ crimeType: e.target.value })}>
              {types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        {BAND_FIELDS.map(([key, label, min]) => (
          <Labelled key={key} label={label}>
            {(id) => <NumberInput id={id} testId={`near-repeat-${key}`} value={form[key]} min={min} onChange={(value) => setNearRepeat({ [key]: value })} />}
          </Labelled>
        ))}
        <button type="submit" className="primary" data-testid="near-repeat-run" disabled={isRunning || form.crimeType === ''}>
          Run
        </button>
        {isRunning && <ProgressWithCancel label="Near-repeat test" percent={percent} cancelTestId="near-repeat-cancel" onCancel={cancelNearRepeat} />}
      </form>
      <PanelError message={error} testId="near-repeat-error" />
      {knox !== null && (
        <>
          <p data-testid="near-repeat-share">
            Near-repeat share: <strong>{knox.near_repeat_share === null ? 'not available' : PERCENT.format(knox.near_repeat_share)}</strong> of {formatCount(knox.events)} events
            followed another within {formatCount(knox.flag_space ?? form.flagSpace)} m and {formatCount(knox.flag_days ?? form.flagDays)} days.
          </p>
          <div className="form-row">
            <button type="button" data-testid="near-repeat-flag-pivot" disabled={isFlagging} onClick={() => void flagNearRepeatsOnPivot()}>
              Flag these on the pivot
            </button>
            <TaskProgress task="flags" label="Near-repeat flags" />
            {flagSummary !== null && (
              <span className="muted" data-testid="near-repeat-flag-summary">
                Pivot dimension Near repeat: {formatCount(flagSummary.flagged)} Yes of {formatCount(flagSummary.assessed)} assessed ({flagSummary.crimeTypes.map((t) => t.crimeType).join(', ')}; within{' '}
                {formatCount(flagSummary.settings.flagSpace)} m and {formatCount(flagSummary.settings.flagDays)} days); other records are Not assessed.
              </span>
            )}
          </div>
          <div className="repeat-results">
            <ThemedChart heading="Knox ratios" text={knoxText} build={knoxBuild} baseName={`knox-${slug(form.crimeType)}`} testId="knox-chart" />
            <ThemedChart heading="Near-repeat events" text={scatterText} build={scatterBuild} baseName={`near-repeats-${slug(form.crimeType)}`} testId="near-repeat-scatter" placeholder="No positions to plot." />
          </div>
          {/* The Knox table of pairs by distance and days apart (not the scatter of events, which places them). */}
          <AddToProfile item={knoxRequest === null ? null : { kind: 'analysis', analysis: { analysis: 'near-repeat', request: knoxRequest } }} nameTestId="knox-profile-name" addTestId="knox-profile-add" />
        </>
      )}
    </section>
  );
}

/**
 * Repeat and near-repeat victimisation. Both need dated, victim-level
 * records (district extracts); with police.uk data the worker's message
 * says so and is shown as it is.
 */
export function RepeatsPanel() {
  return (
    <section className="screen repeats-screen" aria-labelledby="repeats-heading" data-testid="repeats-panel">
      <div className="screen-header">
        <h2 id="repeats-heading">Repeat victimisation</h2>
        <p className="method-note">
          A repeat victim has two or more records within the window (365 days includes exactly 365 days apart). Victims are only ever seen as pseudonyms. The Pivot
          tab&apos;s filters apply, and its months (else the latest 12 months of data), compared with the same months a year earlier.
        </p>
      </div>
      <div className="repeats-body">
        <RepeatSection />
        <TopVictimsSection />
        <LocationsSection />
        <NearRepeatSection />
      </div>
    </section>
  );
}
