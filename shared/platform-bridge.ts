/**
 * The one typed bridge between the renderer and the platform. Two
 * implementations: Electron (preload IPC, `electron/preload.ts`) and the
 * browser (file input and downloads, `renderer/src/platform/browser.ts`).
 * The renderer never touches `window.require`, IPC or the DOM file APIs
 * except through this interface.
 */

/** Commands the application menu (or the browser's toolbar) sends to the renderer. */
export const MENU_COMMANDS = ['new', 'open', 'save', 'save-as', 'import', 'export-csv', 'export-xlsx', 'close-requested'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface FileBytes {
  /** The file's name without its folder, for titles and provenance. */
  name: string;
  /** Full path on disk (Electron), or null when the platform has none (browser). */
  path: string | null;
  bytes: Uint8Array;
  /** True when the file on disk is read-only (Electron): saving over it is refused, Save As writes a copy. */
  readOnly?: boolean;
}

export interface SavedFile {
  name: string;
  path: string | null;
}

/**
 * Unsaved work kept aside while the analyst works, so a crash, a power cut
 * or a forced close loses a minute at most: the workbench's bytes, the file
 * they came from, and when they were kept.
 */
export interface RecoveryCopy {
  /** The workbench's file name when it was kept (e.g. "Mansfield.workbench", or "Untitled.workbench"). */
  name: string;
  /** Where it was last saved, if anywhere (shown to the analyst; never written to without asking). */
  path: string | null;
  /** When it was kept (ISO 8601). */
  keptAt: string;
  bytes: Uint8Array;
}

export interface PlatformBridge {
  readonly kind: 'electron' | 'browser';
  /** Asks for a workbench file to open; null when the analyst cancels. */
  openWorkbench(): Promise<FileBytes | null>;
  /**
   * Writes workbench bytes. With a path and `saveAs` false it overwrites that
   * file atomically; otherwise it asks where. Null when the analyst cancels.
   */
  saveWorkbench(bytes: Uint8Array, options: { path: string | null; suggestedName: string; saveAs: boolean }): Promise<SavedFile | null>;
  /** Asks for extract files to import; null when the analyst cancels. */
  pickImportFiles(): Promise<FileBytes[] | null>;
  /** Saves an export (CSV, PNG, SVG, ...); false when the analyst cancels. */
  saveExport(data: Uint8Array | string, options: { suggestedName: string; mimeType: string }): Promise<boolean>;
  /**
   * A print-ready HTML page (a profile) to PDF: Electron prints it with
   * printToPDF and asks where to save the PDF; the browser offers the page
   * as a download and opens the print dialog on it. False when cancelled.
   */
  printToPdf(html: string, options: { suggestedName: string }): Promise<boolean>;
  /** Window title, with the unsaved-changes mark already applied by the caller. */
  setTitle(title: string): void;
  /** Tells the platform whether there are unsaved changes (close prompts on them). */
  setDocumentEdited(isEdited: boolean): void;
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Subscribes to files the OS or the command line asks the app to open. */
  onOpenFile(listener: (file: FileBytes) => void): () => void;
  /** Closes the window after the renderer has dealt with unsaved changes. */
  closeWindow(): void;
  /**
   * Keeps a copy of unsaved work in the platform's own storage (Electron: the
   * user's app data folder, written atomically; browser: IndexedDB), replacing
   * the copy kept before. One copy at a time.
   */
  keepRecoveryCopy(bytes: Uint8Array, file: { name: string; path: string | null }): Promise<void>;
  /** The copy kept and never cleared (the app ended with unsaved work), or null. */
  readRecoveryCopy(): Promise<RecoveryCopy | null>;
  /** Removes the copy: the work was saved or discarded. */
  clearRecoveryCopy(): Promise<void>;
}

/** Channel names for Electron IPC (main <-> preload). */
export const IPC = {
  openWorkbench: 'workbench:open',
  saveWorkbench: 'workbench:save',
  pickImportFiles: 'import:pick',
  saveExport: 'export:save',
  setTitle: 'window:set-title',
  setDocumentEdited: 'window:set-edited',
  closeWindow: 'window:close',
  menuCommand: 'menu:command',
  openFile: 'workbench:open-file',
  printToPdf: 'export:print-pdf',
  keepRecoveryCopy: 'recovery:keep',
  readRecoveryCopy: 'recovery:read',
  clearRecoveryCopy: 'recovery:clear',
} as const;
