import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useState } from 'react';
import type { MenuCommand } from '../../../shared/platform-bridge';
import { runMenuCommand } from '../actions/menu';
import { platform } from '../platform';
import { useImportStore } from '../state/import-store';
import { usePivotStore } from '../state/pivot-store';
import { rovingTarget } from './roving';

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

const buttonId = (command: MenuCommand): string => `toolbar-button-${command}`;

/**
 * The workbench's commands: one Tab stop (WAI-ARIA toolbar), the arrow keys,
 * Home and End move between the buttons that can be used now.
 */
export function Toolbar() {
  const isImporting = useImportStore((s) => s.runningRequestId !== null);
  const hasResult = usePivotStore((s) => s.result !== null);
  useBrowserShortcuts(isImporting);
  const isDisabled = (command: MenuCommand): boolean =>
    (isImporting && BLOCKED_WHILE_IMPORTING.has(command)) || (command === 'export-csv' && !hasResult);
  const usable = BUTTONS.filter((b) => !isDisabled(b.command)).map((b) => b.command);
  const [current, setCurrent] = useState<MenuCommand>('new');
  // The last button focused keeps the Tab stop while it can be used; else the first that can.
  const tabStop = usable.includes(current) ? current : usable[0];
  const onKeyDown = (event: ReactKeyboardEvent<HTMLElement>): void => {
    if (tabStop === undefined) return;
    const to = rovingTarget(event.key, usable.indexOf(tabStop), usable.length);
    const next = to === null ? undefined : usable[to];
    if (next === undefined) return;
    event.preventDefault();
    setCurrent(next);
    document.getElementById(buttonId(next))?.focus();
  };
  return (
    <header className="toolbar" role="toolbar" aria-label="Workbench" onKeyDown={onKeyDown}>
      <span className="app-name">Crime Analyst Workbench</span>
      {BUTTONS.map((button) => (
        <button
          key={button.command}
          type="button"
          id={buttonId(button.command)}
          data-testid={`toolbar-${button.command}`}
          disabled={isDisabled(button.command)}
          tabIndex={button.command === tabStop ? 0 : -1}
          onFocus={() => setCurrent(button.command)}
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
