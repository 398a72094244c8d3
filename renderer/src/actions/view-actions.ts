/**
 * Saved views, one named action each. They modify the workbench (so it has
 * unsaved changes afterwards) and are not undoable: delete asks first.
 */
import type { SavedView } from '../../../shared/views';
import { askConfirm, useDialogStore } from '../state/dialog-store';
import { usePivotStore } from '../state/pivot-store';
import { useViewsStore } from '../state/views-store';
import { command } from './command';

function report(title: string, error: unknown): void {
  useDialogStore.getState().showError({ title, message: error instanceof Error ? error.message : String(error) });
}

export async function loadViews(): Promise<void> {
  try {
    useViewsStore.getState().setViews(await command('views/list', {}));
  } catch {
    // A workbench without views (or still opening) simply lists none.
    useViewsStore.getState().setViews([]);
  }
}

/**
 * Saves the pivot on screen under a name. Saving the view that is open again
 * updates it; the name of another view asks first, since profiles use views
 * by name and would show the new pivot in its place.
 */
export async function saveCurrentView(name: string): Promise<boolean> {
  const { spec, chart, sort } = usePivotStore.getState();
  const { views, openedName } = useViewsStore.getState();
  const trimmed = name.trim();
  if (trimmed !== openedName && views.some((v) => v.name === trimmed)) {
    const isReplacing = await askConfirm(`Replace the saved view "${trimmed}"? It, and any profile that uses it, will show the pivot on screen instead.`, 'Replace');
    if (!isReplacing) return false;
  }
  try {
    useViewsStore.getState().setViews(await command('views/save', { name, spec, chart, ...(sort === null ? {} : { sort }) }));
    useViewsStore.getState().setOpened(name.trim());
    useDialogStore.getState().setNotice(`Saved view "${name.trim()}".`);
    return true;
  } catch (error) {
    report('Could not save the view', error);
    return false;
  }
}

/** Restores the view's spec, chart and sort exactly; the pivot re-runs from it. */
export function openView(view: SavedView): void {
  usePivotStore.getState().applyView(view.spec, view.chart, view.sort ?? null);
  useViewsStore.getState().setOpened(view.name);
}

/** A rename is a save under the new name, then a delete of the old one. */
export async function renameView(view: SavedView, newName: string): Promise<boolean> {
  const name = newName.trim();
  if (name === view.name) return true;
  if (useViewsStore.getState().views.some((v) => v.name === name)) {
    report('Could not rename the view', new Error(`A view named "${name}" already exists.`));
    return false;
  }
  const wasOpened = useViewsStore.getState().openedName === view.name;
  try {
    await command('views/save', { name, spec: view.spec, chart: view.chart, ...(view.sort === undefined ? {} : { sort: view.sort }) });
    useViewsStore.getState().setViews(await command('views/delete', { name: view.name }));
    if (wasOpened) useViewsStore.getState().setOpened(name);
    return true;
  } catch (error) {
    report('Could not rename the view', error);
    return false;
  }
}

export function copyName(name: string, taken: readonly string[]): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (copy)` : `${name} (copy ${n})`;
    if (!taken.includes(candidate)) return candidate;
  }
}

export async function duplicateView(view: SavedView): Promise<void> {
  const name = copyName(view.name, useViewsStore.getState().views.map((v) => v.name));
  try {
    useViewsStore.getState().setViews(await command('views/save', { name, spec: view.spec, chart: view.chart, ...(view.sort === undefined ? {} : { sort: view.sort }) }));
  } catch (error) {
    report('Could not duplicate the view', error);
  }
}

export async function deleteView(view: SavedView): Promise<void> {
  if (!(await askConfirm(`Delete the saved view "${view.name}"?`, 'Delete'))) return;
  try {
    useViewsStore.getState().setViews(await command('views/delete', { name: view.name }));
  } catch (error) {
    report('Could not delete the view', error);
  }
}
