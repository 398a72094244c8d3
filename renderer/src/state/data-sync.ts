/**
 * What follows a change of records or of the open workbench: saved views
 * are reloaded from the file, and flags and repeat results (computed from
 * the old records) are dropped rather than shown against new data.
 */
import { loadViews } from '../actions/view-actions';
import { useFlagsStore } from './flags-store';
import { useRepeatsStore } from './repeats-store';
import { useWorkbenchStore } from './workbench-store';

export function startDataSync(): () => void {
  return useWorkbenchStore.subscribe((state, previous) => {
    if (state.dataVersion === previous.dataVersion) return;
    void loadViews();
    useFlagsStore.getState().clear();
    useRepeatsStore.getState().clearResults();
  });
}
