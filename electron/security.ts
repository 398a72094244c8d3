/**
 * Hardening for the window, its web contents and its session. The renderer
 * handles police data, so it gets no Node, no network, no navigation, no
 * pop-ups and no permissions beyond clipboard writes. Everything Electron is
 * passed in, so tests can hand in mocks.
 */
import type { WebPreferences } from 'electron';

/** Custom scheme the built renderer is served from. Registered as privileged before `ready`. */
export const APP_SCHEME = 'app';
/** The one host of that scheme; other hosts get 404s and are untrusted. */
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads in production. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Content-Security-Policy for the renderer. Why each exception:
 * 'wasm-unsafe-eval' lets sql.js compile its wasm; 'unsafe-inline' styles
 * because AG Grid injects <style> elements; data:/blob: images and workers
 * for chart exports and the database worker; connect-src 'self' because
 * sql.js fetches its wasm from the app origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ');

/**
 * Permissions granted to the app's own pages. Only async clipboard writes
 * ("copy with headers"): Chromium checks this before every
 * `navigator.clipboard.writeText`, so denying it breaks copying silently.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Where trusted content may come from. `devServerOrigin` is set only when running against Vite. */
export interface TrustOptions {
  devServerOrigin: string | null;
}

export const PRODUCTION_TRUST: TrustOptions = { devServerOrigin: null };

/**
 * The origin of `VITE_DEV_SERVER_URL`, accepted only for http(s) on the
 * loopback interface: a development switch must never point the app at
 * another machine.
 */
export function parseDevServerOrigin(rawUrl: string | undefined): string | null {
  if (rawUrl === undefined || rawUrl === '') return null;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  const isLoopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback && url.username === '' ? url.origin : null;
}

/**
 * The CSP to send. Against the Vite dev server it also allows the inline
 * React-refresh preamble and the HMR websocket; never in production.
 */
export function contentSecurityPolicy(trust: TrustOptions): string {
  if (trust.devServerOrigin === null) return CONTENT_SECURITY_POLICY;
  const hmrSocket = trust.devServerOrigin.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${hmrSocket}`,
  );
}

/** Hardened `webPreferences` for every window the app creates. */
export function createWebPreferences(preloadPath: string, options: { isDev: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // On Linux the spellchecker downloads dictionaries; nothing may touch the network.
    spellcheck: false,
    devTools: options.isDev,
  } satisfies WebPreferences;
}

function hasSeparatorOrNul(text: string): boolean {
  return text.includes('/') || text.includes('\\') || text.includes('\0');
}

/** True when some path segment is `.`/`..` (plain or percent-encoded), or hides a separator or NUL. */
function hasUnsafePath(rawUrl: string): boolean {
  const beforeQuery = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (beforeQuery.includes('\\')) return true;
  return beforeQuery.split('/').some((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return true;
    }
    return decoded === '.' || decoded === '..' || hasSeparatorOrNul(decoded);
  });
}

/**
 * The URL allow-list: only `app://workbench/...` (and, in development, the
 * Vite dev server's origin). The raw string is checked for traversal because
 * `new URL` would silently resolve `app://workbench/../x` to `/x`.
 */
export function isTrustedUrl(rawUrl: string, trust: TrustOptions = PRODUCTION_TRUST): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '' || hasUnsafePath(rawUrl)) return false;
  if (url.protocol === `${APP_SCHEME}:`) return url.hostname.toLowerCase() === APP_HOST && url.port === '';
  return trust.devServerOrigin !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === trust.devServerOrigin;
}

/**
 * What the session may load: trusted URLs, plus local-only `data:` and
 * `blob:` (chart images, the database worker) and, in development only,
 * DevTools and the HMR websocket. Everything else, notably http(s) and
 * file:, is cancelled.
 */
export function isAllowedRequestUrl(rawUrl: string, trust: TrustOptions = PRODUCTION_TRUST): boolean {
  if (isTrustedUrl(rawUrl, trust)) return true;
  if (rawUrl.startsWith('data:')) return true;
  if (rawUrl.startsWith('blob:')) return isTrustedUrl(rawUrl.slice('blob:'.length), trust);
  if (trust.devServerOrigin === null) return false;
  if (rawUrl.startsWith('devtools://')) return true;
  const hmrSocket = trust.devServerOrigin.replace(/^http/, 'ws');
  return rawUrl === hmrSocket || rawUrl.startsWith(`${hmrSocket}/`) || rawUrl.startsWith(`${hmrSocket}?`);
}

/** The parts of an Electron `Session` that `hardenSession` touches. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (isGranted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

function isGrantedPermission(permission: string, requestingUrl: string | undefined, trust: TrustOptions): boolean {
  return GRANTED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isTrustedUrl(requestingUrl, trust);
}

/**
 * Denies permission requests and checks (except GRANTED_PERMISSIONS for the
 * app's own pages), cancels every request to a URL outside the allow-list,
 * and puts the CSP on trusted responses.
 */
export function hardenSession(session: HardenableSession, trust: TrustOptions = PRODUCTION_TRUST): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isGrantedPermission(permission, details.requestingUrl, trust));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isGrantedPermission(permission, requestingOrigin, trust),
  );
  session.webRequest.onBeforeRequest((details, callback) => {
    callback(isAllowedRequestUrl(details.url, trust) ? {} : { cancel: true });
  });
  const policy = contentSecurityPolicy(trust);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedUrl(details.url, trust)) {
      callback({});
      return;
    }
    // Replace, not add: a second, laxer policy from the dev server must not survive.
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
}

/** An Electron event that can be cancelled. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The event Electron passes to will-navigate / will-redirect / will-frame-navigate. */
export interface NavigationEvent extends PreventableEvent {
  url: string;
}

/** The parts of `WebContents` that `hardenWebContents` touches. */
export interface HardenableWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/**
 * Refuses pop-ups, `<webview>`, and every navigation or redirect away from
 * the loaded page (the renderer is a single page; in-page hash changes do
 * not raise these events). In development a trusted dev-server URL may
 * navigate so Vite's full reloads work.
 */
export function hardenWebContents(contents: HardenableWebContents, trust: TrustOptions = PRODUCTION_TRUST): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const blockNavigation = (event: NavigationEvent): void => {
    const isDevReload = trust.devServerOrigin !== null && isTrustedUrl(event.url, trust);
    if (!isDevReload) event.preventDefault();
  };
  contents.on('will-navigate', blockNavigation);
  contents.on('will-frame-navigate', blockNavigation);
  contents.on('will-redirect', blockNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The part of Electron's `app` used to harden every web contents as it is created. */
export interface WebContentsCreatedSource {
  on(event: 'web-contents-created', listener: (event: unknown, contents: HardenableWebContents) => void): unknown;
}

/** Hardens every web contents the app ever creates, including DevTools and any the renderer might spawn. */
export function installWebContentsHardening(app: WebContentsCreatedSource, trust: TrustOptions = PRODUCTION_TRUST): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, trust));
}
