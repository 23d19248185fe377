import { describe, expect, it } from 'vitest';
import { join, resolve, sep } from 'node:path';
import {
  allowPermission,
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  isAllowedNavigation,
  isTrustedSender,
  mainWindowOptions,
  resolveAppAsset,
  type SenderInfo,
} from '../../src-main/window/window-options';

/** Directive name → its sources, parsed back from the header string the window actually gets. */
function parseCsp(csp: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) m.set(name, values);
  }
  return m;
}

describe('main window options', () => {
  const opts = mainWindowOptions({ preloadPath: '/app/dist-main/preload.cjs' });
  const wp = opts.webPreferences;

  it('isolates and sandboxes the renderer, with no Node in it', () => {
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and every risky feature off', () => {
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.spellcheck).toBe(false);
    expect(wp.navigateOnDragDrop).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp.enableBlinkFeatures).toBe('');
  });

  it('loads our preload, stays hidden until painted, and has devtools off unless asked', () => {
    expect(wp.preload).toBe('/app/dist-main/preload.cjs');
    expect(opts.show).toBe(false);
    expect(opts.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(opts.width).toBeGreaterThanOrEqual(opts.minWidth);
    expect(opts.height).toBeGreaterThanOrEqual(opts.minHeight);
    expect(wp.devTools).toBe(false);
    expect(mainWindowOptions({ preloadPath: 'p', devTools: true }).webPreferences.devTools).toBe(true);
  });

  it('serves the app from a secure standard scheme with no CSP bypass', () => {
    expect(APP_ENTRY_URL).toBe('app://brokerdesk/index.html');
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, codeCache: true });
    expect('bypassCSP' in APP_SCHEME_PRIVILEGES).toBe(false);
  });
});

describe('content security policy', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it('denies by default and allows scripts only from the app itself', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('never allows eval, inline script or a remote origin anywhere', () => {
    for (const [name, values] of csp) {
      expect(values, name).not.toContain("'unsafe-eval'");
      expect(values, name).not.toContain("'wasm-unsafe-eval'");
      expect(values, name).not.toContain('*');
      for (const v of values) expect(v, `${name} ${v}`).not.toMatch(/^(https?:|wss?:|\*)/);
    }
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('allows inline styles (Mantine injects them) but nothing else inline', () => {
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const withInline = [...csp].filter(([, v]) => v.includes("'unsafe-inline'")).map(([n]) => n);
    expect(withInline).toEqual(['style-src']);
  });

  it('blocks plugins, frames, base rewriting and form posts', () => {
    for (const d of ['object-src', 'frame-src', 'child-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(csp.get(d), d).toEqual(["'none'"]);
    }
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('is the string every app response carries', () => {
    expect(Object.keys(CSP_DIRECTIVES).length).toBe(csp.size);
    const h = appResponseHeaders('/x/index.html');
    expect(h['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(h['Content-Type']).toBe('text/html; charset=utf-8');
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(appResponseHeaders('/x/assets/a.js')['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(appResponseHeaders('/x/unknown.bin')['Content-Type']).toBe('application/octet-stream');
  });
});

describe('navigation policy', () => {
  it('allows the app itself', () => {
    expect(isAllowedNavigation(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html#/customers/123`)).toBe(true);
  });

  it.each([
    ['a remote site', 'http://evil.example/'],
    ['https', 'https://evil.example/phish'],
    ['a file elsewhere on disk', 'file:///etc/passwd'],
    ['the renderer build itself over file://', `file://${resolve('dist-renderer/index.html')}`],
    ['javascript:', 'javascript:alert(document.domain)'],
    ['javascript: with odd case and spaces', ' JaVaScRiPt:fetch("//evil")'],
    ['data: html', 'data:text/html,<script>alert(1)</script>'],
    ['a blob', 'blob:app://brokerdesk/1234'],
    ['another host on our scheme', 'app://evil/index.html'],
    ['our host with userinfo', 'app://user@brokerdesk/index.html'],
    ['our host with a port', 'app://brokerdesk:8080/index.html'],
    ['a look-alike host', 'app://brokerdesk.evil.example/'],
    ['protocol-relative', '//evil.example/'],
    ['garbage', 'not a url'],
    ['empty', ''],
  ])('denies %s', (_what, url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('IPC sender check', () => {
  const trust = { windowIds: new Set([7]) };
  const main = (url = APP_ENTRY_URL): SenderInfo => ({ webContentsId: 7, frame: { url, isMainFrame: true } });

  it("accepts our window's main frame on our origin", () => {
    expect(isTrustedSender(main(), trust)).toBe(true);
    expect(isTrustedSender(main(`${APP_ORIGIN}/index.html#/x`), trust)).toBe(true);
  });

  it('refuses a subframe of our own window, even on our origin (an injected iframe)', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url: APP_ENTRY_URL, isMainFrame: false } }, trust)).toBe(false);
  });

  it('refuses a webContents we did not create (another window, devtools, a webview)', () => {
    expect(isTrustedSender({ webContentsId: 8, frame: { url: APP_ENTRY_URL, isMainFrame: true } }, trust)).toBe(false);
  });

  it('refuses our window once it shows a page from elsewhere', () => {
    for (const url of ['http://evil.example/', 'file:///tmp/evil.html', 'javascript:void 0', 'data:text/html,x', 'about:blank', 'app://evil/']) {
      expect(isTrustedSender(main(url), trust), url).toBe(false);
    }
  });

  it('refuses a sender whose frame is gone (navigated or destroyed)', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: null }, trust)).toBe(false);
  });

  it('refuses everyone when no window is trusted yet', () => {
    expect(isTrustedSender(main(), { windowIds: new Set() })).toBe(false);
  });
});

describe('app protocol file mapping', () => {
  const root = resolve('/srv/app/dist-renderer');

  it('maps app URLs to files under the renderer root, / to index.html', () => {
    expect(resolveAppAsset('app://brokerdesk/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppAsset('app://brokerdesk/index.html', root)).toBe(join(root, 'index.html'));
    expect(resolveAppAsset('app://brokerdesk/assets/index-abc.js?v=1#x', root)).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppAsset('app://brokerdesk/fonts/%E4%B8%AD.woff2', root)).toBe(join(root, 'fonts', '中.woff2'));
  });

  it.each([
    ['dot-dot', 'app://brokerdesk/../../etc/passwd'],
    ['encoded dot-dot', 'app://brokerdesk/%2e%2e/%2e%2e/etc/passwd'],
    ['encoded slash', 'app://brokerdesk/assets/..%2f..%2f..%2fetc%2fpasswd'],
    ['encoded backslash', 'app://brokerdesk/..%5c..%5cwindows%5cwin.ini'],
    ['NUL', 'app://brokerdesk/index.html%00.js'],
    ['bad escape', 'app://brokerdesk/%E4%B8'],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///srv/app/dist-renderer/index.html'],
  ])('never serves a file outside the root for %s', (_what, url) => {
    const file = resolveAppAsset(url, root);
    // The URL parser may already fold `..` away (then the file is inside the root); what
    // survives parsing and decoding is refused.
    expect(file === null || file.startsWith(root + sep)).toBe(true);
  });

  it('refuses what still climbs out after decoding, encoded separators, NUL and bad escapes', () => {
    expect(resolveAppAsset('app://brokerdesk/assets/..%2f..%2f..%2fetc%2fpasswd', root)).toBeNull();
    expect(resolveAppAsset('app://brokerdesk/..%5c..%5cwindows%5cwin.ini', root)).toBeNull();
    expect(resolveAppAsset('app://brokerdesk/index.html%00.js', root)).toBeNull();
    expect(resolveAppAsset('app://brokerdesk/%E4%B8', root)).toBeNull();
    expect(resolveAppAsset('app://evil/index.html', root)).toBeNull();
    expect(resolveAppAsset('file:///srv/app/dist-renderer/index.html', root)).toBeNull();
  });
});

describe('permissions', () => {
  it('grants nothing', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'unknown']) {
      expect(allowPermission(p), p).toBe(false);
    }
  });
});
