/**
 * Editing the workbench's reference data: the offence group of each crime
 * type and the victim age band set. Each change is one worker command that
 * marks the workbench dirty; the info refresh that follows bumps the data
 * version, so the pivot and trend run again with the new groups or bands.
 */
import type { AgeBand, StoredAgeBand } from '../../../shared/age-bands';
import type { CrimeTypeGroup } from '../../../shared/offence-groups';
import { useDialogStore } from '../state/dialog-store';
import { command, refreshInfo } from './command';

export function loadOffenceGroups(): Promise<CrimeTypeGroup[]> {
  return command('offence-groups/list', {});
}

export function loadAgeBands(): Promise<StoredAgeBand[]> {
  return command('age-bands/list', {});
}

export async function changeOffenceGroup(crimeType: string, group: string | null): Promise<CrimeTypeGroup[]> {
  const groups = await command('offence-groups/set', { crimeType, group });
  await refreshInfo();
  useDialogStore.getState().setNotice(`${crimeType} is now in ${group ?? 'no offence group (Not mapped)'}.`);
  return groups;
}

export async function changeAgeBands(bands: AgeBand[]): Promise<StoredAgeBand[]> {
  const saved = await command('age-bands/set', { bands });
  await refreshInfo();
  useDialogStore.getState().setNotice(`Victim age bands are now ${bands.map((b) => b.name).join(', ')}; records with an age were banded again.`);
  return saved;
}
