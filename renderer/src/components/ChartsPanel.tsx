/**
 * Charts that are not a pivot: victims by age band against the
 * population's age profile (scoped by the Pivot tab's filters and period),
 * and the iQuanta comparison of an area against its most similar group.
 * Each chart has the theme's export controls and can be added to a
 * profile; with "Suppress counts below 5" the screen shows what the
 * exported figure will (profiles always follow their own setting).
 */
import { useEffect, useMemo, useState } from 'react';
import { type AnalysisData, type ChartAnalysis, analysisText, buildAnalysisChart } from '../../../shared/charts/analysis-chart';
import { AGE_PROFILE_COUNTS, type AgeProfileCount } from '../../../shared/charts/age-profile-store';
import type { IquantaCatalogue } from '../../../shared/charts/iquanta-store';
import type { ChartText } from '../../../shared/charts/theme';
import type { ExportCell } from '../../../shared/export/pivot-table';
import { scopeLines } from '../actions/export-actions';
import { command } from '../actions/command';
import { fileSlug } from '../charts/echarts';
import { usePivotStore } from '../state/pivot-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { AddToProfile } from './AddToProfile';
import { ThemedChart } from './ThemedChart';

const COUNT_LABELS: Readonly<Record<AgeProfileCount, string>> = { victims: 'Distinct victims', records: 'Records with a victim' };

/** Decimal places a number is written with (up to 3). */
function decimalsOf(value: number): number {
  for (let digits = 0; digits < 3; digits++) if (Number(value.toFixed(digits)) === value) return digits;
  return 3;
}

/** Each column keeps one number of decimal places, its most precise figure's: "11.0" beside "20.6", not "11". */
function columnDecimals(rows: readonly ExportCell[][]): number[] {
  const decimals: number[] = [];
  for (const row of rows) {
    row.forEach((cell, k) => {
      if (typeof cell === 'number') decimals[k] = Math.max(decimals[k] ?? 0, decimalsOf(cell));
    });
  }
  return decimals;
}

function cellText(value: ExportCell, decimals: number): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  return value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function FiguresTable({ columns, rows, testId }: { columns: string[]; rows: ExportCell[][]; testId: string }) {
  const decimals = columnDecimals(rows);
  return (
    <table className="data-table" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, k) => (
            <th key={c} scope="col" className={k === 0 ? undefined : 'num'}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={String(row[0])} data-row={String(row[0])}>
            {row.map((cell, k) =>
              k === 0 ? (
                <th key={k} scope="row">
                  {cellText(cell, 0)}
                </th>
              ) : (
                <td key={k} className="num">
                  {cellText(cell, decimals[k] ?? 0)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Runs an analysis in the worker whenever its request changes; the chart is built here so it re-lays out at any width and text. */
function useAnalysis(chart: ChartAnalysis | null): { data: AnalysisData | null; error: string | null } {
  const dataVersion = useWorkbenchStore((s) => s.dataVersion);
  const [state, setState] = useState<{ key: string; data: AnalysisData | null; error: string | null }>({ key: '', data: null, error: null });
  const key = chart === null ? '' : JSON.stringify(chart);
  useEffect(() => {
    if (chart === null) return;
    let isCurrent = true;
    command('chart/analysis', { chart })
      .then((data) => isCurrent && setState({ key, data, error: null }))
      .catch((e: unknown) => isCurrent && setState({ key, data: null, error: e instanceof Error ? e.message : String(e) }));
    return () => {
      isCurrent = false;
    };
    // The key stands for the chart's content; dataVersion re-runs it after an import.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, dataVersion]);
  return state.key === key ? { data: state.data, error: state.error } : { data: null, error: null };
}

function AnalysisView({ chart, heading, testId, suppression }: { chart: ChartAnalysis | null; heading: string; testId: string; suppression: boolean }) {
  const info = useWorkbenchStore((s) => s.info);
  const { data, error } = useAnalysis(chart);
  const text = useMemo<ChartText>(() => (data === null ? { title: '', subtitle: '', sourceNote: '' } : analysisText(data, info)), [data, info]);
  const disclosure = useMemo(() => ({ suppression }), [suppression]);
  const built = useMemo(() => (data === null ? null : buildAnalysisChart(data, info, { disclosure })), [data, info, disclosure]);
  const build = useMemo(
    () => (data === null ? null : (edited: ChartText, width: number) => buildAnalysisChart(data, info, { text: edited, width, disclosure }).option),
    [data, info, disclosure],
  );
  return (
    <>
      {error !== null && (
        <p className="panel-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
      <ThemedChart heading={heading} text={text} build={build} baseName={fileSlug(text.title, testId)} testId={testId} placeholder="Nothing to chart yet." showsTable={false} />
      {built !== null && (
        <>
          {built.suppressed > 0 && <p className="muted">{`${built.suppressed} figure${built.suppressed === 1 ? '' : 's'} suppressed (counts below 5).`}</p>}
          <details className="chart-figures" open={built.rows.length <= 12}>
            <summary>Figures ({built.rows.length} rows)</summary>
            <FiguresTable columns={built.columns} rows={built.rows} testId={`${testId}-table`} />
          </details>
          <AddToProfile
            item={chart === null ? null : { kind: 'chart', chart, ...(built.caption.trim() === '' ? {} : { caption: built.caption.trim() }) }}
            nameTestId={`${testId}-profile`}
            addTestId={`${testId}-add`}
          />
        </>
      )}
    </>
  );
}

function AgeProfileSection({ suppression }: { suppression: boolean }) {
  const spec = usePivotStore((s) => s.spec);
  const [count, setCount] = useState<AgeProfileCount>('victims');
  const [year, setYear] = useState('');
  const chart = useMemo<ChartAnalysis>(() => {
    const parsedYear = /^\d{4}$/.test(year.trim()) ? Number(year.trim()) : undefined;
    return {
      analysis: 'age-profile',
      request: {
        filters: spec.filters,
        ...(spec.from === undefined ? {} : { from: spec.from }),
        ...(spec.to === undefined ? {} : { to: spec.to }),
        count,
        ...(parsedYear === undefined ? {} : { year: parsedYear }),
      },
    };
  }, [spec.filters, spec.from, spec.to, count, year]);
  return (
    <section className="panel charts-section" aria-labelledby="age-profile-heading" data-testid="age-profile-section">
      <h2 id="age-profile-heading">Victims by age band against the population</h2>
      <div className="form-row">
        <label className="inline-field">
          Count
          <select value={count} onChange={(e) => setCount(AGE_PROFILE_COUNTS.find((c) => c === e.target.value) ?? 'victims')} data-testid="age-profile-count">
            {AGE_PROFILE_COUNTS.map((c) => (
              <option key={c} value={c}>
                {COUNT_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          Population year
          <input value={year} placeholder="the period's last year" size={22} inputMode="numeric" onChange={(e) => setYear(e.target.value)} data-testid="age-profile-year" />
        </label>
        <span className="muted">{scopeLines(spec).join(' · ')} (from the Pivot tab)</span>
      </div>
      <p className="method-note">
        Shares are of victims with a known age band, against residents of the same districts (mid-year estimates banded by the age band set). A ratio
        above 1: the band is over-represented among victims.
      </p>
      <AnalysisView chart={chart} heading="Age profile" testId="age-profile-chart" suppression={suppression} />
    </section>
  );
}

function IquantaSection({ suppression }: { suppression: boolean }) {
  const dataVersion = useWorkbenchStore((s) => s.dataVersion);
  const [catalogue, setCatalogue] = useState<IquantaCatalogue | null>(null);
  const [area, setArea] = useState('');
  const [measure, setMeasure] = useState('');
  useEffect(() => {
    let isCurrent = true;
    command('iquanta/catalogue', {})
      .then((found) => {
        if (!isCurrent) return;
        setCatalogue(found);
        setArea((current) => (found.areas.includes(current) ? current : (found.areas[0] ?? '')));
        setMeasure((current) => (found.measures.includes(current) ? current : (found.measures.includes('All crime') ? 'All crime' : (found.measures[0] ?? ''))));
      })
      .catch(() => isCurrent && setCatalogue(null));
    return () => {
      isCurrent = false;
    };
  }, [dataVersion]);
  const chart = useMemo<ChartAnalysis | null>(() => (area === '' || measure === '' ? null : { analysis: 'iquanta', request: { area, measure } }), [area, measure]);
  return (
    <section className="panel charts-section" aria-labelledby="iquanta-heading" data-testid="iquanta-section">
      <h2 id="iquanta-heading">iQuanta: area against its most similar group</h2>
      {catalogue === null || catalogue.areas.length === 0 ? (
        <p className="muted">The workbench holds no iQuanta figures: import an iQuanta extract (long or wide).</p>
      ) : (
        <>
          <div className="form-row">
            <label className="inline-field">
              Area
              <select value={area} onChange={(e) => setArea(e.target.value)} data-testid="iquanta-area">
                {catalogue.areas.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              Measure
              <select value={measure} onChange={(e) => setMeasure(e.target.value)} data-testid="iquanta-measure">
                {catalogue.measures.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <AnalysisView chart={chart} heading="iQuanta comparison" testId="iquanta-chart" suppression={suppression} />
        </>
      )}
    </section>
  );
}

export function ChartsPanel() {
  const [suppression, setSuppression] = useState(false);
  return (
    <div className="screen charts-screen" data-testid="charts-panel">
      <div className="screen-header">
        <h2>Charts</h2>
        <label className="check">
          <input type="checkbox" checked={suppression} onChange={(e) => setSuppression(e.target.checked)} data-testid="charts-suppression" />
          Suppress counts below 5 on screen and in exports (profiles always suppress unless told otherwise)
        </label>
      </div>
      <div className="charts-body">
        <AgeProfileSection suppression={suppression} />
        <IquantaSection suppression={suppression} />
      </div>
    </div>
  );
}
