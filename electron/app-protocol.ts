/**
 * The `app://workbench/` protocol: serves the built renderer (dist-renderer)
 * and nothing else. Resolution is a pure function so traversal attempts can
 * be tested without Electron.
 */
import { promises as fsp } from 'node:fs';
import nodePath from 'node:path';

import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

/** MIME types for what Vite emits. `.wasm` must be application/wasm or streaming compilation refuses it. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const FALLBACK_MIME_TYPE = 'application/octet-stream';

/** Result of mapping a request URL onto the renderer folder. */
export type AppPathResolution = { kind: 'file'; filePath: string; mimeType: string } | { kind: 'not-found' };

/** The two `path` flavours (posix, win32) share this shape; tests pass `path.win32` to check Windows rules on Linux. */
export type PathApi = Pick<typeof nodePath, 'resolve' | 'sep' | 'extname' | 'isAbsolute'>;

const NOT_FOUND: AppPathResolution = { kind: 'not-found' };

/** MIME type for a file name, by extension (case-insensitive). */
export function mimeTypeFor(fileName: string, pathApi: PathApi = nodePath): string {
  return MIME_TYPES[pathApi.extname(fileName).toLowerCase()] ?? FALLBACK_MIME_TYPE;
}

/**
 * Maps `app://workbench/<path>` to a file under `rootDir`, or not-found.
 * Defence in depth: Chromium already normalises standard-scheme URLs, but
 * this still refuses other schemes and hosts, undecodable escapes, NUL,
 * backslashes, drive letters and anything that resolves outside `rootDir`.
 * `/` (and any path ending in `/`) means that folder's index.html.
 */
export function resolveAppPath(requestUrl: string, rootDir: string, pathApi: PathApi = nodePath): AppPathResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return NOT_FOUND;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname.toLowerCase() !== APP_HOST || url.port !== '' || url.username !== '') {
    return NOT_FOUND;
  }

  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return NOT_FOUND;
  }
  // Backslashes are separators on Windows and a colon would allow `C:` drive paths; neither is in a Vite asset name.
  if (decoded.includes('\\') || decoded.includes('\0') || decoded.includes(':')) return NOT_FOUND;

  const relative = (decoded.endsWith('/') || decoded === '' ? `${decoded}index.html` : decoded).replace(/^\/+/, '');
  if (relative === '' || pathApi.isAbsolute(relative)) return NOT_FOUND;

  const root = pathApi.resolve(rootDir);
  const filePath = pathApi.resolve(root, relative);
  if (!filePath.startsWith(root.endsWith(pathApi.sep) ? root : root + pathApi.sep)) return NOT_FOUND;

  return { kind: 'file', filePath, mimeType: mimeTypeFor(filePath, pathApi) };
}

/** Headers on every response: the CSP (so it applies even if webRequest misses custom schemes) and no MIME sniffing. */
function responseHeaders(mimeType: string, csp: string): Record<string, string> {
  return {
    'Content-Type': mimeType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

/**
 * The handler for `protocol.handle(APP_SCHEME, ...)`. Reads files from
 * `rootDir` (inside app.asar when packaged; Electron's fs reads it
 * transparently). Only GET and HEAD; everything else is 405.
 */
export function createAppProtocolHandler(
  rootDir: string,
  options: { csp?: string; readFile?: (filePath: string) => Promise<Uint8Array> } = {},
): (request: Request) => Promise<Response> {
  const csp = options.csp ?? CONTENT_SECURITY_POLICY;
  const readFile = options.readFile ?? ((filePath: string) => fsp.readFile(filePath));
  const plain = (status: number, text: string): Response =>
    new Response(text, { status, headers: responseHeaders('text/plain; charset=utf-8', csp) });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const resolution = resolveAppPath(request.url, rootDir);
    if (resolution.kind === 'not-found') return plain(404, 'Not found');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(resolution.filePath);
    } catch {
      // Missing file or a folder: the same 404, so the renderer learns nothing about the disk.
      return plain(404, 'Not found');
    }
    const body = request.method === 'HEAD' ? null : new Blob([new Uint8Array(bytes)]);
    return new Response(body, { status: 200, headers: responseHeaders(resolution.mimeType, csp) });
  };
}
