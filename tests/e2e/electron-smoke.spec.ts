/**
 * Electron smoke test (architecture.md, "Testing without the Electron binary", point 3): the
 * real app, through Playwright's Electron support. It runs where Electron's binary exists and
 * the SQLite addon was built for Electron; elsewhere it reports itself skipped, with why.
 * Self-contained: builds main itself and uses a temporary demo database and profile, not the
 * e2e web host.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** null when the smoke test can run, else the reason it cannot (the skip message). */
function unavailable(): string | null {
  let binary: unknown;
  try {
    binary = require('electron');
  } catch {
    return 'Electron binary not installed: node_modules/electron/path.txt missing (ELECTRON_SKIP_BINARY_DOWNLOAD / no network)';
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return `Electron binary not installed: ${String(binary)} missing (ELECTRON_SKIP_BINARY_DOWNLOAD / no network)`;
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return `Electron binary ${binary} is not executable`;
  }
  if (process.env.BD_NATIVE_BINDING) return existsSync(process.env.BD_NATIVE_BINDING) ? null : `BD_NATIVE_BINDING ${process.env.BD_NATIVE_BINDING} missing`;
  // better-sqlite3 is ABI-specific (not N-API): an addon that loads in this Node cannot load
  // in Electron, so a loadable default addon means nobody rebuilt it for Electron.
  try {
    const addon = join(dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json')), 'build', 'Release', 'better_sqlite3.node');
    require(addon);
    return 'better_sqlite3.node is the Node build: rebuild it for Electron and set BD_NATIVE_BINDING';
  } catch {
    return null;
  }
}

const reason = unavailable();
test.skip(reason !== null, reason ?? '');

test.describe('Electron app', () => {
  // One app for the whole file (the config runs files fully parallel): launching is the slow part.
  test.describe.configure({ mode: 'serial' });
  let app: ElectronApplication;
  let page: Page;
  let dir: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    execFileSync(process.execPath, [join(root, 'scripts', 'build-main.mjs')], { cwd: root, stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'bd-electron-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    app = await electron.launch({
      args: [join(root, 'dist-main', 'main.cjs')],
      cwd: root,
      env: { ...env, BD_DEMO_DIR: join(dir, 'demo'), BD_DEMO_CUSTOMERS: '50', BD_USER_DATA_DIR: join(dir, 'profile') },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('loads the renderer from the app origin in a hardened window', async () => {
    expect(page.url()).toMatch(/^app:\/\/brokerdesk\//);
    // The flags themselves are asserted in tests/window/window-options.test.ts; here, that the
    // window which actually opened is the one main created and trusts.
    const count = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    expect(count).toBe(1);
  });

  test('exposes only invoke and on, and no Node', async () => {
    const seen = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const bridge = w.brokerdesk as Record<string, unknown> | undefined;
      return { keys: bridge ? Object.keys(bridge).sort() : null, require: typeof w.require, process: typeof w.process, ipc: typeof w.ipcRenderer };
    });
    expect(seen).toEqual({ keys: ['invoke', 'on'], require: 'undefined', process: 'undefined', ipc: 'undefined' });
  });

  test('calls the dispatcher over IPC', async () => {
    const r = await page.evaluate(() => (window as unknown as { brokerdesk: { invoke(m: string, i: unknown): Promise<{ ok: boolean }> } }).brokerdesk.invoke('auth.status', {}));
    expect(r.ok).toBe(true);
    const unknown = await page.evaluate(() => (window as unknown as { brokerdesk: { invoke(m: string, i: unknown): Promise<unknown> } }).brokerdesk.invoke('no.such', {}));
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'error.UNKNOWN_METHOD' } });
  });

  test('the CSP blocks eval and injected inline script', async () => {
    const r = await page.evaluate(() => {
      let evalRan = false;
      try {
        evalRan = (0, eval)('true') === true;
      } catch {
        evalRan = false;
      }
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.appendChild(s);
      return { evalRan, injected: (window as unknown as { __injected?: boolean }).__injected === true };
    });
    expect(r).toEqual({ evalRan: false, injected: false });
  });

  test('refuses navigation away and new windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('a subframe cannot call the dispatcher', async () => {
    const r = await page.evaluate(async () => {
      const f = document.createElement('iframe');
      f.src = 'about:blank';
      document.body.appendChild(f);
      await new Promise((res) => setTimeout(res, 100));
      const inner = f.contentWindow as unknown as { brokerdesk?: unknown } | null;
      return inner?.brokerdesk === undefined;
    });
    // frame-src 'none' blocks the frame; and the preload does not run in subframes.
    expect(r).toBe(true);
  });
});
