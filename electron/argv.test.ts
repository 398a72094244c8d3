import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { findWorkbenchPathInArgv, isWorkbenchPath } from './argv';

const packaged = { isDefaultApp: false, cwd: '/home/analyst' };
const unpackaged = { isDefaultApp: true, cwd: '/home/analyst' };

describe('findWorkbenchPathInArgv', () => {
  it('finds the file in a packaged app', () => {
    expect(findWorkbenchPathInArgv(['/opt/caw/caw', '/data/Burglary.workbench'], packaged)).toBe('/data/Burglary.workbench');
  });

  it('returns null when no file was given', () => {
    expect(findWorkbenchPathInArgv(['/opt/caw/caw'], packaged)).toBeNull();
    expect(findWorkbenchPathInArgv([], packaged)).toBeNull();
  });

  it('skips the app folder when unpackaged', () => {
    expect(findWorkbenchPathInArgv(['/x/electron', '.'], unpackaged)).toBeNull();
    expect(findWorkbenchPathInArgv(['/x/electron', '.', 'case.workbench'], unpackaged)).toBe('/home/analyst/case.workbench');
    expect(findWorkbenchPathInArgv(['/x/electron', '--inspect=9229', '.', 'case.workbench'], unpackaged)).toBe('/home/analyst/case.workbench');
    // The app folder itself is never taken as the file, even if it had the extension.
    expect(findWorkbenchPathInArgv(['/x/electron', 'odd.workbench'], unpackaged)).toBeNull();
  });

  it('ignores Chromium switches that a second instance receives', () => {
    const argv = [
      'C:\\Program Files\\Crime Analyst Workbench\\Crime Analyst Workbench.exe',
      '--allow-file-access-from-files',
      '--original-process-start-time=13370000000000000',
      'C:\\Cases\\ASB Q3.workbench',
    ];
    expect(findWorkbenchPathInArgv(argv, { isDefaultApp: false, cwd: 'C:\\Users\\analyst', pathApi: path.win32 })).toBe(
      'C:\\Cases\\ASB Q3.workbench',
    );
  });

  it('ignores non-workbench files and macOS -psn arguments', () => {
    expect(findWorkbenchPathInArgv(['/caw', '-psn_0_12345', 'extract.csv', 'notes.txt'], packaged)).toBeNull();
    expect(findWorkbenchPathInArgv(['/caw', 'extract.csv', 'b.WORKBENCH'], packaged)).toBe('/home/analyst/b.WORKBENCH');
  });

  it('resolves relative paths against the given working directory', () => {
    expect(findWorkbenchPathInArgv(['/caw', '../shared/case.workbench'], { isDefaultApp: false, cwd: '/home/analyst/docs' })).toBe(
      '/home/analyst/shared/case.workbench',
    );
    expect(
      findWorkbenchPathInArgv(['caw.exe', 'case.workbench'], { isDefaultApp: false, cwd: 'D:\\Work', pathApi: path.win32 }),
    ).toBe('D:\\Work\\case.workbench');
  });

  it('accepts file:// URLs from Linux desktop entries', () => {
    expect(findWorkbenchPathInArgv(['/caw', 'file:///home/analyst/Violence%20Q1.workbench'], packaged)).toBe(
      '/home/analyst/Violence Q1.workbench',
    );
    expect(findWorkbenchPathInArgv(['/caw', 'file://server/share/x.workbench'], packaged)).toBeNull();
  });

  it('treats everything after -- as a file, even if it starts with a dash', () => {
    expect(findWorkbenchPathInArgv(['/caw', '--', '-odd name.workbench'], packaged)).toBe('/home/analyst/-odd name.workbench');
    expect(findWorkbenchPathInArgv(['/caw', '--flag.workbench'], packaged)).toBeNull();
  });

  it('takes the first workbench file when several are given', () => {
    expect(findWorkbenchPathInArgv(['/caw', '/a.workbench', '/b.workbench'], packaged)).toBe('/a.workbench');
  });
});

describe('isWorkbenchPath', () => {
  it('matches the extension case-insensitively', () => {
    expect(isWorkbenchPath('/x/a.workbench')).toBe(true);
    expect(isWorkbenchPath('/x/A.Workbench')).toBe(true);
    expect(isWorkbenchPath('/x/a.workbench.bak')).toBe(false);
    expect(isWorkbenchPath('/x/.workbench')).toBe(false);
  });
});
