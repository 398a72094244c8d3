import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAppProtocolHandler, mimeTypeFor, resolveAppPath } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './security';

const posixRoot = '/opt/caw/resources/app.asar/dist-renderer';
const winRoot = 'C:\\Program Files\\Crime Analyst Workbench\\resources\\app.asar\\dist-renderer';

function resolvePosix(url: string): string | null {
  const result = resolveAppPath(url, posixRoot, path.posix);
  return result.kind === 'file' ? result.filePath : null;
}

function resolveWin(url: string): string | null {
  const result = resolveAppPath(url, winRoot, path.win32);
  return result.kind === 'file' ? result.filePath : null;
}

describe('resolveAppPath', () => {
  it('serves index.html for the root and for folder paths', () => {
    expect(resolvePosix('app://workbench/')).toBe(`${posixRoot}/index.html`);
    expect(resolvePosix('app://workbench')).toBe(`${posixRoot}/index.html`);
    expect(resolvePosix('app://workbench/docs/')).toBe(`${posixRoot}/docs/index.html`);
    expect(resolveWin('app://workbench/')).toBe(`${winRoot}\\index.html`);
  });

  it('maps asset paths inside the folder and ignores query and hash', () => {
    expect(resolvePosix('app://workbench/assets/index-abc123.js')).toBe(`${posixRoot}/assets/index-abc123.js`);
    expect(resolvePosix('app://workbench/assets/sql-wasm.wasm?v=1#x')).toBe(`${posixRoot}/assets/sql-wasm.wasm`);
    expect(resolvePosix('app://workbench/assets/my%20font.woff2')).toBe(`${posixRoot}/assets/my font.woff2`);
    expect(resolveWin('app://workbench/assets/index.css')).toBe(`${winRoot}\\assets\\index.css`);
  });

  it('returns the MIME type with the file', () => {
    expect(resolveAppPath('app://workbench/assets/sql-wasm.wasm', posixRoot, path.posix)).toEqual({
      kind: 'file',
      filePath: `${posixRoot}/assets/sql-wasm.wasm`,
      mimeType: 'application/wasm',
    });
  });

  it.each([
    // WHATWG URL parsing removes literal and %2e dot segments before we see the path: they land inside the root.
    ['app://workbench/../secret.txt', `${posixRoot}/secret.txt`],
    ['app://workbench/../../etc/passwd', `${posixRoot}/etc/passwd`],
    ['app://workbench/assets/../../etc/passwd', `${posixRoot}/etc/passwd`],
    ['app://workbench/%2e%2e/secret.txt', `${posixRoot}/secret.txt`],
    ['app://workbench/%2E%2E/%2e%2e/etc/passwd', `${posixRoot}/etc/passwd`],
    ['app://workbench/.%2e/secret.txt', `${posixRoot}/secret.txt`],
    ['app://workbench/%2fetc%2fpasswd', `${posixRoot}/etc/passwd`],
    // An encoded slash only becomes `../` after decoding; resolve + prefix check refuses it.
    ['app://workbench/assets/..%2f..%2fsecret.txt', null],
    ['app://workbench/..%2F..%2Fetc%2Fpasswd', null],
    ['app://workbench/assets/..%2findex.html', `${posixRoot}/index.html`],
  ])('never escapes the renderer folder: %s -> %s', (url, expected) => {
    expect(resolvePosix(url)).toBe(expected);
  });

  it.each([
    'app://workbench/..\\..\\Windows\\win.ini',
    'app://workbench/assets\\..\\..\\secret.txt',
    'app://workbench/%5c..%5c..%5cWindows%5cwin.ini',
    'app://workbench/C:/Windows/win.ini',
    'app://workbench/C%3A%5CWindows%5Cwin.ini',
    'app://workbench//C:/Windows/win.ini',
    'app://workbench/%5C%5Cserver%5Cshare%5Cfile',
    'app://workbench/index.html%00.png',
  ])('refuses %s (backslashes, drives, UNC, NUL)', (url) => {
    expect(resolveWin(url)).toBeNull();
    expect(resolvePosix(url)).toBeNull();
  });

  it('resolves encoded traversal that would escape to not-found', () => {
    // `..%2f` decodes to `../` only after URL parsing, so the resolve + prefix check must catch it.
    expect(resolvePosix('app://workbench/..%2fsecret.txt')).toBeNull();
    expect(resolvePosix('app://workbench/assets/..%2f..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveWin('app://workbench/..%2f..%2fWindows%2fwin.ini')).toBeNull();
  });

  it('keeps absolute-looking paths inside the folder', () => {
    expect(resolvePosix('app://workbench//etc/passwd')).toBe(`${posixRoot}/etc/passwd`);
    expect(resolvePosix('app://workbench/%2Fetc/passwd')).toBe(`${posixRoot}/etc/passwd`);
  });

  it('does not let a sibling folder with the same prefix through', () => {
    // `/dist-renderer-evil` starts with `/dist-renderer` as a string; the separator check rejects it.
    expect(resolvePosix('app://workbench/..%2fdist-renderer-evil/x.js')).toBeNull();
  });

  it.each([
    'app://evil/index.html',
    'app://workbench.evil.com/index.html',
    'app://workbench:8080/index.html',
    'app://user@workbench/index.html',
    'file:///etc/passwd',
    'https://workbench/index.html',
    'not a url',
    'app://workbench/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolvePosix(url)).toBeNull();
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['worker.mjs', 'text/javascript; charset=utf-8'],
    ['a.CSS', 'text/css; charset=utf-8'],
    ['sql-wasm.wasm', 'application/wasm'],
    ['logo.svg', 'image/svg+xml'],
    ['logo.png', 'image/png'],
    ['font.woff2', 'font/woff2'],
    ['manifest.json', 'application/json; charset=utf-8'],
    ['a.js.map', 'application/json; charset=utf-8'],
    ['LICENSE', 'application/octet-stream'],
  ])('%s -> %s', (name, type) => {
    expect(mimeTypeFor(name)).toBe(type);
  });
});

describe('createAppProtocolHandler', () => {
  let root: string;
  let outside: string;

  beforeAll(async () => {
    const base = await fsp.mkdtemp(path.join(os.tmpdir(), 'caw-protocol-'));
    root = path.join(base, 'dist-renderer');
    outside = path.join(base, 'secret.txt');
    await fsp.mkdir(path.join(root, 'assets'), { recursive: true });
    await fsp.writeFile(path.join(root, 'index.html'), '<!doctype html><title>Workbench</title>');
    await fsp.writeFile(path.join(root, 'assets', 'sql-wasm.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    await fsp.writeFile(outside, 'top secret');
  });

  afterAll(async () => {
    await fsp.rm(path.dirname(root), { recursive: true, force: true });
  });

  it('serves index.html for / with the CSP and nosniff headers', async () => {
    const response = await createAppProtocolHandler(root)(new Request('app://workbench/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Workbench</title>');
  });

  it('serves wasm bytes as application/wasm', async () => {
    const response = await createAppProtocolHandler(root)(new Request('app://workbench/assets/sql-wasm.wasm'));
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  });

  it('404s for missing files, folders and traversal to a real file outside the root', async () => {
    const handler = createAppProtocolHandler(root);
    expect((await handler(new Request('app://workbench/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://workbench/assets'))).status).toBe(404);
    const escape = await handler(new Request('app://workbench/..%2fsecret.txt'));
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('top secret');
  });

  it('refuses methods other than GET and HEAD, and sends no body for HEAD', async () => {
    const handler = createAppProtocolHandler(root);
    expect((await handler(new Request('app://workbench/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handler(new Request('app://workbench/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
