import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { openDatabase } from '../src-main/db/open';
import { scopeActor } from '../src-main/exports/export.jobs';
import { buildListSegment } from '../src-main/customers/list-shapes';
import { shanghaiToday } from '../src-main/customers/customers.queries';
import { customerRowMapper, customerTableColumns, exportRowCtx } from '../src-main/exports/customer-export';
import { numFmtOf, type ColumnType } from '../src-main/exports/table-writer';
import { CUSTOMER_EXPORT_COLUMNS } from '../src-shared/exports/exports.contract';
import type { ListSegmentRow } from '../src-main/customers/list-shapes';
import { figure, median, skipped, tempDir, type Figure, bundleNodeEntry } from './lib';
import type { BenchEnv } from './customers';

/**
 * export.customers1m: every customer of the demo database (HQ analyst `analyst`, scope all,
 * all 17 columns, masked, sorted by customer number) to .xlsx through dispatch and the job's
 * worker thread, from the call to the job's end, vs exceljs's bare streaming write
 * (inline strings, styles) of the same rows, already fetched, mapped and typed in memory, with
 * the same columns and number formats: the library's floor for the same file.
 * Goals (issue 5): within 1.5x, and under 300 MB peak.
 *
 * The export runs in a child process, so its peak resident memory (`VmHWM`: main thread, the
 * job's worker thread, both connections' page caches, exceljs) is the whole process's and
 * nothing of the bench's own; the baseline runs here. Both the child's main side (this file)
 * and the job's worker are bundled first with esbuild as scripts/build-main.mjs bundles the
 * app (CommonJS, the SQLite driver external), so they run as the packaged app's code does:
 * from TypeScript through tsx, each thread would carry the transpiler and ~150 MB more.
 */
export const EXPORT_NAMES: string[] = ['export.customers1m', 'export.customers1m.peakRss'];

const ALL = [...CUSTOMER_EXPORT_COLUMNS];

type ChildResult = { seconds: number; rows: number; bytes: number; hwmMiB: number; beforeMiB: number };


function runChild(script: string, worker: string, file: string, key: string, password: string, out: string): Promise<ChildResult> {
  return new Promise((res, rej) => {
    execFile(
      process.execPath,
      [script],
      // Secrets by environment, not argv (visible to every user in the process list). The
      // bundles sit in a temp dir: NODE_PATH lets them find the SQLite driver they leave external.
      { env: { ...process.env, NODE_PATH: resolve('node_modules'), BD_BENCH_EXPORT_CHILD: '1', BD_BENCH_WORKER: worker, BD_BENCH_DB: file, BD_DB_KEY: key, BD_PASSWORD: password, BD_BENCH_OUT: out }, maxBuffer: 1 << 20, timeout: 30 * 60_000 },
      (err, stdout, stderr) => {
        if (err) return rej(new Error(`export child failed: ${stderr.slice(-800)}`));
        if (process.env.BD_BENCH_TRACE === '1') process.stderr.write(stderr);
        try {
          res(JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult);
        } catch {
          rej(new Error(`export child printed no result: ${stdout.slice(-300)} ${stderr.slice(-300)}`));
        }
      },
    );
  });
}

/** A figure of this process from /proc/self/status (Linux), in KiB; NaN elsewhere. */
function statusKiB(field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** The child: sign in, export through dispatch + worker, report time and the process's peak RSS. */
async function child(): Promise<void> {
  const { createAppContext } = await import('../src-main/ipc/context');
  const { dispatch } = await import('../src-main/ipc/dispatch');
  const { JobRunner } = await import('../src-main/jobs/job-runner');
  const file = process.env.BD_BENCH_DB!;
  const key = process.env.BD_DB_KEY!;
  const out = process.env.BD_BENCH_OUT!;
  // BD_BENCH_TRACE=1: the resident memory at each stage, and every half second while exporting.
  const trace = (stage: string) => {
    if (process.env.BD_BENCH_TRACE === '1') process.stderr.write(`${stage}: rss ${(statusKiB('VmRSS') / 1024).toFixed(0)} MiB, hwm ${(statusKiB('VmHWM') / 1024).toFixed(0)} MiB\n`);
  };
  const timer = process.env.BD_BENCH_TRACE === '1' ? setInterval(() => trace('tick'), 500) : null;
  trace('start');
  const db = openDatabase({ file, key });
  try {
    trace('opened');
    const app = await createAppContext({ db, dbKey: key });
    trace('context');
    app.jobs = new JobRunner({ db, key, events: app.events, now: app.now, workerScript: pathToFileURL(process.env.BD_BENCH_WORKER!) });
    const clientId = 'bench-export';
    const login = await dispatch(app, clientId, 'auth.login', { login: 'analyst', password: process.env.BD_PASSWORD! });
    if (!login.ok) throw new Error(`login failed: ${login.error.code}`);
    trace('signed in');
    const { handle } = app.files.issue(clientId, out, 'write');
    // Signed in, nothing exported yet: what the process holds before the export starts.
    const before = statusKiB('VmHWM') / 1024;
    const t0 = performance.now();
    const r = await dispatch(app, clientId, 'exports.customers', { handle, format: 'xlsx', columns: ALL, sort: { field: 'customerNo', dir: 'asc' } });
    if (!r.ok) throw new Error(r.error.code);
    const { jobId } = r.value as { jobId: string };
    trace('enqueued');
    await app.jobs.wait(jobId);
    trace('done');
    if (timer) clearInterval(timer);
    const seconds = (performance.now() - t0) / 1000;
    const job = await dispatch(app, clientId, 'jobs.get', { id: jobId });
    if (!job.ok) throw new Error(job.error.code);
    const v = job.value as { status: string; errorCode: string | null; result: { rows: number; bytes: number } | null };
    if (v.status !== 'done' || !v.result) throw new Error(`export ${v.status} ${v.errorCode ?? ''}`);
    await dispatch(app, clientId, 'auth.logout', {});
    const result: ChildResult = { seconds, rows: v.result.rows, bytes: v.result.bytes, hwmMiB: statusKiB('VmHWM') / 1024, beforeMiB: before };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    db.close();
  }
}

/** exceljs's cell value for a mapped value of a column type, as the table writer would type it. */
function excelValue(v: unknown, type: ColumnType): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  switch (type) {
    case 'money':
      return (v as number) / 100;
    case 'date': {
      const [y, m, d] = (v as string).split('-').map(Number) as [number, number, number];
      return new Date(Date.UTC(y, m - 1, d));
    }
    case 'datetime':
      return new Date(Date.parse(v as string) + 8 * 3600_000);
    default:
      return v as ExcelJS.CellValue;
  }
}

/** The same rows, in the same order and columns, fetched, mapped, masked and typed beforehand. */
function loadRows(file: string, key: string, now: Date): ExcelJS.CellValue[][] {
  const db = openDatabase({ file, key });
  try {
    const today = shanghaiToday(now);
    const sort = { field: 'customerNo' as const, dir: 'asc' as const };
    const compiled = buildListSegment(db.kysely, scopeActor({ kind: 'all' }), { filter: {}, sort, limit: 1 }, today, 'values', Number.MAX_SAFE_INTEGER).compile();
    const map = customerRowMapper(ALL, exportRowCtx(today, false));
    const types = customerTableColumns(ALL).map((c) => c.type);
    const rows: ExcelJS.CellValue[][] = [];
    for (const r of db.sqlite.prepare(compiled.sql).iterate(...(compiled.parameters as unknown[]))) {
      const cells = map(r as ListSegmentRow);
      rows.push(cells.map((v, i) => excelValue(v, types[i]!)));
    }
    return rows;
  } finally {
    db.close();
  }
}

/**
 * exceljs's streaming write of the rows: add and commit every row, then commit the book.
 * `sharedStyles`: every cell of a column gets the same style object, as the table writer does
 * (exceljs then resolves its style id by WeakMap instead of serialising a fresh object per
 * cell): the floor the export is compared with. Without it, as exceljs's README writes it,
 * the same file takes about twice as long; that time is reported in the note.
 */
async function bareWrite(path: string, rows: readonly ExcelJS.CellValue[][], sharedStyles: boolean): Promise<number> {
  const cols = customerTableColumns(ALL);
  const styles = cols.map((c) => {
    const numFmt = numFmtOf(c.type);
    return numFmt ? { numFmt } : {};
  });
  const t0 = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('客户列表', { views: [{ state: 'frozen', ySplit: 1 }] });
  cols.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = 14;
    const fmt = numFmtOf(c.type);
    if (fmt) col.numFmt = fmt;
  });
  ws.addRow(cols.map((c) => c.header)).commit();
  for (const r of rows) {
    const row = ws.addRow(r);
    if (sharedStyles) for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
    row.commit();
  }
  await wb.commit();
  return (performance.now() - t0) / 1000;
}

export async function exportFigures(env: BenchEnv): Promise<Figure[]> {
  if (!EXPORT_NAMES.some(env.wanted)) return [];
  const file = await env.demoDb();
  const tmp = tempDir('bd-bench-export-');
  try {
    env.log('export.customers1m: bundling the exporting process and the job worker …');
    const script = join(tmp.dir, 'export-child.cjs');
    const worker = join(tmp.dir, 'job-worker.cjs');
    await bundleNodeEntry('bench/exports.ts', script);
    await bundleNodeEntry('src-main/jobs/job-worker.ts', worker);
    env.log('export.customers1m: export through dispatch + worker (child process) …');
    const runs: ChildResult[] = [];
    const bare: number[] = [];
    const documented: number[] = [];
    let rows: ExcelJS.CellValue[][] | null = null;
    // One round on a big demo (each takes a while); three on a small one, interleaved.
    const rounds = statSync(file).size > 100 * 1024 * 1024 ? 1 : 3;
    for (let i = 0; i < rounds; i++) {
      runs.push(await runChild(script, worker, file, env.key, env.password(), join(tmp.dir, `export-${i}.xlsx`)));
      rows ??= loadRows(file, env.key, new Date());
      env.log(`baseline: exceljs bare streaming write of ${rows.length.toLocaleString('en-US')} rows …`);
      bare.push(await bareWrite(join(tmp.dir, `bare-${i}.xlsx`), rows, true));
      if (i === 0) documented.push(await bareWrite(join(tmp.dir, 'bare-readme.xlsx'), rows, false));
    }
    const n = runs[0]!.rows;
    if (rows && rows.length !== n) throw new Error(`the export wrote ${n} rows, the baseline ${rows.length}`);
    const bareBytes = statSync(join(tmp.dir, 'bare-0.xlsx')).size;
    const seconds = median(runs.map((r) => r.seconds));
    const peak = Math.max(...runs.map((r) => r.hwmMiB));
    const before = Math.max(...runs.map((r) => r.beforeMiB));
    const out: Figure[] = [
      figure('export.customers1m', seconds, median(bare), 's', `${rounds === 1 ? 'one run' : `median of ${rounds}`}; ${n.toLocaleString('en-US')} rows × ${ALL.length} columns, ${(runs[0]!.bytes / 1048576).toFixed(1)} MiB (bare ${(bareBytes / 1048576).toFixed(1)} MiB); dispatch → worker → file vs exceljs bare write of the same rows in memory, cell styles shared (the README-style loop: ${documented[0]!.toFixed(1)} s); goal ≤ 1.5x; main and worker bundled as the app builds them`),
    ];
    if (env.wanted('export.customers1m.peakRss')) {
      out.push(Number.isFinite(peak)
        ? figure('export.customers1m.peakRss', peak, 300, 'MiB', `VmHWM of the exporting process (main + the job's worker thread + both connections + exceljs), ${before.toFixed(0)} MiB of it before the export started (bundled main side, signed in); baseline = the 300 MB goal`)
        : skipped('export.customers1m.peakRss', 'MiB', 'skipped: no /proc/self/status here'));
    }
    return out;
  } finally {
    tmp.cleanup();
  }
}

if (process.env.BD_BENCH_EXPORT_CHILD === '1') {
  child().catch((e: unknown) => {
    process.stderr.write(`export child failed: ${e instanceof Error ? `${e.name}: ${e.message}` : 'unknown'}\n`);
    process.exitCode = 1;
  });
}
