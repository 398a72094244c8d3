/**
 * The one place ECharts parts are registered (tree-shaken build), plus the
 * export helpers every chart shares: PNG at 2x from the live canvas, SVG
 * from a fresh off-screen instance so reports get crisp vectors.
 */
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  MarkPointComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import { type ComposeOption, init, use as registerChartParts } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

registerChartParts([
  LineChart,
  BarChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
  SVGRenderer,
]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | MarkPointComponentOption
  | TitleComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

export const CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
export const EXPORT_SIZE = { width: 1200, height: 500 } as const;

/** The title block every chart uses, so exports read the same as the screen. */
export function chartTitle(text: string, subtext: string): TitleComponentOption {
  return {
    text,
    subtext,
    left: 12,
    top: 8,
    textStyle: { fontSize: 15, fontWeight: 600, color: '#1b2533' },
    subtextStyle: { fontSize: 12, color: '#556070' },
  };
}

export function dataUrlBytes(url: string): Uint8Array {
  const binary = atob(url.slice(url.indexOf(',') + 1));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A fresh SVG instance, off screen (server-side rendering mode needs no DOM), sized for reports. */
export function renderSvg(option: ChartOption, size: { width: number; height: number } = EXPORT_SIZE): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, ...size });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function fileSlug(text: string, fallback = 'chart'): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || fallback;
}
