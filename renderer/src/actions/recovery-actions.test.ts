/**
 * Crash recovery in the renderer, the worker and the platform stood in: a
 * copy is kept a minute after an unsaved change and not before, only when
 * something changed since, never after the work was saved (even when the
 * save lands while a copy is being kept), and is removed on save and on
 * discard; at launch a copy is offered back, opens with its changes unsaved,
 * or is deleted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecoveryCopy } from '../../../shared/platform-bridge';

const calls: string[] = [];
let kept: { bytes: Uint8Array; file: { name: string; path: string | null } } | null = null;
let stored: RecoveryCopy | null = null;
let exportGate: Promise<void> = Promise.resolve();
let openFails = false;

vi.mock('./command', () => ({
  command: async (name: string, args: Record<string, unknown>) => {
    calls.push(name);
    if (name === 'workbench/export') {
      await exportGate;
      return new Uint8Array([1, 2, 3]);
    }
    if (name === 'workbench/open') {
      if (openFails) throw new Error('The file is not a workbench.');
      return { records: 12, imports: [], fileName: args.fileName };
    }
    throw new Error(`unexpected ${name}`);
  },
}));
vi.mock('../platform', () => ({
  platform: {
    keepRecoveryCopy: (bytes: Uint8Array, file: { name: string; path: string | null }) => {
      calls.push('keep');
      kept = { bytes, file };
      return Promise.resolve();
    },
    readRecoveryCopy: () => Promise.resolve(stored),
    clearRecoveryCopy: () => {
      calls.push('clear');
      kept = null;
      return Promise.resolve();
    },
  },
}));

const { RECOVERY_DELAY_MS, forgetRecoveryCopy, offerRecoveryCopy, recoveryQuestion, startRecoveryCopies } = await import('./recovery-actions');
const { useWorkbenchStore } = await import('../state/workbench-store');
const { useDialogStore } = await import('../state/dialog-store');

let stop: () => void = () => undefined;

beforeEach(async () => {
  vi.useFakeTimers();
  calls.length = 0;
  kept = null;
  stored = null;
  openFails = false;
  exportGate = Promise.resolve();
  useWorkbenchStore.setState({ fileName: 'Mansfield.workbench', filePath: '/cases/Mansfield.workbench', isDirty: false, changeCount: 0 });
  await forgetRecoveryCopy();
  calls.length = 0;
  stop = startRecoveryCopies();
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('recovery copies while the analyst works', () => {
  it('keeps a copy a minute after an unsaved change, not before, and not again until something changes', async () => {
    useWorkbenchStore.getState().markDirty();
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAY_MS - 1000);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual(['workbench/export', 'keep']);
    expect(kept?.file).toEqual({ name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench' });
    await vi.advanceTimersByTimeAsync(5 * RECOVERY_DELAY_MS);
    expect(calls).toEqual(['workbench/export', 'keep']);
    // Another change: another copy, a minute later.
    useWorkbenchStore.getState().markDirty();
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAY_MS);
    expect(calls).toEqual(['workbench/export', 'keep', 'workbench/export', 'keep']);
  });

  it('keeps at most one copy a minute however many changes, so the worker is rarely held up', async () => {
    for (let second = 0; second < 180; second += 5) {
      useWorkbenchStore.getState().markDirty();
      await vi.advanceTimersByTimeAsync(5000);
    }
    expect(calls.filter((c) => c === 'keep').length).toBe(3);
  });

  it('keeps nothing for a workbench with no unsaved changes, and removes the copy once saved', async () => {
    await vi.advanceTimersByTimeAsync(3 * RECOVERY_DELAY_MS);
    expect(calls).toEqual([]);
    useWorkbenchStore.getState().markDirty();
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAY_MS);
    expect(kept).not.toBeNull();
    useWorkbenchStore.getState().setClean({ name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.at(-1)).toBe('clear');
    expect(kept).toBeNull();
  });

  it('saving while a copy is being kept leaves no copy behind', async () => {
    let release: () => void = () => undefined;
    exportGate = new Promise((resolve) => (release = resolve));
    useWorkbenchStore.getState().markDirty();
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAY_MS);
    expect(calls).toEqual(['workbench/export']);
    // The analyst saves while the copy's export is still in the worker.
    useWorkbenchStore.getState().setClean({ name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench' });
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['workbench/export', 'clear']);
    expect(kept).toBeNull();
  });

  it('a change made while a copy is kept gets a copy of its own', async () => {
    let release: () => void = () => undefined;
    exportGate = new Promise((resolve) => (release = resolve));
    useWorkbenchStore.getState().markDirty();
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAY_MS);
    useWorkbenchStore.getState().markDirty();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['workbench/export', 'keep']);
    exportGate = Promise.resolve();
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAY_MS);
    expect(calls).toEqual(['workbench/export', 'keep', 'workbench/export', 'keep']);
  });
});

describe('at launch', () => {
  const copy: RecoveryCopy = { name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench', keptAt: '2026-12-04T10:30:00.000Z', bytes: new Uint8Array([5, 6]) };

  it('says whose changes were kept, where the file is, and when', () => {
    expect(recoveryQuestion(copy)).toMatch(
      /^Crime Analyst Workbench closed without saving the changes to Mansfield\.workbench \(\/cases\/Mansfield\.workbench\)\. A copy of them was kept at \d\d:\d\d on 4 Dec 2026\.$/,
    );
  });

  it('offers nothing when no copy was left', async () => {
    const ask = vi.fn();
    expect(await offerRecoveryCopy(ask)).toBe(false);
    expect(ask).not.toHaveBeenCalled();
  });

  it('recovers a copy: opens it with its changes unsaved, and keeps no second copy of the same changes', async () => {
    stored = copy;
    useWorkbenchStore.setState({ fileName: 'Untitled.workbench', filePath: null, isDirty: false });
    const ask = vi.fn(() => Promise.resolve('recover' as const));
    expect(await offerRecoveryCopy(ask)).toBe(true);
    expect(ask).toHaveBeenCalledWith(copy);
    expect(calls).toEqual(['workbench/open']);
    const state = useWorkbenchStore.getState();
    expect({ name: state.fileName, path: state.filePath, isDirty: state.isDirty }).toEqual({ name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench', isDirty: true });
    expect(useDialogStore.getState().notice).toMatch(/^Recovered the unsaved changes to Mansfield\.workbench \(kept at \d\d:\d\d on 4 Dec 2026\): save to keep them\.$/);
    await vi.advanceTimersByTimeAsync(2 * RECOVERY_DELAY_MS);
    expect(calls).toEqual(['workbench/open']);
  });

  it('discards a copy: deletes it and opens nothing', async () => {
    stored = copy;
    expect(await offerRecoveryCopy(() => Promise.resolve('discard'))).toBe(true);
    expect(calls).toEqual(['clear']);
  });

  it('a copy that will not open is reported, naming it, and removed', async () => {
    stored = copy;
    openFails = true;
    expect(await offerRecoveryCopy(() => Promise.resolve('recover'))).toBe(true);
    expect(useDialogStore.getState().error).toEqual({
      title: 'Could not recover the unsaved changes',
      message: 'The file is not a workbench. The copy has been removed.',
      file: 'Mansfield.workbench',
    });
    expect(calls).toEqual(['workbench/open', 'clear']);
  });
});
