import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

import type { MenuOptions } from './menu';
import { buildMenuTemplate, escapeMenuLabel } from './menu';

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return {
    appName: 'Crime Analyst Workbench',
    isMac: false,
    isDev: false,
    recentFiles: [],
    onCommand: vi.fn(),
    onOpenRecent: vi.fn(),
    onClearRecent: vi.fn(),
    onAbout: vi.fn(),
    ...overrides,
  };
}

function submenuOf(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  const submenu = item?.submenu;
  if (!Array.isArray(submenu)) throw new Error(`${item?.label ?? '?'} has no submenu`);
  return submenu;
}

function topMenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  return submenuOf(template.find((item) => item.label === label));
}

function item(menu: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = menu.find((entry) => entry.label === label);
  if (found === undefined) throw new Error(`no ${label}`);
  return found;
}

/** Calls an item's click handler the way Electron would (arguments unused by our handlers). */
function click(entry: MenuItemConstructorOptions): void {
  const handler = entry.click;
  if (handler === undefined) throw new Error(`${entry.label ?? '?'} is not clickable`);
  Reflect.apply(handler, undefined, []);
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help on Windows and Linux', () => {
    expect(buildMenuTemplate(options()).map((entry) => entry.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('lays out the File menu with accelerators and sends commands to the renderer', () => {
    const opts = options();
    const file = topMenu(buildMenuTemplate(opts), '&File');
    expect(file.map((entry) => entry.label ?? entry.type ?? entry.role)).toEqual([
      'New',
      'Open...',
      'Open Recent',
      'separator',
      'Save',
      'Save As...',
      'separator',
      'Import...',
      'Export CSV...',
      'Export XLSX...',
      'separator',
      'Quit',
    ]);
    expect(item(file, 'New').accelerator).toBe('CmdOrCtrl+N');
    expect(item(file, 'Open...').accelerator).toBe('CmdOrCtrl+O');
    expect(item(file, 'Save').accelerator).toBe('CmdOrCtrl+S');
    expect(item(file, 'Save As...').accelerator).toBe('CmdOrCtrl+Shift+S');
    expect(item(file, 'Import...').accelerator).toBe('CmdOrCtrl+I');
    expect(item(file, 'Quit').role).toBe('quit');

    for (const [label, command] of [
      ['New', 'new'],
      ['Open...', 'open'],
      ['Save', 'save'],
      ['Save As...', 'save-as'],
      ['Import...', 'import'],
      ['Export CSV...', 'export-csv'],
      ['Export XLSX...', 'export-xlsx'],
    ] as const) {
      click(item(file, label));
      expect(opts.onCommand).toHaveBeenLastCalledWith(command);
    }
    expect(opts.onCommand).toHaveBeenCalledTimes(7);
  });

  it('lists recent files most recent first, opens them and clears them', () => {
    const opts = options({ recentFiles: ['C:\\Cases\\Drugs & Alcohol.workbench', 'C:\\Cases\\Burglary.workbench'] });
    const recent = submenuOf(item(topMenu(buildMenuTemplate(opts), '&File'), 'Open Recent'));
    expect(recent.map((entry) => entry.label ?? entry.type)).toEqual([
      'C:\\Cases\\Drugs && Alcohol.workbench',
      'C:\\Cases\\Burglary.workbench',
      'separator',
      'Clear Recent',
    ]);
    click(item(recent, 'C:\\Cases\\Burglary.workbench'));
    expect(opts.onOpenRecent).toHaveBeenCalledWith('C:\\Cases\\Burglary.workbench');
    click(item(recent, 'C:\\Cases\\Drugs && Alcohol.workbench'));
    expect(opts.onOpenRecent).toHaveBeenLastCalledWith('C:\\Cases\\Drugs & Alcohol.workbench');
    const clear = item(recent, 'Clear Recent');
    expect(clear.enabled).toBe(true);
    click(clear);
    expect(opts.onClearRecent).toHaveBeenCalledTimes(1);
  });

  it('shows a disabled placeholder when there are no recent files', () => {
    const recent = submenuOf(item(topMenu(buildMenuTemplate(options()), '&File'), 'Open Recent'));
    expect(item(recent, 'No Recent Files').enabled).toBe(false);
    expect(item(recent, 'Clear Recent').enabled).toBe(false);
  });

  it('uses roles for editing', () => {
    const edit = topMenu(buildMenuTemplate(options()), '&Edit');
    expect(edit.filter((entry) => entry.role !== undefined).map((entry) => entry.role)).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'delete',
      'selectAll',
    ]);
  });

  it('offers reload and DevTools only in development', () => {
    const prodRoles = topMenu(buildMenuTemplate(options()), '&View').map((entry) => entry.role);
    expect(prodRoles).not.toContain('reload');
    expect(prodRoles).not.toContain('forceReload');
    expect(prodRoles).not.toContain('toggleDevTools');
    expect(prodRoles).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));

    const devRoles = topMenu(buildMenuTemplate(options({ isDev: true })), '&View').map((entry) => entry.role);
    expect(devRoles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut']));
  });

  it('has About in Help', () => {
    const opts = options();
    const help = topMenu(buildMenuTemplate(opts), '&Help');
    click(item(help, 'About Crime Analyst Workbench'));
    expect(opts.onAbout).toHaveBeenCalledTimes(1);
  });

  it('follows macOS conventions: app menu with About and Quit, Close Window in File, a Window menu', () => {
    const template = buildMenuTemplate(options({ isMac: true }));
    expect(template.map((entry) => entry.label ?? entry.role)).toEqual([
      'Crime Analyst Workbench',
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      '&Help',
    ]);
    const appMenu = topMenu(template, 'Crime Analyst Workbench');
    expect(appMenu.map((entry) => entry.role)).toContain('quit');
    expect(appMenu[0]?.label).toBe('About Crime Analyst Workbench');
    const fileRoles = topMenu(template, '&File').map((entry) => entry.role);
    expect(fileRoles).toContain('close');
    expect(fileRoles).not.toContain('quit');
  });
});

describe('escapeMenuLabel', () => {
  it('doubles ampersands so they are not mnemonics', () => {
    expect(escapeMenuLabel('A & B && C')).toBe('A && B &&&& C');
  });
});
