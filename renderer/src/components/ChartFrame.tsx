import { type ReactNode, useEffect } from 'react';
import { useEChart } from '../charts/use-echart';
import { type ChartOption, dataUrlBytes, renderSvg } from '../charts/echarts';
import { platform } from '../platform';

interface ChartFrameProps {
  /** Heading above the chart (not part of the image; the chart carries its own title). */
  heading: string;
  /** Built for the screen or for an export; null shows `placeholder`. */
  option: ((isExport: boolean) => ChartOption) | null;
  /** What the chart says, for screen readers and tests (the chart's own title text). */
  title: string;
  description: string;
  /** File name without extension. */
  baseName: string;
  testId: string;
  placeholder?: ReactNode;
  className?: string;
  exportSize?: { width: number; height: number };
}

/** One ECharts canvas with Export PNG (2x) and Export SVG through the platform bridge. */
export function ChartFrame({ heading, option, title, description, baseName, testId, placeholder, className, exportSize }: ChartFrameProps) {
  const { hostRef, chartRef } = useEChart();

  useEffect(() => {
    if (option !== null) chartRef.current?.setOption(option(false), { notMerge: true });
    else chartRef.current?.clear();
  }, [option, chartRef]);

  const exportPng = async (): Promise<void> => {
    const url = chartRef.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url === undefined) return;
    await platform.saveExport(dataUrlBytes(url), { suggestedName: `${baseName}.png`, mimeType: 'image/png' });
  };
  const exportSvg = async (): Promise<void> => {
    if (option === null) return;
    await platform.saveExport(renderSvg(option(true), exportSize), { suggestedName: `${baseName}.svg`, mimeType: 'image/svg+xml' });
  };

  return (
    <section className={`panel chart-frame ${className ?? ''}`} aria-label={heading} data-testid={testId}>
      <div className="trend-header">
        <h2>{heading}</h2>
        {option === null && <span className="muted">{placeholder}</span>}
        <div className="spacer" />
        <button type="button" data-testid={`${testId}-png`} disabled={option === null} onClick={() => void exportPng()}>
          Export PNG
        </button>
        <button type="button" data-testid={`${testId}-svg`} disabled={option === null} onClick={() => void exportSvg()}>
          Export SVG
        </button>
      </div>
      <div
        ref={hostRef}
        className="trend-canvas"
        role="img"
        aria-label={option === null ? `${heading}: nothing to show` : `${title}, ${description}`}
        data-testid={`${testId}-canvas`}
        data-title={option === null ? '' : title}
      />
    </section>
  );
}
