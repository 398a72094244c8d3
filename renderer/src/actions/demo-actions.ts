/**
 * The demo workbench on first launch: synthetic records (built by
 * scripts/build-demo.ts into the app's own files) so a new analyst sees a
 * working pivot before importing anything. It opens untitled-on-disk (path
 * null), so Save asks where to put it.
 */
import { useDialogStore } from '../state/dialog-store';
import { UNTITLED, useWorkbenchStore } from '../state/workbench-store';
import { openWorkbench } from './workbench-actions';

/** Set (this browser profile's localStorage) once the app has started; the demo opens only before that. */
export const LAUNCHED_KEY = 'cawb.launched';
export const DEMO_FILE_NAME = 'Demo (synthetic data).workbench';
const DEMO_URL = './demo.workbench';

function hasLaunchedBefore(): boolean {
  try {
    if (localStorage.getItem(LAUNCHED_KEY) !== null) return true;
    localStorage.setItem(LAUNCHED_KEY, new Date().toISOString());
    return false;
  } catch {
    // No storage (locked-down profile): never surprise the analyst with a demo.
    return true;
  }
}

/** Nothing opened, imported or changed since the app started. */
function isStillEmpty(): boolean {
  const { fileName, filePath, isDirty, info } = useWorkbenchStore.getState();
  return fileName === UNTITLED && filePath === null && !isDirty && (info?.records ?? 0) === 0 && (info?.imports.length ?? 0) === 0;
}

export async function openDemoOnFirstLaunch(): Promise<void> {
  if (hasLaunchedBefore()) return;
  await openDemo();
}

/** Fetches the bundled demo (same origin) and opens it, unless the analyst has already opened something. */
export async function openDemo(): Promise<void> {
  let bytes: Uint8Array;
  try {
    const response = await fetch(DEMO_URL);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    useDialogStore.getState().setNotice(`The demo workbench could not be loaded (${error instanceof Error ? error.message : String(error)}).`);
    return;
  }
  if (!isStillEmpty()) return;
  await openWorkbench({ name: DEMO_FILE_NAME, path: null, bytes });
}
