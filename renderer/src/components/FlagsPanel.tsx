import { useMemo } from 'react';
import { FLAG_KINDS, type FlagKind, type SeriesRequest } from '../../../shared/analytics/flags';
import { MIN_EXCEPTION_RECORDS, MIN_MEAN_RECORDS_PER_MONTH, MIN_RECORDED_MONTHS_SHARE } from '../../../shared/analytics/series';
import { scopeLines } from '../actions/export-actions';
import { cancelFlags, runFlags } from '../actions/flags-actions';
import { fileSlug } from '../charts/echarts';
import { type FlagItem, flagItems, noFlagsText, seriesLabel, shortSpanText, type UntestedItem, untestedItems, VOLUME_RULE_TEXT } from '../flags/flag-list';
import { heatmapCanvasHeight, seasonalBuild, seasonalText, seriesCharts, spcBuild, spcText, trendBuild, trendText } from '../flags/flag-charts';
import { formatCount } from '../format';
import { FLAG_SPLIT_KEYS, FLAG_SPLIT_LABELS, flagsPercent, isFlagSplit, useFlagsStore } from '../state/flags-store';
import { usePivotStore } from '../state/pivot-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { ThemedChart } from './ThemedChart';

const KIND_LABELS: Readonly<Record<FlagKind, string>> = {
  seasonality: 'Seasonality',
  trend: 'Trend',
  exceptions: 'Exceptions',
};

/** The heatmap stays readable up to this many series; past it only the seasonal ones are drawn. */
const HEATMAP_MAX_ROWS = 30;
/** The seasonality chart's canvas height in its panel (.chart-frame.tall, less its header and figures table). */
const SEASONAL_PANEL_HEIGHT = 380;

/** A flags request's months, as a pivot spec holds them (absent when not limited). */
function withRange(request: SeriesRequest): { from?: string; to?: string } {
  const { from, to } = request;
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

function FlagsControls() {
  const split = useFlagsStore((s) => s.split);
  const setSplit = useFlagsStore((s) => s.setSplit);
  const runningRequestId = useFlagsStore((s) => s.runningRequestId);
  const progress = useFlagsStore((s) => s.progress);
  const spec = usePivotStore((s) => s.spec);
  const request = useFlagsStore((s) => s.request);
  const isRunning = runningRequestId !== null;
  const percent = flagsPercent(progress);
  // The pivot's filters and months scope the series; say so, in the export header's words. Flags on screen keep
  // the scope they were run on: after the Pivot tab changes, say both, or the list reads as flags of the new scope.
  const current = scopeLines(spec).join(' · ');
  const { from: _from, to: _to, ...unlimited } = spec;
  const ran = request === null ? current : scopeLines({ ...unlimited, filters: request.filters, ...withRange(request) }).join(' · ');
  const changed = current.split(' · ').filter((line) => !ran.split(' · ').includes(line));
  const scope = ran === current ? `${current} (from the Pivot tab)` : `${ran}. The Pivot tab has changed since (${changed.join(' · ')}): Run flags to follow it.`;
  return (
    <div className="flags-controls">
      <label className="inline-field">
        Series by
        <select data-testid="flags-by" value={split} disabled={isRunning} onChange={(e) => isFlagSplit(e.target.value) && setSplit(e.target.value)}>
          {FLAG_SPLIT_KEYS.map((key) => (
            <option key={key} value={key}>
              {FLAG_SPLIT_LABELS[key]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="primary" data-testid="flags-run" disabled={isRunning} onClick={() => void runFlags()}>
        Run flags
      </button>
      {isRunning && (
        <>
          <div className="progress-track" role="progressbar" aria-label="Flags" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="flags-progress">
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          {/* Not a live region (it changes with every series); the Announcer speaks progress now and then. */}
          <span className="muted" data-testid="flags-progress-text">
            {progress === null
              ? 'Starting…'
              : `${progress.stage === 'seasonality' ? 'Testing seasonality: ' : 'Trends, exceptions and forecasts: '}${formatCount(progress.done)} of ${formatCount(progress.total)} series`}
          </span>
          <button type="button" data-testid="flags-cancel" onClick={cancelFlags}>
            Cancel
          </button>
        </>
      )}
      <span className="muted flags-scope" data-testid="flags-scope">
        {scope}
      </span>
    </div>
  );
}

function FlagList({ items, none, untested, shortSpan }: { items: FlagItem[]; none: string; untested: UntestedItem[]; shortSpan: string | null }) {
  const kinds = useFlagsStore((s) => s.kinds);
  const toggleKind = useFlagsStore((s) => s.toggleKind);
  const selectedFlagId = useFlagsStore((s) => s.selectedFlagId);
  const selectFlag = useFlagsStore((s) => s.selectFlag);
  const shown = items.filter((item) => kinds[item.kind]);
  return (
    <div className="flag-list-pane">
      {/* Above the list it qualifies: on a span too short to test seasonality, an exception may be the season. */}
      {shortSpan !== null && (
        <p className="flags-short-span" role="note" data-testid="flags-short-span">
          {shortSpan}
        </p>
      )}
      <fieldset className="kind-filter">
        <legend>Show</legend>
        {FLAG_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input type="checkbox" data-testid={`flags-kind-${kind}`} checked={kinds[kind]} onChange={() => toggleKind(kind)} />
            {KIND_LABELS[kind]} ({items.filter((i) => i.kind === kind).length})
          </label>
        ))}
      </fieldset>
      {items.length === 0 ? (
        <p className="muted" data-testid="flags-none">
          {none}
        </p>
      ) : shown.length === 0 ? (
        <p className="muted">No flags of the kinds shown.</p>
      ) : (
        <ul className="flag-list" aria-label="Flags, strongest first" data-testid="flag-list">
          {shown.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={`flag-item kind-${item.kind}`}
                aria-pressed={item.id === selectedFlagId}
                data-testid="flag-item"
                data-kind={item.kind}
                onClick={() => selectFlag(item.id)}
              >
                <span className="flag-kind">{KIND_LABELS[item.kind]}</span>
                {item.text}
              </button>
            </li>
          ))}
        </ul>
      )}
      <UntestedList items={untested} />
    </div>
  );
}

/**
 * The series the adjustment runs over: the tested ones only (a series too
 * sparse to test has no p-value), so "all 192" is said only when all were.
 */
function testedText(series: number | null, untested: number): string {
  if (series === null) return 'all series';
  if (untested === 0) return `all ${formatCount(series)} series`;
  return `the ${formatCount(series - untested)} series tested (of ${formatCount(series)}; the rest have too few records)`;
}

/** Series too sparse to test: apart from the flags, closed by default (an over-the-border district list can run to hundreds). */
function UntestedList({ items }: { items: UntestedItem[] }) {
  if (items.length === 0) return null;
  return (
    <details className="flags-untested" data-testid="flags-untested">
      <summary>
        {formatCount(items.length)} series not tested: too few records
      </summary>
      <p className="muted">{VOLUME_RULE_TEXT}</p>
      <ul aria-label="Series with too few records to test">
        {items.map((item) => (
          <li key={item.seriesIndex} data-testid="flags-untested-item">
            {item.text}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Chart text while no series is selected. */
const EMPTY_TEXT = { title: '', subtitle: '', sourceNote: '' };

function FlagCharts({ item }: { item: FlagItem | null }) {
  const result = useFlagsStore((s) => s.result);
  const request = useFlagsStore((s) => s.request);
  const info = useWorkbenchStore((s) => s.info);
  const charts = useMemo(
    () => (result === null || item === null ? null : seriesCharts(result, item.seriesIndex, item.seriesLabel)),
    [result, item],
  );
  const heatmap = useMemo(() => {
    if (result === null || request === null) return { drawn: [], of: 0 };
    const rows = result.seasonality.flatMap((flag, i) =>
      flag.indices === null
        ? []
        : [{ label: seriesLabel(flag.series, request.by), indices: flag.indices, isSeasonal: flag.significant, records: (result.series[i]?.counts ?? []).reduce((a, b) => a + b, 0) }],
    );
    return { drawn: rows.length > HEATMAP_MAX_ROWS ? rows.filter((r) => r.isSeasonal) : rows, of: rows.length };
  }, [result, request]);
  const trend = useMemo(() => (charts === null ? { text: EMPTY_TEXT, build: null } : { text: trendText(charts, request, info), build: trendBuild(charts) }), [charts, request, info]);
  const spc = useMemo(() => (charts === null ? { text: EMPTY_TEXT, build: null } : { text: spcText(charts, request, info), build: spcBuild(charts) }), [charts, request, info]);
  const seasonal = useMemo(
    () => ({ text: seasonalText(heatmap.drawn.length, request, info, heatmap.of), build: heatmap.drawn.length === 0 ? null : seasonalBuild(heatmap.drawn) }),
    [heatmap, request, info],
  );
  const slug = fileSlug(item?.seriesLabel ?? '', 'series');
  return (
    <div className="flag-charts">
      <ThemedChart heading="Series and trend" text={trend.text} build={trend.build} baseName={`flags-trend-${slug}`} testId="flag-trend-chart" placeholder="Select a flag to see its series." />
      <ThemedChart
        heading="Control chart"
        text={spc.text}
        build={spc.build}
        baseName={`flags-spc-${slug}`}
        testId="flag-spc-chart"
        placeholder={charts === null ? 'Select a flag to see its control chart.' : 'Too few months for a control chart.'}
      />
      <ThemedChart
        heading="Seasonality"
        text={seasonal.text}
        build={seasonal.build}
        baseName="flags-seasonal-indices"
        testId="flag-seasonal-heatmap"
        placeholder="Run flags to see seasonal indices."
        canvasHeight={heatmapCanvasHeight(heatmap.drawn.length, SEASONAL_PANEL_HEIGHT)}
      />
    </div>
  );
}

/** Seasonality, trends and exceptions across many series, with the multiple-comparison control stated. */
export function FlagsPanel() {
  const result = useFlagsStore((s) => s.result);
  const request = useFlagsStore((s) => s.request);
  const error = useFlagsStore((s) => s.error);
  const selectedFlagId = useFlagsStore((s) => s.selectedFlagId);
  const items = useMemo(() => (result === null || request === null ? [] : flagItems(result, request.by)), [result, request]);
  const untested = useMemo(() => (result === null || request === null ? [] : untestedItems(result, request.by)), [result, request]);
  const selected = items.find((i) => i.id === selectedFlagId) ?? null;
  const alphaPercent = Math.round((result?.alpha ?? 0.05) * 100);
  const shortSpan = result === null ? null : shortSpanText(result);
  return (
    <section className="screen flags-screen" aria-labelledby="flags-heading" data-testid="flags-panel">
      <div className="screen-header">
        <h2 id="flags-heading">Flags: seasonality, trends and exceptions</h2>
        <FlagsControls />
        <p className="method-note" data-testid="flags-method">
          Seasonality and trend across {testedText(result === null ? null : result.series.length, untested.length)} are controlled for multiple comparisons with
          Benjamini-Hochberg, false discovery rate {alphaPercent}%: a flag is listed when its q-value is below {(alphaPercent / 100).toFixed(2)}. Exceptions are
          months outside 3-sigma control limits (XmR, on the seasonally adjusted series when the series is seasonal), listed after, furthest outside first.
          Only a series flagged seasonal gets the seasonal trend test, control limits and forecast. A month is an exception only with a count unusual for its
          expected value in absolute terms too (high: at least {MIN_EXCEPTION_RECORDS} records). Series with too few records (under {MIN_MEAN_RECORDS_PER_MONTH} a month on average, or records in
          fewer than {Math.round(MIN_RECORDED_MONTHS_SHARE * 3)} months of 3) are not tested.
        </p>
        {error !== null && (
          <p className="panel-error" role="alert" data-testid="flags-error">
            {error}
          </p>
        )}
      </div>
      {result === null ? (
        <p className="muted empty-screen">Choose how to split the series and run the flags. Needs at least 12 months of data for trends and exceptions, 24 for seasonality.</p>
      ) : (
        <div className="flags-body">
          <FlagList items={items} none={noFlagsText(result)} untested={untested} shortSpan={shortSpan} />
          <FlagCharts item={selected} />
        </div>
      )}
    </section>
  );
}
