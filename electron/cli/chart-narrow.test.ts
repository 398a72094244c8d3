/**
 * Charts exported at half width (80 mm, laid out 400 px across) for two
 * figures side by side in a report: the title, subtitle and source note
 * wrap inside the chart rather than run off its edge or lose their end,
 * and a legend that wraps onto more rows pushes the plot down rather than
 * sitting on its axis. Rendered as the app, the command line and the Word
 * profile render them (ECharts' SVG, rasterised by resvg in Source Sans 3).
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { ageDisproportion, ageProfileChart } from '../../shared/charts/builders';
import { textWidth } from '../../shared/charts/text-metrics';
import { type ChartText, chartSize } from '../../shared/charts/theme';
import { FONT_FILES, renderChartSvg } from './chart-render';

const text: ChartText = {
  title: '18-24 are 23% of victims against 11% of the population (2.05 times their share)',
  subtitle: 'Victims (distinct people) by age band, Apr 2019 to Mar 2024 · residents: mid-2023 estimates',
  sourceNote: 'Source: district extracts (8 files, last imported 2026-12-01); population extracts (1 file, last imported 2026-12-01); records Apr 2019 to Mar 2024',
};
const rows = ageDisproportion(['0-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'], [880, 2043, 1999, 1462, 1165, 815, 661], [242296, 129789, 154371, 142820, 147202, 140962, 219960]);

function render(svg: string, width: number): { pixels: Uint8Array; width: number; height: number } {
  const image = new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'width', value: width }, font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: 'Source Sans 3' } }).render();
  return { pixels: new Uint8Array(image.pixels), width: image.width, height: image.height };
}

/** Texts drawn, with their position (ECharts' SSR writes each line as a <text> with a translate). */
function texts(svg: string): { y: number; x: number; size: number; content: string }[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const attributes = m[1] ?? '';
    const at = /transform="translate\(([\d.-]+) ([\d.-]+)\)"/.exec(attributes);
    const dy = /\sy="([\d.-]+)"/.exec(attributes);
    const size = /font-size:([\d.]+)px/.exec(attributes);
    return { x: Number(at?.[1] ?? 0), y: Number(at?.[2] ?? 0) + Number(dy?.[1] ?? 0), size: Number(size?.[1] ?? 0), content: (m[2] ?? '').trim() };
  });
}

describe('half-width chart exports', () => {
  const size = chartSize('half');
  const svg = renderChartSvg(ageProfileChart(rows, { text, width: size.width }), 'half');

  it('draws nothing in the right-hand margin: the title and subtitle wrap inside the chart', () => {
    const { pixels, width, height } = render(svg, Math.round(size.width));
    const inked: string[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = width - 6; x < width; x++) {
        const i = (y * width + x) * 4;
        if ((pixels[i] ?? 255) < 200 || (pixels[i + 1] ?? 255) < 200 || (pixels[i + 2] ?? 255) < 200) inked.push(`${x},${y}`);
      }
    }
    expect(inked).toEqual([]);
    // Wrapped, not cut: every word of the title and the whole source note are in the picture.
    const drawn = texts(svg).map((t) => t.content).join(' ');
    for (const word of [...text.title.split(' '), ...text.sourceNote.split(' ')]) expect(drawn).toContain(word);
    expect(drawn).not.toContain('…');
  });

  it('the legend, wrapped onto several rows, stays above the axis names and the plot', () => {
    const all = texts(svg);
    const legend = all.filter((t) => ['Victims (% of victims)', 'Population (% of residents)', 'Ratio (victim share / population share)'].includes(t.content));
    const axisName = all.find((t) => t.content === '% of total');
    expect(legend).toHaveLength(3);
    expect(new Set(legend.map((t) => t.y)).size, 'the legend wraps at this width').toBeGreaterThan(1);
    const legendBottom = Math.max(...legend.map((t) => t.y));
    expect(axisName?.y ?? 0).toBeGreaterThan(legendBottom + 10);
    const subtitle = all.filter((t) => t.size === 12 && t.content !== '' && text.subtitle.includes(t.content));
    // Below the subtitle's last line, however many lines the titles took.
    expect(subtitle.length).toBeGreaterThan(0);
    expect(Math.min(...legend.map((t) => t.y))).toBeGreaterThan(Math.max(...subtitle.map((t) => t.y)) + 8);
  });

  it('measures text as resvg draws it in Source Sans 3', () => {
    // The ink of a rendered line against the widths the theme lays out with (ink is a little inside the advance).
    for (const [sample, isBold] of [
      ['Victims (distinct people) by age band, Apr 2019 to Mar 2024', false],
      ['18-24 are 23% of victims against 11% of the population', true],
    ] as const) {
      const line = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="200"><text x="0" y="150" font-family="Source Sans 3" font-size="100"${isBold ? ' font-weight="bold"' : ''}>${sample}</text></svg>`;
      const box = new Resvg(line, { font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: 'Source Sans 3' } }).getBBox();
      const estimate = textWidth(sample, { fontSize: 100, isBold });
      expect(box?.width ?? 0).toBeGreaterThan(estimate * 0.95);
      expect(box?.width ?? 0).toBeLessThan(estimate * 1.01);
    }
  });
});
