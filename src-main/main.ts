/**
 * Electron main: lifecycle and wiring only. Order matters and is the point of this file:
 * scheme privileges and sandboxing before `ready`; session hardening and the app protocol
 * before the first window; the database and the dispatcher before the renderer can call.
 *
 * Bundled by scripts/build-main.mjs to dist-main/main.cjs (CommonJS, so `__dirname` is the
 * bundle's folder, inside app.asar once packaged).
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { openDatabase, setDefaultNativeBinding, type Db } from './db/open';
import { createAppContext } from './ipc/context';
import { registerRpc, type RpcRegistration } from './ipc/register-electron';
import { electronPlatform, resolveProductionDatabase } from './platform/platform.electron';
import { KeyStoreError } from './platform/key-store';
import { createMainWindow, hardenAllWebContents, hardenSession, installAppProtocol, registerAppScheme } from './window/create-window';
import { startFolderWatch, type FolderWatch } from './sync/watch';

const paths = {
  preload: join(__dirname, 'preload.cjs'),
  passphrasePreload: join(__dirname, 'passphrase-preload.cjs'),
  renderer: join(__dirname, '..', 'dist-renderer'),
};

let db: Db | null = null;
let rpc: RpcRegistration | null = null;
/** Shared-folder mode: receives bundles dropped into the folder of the setting `sync.folder`. */
let folderWatch: FolderWatch | null = null;
let mainWindow: BrowserWindow | null = null;
/** Set once the main window exists: before that, the passphrase prompt closing is not "quit". */
let started = false;

function fatal(title: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`[main] ${title}: ${message}`);
  if (app.isReady()) dialog.showErrorBox(title, message);
  app.exit(1);
}

/**
 * Demo mode (`npm start` sets BD_DEMO_DIR=<repo>/.demo): a generated database whose key sits
 * beside it in plain text, for trying the app. Otherwise the real database in userData,
 * with its key from the keychain or a passphrase.
 */
async function resolveDatabase(): Promise<{ file: string; key: string }> {
  const demoDir = process.env.BD_DEMO_DIR;
  if (demoDir) {
    const { ensureDemoDatabase } = await import('./demo/demo-files');
    // BD_DEMO_CUSTOMERS: a smaller demo for the smoke test; unset, the demo's own default.
    const customers = Number(process.env.BD_DEMO_CUSTOMERS);
    const demo = await ensureDemoDatabase(resolve(demoDir), Number.isInteger(customers) && customers > 0 ? customers : undefined);
    if (demo.created && demo.info) {
      console.log(`demo database created in ${demoDir}; password for every account: ${demo.info.password}`);
      for (const l of demo.info.logins) console.log(`  ${l.login.padEnd(14)} ${l.role.padEnd(18)} ${l.branchName} ${l.displayName}`);
    }
    return { file: demo.file, key: demo.key };
  }
  return resolveProductionDatabase({ userDataDir: app.getPath('userData'), passphrasePreload: paths.passphrasePreload });
}

function openMainWindow(): void {
  if (!rpc) return;
  const win = createMainWindow({ preloadPath: paths.preload, devTools: !app.isPackaged || process.env.BD_DEVTOOLS === '1' });
  // Trusted before the page loads, so its first call is accepted.
  rpc.attach(win.webContents);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
}

async function start(): Promise<void> {
  hardenSession();
  installAppProtocol(paths.renderer);
  // BD_NATIVE_BINDING: an Electron build of better_sqlite3.node, for running from a checkout
  // whose node_modules hold the Node build (see OpenOptions.nativeBinding in db/open.ts).
  // Set as the process default before anything opens a connection (demo generation does).
  setDefaultNativeBinding(process.env.BD_NATIVE_BINDING || undefined);
  const { file, key } = await resolveDatabase();
  db = openDatabase({ file, key });
  const ctx = await createAppContext({ db, dbKey: key, platform: electronPlatform });
  rpc = registerRpc(ctx);
  folderWatch = startFolderWatch(ctx);
  openMainWindow();
  started = true;
}

// A test or a second profile can point userData elsewhere; Chromium reads it at start-up.
if (process.env.BD_USER_DATA_DIR) app.setPath('userData', resolve(process.env.BD_USER_DATA_DIR));

// Two instances would open the same SQLite file with two caches and two HLCs.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Before `ready`: scheme privileges are fixed at start-up, and enableSandbox makes every
  // renderer sandboxed even if a window were ever created without the flag.
  registerAppScheme();
  app.enableSandbox();
  hardenAllWebContents();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // One window is the whole app, on macOS too: closing it quits and closes the database.
  app.on('window-all-closed', () => {
    if (started) app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && app.isReady()) openMainWindow();
  });

  app.on('will-quit', () => {
    void folderWatch?.stop();
    folderWatch = null;
    rpc?.dispose();
    rpc = null;
    try {
      db?.close();
    } catch (e) {
      console.error(`[main] closing the database failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    db = null;
  });

  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      if (e instanceof KeyStoreError && e.reason === 'cancelled') {
        app.exit(0);
        return;
      }
      fatal('BrokerDesk could not start · 无法启动', e);
    });
}
