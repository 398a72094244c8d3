/**
 * The preload: exposes `window.workbenchPlatform` (the PlatformBridge) and
 * nothing else. It runs sandboxed, so the build bundles it into one CommonJS
 * file whose only runtime `require` is 'electron'. The renderer never sees
 * `ipcRenderer` or an IPC event object.
 */
import { contextBridge, ipcRenderer } from 'electron';

import type { FileBytes, MenuCommand, PlatformBridge, RecoveryCopy, SavedFile } from '../shared/platform-bridge';
import { IPC, MENU_COMMANDS } from '../shared/platform-bridge';
import { isIpcResult, unwrapIpcResult } from './ipc-contract';

/** The global name the renderer reads the bridge from. */
export const BRIDGE_GLOBAL_NAME = 'workbenchPlatform';

async function invoke<T>(channel: string, ...args: unknown[]): Promise<T> {
  const result: unknown = await ipcRenderer.invoke(channel, ...args);
  if (!isIpcResult<T>(result)) throw new Error('The workbench received an unexpected reply from the main process.');
  return unwrapIpcResult(result);
}

/** Fire-and-forget calls; a failure here (window already closing) is not the analyst's problem. */
function notify(channel: string, ...args: unknown[]): void {
  ipcRenderer.invoke(channel, ...args).catch(() => undefined);
}

function isMenuCommand(value: unknown): value is MenuCommand {
  return MENU_COMMANDS.some((command) => command === value);
}

function isFileBytes(value: unknown): value is FileBytes {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    typeof value.name === 'string' &&
    'path' in value &&
    (value.path === null || typeof value.path === 'string') &&
    'bytes' in value &&
    value.bytes instanceof Uint8Array
  );
}

// Files can arrive (double-click, command line) before React has subscribed; hold them until it does.
const pendingOpenFiles: FileBytes[] = [];
const openFileListeners = new Set<(file: FileBytes) => void>();
ipcRenderer.on(IPC.openFile, (_event, file: unknown) => {
  if (!isFileBytes(file)) return;
  if (openFileListeners.size === 0) pendingOpenFiles.push(file);
  for (const listener of openFileListeners) listener(file);
});

const bridge = {
  kind: 'electron',
  openWorkbench: () => invoke<FileBytes | null>(IPC.openWorkbench),
  saveWorkbench: (bytes, options) => invoke<SavedFile | null>(IPC.saveWorkbench, bytes, options),
  pickImportFiles: () => invoke<FileBytes[] | null>(IPC.pickImportFiles),
  saveExport: (data, options) => invoke<boolean>(IPC.saveExport, data, options),
  printToPdf: (html, options) => invoke<boolean>(IPC.printToPdf, html, options),
  setTitle: (title) => notify(IPC.setTitle, title),
  setDocumentEdited: (isEdited) => notify(IPC.setDocumentEdited, isEdited),
  closeWindow: () => notify(IPC.closeWindow),
  keepRecoveryCopy: (bytes, file) => invoke<null>(IPC.keepRecoveryCopy, bytes, file).then(() => undefined),
  readRecoveryCopy: () => invoke<RecoveryCopy | null>(IPC.readRecoveryCopy),
  clearRecoveryCopy: () => invoke<null>(IPC.clearRecoveryCopy).then(() => undefined),
  onMenuCommand(listener) {
    const handler = (_event: unknown, command: unknown): void => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(IPC.menuCommand, handler);
    return () => {
      ipcRenderer.removeListener(IPC.menuCommand, handler);
    };
  },
  onOpenFile(listener) {
    openFileListeners.add(listener);
    const held = pendingOpenFiles.splice(0);
    // Deliver after subscribe returns, so the caller has its unsubscribe function first.
    if (held.length > 0) void Promise.resolve().then(() => held.forEach((file) => listener(file)));
    return () => {
      openFileListeners.delete(listener);
    };
  },
} satisfies PlatformBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL_NAME, bridge);
