/**
 * Status-bar notices: one about a tab's work goes when the analyst leaves
 * that tab; news about the workbench stays whatever tab is shown.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The display preferences persist to localStorage, which Node lacks: an in-memory one stands in.
const stored = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => void stored.set(key, value),
  removeItem: (key: string) => void stored.delete(key),
});

const { useDialogStore } = await import('./dialog-store');
const { useUiStore } = await import('./ui-store');

const notice = (): string | null => useDialogStore.getState().notice;

describe('status-bar notices and tabs', () => {
  beforeEach(() => {
    useUiStore.getState().setTab('charts');
    useDialogStore.getState().setNotice(null);
  });

  it('drops a notice about one tab when the analyst moves to another, not news about the workbench', () => {
    useDialogStore.getState().setNotice('Added to the profile "Mansfield".', { tab: 'charts' });
    expect(notice()).toBe('Added to the profile "Mansfield".');
    useUiStore.getState().setTab('pivot');
    expect(notice()).toBeNull();
    // Back on Charts: it stays gone.
    useUiStore.getState().setTab('charts');
    expect(notice()).toBeNull();
    // An import's news replaces a tab's notice and stays across tabs.
    useDialogStore.getState().setNotice('Flags cancelled.', { tab: 'charts' });
    useDialogStore.getState().setNotice('Removed district-q1.csv (400 records).');
    useUiStore.getState().setTab('flags');
    useUiStore.getState().setTab('profiles');
    expect(notice()).toBe('Removed district-q1.csv (400 records).');
  });

  it('does not show a notice about a tab the analyst left before the work finished, and keeps the news before it', () => {
    useDialogStore.getState().setNotice('Import cancelled: the workbench is as it was.');
    useUiStore.getState().setTab('pivot');
    // Add to profile pressed on Charts, finished once the analyst was on Pivot.
    useDialogStore.getState().setNotice('Added to the profile "Mansfield".', { tab: 'charts' });
    expect(notice()).toBe('Import cancelled: the workbench is as it was.');
    useUiStore.getState().setTab('survey');
    expect(notice()).toBe('Import cancelled: the workbench is as it was.');
  });
});
