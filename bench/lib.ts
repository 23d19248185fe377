import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Db } from '../src-main/db/open';
import type { AppContext } from '../src-main/ipc/context';

/**
 * Bench helpers. Every figure is reported with a baseline measured in the same run on the
 * same machine, because these machines are noisy: the ratio is what to compare over time.
 */
export type Figure = {
  name: string;
  value: number | null;
  unit: string;
  baseline: number | null;
  /** value / baseline; null when skipped. */
  ratio: number | null;
  /** Why a figure was skipped, or what its baseline is. */
  note?: string;
};

export function figure(name: string, value: number, baseline: number, unit: string, note?: string): Figure {
  return { name, value, unit, baseline, ratio: baseline === 0 ? null : value / baseline, ...(note ? { note } : {}) };
}

export function skipped(name: string, unit: string, note: string): Figure {
  return { name, value: null, unit, baseline: null, ratio: null, note };
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
export const median = (xs: readonly number[]) => quantile(xs, 0.5);
export const p95 = (xs: readonly number[]) => quantile(xs, 0.95);

/** Wall time of one run, in milliseconds. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Per-call times (ms) after a warm-up; calls alternate with nothing else, so medians are stable. */
export async function sampleMs(fn: () => unknown, opts: { warmup?: number; iterations?: number } = {}): Promise<number[]> {
  for (let i = 0; i < (opts.warmup ?? 20); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < (opts.iterations ?? 200); i++) out.push(await timeMs(fn));
  return out;
}

function fmt(n: number | null, digits = 3): string {
  if (n === null || !Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(digits);
}

export function formatTable(figs: readonly Figure[]): string {
  const head = ['figure', 'value', 'baseline', 'unit', 'ratio', 'note'];
  const rows = figs.map((f) => [f.name, fmt(f.value), fmt(f.baseline), f.unit, f.ratio === null ? '—' : f.ratio.toFixed(2), f.note ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 2 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A temp directory removed by the returned function (also on Ctrl-C). */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let done = false;
  const cleanup = () => {
    if (done) return;
    done = true;
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  return { dir, cleanup };
}

/** Bundle a Node-side entry as the app's build does (scripts/build-main.mjs: node-side options). */
export async function bundleNodeEntry(entry: string, outfile: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    external: ['electron', 'better-sqlite3-multiple-ciphers'],
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__bd_import_meta_url' },
    banner: { js: "var __bd_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  });
}

/**
 * The job worker bundled into `dir` as the app's build places it (job-worker.cjs), with the
 * repo's node_modules beside it for the SQLite driver the bundle leaves external. Returns its path.
 */
export async function bundleJobWorker(dir: string): Promise<string> {
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  const worker = join(dir, 'job-worker.cjs');
  await bundleNodeEntry('src-main/jobs/job-worker.ts', worker);
  return worker;
}

/**
 * An app context over `db` whose jobs run in worker threads of the bundled `worker`, and a
 * dispatch caller for `clientId` that throws on a refusal: the benches drive the app through
 * the same calls the renderer makes.
 */
export async function jobsApp(db: Db, key: string, worker: string, clientId: string): Promise<{ app: AppContext; call: <T>(method: string, input: unknown) => Promise<T> }> {
  const { createAppContext } = await import('../src-main/ipc/context');
  const { dispatch } = await import('../src-main/ipc/dispatch');
  const { JobRunner } = await import('../src-main/jobs/job-runner');
  const app = await createAppContext({ db, dbKey: key });
  app.jobs = new JobRunner({ db, key, events: app.events, now: app.now, workerScript: pathToFileURL(worker) });
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(app, clientId, method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.params ?? r.error.issues ?? '')}`);
    return r.value as T;
  };
  return { app, call };
}
