/**
 * "Add to profile" for anything a tab can put in a profile (a chart, a
 * repeat victims, Knox or survey table): the profile selected on the
 * Profiles tab, or a new name typed here.
 */
import { type FormEvent, useState } from 'react';
import type { NewProfileItem } from '../../../shared/profile/store';
import { addToProfile } from '../actions/profile-actions';
import { useProfilesStore } from '../state/profiles-store';

export function AddToProfile({ item, nameTestId, addTestId }: { item: NewProfileItem | null; nameTestId: string; addTestId: string }) {
  const summaries = useProfilesStore((s) => s.summaries);
  const selected = useProfilesStore((s) => s.selectedName);
  const [name, setName] = useState('');
  const target = name.trim() !== '' ? name : (selected ?? summaries[0]?.name ?? '');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (item === null || target.trim() === '') return;
    void addToProfile(target, item);
  };
  return (
    <form className="form-row" onSubmit={submit}>
      <label className="inline-field">
        Profile
        <input list={`${addTestId}-profiles`} value={name} placeholder={target === '' ? 'New profile name' : target} onChange={(e) => setName(e.target.value)} data-testid={nameTestId} />
        <datalist id={`${addTestId}-profiles`}>
          {summaries.map((s) => (
            <option key={s.name} value={s.name} />
          ))}
        </datalist>
      </label>
      <button type="submit" disabled={item === null || target.trim() === ''} data-testid={addTestId}>
        Add to profile
      </button>
    </form>
  );
}
