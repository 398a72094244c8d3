/**
 * Headless chart rendering for the command line and the Word profile: the
 * same plain option the app draws, rendered by ECharts' server-side SVG
 * renderer, then rasterised by resvg with the bundled Source Sans 3 (no
 * system fonts, so a PNG is the same on every machine).
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { measureChartText } from '../../shared/charts/text-metrics';
import { type ChartOption, type SizePreset, chartSize } from '../../shared/charts/theme';

const require = createRequire(import.meta.url);

// Without a canvas ECharts guesses text widths from a generic font's, wider than Source Sans 3, so wrapped titles
// broke onto more lines than the theme keeps room for; measure as resvg will draw them (and as the app does).
echarts.setPlatformAPI({ measureText: measureChartText });

/** The bundled fonts (SIL Open Font Licence), regular and bold. */
export const FONT_FILES: readonly string[] = [
  require.resolve('@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf'),
  require.resolve('@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf'),
];

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
  pixelWidth: number;
  pixelHeight: number;
}

/** The option as an SVG document at the preset's layout size. */
export function renderChartSvg(option: ChartOption, preset: SizePreset): string {
  const size = chartSize(preset);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** An SVG (from renderChartSvg) as a PNG at the preset's print resolution. */
export function svgToPng(svg: string, preset: SizePreset): { png: Uint8Array; pixelWidth: number; pixelHeight: number } {
  const size = chartSize(preset);
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: size.pixelWidth },
    font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: 'Source Sans 3' },
  });
  const image = resvg.render();
  return { png: new Uint8Array(image.asPng()), pixelWidth: image.width, pixelHeight: image.height };
}

export function renderChart(option: ChartOption, preset: SizePreset): RenderedChart {
  const svg = renderChartSvg(option, preset);
  return { svg, ...svgToPng(svg, preset) };
}
