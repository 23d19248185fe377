import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase, type Db } from '../../src-main/db/open';
import { executeJob } from '../../src-main/jobs/job-exec';
import type { WorkerMessage } from '../../src-main/jobs/job-types';
import type { ImportKind, ImportRunDto, Mapping } from '../../src-shared/imports/imports.contract';
import { makeIdNumber, type TestApp } from '../helpers/app';

/** A CSV file (UTF-8) in the test's dir; cells are written as given (quoted when needed). */
export function writeCsv(t: TestApp, name: string, rows: readonly (readonly (string | number | null)[])[]): string {
  const path = join(t.dir, name);
  const q = (v: string | number | null) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  writeFileSync(path, rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n');
  return path;
}

/** An .xlsx (numbers stay numbers, so an ID typed as a number is a number cell). */
export async function writeXlsx(t: TestApp, name: string, rows: readonly (readonly (string | number | Date | null)[])[]): Promise<string> {
  const path = join(t.dir, name);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow([...r]);
  await wb.xlsx.writeFile(path);
  return path;
}

/** How many customers are live (not deleted) in the test's database. */
export const liveCustomers = (t: TestApp): number => t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE deleted_at IS NULL`).pluck().get() as number;

/** Distinct valid resident IDs. */
export const idOf = (i: number, birth = '19800101') => makeIdNumber(birth, 100 + (i % 900), String(110101 + Math.floor(i / 900)));

/**
 * Jobs run in-process on a second connection to the same file (as the worker would), so a test
 * need not pay a worker's start (~1 s under tsx) per job. `cancelWhen` stops a job at an exact
 * point; `t.app.jobs.wait/cancel/isLive` keep working.
 */
export type InProcessJobs = { db: Db; cancelWhen: ((m: WorkerMessage, jobId: string) => boolean) | null; posted: WorkerMessage[]; close(): void };

export function runJobsInProcess(t: TestApp): InProcessJobs {
  const db = openDatabase({ file: t.file, key: t.key, role: 'job', migrate: false });
  const running = new Map<string, Promise<WorkerMessage>>();
  const cancelled = new Set<string>();
  const ctl: InProcessJobs = {
    db,
    cancelWhen: null,
    posted: [],
    close: () => db.close(),
  };
  const runner = t.app.jobs;
  runner.enqueue = async (kdb, afterCommit, job) => {
    const id = uuidv7();
    await kdb
      .insertInto('jobs')
      .values({ id, kind: job.kind, status: 'queued', created_by: job.userId, created_at: new Date().toISOString(), finished_at: null, done: 0, total: null, result: null, error_code: null })
      .execute();
    afterCommit!(() => {
      running.set(
        id,
        executeJob(db, { jobId: id, kind: job.kind, params: job.params, userId: job.userId }, {
          post: (m) => {
            ctl.posted.push(m);
            if (ctl.cancelWhen?.(m, id)) cancelled.add(id);
          },
          cancelRequested: () => cancelled.has(id),
        }).finally(() => running.delete(id)),
      );
    });
    return id;
  };
  runner.wait = async (id) => {
    await running.get(id);
  };
  runner.cancel = (id) => {
    if (!running.has(id)) return false;
    cancelled.add(id);
    return true;
  };
  runner.isLive = (id) => running.has(id);
  runner.idle = async () => {
    while (running.size) await Promise.all([...running.values()]);
  };
  return ctl;
}

/** Register a file as the client's read handle (what a file dialog or upload does). */
export function handleFor(t: TestApp, clientId: string, path: string): string {
  return t.app.files.issue(clientId, path, 'read').handle;
}

/** inspect → preview (waited) → the run; the mapping is the suggested one unless given. */
export async function preview(
  t: TestApp,
  clientId: string,
  kind: ImportKind,
  path: string,
  opts: { mapping?: (m: Mapping) => Mapping; saveTemplateAs?: string; locale?: 'zh-CN' | 'en'; afterInspect?: () => void } = {},
): Promise<ImportRunDto> {
  const handle = handleFor(t, clientId, path);
  const info = await t.ok(clientId, 'imports.inspect', { handle, kind, encoding: 'auto' });
  const mapping = opts.mapping ? opts.mapping(info.mapping) : info.mapping;
  opts.afterInspect?.();
  const { importId, jobId } = await t.ok(clientId, 'imports.preview', {
    handle,
    kind,
    encoding: 'auto',
    headerRow: info.headerRow,
    headerSig: info.headerSig,
    mapping,
    ...(info.sheet ? { sheet: info.sheet } : {}),
    ...(opts.saveTemplateAs ? { saveTemplateAs: opts.saveTemplateAs } : {}),
    ...(opts.locale ? { locale: opts.locale } : {}),
  });
  await t.app.jobs.wait(jobId);
  return t.ok(clientId, 'imports.get', { id: importId });
}

export async function apply(t: TestApp, clientId: string, importId: string, mode: 'all' | 'validOnly' = 'all'): Promise<ImportRunDto> {
  const { jobId } = await t.ok(clientId, 'imports.apply', { importId, mode });
  await t.app.jobs.wait(jobId);
  return t.ok(clientId, 'imports.get', { id: importId });
}

export async function undo(t: TestApp, clientId: string, id: string): Promise<ImportRunDto> {
  const { jobId } = await t.ok(clientId, 'imports.undo', { id });
  await t.app.jobs.wait(jobId);
  return t.ok(clientId, 'imports.get', { id });
}

/**
 * A digest of the business tables and the op log: what "the database is unchanged" means for
 * a refused file (import_runs, jobs and audit rows are the history of the attempt itself).
 */
export function businessDigest(t: TestApp): string {
  const tables = ['customers', 'contacts', 'accounts', 'customer_ownership', 'daily_assets', 'monthly_trading', 'holdings', 'sync_ops', 'sync_cell_clock', 'history', 'import_changes'];
  const h = createHash('sha256');
  for (const tb of tables) {
    const rows = (t.db.sqlite.prepare(`SELECT * FROM ${tb}`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
    for (const r of rows) h.update(r);
    h.update(`|${tb}|`);
  }
  return h.digest('hex');
}
