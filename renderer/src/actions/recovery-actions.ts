/**
 * Crash recovery. While the workbench has unsaved changes, a copy of it is
 * kept (PlatformBridge.keepRecoveryCopy) a minute after the first change the
 * copy does not hold yet, so a crash, a power cut or a forced close loses a
 * minute's work at most. Saving, or discarding the changes, removes the copy;
 * a copy still there at the next launch is offered back.
 *
 * The copy is exported in the worker like a save (about 0.8 s at a million
 * records), at most once a minute and only when something changed, so the
 * grid is held up rarely and briefly.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { RecoveryCopy } from '../../../shared/platform-bridge';
import { platform } from '../platform';
import { type RecoveryChoice, askRecovery, useDialogStore } from '../state/dialog-store';
import { usePivotStore } from '../state/pivot-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { command } from './command';

/** How long after an unsaved change its copy is kept. */
export const RECOVERY_DELAY_MS = 60_000;

let timer: ReturnType<typeof setTimeout> | null = null;
/** The changeCount the kept copy holds (none kept: 0, which no unsaved workbench has). */
let keptChange = 0;
/**
 * Every keep and clear in the order asked, one at a time: a clear asked while a copy is
 * being kept (the analyst saved meanwhile) runs after it, so no copy outlives the work.
 */
let queue: Promise<void> = Promise.resolve();
let isKeeping = false;

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

function needsCopy(): boolean {
  const { isDirty, changeCount } = useWorkbenchStore.getState();
  return isDirty && changeCount !== keptChange;
}

function schedule(): void {
  if (timer !== null || isKeeping) return;
  timer = setTimeout(() => {
    timer = null;
    void keepRecoveryCopyNow();
  }, RECOVERY_DELAY_MS);
}

/** Keeps a copy of the unsaved work now (the timer calls it), unless the copy already holds every change. */
export function keepRecoveryCopyNow(): Promise<void> {
  if (!needsCopy() || isKeeping) return queue;
  isKeeping = true;
  return enqueue(async () => {
    const { changeCount, fileName, filePath } = useWorkbenchStore.getState();
    try {
      const bytes = await command('workbench/export', {});
      // Saved or discarded while it was exported: a copy now would outlive the work it recovers.
      if (!useWorkbenchStore.getState().isDirty) return;
      await platform.keepRecoveryCopy(bytes, { name: fileName, path: filePath });
      keptChange = changeCount;
    } catch {
      // Not kept (a full disk, storage refused): tried again after the next change; the work itself is untouched.
    } finally {
      isKeeping = false;
      if (needsCopy()) schedule();
    }
  });
}

/** Removes the copy: the changes were saved or discarded. */
export function forgetRecoveryCopy(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  keptChange = 0;
  return enqueue(() => platform.clearRecoveryCopy().catch(() => undefined));
}

/** Keeps copies while the app runs: after each unsaved change, and none once the work is saved (or New, Open). */
export function startRecoveryCopies(): () => void {
  return useWorkbenchStore.subscribe((state, before) => {
    if (before.isDirty && !state.isDirty) void forgetRecoveryCopy();
    else if (state.changeCount !== before.changeCount && needsCopy()) schedule();
  });
}

/** When a copy was kept, as the analyst says it: "14:32 on 4 Dec 2026". */
function keptWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })} on ${date.toLocaleDateString('en-GB', { dateStyle: 'medium' })}`;
}

/** What the recovery question says: whose changes, from when, and where the file was. */
export function recoveryQuestion(copy: Pick<RecoveryCopy, 'name' | 'path' | 'keptAt'>): string {
  const where = copy.path === null ? '' : ` (${copy.path})`;
  return `Crime Analyst Workbench closed without saving the changes to ${copy.name}${where}. A copy of them was kept at ${keptWhen(copy.keptAt)}.`;
}

/** Resolves once every keep and clear asked so far has finished: the window closes only then, so a clear is never cut off. */
export function recoveryCopiesSettled(): Promise<void> {
  return queue;
}

/**
 * At launch: a copy left by a crash is offered back (Recover opens it with its changes unsaved; Discard deletes
 * it). True when there was one, so the first-launch demo does not open over it.
 */
export async function offerRecoveryCopy(ask: (copy: RecoveryCopy) => Promise<RecoveryChoice> = (copy) => askRecovery(recoveryQuestion(copy))): Promise<boolean> {
  let copy: RecoveryCopy | null;
  try {
    copy = await platform.readRecoveryCopy();
  } catch {
    return false;
  }
  if (copy === null) return false;
  if ((await ask(copy)) === 'discard') {
    await forgetRecoveryCopy();
    return true;
  }
  try {
    const info = await command('workbench/open', { bytes: copy.bytes, fileName: copy.name });
    const store = useWorkbenchStore.getState();
    // Where it was saved, so Save offers that file (the desktop asks before writing over it: nothing was chosen this session).
    store.setClean({ name: copy.name, path: copy.path });
    store.setInfo(info);
    // The copy already holds these changes: none is kept again until the next.
    keptChange = useWorkbenchStore.getState().changeCount + 1;
    store.markDirty();
    usePivotStore.getState().selectRow(null);
    const upgrade = info.upgrade?.notice ?? '';
    useDialogStore.getState().setNotice(`Recovered the unsaved changes to ${copy.name} (kept at ${keptWhen(copy.keptAt)}): save to keep them.${upgrade === '' ? '' : ` ${upgrade}`}`);
  } catch (error) {
    useDialogStore.getState().showError({
      title: 'Could not recover the unsaved changes',
      message: `${error instanceof Error ? error.message : String(error)} The copy has been removed.`,
      file: error instanceof WorkbenchError && error.file !== undefined ? error.file : copy.name,
    });
    await forgetRecoveryCopy();
  }
  return true;
}
