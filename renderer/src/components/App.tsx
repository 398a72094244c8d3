import { type DragEvent, type KeyboardEvent, useEffect, useState } from 'react';
import { importFiles } from '../actions/import-actions';
import { runMenuCommand } from '../actions/menu';
import { openWorkbench } from '../actions/workbench-actions';
import { filesFromDrop, hasDroppedFiles, platform } from '../platform';
import { usePivotStore } from '../state/pivot-store';
import { TABS, TAB_LABELS, type Tab, useUiStore } from '../state/ui-store';
import { Announcer } from './Announcer';
import { ChartsPanel } from './ChartsPanel';
import { ColumnMappingDialog } from './ColumnMappingDialog';
import { DataPanel } from './DataPanel';
import { ConfirmDialog, ErrorDialog, RecoveryDialog, UnsavedChangesDialog } from './Dialogs';
import { DrillThroughDialog } from './DrillThroughDialog';
import { FlagsPanel } from './FlagsPanel';
import { ImportProgressBar } from './ImportProgressBar';
import { ImportSummaryDialog } from './ImportSummaryDialog';
import { PivotGrid } from './PivotGrid';
import { PivotPanel } from './PivotPanel';
import { ProfilesPanel } from './ProfilesPanel';
import { ReferenceDataDialog } from './ReferenceDataDialog';
import { SheetChoiceDialog } from './SheetChoiceDialog';
import { RepeatsPanel } from './RepeatsPanel';
import { rovingTarget } from './roving';
import { StatusBar } from './StatusBar';
import { SurveyPanel } from './SurveyPanel';
import { SyntheticBanner } from './SyntheticBanner';
import { Toolbar } from './Toolbar';
import { TrendChart } from './TrendChart';
import { ViewsPanel } from './ViewsPanel';

/** The native menu (Electron) and files the OS hands over arrive through the platform bridge. */
function usePlatformCommands(): void {
  useEffect(() => {
    const stopMenu = platform.onMenuCommand((command) => void runMenuCommand(command));
    const stopOpen = platform.onOpenFile((file) => void openWorkbench(file));
    return () => {
      stopMenu();
      stopOpen();
    };
  }, []);
}

/** Extract files dropped anywhere on the window are imported. */
function useFileDrop() {
  const [isDragging, setDragging] = useState(false);
  const onDragOver = (event: DragEvent): void => {
    if (!hasDroppedFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent): void => {
    // Leaving for a child element is not leaving the window.
    if (event.relatedTarget === null) setDragging(false);
  };
  const onDrop = (event: DragEvent): void => {
    if (!hasDroppedFiles(event.dataTransfer)) return;
    event.preventDefault();
    setDragging(false);
    void filesFromDrop(event.dataTransfer).then((files) => importFiles(files));
  };
  return { isDragging, handlers: { onDragOver, onDragLeave, onDrop } };
}

const tabId = (tab: Tab): string => `tab-${tab}`;
const panelId = (tab: Tab): string => `tabpanel-${tab}`;

/** The screens beside each other as tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). */
function ScreenTabs() {
  const tab = useUiStore((s) => s.tab);
  const setTab = useUiStore((s) => s.setTab);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const to = rovingTarget(event.key, TABS.indexOf(tab), TABS.length, { wrap: true });
    const next = to === null ? undefined : TABS[to];
    if (next === undefined) return;
    event.preventDefault();
    setTab(next);
    document.getElementById(tabId(next))?.focus();
  };
  return (
    <div className="screen-tabs" role="tablist" aria-label="Screens" onKeyDown={onKeyDown}>
      {TABS.map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          id={tabId(t)}
          aria-selected={t === tab}
          aria-controls={panelId(t)}
          tabIndex={t === tab ? 0 : -1}
          data-testid={`tab-${t}`}
          onClick={() => setTab(t)}
        >
          {TAB_LABELS[t]}
        </button>
      ))}
    </div>
  );
}

function PivotScreen() {
  const chart = usePivotStore((s) => s.chart);
  // "Table only" and "Heatmap" give the table the whole height.
  const hasTrend = chart === 'line' || chart === 'bar';
  return (
    <div className="workspace">
      <aside className="sidebar">
        <PivotPanel />
        <ViewsPanel />
        <DataPanel />
      </aside>
      <div className={hasTrend ? 'content' : 'content table-only'}>
        <PivotGrid />
        {hasTrend && <TrendChart />}
      </div>
    </div>
  );
}

export function App() {
  usePlatformCommands();
  const { isDragging, handlers } = useFileDrop();
  const tab = useUiStore((s) => s.tab);
  return (
    <div className="app" {...handlers}>
      <Toolbar />
      <SyntheticBanner />
      <ImportProgressBar />
      <ScreenTabs />
      <main className="screen-host" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        {tab === 'pivot' && <PivotScreen />}
        {tab === 'flags' && <FlagsPanel />}
        {tab === 'repeats' && <RepeatsPanel />}
        {tab === 'survey' && <SurveyPanel />}
        {tab === 'charts' && <ChartsPanel />}
        {tab === 'profiles' && <ProfilesPanel />}
      </main>
      <StatusBar />
      <Announcer />
      {isDragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop police.uk CSV files to import them
        </div>
      )}
      <SheetChoiceDialog />
      <ColumnMappingDialog />
      <ImportSummaryDialog />
      <ReferenceDataDialog />
      <DrillThroughDialog />
      <ErrorDialog />
      <UnsavedChangesDialog />
      <RecoveryDialog />
      <ConfirmDialog />
    </div>
  );
}
