import { type ReactNode, useEffect, useId, useMemo } from 'react';
import { REPEAT_GROUPS, type NearRepeatOutput, type RepeatGroup, type RepeatsRow } from '../../../shared/analytics/repeats-store';
import { command } from '../actions/command';
import { cancelNearRepeat, runNearRepeat, runRepeats } from '../actions/repeats-actions';
import { CHART_FONT, type ChartOption, chartTitle } from '../charts/echarts';
import { formatCount } from '../format';
import { type NearRepeatForm, useRepeatsStore } from '../state/repeats-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { ChartFrame } from './ChartFrame';

const GROUP_LABELS: Readonly<Record<RepeatGroup, string>> = {
  domestic: 'Domestic abuse',
  hate: 'Hate crime',
  asb: 'Anti-social behaviour',
  all: 'All records',
};

const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

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

/** Days from one record of a victim to their next, in 30-day bins (the last bin open-ended). */
function histogramOption(rows: readonly RepeatsRow[], windowDays: number, _isExport: boolean): ChartOption {
  const width = 30;
  const bins = Math.max(1, Math.ceil(windowDays / width));
  const counts = Array.from({ length: bins }, () => 0);
  for (const row of rows) {
    for (const days of row.days_to_repeat) {
      const bin = Math.min(bins - 1, Math.floor(days / width));
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
  }
  const labels = counts.map((_, i) => `[${i * width}, ${(i + 1) * width})`);
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT },
    title: chartTitle('Time to repeat', `${formatCount(total)} repeats within ${formatCount(windowDays)} days, in ${width}-day bands`),
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 24, top: 72, bottom: 48 },
    xAxis: { type: 'category', data: labels, name: 'days', nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', minInterval: 1, name: 'repeats' },
    series: [{ type: 'bar', name: 'Repeats', data: counts, itemStyle: { color: '#1d4f91' }, barCategoryGap: '10%' }],
  };
}

function RepeatSection() {
  const form = useRepeatsStore((s) => s.repeat);
  const setRepeat = useRepeatsStore((s) => s.setRepeat);
  const rows = useRepeatsStore((s) => s.rows);
  const error = useRepeatsStore((s) => s.repeatError);
  const isRunning = useRepeatsStore((s) => s.isRepeatRunning);
  const option = useMemo(() => (rows === null || rows.length === 0 ? null : (isExport: boolean) => histogramOption(rows, form.windowDays, isExport)), [rows, form.windowDays]);
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
                  {GROUP_LABELS[g]}
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
      </form>
      {error !== null && (
        <p className="panel-error" role="alert" data-testid="repeat-error">
          {error}
        </p>
      )}
      {rows !== null && (
        <div className="repeat-results">
          <table className="data-table" data-testid="repeat-table">
            <thead>
              <tr>
                <th scope="col">{form.byDistrict ? 'District' : 'Area'}</th>
                <th scope="col" className="num">Victims</th>
                <th scope="col" className="num">Repeat victims</th>
                <th scope="col" className="num">Repeat rate</th>
                <th scope="col" className="num">Records</th>
                <th scope="col" className="num">Repeat records</th>
                <th scope="col" className="num">Median days to repeat</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const label = Object.values(row.series).join(', ') || 'All';
                return (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    <td className="num">{formatCount(row.victims)}</td>
                    <td className="num">{formatCount(row.repeat_victims)}</td>
                    <td className="num">{row.repeat_rate === null ? '' : PERCENT.format(row.repeat_rate)}</td>
                    <td className="num">{formatCount(row.records)}</td>
                    <td className="num">{formatCount(row.repeat_records)}</td>
                    <td className="num">{row.median_days_to_repeat === null ? '' : formatCount(row.median_days_to_repeat)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ChartFrame
            heading="Time to repeat"
            option={option}
            title="Time to repeat"
            description="repeats by days since the victim's previous record"
            baseName={`time-to-repeat-${form.group}`}
            testId="repeat-histogram"
            placeholder="No repeats in this group."
          />
        </div>
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

function knoxOption(knox: NearRepeatOutput, _isExport: boolean): ChartOption {
  const data = knox.knox_ratio.flatMap((row, s) =>
    row.map((ratio, t) => ({
      value: [t, s, ratio === null ? '-' : Math.round(ratio * 100) / 100],
      // Significant cells (p ≤ 0.05) are outlined and starred, so the mark survives greyscale print.
      itemStyle: knox.significant[s]?.[t] === true ? { borderColor: '#1b2533', borderWidth: 2 } : { borderColor: '#ffffff', borderWidth: 1 },
    })),
  );
  const ratios = knox.knox_ratio.flat().filter((v): v is number => v !== null);
  const spread = Math.max(0.2, ...ratios.map((v) => Math.abs(v - 1)));
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT },
    title: chartTitle('Knox ratios: near-repeat pattern', `${formatCount(knox.events)} events · ${formatCount(knox.permutations)} permutations, seed ${knox.seed} · * p ≤ 0.05 (outlined)`),
    tooltip: {
      formatter: (p) => {
        const value = Array.isArray(p) ? undefined : p.value;
        if (!Array.isArray(value)) return '';
        const t = Number(value[0]);
        const s = Number(value[1]);
        return `${knox.space_bands[s] ?? ''} m × ${knox.time_bands[t] ?? ''} days<br>Knox ratio ${String(value[2])}, observed ${knox.observed[s]?.[t] ?? ''}, expected ${(knox.expected[s]?.[t] ?? 0).toFixed(1)}, p = ${(knox.p_value[s]?.[t] ?? 1).toFixed(3)}`;
      },
    },
    grid: { left: 110, right: 90, top: 72, bottom: 56 },
    xAxis: { type: 'category', data: knox.time_bands, name: 'days apart', nameLocation: 'middle', nameGap: 32 },
    yAxis: { type: 'category', data: knox.space_bands, name: 'metres apart', inverse: true },
    visualMap: { type: 'continuous', min: 1 - spread, max: 1 + spread, right: 8, top: 'middle', precision: 2, inRange: { color: ['#5e3c99', '#b2abd2', '#f7f7f7', '#fdb863', '#e66101'] } },
    series: [
      {
        type: 'heatmap',
        name: 'Knox ratio',
        data,
        label: {
          show: true,
          formatter: (p) => {
            if (!Array.isArray(p.value)) return '';
            const s = Number(p.value[1]);
            const t = Number(p.value[0]);
            return `${String(p.value[2])}${knox.significant[s]?.[t] === true ? '*' : ''}`;
          },
        },
      },
    ],
  };
}

const BAND_FIELDS = [
  ['spaceBand', 'Space band (m)', 1],
  ['spaceBands', 'Space bands', 1],
  ['timeBand', 'Time band (days)', 1],
  ['timeBands', 'Time bands', 1],
  ['permutations', 'Permutations', 19],
  ['seed', 'Seed', 0],
] as const satisfies readonly (readonly [keyof NearRepeatForm, string, number])[];

function NearRepeatSection() {
  const types = useCrimeTypes();
  const form = useRepeatsStore((s) => s.nearRepeat);
  const setNearRepeat = useRepeatsStore((s) => s.setNearRepeat);
  const requestId = useRepeatsStore((s) => s.nearRepeatRequestId);
  const progress = useRepeatsStore((s) => s.nearRepeatProgress);
  const knox = useRepeatsStore((s) => s.knox);
  const error = useRepeatsStore((s) => s.nearRepeatError);
  const isRunning = requestId !== null;
  const percent = progress === null || progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
  const option = useMemo(() => (knox === null ? null : (isExport: boolean) => knoxOption(knox, isExport)), [knox]);
  return (
    <section className="repeat-section" aria-labelledby="near-repeat-heading">
      <h3 id="near-repeat-heading">Near repeats (Knox test)</h3>
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
        {isRunning && (
          <>
            <div className="progress-track" role="progressbar" aria-label="Near-repeat test" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
              <div className="progress-fill" style={{ width: `${percent}%` }} />
            </div>
            <button type="button" data-testid="near-repeat-cancel" onClick={cancelNearRepeat}>
              Cancel
            </button>
          </>
        )}
      </form>
      {error !== null && (
        <p className="panel-error" role="alert" data-testid="near-repeat-error">
          {error}
        </p>
      )}
      {knox !== null && (
        <>
          <p data-testid="near-repeat-share">
            Near-repeat share: <strong>{knox.near_repeat_share === null ? 'not available' : PERCENT.format(knox.near_repeat_share)}</strong> of {formatCount(knox.events)} events
            followed another within 200 m and 7 days.
          </p>
          <ChartFrame
            heading="Knox ratios"
            option={option}
            title="Knox ratios: near-repeat pattern"
            description="observed over expected pairs by distance and time apart; starred cells significant at p ≤ 0.05"
            baseName={`knox-${form.crimeType.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}
            testId="knox-chart"
          />
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
          A repeat victim has two or more records within the window. Victims are only ever seen as pseudonyms. The Pivot tab&apos;s filters and months apply.
        </p>
      </div>
      <div className="repeats-body">
        <RepeatSection />
        <NearRepeatSection />
      </div>
    </section>
  );
}
