/**
 * A view's table or chart in the profile carries the notes the grid shows
 * under the same pivot: why a rate is blank, what "Total per year" divides
 * by, what Near repeat counts. A published table without them reads as if
 * the blanks were zeros or the Yes counts had no settings behind them.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { readZipEntry } from '../../tests/helpers/zip';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { workbenchInfo } from '../info';
import { NO_POPULATION_NOTE, PERSON_YEARS_NOTE } from '../pivot/population';
import { runPivot } from '../pivot/run-pivot';
import { saveView } from '../views';
import { buildProfileDocx } from './docx';
import { buildProfileHtml } from './html';
import { planProfile, renderPlan } from './plan';
import { addProfileItem, getProfile } from './store';

let SQL: SqlJsStatic;

const RECORDS = [
  'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_sex,easting,northing',
  ...Array.from({ length: 12 }, (_, i) => `B${i},crime,${String(1 + i).padStart(2, '0')}/06/2023,Burglary Dwelling,Mansfield,30,F,${450000 + i * 10},${360000 + i * 10}`),
  ...Array.from({ length: 12 }, (_, i) => `G${i},crime,${String(1 + i).padStart(2, '0')}/06/2024,Burglary Dwelling,Gedling,40,M,${460000 + i * 5000},${340000}`),
].join('\n');
const POPULATION = ['area_name,year,age_band,population', 'Mansfield,2023,All ages,1000', 'Mansfield,2024,All ages,1000', 'Gedling,2023,All ages,2000', 'Gedling,2024,All ages,2000'].join('\n');

beforeAll(async () => {
  SQL = await loadSqlJs();
});

function sourceNotes(db: Database): string[] {
  const plan = planProfile(db, getProfile(db, 'Profile'));
  return plan.flatMap((item) => (item.kind === 'text' ? [] : [item.sourceNote]));
}

async function documentText(db: Database): Promise<string> {
  const rendered = await renderPlan(planProfile(db, getProfile(db, 'Profile')), () => ({ png: new Uint8Array(), widthMm: 10, heightMm: 10 }));
  const docx = await buildProfileDocx(getProfile(db, 'Profile'), rendered, { suppression: false, now: new Date('2025-01-03T00:00:00Z'), info: workbenchInfo(db) });
  const xml = readZipEntry(Buffer.from(docx), 'word/document.xml')?.toString('utf8') ?? '';
  return [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
}

describe("a view's notes go into the profile with it", () => {
  it('a rate view with no population loaded says so under its table, in the Word document too', async () => {
    const db = await workbenchOf(SQL, [{ name: 'district.csv', text: RECORDS }]);
    saveView(db, 'Rates', { rows: ['district'], columns: [], measure: 'rate', filters: [] }, 'table');
    addProfileItem(db, 'Profile', { kind: 'pivot', viewName: 'Rates' });
    const [note] = sourceNotes(db);
    expect(note).toContain(NO_POPULATION_NOTE);
    // One sentence after another: never two full stops.
    expect(note).not.toMatch(/\.\./);
    expect((await documentText(db)).replace(/&apos;/g, "'")).toContain(NO_POPULATION_NOTE);
  });

  it('a rate view over years says what Total per year divides by; a count view has no note', async () => {
    const db = await workbenchOf(SQL, [
      { name: 'district.csv', text: RECORDS },
      { name: 'population.csv', text: POPULATION, kind: 'population' },
    ]);
    saveView(db, 'Rates by year', { rows: ['district', 'year'], columns: [], measure: 'rate', filters: [] }, 'table');
    saveView(db, 'Counts', { rows: ['district'], columns: [], measure: 'count', filters: [] }, 'bar');
    saveView(db, 'Rates by year chart', { rows: ['district', 'year'], columns: [], measure: 'rate', filters: [] }, 'bar');
    addProfileItem(db, 'Profile', { kind: 'pivot', viewName: 'Rates by year' });
    addProfileItem(db, 'Profile', { kind: 'view', viewName: 'Counts' });
    addProfileItem(db, 'Profile', { kind: 'view', viewName: 'Rates by year chart' });
    const [rates, counts, chart] = sourceNotes(db);
    expect(rates).toContain(PERSON_YEARS_NOTE);
    // A chart draws no Total, so the note on totals across periods is not under it.
    expect(chart).not.toContain(PERSON_YEARS_NOTE);
    expect(runPivot(db, { rows: ['district'], columns: [], measure: 'count', filters: [] }).notes).toEqual([]);
    expect(counts).not.toContain('Note');
    expect(counts?.endsWith('.')).toBe(true);
  });

  it('a near-repeat view says what Yes means, as the grid does', async () => {
    const db = await workbenchOf(SQL, [{ name: 'district.csv', text: RECORDS }]);
    saveView(db, 'Near repeats', { rows: ['district'], columns: ['near_repeat'], measure: 'count', filters: [] }, 'table');
    addProfileItem(db, 'Profile', { kind: 'pivot', viewName: 'Near repeats' });
    const [note] = sourceNotes(db);
    const gridNote = runPivot(db, { rows: ['district'], columns: ['near_repeat'], measure: 'count', filters: [] }).notes.find((n) => n.startsWith('Near repeat:'));
    expect(gridNote).toContain('within 200 m and 7 days');
    expect(note).toContain(gridNote);
  });

  it('About the data dates each import the UK way, in Word and on the print page', async () => {
    const db = await workbenchOf(SQL, [{ name: 'district.csv', text: RECORDS }]);
    addProfileItem(db, 'Profile', { kind: 'text', text: 'Commentary.' });
    const at = new Date(workbenchInfo(db).imports[0]?.at ?? '');
    const uk = `${at.getUTCDate()} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][at.getUTCMonth()] ?? ''} ${at.getUTCFullYear()}`;
    expect(await documentText(db)).toContain(`24 rows accepted, imported ${uk}, sha256`);
    const html = buildProfileHtml(getProfile(db, 'Profile'), [], { info: workbenchInfo(db) });
    expect(html).toContain(`24 rows accepted, imported ${uk}, sha256`);
  });
});
