import { type ECharts, init } from 'echarts/core';
import { useEffect, useMemo, useRef } from 'react';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import type { PivotSpec } from '../../../shared/pivot/spec';
import { exportBaseName } from '../actions/export-actions';
import { type ChartOption, EXPORT_SIZE, chartTitle, dataUrlBytes, fileSlug, renderSvg } from '../charts/echarts';
import { formatCount, formatMonthLabel } from '../format';
import { platform } from '../platform';
import { usePivotStore } from '../state/pivot-store';

type TrendOption = ChartOption;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

interface TrendView {
  title: string;
  subtitle: string;
  months: string[];
  counts: (number | null)[];
}

function trendView(trend: PivotResult, rowKey: readonly string[], spec: PivotSpec): TrendView {
  const months = trend.columns.map((labels) => labels[0] ?? '');
  const counts = trend.rows[0]?.values ?? months.map(() => 0);
  const first = months[0];
  const last = months[months.length - 1];
  const period = first === undefined || last === undefined ? 'No records' : `${formatMonthLabel(first)} to ${formatMonthLabel(last)}`;
  const filters = spec.filters
    .filter((f) => !spec.rows.includes(f.dimension))
    .map((f) => f.values.join(', '))
    .join('; ');
  return {
    title: `${rowKey.join(' / ') || 'All records'}: records per month`,
    subtitle: filters === '' ? period : `${period} · ${filters}`,
    months,
    counts,
  };
}

function chartOption(view: TrendView, isExport: boolean, isBar: boolean): TrendOption {
  return {
    animation: !isExport,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT },
    title: chartTitle(view.title, view.subtitle),
    tooltip: { trigger: 'axis', valueFormatter: (value) => (typeof value === 'number' ? formatCount(value) : '') },
    grid: { left: 56, right: 24, top: 72, bottom: 36 },
    xAxis: { type: 'category', data: view.months.map(formatMonthLabel), boundaryGap: isBar },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => formatCount(value) } },
    series: [
      isBar
        ? { type: 'bar', name: 'Records', data: view.counts, itemStyle: { color: '#1d4f91' }, barMaxWidth: 32 }
        : {
        type: 'line',
        name: 'Records',
        data: view.counts,
        symbolSize: 6,
        lineStyle: { width: 2, color: '#1d4f91' },
        itemStyle: { color: '#1d4f91' },
        areaStyle: { color: 'rgba(29, 79, 145, 0.08)' },
          },
    ],
  };
}

/** The selected row's monthly trend (line or bars, as the pivot's chart setting says), with PNG and SVG exports for reports. */
export function TrendChart() {
  const trend = usePivotStore((s) => s.trend);
  const rowKey = usePivotStore((s) => s.selectedRowKey);
  const spec = usePivotStore((s) => s.spec);
  const isLoading = usePivotStore((s) => s.isTrendLoading);
  const isBar = usePivotStore((s) => s.chart === 'bar');
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const view = useMemo(() => (trend === null || rowKey === null ? null : trendView(trend, rowKey, spec)), [trend, rowKey, spec]);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const chart = init(host, null, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(host);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    if (view !== null) chartRef.current?.setOption(chartOption(view, false, isBar), { notMerge: true });
    else chartRef.current?.clear();
  }, [view, isBar]);

  const baseName = `trend-${fileSlug(rowKey?.join('-') ?? '', 'trend')}-${exportBaseName(spec)}`;
  const exportPng = async (): Promise<void> => {
    const url = chartRef.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url === undefined) return;
    await platform.saveExport(dataUrlBytes(url), { suggestedName: `${baseName}.png`, mimeType: 'image/png' });
  };
  const exportSvg = async (): Promise<void> => {
    if (view === null) return;
    await platform.saveExport(renderSvg(chartOption(view, true, isBar), EXPORT_SIZE), { suggestedName: `${baseName}.svg`, mimeType: 'image/svg+xml' });
  };

  return (
    <section className="panel trend" aria-label="Trend chart" data-testid="trend-chart">
      <div className="trend-header">
        <h2>Trend</h2>
        {view === null && <span className="muted">{isLoading ? 'Loading…' : 'Select a row in the table to see its monthly trend.'}</span>}
        <div className="spacer" />
        <button type="button" data-testid="export-png" disabled={view === null} onClick={() => void exportPng()}>
          Export PNG
        </button>
        <button type="button" data-testid="export-svg" disabled={view === null} onClick={() => void exportSvg()}>
          Export SVG
        </button>
      </div>
      <div
        ref={hostRef}
        className="trend-canvas"
        role="img"
        aria-label={view === null ? 'No trend selected' : `${view.title}, ${view.subtitle}`}
        data-testid="trend-canvas"
        data-title={view?.title ?? ''}
      />
    </section>
  );
}
