import { useEffect } from 'react';
import type { MenuCommand } from '../../../shared/platform-bridge';
import { runMenuCommand } from '../actions/menu';
import { platform } from '../platform';
import { useImportStore } from '../state/import-store';
import { usePivotStore } from '../state/pivot-store';

interface ToolbarButton {
  command: MenuCommand;
  label: string;
  /** Shown in the tooltip and announced; bound only in the browser (Electron's menu owns them there). */
  shortcut?: { key: string; isShift?: boolean; aria: string };
}

const BUTTONS: readonly ToolbarButton[] = [
  { command: 'new', label: 'New' },
  { command: 'open', label: 'Open…', shortcut: { key: 'o', aria: 'Control+O' } },
  { command: 'save', label: 'Save', shortcut: { key: 's', aria: 'Control+S' } },
  { command: 'save-as', label: 'Save As…', shortcut: { key: 's', isShift: true, aria: 'Control+Shift+S' } },
  { command: 'import', label: 'Import…', shortcut: { key: 'i', aria: 'Control+I' } },
  { command: 'export-csv', label: 'Export CSV', shortcut: { key: 'e', aria: 'Control+E' } },
];

/** Commands that would queue behind a running import, so they wait until it ends. */
const BLOCKED_WHILE_IMPORTING: ReadonlySet<MenuCommand> = new Set(['new', 'open', 'save', 'save-as', 'import']);

function useBrowserShortcuts(isImporting: boolean): void {
  useEffect(() => {
    if (platform.kind !== 'browser') return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const button = BUTTONS.find(
        (b) => b.shortcut?.key === event.key.toLowerCase() && (b.shortcut.isShift ?? false) === event.shiftKey,
      );
      if (button === undefined || (isImporting && BLOCKED_WHILE_IMPORTING.has(button.command))) return;
      event.preventDefault();
      void runMenuCommand(button.command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [isImporting]);
}

export function Toolbar() {
  const isImporting = useImportStore((s) => s.runningRequestId !== null);
  const hasResult = usePivotStore((s) => s.result !== null);
  useBrowserShortcuts(isImporting);
  return (
    <header className="toolbar" role="toolbar" aria-label="Workbench">
      <span className="app-name">Crime Analyst Workbench</span>
      {BUTTONS.map((button) => (
        <button
          key={button.command}
          type="button"
          data-testid={`toolbar-${button.command}`}
          disabled={(isImporting && BLOCKED_WHILE_IMPORTING.has(button.command)) || (button.command === 'export-csv' && !hasResult)}
          aria-keyshortcuts={button.shortcut?.aria}
          title={button.shortcut ? `${button.label} (${button.shortcut.aria.replace('Control', 'Ctrl')})` : button.label}
          onClick={() => void runMenuCommand(button.command)}
        >
          {button.label}
        </button>
      ))}
    </header>
  );
}
