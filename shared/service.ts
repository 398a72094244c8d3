/**
 * The handlers behind the worker protocol. The database worker wraps them in
 * a message loop; tests call them directly against a real in-memory sql.js.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { runFlagsAsync } from './analytics/flags';
import { nearRepeatFlagState, refreshNearRepeatColumnAsync } from './analytics/near-repeat-column';
import { nearRepeatFromStore, repeatLocationsAsync, repeatsFromStoreAsync, topRepeatVictimsAsync } from './analytics/repeats-store';
import { runStepsAsync } from './analytics/steps';
import { viewChart } from './charts/view-chart';
import { WorkbenchError } from './errors';
import { type RenderedItem, buildProfileDocx } from './profile/docx';
import { buildProfileHtml } from './profile/html';
import { analysisChart, analysisData } from './charts/analysis-chart';
import { iquantaCatalogue } from './charts/iquanta-store';
import { analysisTable } from './profile/analysis-tables';
import { DEFAULT_THRESHOLD } from './disclosure/suppress';
import { type PlannedItem, type RenderedImage, planProfile, planProfileSteps, renderPlan } from './profile/plan';
import {
  type Profile,
  addProfileItem,
  deleteProfile,
  editProfileItem,
  getProfile,
  listProfiles,
  moveProfileItem,
  removeProfileItem,
} from './profile/store';
import { changesBetweenWaves, surveyResults } from './survey/analyse';
import { surveyFromStore, surveyQuestions, surveyResponses, surveyWaves } from './survey/store';
import { listAgeBands, setAgeBands } from './age-bands';
import type { ParseWorkerFactory } from './import/district-parse-worker';
import { importFiles, previewImport, readyForImport } from './import/import-files';
import { listSheets } from './import/table';
import { listOffenceGroupMapping, setOffenceGroup } from './offence-groups';
import { importChanges, removeImport, workbenchInfo } from './info';
import { drillThrough, drillThroughCsvSteps } from './pivot/drill-through';
import { type PivotResult, runPivot } from './pivot/run-pivot';
import { type CommandArgs, type CommandName, type CommandResult, MODIFYING_COMMANDS, type WorkerEvents } from './protocol';
import { deleteView, getView, listViews, saveView } from './views';
import { createWorkbench, exportWorkbench, openWorkbench } from './workbench';

export interface HandlerContext {
  isCancelled: () => boolean;
  emit: <E extends keyof WorkerEvents>(name: E, payload: WorkerEvents[E]) => void;
}

export type Handlers = {
  [K in CommandName]: (args: CommandArgs<K>, context: HandlerContext) => Promise<CommandResult<K>> | CommandResult<K>;
};

/** What a profile plan is made for: the profile, the charts' layout width and the disclosure setting. */
interface PlanRequest {
  name: string;
  width: number | undefined;
  suppression: boolean;
}

/** A plan serves only a request for the same profile, width, disclosure setting and threshold. */
function planKey({ name, width, suppression }: PlanRequest): string {
  return JSON.stringify([name.trim(), width ?? null, suppression, DEFAULT_THRESHOLD]);
}

function planOptions({ width, suppression }: PlanRequest): { width?: number; suppression: boolean; threshold: number } {
  return { ...(width === undefined ? {} : { width }), suppression, threshold: DEFAULT_THRESHOLD };
}

export class WorkbenchService {
  private db: Database;

  /**
   * `platform.parseWorker`: how this platform starts a worker that reads
   * large district extracts while this thread writes them (the app's
   * database worker gives it a Web Worker).
   */
  constructor(
    private readonly SQL: SqlJsStatic,
    private readonly platform: { parseWorker?: ParseWorkerFactory } = {},
  ) {
    this.db = createWorkbench(SQL);
  }

  get database(): Database {
    return this.db;
  }

  private readonly pivotCache = new Map<string, PivotResult>();

  /**
   * The plan 'profile/plan' made last, which starts an export, for the Word
   * or print document asked for next: the views' pivots, flags summaries,
   * joint disclosure protection and analysis tables are worked out once per
   * export, and once for several exports of an unchanged profile. Kept with
   * what it was made for (the request and the profile as it then was) and
   * dropped whenever the data may change.
   */
  private exportPlan: { key: string; profile: string; items: PlannedItem[] } | null = null;

  /**
   * Runs one command. Every caller (the worker's message loop, tests) goes
   * through here so cached pivots are dropped whenever the data may change.
   */
  async dispatch<K extends CommandName>(name: K, args: CommandArgs<K>, context: HandlerContext): Promise<CommandResult<K>> {
    const handler = this.handlers[name] as (a: CommandArgs<K>, c: HandlerContext) => Promise<CommandResult<K>> | CommandResult<K>;
    try {
      return await handler(args, context);
    } finally {
      if (MODIFYING_COMMANDS.has(name) || name === 'workbench/new' || name === 'workbench/open') {
        this.pivotCache.clear();
        this.exportPlan = null;
      }
    }
  }

  /** The kept plan's items when it was made for this request and this profile as it is now; null otherwise. */
  private keptPlan(request: PlanRequest, profile: Profile): PlannedItem[] | null {
    const plan = this.exportPlan;
    return plan !== null && plan.key === planKey(request) && plan.profile === JSON.stringify(profile) ? plan.items : null;
  }

  /**
   * The profile and its document items with the images the UI rendered for
   * its charts, by plan index: the plan those images were drawn from, made
   * for the same width and disclosure setting. When that plan is gone (the
   * profile or the data changed since) images cannot be matched to items,
   * so the export is refused rather than print a chart under another's
   * caption; a document without charts is planned afresh.
   */
  private async renderedProfile(name: string, images: Record<number, RenderedImage>, request: PlanRequest): Promise<{ profile: Profile; items: RenderedItem[] }> {
    const profile = getProfile(this.db, name);
    const kept = this.keptPlan(request, profile);
    if (kept === null && Object.keys(images).length > 0) {
      throw new WorkbenchError({ code: 'bad-input', message: `The profile "${name}" or its data changed while its charts were drawn; export it again.` });
    }
    const planned = kept ?? planProfile(this.db, profile, planOptions(request));
    const items = await renderPlan(planned, (_option, index) => {
      const image = images[index];
      if (!image) throw new WorkbenchError({ code: 'bad-input', message: `No image for profile item ${index + 1}.` });
      return image;
    });
    return { profile, items };
  }

  /** Progress ('repeats/progress') and Cancel for the long repeat analyses. */
  private repeatSteps(context: HandlerContext): { isCancelled: () => boolean; onProgress: (done: number, total: number) => void } {
    return { isCancelled: context.isCancelled, onProgress: (done, total) => context.emit('repeats/progress', { done, total }) };
  }

  private replace(next: Database): void {
    const previous = this.db;
    this.db = next;
    previous.close();
  }

  readonly handlers: Handlers = {
    'workbench/new': () => {
      this.replace(createWorkbench(this.SQL));
      return workbenchInfo(this.db);
    },
    'workbench/open': ({ bytes, fileName }) => {
      // openWorkbench throws before anything is replaced, so a bad file leaves the current one open.
      this.replace(openWorkbench(this.SQL, bytes, fileName));
      return workbenchInfo(this.db);
    },
    'workbench/export': () => exportWorkbench(this.db),
    'workbench/info': () => workbenchInfo(this.db),
    'import/files': ({ files, kind, mappings, year, sheets }, context) => {
      // A large import into a small workbench goes into a file with room made for it (readyForImport).
      this.db = readyForImport(this.db, this.SQL, files);
      return importFiles(this.db, files, {
        ...(kind === undefined ? {} : { kind }),
        ...(mappings === undefined ? {} : { mappings }),
        ...(year === undefined ? {} : { year }),
        ...(sheets === undefined ? {} : { sheets }),
        isCancelled: context.isCancelled,
        onProgress: (progress) => context.emit('import/progress', progress),
        ...(this.platform.parseWorker === undefined ? {} : { parseWorker: this.platform.parseWorker }),
      });
    },
    'import/remove': ({ importId }) => {
      const exists = this.db.exec('SELECT 1 FROM import WHERE id = ?', [importId]).length > 0;
      if (!exists) throw new WorkbenchError({ code: 'not-found', message: `No import with id ${importId}.` });
      return removeImport(this.db, importId);
    },
    'import/changes': ({ importId }) => importChanges(this.db, importId),
    'pivot/run': ({ spec }) => {
      // Results are cached per spec until the data or the workbench changes.
      const key = JSON.stringify(spec);
      const cached = this.pivotCache.get(key);
      if (cached) return cached;
      const result = runPivot(this.db, spec);
      if (this.pivotCache.size >= 50) this.pivotCache.clear();
      this.pivotCache.set(key, result);
      return result;
    },
    'pivot/drill': (request) => drillThrough(this.db, request),
    'pivot/drill-csv': (request, context) =>
      runStepsAsync(
        drillThroughCsvSteps(this.db, request),
        { isCancelled: context.isCancelled, onProgress: (done, total) => context.emit('drill/progress', { done, total }) },
        'Export cancelled: no file was written.',
      ),
    'import/preview': ({ file, kind, mapping, year, sheet }) =>
      previewImport(this.db, file, {
        ...(kind === undefined ? {} : { kind }),
        ...(mapping === undefined ? {} : { mapping }),
        ...(year === undefined ? {} : { year }),
        ...(sheet === undefined ? {} : { sheet }),
      }),
    'import/sheets': ({ file }) => listSheets(file),
    'offence-groups/list': () => listOffenceGroupMapping(this.db),
    'offence-groups/set': ({ crimeType, group }) => setOffenceGroup(this.db, crimeType, group),
    'age-bands/list': () => listAgeBands(this.db),
    'age-bands/set': ({ bands }) => setAgeBands(this.db, bands),
    'flags/run': (request, context) =>
      runFlagsAsync(this.db, request, {
        isCancelled: context.isCancelled,
        onProgress: (done, total, stage) => context.emit('flags/progress', { done, total, stage }),
      }),
    'repeats/run': (request, context) => repeatsFromStoreAsync(this.db, request, this.repeatSteps(context)),
    'near-repeat/run': (request, context) =>
      nearRepeatFromStore(this.db, request, {
        isCancelled: context.isCancelled,
        onProgress: (done, total) => context.emit('near-repeat/progress', { done, total }),
      }),
    'repeats/top-victims': (request, context) => topRepeatVictimsAsync(this.db, request, this.repeatSteps(context)),
    'repeats/locations': (request, context) => repeatLocationsAsync(this.db, request, this.repeatSteps(context)),
    'near-repeat/flags': (settings, context) => refreshNearRepeatColumnAsync(this.db, settings, this.repeatSteps(context)),
    'near-repeat/flag-settings': () => nearRepeatFlagState(this.db),
    'chart/view': ({ name, width, text }) => {
      const view = getView(this.db, name);
      return viewChart({
        name: view.name,
        chart: view.chart,
        result: runPivot(this.db, view.spec),
        info: workbenchInfo(this.db),
        ...(width === undefined ? {} : { width }),
        ...(text === undefined ? {} : { text }),
      });
    },
    'survey/questions': () => surveyQuestions(this.db),
    'survey/waves': () => surveyWaves(this.db),
    'survey/run': ({ query, request }) => surveyFromStore(this.db, query, request),
    'survey/change': ({ query, request, fromWave, toWave }) => {
      const { wave: _wave, ...allWaves } = query;
      const by = request.by.includes('wave') ? request.by : [...request.by, 'wave' as const];
      return changesBetweenWaves(surveyResults(surveyResponses(this.db, allWaves), { ...request, by }), fromWave, toWave, request.level ?? 95);
    },
    'profile/list': () => listProfiles(this.db),
    'profile/get': ({ name }) => getProfile(this.db, name),
    'profile/add-item': ({ name, item }) => {
      if (item.kind === 'view' || item.kind === 'pivot') getView(this.db, item.viewName);
      // A chart item whose analysis cannot run (no population, no such iQuanta area) fails now, not at export.
      if (item.kind === 'chart') analysisChart(this.db, item.chart);
      // Likewise an analysis table (the Knox test without permutations: only whether it runs is asked here).
      if (item.kind === 'analysis') {
        const check = item.analysis.analysis === 'near-repeat' ? { ...item.analysis, request: { ...item.analysis.request, permutations: 0 } } : item.analysis;
        analysisTable(this.db, check, null, { suppression: false, threshold: 5 });
      }
      addProfileItem(this.db, name, item);
      return getProfile(this.db, name);
    },
    'profile/move-item': ({ name, itemId, position }) => {
      moveProfileItem(this.db, itemId, position);
      return getProfile(this.db, name);
    },
    'profile/edit-item': ({ name, itemId, caption, text }) => {
      editProfileItem(this.db, itemId, { ...(caption === undefined ? {} : { caption }), ...(text === undefined ? {} : { text }) });
      return getProfile(this.db, name);
    },
    'profile/remove-item': ({ name, itemId }) => {
      removeProfileItem(this.db, itemId);
      return getProfile(this.db, name);
    },
    'profile/delete': ({ name }) => {
      deleteProfile(this.db, name);
      return listProfiles(this.db);
    },
    'profile/plan': async ({ name, width, suppression }, context) => {
      const request: PlanRequest = { name, width, suppression: suppression ?? true };
      const profile = getProfile(this.db, name);
      // The same profile on the same data for the same request (the PDF after the Word file): the plan already made.
      // Disclosure control over a large profile takes half a minute; every command that may change the data drops it.
      const kept = this.keptPlan(request, profile);
      if (kept !== null) return kept;
      this.exportPlan = null;
      // Cancel lands between rounds of the disclosure protection; nothing is kept from a cancelled plan.
      let round = 0;
      const items = await runStepsAsync(
        planProfileSteps(this.db, profile, planOptions(request)),
        { isCancelled: context.isCancelled, onProgress: (withheld, figures) => context.emit('profile/progress', { round: (round += 1), withheld, figures }) },
        'Profile export cancelled.',
      );
      this.exportPlan = { key: planKey(request), profile: JSON.stringify(profile), items };
      return items;
    },
    'profile/docx': async ({ name, images, suppression, width }) => {
      const { profile, items } = await this.renderedProfile(name, images, { name, width, suppression });
      return buildProfileDocx(profile, items, { suppression, threshold: DEFAULT_THRESHOLD, info: workbenchInfo(this.db) });
    },
    'profile/html': async ({ name, images, suppression, width }) => {
      const { profile, items } = await this.renderedProfile(name, images, { name, width, suppression });
      return buildProfileHtml(profile, items, { suppression, threshold: DEFAULT_THRESHOLD, info: workbenchInfo(this.db) });
    },
    'chart/analysis': ({ chart }) => analysisData(this.db, chart),
    'iquanta/catalogue': () => iquantaCatalogue(this.db),
    'views/list': () => listViews(this.db),
    'views/save': ({ name, spec, chart, sort }) => {
      saveView(this.db, name, spec, chart, new Date(), sort);
      return listViews(this.db);
    },
    'views/delete': ({ name }) => {
      deleteView(this.db, name);
      return listViews(this.db);
    },
  };
}
