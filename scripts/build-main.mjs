#!/usr/bin/env node
/**
 * Bundle Electron main and the preloads with esbuild:
 *   src-main/main.ts                      → dist-main/main.cjs
 *   src-main/preload/preload.ts           → dist-main/preload.cjs
 *   src-main/preload/passphrase-preload.ts → dist-main/passphrase-preload.cjs
 *   src-main/jobs/job-worker.ts           → dist-main/job-worker.cjs (a job's worker thread)
 *   src-main/imports/read-worker.ts       → dist-main/import-read-worker.cjs (an import's file reader thread)
 *
 * CommonJS because sandboxed preloads cannot be ES modules, and one format for all keeps
 * `__dirname` meaning the bundle's folder. `electron` is provided by the runtime; the SQLite
 * driver stays external because it loads a native addon from its own folder (electron-builder
 * rebuilds it for Electron and unpacks it from the asar). Everything else is bundled, so
 * the packaged app needs no other node_modules at run time.
 */
import { build } from 'esbuild';
import { rmSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist-main');
const watch = process.argv.includes('--watch');
const production = process.env.NODE_ENV === 'production';

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: false,
  legalComments: 'inline',
  logLevel: 'info',
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

const entries = [
  { in: 'src-main/main.ts', out: 'main.cjs', preload: false },
  { in: 'src-main/preload/preload.ts', out: 'preload.cjs', preload: true },
  { in: 'src-main/preload/passphrase-preload.ts', out: 'passphrase-preload.cjs', preload: true },
  { in: 'src-main/jobs/job-worker.ts', out: 'job-worker.cjs', preload: false },
  { in: 'src-main/imports/read-worker.ts', out: 'import-read-worker.cjs', preload: false },
];

// Node-side bundles: `import.meta.url` (job-runner.ts finds job-worker.cjs beside the bundle
// by it) is the bundle's own file URL, as it is the source file's under tsx and vitest. Not
// for preloads: a sandboxed preload cannot require 'node:url'.
const nodeSide = {
  define: { ...common.define, 'import.meta.url': '__bd_import_meta_url' },
  banner: { js: "var __bd_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

for (const e of entries) {
  const result = await build({ ...common, ...(e.preload ? {} : nodeSide), entryPoints: [join(root, e.in)], outfile: join(outdir, e.out), metafile: e.preload });
  if (e.preload && result.metafile) {
    // A sandboxed preload can require only `electron`: anything else (node:crypto, zod pulled
    // in by an innocent-looking import) fails at run time in the window, so fail here instead.
    const bad = Object.values(result.metafile.outputs)
      .flatMap((o) => o.imports)
      .filter((i) => i.external && i.path !== 'electron')
      .map((i) => i.path);
    if (bad.length) {
      console.error(`build-main: ${e.in} requires ${[...new Set(bad)].join(', ')}; a sandboxed preload may require only 'electron'`);
      process.exit(1);
    }
  }
}

if (watch) console.log('build-main: --watch is not supported; rerun the script after a change');
