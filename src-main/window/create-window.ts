/**
 * Electron glue for the window policy in window-options.ts: this file applies it, it decides
 * nothing. Keep it thin; the rules and their tests live in the pure module.
 */
import { readFile } from 'node:fs/promises';
import { app, BrowserWindow, protocol, session, type BrowserWindowConstructorOptions, type Session, type WebContents, type WebPreferences } from 'electron';
import {
  allowPermission,
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  mainWindowOptions,
  resolveAppAsset,
  type HardenedWebPreferences,
  type MainWindowOptions,
} from './window-options';

/**
 * window-options.ts cannot import Electron's types, and passing a typed object (not a literal)
 * skips excess-property checks; so check here that every option it names is one Electron
 * knows. A misspelt flag (`contextIsolaton`) would otherwise be silently ignored at run time.
 */
type UnknownKeys<T, Known> = Exclude<keyof T, keyof Known>;
const onlyKnownWebPreferences: UnknownKeys<HardenedWebPreferences, WebPreferences> extends never ? true : false = true;
const onlyKnownWindowOptions: UnknownKeys<MainWindowOptions, BrowserWindowConstructorOptions> extends never ? true : false = true;
void onlyKnownWebPreferences;
void onlyKnownWindowOptions;

/** Must run before `app.ready`: Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/**
 * Serve `app://brokerdesk/*` from the built renderer. The CSP goes on each response here,
 * because that is the one delivery Chromium honours for a custom scheme; a request that
 * would leave `rendererDir` gets 404, as does a missing file.
 */
export function installAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: appResponseHeaders(file) });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

/**
 * Session-wide hardening: no permission is ever granted, and any response that reaches a
 * renderer over http(s) (there should be none; the CSP blocks remote loads) carries our CSP
 * too, so a navigation that slipped through could not run remote script with it.
 */
export function hardenSession(ses: Session = session.defaultSession): void {
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    const responseHeaders = { ...(details.responseHeaders ?? {}) };
    // Drop any CSP a server sent, whatever its casing, so ours is the only one.
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name];
    }
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders });
  });
}

/**
 * Every webContents the process ever creates (our windows, the passphrase prompt, anything a
 * bug might open) refuses navigation away from the app, new windows and <webview>. These
 * events fire for navigations the page or the person starts, not for our own `loadURL`,
 * so the passphrase prompt can still load its page.
 */
export function hardenWebContents(wc: WebContents): void {
  const deny = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  };
  wc.on('will-navigate', (event) => deny(event, event.url));
  wc.on('will-redirect', (event) => deny(event, event.url));
  wc.on('will-frame-navigate', (event) => deny(event, event.url));
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, wc) => hardenWebContents(wc));
}

export function createMainWindow(opts: { preloadPath: string; devTools: boolean }): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(opts));
  win.once('ready-to-show', () => win.show());
  // Titles come from the app, not from whatever the page sets (a spoofing surface).
  win.on('page-title-updated', (event) => event.preventDefault());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
