/**
 * Every message between the UI and the database worker. Commands are named
 * `domain/verb`; `send<K>` on the client infers argument and result types
 * from this map. Errors come back as values, never as a throw across the
 * boundary. Pushed events (import progress) have their own map.
 */
import type { WorkbenchErrorInfo } from './errors';
import type { ImportFileInput, ImportKind, ImportProgress, ImportReport } from './import/types';
import type { WorkbenchInfo } from './info';
import type { DrillThroughPage, DrillThroughRequest } from './pivot/drill-through';
import type { PivotResult } from './pivot/run-pivot';
import type { PivotSpec } from './pivot/spec';
import type { ChartKind, SavedView } from './views';

export interface WorkerCommands {
  'workbench/new': { args: Record<string, never>; result: WorkbenchInfo };
  /** Opens workbench bytes; on failure the current workbench stays open. */
  'workbench/open': { args: { bytes: Uint8Array; fileName: string }; result: WorkbenchInfo };
  /** The bytes to save (transferred, not copied). */
  'workbench/export': { args: Record<string, never>; result: Uint8Array };
  'workbench/info': { args: Record<string, never>; result: WorkbenchInfo };
  /** One transaction for all files: failure or Cancel changes nothing. */
  'import/files': { args: { files: ImportFileInput[]; kind?: ImportKind }; result: ImportReport[] };
  'import/remove': { args: { importId: number }; result: { removed: number } };
  'pivot/run': { args: { spec: PivotSpec }; result: PivotResult };
  /** The records behind one cell, a page at a time; the total equals the cell's count. */
  'pivot/drill': { args: DrillThroughRequest; result: DrillThroughPage };
  'views/list': { args: Record<string, never>; result: SavedView[] };
  'views/save': { args: { name: string; spec: PivotSpec; chart: ChartKind }; result: SavedView[] };
  'views/delete': { args: { name: string }; result: SavedView[] };
}
export type CommandName = keyof WorkerCommands;
export type CommandArgs<K extends CommandName> = WorkerCommands[K]['args'];
export type CommandResult<K extends CommandName> = WorkerCommands[K]['result'];

export interface WorkerEvents {
  'import/progress': ImportProgress;
}
export type EventName = keyof WorkerEvents;

export type WorkerRequest =
  | { [K in CommandName]: { type: 'request'; id: number; name: K; args: CommandArgs<K> } }[CommandName]
  /** Cancels the request with this id if it is still running (imports check between chunks). */
  | { type: 'cancel'; id: number };

export type WorkerResponse =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: WorkbenchErrorInfo }
  | { [E in EventName]: { type: 'event'; requestId: number; name: E; payload: WorkerEvents[E] } }[EventName];

/** Commands after which the workbench has unsaved changes. */
export const MODIFYING_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'import/files',
  'import/remove',
  'views/save',
  'views/delete',
]);
