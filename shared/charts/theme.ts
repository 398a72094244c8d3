/**
 * The one chart theme of the workbench: the app, the command line and the
 * Word profile all draw charts from the same plain ECharts option objects
 * (shared/ may not import echarts, so the option type here is a small local
 * subset). Print first: white background, dark text, light grid lines, a
 * colour-blind-safe palette (Okabe & Ito), and every chart says what it
 * shows (title), for which period and filters (subtitle) and where the
 * figures come from (a source note at the bottom left).
 */

import { type FontSpec, textWidth, wrappedLines } from './text-metrics';

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
  style: { text: string; fill: string; fontSize: number; fontFamily: string; width: number; overflow: 'break' | 'truncate'; lineHeight?: number };
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
  /**
   * Half the text width, e.g. two charts side by side: 80 mm x 70 mm at 300 dpi, laid out 400 px across
   * (not 302 px, 96 dpi) so a wrapped title, legend and source note leave the plot room; text prints at about 0.8 of A4's.
   */
  half: { label: 'Half width (80 x 70 mm, 300 dpi)', widthMm: 80, heightMm: 70, dpi: 300, layoutWidth: 400 },
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
  const spec: { widthMm: number; heightMm: number; dpi: number; layoutWidth?: number } = SIZE_PRESETS[preset];
  const { widthMm, heightMm, dpi } = spec;
  const pixelWidth = Math.round((widthMm / 25.4) * dpi);
  const pixelHeight = Math.round((heightMm / 25.4) * dpi);
  const scale = spec.layoutWidth === undefined ? dpi / CSS_DPI : pixelWidth / spec.layoutWidth;
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

const TITLE_FONT = { fontSize: 15, isBold: true } as const;
const SUBTITLE_FONT = { fontSize: 12 } as const;
const LEGEND_FONT = { fontSize: 11 } as const;
const NOTE_FONT = { fontSize: 10 } as const;
/** Lines of wrapped text (a single line keeps ECharts' own height, the font size, so wide charts lay out as before). */
const TITLE_LINE = 18;
const SUBTITLE_LINE = 14;
const NOTE_LINE = 12;

/** How much taller than one line the text is once wrapped, and the line height to draw it with (none for one line). */
function wrapped(textValue: string, font: FontSpec, maxWidth: number, lineHeight: number): { extra: number; lineHeight?: number } {
  const lines = wrappedLines(textValue, font, maxWidth);
  return lines <= 1 ? { extra: 0 } : { extra: lines * lineHeight - font.fontSize, lineHeight };
}
/** A wrapped legend's rows: item height and the gap between rows. */
const LEGEND_ROW = 24;

const pick = (layout: { lineHeight?: number }): { lineHeight?: number } => (layout.lineHeight === undefined ? {} : { lineHeight: layout.lineHeight });

/** The legend's entries: the builder's `legend.data` (names or { name }), else the series' names. */
function legendNames(body: ChartBody, legend: Record<string, unknown> | undefined): string[] {
  const data = legend?.data;
  if (Array.isArray(data)) return data.map((d: unknown) => (typeof d === 'string' ? d : typeof d === 'object' && d !== null && 'name' in d ? String(d.name) : ''));
  return body.series.map((s) => s.name);
}

/** Rows a horizontal legend wraps onto across `maxWidth` (ECharts flows items left to right and wraps). */
function legendRows(names: readonly string[], maxWidth: number): number {
  let rows = 1;
  let used = 0;
  for (const name of names) {
    // Symbol (14 px), its gap to the text (5 px), the text, then the gap to the next item (10 px).
    const item = 14 + 5 + textWidth(name, LEGEND_FONT);
    if (used > 0 && used + item > maxWidth) {
      rows++;
      used = 0;
    }
    used += item + 10;
  }
  return rows;
}

/**
 * A builder's body dressed in the theme: titles top left, the source note
 * bottom left, room kept for both. On a narrow chart (a half-width export)
 * the title, subtitle, legend and source note wrap to the width, and the
 * plot moves down and up to make room, so nothing runs off the edge or over
 * the plot.
 */
export function applyTheme(body: ChartBody, text: ChartText, options: { width?: number; legend?: boolean } = {}): ChartOption {
  const width = options.width ?? 640;
  const hasSubtitle = text.subtitle.trim() !== '';
  const hasNote = text.sourceNote.trim() !== '';
  const hasLegend = options.legend ?? body.series.length > 1;
  const { grid: bodyGrid, legend: bodyLegend, ...rest } = body as ChartBody & { grid?: Record<string, number | string | boolean>; legend?: Record<string, unknown> };
  // The title box starts 12 px in with 5 px of padding each side; keep 12 px clear on the right too.
  const textWidthMax = Math.max(60, width - 34);
  const title = wrapped(text.title, TITLE_FONT, textWidthMax, TITLE_LINE);
  const subtitle = hasSubtitle ? wrapped(text.subtitle, SUBTITLE_FONT, textWidthMax, SUBTITLE_LINE) : { extra: 0 };
  const extraLegend = hasLegend ? (legendRows(legendNames(body, bodyLegend), textWidthMax) - 1) * LEGEND_ROW : 0;
  const noteWidth = Math.max(100, width - 24);
  const note = hasNote ? wrapped(text.sourceNote, NOTE_FONT, noteWidth, NOTE_LINE) : { extra: 0 };
  const titlesHeight = title.extra + subtitle.extra;
  // Room under the titles (and legend) for an axis name above the plot.
  const top = (hasSubtitle ? 58 : 40) + titlesHeight + (hasLegend ? 26 + extraLegend : 0) + 18;
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
        textStyle: { fontFamily: FONT_FAMILY, fontSize: 15, fontWeight: 'bold', color: INK.text, width: textWidthMax, overflow: 'break', ...pick(title) },
        subtextStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: INK.muted, width: textWidthMax, overflow: 'break', ...pick(subtitle) },
      },
    ],
    graphic: hasNote
      ? [
          {
            type: 'text',
            left: 12,
            bottom: 6,
            z: 100,
            style: { text: text.sourceNote, fill: INK.muted, fontSize: 10, fontFamily: FONT_FAMILY, width: noteWidth, overflow: 'break', ...pick(note) },
          },
        ]
      : [],
    legend: hasLegend
      ? { top: (hasSubtitle ? 56 : 38) + titlesHeight, left: 12, right: 12, itemWidth: 14, itemHeight: 10, textStyle: { fontFamily: FONT_FAMILY, fontSize: 11, color: INK.text }, ...bodyLegend }
      : { show: false },
    grid: { left: 12, right: 24, top, bottom: hasNote ? 30 + note.extra : 14, containLabel: true, ...bodyGrid },
    ...rest,
    series: withSeriesCues(body.series),
  };
}

/** Line dashes and marker shapes for the second and later rounds of the palette. */
const LINE_CUES = [
  { type: 'dashed', symbol: 'rect' },
  { type: 'dotted', symbol: 'triangle' },
  { type: [8, 3, 2, 3], symbol: 'diamond' },
] as const;

/** Bar fill patterns for the second and later rounds of the palette (ECharts decals: plain data). */
const BAR_DECALS = [
  { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: 'rgba(0, 0, 0, 0.45)' },
  { symbol: 'circle', symbolSize: 0.8, dashArrayX: [[4, 4], [0, 4, 4, 0]], dashArrayY: [4, 0], color: 'rgba(0, 0, 0, 0.45)' },
  { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: 'rgba(255, 255, 255, 0.7)' },
] as const;

/** A series coloured from the palette (not given a colour of its own): these are told apart by colour. */
function isPaletteColoured(series: ChartSeries): boolean {
  const styled = (key: 'itemStyle' | 'lineStyle'): boolean => {
    const style = series[key];
    return typeof style === 'object' && style !== null && 'color' in style;
  };
  return (series.type === 'line' || series.type === 'bar') && !styled('itemStyle') && !styled('lineStyle');
}

/**
 * Past the palette's eight colours they come round again, and two series would differ in nothing:
 * each later round of line series gets a dash and marker shape, of bar series a fill pattern, so every
 * series stays distinct in colour, or in pattern, for any colour vision and in greyscale print.
 */
export function withSeriesCues(series: readonly ChartSeries[]): ChartSeries[] {
  let k = -1;
  return series.map((s) => {
    if (!isPaletteColoured(s)) return s;
    k++;
    const round = Math.floor(k / PALETTE.length);
    if (round === 0) return s;
    const colour = PALETTE[k % PALETTE.length];
    if (s.type === 'line') {
      const cue = LINE_CUES[(round - 1) % LINE_CUES.length] ?? LINE_CUES[0];
      const lineStyle = typeof s.lineStyle === 'object' && s.lineStyle !== null ? s.lineStyle : {};
      return { ...s, symbol: cue.symbol, lineStyle: { ...lineStyle, type: cue.type, color: colour }, itemStyle: { color: colour } };
    }
    const decal = BAR_DECALS[(round - 1) % BAR_DECALS.length] ?? BAR_DECALS[0];
    return { ...s, itemStyle: { color: colour, decal } };
  });
}
