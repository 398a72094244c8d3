/**
 * A profile export runs each analysis item once: the Profiles tab asks the
 * worker for the plan (to draw the charts) and then for the Word or print
 * document, which is built from that plan (export-plan.test.ts), so the
 * repeat scan, the Knox permutations and the survey do not run again. Runs
 * are counted at analysisTable, the one function every analysis item goes
 * through, and the document must be the one a plan of its own writes.
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { docxTables, htmlTables } from '../../tests/helpers/profile-tables';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { RESPECT_COLUMNS, districtCsv, generateDistrictRecords, objectsToCsv, respectRows } from '../generator';
import { workbenchInfo } from '../info';
import { type HandlerContext, WorkbenchService } from '../service';
import { exportWorkbench } from '../workbench';
import * as tables from './analysis-tables';
import { buildProfileDocx } from './docx';
import { analysisTablesOnce, planProfile, renderPlan } from './plan';
import { getProfile } from './store';

const runs = vi.hoisted(() => ({ count: 0 }));

vi.mock('./analysis-tables', async (importOriginal) => {
  const actual = await importOriginal<typeof tables>();
  return {
    ...actual,
    analysisTable: (...args: Parameters<typeof actual.analysisTable>) => {
      runs.count += 1;
      return actual.analysisTable(...args);
    },
  };
});

const context: HandlerContext = { isCancelled: () => false, emit: () => undefined };
const ITEMS: tables.TableAnalysis[] = [
  { analysis: 'repeats', request: { group: 'domestic', by: ['district'], filters: [], windowDays: 365 } },
  { analysis: 'near-repeat', request: { crimeType: 'Burglary Dwelling', filters: [], permutations: 19, seed: 3, spaceBreaks: '0,200,400,Inf', timeBreaks: '0,7,14,Inf' } },
  { analysis: 'survey', query: { question: 'q_asb_problem' }, request: { positive: ['Very big problem', 'Fairly big problem'], by: ['area'] } },
];

let SQL: SqlJsStatic;
let service: WorkbenchService;

beforeAll(async () => {
  SQL = await loadSqlJs();
  const db = await workbenchOf(SQL, [
    { name: 'district.csv', text: districtCsv([...generateDistrictRecords({ seed: 4, records: 4000, districts: ['Mansfield', 'Gedling'] })]) },
    { name: 'respect.csv', text: objectsToCsv(RESPECT_COLUMNS, respectRows({ seed: 4, waves: [2023], respondentsPerWave: 400 })), kind: 'respect' },
  ]);
  service = new WorkbenchService(SQL);
  await service.dispatch('workbench/open', { bytes: exportWorkbench(db), fileName: 'runs.cwb' }, context);
  db.close();
  await service.dispatch('profile/add-item', { name: 'Runs', item: { kind: 'text', text: 'Commentary.' } }, context);
  for (const analysis of ITEMS) await service.dispatch('profile/add-item', { name: 'Runs', item: { kind: 'analysis', analysis } }, context);
}, 60_000);

// Each test starts with no plan kept: saving and deleting a view (commands that may change the data) drops it.
beforeEach(async () => {
  await service.dispatch('views/save', { name: 'Unused', spec: { rows: ['district'], columns: [], measure: 'count', filters: [] }, chart: 'table' }, context);
  await service.dispatch('views/delete', { name: 'Unused' }, context);
  runs.count = 0;
});

/** The Profiles tab's export: the plan at the A4 width, then the document with the (here: no) chart images. */
async function exportDocx(suppression: boolean): Promise<Uint8Array> {
  await service.dispatch('profile/plan', { name: 'Runs', width: 800, suppression }, context);
  return service.dispatch('profile/docx', { name: 'Runs', images: {}, suppression, width: 800 }, context);
}

describe('a profile export runs each analysis once', () => {
  it('plan then Word document: one run per analysis item, and the tables an export without the memo prints', async () => {
    const docx = await exportDocx(true);
    expect(runs.count).toBe(ITEMS.length);
    // A plan of its own (as before the export kept its plan): the same tables, cell for cell.
    const db = service.database;
    const profile = getProfile(db, 'Runs');
    const fresh = await buildProfileDocx(profile, await renderPlan(planProfile(db, profile, { suppression: true }), () => ({ png: new Uint8Array(), widthMm: 1, heightMm: 1 })), {
      suppression: true,
      info: workbenchInfo(db),
    });
    expect(runs.count).toBe(2 * ITEMS.length);
    const printed = docxTables(docx);
    expect(printed).toHaveLength(ITEMS.length);
    expect(printed).toEqual(docxTables(fresh));
    // Real tables: repeat victims by district with the All row, a Knox grid, survey shares by area.
    expect(printed[0]?.at(-1)?.[0]).toBe('All');
    expect(printed[1]?.[0]?.slice(0, 3)).toEqual(['Distance (m)', 'Days apart', 'Pairs']);
    expect(printed[2]?.length).toBeGreaterThan(1);
  }, 60_000);

  it('an export of the unchanged profile reuses the last one\'s plan; the disclosure setting is part of the request', async () => {
    await exportDocx(true);
    await exportDocx(true);
    expect(runs.count).toBe(ITEMS.length);
    await service.dispatch('profile/plan', { name: 'Runs', width: 800, suppression: false }, context);
    const html = await service.dispatch('profile/html', { name: 'Runs', images: {}, suppression: false, width: 800 }, context);
    expect(runs.count).toBe(2 * ITEMS.length);
    expect(htmlTables(html)).toHaveLength(ITEMS.length);
  }, 60_000);

  it('a change to the workbench between the plan and the document runs the analyses again for the document', async () => {
    await service.dispatch('profile/plan', { name: 'Runs', width: 800, suppression: true }, context);
    const [text] = getProfile(service.database, 'Runs').items;
    await service.dispatch('profile/edit-item', { name: 'Runs', itemId: text?.id ?? -1, text: 'Commentary, edited.' }, context);
    await service.dispatch('profile/docx', { name: 'Runs', images: {}, suppression: true, width: 800 }, context);
    expect(runs.count).toBe(2 * ITEMS.length);
  }, 60_000);

  it('within one plan, the memo gives a request its first table again, and runs a different request', () => {
    const seen: string[] = [];
    const once = analysisTablesOnce((db, analysis, info, options) => {
      seen.push(analysis.analysis);
      return tables.analysisTable(db, analysis, info, options);
    });
    const db = service.database;
    const [repeats, knox] = ITEMS;
    if (repeats === undefined || knox === undefined) throw new Error('no items');
    const first = once(db, repeats, null, { suppression: true, threshold: 5 });
    expect(once(db, { ...repeats }, null, { suppression: true, threshold: 5 })).toBe(first);
    once(db, repeats, null, { suppression: false, threshold: 5 });
    once(db, knox, null, { suppression: true, threshold: 5 });
    expect(seen).toEqual(['repeats', 'repeats', 'near-repeat']);
  });
});
