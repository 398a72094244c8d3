/**
 * The application menu as a plain template, so it can be tested without
 * Electron. Document commands go to the renderer (it owns the workbench and
 * knows about unsaved changes); editing, zoom and quit use Electron roles.
 */
import type { MenuItemConstructorOptions } from 'electron';

import type { MenuCommand } from '../shared/platform-bridge';

/** What the menu needs from the main process. */
export interface MenuOptions {
  appName: string;
  /** macOS puts About and Quit in an app-named menu and has a Window menu. */
  isMac: boolean;
  /** Reload and DevTools exist only in development. */
  isDev: boolean;
  /** Most recent first, as kept by the recent-files store. */
  recentFiles: readonly string[];
  onCommand: (command: MenuCommand) => void;
  onOpenRecent: (filePath: string) => void;
  onClearRecent: () => void;
  onAbout: () => void;
}

/** On Windows and Linux `&` marks a mnemonic; a path like `Drugs & Alcohol.workbench` must show literally. */
export function escapeMenuLabel(label: string): string {
  return label.replace(/&/g, '&&');
}

function recentSubmenu(options: MenuOptions): MenuItemConstructorOptions[] {
  const files: MenuItemConstructorOptions[] =
    options.recentFiles.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : options.recentFiles.map((filePath) => ({
          label: escapeMenuLabel(filePath),
          click: () => options.onOpenRecent(filePath),
        }));
  return [
    ...files,
    { type: 'separator' },
    { label: 'Clear Recent', enabled: options.recentFiles.length > 0, click: () => options.onClearRecent() },
  ];
}

/** Builds the full menu template; pass it to `Menu.buildFromTemplate`. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, menuCommand: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => options.onCommand(menuCommand),
  });
  const about: MenuItemConstructorOptions = { label: `About ${options.appName}`, click: () => options.onAbout() };

  const appMenu: MenuItemConstructorOptions[] = options.isMac
    ? [
        {
          label: options.appName,
          submenu: [
            about,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const fileMenu: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('New', 'new', 'CmdOrCtrl+N'),
      command('Open...', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recentSubmenu(options) },
      { type: 'separator' },
      command('Save', 'save', 'CmdOrCtrl+S'),
      command('Save As...', 'save-as', 'CmdOrCtrl+Shift+S'),
      { type: 'separator' },
      command('Import...', 'import', 'CmdOrCtrl+I'),
      command('Export CSV...', 'export-csv'),
      command('Export XLSX...', 'export-xlsx'),
      // On macOS Quit lives in the app menu and Close Window closes (through the unsaved-changes guard).
      ...(options.isMac
        ? [{ type: 'separator' }, { role: 'close' }] satisfies MenuItemConstructorOptions[]
        : [{ type: 'separator' }, { role: 'quit', label: 'Quit' }] satisfies MenuItemConstructorOptions[]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(options.isDev
        ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] satisfies MenuItemConstructorOptions[]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions[] = options.isMac ? [{ role: 'windowMenu' }] : [];

  const helpMenu: MenuItemConstructorOptions = { label: '&Help', role: 'help', submenu: [about] };

  return [...appMenu, fileMenu, editMenu, viewMenu, ...windowMenu, helpMenu];
}
