/**
 * The Electron main process: thin wiring of the tested modules beside it.
 * One instance, one window, the renderer served from app://workbench/, and
 * nothing that touches the network (no auto-update, no telemetry, no
 * remote content).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import path from 'node:path';

import { WorkbenchError } from '../shared/errors';
import type { FileBytes, MenuCommand, SavedFile } from '../shared/platform-bridge';
import { IPC } from '../shared/platform-bridge';
import { createAppProtocolHandler } from './app-protocol';
import { findWorkbenchPathInArgv } from './argv';
import type { CloseGuard } from './close-guard';
import { createCloseGuard } from './close-guard';
import { ensureWorkbenchExtension, exportFilters, IMPORT_FILTERS, WORKBENCH_FILTERS } from './dialog-options';
import { describeFileError, readWorkbenchFile, writeFileAtomic } from './file-io';
import { parseKeepRecoveryArgs, parsePrintToPdfArgs, parseSaveExportArgs, parseSaveWorkbenchArgs, toIpcResult } from './ipc-contract';
import { printHtmlToPdf } from './print-pdf';
import { buildMenuTemplate } from './menu';
import { createPathGrants } from './path-grants';
import { createRecentFilesStore } from './recent-files';
import { recoveryStore } from './recovery-store';
import type { TrustOptions } from './security';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  contentSecurityPolicy,
  createWebPreferences,
  hardenSession,
  installWebContentsHardening,
  isTrustedUrl,
  parseDevServerOrigin,
} from './security';

const isMac = process.platform === 'darwin';
// The dev server is honoured only unpackaged, so a shipped build can never be pointed elsewhere.
const devServerUrl = app.isPackaged ? undefined : process.env.VITE_DEV_SERVER_URL;
const trust: TrustOptions = { devServerOrigin: parseDevServerOrigin(devServerUrl) };
const isDev = trust.devServerOrigin !== null;

// Must happen before `ready`: a standard, secure scheme gets a real origin, fetch() and streaming (wasm).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();
installWebContentsHardening(app, trust);

interface MainWindowState {
  window: BrowserWindow;
  guard: CloseGuard;
  isLoaded: boolean;
}

let main: MainWindowState | null = null;
const pendingOpenPaths: string[] = [];
const pathGrants = createPathGrants();
let recentFiles: string[] = [];

function recentStore(): ReturnType<typeof createRecentFilesStore> {
  // userData is only final once `ready` has fired, so the store is created lazily.
  return createRecentFilesStore(app.getPath('userData'));
}

/** Unsaved work kept aside (electron/recovery-store.ts), in the same folder as the recent files. */
function recovery(): ReturnType<typeof recoveryStore> {
  return recoveryStore(path.join(app.getPath('userData'), 'Recovery'));
}

function showError(title: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const options = { type: 'error', title, message: title, detail: message } as const;
  if (main === null) void dialog.showMessageBox(options);
  else void dialog.showMessageBox(main.window, options);
}

function sendMenuCommand(command: MenuCommand): void {
  if (main === null) {
    createMainWindow();
    return;
  }
  main.window.webContents.send(IPC.menuCommand, command);
}

function refreshMenu(): void {
  const template = buildMenuTemplate({
    appName: app.getName(),
    isMac,
    isDev,
    recentFiles,
    onCommand: sendMenuCommand,
    onOpenRecent: (filePath) => void openPathInWindow(filePath),
    onClearRecent: () => void updateRecent((store) => store.clear()),
    onAbout: showAbout,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function updateRecent(change: (store: ReturnType<typeof createRecentFilesStore>) => Promise<string[]>): Promise<void> {
  try {
    recentFiles = await change(recentStore());
  } catch {
    // The recent list is a convenience; failing to store it must not fail an open or a save.
  }
  refreshMenu();
}

function showAbout(): void {
  const options = {
    type: 'info',
    title: `About ${app.getName()}`,
    message: app.getName(),
    detail: `Version ${app.getVersion()}\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}\n\nWorks offline: no data leaves this computer.`,
  } as const;
  if (main === null) void dialog.showMessageBox(options);
  else void dialog.showMessageBox(main.window, options);
}

/** Opens a file the OS, the command line or the recent list asked for, once the renderer can receive it. */
async function openPathInWindow(filePath: string): Promise<void> {
  if (main === null || !main.isLoaded) {
    pendingOpenPaths.push(filePath);
    if (main === null && app.isReady()) createMainWindow();
    return;
  }
  const target = main;
  let file: FileBytes;
  try {
    file = await readWorkbenchFile(filePath);
  } catch (error) {
    showError('Could not open the workbench', error);
    if (error instanceof WorkbenchError && error.code === 'not-found') await updateRecent((store) => store.remove(filePath));
    return;
  }
  pathGrants.grant(filePath);
  target.window.webContents.send(IPC.openFile, file);
  if (target.window.isMinimized()) target.window.restore();
  target.window.focus();
  await updateRecent((store) => store.add(filePath));
}

function flushPendingOpens(): void {
  for (const filePath of pendingOpenPaths.splice(0)) void openPathInWindow(filePath);
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: app.getName(),
    backgroundColor: '#ffffff',
    webPreferences: createWebPreferences(path.join(app.getAppPath(), 'dist-electron', 'preload.cjs'), { isDev }),
  });
  const state: MainWindowState = { window, guard: createCloseGuard(), isLoaded: false };
  main = state;

  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-finish-load', () => {
    state.isLoaded = true;
    flushPendingOpens();
  });
  window.webContents.on('render-process-gone', () => state.guard.noteRendererGone());
  window.on('unresponsive', () => state.guard.setRendererResponsive(false));
  window.on('responsive', () => state.guard.setRendererResponsive(true));

  window.on('close', (event) => {
    const decision = state.guard.onCloseRequested();
    if (decision === 'close') return;
    event.preventDefault();
    // Cancelling also cancels a quit in progress; the renderer's closeWindow resumes it via window-all-closed / 'closed'.
    if (decision === 'ask-renderer') {
      window.webContents.send(IPC.menuCommand, 'close-requested' satisfies MenuCommand);
      return;
    }
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      buttons: ['Close without saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'The workbench is not responding.',
      detail: 'If you close it now, unsaved changes will be lost.',
    });
    if (choice === 0) {
      state.guard.approveClose();
      window.close();
    }
  });
  window.on('closed', () => {
    if (main === state) main = null;
    // macOS keeps apps running without windows, except when the close came from Quit.
    if (isMac && state.guard.isQuitRequested) app.quit();
  });

  void window.loadURL(devServerUrl !== undefined && isDev ? devServerUrl : APP_ENTRY_URL);
  return window;
}

/** Only the main window's own page may use the bridge; anything else (a stray frame, DevTools) is refused. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return main !== null && event.sender === main.window.webContents && isTrustedUrl(event.senderFrame?.url ?? '', trust);
}

function handle(channel: string, handler: (window: MainWindowState, ...args: unknown[]) => unknown): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    const state = main;
    if (state === null || !isTrustedSender(event)) {
      return { ok: false, error: { code: 'internal', message: 'Refused a request from an untrusted page.' } };
    }
    return toIpcResult(() => handler(state, ...args));
  });
}

async function writeOrExplain(filePath: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(filePath, bytes);
  } catch (error) {
    throw new WorkbenchError(describeFileError(error, filePath, 'write'));
  }
}

function registerIpcHandlers(): void {
  handle(IPC.openWorkbench, async ({ window }): Promise<FileBytes | null> => {
    const result = await dialog.showOpenDialog(window, {
      title: 'Open workbench',
      properties: ['openFile'],
      filters: WORKBENCH_FILTERS,
    });
    const [filePath] = result.filePaths;
    if (result.canceled || filePath === undefined) return null;
    const file = await readWorkbenchFile(filePath);
    pathGrants.grant(filePath);
    await updateRecent((store) => store.add(filePath));
    return file;
  });

  handle(IPC.saveWorkbench, async ({ window }, bytes, options): Promise<SavedFile | null> => {
    const args = parseSaveWorkbenchArgs(bytes, options);
    if (args === null) throw new WorkbenchError({ code: 'bad-input', message: 'The save request was malformed.' });
    // Overwrite silently only a file the analyst chose; anything else goes through the dialog.
    let target = !args.saveAs && args.path !== null && pathGrants.isGranted(args.path) ? args.path : null;
    if (target === null) {
      const folder = args.path === null ? app.getPath('documents') : path.dirname(args.path);
      const result = await dialog.showSaveDialog(window, {
        title: 'Save workbench',
        defaultPath: path.join(folder, ensureWorkbenchExtension(args.suggestedName)),
        filters: WORKBENCH_FILTERS,
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (result.canceled || result.filePath === undefined || result.filePath === '') return null;
      target = ensureWorkbenchExtension(result.filePath);
    }
    await writeOrExplain(target, args.bytes);
    pathGrants.grant(target);
    await updateRecent((store) => store.add(target));
    return { name: path.basename(target), path: target };
  });

  handle(IPC.pickImportFiles, async ({ window }): Promise<FileBytes[] | null> => {
    const result = await dialog.showOpenDialog(window, {
      title: 'Import extracts',
      properties: ['openFile', 'multiSelections'],
      filters: IMPORT_FILTERS,
    });
    if (result.canceled || result.filePaths.length === 0) return null;
    const files: FileBytes[] = [];
    // One at a time: extracts can be hundreds of megabytes each.
    for (const filePath of result.filePaths) files.push(await readWorkbenchFile(filePath));
    return files;
  });

  handle(IPC.saveExport, async ({ window }, data, options): Promise<boolean> => {
    const args = parseSaveExportArgs(data, options);
    if (args === null) throw new WorkbenchError({ code: 'bad-input', message: 'The export request was malformed.' });
    const result = await dialog.showSaveDialog(window, {
      title: 'Export',
      defaultPath: path.join(app.getPath('documents'), args.suggestedName),
      filters: exportFilters(args.suggestedName, args.mimeType),
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (result.canceled || result.filePath === undefined || result.filePath === '') return false;
    const bytes = typeof args.data === 'string' ? new TextEncoder().encode(args.data) : args.data;
    await writeOrExplain(result.filePath, bytes);
    return true;
  });

  handle(IPC.printToPdf, async ({ window }, html, options): Promise<boolean> => {
    const args = parsePrintToPdfArgs(html, options);
    if (args === null) throw new WorkbenchError({ code: 'bad-input', message: 'The print request was malformed.' });
    const pdf = await printHtmlToPdf(args.html);
    const result = await dialog.showSaveDialog(window, {
      title: 'Export PDF',
      defaultPath: path.join(app.getPath('documents'), args.suggestedName),
      filters: exportFilters(args.suggestedName, 'application/pdf'),
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (result.canceled || result.filePath === undefined || result.filePath === '') return false;
    await writeOrExplain(result.filePath, pdf);
    return true;
  });

  handle(IPC.setTitle, ({ window }, title) => {
    if (typeof title === 'string') window.setTitle(title.slice(0, 300));
    return null;
  });

  handle(IPC.setDocumentEdited, ({ window, guard }, isEdited) => {
    if (typeof isEdited !== 'boolean') return null;
    guard.setEdited(isEdited);
    if (isMac) window.setDocumentEdited(isEdited);
    return null;
  });

  handle(IPC.closeWindow, ({ window, guard }) => {
    guard.approveClose();
    window.close();
    return null;
  });

  handle(IPC.keepRecoveryCopy, async (_state, bytes, file) => {
    const args = parseKeepRecoveryArgs(bytes, file);
    if (args === null) throw new WorkbenchError({ code: 'bad-input', message: 'The recovery copy request was malformed.' });
    await recovery().keep(args.bytes, args.file);
    return null;
  });

  handle(IPC.readRecoveryCopy, () => recovery().read());

  handle(IPC.clearRecoveryCopy, async () => {
    await recovery().clear();
    return null;
  });
}

function startFirstInstance(): void {
  const argvPath = findWorkbenchPathInArgv(process.argv, { isDefaultApp: process.defaultApp === true, cwd: process.cwd() });
  if (argvPath !== null) pendingOpenPaths.push(argvPath);

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const filePath = findWorkbenchPathInArgv(argv, { isDefaultApp: process.defaultApp === true, cwd: workingDirectory });
    if (main === null) {
      if (app.isReady()) createMainWindow();
    } else {
      if (main.window.isMinimized()) main.window.restore();
      main.window.focus();
    }
    if (filePath !== null) void openPathInWindow(filePath);
  });

  // macOS sends files (Finder double-click, dock drop) this way, possibly before `ready`.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    void openPathInWindow(filePath);
  });

  app.on('before-quit', () => main?.guard.noteQuitRequested());

  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });

  app.on('activate', () => {
    if (main === null && app.isReady()) createMainWindow();
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession, trust);
      protocol.handle(
        APP_SCHEME,
        createAppProtocolHandler(path.join(app.getAppPath(), 'dist-renderer'), { csp: contentSecurityPolicy(trust) }),
      );
      registerIpcHandlers();
      refreshMenu();
      createMainWindow();
      await updateRecent((store) => store.list());
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Crime Analyst Workbench could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
      app.exit(1);
    });
}

// A second launch (double-clicking another file) hands its arguments to the first and exits.
if (app.requestSingleInstanceLock()) {
  startFirstInstance();
} else {
  app.quit();
}
