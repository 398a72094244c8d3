import { describe, expect, it } from 'vitest';

import { WorkbenchError } from '../shared/errors';
import { ensureWorkbenchExtension, exportFilters } from './dialog-options';
import { createPathGrants } from './path-grants';
import {
  isIpcResult,
  parseKeepRecoveryArgs,
  parseSaveExportArgs,
  parseSaveWorkbenchArgs,
  sanitiseSuggestedName,
  toIpcResult,
  unwrapIpcResult,
} from './ipc-contract';

describe('toIpcResult / unwrapIpcResult', () => {
  it('wraps values and errors, and rethrows the readable message', async () => {
    expect(await toIpcResult(() => Promise.resolve(42))).toEqual({ ok: true, value: 42 });
    const failed = await toIpcResult(() => {
      throw new WorkbenchError({ code: 'not-found', message: 'Could not open "a.workbench": not found.' });
    });
    expect(failed).toEqual({ ok: false, error: { code: 'not-found', message: 'Could not open "a.workbench": not found.' } });
    expect(() => unwrapIpcResult(failed)).toThrow('Could not open "a.workbench": not found.');
    expect(unwrapIpcResult({ ok: true, value: null })).toBeNull();
    expect(await toIpcResult(() => 'sync')).toEqual({ ok: true, value: 'sync' });
  });

  it('recognises the result envelope', () => {
    expect(isIpcResult({ ok: true, value: 1 })).toBe(true);
    expect(isIpcResult({ ok: false, error: { code: 'internal', message: 'x' } })).toBe(true);
    expect(isIpcResult({ ok: false })).toBe(false);
    expect(isIpcResult(undefined)).toBe(false);
    expect(isIpcResult('ok')).toBe(false);
  });
});

describe('parseSaveWorkbenchArgs', () => {
  const bytes = new Uint8Array([1, 2, 3]);

  it('accepts well-formed arguments', () => {
    expect(parseSaveWorkbenchArgs(bytes, { path: '/a.workbench', suggestedName: 'a.workbench', saveAs: false })).toEqual({
      bytes,
      path: '/a.workbench',
      suggestedName: 'a.workbench',
      saveAs: false,
    });
    expect(parseSaveWorkbenchArgs(bytes, { path: null, suggestedName: 'b', saveAs: true })?.path).toBeNull();
  });

  it('rejects malformed arguments from the renderer', () => {
    expect(parseSaveWorkbenchArgs([1, 2, 3], { path: null, suggestedName: 'a', saveAs: false })).toBeNull();
    expect(parseSaveWorkbenchArgs(bytes, null)).toBeNull();
    expect(parseSaveWorkbenchArgs(bytes, { path: 42, suggestedName: 'a', saveAs: false })).toBeNull();
    expect(parseSaveWorkbenchArgs(bytes, { path: null, suggestedName: 'a', saveAs: 'yes' })).toBeNull();
  });

  it('strips folders from the suggested name', () => {
    expect(parseSaveWorkbenchArgs(bytes, { path: null, suggestedName: '../../etc/passwd', saveAs: true })?.suggestedName).toBe(
      '.._.._etc_passwd',
    );
  });
});

describe('parseSaveExportArgs', () => {
  it('accepts bytes or text and defaults the MIME type', () => {
    expect(parseSaveExportArgs('a,b\n1,2\n', { suggestedName: 'pivot.csv', mimeType: 'text/csv' })).toEqual({
      data: 'a,b\n1,2\n',
      suggestedName: 'pivot.csv',
      mimeType: 'text/csv',
    });
    expect(parseSaveExportArgs(new Uint8Array([1]), { suggestedName: 'chart.png' })?.mimeType).toBe('application/octet-stream');
    expect(parseSaveExportArgs(42, { suggestedName: 'x' })).toBeNull();
    expect(parseSaveExportArgs('x', 'nope')).toBeNull();
  });
});

describe('sanitiseSuggestedName', () => {
  it('falls back for empty or hostile names', () => {
    expect(sanitiseSuggestedName('', 'export')).toBe('export');
    expect(sanitiseSuggestedName('..', 'export')).toBe('export');
    expect(sanitiseSuggestedName(undefined, 'export')).toBe('export');
    expect(sanitiseSuggestedName('C:\\Windows\\x.csv', 'export')).toBe('C_Windows_x.csv');
    expect(sanitiseSuggestedName('Burglary: Q3 <draft>.csv', 'export')).toBe('Burglary Q3 draft.csv');
  });
});

describe('createPathGrants', () => {
  it('grants only paths the analyst chose', () => {
    const grants = createPathGrants(false);
    grants.grant('/cases/a.workbench');
    expect(grants.isGranted('/cases/a.workbench')).toBe(true);
    expect(grants.isGranted('/cases/../cases/a.workbench')).toBe(true);
    expect(grants.isGranted('/cases/A.workbench')).toBe(false);
    expect(grants.isGranted('/etc/passwd')).toBe(false);
  });

  it('ignores case on Windows and macOS', () => {
    const grants = createPathGrants(true);
    grants.grant('/Cases/A.workbench');
    expect(grants.isGranted('/cases/a.workbench')).toBe(true);
  });
});

describe('dialog options', () => {
  it('picks export filters from the MIME type, then the extension', () => {
    expect(exportFilters('pivot.csv', 'text/csv;charset=utf-8')).toEqual([
      { name: 'CSV', extensions: ['csv'] },
      { name: 'All files', extensions: ['*'] },
    ]);
    expect(exportFilters('chart.png', 'image/png')[0]).toEqual({ name: 'PNG image', extensions: ['png'] });
    expect(exportFilters('data.parquet', 'application/octet-stream')[0]).toEqual({ name: 'PARQUET file', extensions: ['parquet'] });
    expect(exportFilters('noext', 'application/octet-stream')).toEqual([{ name: 'All files', extensions: ['*'] }]);
  });

  it('adds .workbench when the dialog did not', () => {
    expect(ensureWorkbenchExtension('/cases/burglary')).toBe('/cases/burglary.workbench');
    expect(ensureWorkbenchExtension('/cases/burglary.WORKBENCH')).toBe('/cases/burglary.WORKBENCH');
    expect(ensureWorkbenchExtension('/cases/q3.v2')).toBe('/cases/q3.v2.workbench');
  });
});

describe('parseKeepRecoveryArgs', () => {
  it('accepts bytes with the file they belong to, and refuses anything else', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(parseKeepRecoveryArgs(bytes, { name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench' })).toEqual({
      bytes,
      file: { name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench' },
    });
    // A name is only a name: no folders; an empty path is none.
    expect(parseKeepRecoveryArgs(bytes, { name: '../../etc/passwd', path: '' })).toEqual({ bytes, file: { name: '.._.._etc_passwd', path: null } });
    expect(parseKeepRecoveryArgs(bytes, { name: 3, path: null })?.file.name).toBe('Untitled.workbench');
    expect(parseKeepRecoveryArgs('bytes', { name: 'a', path: null })).toBeNull();
    expect(parseKeepRecoveryArgs(bytes, null)).toBeNull();
    expect(parseKeepRecoveryArgs(bytes, { name: 'a', path: 42 })).toBeNull();
  });
});
