/**
 * A profile export plans the profile once: the Profiles tab asks the worker
 * for the plan (to draw the charts), then for the Word or print document,
 * which is built from that same plan (as is the next export of the
 * profile while nothing changes). Runs are counted where the work is:
 * each view's pivots (shownPivots), each flags summary (runFlags) and the
 * joint disclosure protection (profileDisclosure). The plan serves only the
 * request it was made for, and never after the profile or the data changed:
 * chart images are matched to items by plan index, so a changed profile
 * with images from before is refused, and one without charts is planned
 * afresh.
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { docxTables } from '../../tests/helpers/profile-tables';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { readZipEntry } from '../../tests/helpers/zip';
import type * as flags from '../analytics/flags';
import type * as joint from '../disclosure/joint';
import type * as viewTable from '../export/view-table';
import { districtCsv, generateDistrictRecords } from '../generator';
import { workbenchInfo } from '../info';
import type { CommandArgs } from '../protocol';
import { type HandlerContext, WorkbenchService } from '../service';
import { saveView } from '../views';
import { exportWorkbench } from '../workbench';
import { buildProfileDocx } from './docx';
import { type RenderedImage, planProfile, renderPlan } from './plan';
import { editProfileItem, getProfile } from './store';

const runs = vi.hoisted(() => ({ pivots: 0, flags: 0, joint: 0 }));

vi.mock('../export/view-table', async (importOriginal) => {
  const actual = await importOriginal<typeof viewTable>();
  return {
    ...actual,
    shownPivots: (...args: Parameters<typeof actual.shownPivots>) => {
      runs.pivots += 1;
      return actual.shownPivots(...args);
    },
  };
});
vi.mock('../analytics/flags', async (importOriginal) => {
  const actual = await importOriginal<typeof flags>();
  return {
    ...actual,
    runFlags: (...args: Parameters<typeof actual.runFlags>) => {
      runs.flags += 1;
      return actual.runFlags(...args);
    },
  };
});
vi.mock('../disclosure/joint', async (importOriginal) => {
  const actual = await importOriginal<typeof joint>();
  return {
    ...actual,
    profileDisclosure: (...args: Parameters<typeof actual.profileDisclosure>) => {
      runs.joint += 1;
      return actual.profileDisclosure(...args);
    },
  };
});

const context: HandlerContext = { isCancelled: () => false, emit: () => undefined };
const WIDTH = 800;
/** Two views (one charted, one a table shown twice) and a flags summary: two distinct views' pivots and one flags run per plan. */
const PROFILE = 'Export once';
/** Commentary and tables only: nothing to draw, so a document can always be planned afresh. */
const TABLES = 'Tables only';

let SQL: SqlJsStatic;
let service: WorkbenchService;

beforeAll(async () => {
  SQL = await loadSqlJs();
  const db = await workbenchOf(SQL, [{ name: 'district.csv', text: districtCsv([...generateDistrictRecords({ seed: 7, records: 3000, districts: ['Mansfield', 'Gedling'] })]) }]);
  saveView(db, 'Records per month', { rows: ['month'], columns: [], measure: 'count', filters: [] }, 'line');
  saveView(db, 'Types by district', { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] }, 'table');
  service = new WorkbenchService(SQL);
  await service.dispatch('workbench/open', { bytes: exportWorkbench(db), fileName: 'export-plan.cwb' }, context);
  db.close();
  const add = (name: string, item: Parameters<WorkbenchService['handlers']['profile/add-item']>[0]['item']) => service.dispatch('profile/add-item', { name, item }, context);
  await add(PROFILE, { kind: 'text', text: 'Commentary.' });
  await add(PROFILE, { kind: 'view', viewName: 'Records per month' });
  await add(PROFILE, { kind: 'pivot', viewName: 'Types by district' });
  await add(PROFILE, { kind: 'flags', settings: { by: ['crime_type'], filters: [] } });
  await add(PROFILE, { kind: 'view', viewName: 'Types by district', caption: 'Types by district again' });
  await add(TABLES, { kind: 'text', text: 'First words.' });
  await add(TABLES, { kind: 'pivot', viewName: 'Types by district' });
  await add(TABLES, { kind: 'flags', settings: { by: ['district'], filters: [] } });
}, 120_000);

const UNUSED: CommandArgs<'views/save'> = { name: 'Unused', spec: { rows: ['district'], columns: [], measure: 'count', filters: [] }, chart: 'table' };

// Each test starts with no plan kept: saving and deleting a view (commands that may change the data) drops it.
beforeEach(async () => {
  await service.dispatch('views/save', UNUSED, context);
  await service.dispatch('views/delete', { name: UNUSED.name }, context);
  runs.pivots = 0;
  runs.flags = 0;
  runs.joint = 0;
});

const image: RenderedImage = { png: new Uint8Array([137, 80, 78, 71]), widthMm: 170, heightMm: 100 };

/** The Profiles tab's first step: the plan at its width, and an image for each chart by plan index. */
async function planned(name: string, suppression = true, width = WIDTH): Promise<Record<number, RenderedImage>> {
  const plan = await service.dispatch('profile/plan', { name, width, suppression }, context);
  return Object.fromEntries(plan.flatMap((item, index) => (item.kind === 'chart' ? [[index, image] as const] : [])));
}

const documentXml = (docx: Uint8Array): string => readZipEntry(Buffer.from(docx), 'word/document.xml')?.toString('utf8') ?? '';

describe('a profile export plans the profile once', () => {
  it('plan then Word document: each view pivoted once, the flags run once, the joint protection once; the document an unshared plan gives', async () => {
    const images = await planned(PROFILE);
    expect(Object.keys(images)).toEqual(['1']);
    const docx = await service.dispatch('profile/docx', { name: PROFILE, images, suppression: true, width: WIDTH }, context);
    expect(runs).toEqual({ pivots: 2, flags: 1, joint: 1 });
    // Planned afresh, as before the plan was kept: the same tables, cell for cell.
    const db = service.database;
    const profile = getProfile(db, PROFILE);
    const fresh = await buildProfileDocx(profile, await renderPlan(planProfile(db, profile, { width: WIDTH, suppression: true }), () => image), {
      suppression: true,
      info: workbenchInfo(db),
    });
    expect(docxTables(docx)).toEqual(docxTables(fresh));
    expect(docxTables(docx)).toHaveLength(3);
  }, 60_000);

  it('the print page likewise; another export of the unchanged profile reuses the plan, and any change to the workbench plans again', async () => {
    const html = await service.dispatch('profile/html', { name: PROFILE, images: await planned(PROFILE), suppression: true, width: WIDTH }, context);
    expect(html).toContain('Types by district again');
    expect(runs).toEqual({ pivots: 2, flags: 1, joint: 1 });
    const docx = await service.dispatch('profile/docx', { name: PROFILE, images: await planned(PROFILE), suppression: true, width: WIDTH }, context);
    expect(runs).toEqual({ pivots: 2, flags: 1, joint: 1 });
    // A command that may change the data (here saving a view under a new name) drops the plan: planned again, the same tables.
    await service.dispatch('views/save', UNUSED, context);
    const again = await service.dispatch('profile/docx', { name: PROFILE, images: await planned(PROFILE), suppression: true, width: WIDTH }, context);
    expect(runs).toEqual({ pivots: 4, flags: 2, joint: 2 });
    expect(docxTables(again)).toEqual(docxTables(docx));
  }, 60_000);

  it('Cancel while the profile is protected stops the plan between rounds, and keeps nothing of it', async () => {
    let asked = 0;
    const cancelling: HandlerContext = { isCancelled: () => (asked += 1) > 0, emit: () => undefined };
    await expect(service.dispatch('profile/plan', { name: PROFILE, width: WIDTH, suppression: true }, cancelling)).rejects.toMatchObject({ code: 'cancelled' });
    expect(asked).toBe(1);
    expect(runs.joint).toBe(1);
    // Nothing kept: the document with charts is refused, and the next plan protects the profile again.
    await expect(service.dispatch('profile/docx', { name: PROFILE, images: { 1: image }, suppression: true, width: WIDTH }, context)).rejects.toThrow(/changed while its charts were drawn/);
    await planned(PROFILE);
    expect(runs.joint).toBe(2);
  }, 60_000);

  it('the plan reports each round of the disclosure protection: rounds in order, withheld counts that never fall', async () => {
    const reports: { round: number; withheld: number; figures: number }[] = [];
    const listening: HandlerContext = {
      isCancelled: () => false,
      emit: (name, payload) => {
        if (name === 'profile/progress') reports.push(payload as { round: number; withheld: number; figures: number });
      },
    };
    await service.dispatch('profile/plan', { name: PROFILE, width: WIDTH, suppression: true }, listening);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.map((r) => r.round)).toEqual(reports.map((_, k) => k + 1));
    for (const [k, r] of reports.entries()) {
      expect(r.withheld).toBeGreaterThan(0);
      expect(r.withheld).toBeLessThanOrEqual(r.figures);
      // Within one protection hiding only adds; a new table (an iQuanta one protected on its own) starts again.
      const before = reports[k - 1];
      if (before !== undefined && before.figures === r.figures) expect(r.withheld).toBeGreaterThanOrEqual(before.withheld);
    }
  }, 60_000);

  it('a plan made with disclosure control on does not serve a document without it, nor one laid out at another width', async () => {
    const images = await planned(PROFILE, true);
    await expect(service.dispatch('profile/docx', { name: PROFILE, images, suppression: false, width: WIDTH }, context)).rejects.toThrow(/changed while its charts were drawn/);
    await expect(service.dispatch('profile/docx', { name: PROFILE, images, suppression: true, width: WIDTH + 100 }, context)).rejects.toThrow(/changed while its charts were drawn/);
    // Nothing to draw: planned afresh for the setting asked, so the flags run again.
    await planned(TABLES, true);
    runs.flags = 0;
    await service.dispatch('profile/docx', { name: TABLES, images: {}, suppression: false, width: WIDTH }, context);
    expect(runs.flags).toBe(1);
  }, 60_000);

  it('an edit between the plan and the document: a document with charts is refused, one without is planned afresh with the edit', async () => {
    const images = await planned(PROFILE);
    const chartItem = getProfile(service.database, PROFILE).items[1];
    // The image was drawn with the old caption as its title: it must not go under the new one.
    await service.dispatch('profile/edit-item', { name: PROFILE, itemId: chartItem?.id ?? -1, caption: 'Records per month, renamed' }, context);
    await expect(service.dispatch('profile/docx', { name: PROFILE, images, suppression: true, width: WIDTH }, context)).rejects.toThrow(/changed while its charts were drawn/);
    // Removing an item moves the chart to another plan index.
    const again = await planned(PROFILE);
    await service.dispatch('profile/remove-item', { name: PROFILE, itemId: getProfile(service.database, PROFILE).items[0]?.id ?? -1 }, context);
    await expect(service.dispatch('profile/html', { name: PROFILE, images: again, suppression: true, width: WIDTH }, context)).rejects.toThrow(/changed while its charts were drawn/);

    await planned(TABLES);
    const [text] = getProfile(service.database, TABLES).items;
    await service.dispatch('profile/edit-item', { name: TABLES, itemId: text?.id ?? -1, text: 'Edited words.' }, context);
    runs.flags = 0;
    const xml = documentXml(await service.dispatch('profile/docx', { name: TABLES, images: {}, suppression: true, width: WIDTH }, context));
    expect(xml).toContain('Edited words.');
    expect(xml).not.toContain('First words.');
    expect(runs.flags).toBe(1);
  }, 60_000);

  it('a profile changed without a command (straight into the database) is not served the plan made before', async () => {
    await planned(TABLES);
    const [text] = getProfile(service.database, TABLES).items;
    editProfileItem(service.database, text?.id ?? -1, { text: 'Written behind the service.' });
    const xml = documentXml(await service.dispatch('profile/docx', { name: TABLES, images: {}, suppression: true, width: WIDTH }, context));
    expect(xml).toContain('Written behind the service.');
  }, 60_000);

  it('a change to the data between the plan and the document plans again', async () => {
    await planned(TABLES);
    await service.dispatch('views/save', { name: 'Types by district', spec: { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [{ dimension: 'district', values: ['Mansfield'] }] }, chart: 'table' }, context);
    const tables = docxTables(await service.dispatch('profile/docx', { name: TABLES, images: {}, suppression: true, width: WIDTH }, context));
    expect(runs.pivots).toBe(2);
    // The view now filtered to Mansfield: no Gedling column.
    expect(tables[0]?.[0]).not.toContain('Gedling');
  }, 60_000);
});
