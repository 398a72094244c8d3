/**
 * PlatformBridge for a plain browser tab (`npm run web`, Playwright): files
 * come from hidden file inputs, saves are downloads, and menu commands come
 * from the in-page toolbar.
 */
import type { FileBytes, MenuCommand, PlatformBridge, SavedFile } from '../../../shared/platform-bridge';
import { clearRecoveryCopy, keepRecoveryCopy, readRecoveryCopy } from './recovery-idb';

/** Stable test ids of the hidden inputs, so tests can set files on them directly. */
export const BROWSER_INPUT_TEST_IDS = {
  open: 'open-workbench-input',
  import: 'import-files-input',
} as const;

async function readFile(file: File): Promise<FileBytes> {
  return { name: file.name, path: null, bytes: new Uint8Array(await file.arrayBuffer()) };
}

function hiddenInput(testId: string, accept: string, isMultiple: boolean): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = accept;
  input.multiple = isMultiple;
  input.hidden = true;
  input.tabIndex = -1;
  input.dataset.testid = testId;
  document.body.append(input);
  return input;
}

function download(data: Blob, name: string): void {
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: Chromium starts the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A file input that either answers a pending pick (toolbar button) or, when
 * files arrive unasked (a test setting files, a stale dialog), hands them to
 * `onUnasked`.
 */
class FilePicker {
  private resolvePending: ((files: FileBytes[] | null) => void) | null = null;
  readonly input: HTMLInputElement;

  constructor(testId: string, accept: string, isMultiple: boolean, onUnasked: (files: FileBytes[]) => void) {
    this.input = hiddenInput(testId, accept, isMultiple);
    this.input.addEventListener('change', () => {
      const chosen = Array.from(this.input.files ?? []);
      // Clearing lets the same file be chosen twice in a row.
      this.input.value = '';
      void Promise.all(chosen.map(readFile)).then((files) => {
        const resolve = this.resolvePending;
        this.resolvePending = null;
        if (resolve) resolve(files.length > 0 ? files : null);
        else if (files.length > 0) onUnasked(files);
      });
    });
    this.input.addEventListener('cancel', () => this.settle(null));
  }

  pick(): Promise<FileBytes[] | null> {
    this.settle(null);
    return new Promise((resolve) => {
      this.resolvePending = resolve;
      this.input.click();
    });
  }

  private settle(files: FileBytes[] | null): void {
    const resolve = this.resolvePending;
    this.resolvePending = null;
    resolve?.(files);
  }
}

export function createBrowserPlatform(): PlatformBridge {
  const menuListeners = new Set<(command: MenuCommand) => void>();
  const openListeners = new Set<(file: FileBytes) => void>();
  // Files put on the import input without a pick in progress wait here for the 'import' command to collect them.
  let queuedImport: FileBytes[] | null = null;
  let isEdited = false;

  const openPicker = new FilePicker(BROWSER_INPUT_TEST_IDS.open, '.workbench,.sqlite,.db,application/vnd.sqlite3', false, (files) => {
    const file = files[0];
    if (file) for (const listener of openListeners) listener(file);
  });
  const importPicker = new FilePicker(BROWSER_INPUT_TEST_IDS.import, '.csv,text/csv', true, (files) => {
    queuedImport = files;
    for (const listener of menuListeners) listener('import');
  });

  window.addEventListener('beforeunload', (event) => {
    if (!isEdited) return;
    // The browser shows its own "Leave site?" prompt; the text is not customisable.
    event.preventDefault();
  });

  return {
    kind: 'browser',
    async openWorkbench() {
      const files = await openPicker.pick();
      return files?.[0] ?? null;
    },
    saveWorkbench(bytes, options): Promise<SavedFile | null> {
      // A browser cannot overwrite a file in place: every save is a download.
      download(new Blob([bytes.slice()], { type: 'application/vnd.sqlite3' }), options.suggestedName);
      return Promise.resolve({ name: options.suggestedName, path: null });
    },
    pickImportFiles() {
      if (queuedImport !== null) {
        const files = queuedImport;
        queuedImport = null;
        return Promise.resolve(files);
      }
      return importPicker.pick();
    },
    saveExport(data, options) {
      const part = typeof data === 'string' ? data : data.slice();
      download(new Blob([part], { type: options.mimeType }), options.suggestedName);
      return Promise.resolve(true);
    },
    printToPdf(html, options) {
      // The page itself is the print-ready document: offered as a download (open it and print to PDF
      // any time), and printed now from a hidden frame, so the browser's dialog offers "Save as PDF".
      download(new Blob([html], { type: 'text/html' }), options.suggestedName.replace(/\.pdf$/i, '') + '.html');
      const frame = document.createElement('iframe');
      frame.hidden = true;
      frame.setAttribute('sandbox', 'allow-modals allow-same-origin');
      frame.srcdoc = html;
      frame.addEventListener('load', () => {
        frame.contentWindow?.print();
        setTimeout(() => frame.remove(), 60_000);
      });
      document.body.append(frame);
      return Promise.resolve(true);
    },
    setTitle(title) {
      document.title = title;
    },
    setDocumentEdited(edited) {
      isEdited = edited;
    },
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
    onOpenFile(listener) {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
    closeWindow() {
      window.close();
    },
    keepRecoveryCopy,
    readRecoveryCopy,
    clearRecoveryCopy,
  };
}
