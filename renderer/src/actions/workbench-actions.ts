/**
 * The analyst's file operations, one named action each: New, Open, Save,
 * Save As, Close. None is undoable; the ones that discard work ask first.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { FileBytes } from '../../../shared/platform-bridge';
import { platform } from '../platform';
import { askUnsaved, useDialogStore } from '../state/dialog-store';
import { usePivotStore } from '../state/pivot-store';
import { UNTITLED, useWorkbenchStore } from '../state/workbench-store';
import { command } from './command';
import { forgetRecoveryCopy, recoveryCopiesSettled } from './recovery-actions';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when it is fine to throw the current workbench away (saved, discarded or clean). */
export async function resolveUnsavedChanges(): Promise<boolean> {
  const { isDirty, fileName } = useWorkbenchStore.getState();
  if (!isDirty) return true;
  const choice = await askUnsaved(fileName);
  if (choice === 'cancel') return false;
  if (choice === 'discard') {
    // Discarded on purpose: no copy of it is offered back at the next launch.
    await forgetRecoveryCopy();
    return true;
  }
  return saveWorkbench({ saveAs: false });
}

export async function newWorkbench(): Promise<void> {
  if (!(await resolveUnsavedChanges())) return;
  try {
    const info = await command('workbench/new', {});
    useWorkbenchStore.getState().setClean({ name: UNTITLED, path: null });
    useWorkbenchStore.getState().setInfo(info);
    usePivotStore.getState().selectRow(null);
  } catch (error) {
    useDialogStore.getState().showError({ title: 'Could not create a workbench', message: messageOf(error) });
  }
}

/** Opens a workbench the analyst picks, or one the OS handed over; a bad file leaves the current one open. */
export async function openWorkbench(given?: FileBytes): Promise<void> {
  if (!(await resolveUnsavedChanges())) return;
  const file = given ?? (await platform.openWorkbench());
  if (file === null) return;
  try {
    const info = await command('workbench/open', { bytes: file.bytes, fileName: file.name });
    useWorkbenchStore.getState().setClean({ name: file.name, path: file.path });
    useWorkbenchStore.getState().setInfo(info);
    usePivotStore.getState().selectRow(null);
    // A file from an older version: say what opening did (brought up to date; the file is unchanged until saved).
    // A read-only file: Save will be refused, so say so now rather than after the work is done.
    const readOnly = file.readOnly === true ? `${file.name} is read-only: it opens as it is, and Save As keeps any changes in another file.` : null;
    const notice = [info.upgrade?.notice ?? null, readOnly].filter((text) => text !== null).join(' ');
    useDialogStore.getState().setNotice(notice === '' ? null : notice);
  } catch (error) {
    useDialogStore.getState().showError({
      title: `Could not open ${file.name}`,
      message: messageOf(error),
      file: error instanceof WorkbenchError ? error.file : file.name,
    });
  }
}

/** Returns true when the workbench was written (false if the analyst cancelled or it failed). */
export async function saveWorkbench({ saveAs }: { saveAs: boolean }): Promise<boolean> {
  const { fileName, filePath } = useWorkbenchStore.getState();
  try {
    const bytes = await command('workbench/export', {});
    const saved = await platform.saveWorkbench(bytes, { path: filePath, suggestedName: fileName, saveAs });
    if (saved === null) return false;
    useWorkbenchStore.getState().setClean(saved);
    return true;
  } catch (error) {
    useDialogStore.getState().showError({ title: `Could not save ${fileName}`, message: messageOf(error) });
    return false;
  }
}

/** The window's close button (Electron sends 'close-requested'): ask about unsaved work, then close. */
export async function closeWindow(): Promise<void> {
  if (!(await resolveUnsavedChanges())) return;
  // A save or discard just now removes the recovery copy: let that finish, or the next launch would offer it.
  await recoveryCopiesSettled();
  platform.closeWindow();
}
