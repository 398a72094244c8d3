import { type DragEvent, useEffect, useState } from 'react';
import { importFiles } from '../actions/import-actions';
import { runMenuCommand } from '../actions/menu';
import { openWorkbench } from '../actions/workbench-actions';
import { filesFromDrop, hasDroppedFiles, platform } from '../platform';
import { DataPanel } from './DataPanel';
import { ConfirmDialog, ErrorDialog, UnsavedChangesDialog } from './Dialogs';
import { ImportProgressBar } from './ImportProgressBar';
import { ImportSummaryDialog } from './ImportSummaryDialog';
import { PivotGrid } from './PivotGrid';
import { PivotPanel } from './PivotPanel';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import { TrendChart } from './TrendChart';

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

export function App() {
  usePlatformCommands();
  const { isDragging, handlers } = useFileDrop();
  return (
    <div className="app" {...handlers}>
      <Toolbar />
      <ImportProgressBar />
      <main className="workspace">
        <aside className="sidebar">
          <PivotPanel />
          <DataPanel />
        </aside>
        <div className="content">
          <PivotGrid />
          <TrendChart />
        </div>
      </main>
      <StatusBar />
      {isDragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop police.uk CSV files to import them
        </div>
      )}
      <ImportSummaryDialog />
      <ErrorDialog />
      <UnsavedChangesDialog />
      <ConfirmDialog />
    </div>
  );
}
