/**
 * A chart in the workbench theme (shared/charts option builders) on a
 * canvas, with editable title, subtitle and source note and the export
 * controls (PNG size presets, SVG, Copy).
 */
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useMemo, useState } from 'react';
import { useEChart } from '../charts/use-echart';
import type { ChartOption as ThemedOption, ChartText } from '../../../shared/charts/theme';
import { chartFontsReady } from '../charts/fonts';
import { ChartDataTable } from './ChartDataTable';
import { ChartExportControls } from './ChartExportControls';

interface Props {
  heading: string;
  /** Default text; the analyst's edits hold until `text` changes. */
  text: ChartText;
  /** Builds the option for a text and a layout size; null shows the placeholder. */
  build: ((text: ChartText, width: number, height: number) => ThemedOption) | null;
  baseName: string;
  testId: string;
  placeholder?: string;
  /** The figures as a table under the chart; off where the screen shows its own table of them. */
  showsTable?: boolean;
  /**
   * A chart taller than its panel (a heatmap of many rows, each drawn at a
   * legible height) in px: the canvas takes it and the panel scrolls. An
   * export keeps its preset's size and draws the rows that fit.
   */
  canvasHeight?: number;
}

export function ThemedChart({ heading, text: defaults, build, baseName, testId, placeholder, showsTable = true, canvasHeight }: Props) {
  const { hostRef, chartRef } = useEChart();
  const [edited, setEdited] = useState<{ base: ChartText; text: ChartText } | null>(null);
  const text = edited?.base === defaults ? edited.text : defaults;
  const optionAt = useMemo(() => (build === null ? null : (width: number, height: number) => build(text, width, height)), [build, text]);

  useEffect(() => {
    const chart = chartRef.current;
    if (chart === null) return;
    if (optionAt === null) {
      chart.clear();
      return;
    }
    const draw = (): void => {
      if (!chart.isDisposed()) chart.setOption(optionAt(chart.getWidth(), chart.getHeight()) as EChartsCoreOption, { notMerge: true });
    };
    draw();
    void chartFontsReady().then(draw);
  }, [optionAt, chartRef]);

  return (
    <section className="panel chart-frame tall" aria-label={heading} data-testid={testId}>
      <div className="trend-header">
        <h2>{heading}</h2>
        {optionAt === null && <span className="muted">{placeholder}</span>}
        <div className="spacer" />
        <ChartExportControls text={text} onTextChange={(next) => setEdited({ base: defaults, text: next })} option={optionAt} baseName={baseName} testId={testId} />
      </div>
      <div
        className={canvasHeight === undefined ? 'chart-host' : 'chart-host scrolls'}
        data-testid={`${testId}-host`}
        // A scrolling chart is a Tab stop, so the keyboard can scroll it too.
        {...(canvasHeight === undefined ? {} : { tabIndex: 0, role: 'group', 'aria-label': `${heading} (scrolls)` })}
      >
        <div
          ref={hostRef}
          className="trend-canvas"
          style={canvasHeight === undefined ? undefined : { height: canvasHeight, flex: 'none' }}
          role="img"
          aria-label={optionAt === null ? `${heading}: nothing to show` : `${text.title}, ${text.subtitle}`}
          data-testid={`${testId}-canvas`}
          data-title={optionAt === null ? '' : text.title}
        />
      </div>
      <ChartDataTable optionAt={showsTable ? optionAt : null} title={text.title} testId={testId} />
    </section>
  );
}
