/**
 * Repeat victims, Knox near-repeat and Respect Survey tables in a profile:
 * the pack's table is the analysis's answer for the stored request (repeat
 * victims counted again here by brute force from the generated records),
 * small counts are protected, the analysis runs again at export, and
 * workbench files from before these items open.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { docxTables } from '../../tests/helpers/profile-tables';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { nearRepeatFromStore, repeatsFromStore } from '../analytics/repeats-store';
import { CONFIDENTIAL } from '../disclosure/pivot-table';
import { RESPECT_COLUMNS, districtCsv, generateDistrictRecords, objectsToCsv, respectRows } from '../generator';
import { workbenchInfo } from '../info';
import { formatDecimal } from '../figures';
import { surveyFromStore } from '../survey/store';
import { exportWorkbench, openWorkbench } from '../workbench';
import { SURVEY_MIN_RESPONDENTS, type TableAnalysis } from './analysis-tables';
import { buildProfileDocx } from './docx';
import { planProfile, renderPlan } from './plan';
import { addProfileItem, getProfile } from './store';

let SQL: SqlJsStatic;
let db: Database;
const generated = [...generateDistrictRecords({ seed: 11, records: 6000, districts: ['Mansfield', 'Gedling'] })];
const respect = respectRows({ seed: 11, waves: [2023], respondentsPerWave: 600 });

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = await workbenchOf(SQL, [
    { name: 'district.csv', text: districtCsv(generated) },
    { name: 'respect.csv', text: objectsToCsv(RESPECT_COLUMNS, respect), kind: 'respect' },
  ]);
}, 60_000);

type Table = Extract<ReturnType<typeof planProfile>[number], { kind: 'table' }>;

function tableOf(database: Database, analysis: TableAnalysis, suppression: boolean, profile = `P${Math.random()}`): Table {
  addProfileItem(database, profile, { kind: 'analysis', analysis });
  const item = planProfile(database, getProfile(database, profile), { suppression }).at(-1);
  if (item?.kind !== 'table') throw new Error('expected a table');
  return item;
}

/** dd/mm/yyyy as a day number, for counting repeats by hand. */
const dayOf = (date: string): number => {
  const [d, m, y] = date.slice(0, 10).split('/').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000;
};

describe('repeat victims in a profile', () => {
  const analysis: TableAnalysis = { analysis: 'repeats', request: { group: 'domestic', by: ['district'], filters: [], windowDays: 365 } };

  it("prints the analysis's figures for the stored request, and they match a count by hand", () => {
    const table = tableOf(db, analysis, false);
    const expected = repeatsFromStore(db, { group: 'domestic', by: ['district'], filters: [], windowDays: 365 });
    expect(table.columns?.slice(0, 3)).toEqual(['District', 'Victims', 'Repeat victims']);
    for (const row of expected) {
      const printed = table.rows?.find((r) => r[0] === row.series.district);
      expect(printed?.slice(1, 3)).toEqual([row.victims, row.repeat_victims]);
      expect(printed?.[6]).toBe(row.records);
      expect(printed?.[8]).toBe(row.median_days_to_repeat);
      // By hand from the generated records: a victim with two domestic records within 365 days is a repeat victim.
      const days = new Map<string, number[]>();
      for (const r of generated) {
        if (r.district !== row.series.district || r.domestic !== 'Y' || r.victim_ref === '' || r.committed_date === '') continue;
        days.set(r.victim_ref, [...(days.get(r.victim_ref) ?? []), dayOf(r.committed_date)]);
      }
      const repeatVictims = [...days.values()].filter((d) => d.sort((a, b) => a - b).some((v, i) => i > 0 && v - (d[i - 1] ?? 0) <= 365)).length;
      expect(row.victims).toBe(days.size);
      expect(row.repeat_victims).toBe(repeatVictims);
    }
    expect(table.rows?.at(-1)?.[0]).toBe('All');
    expect(table.caption).toMatch(/^Repeat victims, domestic abuse, by district, \w{3} \d{4}/);
    expect(table.sourceNote).toContain('within 365 days');
  });

  it('small counts of victims show as <5 and the totals cannot give them away', async () => {
    // A third district with two domestic victims, one a repeat.
    const few = await workbenchOf(SQL, [
      {
        name: 'district.csv',
        text: [
          districtCsv(generated),
          ...['01/03/2021', '20/03/2021'].map((d, i) => `PLANT${i},crime,${d} 10:00,${d} 11:00,,Burglary Dwelling,Bassetlaw,,,,,VPLANT1,30,F,Y,N,N,`),
          `PLANT9,crime,05/04/2021 10:00,05/04/2021 11:00,,Burglary Dwelling,Bassetlaw,,,,,VPLANT2,30,F,Y,N,N,`,
        ].join('\n'),
      },
    ]);
    const rows = repeatsFromStore(few, { group: 'domestic', by: ['district'], filters: [] });
    expect(rows.find((r) => r.series.district === 'Bassetlaw')).toMatchObject({ victims: 2, repeat_victims: 1 });
    const table = tableOf(few, analysis, true);
    const bassetlaw = table.rows?.find((r) => r[0] === 'Bassetlaw');
    expect(bassetlaw?.slice(1, 4)).toEqual(['<5', '<5', CONFIDENTIAL]);
    // Victims: the small count's column has another figure or the total withheld, so All minus the rest does not give 2.
    const victims = (table.rows ?? []).map((r) => r[1]);
    const hidden = victims.filter((v) => typeof v !== 'number').length;
    expect(hidden).toBeGreaterThanOrEqual(2);
    const all = table.rows?.at(-1);
    const others = (table.rows ?? []).slice(0, -1).filter((r) => typeof r[1] === 'number');
    if (typeof all?.[1] === 'number') expect(all[1] - others.reduce((s, r) => s + Number(r[1]), 0)).not.toBe(2);
  }, 60_000);
});

describe('Knox near repeats in a profile', () => {
  const request = { crimeType: 'Burglary Dwelling', filters: [], permutations: 19, seed: 3, spaceBreaks: '0,200,400,Inf', timeBreaks: '0,7,14,Inf' };

  it('prints the Knox table the analysis returns, band by band', async () => {
    const table = tableOf(db, { analysis: 'near-repeat', request }, false);
    const knox = await nearRepeatFromStore(db, request);
    expect(table.columns).toEqual(['Distance (m)', 'Days apart', 'Pairs', 'Expected pairs', 'Knox ratio', 'p-value', 'Significant']);
    expect(table.rows).toHaveLength(knox.space_bands.length * knox.time_bands.length);
    knox.space_bands.forEach((space, i) =>
      knox.time_bands.forEach((time, j) => {
        const row = table.rows?.find((r) => r[0] === space && r[1] === time);
        expect(row?.[2]).toBe(knox.observed[i]?.[j]);
        expect(row?.[3]).toBe(formatDecimal(knox.expected[i]?.[j] ?? Number.NaN, 1));
        expect(row?.[6]).toBe(knox.significant[i]?.[j] ? 'Yes' : 'No');
      }),
    );
    expect(table.caption).toContain('Near repeats of Burglary Dwelling');
  });

  it('prints expected pairs of 1,000 or more with their separator, not as NaN', async () => {
    // More burglaries, in wide bands: the far, late band holds most of the pairs.
    const wide = { ...request, spaceBreaks: '0,200,Inf', timeBreaks: '0,7,Inf' };
    const busy = await workbenchOf(SQL, [{ name: 'district.csv', text: districtCsv([...generateDistrictRecords({ seed: 12, records: 20_000, districts: ['Mansfield'] })]) }]);
    const knox = await nearRepeatFromStore(busy, wide);
    expect(Math.max(...knox.expected.flat()), 'the generated data give a band expecting 1,000 pairs or more').toBeGreaterThanOrEqual(1000);
    const table = tableOf(busy, { analysis: 'near-repeat', request: wide }, false);
    knox.space_bands.forEach((space, i) =>
      knox.time_bands.forEach((time, j) => {
        const row = table.rows?.find((r) => r[0] === space && r[1] === time);
        expect(row?.[3]).toBe(formatDecimal(knox.expected[i]?.[j] ?? Number.NaN, 1));
        expect(row?.[3]).toMatch(/^\d{1,3}(,\d{3})*\.\d$/);
      }),
    );
    busy.close();
  }, 60_000);

  it('pair counts 1-4 show as <5 with their ratio and p-value withheld', async () => {
    const knox = await nearRepeatFromStore(db, request);
    const table = tableOf(db, { analysis: 'near-repeat', request }, true);
    const small = knox.observed.flatMap((row, i) => row.map((n, j) => ({ n, i, j }))).filter(({ n }) => n > 0 && n < 5);
    expect(small.length, 'the generated data give some bands of 1-4 pairs').toBeGreaterThan(0);
    for (const { i, j } of small) {
      const row = table.rows?.find((r) => r[0] === knox.space_bands[i] && r[1] === knox.time_bands[j]);
      expect(row?.slice(2)).toEqual(['<5', row?.[3], CONFIDENTIAL, CONFIDENTIAL, CONFIDENTIAL]);
    }
    // Nothing printed is a count from 1 to 4.
    expect((table.rows ?? []).some((r) => typeof r[2] === 'number' && r[2] > 0 && r[2] < 5)).toBe(false);
  });
});

describe('Respect Survey results in a profile', () => {
  const query = { question: 'q_asb_problem', wave: 2023 };
  const request = { positive: ['Very big problem', 'Fairly big problem'], by: ['area' as const] };

  it("prints each area's share as the analysis gives it", () => {
    const table = tableOf(db, { analysis: 'survey', query, request }, false);
    const results = surveyFromStore(db, query, request);
    expect(table.rows).toHaveLength(results.length);
    results.forEach((r, k) => {
      expect(table.rows?.[k]?.[0]).toBe(r.group.area);
      expect(table.rows?.[k]?.[1]).toBe(r.respondents);
      expect(table.rows?.[k]?.[2]).toBe(`${((r.estimate ?? 0) * 100).toFixed(1)}%`);
    });
    expect(table.caption).toBe('Anti-social behaviour as a problem, by area, 2023 survey');
  });

  it(`withholds a share from fewer than ${SURVEY_MIN_RESPONDENTS} respondents, with a note`, async () => {
    const few = respect.slice(0, 200).concat(respect.slice(0, 7).map((r, i) => ({ ...r, respondent_id: `X${i}`, area: 'Tiny ward' })));
    const small = await workbenchOf(SQL, [{ name: 'respect.csv', text: objectsToCsv(RESPECT_COLUMNS, few), kind: 'respect' }]);
    const table = tableOf(small, { analysis: 'survey', query, request }, true);
    const tiny = table.rows?.find((r) => r[0] === 'Tiny ward');
    // Its share, interval and comparison with the rest.
    expect(table.columns?.at(-1)).toBe('Against the rest');
    expect(tiny?.slice(2)).toEqual([CONFIDENTIAL, CONFIDENTIAL, CONFIDENTIAL, CONFIDENTIAL]);
    expect(table.sourceNote).toContain('Against the rest: each area against all other respondents of the same waves');
    // A ward with enough respondents says how it compares.
    for (const row of table.rows ?? []) if (row[2] !== CONFIDENTIAL) expect(String(row.at(-1))).toMatch(/^(No clear difference|Higher \(\+\d+\.\d points\)|Lower \(-\d+\.\d points\))$/);
    expect(typeof tiny?.[1] === 'number' && tiny[1] >= 5 && tiny[1] < SURVEY_MIN_RESPONDENTS).toBe(true);
    expect(table.sourceNote).toContain(`fewer than ${SURVEY_MIN_RESPONDENTS} respondents`);
    // Every share printed comes from enough respondents.
    for (const row of table.rows ?? []) if (row[2] !== CONFIDENTIAL) expect(Number(row[1])).toBeGreaterThanOrEqual(SURVEY_MIN_RESPONDENTS);
  }, 60_000);
});

describe('analysis items are stored requests', () => {
  it('run again at export: records imported after the item was added are counted', async () => {
    const later = await workbenchOf(SQL, [{ name: 'district.csv', text: districtCsv(generated.filter((r) => r.district === 'Mansfield')) }]);
    const analysis: TableAnalysis = { analysis: 'repeats', request: { group: 'domestic', by: ['district'], filters: [] } };
    const before = tableOf(later, analysis, false, 'Later');
    expect(before.rows?.map((r) => r[0])).toEqual(['Mansfield', 'All']);
    const { importFiles } = await import('../import/import-files');
    await importFiles(later, [{ name: 'gedling.csv', bytes: new TextEncoder().encode(districtCsv(generated.filter((r) => r.district === 'Gedling'))) }]);
    const after = planProfile(later, getProfile(later, 'Later'), { suppression: false })[0];
    expect(after?.kind === 'table' && after.rows?.map((r) => r[0])).toEqual(['Gedling', 'Mansfield', 'All']);
  }, 60_000);

  it('survive saving and reopening the workbench, and export into the Word document', async () => {
    addProfileItem(db, 'Saved', { kind: 'analysis', analysis: { analysis: 'survey', query: { question: 'q_asb_problem' }, request: { positive: ['Very big problem'], by: ['area'] } }, caption: 'ASB by ward' });
    const reopened = openWorkbench(SQL, exportWorkbench(db), 'saved.cwb');
    const profile = getProfile(reopened, 'Saved');
    expect(profile.items[0]).toMatchObject({ kind: 'analysis', caption: 'ASB by ward', analysis: { analysis: 'survey' } });
    const items = await renderPlan(planProfile(reopened, profile), () => ({ png: new Uint8Array(), widthMm: 1, heightMm: 1 }));
    const docx = await buildProfileDocx(profile, items, { info: workbenchInfo(reopened) });
    const [table] = docxTables(docx);
    const expected = surveyFromStore(reopened, { question: 'q_asb_problem' }, { positive: ['Very big problem'], by: ['area'] });
    expect(table?.slice(1).map((r) => r[0])).toEqual(expected.map((r) => r.group.area));
  });

  it('a workbench file from before these items opens, its items as they were', () => {
    const old = openWorkbench(SQL, exportWorkbench(db), 'old.cwb');
    // What an older file held: a pivot item with a view, and no analysis items.
    old.run("DELETE FROM profile_item");
    old.run("INSERT INTO profile (name, created_at, modified_at) VALUES ('Old', '2024-01-01', '2024-01-01')");
    old.run("INSERT INTO profile_item (profile_id, position, kind, view_name, caption, text, settings, created_at) VALUES ((SELECT id FROM profile WHERE name = 'Old'), 0, 'pivot', 'Gone', NULL, NULL, NULL, '2024-01-01')");
    const profile = getProfile(openWorkbench(SQL, exportWorkbench(old), 'old.cwb'), 'Old');
    expect(profile.items[0]).toMatchObject({ kind: 'pivot', viewName: 'Gone', analysis: null });
  });

  it('a list of individual victims cannot be added', () => {
    expect(() => addProfileItem(db, 'No', { kind: 'analysis', analysis: { analysis: 'top-victims', request: {} } as unknown as TableAnalysis })).toThrow(/repeat victims, near repeats or Respect Survey/);
  });
});
