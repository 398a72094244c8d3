/**
 * The one place ECharts parts are registered (tree-shaken build), plus the
 * export helpers every chart shares: PNG at 2x from the live canvas, SVG
 * from a fresh off-screen instance so reports get crisp vectors.
 */
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import {
  GraphicComponent,
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
import { type ComposeOption, type EChartsCoreOption, init, use as registerChartParts, setPlatformAPI } from 'echarts/core';
import { measureChartText } from '../../../shared/charts/text-metrics';
import type { ChartOption as ThemedOption, ChartSize } from '../../../shared/charts/theme';
import { chartFontsReady } from './fonts';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

registerChartParts([
  LineChart,
  BarChart,
  HeatmapChart,
  ScatterChart,
  GraphicComponent,
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

// Text is measured with Source Sans 3's own widths, not the canvas: ECharts caches each width it measures, so text
// measured before the font loaded kept the fallback's wider widths and an exported title wrapped early, over the
// legend below it. The theme keeps room for wrapped text by the same widths (shared/charts/text-metrics.ts).
setPlatformAPI({ measureText: measureChartText });

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

/**
 * A themed option (shared/charts: plain data, the workbench's one theme)
 * rasterised on an off-screen canvas at a size preset: laid out at
 * `size.width` x `size.height` CSS px, drawn at `size.scale` pixels per px.
 * Waits for the bundled fonts so text is measured in Source Sans 3.
 */
export async function renderThemedPng(option: ThemedOption, size: Pick<ChartSize, 'width' | 'height' | 'scale'>): Promise<Uint8Array> {
  await chartFontsReady();
  const host = document.createElement('div');
  host.style.cssText = `position:fixed;left:-100000px;top:0;width:${size.width}px;height:${size.height}px;`;
  host.setAttribute('aria-hidden', 'true');
  document.body.append(host);
  const chart = init(host, null, { renderer: 'canvas', width: size.width, height: size.height, devicePixelRatio: size.scale });
  try {
    chart.setOption({ ...option, animation: false } as EChartsCoreOption);
    return dataUrlBytes(chart.getDataURL({ type: 'png', pixelRatio: size.scale, backgroundColor: '#FFFFFF' }));
  } finally {
    chart.dispose();
    host.remove();
  }
}

/** A themed option as SVG at a layout size. */
export function renderThemedSvg(option: ThemedOption, size: { width: number; height: number }): string {
  return renderSvg(option as ChartOption, size);
}
