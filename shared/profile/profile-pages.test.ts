/**
 * The Word profile's pages as LibreOffice prints them (text of each page
 * from the PDF): a running header and "Page n of N" on every page but the
 * title page, dates as "3 Jan 2025", synthetic data said so on every page,
 * lists of figures and tables whose entries link to their captions with
 * no field for Word to update on opening, and flags summaries that neither
 * break a header word ("Recor / ds") nor leave their caption at the foot
 * of one page with the rows on the next.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../electron/cli/chart-render';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { hasTool } from '../../tests/helpers/tools';
import { chartSize } from '../charts/theme';
import { importFiles } from '../import/import-files';
import { workbenchInfo } from '../info';
import { writeMeta } from '../schema';
import { saveView } from '../views';
import { createWorkbench } from '../workbench';
import { SYNTHETIC_STATEMENT, buildProfileDocx } from './docx';
import { buildProfileHtml } from './html';
import { planProfile, renderPlan } from './plan';
import { addProfileItem, getProfile } from './store';
import { runFlags } from '../analytics/flags';

const run = promisify(execFile);
const canRender = hasTool('soffice') && hasTool('pdftotext') && hasTool('pdftohtml') && hasTool('unzip');

/** The text of a stretch of document.xml (its w:t runs). */
const text = (xml: string): string =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1] ?? '')
    .join('')
    .replace(/&amp;/g, '&');

/** police.uk's own categories: long names, as a county's flags summary has. */
const TYPES = [
  'Anti-social behaviour',
  'Criminal damage and arson',
  'Violence and sexual offences',
  'Theft from the person',
  'Possession of weapons',
  'Public order',
  'Other theft',
  'Vehicle crime',
];

let db: Database;
beforeAll(async () => {
  const SQL = await loadSqlJs();
  db = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
  const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
  for (let m = 0; m < 24; m += 1) {
    const month = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    TYPES.forEach((type, t) => {
      for (let k = 0; k < 6 + t + (m % 5); k += 1) lines.push(`${t}-${m}-${k},${month},N,N,-1.19,53.14,X,E01028000,Mansfield 001A,${type},,`);
    });
  }
  await importFiles(db, [{ name: '2023-2024-street.csv', bytes: new TextEncoder().encode(lines.join('\n')) }], { kind: 'police-uk', now: new Date('2025-01-02T00:00:00Z') });
  saveView(db, 'Crime by type', { rows: ['crime_type'], columns: [], measure: 'count', filters: [] }, 'bar');
  addProfileItem(db, 'Pages', { kind: 'text', text: '# Mansfield\n\nAn overview.' });
  addProfileItem(db, 'Pages', { kind: 'view', viewName: 'Crime by type' });
  // Flags summaries with a line or more of commentary between them, so some fall across a page break.
  for (let n = 1; n <= 6; n += 1) {
    addProfileItem(db, 'Pages', { kind: 'text', text: Array.from({ length: n * 2 }, (_, i) => `Commentary line ${n}.${i + 1}.`).join('\n\n') });
    addProfileItem(db, 'Pages', { kind: 'flags', settings: { by: ['crime_type'], filters: [] }, caption: `Flags summary ${n}` });
  }
});

interface Rendered {
  pages: string[];
  xml: string;
  /** word/settings.xml: what Word is asked to do on opening. */
  settings: string;
  /** The PDF's links: the text each is on and the page (1-based) it goes to, as pdftohtml reads them. */
  links: { text: string; page: number }[];
}

async function renderedPages(synthetic: boolean): Promise<Rendered> {
  writeMeta(db, 'synthetic', synthetic ? 'true' : 'false');
  const profile = getProfile(db, 'Pages');
  const items = await renderPlan(planProfile(db, profile, { width: chartSize('a4').width }), (option) => ({ png: renderChart(option, 'a4').png, widthMm: 170, heightMm: 100 }));
  const bytes = await buildProfileDocx(profile, items, { now: new Date('2025-01-03T10:00:00Z'), info: workbenchInfo(db) });
  const dir = mkdtempSync(join(tmpdir(), 'cawb-pages-'));
  const docx = join(dir, 'pages.docx');
  writeFileSync(docx, bytes);
  const { stdout: xml } = await run('unzip', ['-p', docx, 'word/document.xml'], { maxBuffer: 32 * 1024 * 1024 });
  const { stdout: settings } = await run('unzip', ['-p', docx, 'word/settings.xml']);
  await run('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 120_000 });
  const { stdout: text } = await run('pdftotext', ['-layout', join(dir, 'pages.pdf'), '-']);
  const { stdout: outline } = await run('pdftohtml', ['-xml', '-i', '-stdout', join(dir, 'pages.pdf')], { maxBuffer: 32 * 1024 * 1024 });
  const links = [...outline.matchAll(/<a href="[^"#]*#(\d+)">(.*?)<\/a>/g)].map((m) => ({ page: Number(m[1]), text: (m[2] ?? '').replace(/<[^>]+>/g, '') }));
  // pdftotext ends each page with a form feed.
  return { pages: text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== ''), xml, settings, links };
}

describe.runIf(canRender)('the Word profile as printed', () => {
  it('every page but the title page carries the title and "Page n of N"; dates read "3 Jan 2025"', async () => {
    const { pages } = await renderedPages(false);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages[0]).not.toMatch(/Page \d+ of/);
    expect(pages[0]).toContain('Produced 3 Jan 2025 with Crime Analyst Workbench');
    pages.slice(1).forEach((page, i) => {
      expect(page, `page ${i + 2}`).toMatch(new RegExp(`Page ${i + 2} of ${pages.length}\\s*$`));
      expect(page.trimStart().split('\n')[0]?.trim(), `page ${i + 2}`).toBe('Pages');
      expect(page, `page ${i + 2}`).toContain('Produced 3 Jan 2025');
    });
    expect(pages.join('\n')).not.toContain('SYNTHETIC');
    // About the data: the months and the rounding said, then each extract.
    const about = pages.slice(pages.findIndex((p, i) => i > 1 && p.includes('About the data'))).join('\n');
    expect(about.replace(/\s+/g, ' ')).toContain('Records from Jan 2023 to Dec 2024;');
    expect(about.replace(/\s+/g, ' ')).toContain('rounded half away from zero');
    const accepted = workbenchInfo(db).imports[0];
    expect(about).toContain(`Source extracts\n`);
    expect(about).toContain(`2023-2024-street.csv (police.uk street-level file): ${(accepted?.accepted ?? 0).toLocaleString('en-GB')} rows accepted, imported 2 Jan 2025`);
  });

  it('the lists of figures and tables list every caption, each a link to its caption, with no field for Word to update on opening', async () => {
    const { pages, xml, settings, links } = await renderedPages(false);
    // Word asks "Update the fields?" only when told to (updateFields) or when a field is marked out of date; the body has no field at all.
    expect(settings).not.toMatch(/updateFields/);
    expect(xml).not.toMatch(/w:fldChar|w:instrText|w:fldSimple|w:dirty/);
    // Each entry is a link to a bookmark that exists and holds its caption's label.
    const bookmarks = new Map([...xml.matchAll(/<w:bookmarkStart w:name="([^"]+)" w:id="(\d+)"\/>(.*?)<w:bookmarkEnd w:id="\2"\/>/gs)].map((m) => [m[1] ?? '', text(m[3] ?? '')]));
    const entries = [...xml.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]+)"[^>]*>(.*?)<\/w:hyperlink>/gs)].map((m) => ({ anchor: m[1] ?? '', text: text(m[2] ?? '') }));
    const labels = ['Figure 1', ...Array.from({ length: 6 }, (_, i) => `Table ${i + 1}`)];
    expect(entries.map((e) => e.text.split(':')[0])).toEqual(labels);
    for (const entry of entries) expect(bookmarks.get(entry.anchor), entry.text).toBe(`${entry.text.split(':')[0] ?? ''}: `);
    // As printed: page 2 lists every caption as the body prints it, without a page number (none could be right in Word without updating fields).
    const list = pages[1] ?? '';
    const listed = [...list.matchAll(/^\s*((?:Figure|Table) \d+: .*?)\s*$/gm)].map((m) => m[1] ?? '');
    const body = pages.slice(2).flatMap((p) => [...p.matchAll(/^\s*((?:Figure|Table) \d+: .*?)\s*$/gm)].map((m) => m[1] ?? ''));
    expect(listed).toEqual(body);
    expect(listed.map((l) => l.split(':')[0])).toEqual(labels);
    expect(list).not.toMatch(/\.{3,}\s*\d+\s*$/m);
    expect(list).toContain('Each entry links to its table');
    // The PDF keeps the links: each entry goes to the page its caption is printed on, and not all to one page.
    const targets = labels.map((label) => {
      const link = links.find((l) => l.text.startsWith(`${label}:`));
      const printed = pages.findIndex((p, i) => i > 1 && new RegExp(`^\\s*${label}: `, 'm').test(p)) + 1;
      expect(link?.page, label).toBe(printed);
      return printed;
    });
    expect(new Set(targets).size).toBeGreaterThan(1);
  });

  it('synthetic data is said so on the title page and at the head of every page', async () => {
    const { pages } = await renderedPages(true);
    expect(pages[0]?.replace(/\s+/g, ' ')).toContain(SYNTHETIC_STATEMENT);
    pages.slice(1).forEach((page, i) => expect(page.trimStart().split('\n')[0], `page ${i + 2}`).toContain('SYNTHETIC DATA, not real crime records'));
  });

  it('a flags summary keeps its header words whole, its words set left, and its caption, rows and note on one page', async () => {
    const { pages, xml } = await renderedPages(false);
    const text = pages.join('\n');
    for (let n = 1; n <= 6; n += 1) {
      // The body's page, not the list of tables (page 2).
      const page = pages.slice(2).find((p) => p.includes(`Table ${n}: Flags summary ${n}`));
      expect(page, `table ${n}`).toBeDefined();
      const from = (page ?? '').slice((page ?? '').indexOf(`Table ${n}: Flags summary ${n}`));
      const next = from.indexOf(`Table ${n + 1}: `);
      const after = next < 0 ? from : from.slice(0, next);
      // All eight series and the source note follow the caption on its own page.
      for (const type of TYPES) expect(after, `table ${n}: ${type}`).toContain(type.split(' ')[0]);
      expect(after.split('\n').filter((l) => /^\s*(Anti-social|Criminal damage|Violence and|Theft from|Possession|Public order|Other theft|Vehicle crime)/.test(l)).length, `table ${n}`).toBe(TYPES.length);
      expect(after, `table ${n}`).toContain('Benjamini-Hochberg');
    }
    const headers = text.split('\n').filter((l) => /^\s*Series\s/.test(l));
    expect(headers.length).toBe(6);
    for (const header of headers) expect(header.trim().split(/\s+/)).toEqual(['Series', 'Records', 'Trend', 'Seasonality', 'Exceptions']);
    // The trend column's words are set left (a figure column is set right).
    const trendCell = /<w:tc>(?:(?!<\/w:tc>).)*no significant trend(?:(?!<\/w:tc>).)*<\/w:tc>/s.exec(xml)?.[0] ?? '';
    expect(trendCell).toContain('<w:jc w:val="left"/>');
  });
});

describe('the print page mirrors the Word file', () => {
  it('names the title and "Page n of N" in its page margins, not on the title page, and says when the data are synthetic', async () => {
    writeMeta(db, 'synthetic', 'true');
    const profile = getProfile(db, 'Pages');
    const items = await renderPlan(planProfile(db, profile, { width: chartSize('a4').width }), () => ({ png: new Uint8Array([137, 80, 78, 71]), widthMm: 170, heightMm: 100 }));
    const html = buildProfileHtml({ name: 'Pages', title: 'Pages "A" </style>' }, items, { now: new Date('2025-01-03T10:00:00Z'), info: workbenchInfo(db) });
    expect(html).toContain('@bottom-right { content: "Page " counter(page) " of " counter(pages);');
    expect(html).toContain('@top-left { content: "Pages \\"A\\" \\3C /style> · SYNTHETIC DATA, not real crime records";');
    expect(html).toContain('@page :first { @top-left { content: none; }');
    expect(html).toContain('@bottom-left { content: "Produced 3 Jan 2025";');
    expect(html).toContain(`<p class="synthetic">${SYNTHETIC_STATEMENT}</p>`);
    expect(html).toContain('<p>Produced 3 Jan 2025 with Crime Analyst Workbench</p>');
    // One style element: the title cannot close it.
    expect(html.match(/<\/style>/g)?.length).toBe(1);
    expect(html).toMatch(/<table data-label="Table 1" class="keep"><colgroup>/);
    expect(html).toContain('<td class="text">no significant trend</td>');
    expect(html).toContain('<h2>Source extracts</h2>');
    expect(html).toContain('<p>Records from Jan 2023 to Dec 2024; each figure and table names its own months and filters in its note.</p>');
    writeMeta(db, 'synthetic', 'false');
  });
});

describe('a flags summary says what, where and when', () => {
  it('its caption names the split, the filters and the months, and its forecast column is the next six months\' expected records', async () => {
    // Three years of months: a forecast needs 30 or more.
    const SQL = await loadSqlJs();
    const long = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
    const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
    const count = (t: number, m: number): number => 6 + 2 * t + (m % 5) + Math.floor(m / 6);
    for (let m = 0; m < 36; m += 1) {
      const month = `${2022 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      TYPES.slice(0, 3).forEach((type, t) => {
        for (let k = 0; k < count(t, m); k += 1) lines.push(`${t}-${m}-${k},${month},N,N,-1.19,53.14,X,E01028000,Mansfield 001A,${type},,`);
      });
    }
    await importFiles(long, [{ name: 'street.csv', bytes: new TextEncoder().encode(lines.join('\n')) }], { kind: 'police-uk', now: new Date('2025-01-02T00:00:00Z') });
    const scope = { by: ['crime_type'], filters: [{ dimension: 'district' as const, values: ['Mansfield'] }], from: '2022-03' };
    addProfileItem(long, 'Flags scope', { kind: 'flags', settings: scope });
    const [table] = planProfile(long, getProfile(long, 'Flags scope'));
    if (table?.kind !== 'table') throw new Error('expected a table');
    expect(table.caption).toBe('Flags by crime type, Mansfield, Mar 2022 to Dec 2024');
    expect(table.columns).toEqual(['Series', 'Records', 'Trend', 'Seasonality', 'Exceptions', 'Forecast']);
    expect(table.sourceNote).toContain('Forecast: the records expected over the next six months, Jan 2025 to Jun 2025,');
    // Each series' forecast: its six monthly means, summed and rounded.
    const flags = runFlags(long, { by: ['crime_type'], filters: scope.filters, from: scope.from });
    const expected = flags.series.map((s, i) => [Object.values(s.series).join(' / '), Math.round((flags.forecasts[i] ?? []).reduce((a, f) => a + Math.max(0, f.mean), 0))]);
    expect(expected.every(([, f]) => typeof f === 'number' && f > 0)).toBe(true);
    expect((table.rows ?? []).map((r) => [r[0], r[5]])).toEqual(expected);
    // Records: each series' records over those months (Mar 2022 to Dec 2024), counted here from the rows written.
    const records = new Map((table.rows ?? []).map((r) => [String(r[0]), r[1]]));
    TYPES.slice(0, 3).forEach((type, t) => {
      let n = 0;
      for (let m = 2; m < 36; m += 1) n += count(t, m);
      expect(records.get(type), type).toBe(n);
    });
  });
});
