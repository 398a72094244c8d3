import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../electron/cli/chart-render';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { chartSize } from '../charts/theme';
import { importFiles } from '../import/import-files';
import { workbenchInfo } from '../info';
import { saveView } from '../views';
import { createWorkbench } from '../workbench';
import { buildProfileDocx } from './docx';
import { buildProfileHtml } from './html';
import { planProfile, renderPlan } from './plan';
import { PROFILE_DDL, ensureProfileTables } from './schema';
import { addProfileItem, deleteProfile, editProfileItem, getProfile, listProfiles, moveProfileItem, removeProfileItem } from './store';
import { hasTool } from '../../tests/helpers/tools';

const run = promisify(execFile);


let db: Database;

beforeAll(async () => {
  const SQL = await loadSqlJs();
  db = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
  const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
  for (let m = 1; m <= 12; m += 1) {
    const month = `2024-${String(m).padStart(2, '0')}`;
    for (let k = 0; k < 8 + m; k += 1) lines.push(`b${m}-${k},${month},N,N,-1.19,53.14,X,E01028000,Mansfield 001A,Burglary,,`);
    for (let k = 0; k < 6; k += 1) lines.push(`v${m}-${k},${month},N,N,-1.19,53.14,X,E01028001,Ashfield 001A,Vehicle crime,,`);
  }
  lines.push('r1,2024-12,N,N,-1.19,53.14,X,E01028000,Mansfield 001A,Robbery,,');
  await importFiles(db, [{ name: '2024-street.csv', bytes: new TextEncoder().encode(lines.join('\n')) }], { kind: 'police-uk', now: new Date('2025-01-02T00:00:00Z') });
  saveView(db, 'Burglary per month', { rows: ['crime_type'], columns: ['month'], measure: 'count', filters: [{ dimension: 'crime_type', values: ['Burglary'] }] }, 'line');
  saveView(db, 'December by district', { rows: ['district'], columns: ['crime_type'], measure: 'count', filters: [], from: '2024-12', to: '2024-12' }, 'table');
});

describe('profile store', () => {
  it('DDL is idempotent and the tables exist', () => {
    ensureProfileTables(db);
    ensureProfileTables(db);
    expect(PROFILE_DDL).toContain('CREATE TABLE IF NOT EXISTS profile (');
    expect(db.exec("SELECT name FROM sqlite_master WHERE name LIKE 'profile%' ORDER BY name")[0]?.values.map((v) => v[0])).toEqual([
      'profile',
      'profile_item',
      'profile_item_by_profile',
    ]);
  });

  it('add (creating the profile), reorder, edit caption and text, remove, delete', () => {
    const a = addProfileItem(db, 'Scratch', { kind: 'text', text: 'First' });
    const b = addProfileItem(db, 'Scratch', { kind: 'view', viewName: 'Burglary per month', caption: 'Burglary' });
    const c = addProfileItem(db, 'Scratch', { kind: 'pivot', viewName: 'December by district' });
    expect(getProfile(db, 'Scratch').items.map((i) => [i.id, i.position])).toEqual([
      [a, 0],
      [b, 1],
      [c, 2],
    ]);
    moveProfileItem(db, c, 0);
    expect(getProfile(db, 'Scratch').items.map((i) => i.id)).toEqual([c, a, b]);
    moveProfileItem(db, c, 99);
    expect(getProfile(db, 'Scratch').items.map((i) => i.id)).toEqual([a, b, c]);
    editProfileItem(db, b, { caption: 'Burglary, 2024' });
    editProfileItem(db, a, { text: 'Edited' });
    const profile = getProfile(db, 'Scratch');
    expect(profile.items.find((i) => i.id === b)?.caption).toBe('Burglary, 2024');
    expect(profile.items.find((i) => i.id === a)?.text).toBe('Edited');
    removeProfileItem(db, a);
    expect(getProfile(db, 'Scratch').items.map((i) => [i.id, i.position])).toEqual([
      [b, 0],
      [c, 1],
    ]);
    expect(listProfiles(db).find((p) => p.name === 'Scratch')?.items).toBe(2);
    expect(() => addProfileItem(db, 'Scratch', { kind: 'text', text: '  ' })).toThrow(/text/);
    deleteProfile(db, 'Scratch');
    expect(() => getProfile(db, 'Scratch')).toThrow(/No profile/);
  });
});

describe('profile document', () => {
  it('builds a .docx that LibreOffice opens: captions, commentary, source notes, suppression, image', async () => {
    addProfileItem(db, 'Mansfield 2024', { kind: 'text', text: '# Overview\n\nBurglary rose steadily through 2024.\n\n## Detail\n\nSee the figure and table below.' });
    addProfileItem(db, 'Mansfield 2024', { kind: 'view', viewName: 'Burglary per month', caption: 'Burglary per month, Mansfield' });
    addProfileItem(db, 'Mansfield 2024', { kind: 'view', viewName: 'December by district', caption: 'Records by district, December 2024' });
    addProfileItem(db, 'Mansfield 2024', { kind: 'flags', settings: { by: ['crime_type'], filters: [] }, caption: 'Flags by crime type' });
    const profile = getProfile(db, 'Mansfield 2024');
    const plan = planProfile(db, profile, { width: chartSize('a4').width });
    expect(plan.map((p) => p.kind)).toEqual(['text', 'chart', 'table', 'table']);
    const items = await renderPlan(plan, (option) => ({ png: renderChart(option, 'a4').png, widthMm: 170, heightMm: 100 }));
    const bytes = await buildProfileDocx(profile, items, { now: new Date('2025-01-03T00:00:00Z'), info: workbenchInfo(db) });
    expect(String.fromCharCode(...bytes.subarray(0, 2))).toBe('PK');

    const dir = mkdtempSync(join(tmpdir(), 'cawb-profile-'));
    const docx = join(dir, 'profile.docx');
    writeFileSync(docx, bytes);
    const { stdout: xml } = await run('unzip', ['-p', docx, 'word/document.xml'], { maxBuffer: 32 * 1024 * 1024 });
    for (const text of ['Figure 1: ', 'Burglary per month, Mansfield', 'Table 1: ', 'Table 2: ', 'List of figures', 'Source: 2024-street.csv']) expect(xml).toContain(text);
    // December: Mansfield has 1 robbery: "<5", and cells withheld to protect it.
    expect(xml).toContain('&lt;5');
    expect(xml).toContain('[c]');

    if (!hasTool('soffice') || !hasTool('pdftotext')) {
      console.warn('LibreOffice or poppler missing: the .docx was checked structurally only.');
      return;
    }
    await run('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 120_000 });
    const { stdout: pdfText } = await run('pdftotext', ['-layout', join(dir, 'profile.pdf'), '-']);
    for (const text of [
      'Mansfield 2024',
      'List of figures',
      'Figure 1: Burglary per month, Mansfield',
      'Table 1: Records by district, December 2024',
      'Table 2: Flags by crime type',
      'Burglary rose steadily through 2024.',
      'Overview',
      'About the data',
      '2024-street.csv (police.uk street-level file)',
    ]) {
      expect(pdfText).toContain(text);
    }
    expect(pdfText).toMatch(/Mansfield\s+\[c\]\s+<5/);
    // Flags table: the series with one record shows "<5", its derived figures "[c]".
    expect(pdfText).toMatch(/Robbery\s+<5\s+\[c\]\s+\[c\]\s+\[c\]/);
    expect(pdfText).toMatch(/Burglary\s+174\s+rising/);
    const { stdout: info } = await run('pdfinfo', [join(dir, 'profile.pdf')]);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(3);
    // The first page as an image, for a person to look at when this test is debugged.
    await run('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', join(dir, 'profile.pdf'), join(dir, 'page')]);
    expect(readFileSync(join(dir, 'page-1.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('profile wording', () => {
  it("names a flags summary's split and the data's months in words, not codes", async () => {
    addProfileItem(db, 'Wording', { kind: 'flags', settings: { by: ['crime_type'], filters: [] } });
    const profile = getProfile(db, 'Wording');
    const plan = planProfile(db, profile, { width: chartSize('a4').width });
    const table = plan[0];
    expect(table?.kind === 'table' ? table.caption : '').toBe('Flags by crime type, Jan 2024 to Dec 2024');
    const cells = table?.kind === 'table' ? (table.rows ?? []).flat().map(String) : [];
    // Exceptions name their month as "Mar 2024", never "2024-03".
    expect(cells.filter((c) => /\d{4}-\d{2}/.test(c))).toEqual([]);
    // A trend that is not significant reads as the Flags panel says it.
    const trends = table?.kind === 'table' ? (table.rows ?? []).map((row) => String(row[2])) : [];
    expect(trends.filter((t) => !/^\w+ \(-?[\d.]+\/month\)$/.test(t))).toEqual(trends.filter((t) => t === 'no significant trend' || t === 'too few records to test'));
    expect(trends).toContain('no significant trend');
    // A series too sparse to test says so in every flag column, and the source note gives the rule.
    const sparse = table?.kind === 'table' ? (table.rows ?? []).filter((row) => row[2] === 'too few records to test') : [];
    expect(sparse.length).toBeGreaterThan(0);
    for (const row of sparse) expect(row.slice(2, 5)).toEqual(['too few records to test', 'too few records to test', 'too few records to test']);
    expect(table?.kind === 'table' ? table.sourceNote : '').toContain('Series averaging under 2 records a month, or with records in fewer than 2 months of 3, have too few records to test');
    // Twelve months are too few to test seasonality: the tested series say so rather than "none found", and the note says what it means for exceptions.
    const tested = table?.kind === 'table' ? (table.rows ?? []).filter((row) => row[2] !== 'too few records to test') : [];
    expect(tested.length).toBeGreaterThan(0);
    for (const row of tested) expect(row[3]).toBe('not tested: needs 24 months, has 12');
    expect(table?.kind === 'table' ? table.sourceNote : '').toContain('Seasonality is not tested on fewer than 24 months');
    const items = await renderPlan(plan, (option) => ({ png: renderChart(option, 'a4').png, widthMm: 170, heightMm: 100 }));
    const info = workbenchInfo(db);
    const docx = await buildProfileDocx(profile, items, { now: new Date('2025-01-03T00:00:00Z'), info });
    const dir = mkdtempSync(join(tmpdir(), 'cawb-wording-'));
    writeFileSync(join(dir, 'w.docx'), docx);
    const { stdout: xml } = await run('unzip', ['-p', join(dir, 'w.docx'), 'word/document.xml'], { maxBuffer: 32 * 1024 * 1024 });
    expect(xml).toContain('Data from Jan 2024 to Dec 2024');
    expect(buildProfileHtml(profile, items, { now: new Date('2025-01-03T00:00:00Z'), info })).toContain('Data from Jan 2024 to Dec 2024');
    deleteProfile(db, 'Wording');
  });
});
