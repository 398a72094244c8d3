import type { EChartsCoreOption } from 'echarts/core';
import { type KeyboardEvent, type PointerEvent, useEffect, useMemo, useState } from 'react';
import { useEChart } from '../charts/use-echart';
import { trendChart } from '../../../shared/charts/builders';
import { filtersText, monthSpan, sourceNote } from '../../../shared/charts/text';
import type { ChartOption as ThemedOption, ChartText } from '../../../shared/charts/theme';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import type { PivotSpec } from '../../../shared/pivot/spec';
import { trendLabels, trendMeasure } from '../../../shared/pivot/trend';
import { exportBaseName } from '../actions/export-actions';
import { fileSlug } from '../charts/echarts';
import { chartFontsReady } from '../charts/fonts';
import { formatCount, formatMeasure } from '../format';
import { usePivotStore } from '../state/pivot-store';
import { clampTrendHeight, SMALL_COUNT_THRESHOLD, TREND_HEIGHT, useUiStore } from '../state/ui-store';
import { suppressionNote } from '../../../shared/charts/analysis-chart';
import { isSmallCount } from '../../../shared/disclosure/suppress';
import { useWorkbenchStore } from '../state/workbench-store';
import { ChartDataTable } from './ChartDataTable';
import { ChartExportControls } from './ChartExportControls';

interface TrendView {
  /** Identifies the row and period, so edited chart text resets when either changes. */
  key: string;
  text: ChartText;
  months: string[];
  /** The plotted figures: rates per 1,000 or record counts, as `measure` says. */
  counts: (number | null)[];
  measure: 'count' | 'rate';
  axisName: string;
  /** Why there is nothing to plot (a rate with no population loaded for the row), in the engine's words. */
  noRate: string | null;
}

function trendView(trend: PivotResult, rowKey: readonly string[], spec: PivotSpec, note: string, suppress: boolean): TrendView {
  const months = trend.columns.map((labels) => labels[0] ?? '');
  const values = trend.rows[0]?.values ?? months.map(() => 0);
  // With "counts below 5 as <5" on, the chart follows the grid and its exports: those months are gaps.
  const counts = suppress ? values.map((v, i) => (isSmallCount(trend.rows[0]?.counts[i] ?? 0, SMALL_COUNT_THRESHOLD) ? null : v)) : values;
  const suppressed = counts.filter((v, i) => v === null && values[i] !== null).length;
  const shownNote = suppressed > 0 ? [suppressionNote(SMALL_COUNT_THRESHOLD), note].filter((t) => t !== '').join(' ') : note;
  const first = months[0];
  const last = months[months.length - 1];
  const period = first === undefined || last === undefined ? 'No records' : monthSpan(first, last);
  // Named as the exports' header names them ("Domestic: Yes"): a bare "Yes" says nothing on a pasted chart.
  const filters = filtersText({ filters: spec.filters.filter((f) => !spec.rows.includes(f.dimension)) });
  // The grid's rate, month by month, where it has one; else counts, and the title says so (shared/pivot/trend.ts).
  // What the result holds, not what the grid asks for: a trend of the previous measure may still be on screen.
  const measure = trendMeasure(trend.spec.measure);
  const { title, axis } = trendLabels(measure, spec.measure, rowKey);
  const subtitle = filters === '' ? period : `${period} · ${filters}`;
  // No population for the row: every month blank. Say why rather than draw an empty (or zero) line.
  const noRate =
    measure === 'rate' && months.length > 0 && values.every((v) => v === null)
      ? (trend.notes.find((n) => n.startsWith('No population')) ?? trend.notes.find((n) => /population|rate/i.test(n)) ?? 'No population loaded for this row: it has no rate per 1,000 to plot.')
      : null;
  return { key: `${title}|${subtitle}`, text: { title, subtitle, sourceNote: shownNote }, months, counts, measure, axisName: axis, noRate };
}

/** The workbench chart theme's trend line (shared/charts), or the same as bars. */
function themedOption(view: TrendView, text: ChartText, isBar: boolean, width: number): ThemedOption {
  const option = trendChart({ months: view.months, values: view.counts, name: view.axisName, axisName: view.axisName, text, width });
  if (!isBar) return option;
  const xAxis = { ...(option.xAxis as Record<string, unknown>), boundaryGap: true };
  return { ...option, xAxis, series: option.series.map((s) => ({ ...s, type: 'bar', barMaxWidth: 32, symbol: undefined })) };
}

/**
 * The handle on the Trend panel's top edge: drag it, or focus it and use the
 * arrow keys (Home / End for the least and most), to give the grid or the
 * chart more room.
 */
function TrendResizer({ height }: { height: number }) {
  const setPreference = useUiStore((s) => s.setPreference);
  const setHeight = (px: number): void => setPreference('trendHeight', clampTrendHeight(px));
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    const startY = event.clientY;
    const startHeight = height;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    // Dragging up makes the chart taller.
    const move = (e: globalThis.PointerEvent): void => setHeight(startHeight + startY - e.clientY);
    const up = (): void => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const next = { ArrowUp: height + TREND_HEIGHT.step, ArrowDown: height - TREND_HEIGHT.step, Home: TREND_HEIGHT.min, End: TREND_HEIGHT.max }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setHeight(next);
  };
  return (
    <div
      className="trend-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Trend chart height"
      aria-valuemin={TREND_HEIGHT.min}
      aria-valuemax={TREND_HEIGHT.max}
      aria-valuenow={height}
      tabIndex={0}
      data-testid="trend-resizer"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}

/** The selected row's monthly trend (line or bars, as the pivot's chart setting says), with PNG and SVG exports for reports. */
export function TrendChart() {
  const trend = usePivotStore((s) => s.trend);
  const rowKey = usePivotStore((s) => s.selectedRowKey);
  const spec = usePivotStore((s) => s.spec);
  const isLoading = usePivotStore((s) => s.isTrendLoading);
  const isBar = usePivotStore((s) => s.chart === 'bar');
  const info = useWorkbenchStore((s) => s.info);
  const { hostRef, chartRef } = useEChart();
  const note = useMemo(() => sourceNote(info, ['police-uk', 'district']), [info]);
  const suppress = useUiStore((s) => s.showsSmallCounts);
  const view = useMemo(() => (trend === null || rowKey === null ? null : trendView(trend, rowKey, spec, note, suppress)), [trend, rowKey, spec, note, suppress]);
  // The analyst's edits to the chart text hold until another row or period is shown.
  const [edited, setEdited] = useState<{ key: string; text: ChartText } | null>(null);
  const text = view === null ? null : edited?.key === view.key ? edited.text : view.text;
  const optionAt = useMemo(() => (view === null || text === null || view.noRate !== null ? null : (width: number) => themedOption(view, text, isBar, width)), [view, text, isBar]);

  useEffect(() => {
    const chart = chartRef.current;
    if (chart === null) return;
    if (optionAt === null) {
      chart.clear();
      return;
    }
    const draw = (): void => {
      if (chart.isDisposed()) return;
      // On screen only: a tooltip (functions cannot be part of the shared, exportable option).
      const measure = view?.measure ?? 'count';
      const tooltip = { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value !== 'number' ? '' : measure === 'rate' ? formatMeasure(value, 'rate') : formatCount(value)) };
      chart.setOption({ ...optionAt(chart.getWidth()), tooltip } as EChartsCoreOption, { notMerge: true });
    };
    draw();
    // Redraw once Source Sans 3 has loaded, so labels are measured in the theme's font.
    void chartFontsReady().then(draw);
  }, [optionAt, chartRef, view?.measure]);

  const baseName = `trend-${fileSlug(rowKey?.join('-') ?? '', 'trend')}-${exportBaseName(spec)}`;
  const height = useUiStore((s) => s.trendHeight);
  const isCollapsed = useUiStore((s) => s.isTrendCollapsed);
  const setPreference = useUiStore((s) => s.setPreference);
  // With nothing to show (no row selected) or hidden by the analyst, the panel is one header line and the grid has the height.
  const showsChart = view !== null && !isCollapsed;

  return (
    <section
      className={showsChart ? 'panel trend' : 'panel trend trend-collapsed'}
      style={showsChart ? { height } : undefined}
      aria-label="Trend chart"
      data-testid="trend-chart"
    >
      {showsChart && <TrendResizer height={height} />}
      <div className="trend-header">
        <h2>Trend</h2>
        {view === null && <span className="muted">{isLoading ? 'Loading…' : 'Select a row in the table to see its monthly trend.'}</span>}
        {view !== null && isCollapsed && <span className="muted">{view.text.title} (hidden)</span>}
        {view?.noRate != null && !isCollapsed && (
          <span className="muted" data-testid="trend-no-rate">
            {view.text.title}: {view.noRate}
          </span>
        )}
        <div className="spacer" />
        {view !== null && (
          <button type="button" aria-expanded={!isCollapsed} data-testid="trend-toggle" onClick={() => setPreference('isTrendCollapsed', !isCollapsed)}>
            {isCollapsed ? 'Show chart' : 'Hide chart'}
          </button>
        )}
        {/* Disabled until a row is selected; a hidden chart still exports. */}
        <ChartExportControls
          text={text ?? { title: '', subtitle: '', sourceNote: '' }}
          onTextChange={(next) => view !== null && setEdited({ key: view.key, text: next })}
          option={optionAt}
          baseName={baseName}
          testId="export"
        />
      </div>
      <div
        ref={hostRef}
        className="trend-canvas"
        role="img"
        aria-label={text === null ? 'No trend selected' : `${text.title}, ${text.subtitle}`}
        data-testid="trend-canvas"
        data-title={text?.title ?? ''}
      />
      {showsChart && <ChartDataTable optionAt={optionAt} title={text?.title ?? ''} testId="trend" />}
    </section>
  );
}
