/**
 * Every message between the UI and the database worker. Commands are named
 * `domain/verb`; `send<K>` on the client infers argument and result types
 * from this map. Errors come back as values, never as a throw across the
 * boundary. Pushed events (import progress) have their own map.
 */
import type { FlagsProgress, FlagsResult, SeriesRequest } from './analytics/flags';
import type { NearRepeatColumnSummary, NearRepeatFlagSettings, NearRepeatFlagState } from './analytics/near-repeat-column';
import type { NearRepeatOutput, NearRepeatRequest, RepeatLocationsOutput, RepeatLocationsRequest, RepeatsRequest, RepeatsRow, TopVictim, TopVictimsRequest } from './analytics/repeats-store';
import type { ChartOption, ChartText } from './charts/theme';
import type { AnalysisData, ChartAnalysis } from './charts/analysis-chart';
import type { IquantaCatalogue } from './charts/iquanta-store';
import type { WorkbenchErrorInfo } from './errors';
import type { PlannedItem, RenderedImage } from './profile/plan';
import type { NewProfileItem, Profile } from './profile/store';
import type { SurveyRequest, SurveyResult, WaveChange } from './survey/analyse';
import type { SurveyQuery } from './survey/store';
import type { AgeBand, StoredAgeBand } from './age-bands';
import type { ImportPreview } from './import/import-files';
import type { FileMapping, ImportFileInput, ImportKind, ImportProgress, ImportReport } from './import/types';
import type { SheetSummary } from './import/table';
import type { CrimeTypeGroup } from './offence-groups';
import type { ImportChanges, WorkbenchInfo } from './info';
import type { DrillCsvRequest, DrillThroughPage, DrillThroughRequest } from './pivot/drill-through';
import type { PivotResult } from './pivot/run-pivot';
import type { PivotSpec } from './pivot/spec';
import type { ChartKind, SavedView, ViewSort } from './views';

export interface WorkerCommands {
  'workbench/new': { args: Record<string, never>; result: WorkbenchInfo };
  /** Opens workbench bytes; on failure the current workbench stays open. */
  'workbench/open': { args: { bytes: Uint8Array; fileName: string }; result: WorkbenchInfo };
  /** The bytes to save (transferred, not copied). */
  'workbench/export': { args: Record<string, never>; result: Uint8Array };
  'workbench/info': { args: Record<string, never>; result: WorkbenchInfo };
  /** One transaction for all files: failure or Cancel changes nothing. */
  /**
   * `mappings`: per file name, the columns the analyst chose (saved in the
   * workbench for the next file with that header); `year`: the mid-year of
   * population files that do not say it; `sheets`: per file name, the XLSX
   * sheet to read (name or 1-based number). A file whose required fields have
   * no column fails with code 'needs-mapping' and the header and preview.
   */
  'import/files': {
    args: { files: ImportFileInput[]; kind?: ImportKind; mappings?: Record<string, FileMapping>; year?: number; sheets?: Record<string, string | number> };
    result: ImportReport[];
  };
  /** Reads one file's header and first rows without importing, for the mapping dialog. */
  'import/preview': {
    args: { file: ImportFileInput; kind?: ImportKind; mapping?: FileMapping; year?: number; sheet?: string | number };
    result: ImportPreview;
  };
  'import/remove': { args: { importId: number }; result: { removed: number; restored: number } };
  /** What one import's updates changed, the most common changes first (the Data panel's What changed). */
  'import/changes': { args: { importId: number }; result: ImportChanges };
  /** An XLSX workbook's sheets with their rows, for choosing before an import (empty for CSV). */
  'import/sheets': { args: { file: ImportFileInput }; result: SheetSummary[] };
  'pivot/run': { args: { spec: PivotSpec }; result: PivotResult };
  /** Crime types with their Home Office offence group (null = not mapped). */
  'offence-groups/list': { args: Record<string, never>; result: CrimeTypeGroup[] };
  'offence-groups/set': { args: { crimeType: string; group: string | null }; result: CrimeTypeGroup[] };
  'age-bands/list': { args: Record<string, never>; result: StoredAgeBand[] };
  /** Replaces the victim age band set; records with an age are banded again. */
  'age-bands/set': { args: { bands: AgeBand[] }; result: StoredAgeBand[] };
  /** The records behind one cell, a page at a time; the total equals the cell's count. */
  'pivot/drill': { args: DrillThroughRequest; result: DrillThroughPage };
  /** Every record behind one cell as a CSV file's text, with progress and Cancel. */
  'pivot/drill-csv': { args: DrillCsvRequest; result: { csv: string; count: number } };
  /** Seasonality, trend and exception flags for every series of the request (BH-adjusted). */
  'flags/run': { args: SeriesRequest; result: FlagsResult };
  /** Repeat victims per series for a group and window (victims only as pseudonyms), with progress and Cancel. */
  'repeats/run': { args: RepeatsRequest; result: RepeatsRow[] };
  /** The Knox near-repeat test, with progress and Cancel. */
  'near-repeat/run': { args: NearRepeatRequest; result: NearRepeatOutput };
  /** The most-repeated victims by pseudonym with their records (personal data: the UI warns before export). */
  'repeats/top-victims': { args: TopVictimsRequest; result: TopVictim[] };
  /** Places victimised again within the window, top N. */
  'repeats/locations': { args: RepeatLocationsRequest; result: RepeatLocationsOutput };
  /** Refills the near_repeat pivot dimension with these settings (kept in the workbench). */
  'near-repeat/flags': { args: Partial<NearRepeatFlagSettings>; result: NearRepeatColumnSummary };
  /** The settings the workbench's near-repeat flags were made with, when they were chosen, and the counts. */
  'near-repeat/flag-settings': { args: Record<string, never>; result: NearRepeatFlagState };
  /** A saved view's chart as a themed option (null for table views); the UI calls setOption on it. */
  'chart/view': { args: { name: string; width?: number; text?: Partial<ChartText> }; result: ChartOption | null };
  'survey/questions': { args: Record<string, never>; result: string[] };
  /** The waves (survey years) held, oldest first. */
  'survey/waves': { args: Record<string, never>; result: number[] };
  'survey/run': { args: { query: SurveyQuery; request: SurveyRequest }; result: SurveyResult[] };
  'survey/change': {
    args: { query: SurveyQuery; request: SurveyRequest; fromWave: number; toWave: number };
    result: WaveChange[];
  };
  'profile/list': { args: Record<string, never>; result: ProfileSummary[] };
  'profile/get': { args: { name: string }; result: Profile };
  'profile/add-item': { args: { name: string; item: NewProfileItem }; result: Profile };
  'profile/move-item': { args: { name: string; itemId: number; position: number }; result: Profile };
  'profile/edit-item': { args: { name: string; itemId: number; caption?: string | null; text?: string }; result: Profile };
  'profile/remove-item': { args: { name: string; itemId: number }; result: Profile };
  'profile/delete': { args: { name: string }; result: ProfileSummary[] };
  /** Items with chart options; the UI renders 'chart' items to PNG (canvas, pixelRatio = chartSize('a4').scale). */
  'profile/plan': { args: { name: string; width?: number; suppression?: boolean }; result: PlannedItem[] };
  /**
   * images: PNGs by plan index for the 'chart' items, drawn from the last
   * 'profile/plan' for the same name, width and suppression, which the
   * document reuses. Refused ('bad-input') when images are given but that
   * plan is gone (the profile or the data changed since): export again.
   */
  'profile/docx': { args: { name: string; images: Record<number, RenderedImage>; suppression: boolean; width?: number }; result: Uint8Array };
  /** The same document as a print-ready HTML page (for PDF through print-to-PDF); args as 'profile/docx'. */
  'profile/html': { args: { name: string; images: Record<number, RenderedImage>; suppression: boolean; width?: number }; result: string };
  /** A chart that is not a pivot (age profile, iQuanta comparison), with disclosure control when asked. */
  'chart/analysis': { args: { chart: ChartAnalysis }; result: AnalysisData };
  'iquanta/catalogue': { args: Record<string, never>; result: IquantaCatalogue };
  'views/list': { args: Record<string, never>; result: SavedView[] };
  'views/save': { args: { name: string; spec: PivotSpec; chart: ChartKind; sort?: ViewSort }; result: SavedView[] };
  'views/delete': { args: { name: string }; result: SavedView[] };
}
export interface ProfileSummary {
  name: string;
  items: number;
  modifiedAt: string;
}

export type CommandName = keyof WorkerCommands;
export type CommandArgs<K extends CommandName> = WorkerCommands[K]['args'];
export type CommandResult<K extends CommandName> = WorkerCommands[K]['result'];

export interface WorkerEvents {
  'flags/progress': FlagsProgress;
  'near-repeat/progress': { done: number; total: number };
  'import/progress': ImportProgress;
  /** Repeat victims, top victims, repeat locations and the near-repeat flag refill. */
  'repeats/progress': { done: number; total: number };
  /** A profile's disclosure control, once a round: the rounds of partners so far, and the figures withheld of those published together. */
  'profile/progress': { round: number; withheld: number; figures: number };
  /** A drill-through export: records written so far of the cell's. */
  'drill/progress': { done: number; total: number };
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
  'offence-groups/set',
  'age-bands/set',
  'views/save',
  'views/delete',
  'profile/add-item',
  'profile/move-item',
  'profile/edit-item',
  'profile/remove-item',
  'profile/delete',
  'near-repeat/flags',
]);
