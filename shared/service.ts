/**
 * The handlers behind the worker protocol. The database worker wraps them in
 * a message loop; tests call them directly against a real in-memory sql.js.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { runFlags } from './analytics/flags';
import { nearRepeatFromStore, repeatsFromStore } from './analytics/repeats-store';
import { WorkbenchError } from './errors';
import { listAgeBands, setAgeBands } from './age-bands';
import { importFiles, previewImport } from './import/import-files';
import { listOffenceGroupMapping, setOffenceGroup } from './offence-groups';
import { removeImport, workbenchInfo } from './info';
import { drillThrough } from './pivot/drill-through';
import { type PivotResult, runPivot } from './pivot/run-pivot';
import { type CommandArgs, type CommandName, type CommandResult, MODIFYING_COMMANDS, type WorkerEvents } from './protocol';
import { deleteView, listViews, saveView } from './views';
import { createWorkbench, exportWorkbench, openWorkbench } from './workbench';

export interface HandlerContext {
  isCancelled: () => boolean;
  emit: <E extends keyof WorkerEvents>(name: E, payload: WorkerEvents[E]) => void;
}

export type Handlers = {
  [K in CommandName]: (args: CommandArgs<K>, context: HandlerContext) => Promise<CommandResult<K>> | CommandResult<K>;
};

export class WorkbenchService {
  private db: Database;

  constructor(private readonly SQL: SqlJsStatic) {
    this.db = createWorkbench(SQL);
  }

  get database(): Database {
    return this.db;
  }

  private readonly pivotCache = new Map<string, PivotResult>();

  /**
   * Runs one command. Every caller (the worker's message loop, tests) goes
   * through here so cached pivots are dropped whenever the data may change.
   */
  async dispatch<K extends CommandName>(name: K, args: CommandArgs<K>, context: HandlerContext): Promise<CommandResult<K>> {
    const handler = this.handlers[name] as (a: CommandArgs<K>, c: HandlerContext) => Promise<CommandResult<K>> | CommandResult<K>;
    try {
      return await handler(args, context);
    } finally {
      if (MODIFYING_COMMANDS.has(name) || name === 'workbench/new' || name === 'workbench/open') this.pivotCache.clear();
    }
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
    'import/files': ({ files, kind, mappings, year }, context) =>
      importFiles(this.db, files, {
        ...(kind === undefined ? {} : { kind }),
        ...(mappings === undefined ? {} : { mappings }),
        ...(year === undefined ? {} : { year }),
        isCancelled: context.isCancelled,
        onProgress: (progress) => context.emit('import/progress', progress),
      }),
    'import/remove': ({ importId }) => {
      const exists = this.db.exec('SELECT 1 FROM import WHERE id = ?', [importId]).length > 0;
      if (!exists) throw new WorkbenchError({ code: 'not-found', message: `No import with id ${importId}.` });
      return { removed: removeImport(this.db, importId) };
    },
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
    'import/preview': ({ file, kind, mapping, year }) =>
      previewImport(this.db, file, {
        ...(kind === undefined ? {} : { kind }),
        ...(mapping === undefined ? {} : { mapping }),
        ...(year === undefined ? {} : { year }),
      }),
    'offence-groups/list': () => listOffenceGroupMapping(this.db),
    'offence-groups/set': ({ crimeType, group }) => setOffenceGroup(this.db, crimeType, group),
    'age-bands/list': () => listAgeBands(this.db),
    'age-bands/set': ({ bands }) => setAgeBands(this.db, bands),
    'flags/run': (request, context) =>
      runFlags(this.db, request, {
        isCancelled: context.isCancelled,
        onProgress: (done, total) => context.emit('flags/progress', { done, total }),
      }),
    'repeats/run': (request) => repeatsFromStore(this.db, request),
    'near-repeat/run': (request, context) =>
      nearRepeatFromStore(this.db, request, {
        isCancelled: context.isCancelled,
        onProgress: (done, total) => context.emit('near-repeat/progress', { done, total }),
      }),
    'views/list': () => listViews(this.db),
    'views/save': ({ name, spec, chart }) => {
      saveView(this.db, name, spec, chart);
      return listViews(this.db);
    },
    'views/delete': ({ name }) => {
      deleteView(this.db, name);
      return listViews(this.db);
    },
  };
}
