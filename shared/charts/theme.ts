/**
 * The one chart theme of the workbench: the app, the command line and the
 * Word profile all draw charts from the same plain ECharts option objects
 * (shared/ may not import echarts, so the option type here is a small local
 * subset). Print first: white background, dark text, light grid lines, a
 * colour-blind-safe palette (Okabe & Ito), and every chart says what it
 * shows (title), for which period and filters (subtitle) and where the
 * figures come from (a source note at the bottom left).
 */

/** A plain ECharts option: only data and styles, no functions, so it survives structured clone and JSON. */
export interface ChartOption {
  backgroundColor: string;
  color: string[];
  textStyle: { fontFamily: string; color: string; fontSize: number };
  title: ChartTitle[];
  graphic: ChartGraphicText[];
  grid: Record<string, number | string | boolean>;
  series: ChartSeries[];
  [key: string]: unknown;
}

export interface ChartTitle {
  text: string;
  subtext: string;
  left: number;
  top: number;
  textStyle: Record<string, unknown>;
  subtextStyle: Record<string, unknown>;
}

export interface ChartGraphicText {
  type: 'text';
  left: number;
  bottom: number;
  z: number;
  style: { text: string; fill: string; fontSize: number; fontFamily: string; width: number; overflow: 'truncate' };
}

export interface ChartSeries {
  type: string;
  name: string;
  data: unknown[];
  [key: string]: unknown;
}

/** The three strings every chart carries; filled from the view and editable by the analyst. */
export interface ChartText {
  title: string;
  subtitle: string;
  /** "Source: <extract names and dates>", drawn at the bottom left. */
  sourceNote: string;
}

/** The part of an option a builder supplies; the theme adds background, fonts, titles and the source note. */
export interface ChartBody {
  series: ChartSeries[];
  [key: string]: unknown;
}

/**
 * Okabe & Ito (2008) colour-universal-design palette, ordered for print:
 * the strong blue, orange and green first, yellow last (weak on white).
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'] as const;

/** Paul Tol's YlOrBr sequential scheme (colour-blind safe, prints in grey as a ramp): counts. */
export const SEQUENTIAL = ['#FFFFE5', '#FFF7BC', '#FEE391', '#FEC44F', '#FB9A29', '#EC7014', '#CC4C02', '#993404', '#662506'] as const;

/** Paul Tol's BuRd diverging scheme: ratios and indices centred on 1 (white = 1). */
export const DIVERGING = ['#2166AC', '#4393C3', '#92C5DE', '#D1E5F0', '#F7F7F7', '#FDDBC7', '#F4A582', '#D6604D', '#B2182B'] as const;

export const FONT_FAMILY = "'Source Sans 3', 'Source Sans Pro', 'Segoe UI', Roboto, Arial, sans-serif";

export const INK = {
  text: '#1A1A1A',
  muted: '#4D4D4D',
  axis: '#595959',
  grid: '#E0E0E0',
  background: '#FFFFFF',
  /** Highlight for "this area" among peers, targets and exceptions. */
  accent: '#D55E00',
} as const;

export const SIZE_PRESETS = {
  /** A4 page, full text width: 170 mm x 100 mm, printed at 300 dpi. */
  a4: { label: 'A4 full width (170 x 100 mm, 300 dpi)', widthMm: 170, heightMm: 100, dpi: 300 },
  /** Half the text width, e.g. two charts side by side: 80 mm x 70 mm at 300 dpi. */
  half: { label: 'Half width (80 x 70 mm, 300 dpi)', widthMm: 80, heightMm: 70, dpi: 300 },
  /** 16:9 slide: 1600 x 900 px (laid out at 960 x 540 so text reads at slide scale). */
  slide: { label: 'Slide 16:9 (1600 x 900 px)', widthMm: null, heightMm: null, dpi: null },
} as const;

export type SizePreset = keyof typeof SIZE_PRESETS;
export const SIZE_PRESET_NAMES = Object.keys(SIZE_PRESETS) as SizePreset[];

export function isSizePreset(name: string): name is SizePreset {
  return Object.hasOwn(SIZE_PRESETS, name);
}

/** CSS px per inch: ECharts lays out in CSS px, so a 12 px label prints at 9 pt. */
const CSS_DPI = 96;

export interface ChartSize {
  /** Layout size in CSS px (what echarts.init gets). */
  width: number;
  height: number;
  /** Raster scale: PNG pixels per layout px. */
  scale: number;
  /** The PNG's size in pixels. */
  pixelWidth: number;
  pixelHeight: number;
  /** Physical size for embedding in a document (null for slides). */
  widthMm: number | null;
  heightMm: number | null;
}

/** Layout and raster size of a preset: print presets are laid out at 96 dpi and rasterised at their dpi. */
export function chartSize(preset: SizePreset): ChartSize {
  if (preset === 'slide') return { width: 960, height: 540, scale: 1600 / 960, pixelWidth: 1600, pixelHeight: 900, widthMm: null, heightMm: null };
  const { widthMm, heightMm, dpi } = SIZE_PRESETS[preset];
  const pixelWidth = Math.round((widthMm / 25.4) * dpi);
  const pixelHeight = Math.round((heightMm / 25.4) * dpi);
  const scale = dpi / CSS_DPI;
  return { width: pixelWidth / scale, height: pixelHeight / scale, scale, pixelWidth, pixelHeight, widthMm, heightMm };
}

/** Axis styling shared by every cartesian chart. */
export function axisStyle(): Record<string, unknown> {
  return {
    axisLine: { lineStyle: { color: INK.axis } },
    axisTick: { lineStyle: { color: INK.axis } },
    axisLabel: { color: INK.muted, fontFamily: FONT_FAMILY, fontSize: 11 },
    splitLine: { lineStyle: { color: INK.grid, width: 1 } },
    nameTextStyle: { color: INK.muted, fontFamily: FONT_FAMILY, fontSize: 11 },
  };
}

/**
 * A builder's body dressed in the theme: titles top left, the source note
 * bottom left, room kept for both. `width` lets the note truncate rather
 * than run off a narrow chart.
 */
export function applyTheme(body: ChartBody, text: ChartText, options: { width?: number; legend?: boolean } = {}): ChartOption {
  const width = options.width ?? 640;
  const hasSubtitle = text.subtitle.trim() !== '';
  const hasNote = text.sourceNote.trim() !== '';
  const hasLegend = options.legend ?? body.series.length > 1;
  // Room under the titles (and legend) for an axis name above the plot.
  const top = (hasSubtitle ? 58 : 40) + (hasLegend ? 26 : 0) + 18;
  const { grid: bodyGrid, legend: bodyLegend, ...rest } = body as ChartBody & { grid?: Record<string, number | string | boolean>; legend?: Record<string, unknown> };
  return {
    animation: false,
    backgroundColor: INK.background,
    color: [...PALETTE],
    textStyle: { fontFamily: FONT_FAMILY, color: INK.text, fontSize: 12 },
    title: [
      {
        text: text.title,
        subtext: text.subtitle,
        left: 12,
        top: 8,
        textStyle: { fontFamily: FONT_FAMILY, fontSize: 15, fontWeight: 'bold', color: INK.text },
        subtextStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: INK.muted },
      },
    ],
    graphic: hasNote
      ? [
          {
            type: 'text',
            left: 12,
            bottom: 6,
            z: 100,
            style: { text: text.sourceNote, fill: INK.muted, fontSize: 10, fontFamily: FONT_FAMILY, width: Math.max(100, width - 24), overflow: 'truncate' },
          },
        ]
      : [],
    legend: hasLegend
      ? { top: hasSubtitle ? 56 : 38, left: 12, itemWidth: 14, itemHeight: 10, textStyle: { fontFamily: FONT_FAMILY, fontSize: 11, color: INK.text }, ...bodyLegend }
      : { show: false },
    grid: { left: 12, right: 24, top, bottom: hasNote ? 30 : 14, containLabel: true, ...bodyGrid },
    ...rest,
    series: body.series,
  };
}
