#!/usr/bin/env node
/**
 * `npm start`: run BrokerDesk on the demo database (<repo>/.demo).
 *
 *   npm start              Electron when its binary is usable, else the web fallback
 *   npm start -- --web     always the web fallback (also `npm run web`)
 *
 * The web fallback serves the same built renderer and the same dispatcher as the app, over
 * loopback HTTP (tests/host/serve.ts), so a machine that cannot download Electron's binary
 * (docs/toolchain.md) can still run and try the app in a browser.
 *
 * Environment: BD_PORT (web port, default 5178), BD_DEMO_DIR (default <repo>/.demo),
 * BD_NATIVE_BINDING (Electron build of the SQLite addon; see src-main/db/open.ts).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const demoDir = process.env.BD_DEMO_DIR ? process.env.BD_DEMO_DIR : join(root, '.demo');
const port = process.env.BD_PORT ?? '5178';
const rendererDir = join(root, 'dist-renderer');

const log = (s = '') => process.stdout.write(`${s}\n`);
const warn = (s = '') => process.stderr.write(`${s}\n`);
const rel = (p) => relative(process.cwd(), p) || '.';

/** Absolute path of a package's bin script, run with this Node: no shell, no npx, same on Windows. */
function binOf(pkg, name = pkg) {
  const pkgJson = require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const file = typeof bin === 'string' ? bin : bin?.[name];
  if (!file) throw new Error(`${pkg} has no "${name}" bin`);
  return join(dirname(pkgJson), file);
}

/**
 * Children run in their own process group (POSIX), so Ctrl+C reaches only us and we decide
 * how to stop them: the signal goes to the whole group, grandchildren included.
 */
const children = new Set();
function run(cmd, cmdArgs, opts = {}) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: opts.stdio ?? 'inherit', env: opts.env ?? process.env, detached: process.platform !== 'win32' });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
function signalChildren(sig) {
  for (const c of children) {
    try {
      if (process.platform !== 'win32' && c.pid) process.kill(-c.pid, sig);
      else c.kill(sig);
    } catch {
      // Already gone.
    }
  }
}
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stopping) {
      // A second Ctrl+C: stop waiting for a graceful exit.
      signalChildren('SIGKILL');
      process.exit(130);
    }
    stopping = true;
    signalChildren(sig);
  });
}
const exitCode = (child) => new Promise((res) => child.on('exit', (code, signal) => res(code ?? 128 + (constants.signals[signal] ?? 0))));

// --- 1. The renderer: build when missing or older than its sources ----------------------------

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function rendererStaleReason() {
  const built = join(rendererDir, 'index.html');
  if (!existsSync(built)) return `${rel(built)} is missing`;
  const inputs = ['src-renderer', 'src-shared', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(root, p));
  const newest = Math.max(...inputs.map(newestMtime));
  return newest > statSync(built).mtimeMs ? 'sources changed since the last build' : null;
}

async function ensureRenderer() {
  const reason = rendererStaleReason();
  if (!reason) return;
  log(`Building the renderer (${reason}): vite build`);
  const code = await exitCode(run(process.execPath, [binOf('vite'), 'build']));
  if (code !== 0) {
    warn(`vite build failed (exit ${code}).`);
    process.exit(code);
  }
}

// --- 2. Is Electron's binary usable? ----------------------------------------------------------

/** The binary path, or why it cannot be used. Requiring `electron` from Node returns the path. */
function electronStatus() {
  let binary;
  try {
    binary = require('electron');
  } catch (e) {
    const pathTxt = join(dirname(require.resolve('electron/package.json')), 'path.txt');
    return { ok: false, why: `${rel(pathTxt)} is missing: the electron package was installed without its binary (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  if (typeof binary !== 'string') return { ok: false, why: 'require("electron") did not return a path' };
  if (!existsSync(binary)) return { ok: false, why: `${rel(binary)} is missing` };
  try {
    accessSync(binary, fsConstants.X_OK);
  } catch {
    return { ok: false, why: `${rel(binary)} is not executable` };
  }
  return { ok: true, binary };
}

/**
 * package.json's allowScripts skips electron's download at install, so that `npm install`
 * succeeds on machines without network. Here, on first start, try that download once (its own
 * install.js); where no download host is reachable it fails within a second.
 */
async function fetchElectronBinary() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  let installJs;
  try {
    installJs = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return false;
  }
  log("Electron's binary is not installed yet: trying to download it (electron/install.js)...");
  const code = await exitCode(run(process.execPath, [installJs], { stdio: ['ignore', 'ignore', 'ignore'] }));
  if (code !== 0) log('The download failed (no network or no reachable download host).');
  return code === 0;
}

// --- 3a. Electron ----------------------------------------------------------------------------

async function startElectron(binary) {
  log('Building Electron main: node scripts/build-main.mjs');
  const code = await exitCode(run(process.execPath, [join(root, 'scripts', 'build-main.mjs')]));
  if (code !== 0) process.exit(code);
  if (!process.env.BD_NATIVE_BINDING) {
    log('Note: if Electron reports NODE_MODULE_VERSION for better_sqlite3.node, the SQLite addon is the Node build;');
    log('      build one for Electron (npx @electron/rebuild -o better-sqlite3-multiple-ciphers, then copy');
    log('      build/Release/better_sqlite3.node aside and restore the Node build) and set BD_NATIVE_BINDING to it.');
  }
  const env = { ...process.env, BD_DEMO_DIR: demoDir };
  // Inherited from some shells/IDEs, it would make the binary behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  log(`Starting Electron (demo database in ${rel(demoDir)})`);
  const child = run(binary, ['.'], { env });
  process.exit(await exitCode(child));
}

// --- 3b. Web fallback ------------------------------------------------------------------------

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '='.repeat(width);
  return [bar, ...lines.map((l) => `  ${l}`), bar].join('\n');
}

async function startWeb(why) {
  if (why) {
    warn('');
    warn('Electron cannot run on this machine:');
    warn(`  ${why}.`);
    warn('  The electron npm package fetches its binary separately from a download host; that');
    warn('  host is not reachable from this machine (or ELECTRON_SKIP_BINARY_DOWNLOAD was set at');
    warn('  install), and no npm or Debian package ships the binary, so there is nothing to launch.');
    warn('Falling back to the web mode: the same renderer and the same dispatcher, served on');
    warn('loopback HTTP by tests/host/serve.ts. Open the URL below in a browser.');
    warn('');
  }
  const serve = join(root, 'tests', 'host', 'serve.ts');
  if (!existsSync(serve)) {
    warn(`${rel(serve)} is missing, so the web mode cannot start either.`);
    process.exit(1);
  }
  const hostArgs = [binOf('tsx'), serve, '--demo-dir', demoDir, '--port', port, '--static', rendererDir];
  const child = run(process.execPath, hostArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const m = /^BROKERDESK_URL=(\S+)/.exec(line);
      if (m) {
        log('');
        log(banner([`BrokerDesk (web mode) is running at  ${m[1]}`, 'Press Ctrl+C to stop.']));
        log('');
      } else {
        log(line);
      }
    }
  });
  child.stdout.on('end', () => {
    if (buffered) log(buffered);
  });
  const code = await exitCode(child);
  // Stopped by Ctrl+C / SIGTERM: that is a normal end, not a failure.
  process.exit(stopping ? 0 : code);
}

// --- main ------------------------------------------------------------------------------------

await ensureRenderer();
if (forceWeb) {
  await startWeb(null);
} else {
  let status = electronStatus();
  if (!status.ok && (await fetchElectronBinary())) status = electronStatus();
  if (status.ok) await startElectron(status.binary);
  else await startWeb(status.why);
}
