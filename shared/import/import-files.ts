/**
 * The import pipeline: every file of a batch in one transaction, so a
 * failure or Cancel leaves the workbench exactly as it was.
 *
 * Per file: read the rows (CSV or XLSX), find the header row and the layout
 * (a saved or explicit column mapping wins over automatic matching), then
 * hand each data row to the layout's writer. Blank rows are ignored; totals
 * rows are skipped and reported; every other row is accepted, a duplicate,
 * an update or a reject with its line, field and reason.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { forgetReads } from '../write-count';
import { refreshNearRepeatColumn } from '../analytics/near-repeat-column';
import { beginRecordWrite, finishImportTally } from '../record-tally';
import { WorkbenchError } from '../errors';
import { withRoom } from '../workbench';
import { fileSha256Hex } from '../hash';
import { DistrictRowWriter } from './district';
import { type DistrictBatch, type WidthTally, addWidths, emptyWidths, tallyWidth } from './district-batch';
import type { ParseWorkerFactory, ParseWorkerPort } from './district-parse-worker';
import { IquantaRowWriter } from './iquanta';
import {
  HEADER_SEARCH_ROWS,
  SNIFF_ROWS,
  LAYOUTS,
  type LayoutMatch,
  type LayoutSpec,
  POLICE_UK_LAYOUT,
  completeMatch,
  columnName,
  detectLayout,
  fieldKey,
  guessLayout,
  headerSignature,
  matchLayout,
  layoutByName,
  type LayoutName,
} from './layouts';
import { PoliceUkRowWriter, isPoliceUkHeader } from './police-uk';
import { PopulationRowWriter, yearFromFileName } from './population';
import { RespectRowWriter } from './respect';
import { isNoteRow, isTotalsRow } from './row-kinds';
import { type SheetSummary, type Table, isXlsxFile, readTable } from './table';
import { RecordKeys } from './record-keys';
import { type TableRows, columnLetters, csvChunk, isBlankRow, rowAtLine, sliceRows } from './text';
import { type ColumnMapping, type FileMapping, IMPORT_KINDS, type RejectedRow, KIND_LABELS, type ImportFileInput, type ImportKind, type ImportOptions, type ImportProgress, type ImportReport, type SkippedRow } from './types';
import { type PreviewRow, type RowOutcome, type RowWriter, type WriterContext, overflowReject } from './writer';

/** Rows written between cancel checks. */
const CHUNK_ROWS = 5_000;
/**
 * The longest the import runs without letting queued messages (Cancel)
 * through and reporting progress. Yielding after every chunk would cost a
 * timer's minimum delay (4 ms in a browser) 50 times a second.
 */
const YIELD_MS = 50;
const PREVIEW_ROWS = 10;

/** Lets queued messages (Cancel) through between chunks. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The kind of extract a header row is, or null. */
export function detectKind(header: readonly string[]): ImportKind | null {
  if (isPoliceUkHeader(header)) return 'police-uk';
  const detected = detectLayout([header], undefined);
  return detected?.match.isComplete === true ? detected.match.layout.kind : null;
}

/** How a file will be read: its layout, header row and column mapping. */
export interface ImportPlan {
  kind: ImportKind;
  layout: LayoutSpec;
  /** 0-based index of the header row in the table's rows. */
  headerIndex: number;
  header: string[];
  mapping: ColumnMapping;
  valueColumns: number[];
  missing: string[];
  /** 'guessed': the header matched no layout; the mapping is a suggestion the analyst must confirm. */
  source: 'automatic' | 'saved' | 'explicit' | 'guessed';
  signature: string;
  /** What a guess rests on ("district names in column F (Area)"). */
  evidence?: string[];
  /** When the mapping was saved (source 'saved'). */
  savedAt?: string;
}

interface StoredMapping {
  layout: LayoutName;
  columns: ColumnMapping;
  /** The header it was saved for, so a listing can name the columns (absent in mappings saved before it was kept). */
  header?: string[];
}

/** A saved column mapping as `info` lists it: field -> header cell (or column number). */
export interface SavedMappingEntry {
  signature: string;
  kind: ImportKind;
  layout: LayoutName;
  savedAt: string;
  columns: Record<string, string>;
}

/** Every column mapping saved in the workbench, newest first. */
export function listSavedMappings(db: Database): SavedMappingEntry[] {
  const rows = db.exec('SELECT header_signature, kind, mapping, saved_at FROM column_mapping ORDER BY saved_at DESC, header_signature')[0]?.values ?? [];
  return rows.flatMap((row) => {
    try {
      const stored = JSON.parse(String(row[2])) as Partial<StoredMapping>;
      if (typeof stored.layout !== 'string' || typeof stored.columns !== 'object' || stored.columns === null) return [];
      const header = Array.isArray(stored.header) ? stored.header : [];
      const columns = Object.fromEntries(
        Object.entries(stored.columns).map(([field, index]) => [field, (header[index] ?? '').trim() || `column ${index + 1}`]),
      );
      return [{ signature: String(row[0]), kind: String(row[1]) as ImportKind, layout: stored.layout, savedAt: String(row[3]), columns }];
    } catch {
      return [];
    }
  });
}

/** The mapping saved for a header signature, if any. */
export function savedMapping(db: Database, signature: string): (StoredMapping & { kind: ImportKind; savedAt: string }) | null {
  const row = db.exec('SELECT kind, mapping, saved_at FROM column_mapping WHERE header_signature = ?', [signature])[0]?.values[0];
  if (row === undefined) return null;
  try {
    const parsed = JSON.parse(String(row[1])) as Partial<StoredMapping>;
    if (typeof parsed.layout !== 'string' || typeof parsed.columns !== 'object' || parsed.columns === null) return null;
    return { layout: parsed.layout, columns: parsed.columns, kind: String(row[0]) as ImportKind, savedAt: String(row[2]) };
  } catch {
    return null;
  }
}

export function saveMapping(db: Database, signature: string, plan: Pick<ImportPlan, 'kind' | 'layout' | 'mapping' | 'header'>, now: string): void {
  const stored: StoredMapping = { layout: plan.layout.name, columns: plan.mapping, header: plan.header };
  db.run(
    `INSERT INTO column_mapping (header_signature, kind, mapping, saved_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(header_signature) DO UPDATE SET kind = excluded.kind, mapping = excluded.mapping, saved_at = excluded.saved_at`,
    [signature, plan.kind, JSON.stringify(stored), now],
  );
}

/** The notice an import gives when a saved mapping was used ("Column mapping saved on 2024-06-01 applied"). */
export function savedMappingNotice(savedAt: string): string {
  return `Column mapping saved on ${savedAt.slice(0, 10)} applied.`;
}

/** Fields that need no column in this import (a population file's year given by name or option). */
function optionalFields(fileName: string, options: ImportOptions): Set<string> {
  return options.year !== undefined || yearFromFileName(fileName) !== null ? new Set(['year']) : new Set();
}

function layoutsOf(kind: ImportKind): LayoutSpec[] {
  return kind === 'police-uk' ? [POLICE_UK_LAYOUT] : LAYOUTS.filter((l) => l.kind === kind);
}

/** The layout of a kind that an explicit mapping fits best (wide when its value columns are there). */
function fitMapping(kind: ImportKind, header: readonly string[], columns: ColumnMapping, optional: Set<string>): LayoutMatch {
  const matches = layoutsOf(kind).map((layout) => {
    const known = Object.fromEntries(
      Object.entries(columns).filter(([field, index]) => layout.fields.some((f) => f.name === field) && Number.isInteger(index) && index >= 0 && index < header.length),
    );
    return completeMatch(layout, header, known, optional);
  });
  const complete = matches.filter((m) => m.isComplete).sort((a, b) => b.score - a.score);
  // Incomplete: a wide layout only when its value columns are there; then the fewest fields missing.
  const shortfall = (m: LayoutMatch): number => (m.valueColumns.length >= (m.layout.minValueColumns ?? 0) ? 0 : 1000) + m.missing.length;
  return complete[0] ?? matches.sort((a, b) => shortfall(a) - shortfall(b))[0] ?? completeMatch(POLICE_UK_LAYOUT, header, {});
}

/**
 * Works out how to read a file, or says why it cannot: 'bad-input' when
 * nothing looks like a known header, 'needs-mapping' (with the header and a
 * preview) when required fields have no column.
 */
export function planImport(
  db: Database,
  table: Table,
  fileName: string,
  options: ImportOptions,
  explicit?: FileMapping,
  allowIncomplete = false,
): ImportPlan {
  // Enough rows to find the header and, for a guessed layout, to read what its columns hold.
  const rows = sliceRows(table.rows, 0, HEADER_SEARCH_ROWS + SNIFF_ROWS + 1);
  const optional = optionalFields(fileName, options);
  const kind = explicit?.kind ?? options.kind;
  let plan: ImportPlan | null = null;

  if (explicit !== undefined) {
    const detected = detectLayout(rows, kind, optional);
    const headerIndex =
      explicit.headerLine !== undefined
        ? rowAtLine(table.rows, explicit.headerLine)
        : (headerRowNaming(rows, explicit.columnRefs) ?? detected?.headerIndex ?? guessLayout(rows, kind, optional)?.headerIndex ?? firstNonBlank(table.rows));
    const header = table.rows.row(headerIndex);
    const explicitKind = kind ?? detected?.match.layout.kind ?? guessLayout(rows, undefined, optional)?.match.layout.kind;
    if (explicitKind === undefined) {
      throw new WorkbenchError({
        code: 'bad-input',
        file: fileName,
        line: table.rows.line(headerIndex),
        field: 'kind',
        message: `${fileName}: say which kind of extract this is (${IMPORT_KIND_LIST}) to apply a column mapping.`,
      });
    }
    let columns: ColumnMapping = { ...explicit.columns, ...resolveColumnRefs(fileName, explicitKind, header, table.rows.line(headerIndex), explicit.columnRefs ?? {}) };
    if (explicit.keepAutomatic === true) {
      const saved = savedMapping(db, headerSignature(header));
      const base =
        saved !== null && saved.kind === explicitKind
          ? { mapping: saved.columns }
          : // Names and aliases only: a script never gets a column guessed from its contents.
            layoutsOf(explicitKind)
              .map((layout) => matchLayout(layout, header, optional))
              .sort((a, b) => b.score - a.score)[0];
      if (base !== undefined) {
        const given = new Set(Object.values(columns));
        const kept = Object.entries(base.mapping).filter(([field, index]) => columns[field] === undefined && !given.has(index));
        columns = { ...Object.fromEntries(kept), ...columns };
      }
    }
    const match = fitMapping(explicitKind, header, columns, optional);
    plan = fromMatch(match, headerIndex, header, 'explicit');
  } else {
    // A mapping the analyst saved for exactly this header comes first.
    for (let index = 0; index < Math.min(rows.length, HEADER_SEARCH_ROWS) && plan === null; index++) {
      const header = rows[index] ?? [];
      if (isBlankRow(header)) continue;
      const saved = savedMapping(db, headerSignature(header));
      if (saved === null || (kind !== undefined && saved.kind !== kind)) continue;
      const match = completeMatch(layoutByName(saved.layout), header, saved.columns, optional);
      plan = { ...fromMatch(match, index, header, 'saved'), savedAt: saved.savedAt };
    }
    if (plan === null) {
      const detected = detectLayout(rows, kind, optional);
      // No header the workbench knows: a best guess (header names, value columns, what the columns hold) goes to the analyst to check.
      // A partial match (a few names known) is improved by the guess where it can be.
      const guess =
        detected?.match.isComplete !== true && kind !== 'police-uk'
          ? guessLayout(rows, kind, optional, detected === null ? {} : { headerIndex: detected.headerIndex })
          : null;
      if (guess !== null && (detected === null || guess.match.score > detected.match.score)) {
        const header = table.rows.row(guess.headerIndex);
        plan = { ...fromMatch(guess.match, guess.headerIndex, header, 'guessed'), evidence: guess.evidence };
      } else if (detected === null) {
        const headerIndex = firstNonBlank(table.rows);
        const header = table.rows.row(headerIndex);
        if (kind === undefined || kind === 'police-uk') {
          throw new WorkbenchError({
            code: 'bad-input',
            file: fileName,
            line: table.rows.line(headerIndex),
            field: 'header',
            message:
              kind === 'police-uk'
                ? `${fileName} line ${table.rows.line(headerIndex)}: this is not a police.uk street-level header (it needs Crime ID, Month, Falls within and Crime type).`
                : `${fileName} line ${table.rows.line(headerIndex)}: the header does not match any extract the workbench reads (police.uk street-level, district profile, iQuanta, Respect Survey or population estimates); choose the kind and map the columns.`,
          });
        }
        // A wide layout only when the header has its value columns (ages, months, questions); else the long one.
        const candidates = layoutsOf(kind);
        const layout =
          candidates.find((l) => l.isValueColumn !== undefined && completeMatch(l, header, {}, optional).valueColumns.length >= (l.minValueColumns ?? 0)) ??
          candidates.find((l) => l.isValueColumn === undefined) ??
          candidates[0];
        if (layout === undefined) throw new Error(`no layout for ${kind}`);
        plan = fromMatch(completeMatch(layout, header, {}, optional), headerIndex, header, 'automatic');
      } else {
        const header = rows[detected.headerIndex] ?? [];
        plan = fromMatch(detected.match, detected.headerIndex, header, 'automatic');
      }
    }
  }

  const isComplete = plan.missing.length === 0 && plan.valueColumns.length >= (plan.layout.minValueColumns ?? 0);
  // A guessed mapping is never imported unseen, even when it covers every required field.
  if ((!isComplete || plan.source === 'guessed') && !allowIncomplete) {
    if (plan.kind === 'police-uk') {
      throw new WorkbenchError({
        code: 'bad-input',
        file: fileName,
        line: table.rows.line(plan.headerIndex),
        field: 'header',
        message: `${fileName} line ${table.rows.line(plan.headerIndex)}: this is not a police.uk street-level header (it needs Crime ID, Month, Falls within and Crime type).`,
      });
    }
    throw needsMapping(fileName, table, plan);
  }
  return plan;
}

const IMPORT_KIND_LIST = IMPORT_KINDS.join(', ');

/** The first row (of those searched for a header) that holds every column a mapping names, if it names any. */
function headerRowNaming(rows: readonly (readonly string[])[], refs: Record<string, string> | undefined): number | null {
  const names = Object.values(refs ?? {}).filter((ref) => !/^\d+$/.test(ref.trim())).map(fieldKey);
  if (names.length === 0) return null;
  for (let index = 0; index < Math.min(rows.length, HEADER_SEARCH_ROWS); index++) {
    const keys = new Set((rows[index] ?? []).map(fieldKey));
    if (names.every((name) => keys.has(name))) return index;
  }
  return null;
}

/** Field -> column index for columns given by header name or 1-based number; a clear error for an unknown field or column. */
function resolveColumnRefs(
  fileName: string,
  kind: ImportKind,
  header: readonly string[],
  line: number,
  refs: Record<string, string>,
): ColumnMapping {
  const fields = new Map(layoutsOf(kind).flatMap((layout) => layout.fields.map((field) => [field.name, field] as const)));
  const keys = header.map(fieldKey);
  const resolved: ColumnMapping = {};
  for (const [field, ref] of Object.entries(refs)) {
    const spec = fields.get(field);
    if (spec === undefined) {
      throw new WorkbenchError({
        code: 'bad-input',
        file: fileName,
        field,
        message: `${fileName}: "${field}" is not a field of a ${KIND_LABELS[kind]}; its fields are ${[...fields.keys()].join(', ')}.`,
      });
    }
    const text = ref.trim();
    const byName = keys.indexOf(fieldKey(text));
    const byNumber = /^\d+$/.test(text) ? Number(text) - 1 : -1;
    const index = text !== '' && byName >= 0 ? byName : byNumber >= 0 && byNumber < header.length ? byNumber : -1;
    if (index < 0) {
      const columns = header.map((_, i) => columnName(header, i)).join(', ');
      throw new WorkbenchError({
        code: 'bad-input',
        file: fileName,
        line,
        field,
        message: `${fileName} line ${line}: no column "${text}" for ${spec.label} (${field}); the header's columns are ${columns}.`,
      });
    }
    resolved[field] = index;
  }
  return resolved;
}

function firstNonBlank(rows: TableRows): number {
  for (let index = 0; index < rows.rowCount; index++) if (!isBlankRow(rows.row(index))) return index;
  return 0;
}

function fromMatch(match: LayoutMatch, headerIndex: number, header: string[], source: ImportPlan['source']): ImportPlan {
  return {
    kind: match.layout.kind,
    layout: match.layout,
    headerIndex,
    header,
    mapping: match.mapping,
    valueColumns: match.valueColumns,
    missing: match.missing,
    source,
    signature: headerSignature(header),
  };
}

function needsMapping(fileName: string, table: Table, plan: ImportPlan): WorkbenchError {
  const labels = plan.missing.map((name) => plan.layout.fields.find((f) => f.name === name)?.label ?? name);
  const needsValues = plan.valueColumns.length < (plan.layout.minValueColumns ?? 0);
  const what = [
    labels.length > 0 ? `no column for ${labels.join(', ')}` : null,
    needsValues ? (plan.layout.kind === 'population' ? 'no age columns' : plan.layout.kind === 'respect' ? 'no q_ question columns' : 'no month columns') : null,
  ]
    .filter((part) => part !== null)
    .join('; ');
  const line = table.rows.line(plan.headerIndex);
  const message =
    plan.source === 'guessed'
      ? `${fileName} line ${line}: ${Object.keys(plan.mapping).length > 0 && (plan.evidence ?? [])[0]?.includes('column name') === true ? 'the header names only some of the columns the workbench needs' : 'the header matches no layout the workbench knows'}; it looks like a ${KIND_LABELS[plan.kind]} (${(plan.evidence ?? []).join(', ')})${what === '' ? '' : `, with ${what}`}; check the columns (column mapping) and import again.`
      : `${fileName} line ${line}: read as ${plan.layout.kind} but ${what}; choose the columns (column mapping) and import again.`;
  return new WorkbenchError({
    code: 'needs-mapping',
    file: fileName,
    line,
    field: plan.missing.join(', ') || 'header',
    message,
    needsMapping: {
      kind: plan.kind,
      header: plan.header,
      headerLine: line,
      preview: sliceRows(table.rows, plan.headerIndex + 1, plan.headerIndex + 1 + PREVIEW_ROWS),
      mapping: plan.mapping,
      missing: plan.missing,
    },
  });
}

export { isNoteRow, isTotalsRow } from './row-kinds';

/**
 * An unlabelled last row that sums the rows above it (spreadsheet exports):
 * its first cell is blank and every number in it is the column's total.
 */
function isSumRow(rows: TableRows, index: number, firstData: number): boolean {
  const row = rows.row(index);
  if ((row[0] ?? '').trim() !== '') return false;
  const columns: number[] = [];
  const values: number[] = [];
  for (let column = 1; column < row.length; column++) {
    const text = (row[column] ?? '').replace(/,/g, '').trim();
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) return false;
    columns.push(column);
    values.push(value);
  }
  if (columns.length === 0) return false;
  // One pass over the rows above (CSV rows are cut on demand), summing every numeric column.
  const sums = columns.map(() => 0);
  for (let r = firstData; r < index; r++) {
    const cells = rows.row(r);
    columns.forEach((column, i) => {
      sums[i] = (sums[i] ?? 0) + (Number((cells[column] ?? '').replace(/,/g, '')) || 0);
    });
  }
  return values.every((value, i) => Math.abs((sums[i] ?? 0) - value) <= 1e-6 * Math.max(1, Math.abs(value)));
}

function createWriter(plan: ImportPlan, context: WriterContext): RowWriter {
  switch (plan.kind) {
    case 'district':
      return new DistrictRowWriter(context);
    case 'iquanta':
      return new IquantaRowWriter(context);
    case 'respect':
      return new RespectRowWriter(context);
    case 'population':
      return new PopulationRowWriter(context);
    case 'police-uk': {
      const writer = new PoliceUkRowWriter(context.db, context.header, context.fileName, context.importId);
      return {
        write: (row: readonly string[], line: number): RowOutcome => writer.write(row, line),
        preview: (_row: readonly string[], line: number): PreviewRow => ({ line, values: {} }),
        close: () => writer.close(),
      };
    }
  }
}

/**
 * Page cache for an import, in KiB. Pages the cache cannot hold are written
 * to the database file, which sql.js keeps in memory anyway: a larger cache
 * only holds the same pages twice until the commit. Measured at 1M records
 * (npm run bench): 32 MiB and 256 MiB cost the same database-thread CPU,
 * and 32 MiB peaks about 300 MB lower.
 */
const IMPORT_CACHE_KIB = 32_768;

/**
 * sql.js keeps the database in Emscripten's in-memory file system, where
 * every journal and page write is a JavaScript call. A memory journal, a
 * moderate page cache and temp files (statement journals) in memory keep
 * most of those writes inside SQLite. Rollback still works; there is no disk
 * file whose crash safety the journal would protect.
 */
function tuneForBulkWrites(db: Database): () => void {
  if (db.exec('PRAGMA journal_mode')[0]?.values[0]?.[0] !== 'memory') db.exec('PRAGMA journal_mode = MEMORY');
  const cacheSize = Number(db.exec('PRAGMA cache_size')[0]?.values[0]?.[0] ?? -2000);
  // Never smaller than the workbench's own setting.
  db.run(`PRAGMA cache_size = ${Math.min(-IMPORT_CACHE_KIB, cacheSize < 0 ? cacheSize : -IMPORT_CACHE_KIB)}`);
  // Statement journals (each INSERT inside the batch's SAVEPOINT) are temp files otherwise.
  db.run('PRAGMA temp_store = MEMORY');
  // The import's cache is for the batch only: afterwards the pages would just double the memory held.
  return () => db.run(`PRAGMA cache_size = ${Number.isFinite(cacheSize) ? cacheSize : -2000}`);
}

/**
 * Foreign keys are not checked while a batch writes: every id a writer binds
 * comes from the lookup tables it reads and extends in the same transaction
 * (shared/import/lookups.ts), so the per-row parent lookups (half a dozen per
 * record) would only repeat what the writer already knows. Importers delete
 * child rows themselves, never relying on ON DELETE CASCADE. The setting
 * cannot change inside a transaction, so it is left alone when one is open.
 */
function pauseForeignKeys(db: Database): () => void {
  if (db.exec('PRAGMA foreign_keys')[0]?.values[0]?.[0] !== 1) return () => undefined;
  db.run('PRAGMA foreign_keys = OFF');
  if (db.exec('PRAGMA foreign_keys')[0]?.values[0]?.[0] !== 0) return () => undefined;
  return () => db.run('PRAGMA foreign_keys = ON');
}

/** Below this many rows rebuilding indexes costs more than keeping them up to date. */
const MIN_ROWS_TO_REBUILD_INDEXES = 20_000;

/** Below this many rows a parse worker costs more to start than it saves. */
const MIN_ROWS_FOR_PARSE_WORKER = 20_000;
/** Chunks posted to the parse worker ahead of the one being written. */
const CHUNKS_IN_FLIGHT = 3;

interface DistrictRun {
  firstData: number;
  lastData: number;
  report: ImportReport;
  widths: WidthTally;
  options: ImportOptions;
  progress: Omit<ImportProgress, 'rowsDone'>;
}

/**
 * District rows in chunks: each chunk read into a batch (here, or ahead of
 * time by a parse worker) and the batch written. Cancel is heard and
 * progress reported between chunks.
 */
async function writeDistrictRows(writer: DistrictRowWriter, rows: TableRows, run: DistrictRun): Promise<void> {
  const { firstData, lastData, report, options } = run;
  const sumRowIndex = lastData > firstData && isSumRow(rows, lastData, firstData) ? lastData : -1;
  let lastYield = performance.now();
  const take = async (batch: DistrictBatch, source: 'own' | 'other', end: number): Promise<void> => {
    const outcome = writer.writeBatch(batch, source);
    report.read += batch.read;
    report.accepted += outcome.accepted;
    report.duplicate += outcome.duplicate;
    report.updated += outcome.updated;
    report.rejected += batch.rejects.length;
    for (const reject of batch.rejects) report.rejects.push(reject);
    for (const row of batch.skipped) report.skipped?.push(row);
    addWidths(run.widths, batch.widths);
    if (options.isCancelled?.()) throw cancelledError();
    if (end === rows.rowCount || performance.now() - lastYield >= YIELD_MS) {
      options.onProgress?.({ ...run.progress, rowsDone: end - firstData });
      await yieldToEventLoop();
      lastYield = performance.now();
      if (options.isCancelled?.()) throw cancelledError();
    }
  };
  let start = firstData;
  const worker = rows.rowCount - firstData >= MIN_ROWS_FOR_PARSE_WORKER ? options.parseWorker : undefined;
  if (worker !== undefined && csvChunk(rows, 0, 0) !== null) {
    start = await writeWithParseWorker(worker, writer, rows, { from: firstData, sumRowIndex, take });
  }
  report.readBy = start === firstData ? 'database thread' : 'parse worker';
  const parser = writer.chunkParser();
  for (; start < rows.rowCount; start += CHUNK_ROWS) {
    const end = Math.min(rows.rowCount, start + CHUNK_ROWS);
    // A window on the rows already read: only a worker needs the chunk's text copied out.
    const batch = parser.parseChunk({ rows: new SliceRows(rows, start, end), firstIndex: start, sumRowIndex });
    await take(batch, 'own', end);
  }
}

/** Rows `start` to `end` of a table, as a table. */
class SliceRows implements TableRows {
  constructor(
    private readonly rows: TableRows,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get rowCount(): number {
    return this.end - this.start;
  }

  row(index: number): string[] {
    return index < 0 || index >= this.rowCount ? [] : this.rows.row(this.start + index);
  }

  line(index: number): number {
    return this.rows.line(this.start + index);
  }
}

/**
 * Posts chunks to a parse worker, a few ahead, and writes their batches in
 * order. Returns the row where the database thread must carry on reading
 * itself: the end of the table, or the start when the worker failed before
 * any batch was written (it could not start here). A failure later, or a
 * parse error, fails the import (which rolls back).
 */
async function writeWithParseWorker(
  factory: ParseWorkerFactory,
  writer: DistrictRowWriter,
  rows: TableRows,
  at: { from: number; sumRowIndex: number; take: (batch: DistrictBatch, source: 'own' | 'other', end: number) => Promise<void> },
): Promise<number> {
  let port: ParseWorkerPort;
  try {
    port = factory();
  } catch {
    return at.from;
  }
  const waiting = new Map<number, { resolve: (batch: DistrictBatch) => void; reject: (error: Error) => void }>();
  let failure: Error | null = null;
  const fail = (error: Error): void => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  port.onFailure(fail);
  port.onReply((reply) => {
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.type === 'batch') entry?.resolve(reply.batch);
    else entry?.reject(new Error(reply.message));
  });
  const queue: { end: number; batch: Promise<DistrictBatch> }[] = [];
  let next = at.from;
  const post = (): void => {
    const start = next;
    const end = Math.min(rows.rowCount, start + CHUNK_ROWS);
    next = end;
    const chunk = csvChunk(rows, start, end);
    if (chunk === null) throw new Error('parse worker given rows that are not CSV text');
    const id = start;
    const batch = new Promise<DistrictBatch>((resolve, reject) => {
      if (failure !== null) reject(failure);
      else waiting.set(id, { resolve, reject });
    });
    // The chunk's bytes and index arrays are copies, handed over to the worker.
    port.post({ type: 'chunk', id, chunk, firstIndex: start, sumRowIndex: at.sumRowIndex }, [chunk.bytes.buffer, chunk.starts.buffer, chunk.ends.buffer, chunk.quoted.buffer, chunk.lines.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer));
    // Rejections are read when the batch's turn comes (or never, once the import has failed): not unhandled.
    batch.catch(() => undefined);
    queue.push({ end, batch });
  };
  let written = false;
  try {
    port.post({ type: 'setup', setup: writer.parseSetup() });
    while (queue.length < CHUNKS_IN_FLIGHT && next < rows.rowCount) post();
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      let batch: DistrictBatch;
      try {
        batch = await item.batch;
      } catch (error) {
        if (!written && failure !== null) return at.from;
        throw error;
      }
      if (next < rows.rowCount) post();
      written = true;
      await at.take(batch, 'other', item.end);
    }
    return rows.rowCount;
  } finally {
    port.terminate();
  }
}

/**
 * For a batch large relative to the table, drops the table's secondary
 * indexes (inside the transaction) and returns the statements that rebuild
 * them: sorting n entries once is about twice as fast as n random B-tree
 * inserts per index. Unique constraints stay, so keys are still checked row
 * by row. null when the indexes are kept.
 */
export function deferIndexes(db: Database, table: 'record', incomingRows: number, options: { keyIndex?: boolean } = {}): DeferredIndexes | null {
  if (incomingRows < MIN_ROWS_TO_REBUILD_INDEXES) return null;
  // MAX(id) is an upper bound of the row count, read from the end of the B-tree (COUNT(*) would scan it).
  const existing = Number(db.exec(`SELECT IFNULL(MAX(rowid), 0) FROM ${table}`)[0]?.values[0]?.[0] ?? 0);
  if (incomingRows < existing) return null;
  const indexes = (db.exec("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table])[0]?.values ?? [])
    .map(([name, sql]) => ({ name: String(name), sql: String(sql) }))
    // An index led by import_id only grows at its end during an import: keeping it is cheaper than a rebuild.
    .filter((index) => !/\(\s*"?import_id"?\s*[,)]/i.test(index.sql))
    // The record key index only for a writer that finds keys itself (RecordKeys); files from before it
    // was an index of its own (a UNIQUE column constraint, which cannot be dropped) keep it.
    .filter((index) => options.keyIndex === true || index.name !== RECORD_KEY_INDEX);
  if (indexes.length === 0) return null;
  const keyIndexDropped = indexes.some((index) => index.name === RECORD_KEY_INDEX);
  // The keys already stored, read before their index goes (the read does not need it).
  const recordKeys = keyIndexDropped ? RecordKeys.of(db, existing + incomingRows) : null;
  for (const index of indexes) db.run(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  // The key index first: it is UNIQUE, so a duplicate record fails the import before the others are built.
  indexes.sort((a, b) => Number(b.name === RECORD_KEY_INDEX) - Number(a.name === RECORD_KEY_INDEX));
  return { rebuild: indexes.map((index) => index.sql), recordKeys };
}

/** The record key's unique index (schema.ts). */
const RECORD_KEY_INDEX = 'record_by_key';

export interface DeferredIndexes {
  /** The statements that build the dropped indexes again. */
  rebuild: string[];
  /** Set when the record key index was dropped: the stored records' keys, for the writer. */
  recordKeys: RecordKeys | null;
}

/** Database bytes per byte of a CSV extract (district profiles 1.29, police.uk 0.76, measured at 100k rows). */
const DATABASE_BYTES_PER_CSV_BYTE = 1.3;
/** Below this the file's growth costs little: no room is made. */
const SMALLEST_ROOM = 16 * 1024 * 1024;

/**
 * The workbench to import `files` into: `db` itself, or when the import will
 * at least double the database, the same workbench with room made for it
 * (withRoom; `db` is then closed). Room is made for CSV extracts only: how
 * much a workbook's compressed bytes grow into is not known beforehand.
 */
export function readyForImport(db: Database, SQL: SqlJsStatic, files: readonly ImportFileInput[]): Database {
  const csvBytes = files.reduce((sum, file) => sum + (isXlsxFile(file) ? 0 : file.bytes.length), 0);
  const room = Math.ceil(csvBytes * DATABASE_BYTES_PER_CSV_BYTE);
  const size = Number(db.exec('PRAGMA page_count')[0]?.values[0]?.[0] ?? 0) * Number(db.exec('PRAGMA page_size')[0]?.values[0]?.[0] ?? 0);
  // Making room copies the file twice; growing into it copies it about eight times the growth.
  if (room < SMALLEST_ROOM || room < size) return db;
  const roomy = withRoom(db, SQL, room);
  db.close();
  return roomy;
}

export async function importFiles(
  db: Database,
  files: readonly ImportFileInput[],
  options: ImportOptions = {},
): Promise<ImportReport[]> {
  const now = (options.now ?? new Date()).toISOString();
  const reports: ImportReport[] = [];
  const restore = tuneForBulkWrites(db);
  const restoreForeignKeys = pauseForeignKeys(db);
  db.run('SAVEPOINT import_batch');
  try {
    const tally = beginRecordWrite(db);
    for (const [fileIndex, file] of files.entries()) {
      reports.push(await importOneFile(db, file, fileIndex, files.length, options, now));
    }
    // Derived near-repeat flags (pivot dimension near_repeat) in the same transaction as the records.
    refreshNearRepeatColumn(db, {}, { partOfCallersSavepoint: true });
    // Records per import and source (the workbench info), in the same transaction too.
    finishImportTally(db, tally);
    db.run('RELEASE import_batch');
    return reports;
  } catch (error) {
    db.run('ROLLBACK TO import_batch');
    forgetReads(db);
    db.run('RELEASE import_batch');
    throw error;
  } finally {
    restoreForeignKeys();
    restore();
  }
}

/**
 * A header the workbench cannot read, in a workbook with other sheets: says
 * which sheet was read and names the others (a cover or notes sheet often
 * comes first).
 */
function withSheetHint(error: unknown, table: Table): unknown {
  const others = (table.sheets ?? []).filter((name) => name !== table.sheet);
  if (!(error instanceof WorkbenchError) || others.length === 0) return error;
  if (error.code !== 'needs-mapping' && !(error.code === 'bad-input' && error.field === 'header')) return error;
  const hidden = new Set(table.hiddenSheets ?? []);
  // A hidden sheet (a raw-data sheet behind a summary) is named as such: the analyst sees no tab for it.
  const named = others.map((name) => (hidden.has(name) ? `"${name}" (hidden in Excel)` : `"${name}"`));
  const hint = ` (Sheet "${table.sheet ?? ''}" was read; the workbook's other sheets are ${named.join(', ')}: if the extract is on one of them, choose that sheet.)`;
  return new WorkbenchError({ ...error.toInfo(), message: `${error.message}${hint}` });
}

function cancelledError(): WorkbenchError {
  return new WorkbenchError({ code: 'cancelled', message: 'Import cancelled: the workbench is as it was.' });
}

async function importOneFile(
  db: Database,
  file: ImportFileInput,
  fileIndex: number,
  fileCount: number,
  options: ImportOptions,
  now: string,
): Promise<ImportReport> {
  const table = await readTable(file, options.sheets?.[file.name]);
  const rows = table.rows;
  if (rows.rowCount === 0 || isBlankRow(rows.row(firstNonBlank(rows)))) {
    // An empty sheet (a cover with only a logo) in a workbook of several: a missing header, so another sheet can be chosen.
    if ((table.sheets?.length ?? 0) > 1) {
      throw withSheetHint(new WorkbenchError({ code: 'bad-input', file: file.name, line: 1, field: 'header', message: `${file.name}: sheet "${table.sheet ?? ''}" is empty.` }), table);
    }
    // No line to point at: an empty file has none.
    throw new WorkbenchError({ code: 'bad-input', file: file.name, message: `${file.name} is empty.` });
  }
  const explicit = options.mappings?.[file.name];
  let plan: ImportPlan;
  try {
    plan = planImport(db, table, file.name, options, explicit);
  } catch (error) {
    throw withSheetHint(error, table);
  }
  const warnings = [...table.warnings];
  if (plan.source === 'saved') {
    warnings.push(`${file.name}: ${savedMappingNotice(plan.savedAt ?? '')}`);
  }
  const headerLine = rows.line(plan.headerIndex);
  if (plan.headerIndex > 0) warnings.push(`${file.name}: the header is on line ${headerLine}; the lines above it were skipped.`);
  warnings.push(...duplicateHeaderWarnings(file.name, plan, headerLine));
  if (plan.source === 'explicit' && explicit?.save !== false) {
    saveMapping(db, plan.signature, plan, now);
    warnings.push(`${file.name}: Column mapping saved in this workbench; it will be applied to the next file with this header.`);
  }

  const sha256 = await fileSha256Hex(file.bytes);
  db.run(
    `INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at)
     VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?)`,
    [file.name, file.bytes.length, sha256, plan.kind, now],
  );
  const importId = Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
  const skipped: SkippedRow[] = [];
  const report: ImportReport = {
    file: file.name,
    kind: plan.kind,
    sha256,
    read: 0,
    accepted: 0,
    rejected: 0,
    duplicate: 0,
    updated: 0,
    rejects: [],
    skipped,
    warnings,
    ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
    header: plan.header,
    mapping: plan.mapping,
    mappingSource: plan.source === 'guessed' ? 'explicit' : plan.source,
    ...(plan.savedAt === undefined ? {} : { mappingSavedAt: plan.savedAt }),
  };

  const rowCount = rows.rowCount;
  const firstData = plan.headerIndex + 1;
  const dataRows = rowCount - firstData;
  const writesRecords = plan.kind === 'district' || plan.kind === 'police-uk';
  // Before the writer prepares its statements: a district writer without the key index prepares different ones.
  const deferred = writesRecords ? deferIndexes(db, 'record', dataRows, { keyIndex: plan.kind === 'district' }) : null;
  const context = writerContext(db, plan, table, file.name, options, { importId, warnings });
  if (deferred?.recordKeys) context.recordKeys = deferred.recordKeys;
  let writer: RowWriter;
  try {
    writer = createWriter(plan, context);
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      line: headerLine,
      message: error instanceof Error ? error.message : String(error),
    });
  }

  let lastData = rowCount - 1;
  while (lastData >= firstData && isBlankRow(rows.row(lastData))) lastData--;
  const checkTotals = plan.kind !== 'police-uk';
  const widths = emptyWidths();
  let lastYield = performance.now();
  try {
    const districtWriter = writer instanceof DistrictRowWriter ? writer : null;
    if (districtWriter !== null) {
      await writeDistrictRows(districtWriter, rows, { firstData, lastData, report, widths, options, progress: { file: file.name, fileIndex, fileCount, rowsTotal: dataRows } });
    } else for (let start = firstData; start < rowCount; start += CHUNK_ROWS) {
      if (options.isCancelled?.()) throw cancelledError();
      const end = Math.min(rowCount, start + CHUNK_ROWS);
      for (let index = start; index < end; index++) {
        const row = rows.row(index);
        if (isBlankRow(row)) continue;
        // The physical line where the row starts (past line breaks in quoted cells above it), as the district path counts it.
        const line = rows.line(index);
        if (checkTotals) {
          if (isTotalsRow(row) || (index === lastData && index > firstData && isSumRow(rows, index, firstData))) {
            skipped.push({ line, reason: 'totals row' });
            continue;
          }
          if (isNoteRow(row)) {
            skipped.push({ line, reason: 'note row' });
            continue;
          }
        }
        report.read++;
        const overflow = row.length > plan.header.length ? overflowReject(row, plan.header.length) : null;
        if (overflow !== null) {
          report.rejected++;
          report.rejects.push({ line, field: overflow.field, reason: overflow.reason, values: row });
          continue;
        }
        const outcome = writer.write(row, line);
        tallyWidth(widths, row, plan.header.length, line, outcome.status !== 'rejected');
        if (outcome.status === 'rejected') {
          report.rejected++;
          if (outcome.reject) report.rejects.push(outcome.reject);
        } else report[outcome.status]++;
      }
      if (end === rowCount || performance.now() - lastYield >= YIELD_MS) {
        options.onProgress?.({ file: file.name, fileIndex, fileCount, rowsDone: end - firstData, rowsTotal: dataRows });
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    writer.finish?.();
  } finally {
    writer.close();
    // The keys' table (tens of MB at a million records) is not needed for the index builds.
    delete context.recordKeys;
    if (deferred !== null) deferred.recordKeys = null;
  }
  if (options.isCancelled?.()) throw cancelledError();
  for (const sql of deferred?.rebuild ?? []) {
    db.run(sql);
    // Each index of a million records takes about a second: Cancel is heard in between.
    await yieldToEventLoop();
    if (options.isCancelled?.()) throw cancelledError();
  }
  for (const row of skipped) warnings.push(`${file.name} line ${row.line}: ${row.reason} skipped (not data).`);
  const shifted = shiftedRowsWarning(file.name, widths, plan.header.length);
  if (shifted !== null) warnings.push(shifted);
  for (const reject of report.rejects) {
    noteJoinedLines(reject, rows.row(rowAtLine(rows, reject.line)));
    reject.reason = visibleReason(reject.reason);
  }
  db.run('UPDATE import SET read_rows = ?, accepted = ?, rejected = ?, duplicate = ?, updated = ? WHERE id = ?', [
    report.read,
    report.accepted,
    report.rejected,
    report.duplicate,
    report.updated,
    importId,
  ]);
  return report;
}

/**
 * A rejected row whose quoted cells hold line breaks: says which lines it
 * runs over, as a quote left open joins the lines below into one cell (the
 * reject's line is the row's first; the others are in it, not lost).
 */
function noteJoinedLines(reject: RejectedRow, cells: readonly string[]): void {
  let breaks = 0;
  for (const cell of cells) breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  if (breaks === 0) return;
  reject.reason += ` (this row runs over ${breaks + 1} lines (${reject.line}-${reject.line + breaks}): a quoted cell holds line breaks; if a quote was left open, the lines below were read into it)`;
}

/**
 * Rows with one cell more than the header, an empty one, in a file whose
 * other rows have exactly the header's cells: what a comma inside an
 * unquoted cell leaves when the cell it pushes past the header is blank. No
 * reject can say so (every cell may read as valid where it landed, a flag
 * in the next flag's column), so the analyst is told which rows to check.
 * A file that pads every row (or most) with a trailing comma says nothing.
 */
function shiftedRowsWarning(fileName: string, widths: WidthTally, width: number): string | null {
  if (widths.wider === 0 || widths.exact <= widths.wider) return null;
  const lines = widths.widerLines.join(', ') + (widths.wider > widths.widerLines.length ? ', ...' : '');
  const rows = widths.wider === 1 ? `line ${lines} has` : `${widths.wider.toLocaleString('en-GB')} rows (lines ${lines}) have`;
  return `${fileName}: ${rows} one cell more than the header's ${width}, an empty one, where the other rows have exactly ${width}: a comma inside an unquoted cell moves the cells after it one column along, so check these rows' values (read as they stand).`;
}

/** Header names given to more than one column: the first is read, and the analyst is told which. */
function duplicateHeaderWarnings(fileName: string, plan: ImportPlan, headerLine: number): string[] {
  const columns = new Map<string, number[]>();
  plan.header.forEach((name, index) => {
    const key = fieldKey(name);
    if (key !== '') columns.set(key, [...(columns.get(key) ?? []), index]);
  });
  return [...columns.values()]
    .filter((indexes) => indexes.length > 1)
    .map((indexes) => {
      const letters = indexes.map(columnLetters);
      const named = `${letters.slice(0, -1).join(', ')} and ${letters[letters.length - 1] ?? ''}`;
      return `${fileName} line ${headerLine}: columns ${named} are ${indexes.length === 2 ? 'both' : 'all'} headed "${(plan.header[indexes[0] ?? 0] ?? '').trim()}"; the first (${letters[0] ?? ''}) was read.`;
    });
}

/** Characters a reason would show as nothing (NUL and other controls, a BOM, bidirectional overrides). */
const INVISIBLE = /[\p{Cc}\ufeff\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** A reason with invisible characters written out (<U+0000>): 'not "crime"' for a cell that is not "crime" misleads. Line breaks are kept. */
function visibleReason(reason: string): string {
  return reason.replace(INVISIBLE, (c) => (c === '\n' || c === '\r' || c === '\t' ? c : `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`));
}

/** What the mapping dialog shows before an import. */
export interface ImportPreview {
  file: string;
  kind: ImportKind | null;
  layout: LayoutName | null;
  /** 1-based line of the header row. */
  headerLine: number;
  header: string[];
  /** The first data rows as text (a mapped victim reference column blanked). */
  rows: string[][];
  /** The layout's fields (name, label, required), for the dialog's choices. */
  fields: { name: string; label: string; required: boolean }[];
  required: string[];
  /** The mapping found from the header names. */
  automaticMapping: ColumnMapping;
  /** A mapping saved in this workbench for this header, if any. */
  savedMapping: ColumnMapping | null;
  /** The mapping an import would use now (explicit, saved or automatic). */
  mapping: ColumnMapping;
  missing: string[];
  valueColumns: number[];
  /** The preview rows as the importer would read them with `mapping` (empty until every required field has a column). */
  parsed: PreviewRow[];
  /**
   * Per mapped field, the value each preview row gives it, or why the row
   * would be rejected for it; computed even before every required field has
   * a column, so each choice can be checked as it is made.
   */
  byField: Record<string, FieldReading[]>;
  /** 'guessed': the header matched no layout and `mapping` is a suggestion; 'saved' etc. as for an import. */
  source: ImportPlan['source'] | null;
  /** Why the layout was guessed, when it was. */
  evidence: string[];
  warnings: string[];
  /** XLSX: every sheet's name in workbook order (empty for CSV), so the dialog can offer another. */
  sheets: string[];
  /** XLSX: the sheet these rows were read from (null for CSV). */
  sheet: string | null;
  /** XLSX: each sheet's rows and whether it is hidden in Excel, in workbook order (empty for CSV). */
  sheetSummaries: SheetSummary[];
}

/** One preview row's reading of one field. */
export type FieldReading = { line: number; value: string | number | null } | { line: number; reject: string };

/**
 * Reads a file's header and first rows without importing: the detected
 * kind, the automatic and saved mappings and the parsed values per field.
 * Nothing in the workbench changes.
 */
export async function previewImport(
  db: Database,
  file: ImportFileInput,
  options: { kind?: ImportKind; mapping?: FileMapping; year?: number; now?: Date; sheet?: string | number } = {},
): Promise<ImportPreview> {
  const table = await readTable(file, options.sheet);
  const sheetInfo = { sheets: table.sheets ?? [], sheet: table.sheet ?? null, sheetSummaries: table.sheetSummaries ?? [] };
  const importOptions: ImportOptions = {};
  if (options.kind !== undefined) importOptions.kind = options.kind;
  if (options.year !== undefined) importOptions.year = options.year;
  let plan: ImportPlan;
  try {
    plan = planImport(db, table, file.name, importOptions, options.mapping, true);
  } catch (error) {
    if (!(error instanceof WorkbenchError) || error.code !== 'bad-input') throw error;
    const headerIndex = firstNonBlank(table.rows);
    return {
      file: file.name,
      kind: null,
      layout: null,
      headerLine: table.rows.line(headerIndex),
      header: table.rows.row(headerIndex),
      rows: sliceRows(table.rows, headerIndex + 1, headerIndex + 1 + PREVIEW_ROWS),
      fields: [],
      required: [],
      automaticMapping: {},
      savedMapping: null,
      mapping: {},
      missing: [],
      valueColumns: [],
      parsed: [],
      byField: {},
      source: null,
      evidence: [],
      warnings: [...table.warnings, error.message],
      ...sheetInfo,
    };
  }
  const automatic = detectLayout(sliceRows(table.rows, 0, HEADER_SEARCH_ROWS), plan.kind, optionalFields(file.name, importOptions));
  const saved = savedMapping(db, plan.signature);
  const victimColumn = plan.kind === 'district' ? (plan.mapping.victim_ref ?? -1) : -1;
  const dataRows: string[][] = [];
  for (let index = plan.headerIndex + 1; index < table.rows.rowCount && dataRows.length < PREVIEW_ROWS; index++) {
    const row = table.rows.row(index);
    if (!isBlankRow(row)) dataRows.push(row);
  }
  const parsed: PreviewRow[] = [];
  const byField = readFields(db, table, file.name, plan, options);
  const isComplete = plan.missing.length === 0 && plan.valueColumns.length >= (plan.layout.minValueColumns ?? 0);
  if (isComplete) {
    // Parsing may create the pseudonym key or lookups: undo it all.
    db.run('SAVEPOINT import_preview');
    try {
      const context = writerContext(db, plan, table, file.name, options, { importId: 0, warnings: [] });
      const writer = createWriter(plan, context);
      try {
        for (let index = plan.headerIndex + 1; index < table.rows.rowCount; index++) {
          const row = table.rows.row(index);
          const line = table.rows.line(index);
          if (isBlankRow(row)) continue;
          const preview = writer.preview(row, line);
          if (preview.reject?.values !== undefined) delete preview.reject.values;
          parsed.push(preview);
          if (parsed.length >= PREVIEW_ROWS) break;
        }
      } finally {
        writer.close();
      }
    } catch (error) {
      if (!(error instanceof WorkbenchError)) throw error;
    } finally {
      db.run('ROLLBACK TO import_preview');
      forgetReads(db);
      db.run('RELEASE import_preview');
    }
  }
  return {
    file: file.name,
    kind: plan.kind,
    layout: plan.layout.name,
    headerLine: table.rows.line(plan.headerIndex),
    header: plan.header,
    rows: dataRows.map((row) => row.map((value, i) => (i === victimColumn ? '' : value))),
    fields: plan.layout.fields.map((f) => ({ name: f.name, label: f.label, required: f.required === true })),
    required: plan.layout.fields.filter((f) => f.required === true).map((f) => f.name),
    automaticMapping: automatic?.match.layout.name === plan.layout.name ? automatic.match.mapping : {},
    savedMapping: saved?.columns ?? null,
    mapping: plan.mapping,
    missing: plan.missing,
    valueColumns: plan.valueColumns,
    parsed,
    byField,
    source: plan.source,
    evidence: plan.evidence ?? [],
    warnings: table.warnings,
    ...sheetInfo,
  };
}

/** The context a row writer runs in; previews pass import id 0 and their own header and mapping. */
function writerContext(
  db: Database,
  plan: ImportPlan,
  table: Table,
  fileName: string,
  options: { year?: number; now?: Date },
  at: { importId: number; warnings: string[]; header?: readonly string[]; mapping?: ColumnMapping },
): WriterContext {
  const context: WriterContext = {
    db,
    kind: plan.kind,
    fileName,
    importId: at.importId,
    header: at.header ?? plan.header,
    mapping: at.mapping ?? plan.mapping,
    valueColumns: plan.valueColumns,
    isSpreadsheet: table.isSpreadsheet,
    now: options.now ?? new Date(),
    warnings: at.warnings,
    headerLine: table.rows.line(plan.headerIndex),
  };
  if (options.year !== undefined) context.year = options.year;
  if (table.sheet !== undefined) context.sheet = table.sheet;
  return context;
}

/**
 * Reads every mapped field of the preview rows on its own. Each row gets
 * extra columns: a copy of each mapped field's cell and, for a required
 * field with no column yet, the layout's example value. The writer parses
 * it; a field it rejects is recorded and its copy replaced by the example
 * (or blanked), and the row is parsed again until it passes. Inside a
 * savepoint that is rolled back: nothing in the workbench changes.
 */
function readFields(
  db: Database,
  table: Table,
  fileName: string,
  plan: ImportPlan,
  options: { year?: number; now?: Date },
): Record<string, FieldReading[]> {
  const result: Record<string, FieldReading[]> = {};
  if (plan.kind === 'police-uk') return result;
  const mapped = Object.entries(plan.mapping).filter(([field]) => plan.layout.fields.some((f) => f.name === field));
  if (mapped.length === 0) return result;
  const dataRows: { row: string[]; line: number }[] = [];
  for (let index = plan.headerIndex + 1; index < table.rows.rowCount && dataRows.length < PREVIEW_ROWS; index++) {
    const row = table.rows.row(index);
    if (!isBlankRow(row)) dataRows.push({ row, line: table.rows.line(index) });
  }
  const width = Math.max(plan.header.length, ...dataRows.map((r) => r.row.length));
  const extraFields = [
    ...mapped.map(([field]) => field),
    ...plan.layout.fields.filter((f) => f.required === true && plan.mapping[f.name] === undefined && f.example !== undefined).map((f) => f.name),
  ];
  const mapping: ColumnMapping = Object.fromEntries(extraFields.map((field, i) => [field, width + i]));
  const header = [...plan.header, ...Array<string>(width - plan.header.length).fill(''), ...extraFields];
  const exampleOf = (field: string): string => plan.layout.fields.find((f) => f.name === field && f.required === true)?.example ?? '';
  for (const [field] of mapped) result[field] = [];
  db.run('SAVEPOINT import_field_preview');
  try {
    const context = writerContext(db, plan, table, fileName, options, { importId: 0, warnings: [], header, mapping });
    const writer = createWriter(plan, context);
    try {
      for (const { row, line } of dataRows) {
        const cells = [...row, ...Array<string>(width - row.length).fill(''), ...extraFields.map((field) => {
          const column = plan.mapping[field];
          return column === undefined ? exampleOf(field) : (row[column] ?? '');
        })];
        const rejected = new Map<string, string>();
        for (let attempt = 0; attempt <= extraFields.length; attempt++) {
          const preview = writer.preview(cells, line);
          const reject = preview.reject;
          if (reject === undefined) {
            for (const [field] of mapped) {
              const reason = rejected.get(field);
              result[field]?.push(reason !== undefined ? { line, reject: reason } : { line, value: preview.values[field] ?? null });
            }
            break;
          }
          const column = mapping[reject.field];
          if (column === undefined || rejected.has(reject.field)) {
            // A reject the fields cannot explain (or one that does not clear): every field shows it.
            for (const [field] of mapped) result[field]?.push({ line, reject: rejected.get(field) ?? reject.reason });
            break;
          }
          rejected.set(reject.field, reject.reason);
          cells[column] = exampleOf(reject.field);
        }
      }
    } finally {
      writer.close();
    }
  } catch (error) {
    if (!(error instanceof WorkbenchError)) throw error;
  } finally {
    db.run('ROLLBACK TO import_field_preview');
    forgetReads(db);
    db.run('RELEASE import_field_preview');
  }
  return result;
}
