import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../electron/cli/chart-render';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { chartSize, type ChartOption } from '../charts/theme';
import { POPULATION_COLUMNS, districtCsv, generateDistrictRecords, objectsToCsv, populationRows } from '../generator';
import { importFiles } from '../import/import-files';
import { workbenchInfo } from '../info';
import { runPivot } from '../pivot/run-pivot';
import { getView, saveView } from '../views';
import { createWorkbench } from '../workbench';
import { buildProfileDocx } from './docx';
import { buildProfileHtml } from './html';
import { type PlannedItem, planProfile, renderPlan } from './plan';
import { addProfileItem, getProfile } from './store';

const run = promisify(execFile);
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
let db: Database;

beforeAll(async () => {
  const SQL = await loadSqlJs();
  db = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
  const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
  const add = (n: number, month: string, lsoa: string, type: string): void => {
    for (let k = 0; k < n; k += 1) lines.push(`${type.slice(0, 3)}${month}-${lsoa}-${k},${month},N,N,-1.19,53.14,X,${lsoa},${lsoa === 'E01028000' ? 'Mansfield 001A' : 'Ashfield 001A'},${type},,`);
  };
  for (const month of ['2024-11', '2024-12']) {
    add(20, month, 'E01028000', 'Burglary');
    add(month === '2024-12' ? 1 : 0, month, 'E01028000', 'Robbery');
    add(6, month, 'E01028001', 'Vehicle crime');
    add(month === '2024-12' ? 3 : 9, month, 'E01028001', 'Burglary');
  }
  // A few hundred district records of one month: some age bands get fewer than 5 victims.
  const district = [...generateDistrictRecords({ seed: 4, records: 40_000, districts: ['Bassetlaw'] })].filter((r) => r.committed_date.slice(3, 10) === '06/2021');
  await importFiles(
    db,
    [
      { name: '2024-street.csv', bytes: encode(lines.join('\n')) },
      { name: 'district-bassetlaw.csv', bytes: encode(districtCsv(district)) },
      { name: 'population-long.csv', bytes: encode(objectsToCsv(POPULATION_COLUMNS, populationRows())) },
    ],
    { now: new Date('2025-01-02T00:00:00Z') },
  );
  saveView(db, 'By district and crime type', { rows: ['district'], columns: ['crime_type'], measure: 'count', filters: [], from: '2024-11', to: '2024-12' }, 'bar');
  saveView(db, 'Month by crime type', { rows: ['crime_type'], columns: ['month'], measure: 'count', filters: [{ dimension: 'district', values: ['Mansfield', 'Ashfield'] }], from: '2024-11', to: '2024-12' }, 'heatmap');
  addProfileItem(db, 'Small counts', { kind: 'view', viewName: 'By district and crime type', caption: 'Records by district and crime type' });
  addProfileItem(db, 'Small counts', { kind: 'view', viewName: 'Month by crime type', caption: 'Records by month' });
  addProfileItem(db, 'Small counts', { kind: 'chart', chart: { analysis: 'age-profile', request: { filters: [{ dimension: 'district', values: ['Bassetlaw'] }], count: 'victims' } } });
  addProfileItem(db, 'Small counts', { kind: 'pivot', viewName: 'By district and crime type', caption: 'Records by district and crime type (table)' });
}, 120_000);

/** Every number a chart's series carry (bars, points, heatmap cells, stacked values). */
function chartNumbers(option: ChartOption): number[] {
  const out: number[] = [];
  for (const series of option.series) {
    if (series.name.startsWith('Population')) continue; // residents, not a disclosure risk
    for (const d of series.data) {
      if (typeof d === 'number') out.push(d);
      else if (typeof d === 'object' && d !== null && 'value' in d) {
        const v = (d).value;
        if (typeof v === 'number') out.push(v);
        if (Array.isArray(v) && typeof v[2] === 'number') out.push(v[2]);
      }
    }
  }
  return out;
}

const charts = (plan: PlannedItem[]): ChartOption[] => plan.flatMap((p) => (p.kind === 'chart' ? [p.option] : []));
const isSmall = (n: number): boolean => n > 0 && n < 5;

describe('disclosure control in profile charts', () => {
  it('the data really has small counts: without suppression the charts show them', () => {
    const plan = planProfile(db, getProfile(db, 'Small counts'), { suppression: false });
    const [bar, heatmap, age] = charts(plan);
    expect(chartNumbers(bar as ChartOption).some(isSmall)).toBe(true);
    expect(chartNumbers(heatmap as ChartOption).some(isSmall)).toBe(true);
    const result = runPivot(db, getView(db, 'By district and crime type').spec);
    expect(result.rows.flatMap((r) => r.counts).some(isSmall)).toBe(true);
    // Some age bands have fewer than 5 victims in the month.
    expect(age?.series.find((s) => s.name.startsWith('Victims'))?.data.every((v) => typeof v === 'number')).toBe(true);
  });

  it('with suppression no bar, heatmap cell or age share reveals a count below 5; gaps and a note instead', () => {
    const plan = planProfile(db, getProfile(db, 'Small counts'), { suppression: true, width: chartSize('a4').width });
    const [bar, heatmap, age] = charts(plan);
    for (const option of [bar, heatmap]) {
      const numbers = chartNumbers(option as ChartOption);
      expect(numbers.some(isSmall)).toBe(false);
      expect(option?.graphic[0]?.style.text).toContain('counts below 5 are suppressed');
    }
    // Stacked bars: the gaps are nulls, and the visible stack of a district never equals a published total
    // that would give a hidden cell away (secondary suppression hid a partner).
    const barSeries = (bar as ChartOption).series;
    const mansfield = barSeries.map((s) => s.data[1]);
    expect(mansfield.filter((v) => v === null).length).not.toBe(1);

    // Age profile: bands with 1-4 victims lose their share and ratio, and so does at least one more band (the shares add to 100%).
    const unsuppressed = charts(planProfile(db, getProfile(db, 'Small counts'), { suppression: false }))[2] as ChartOption;
    const trueShares = unsuppressed.series.find((s) => s.name.startsWith('Victims'))?.data as number[];
    const shown = age?.series.find((s) => s.name.startsWith('Victims'))?.data ?? [];
    const ratios = age?.series.find((s) => s.name.startsWith('Ratio'))?.data ?? [];
    const hidden = shown.map((v) => v === null);
    expect(hidden.filter(Boolean).length).not.toBe(1);
    expect(hidden.some(Boolean)).toBe(true);
    shown.forEach((v, i) => {
      if (v === null) expect(ratios[i]).toBeNull();
      else expect(v).toBeCloseTo(trueShares[i] ?? Number.NaN, 9);
    });
    expect(age?.graphic[0]?.style.text).toContain('counts below 5 are suppressed');

    // The rendered SVG of the bar chart carries no bar for the hidden cells: fewer bar paths than without suppression.
    const bars = (option: ChartOption): number => (renderChart(option, 'a4').svg.match(/<path d="M[^"]*Z"/g) ?? []).length;
    const open = charts(planProfile(db, getProfile(db, 'Small counts'), { suppression: false }))[0] as ChartOption;
    expect(bars(bar as ChartOption)).toBeLessThan(bars(open));
  });

  it('the Word document and the print page hold the same captions, notes and table cells, none below 5', async () => {
    const profile = getProfile(db, 'Small counts');
    const info = workbenchInfo(db);
    const plan = planProfile(db, profile, { suppression: true, width: chartSize('a4').width });
    const items = await renderPlan(plan, (option) => ({ png: renderChart(option, 'a4').png, widthMm: 170, heightMm: 100 }));
    const now = new Date('2025-01-03T00:00:00Z');
    const docx = await buildProfileDocx(profile, items, { info, now });
    const html = buildProfileHtml(profile, items, { info, now });

    const dir = mkdtempSync(join(tmpdir(), 'cawb-disclosure-'));
    writeFileSync(join(dir, 'p.docx'), docx);
    const { stdout: xml } = await run('unzip', ['-p', join(dir, 'p.docx'), 'word/document.xml'], { maxBuffer: 64 * 1024 * 1024 });
    const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const docxCells = [...xml.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((m) => unescape([...(m[1] ?? '').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')));
    const htmlCells = [...html.matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((m) => unescape(m[1] ?? ''));
    expect(docxCells.length).toBeGreaterThan(10);
    expect(htmlCells).toEqual(docxCells);
    expect(docxCells).toContain('<5');
    expect(docxCells).toContain('[c]');
    expect(docxCells.filter((c) => /^[1-4]$/.test(c))).toEqual([]);

    const docxCaptions = [...xml.matchAll(/<w:t[^>]*>((?:Figure|Table) \d+: )<\/w:t>.*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => `${m[1]}${unescape(m[2] ?? '')}`);
    const htmlCaptions = [...html.matchAll(/<strong>((?:Figure|Table) \d+):<\/strong> ([^<]*)/g)].map((m) => `${m[1]}: ${unescape(m[2] ?? '')}`);
    expect(htmlCaptions).toEqual(docxCaptions);
    expect(docxCaptions).toContain('Figure 3: Victims by age band against the population, Bassetlaw, Jun 2021 to Dec 2024');
    expect(docxCaptions).toContain('Table 1: Records by district and crime type (table)');
    // Source notes, with the suppression note, in both.
    for (const item of items) if (item.kind !== 'text') expect(html).toContain(item.sourceNote.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
    expect(html.match(/counts below 5 are suppressed/g)?.length).toBeGreaterThanOrEqual(3);
    // The images are the same bytes.
    const figures = items.filter((i) => i.kind === 'figure');
    expect(figures).toHaveLength(3);
    expect((html.match(/<img /g) ?? []).length).toBe(3);
    // Nothing in the page reaches outside it.
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
  });
});
