import { describe, expect, it, vi } from 'vitest';

import type {
  HardenableSession,
  HardenableWebContents,
  NavigationEvent,
  PreventableEvent,
  TrustOptions,
  WebContentsCreatedSource,
} from './security';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  createWebPreferences,
  hardenSession,
  hardenWebContents,
  installWebContentsHardening,
  isAllowedRequestUrl,
  isTrustedUrl,
  parseDevServerOrigin,
} from './security';

const DEV: TrustOptions = { devServerOrigin: 'http://127.0.0.1:5173' };

function mockSession() {
  const session = {
    setPermissionRequestHandler: vi.fn<HardenableSession['setPermissionRequestHandler']>(),
    setPermissionCheckHandler: vi.fn<HardenableSession['setPermissionCheckHandler']>(),
    webRequest: {
      onBeforeRequest: vi.fn<HardenableSession['webRequest']['onBeforeRequest']>(),
      onHeadersReceived: vi.fn<HardenableSession['webRequest']['onHeadersReceived']>(),
    },
  } satisfies HardenableSession;
  return session;
}

type Listener = (event: NavigationEvent) => void;

function mockWebContents() {
  const listeners = new Map<string, Listener>();
  const contents = {
    setWindowOpenHandler: vi.fn<HardenableWebContents['setWindowOpenHandler']>(),
    on: vi.fn((event: string, listener: Listener): void => {
      listeners.set(event, listener);
    }),
  } satisfies HardenableWebContents;
  /** Fires `event` with a fresh preventable event and says whether it was prevented. */
  const fire = (event: string, url: string): boolean => {
    const listener = listeners.get(event);
    if (listener === undefined) throw new Error(`no ${event} listener`);
    const preventDefault = vi.fn();
    listener({ url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, listeners };
}

function onlyArgument<T>(mock: { mock: { calls: T[][] } }): T {
  expect(mock.mock.calls).toHaveLength(1);
  const [call] = mock.mock.calls;
  const [argument] = call ?? [];
  if (argument === undefined) throw new Error('handler not installed');
  return argument;
}

describe('createWebPreferences', () => {
  it('turns every isolation switch on and Node off', () => {
    expect(createWebPreferences('/app/dist-electron/preload.cjs', { isDev: false })).toMatchObject({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: false,
    });
    expect(createWebPreferences('/p', { isDev: true }).devTools).toBe(true);
  });
});

describe('isTrustedUrl', () => {
  it.each([APP_ENTRY_URL, 'app://workbench/', 'app://workbench', 'APP://WORKBENCH/index.html', 'app://workbench/assets/a.js?x=1#top'])(
    'trusts %s',
    (url) => expect(isTrustedUrl(url)).toBe(true),
  );

  it.each([
    'app://workbench/../x',
    'app://workbench/assets/../../x',
    'app://workbench/%2e%2e/x',
    'app://workbench/.%2E/x',
    'app://workbench/./index.html',
    'app://workbench/..%2fx',
    'app://workbench/a%5c..%5cx',
    'app://workbench\\..\\x',
    'app://workbench/%E0%A4%A',
    'app://other/index.html',
    'app://workbench.evil.com/index.html',
    'app://workbench:1234/index.html',
    'app://user:pw@workbench/index.html',
    'app:workbench/index.html',
    'file:///C:/Windows/win.ini',
    'file:///etc/passwd',
    'http://workbench/index.html',
    'https://example.com/',
    'devtools://devtools/bundled/inspector.html',
    'chrome://settings',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    '',
    'not a url',
  ])('rejects %s', (url) => expect(isTrustedUrl(url)).toBe(false));

  it('trusts the dev server origin only when one is configured', () => {
    expect(isTrustedUrl('http://127.0.0.1:5173/', DEV)).toBe(true);
    expect(isTrustedUrl('http://127.0.0.1:5173/src/main.tsx', DEV)).toBe(true);
    expect(isTrustedUrl('http://127.0.0.1:5173/', { devServerOrigin: null })).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5174/', DEV)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', DEV)).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5173/../x', DEV)).toBe(false);
  });
});

describe('isAllowedRequestUrl', () => {
  it('allows the app, local data: and app blob: URLs, nothing on the network', () => {
    expect(isAllowedRequestUrl('app://workbench/assets/sql-wasm.wasm')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('blob:app://workbench/6b1c0a9e-7d7f-4d1b-9b7e-1b0a0f0e0d0c')).toBe(true);
    expect(isAllowedRequestUrl('blob:https://evil.example/6b1c')).toBe(false);
    expect(isAllowedRequestUrl('https://tile.openstreetmap.org/1/1/1.png')).toBe(false);
    expect(isAllowedRequestUrl('ws://127.0.0.1:5173/')).toBe(false);
    expect(isAllowedRequestUrl('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(isAllowedRequestUrl('file:///etc/passwd')).toBe(false);
  });

  it('allows DevTools and the HMR socket in development only', () => {
    expect(isAllowedRequestUrl('devtools://devtools/bundled/inspector.html', DEV)).toBe(true);
    expect(isAllowedRequestUrl('ws://127.0.0.1:5173/?token=abc', DEV)).toBe(true);
    expect(isAllowedRequestUrl('ws://127.0.0.1:9999/', DEV)).toBe(false);
    expect(isAllowedRequestUrl('https://example.com/', DEV)).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  it('is strict in production', () => {
    expect(contentSecurityPolicy({ devServerOrigin: null })).toBe(CONTENT_SECURITY_POLICY);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self' 'unsafe-inline'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "frame-src 'none'",
      "worker-src 'self' blob:",
    ]) {
      expect(CONTENT_SECURITY_POLICY.split('; ')).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/ 'unsafe-eval'|script-src[^;]*unsafe-inline|\*/);
  });

  it('relaxes only for the Vite dev server', () => {
    const dev = contentSecurityPolicy(DEV);
    expect(dev).toContain("script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'");
    expect(dev).toContain("connect-src 'self' ws://127.0.0.1:5173");
  });
});

describe('hardenSession', () => {
  it('denies permission requests other than clipboard writes from the app', () => {
    const session = mockSession();
    hardenSession(session);
    const handler = onlyArgument(session.setPermissionRequestHandler);
    const ask = (permission: string, requestingUrl: string): boolean => {
      const callback = vi.fn();
      handler({}, permission, callback, { requestingUrl });
      expect(callback).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]?.[0] === true;
    };
    for (const permission of ['geolocation', 'media', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'unknown']) {
      expect(ask(permission, APP_ENTRY_URL)).toBe(false);
    }
    expect(ask('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    const callback = vi.fn();
    handler({}, 'clipboard-sanitized-write', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('denies permission checks the same way', () => {
    const session = mockSession();
    hardenSession(session);
    const check = onlyArgument(session.setPermissionCheckHandler);
    expect(check(null, 'geolocation', 'app://workbench')).toBe(false);
    expect(check(null, 'media', 'app://workbench')).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://workbench')).toBe(true);
    expect(check(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });

  it('cancels requests that leave the app and lets app requests through', () => {
    const session = mockSession();
    hardenSession(session);
    const listener = onlyArgument(session.webRequest.onBeforeRequest);
    const decide = (url: string): unknown => {
      const callback = vi.fn();
      listener({ url }, callback);
      expect(callback).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]?.[0];
    };
    expect(decide('https://x')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:5173/')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(decide('app://other/index.html')).toEqual({ cancel: true });
    expect(decide('app://workbench/index.html')).toEqual({});
  });

  it('puts the CSP on app responses, replacing any other policy, and leaves others alone', () => {
    const session = mockSession();
    hardenSession(session);
    const listener = onlyArgument(session.webRequest.onHeadersReceived);
    const callback = vi.fn();
    listener(
      { url: 'app://workbench/index.html', responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    const other = vi.fn();
    listener({ url: 'devtools://devtools/x', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });

  it('uses the development CSP when trusting a dev server', () => {
    const session = mockSession();
    hardenSession(session, DEV);
    const listener = onlyArgument(session.webRequest.onHeadersReceived);
    const callback = vi.fn();
    listener({ url: 'http://127.0.0.1:5173/' }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [contentSecurityPolicy(DEV)] } });
  });
});

describe('hardenWebContents', () => {
  it('denies every new window', () => {
    const { contents } = mockWebContents();
    hardenWebContents(contents);
    const handler = onlyArgument(contents.setWindowOpenHandler);
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
  });

  it('blocks all navigation and redirects in production, even to app URLs', () => {
    const { contents, fire } = mockWebContents();
    hardenWebContents(contents);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(fire(event, 'https://example.com')).toBe(true);
      expect(fire(event, 'file:///etc/passwd')).toBe(true);
      expect(fire(event, 'app://workbench/other.html')).toBe(true);
    }
  });

  it('lets the dev server reload itself but nothing else', () => {
    const { contents, fire } = mockWebContents();
    hardenWebContents(contents, DEV);
    expect(fire('will-navigate', 'http://127.0.0.1:5173/')).toBe(false);
    expect(fire('will-navigate', 'https://example.com')).toBe(true);
  });

  it('refuses to attach a <webview>', () => {
    const { contents, listeners } = mockWebContents();
    hardenWebContents(contents);
    const listener = listeners.get('will-attach-webview');
    const event = { preventDefault: vi.fn() } satisfies PreventableEvent;
    listener?.({ ...event, url: '' });
    expect(listener).toBeDefined();
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('installWebContentsHardening', () => {
  it('hardens every web contents the app creates', () => {
    const app = { on: vi.fn<WebContentsCreatedSource['on']>() };
    installWebContentsHardening(app);
    expect(app.on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
    const created = app.on.mock.calls[0]?.[1];
    if (created === undefined) throw new Error('no listener');
    const { contents, fire } = mockWebContents();
    created({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(fire('will-navigate', 'https://example.com')).toBe(true);
  });
});

describe('parseDevServerOrigin', () => {
  it('accepts loopback http(s) only', () => {
    expect(parseDevServerOrigin('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173');
    expect(parseDevServerOrigin('http://localhost:5173/index.html')).toBe('http://localhost:5173');
    expect(parseDevServerOrigin('http://[::1]:5173')).toBe('http://[::1]:5173');
    expect(parseDevServerOrigin(undefined)).toBeNull();
    expect(parseDevServerOrigin('')).toBeNull();
    expect(parseDevServerOrigin('http://192.168.1.10:5173')).toBeNull();
    expect(parseDevServerOrigin('https://evil.example')).toBeNull();
    expect(parseDevServerOrigin('http://127.0.0.1.evil.example:5173')).toBeNull();
    expect(parseDevServerOrigin('file:///tmp/index.html')).toBeNull();
    expect(parseDevServerOrigin('http://user@127.0.0.1:5173')).toBeNull();
  });
});
