/**
 * The window's security policy as plain data and pure functions, so that Vitest can check
 * every hardening flag and every attack without an Electron binary (architecture.md,
 * "Security baseline"). create-window.ts and register-electron.ts only apply what is here.
 *
 * No `electron` import: the shapes below are the subset of Electron's types we set, and
 * create-window.ts passes them to `new BrowserWindow`, so the compiler checks they fit.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The renderer is served from a privileged custom scheme, not file://. Two reasons:
 * Chromium does not apply a Content-Security-Policy response header to file:// loads (the
 * header set by `webRequest.onHeadersReceived` is ignored there), and every file:// page
 * shares one opaque origin with every other file on disk, so "our origin" would mean "any
 * file". `app://brokerdesk` is an origin only our protocol handler answers for.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'brokerdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for `protocol.registerSchemesAsPrivileged` (before `app.ready`). */
export const APP_SCHEME_PRIVILEGES = {
  // standard: relative URLs, a real origin and 'self' in CSP work as for https.
  standard: true,
  // secure: a secure context, as https (no mixed-content downgrade of our own files).
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
  // No bypassCSP, no allowServiceWorkers, no stream, no corsEnabled: nothing here needs them.
} as const;

/**
 * One directive per line, then joined. Mantine injects <style> elements and style
 * attributes at run time (CSS variables, component styles), so style-src needs
 * 'unsafe-inline'; scripts get no such allowance: an injected <script> or inline handler
 * does not run. There is no eval and no remote origin anywhere.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  // The renderer talks to main over IPC; 'self' only allows our own bundled files.
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'media-src': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'child-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function cspString(directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export const CONTENT_SECURITY_POLICY = cspString();

/** The subset of Electron's `WebPreferences` we set; every flag is explicit, never a default. */
export type HardenedWebPreferences = {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  experimentalFeatures: false;
  enableBlinkFeatures: '';
  devTools: boolean;
};

/** Every window of the app (main and the passphrase prompt) runs with these, and only these. */
export function hardenedWebPreferences(preloadPath: string, devTools = false): HardenedWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // Off: Chromium's spell check would send typed text (names, ID numbers) to a
    // dictionary service on some platforms, and red underlines on names help nobody.
    spellcheck: false,
    // A file dropped on the window must not replace the app with that file.
    navigateOnDragDrop: false,
    safeDialogs: true,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    devTools,
  };
}

export type MainWindowOptions = {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: false;
  backgroundColor: string;
  title: string;
  autoHideMenuBar: boolean;
  webPreferences: HardenedWebPreferences;
};

export function mainWindowOptions(opts: { preloadPath: string; devTools?: boolean }): MainWindowOptions {
  return {
    // A branch desk's 1366×768 laptop, less the taskbar; the customer table needs the width.
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    // Shown on 'ready-to-show', so the person never sees an unpainted white frame.
    show: false,
    // Matches the renderer's light background: no flash while the first paint lands.
    backgroundColor: '#f8f9fa',
    title: 'BrokerDesk',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(opts.preloadPath, opts.devTools ?? false),
  };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` belongs to the app: our scheme and host, nothing else. Node's URL gives
 * non-special schemes an origin of "null", so compare scheme and host instead. Userinfo
 * (`app://x@brokerdesk`) and explicit ports are refused: we never produce them, so their
 * presence means someone crafted the URL.
 */
export function isAppUrl(url: string, appOrigin: string = APP_ORIGIN): boolean {
  const u = parseUrl(url);
  const o = parseUrl(appOrigin);
  if (!u || !o) return false;
  return u.protocol === o.protocol && u.hostname === o.hostname && u.port === '' && u.username === '' && u.password === '';
}

/**
 * `will-navigate` / `will-redirect` policy: the app is a single page, so any navigation that
 * leaves our origin (http, another file on disk, javascript:, data:, a blob) is refused.
 */
export function isAllowedNavigation(url: string, appOrigin: string = APP_ORIGIN): boolean {
  return isAppUrl(url, appOrigin);
}

/** What register-electron.ts reads off an IPC event (`event.sender`, `event.senderFrame`). */
export type SenderInfo = {
  webContentsId: number;
  /** null when the frame has navigated away or been destroyed since it sent. */
  frame: { url: string; isMainFrame: boolean } | null;
};

/**
 * The IPC sender check: accept only the main frame of a window we created, showing a page
 * from our origin. A subframe (an injected iframe), another webContents (a devtools
 * extension page, a window we did not open) or a page that navigated elsewhere is refused,
 * so a compromised or foreign frame cannot call the dispatcher with this window's session.
 */
export function isTrustedSender(sender: SenderInfo, trust: { windowIds: ReadonlySet<number>; appOrigin?: string }): boolean {
  if (!trust.windowIds.has(sender.webContentsId)) return false;
  if (!sender.frame || !sender.frame.isMainFrame) return false;
  return isAppUrl(sender.frame.url, trust.appOrigin ?? APP_ORIGIN);
}

/**
 * Map an `app://brokerdesk/...` request to a file under the renderer's root, or null. Refuses
 * any path that would leave the root (`..`, encoded `%2e%2e`, encoded separators, NUL) and
 * any request for another origin. `/` serves index.html.
 */
export function resolveAppAsset(url: string, rootDir: string, appOrigin: string = APP_ORIGIN): string | null {
  if (!isAppUrl(url, appOrigin)) return null;
  const u = parseUrl(url);
  if (!u) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  // Encoded separators or NUL after decoding mean a crafted path, never one of our assets.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const root = resolve(rootDir);
  const target = resolve(root, `.${pathname}`);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return target;
}

/** Content types for what Vite emits; anything else is served as opaque bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  const ext = dot >= 0 ? file.slice(dot).toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** Headers on every response of the app scheme: the CSP travels with the document itself. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeOf(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/** Permission requests (camera, notifications, clipboard-read, …): none is ever granted. */
export function allowPermission(_permission: string): boolean {
  return false;
}
