/**
 * Local profiles, one named action each. Every change is a modifying
 * command (unsaved changes afterwards); export plans the document in the
 * core, rasterises its charts here and lets the core build the .docx.
 */
import { chartSize } from '../../../shared/charts/theme';
import type { RenderedImage } from '../../../shared/profile/plan';
import type { FlagsItemSettings, NewProfileItem, Profile } from '../../../shared/profile/store';
import { fileSlug, renderThemedPng } from '../charts/echarts';
import { WorkbenchError } from '../../../shared/errors';
import { db } from '../db/client';
import { platform } from '../platform';
import { askConfirm, useDialogStore } from '../state/dialog-store';
import { useProfilesStore } from '../state/profiles-store';
import { useUiStore } from '../state/ui-store';
import { command } from './command';

function report(title: string, error: unknown): void {
  useDialogStore.getState().showError({ title, message: error instanceof Error ? error.message : String(error) });
}

function showProfile(profile: Profile): void {
  useProfilesStore.setState({ profile, selectedName: profile.name });
}

async function refreshList(): Promise<void> {
  useProfilesStore.setState({ summaries: await command('profile/list', {}) });
}

/** Reloads the list (and the selected profile) from the open workbench. */
export async function loadProfiles(): Promise<void> {
  try {
    const summaries = await command('profile/list', {});
    const { selectedName } = useProfilesStore.getState();
    const isStored = selectedName !== null && summaries.some((s) => s.name === selectedName);
    useProfilesStore.setState({
      summaries,
      profile: isStored ? await command('profile/get', { name: selectedName }) : null,
      ...(isStored ? {} : { selectedName: null }),
    });
  } catch {
    useProfilesStore.setState({ summaries: [], profile: null, selectedName: null });
  }
}

export async function selectProfile(name: string): Promise<void> {
  try {
    showProfile(await command('profile/get', { name }));
  } catch (error) {
    report(`Could not open the profile "${name}"`, error);
  }
}

/** A new, empty profile: it is stored with its first item. */
export function startProfile(name: string): void {
  const trimmed = name.trim();
  if (trimmed === '') return;
  const existing = useProfilesStore.getState().summaries.find((s) => s.name === trimmed);
  if (existing !== undefined) {
    void selectProfile(trimmed);
    return;
  }
  useProfilesStore.setState({ selectedName: trimmed, profile: null });
}

export async function addItem(item: NewProfileItem): Promise<boolean> {
  const name = useProfilesStore.getState().selectedName;
  if (name === null) return false;
  try {
    showProfile(await command('profile/add-item', { name, item }));
    await refreshList();
    return true;
  } catch (error) {
    report('Could not add to the profile', error);
    return false;
  }
}

export const addFlagsSummary = (settings: FlagsItemSettings, caption?: string): Promise<boolean> =>
  addItem({ kind: 'flags', settings, ...(caption === undefined || caption.trim() === '' ? {} : { caption: caption.trim() }) });

export async function moveItem(itemId: number, position: number): Promise<void> {
  const name = useProfilesStore.getState().selectedName;
  if (name === null) return;
  try {
    showProfile(await command('profile/move-item', { name, itemId, position }));
  } catch (error) {
    report('Could not move the item', error);
  }
}

/** A caption (empty = the default, the view's name) or a commentary text. */
export async function editItem(itemId: number, edit: { caption?: string | null; text?: string }): Promise<void> {
  const name = useProfilesStore.getState().selectedName;
  if (name === null) return;
  try {
    showProfile(await command('profile/edit-item', { name, itemId, ...edit }));
  } catch (error) {
    report('Could not change the item', error);
  }
}

export async function removeItem(itemId: number): Promise<void> {
  const name = useProfilesStore.getState().selectedName;
  if (name === null) return;
  try {
    showProfile(await command('profile/remove-item', { name, itemId }));
    await refreshList();
  } catch (error) {
    report('Could not remove the item', error);
  }
}

export async function deleteProfile(name: string): Promise<void> {
  if (!(await askConfirm(`Delete the profile "${name}" and its items? The views it uses are kept.`, 'Delete'))) return;
  try {
    const summaries = await command('profile/delete', { name });
    useProfilesStore.setState({ summaries, selectedName: null, profile: null });
  } catch (error) {
    report(`Could not delete the profile "${name}"`, error);
  }
}

/**
 * The profile's chart images: the core plans the items (charts as themed
 * options laid out at the A4 preset's width, with disclosure control when
 * it is on) and each chart is drawn on an off-screen canvas at 300 dpi.
 * Word and PDF get the very same images, and the document is built from
 * that same plan (the core keeps it for the request of the same width and
 * setting), so the profile is worked out once per export.
 */
async function renderProfileImages(name: string, suppression: boolean, width: number): Promise<Record<number, RenderedImage>> {
  const size = chartSize('a4');
  const plan = await command(
    'profile/plan',
    { name, width, suppression },
    {
      onStart: (id) => useProfilesStore.setState({ planningRequestId: id, planningProgress: null }),
      onEvent: (event) => {
        if (event.name === 'profile/progress') useProfilesStore.setState({ planningProgress: event.payload });
      },
    },
  );
  useProfilesStore.setState({ planningRequestId: null, planningProgress: null });
  const images: Record<number, RenderedImage> = {};
  for (const [index, item] of plan.entries()) {
    if (item.kind !== 'chart') continue;
    images[index] = { png: await renderThemedPng(item.option, size), widthMm: size.widthMm ?? 170, heightMm: size.heightMm ?? 100 };
  }
  return images;
}

async function exportProfile(format: 'docx' | 'pdf'): Promise<void> {
  const { selectedName: name, suppression } = useProfilesStore.getState();
  if (name === null) return;
  useProfilesStore.setState({ isExporting: true });
  try {
    const { width } = chartSize('a4');
    const images = await renderProfileImages(name, suppression, width);
    if (format === 'docx') {
      const bytes = await command('profile/docx', { name, images, suppression, width });
      await platform.saveExport(bytes, {
        suggestedName: `${fileSlug(name, 'profile')}.docx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      });
    } else {
      const html = await command('profile/html', { name, images, suppression, width });
      await platform.printToPdf(html, { suggestedName: `${fileSlug(name, 'profile')}.pdf` });
    }
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'cancelled') useDialogStore.getState().setNotice('Profile export cancelled: nothing was saved.');
    else report(`Could not export the profile "${name}"`, error);
  } finally {
    useProfilesStore.setState({ isExporting: false, planningRequestId: null, planningProgress: null });
  }
}

/**
 * Stops the export while the worker plans the profile (disclosure control
 * over a large profile takes half a minute); once the document is being
 * built there is nothing long left to stop.
 */
export function cancelProfileExport(): void {
  const { planningRequestId } = useProfilesStore.getState();
  if (planningRequestId !== null) db().cancel(planningRequestId);
}

/** Word export, suppressing small counts (tables and charts) unless the analyst turned that off. */
export const exportProfileDocx = (): Promise<void> => exportProfile('docx');

/** PDF through print-to-PDF: the same document as a print-ready page (Electron saves the PDF; a browser prints it). */
export const exportProfilePdf = (): Promise<void> => exportProfile('pdf');

/**
 * Adds an item from another tab (a chart, a repeat victims, Knox or survey
 * table) to a profile by name, creating the profile when new, and selects
 * it on the Profiles tab.
 */
export async function addToProfile(profileName: string, item: NewProfileItem): Promise<boolean> {
  const name = profileName.trim();
  if (name === '') return false;
  // The tab the item came from: the notice is about it, and goes if the analyst moves on.
  const { tab } = useUiStore.getState();
  try {
    showProfile(await command('profile/add-item', { name, item }));
    await refreshList();
    useDialogStore.getState().setNotice(`Added to the profile "${name}".`, { tab });
    return true;
  } catch (error) {
    report('Could not add to the profile', error);
    return false;
  }
}
