import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { barChart, heatmapChart, surveyChart, trendChart } from '../../shared/charts/builders';
import { chartSize } from '../../shared/charts/theme';
import { FONT_FILES, renderChart, renderChartSvg } from './chart-render';

const months = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const values = months.map((_, i) => 40 + (i % 12) * 3 + i);
const option = trendChart({
  months,
  values,
  name: 'Burglary dwelling',
  senSlope: 1,
  text: { title: 'Burglary per month', subtitle: 'Jan 2023 to Dec 2024 · District: Mansfield', sourceNote: 'Source: street.csv (imported 2025-01-02)' },
});

describe('headless chart rendering', () => {
  it('SVG has the title, subtitle, source note, series name and the bundled font family', () => {
    const svg = renderChartSvg(option, 'a4');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Burglary per month', 'Jan 2023 to Dec 2024 · District: Mansfield', 'Source: street.csv (imported 2025-01-02)', 'Burglary dwelling', 'Trend (Sen slope)', 'Jan 2024']) {
      expect(svg).toContain(text);
    }
    expect(svg).toContain('Source Sans 3');
    // One path per line series at least, drawn in the palette's first colour.
    expect(svg).toMatch(/<path[^>]+stroke="#0072B2"/i);
  });

  it('PNG: signature, IHDR dimensions of the preset, and ink on the page', () => {
    const rendered = renderChart(option, 'half');
    const png = rendered.png;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    const size = chartSize('half');
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([size.pixelWidth, size.pixelHeight]);
    expect([rendered.pixelWidth, rendered.pixelHeight]).toEqual([945, 827]);
    // Decode by rendering again and counting non-white pixels (RGBA).
    const pixels = new Resvg(rendered.svg, { fitTo: { mode: 'width', value: 300 }, background: '#ffffff', font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: 'Source Sans 3' } })
      .render().pixels;
    let ink = 0;
    let blue = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b] = [pixels[i] ?? 255, pixels[i + 1] ?? 255, pixels[i + 2] ?? 255];
      if (r < 200 || g < 200 || b < 200) ink += 1;
      if (b > 120 && r < 60 && g > 60 && g < 150) blue += 1;
    }
    expect(ink).toBeGreaterThan(500);
    expect(blue).toBeGreaterThan(50);
  });

  it('every preset renders, e.g. a survey chart as a 1600 x 900 slide', () => {
    const survey = surveyChart([{ label: 'Arboretum', estimate: 0.55, lower: 0.45, upper: 0.65 }], {
      target: 0.6,
      text: { title: 'Police and council dealing with ASB', subtitle: '2014', sourceNote: 'Source: respect.csv' },
    });
    const rendered = renderChart(survey, 'slide');
    expect([rendered.pixelWidth, rendered.pixelHeight]).toEqual([1600, 900]);
    expect(rendered.svg).toContain('Target 60%');
  });
});

describe('a heatmap of crime types by district names every row and column', () => {
  // The nineteen crime types and eight districts of a county profile: ECharts' own label interval dropped every other one.
  const types = [
    'Anti-social behaviour', 'Arson', 'Bicycle theft', 'Burglary Business and Community', 'Burglary Dwelling', 'Criminal damage', 'Drug offences',
    'Miscellaneous crimes against society', 'Other theft', 'Possession of weapons', 'Public order offences', 'Robbery of personal property',
    'Sexual offences', 'Shoplifting', 'Theft from motor vehicle', 'Theft from the person', 'Theft of motor vehicle', 'Violence with injury', 'Violence without injury',
  ];
  const districts = ['Ashfield', 'Bassetlaw', 'Broxtowe', 'Gedling', 'Mansfield', 'Newark and Sherwood', 'Nottingham City', 'Rushcliffe'];
  const heatmap = heatmapChart({
    text: { title: 'Crime type by district 2023/24', subtitle: 'Count, Apr 2023 to Mar 2024', sourceNote: 'Source: 8 district profile extracts' },
    rows: types,
    columns: districts,
    values: types.map((_, i) => districts.map((__, j) => 10 + i * 8 + j)),
    scale: 'counts',
    width: chartSize('a4').width,
  });

  it('in the A4 rendering a profile prints', () => {
    const svg = renderChartSvg(heatmap, 'a4');
    const drawn = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]?.replace(/&amp;/g, '&'));
    for (const label of [...types, ...districts]) expect(drawn, label).toContain(label);
  });
});

describe('a bar chart names every bar', () => {
  // A police.uk year by district: the county's districts among others' (crimes recorded just over the border).
  const districts = [
    'Amber Valley', 'Ashfield', 'Bassetlaw', 'Bolsover', 'Broxtowe', 'Charnwood', 'Derby', 'Doncaster', 'Erewash', 'Gedling', 'Greenwich', 'Havant',
    'Lincoln', 'Mansfield', 'Melton', 'Newark and Sherwood', 'North Kesteven', 'North West Leicestershire', 'Nottingham City', 'Oldham', 'Rotherham',
    'Rushcliffe', 'Sheffield', 'Solihull', 'South Kesteven', 'Unknown district', 'West Lindsey',
  ];
  it('every district is written under its bar in the A4 rendering', () => {
    const result = {
      spec: { rows: ['district'], columns: [], measure: 'count', filters: [] },
      columns: [],
      rows: districts.map((d, i) => ({ key: [d], values: [i % 3 === 0 ? 5000 + i : 6 + i], total: null, counts: [], countTotal: 0 })),
      columnTotals: [],
      grandTotal: null,
      columnCountTotals: [],
      grandCount: 0,
      notes: [],
    } satisfies Parameters<typeof barChart>[0];
    const option = barChart(result, { text: { title: 'Anti-social behaviour by district', subtitle: 'Count, Jan 2023 to Dec 2024', sourceNote: '' }, width: chartSize('a4').width, mode: 'grouped' });
    const svg = renderChartSvg(option, 'a4');
    const drawn = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]?.replace(/&amp;/g, '&'));
    for (const d of districts) expect(drawn, d).toContain(d);
  });
});

describe('a heatmap of 191 districts by month', () => {
  const rows = Array.from({ length: 191 }, (_, i) => `District ${i}`);
  it('is drawn in every preset with rows at least 10 px high, each named, the note saying how many are left to the table', () => {
    for (const preset of ['a4', 'half', 'slide'] as const) {
      const option = heatmapChart({
        text: { title: 'Districts by month', subtitle: 'Count, Jan 2023 to Dec 2024', sourceNote: 'Source: 24 police.uk street-level files (last imported 2 Dec 2026); records Jan 2023 to Dec 2024' },
        ...chartSize(preset),
        rows,
        columns: months,
        values: rows.map((_, i) => months.map(() => 191 - i)),
        rowRecords: rows.map((_, i) => 191 - i),
        scale: 'counts',
      });
      const svg = renderChartSvg(option, preset);
      // The heatmap's cells: "M x y l w 0 l 0 h ..." paths of series 0.
      const heights = [...svg.matchAll(/<path d="M[\d.]+ [\d.]+l[\d.]+ 0l0 ([\d.]+)l[^"]*"[^>]*ecmeta_series_index="0"/g)].map((m) => Number(m[1]));
      const drawnRows = heights.length / months.length;
      expect(Number.isInteger(drawnRows) && drawnRows > 0, preset).toBe(true);
      expect(Math.min(...heights), preset).toBeGreaterThanOrEqual(10);
      for (let i = 0; i < drawnRows; i++) expect(svg, preset).toContain(`>District ${i}<`);
      expect(svg).toContain(`191 rows: the ${drawnRows} with the most records are drawn`);
    }
  });
});
