/**
 * Passing UI state and the analyst's display preferences.
 *
 * Where each key persists:
 * - tab, collapsedGroups: nowhere (passing UI state).
 * - isHeatmap, hidesEmptyRows, showsSmallCounts, comparesWithTotal: user preferences (this
 *   browser profile's localStorage), never the workbench file: they change
 *   how figures look, not which figures a view holds.
 * - trendHeight, isTrendCollapsed: user preferences too (the Pivot tab's
 *   layout, the same whatever workbench is open).
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export const TABS = ['pivot', 'flags', 'repeats', 'survey', 'charts', 'profiles'] as const;
export type Tab = (typeof TABS)[number];
export const TAB_LABELS: Readonly<Record<Tab, string>> = {
  pivot: 'Pivot',
  flags: 'Flags',
  repeats: 'Repeat victimisation',
  survey: 'Respect Survey',
  charts: 'Charts',
  profiles: 'Profiles',
};

/** Counts from 1 up to this minus one show as "<5" when the small-count setting is on. */
export const SMALL_COUNT_THRESHOLD = 5;

/** The one rule, said where the setting is: the grid hides the small counts, an export also what would give them away. */
export const SMALL_COUNTS_HELP =
  `On screen, counts from 1 to ${SMALL_COUNT_THRESHOLD - 1} show as <${SMALL_COUNT_THRESHOLD} and figures built on them are blank. ` +
  `CSV and XLSX exports then apply full disclosure control, as local profiles do: they also withhold, as [c], ` +
  `any figure that would let a hidden count be worked out from the totals and subtotals, and their header says so.`;


/** The Trend panel's height when it shows a chart: the analyst drags or keys it between these (px). */
export const TREND_HEIGHT = { default: 300, min: 160, max: 640, step: 20 } as const;

export const clampTrendHeight = (px: number): number => Math.round(Math.min(TREND_HEIGHT.max, Math.max(TREND_HEIGHT.min, px)));

export interface DisplayPreferences {
  isHeatmap: boolean;
  hidesEmptyRows: boolean;
  /** Off by default in the grid: the analyst sees real counts. On, exports apply full disclosure control (SMALL_COUNTS_HELP). */
  showsSmallCounts: boolean;
  /** Rates: mark figures significantly above or below the Total (shared/pivot/rate-compare.ts). */
  comparesWithTotal: boolean;
  /** Height of the Trend panel with a chart in it, px. */
  trendHeight: number;
  /** The analyst hid the trend chart (the panel keeps one header line). */
  isTrendCollapsed: boolean;
}

export interface UiState extends DisplayPreferences {
  tab: Tab;
  /** First-level labels of nested rows whose groups are collapsed. */
  collapsedGroups: readonly string[];
}

interface UiActions {
  setTab: (tab: Tab) => void;
  setPreference: <K extends keyof DisplayPreferences>(key: K, value: DisplayPreferences[K]) => void;
  toggleGroup: (label: string) => void;
}

export const useUiStore = create<UiState & UiActions>()(
  persist(
    (set) => ({
      tab: 'pivot',
      isHeatmap: false,
      hidesEmptyRows: false,
      showsSmallCounts: false,
      comparesWithTotal: false,
      trendHeight: TREND_HEIGHT.default,
      isTrendCollapsed: false,
      setTab: (tab) => set({ tab }),
      collapsedGroups: [],
      setPreference: (key, value) => set({ [key]: value }),
      toggleGroup: (label) =>
        set((state) => ({
          collapsedGroups: state.collapsedGroups.includes(label) ? state.collapsedGroups.filter((g) => g !== label) : [...state.collapsedGroups, label],
        })),
    }),
    {
      name: 'caw-display-preferences',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // Only the preferences; the tab is passing state.
      partialize: ({ isHeatmap, hidesEmptyRows, showsSmallCounts, comparesWithTotal, trendHeight, isTrendCollapsed }): DisplayPreferences => ({
        isHeatmap,
        hidesEmptyRows,
        showsSmallCounts,
        comparesWithTotal,
        trendHeight,
        isTrendCollapsed,
      }),
    },
  ),
);
