/** Mirrors the file name and unsaved mark to the window title and the platform's "edited" state. */
import { platform } from '../platform';
import { useWorkbenchStore, windowTitle } from './workbench-store';

export function startTitleSync(): () => void {
  let lastTitle = '';
  let wasDirty: boolean | null = null;
  const apply = (): void => {
    const state = useWorkbenchStore.getState();
    const title = windowTitle(state);
    if (title !== lastTitle) platform.setTitle((lastTitle = title));
    if (state.isDirty !== wasDirty) platform.setDocumentEdited((wasDirty = state.isDirty));
  };
  apply();
  return useWorkbenchStore.subscribe(apply);
}
