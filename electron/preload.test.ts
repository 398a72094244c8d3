import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { FileBytes, PlatformBridge } from '../shared/platform-bridge';
import { IPC } from '../shared/platform-bridge';

type Handler = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Set<Handler>>();
  const exposed = new Map<string, unknown>();
  return {
    handlers,
    exposed,
    /** What the main process would send with webContents.send. */
    emit(channel: string, ...args: unknown[]): void {
      for (const handler of handlers.get(channel) ?? []) handler({ sender: 'secret' }, ...args);
    },
    invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: unknown) => electron.exposed.set(name, api),
  },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, handler: Handler) => {
      const set = electron.handlers.get(channel) ?? new Set<Handler>();
      set.add(handler);
      electron.handlers.set(channel, set);
    },
    removeListener: (channel: string, handler: Handler) => electron.handlers.get(channel)?.delete(handler),
  },
}));

function isBridge(value: unknown): value is PlatformBridge {
  return typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'electron';
}

async function loadBridge(): Promise<PlatformBridge> {
  vi.resetModules();
  electron.handlers.clear();
  electron.exposed.clear();
  await import('./preload');
  const bridge = electron.exposed.get('workbenchPlatform');
  if (!isBridge(bridge)) throw new Error('bridge not exposed');
  return bridge;
}

const file: FileBytes = { name: 'a.workbench', path: '/cases/a.workbench', bytes: new Uint8Array([1, 2, 3]) };

beforeEach(() => {
  electron.invoke.mockReset();
});

describe('preload bridge', () => {
  it('exposes exactly the PlatformBridge methods under workbenchPlatform', async () => {
    const bridge = await loadBridge();
    expect([...electron.exposed.keys()]).toEqual(['workbenchPlatform']);
    expect(Object.keys(bridge).sort()).toEqual(
      [
        'clearRecoveryCopy',
        'closeWindow',
        'keepRecoveryCopy',
        'kind',
        'onMenuCommand',
        'onOpenFile',
        'openWorkbench',
        'pickImportFiles',
        'printToPdf',
        'readRecoveryCopy',
        'saveExport',
        'saveWorkbench',
        'setDocumentEdited',
        'setTitle',
      ].sort(),
    );
  });

  it('invokes the right channels and unwraps results', async () => {
    const bridge = await loadBridge();
    electron.invoke.mockResolvedValueOnce({ ok: true, value: file });
    expect(await bridge.openWorkbench()).toEqual(file);
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC.openWorkbench);

    const bytes = new Uint8Array([9]);
    const options = { path: '/cases/a.workbench', suggestedName: 'a.workbench', saveAs: false };
    electron.invoke.mockResolvedValueOnce({ ok: true, value: { name: 'a.workbench', path: '/cases/a.workbench' } });
    expect(await bridge.saveWorkbench(bytes, options)).toEqual({ name: 'a.workbench', path: '/cases/a.workbench' });
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC.saveWorkbench, bytes, options);

    electron.invoke.mockResolvedValueOnce({ ok: true, value: null });
    expect(await bridge.pickImportFiles()).toBeNull();
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC.pickImportFiles);

    electron.invoke.mockResolvedValueOnce({ ok: true, value: true });
    expect(await bridge.saveExport('a,b\n', { suggestedName: 'p.csv', mimeType: 'text/csv' })).toBe(true);
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC.saveExport, 'a,b\n', { suggestedName: 'p.csv', mimeType: 'text/csv' });

    electron.invoke.mockResolvedValueOnce({ ok: true, value: true });
    expect(await bridge.printToPdf('<!DOCTYPE html><p>x</p>', { suggestedName: 'p.pdf' })).toBe(true);
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC.printToPdf, '<!DOCTYPE html><p>x</p>', { suggestedName: 'p.pdf' });

    electron.invoke.mockResolvedValueOnce({ ok: true, value: null });
    await expect(bridge.keepRecoveryCopy(bytes, { name: 'a.workbench', path: null })).resolves.toBeUndefined();
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC.keepRecoveryCopy, bytes, { name: 'a.workbench', path: null });
    const copy = { name: 'a.workbench', path: null, keptAt: '2026-12-04T10:00:00.000Z', bytes };
    electron.invoke.mockResolvedValueOnce({ ok: true, value: copy });
    expect(await bridge.readRecoveryCopy()).toEqual(copy);
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC.readRecoveryCopy);
    electron.invoke.mockResolvedValueOnce({ ok: true, value: null });
    await expect(bridge.clearRecoveryCopy()).resolves.toBeUndefined();
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC.clearRecoveryCopy);
  });

  it('rejects with the main process message on failure', async () => {
    const bridge = await loadBridge();
    electron.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'internal', message: 'Could not save "a.workbench": the disk is full.' } });
    await expect(bridge.saveWorkbench(new Uint8Array(), { path: null, suggestedName: 'a', saveAs: true })).rejects.toThrow(
      'Could not save "a.workbench": the disk is full.',
    );
  });

  it('sends window notifications without waiting', async () => {
    const bridge = await loadBridge();
    electron.invoke.mockResolvedValue({ ok: true, value: null });
    bridge.setTitle('Burglary.workbench *');
    bridge.setDocumentEdited(true);
    bridge.closeWindow();
    expect(electron.invoke.mock.calls).toEqual([[IPC.setTitle, 'Burglary.workbench *'], [IPC.setDocumentEdited, true], [IPC.closeWindow]]);
  });

  it('delivers valid menu commands only, without the IPC event, until unsubscribed', async () => {
    const bridge = await loadBridge();
    const listener = vi.fn();
    const unsubscribe = bridge.onMenuCommand(listener);
    electron.emit(IPC.menuCommand, 'save');
    electron.emit(IPC.menuCommand, 'format-disk');
    expect(listener.mock.calls).toEqual([['save']]);
    unsubscribe();
    electron.emit(IPC.menuCommand, 'open');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(electron.handlers.get(IPC.menuCommand)?.size).toBe(0);
  });

  it('holds files that arrive before anyone subscribes, then delivers them once', async () => {
    const bridge = await loadBridge();
    electron.emit(IPC.openFile, file);
    electron.emit(IPC.openFile, { name: 'bad' });
    const first = vi.fn();
    const unsubscribe = bridge.onOpenFile(first);
    expect(first).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(first.mock.calls).toEqual([[file]]);

    const second = vi.fn();
    bridge.onOpenFile(second);
    await Promise.resolve();
    expect(second).not.toHaveBeenCalled();

    electron.emit(IPC.openFile, file);
    expect(first).toHaveBeenCalledTimes(2);
    expect(second).toHaveBeenCalledTimes(1);
    unsubscribe();
    electron.emit(IPC.openFile, file);
    expect(first).toHaveBeenCalledTimes(2);
    expect(second).toHaveBeenCalledTimes(2);
  });
});
