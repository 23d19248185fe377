import { partLedger } from '../files/part-files';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ImportCounts, ImportKind, Mapping, Message } from '../../src-shared/imports/imports.contract';
import { AppError } from '../../src-shared/rpc/errors';
import { writeAudit } from '../audit/audit';
import { writeTxSync } from '../db/tx';
import { setJobCache, widenJobCache, widenJobWal } from '../jobs/job-cache';
import { JobCancelled, type JobCtx, type JobImpl, type JobParams, type JobResult } from '../jobs/job-types';
import { refuseUndo, undoChanges, type UndoPace } from './changes';
import { Directory } from './directory';
import { ApplyStopped, applyBatching, BATCH_SIZE, runEngine, txUnits } from './engine';
import { kindDef } from './kinds';
import { headerHints, headerSignature, mappingIssues, saveTemplate } from './mapping';
import { openRowSource, type RowSource } from './read-source';
import { ImportFileError } from './read/types';
import { ProblemSink, reportPath } from './report';
import { failureRow, fileNameHash, getRun, type RunRow } from './runs';
import { isSystemError } from '../lib/system-error';

/**
 * The import jobs (README in src-main/jobs/), run in a worker thread on the job's own
 * connection:
 *
 * * `imports.preview`: hash the file, read it whole through the engine as a dry run; the run's
 *   row gets the counts, the first problems and the file's warnings, and the full error report
 *   is written beside the database. Nothing else is written (the template, if asked for).
 * * `imports.apply`: the file must hash as it did at preview; then the engine again, writing
 *   batch by batch (`ctx.write`: one short captured transaction each). A cancel, a failure, or
 *   (mode `all`) a row that has become an error since the preview, compensates: the batches
 *   already committed are undone from import_changes before the run is marked cancelled or
 *   failed. Nothing is left behind.
 * * `imports.undo`: refused while any row the import wrote was changed since; else the changes
 *   are taken back in paced transactions, each recording how far it got (`undoJob`). A cancel
 *   or a crash stops it between two of them: the run shows the undo cut off, and undoing again
 *   goes on from there.
 *
 * Never logs row data or file names: only kinds, counts and error names.
 */

const setRun = (ctx: JobCtx, id: string, cols: Partial<Record<keyof RunRow, string | number | null>>) => {
  const keys = Object.keys(cols);
  ctx.db.sqlite.prepare(`UPDATE import_runs SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => cols[k as keyof RunRow] ?? null), id);
};

async function sha256File(path: string): Promise<{ sha: string; size: number }> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) h.update(chunk as Buffer);
  return { sha: h.digest('hex'), size: (await stat(path)).size };
}

function loadRun(ctx: JobCtx, id: string, status: RunRow['status']): RunRow {
  const run = getRun(ctx.db.sqlite, id);
  if (!run || run.status !== status) throw new AppError('CONFLICT', 'error.import.run.state');
  return run;
}

function readOptions(run: RunRow) {
  return {
    encoding: (run.encoding ?? 'auto') as 'auto' | 'utf8' | 'gb18030',
    ...(run.sheet !== null ? { sheet: run.sheet } : {}),
    headerRow: run.header_row,
  };
}

function directory(ctx: JobCtx): Directory {
  return new Directory(ctx.db.sqlite);
}

async function audit(ctx: JobCtx, run: RunRow, action: string, detail: Record<string, string | number | boolean>, outcome: 'ok' | 'failed' = 'ok') {
  const login = ctx.db.sqlite.prepare(`SELECT login FROM users WHERE id = ?`).pluck().get(ctx.userId) as string | undefined;
  await writeAudit(ctx.db.kysely, {
    action,
    outcome,
    actorId: ctx.userId,
    actorLogin: login ?? null,
    branchId: run.branch_id,
    targetType: 'import',
    targetId: run.id,
    // An import of personal data: which kind, a hash of the file name, counts. Never row data.
    detail: { kind: run.kind, fileNameHash: fileNameHash(run.file_name), personalData: true, ...detail },
  });
}

const countsDetail = (c: ImportCounts) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== null)) as Record<string, number>;

/** The job connection's page cache for a kind's preview and apply (kinds/types.ts). Returns the previous setting. */
function jobCacheFor(ctx: JobCtx, kind: ImportKind): number {
  const def = kindDef(kind);
  return def.jobCacheMiB !== undefined ? setJobCache(ctx, def.jobCacheMiB) : widenJobCache(ctx, def.applyCacheMiB);
}

/**
 * A full garbage collection between big batches. A batch's rows live until it is written, long
 * enough for V8 to promote them, and V8 lets the old generation of a worker grow to several
 * times what is live before collecting it: the 1,000,000-row import's process swung between
 * 250 and 560 MB. Collecting after each 25,000-row batch (a few tens of ms each) keeps it near
 * what is live. `gc` is not exposed to a worker started without --expose-gc: the flag is set
 * here and the function taken from a fresh context, the documented way to reach it at run time.
 */
let gc: (() => void) | null | undefined;
const GC_EVERY_ROWS = 25_000;

/** An afterBatch hook that collects once every GC_EVERY_ROWS rows. */
function garbageCollector(): (done: number) => void {
  let last = 0;
  return (done) => {
    if (done - last < GC_EVERY_ROWS) return;
    last = done;
    collectGarbage();
  };
}

function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** Open the file (inline, or a reader thread for a big one); a refused file throws ImportFileError. */
async function open(path: string, run: RunRow, apply = false): Promise<RowSource> {
  const kind = run.kind as ImportKind;
  const b = apply ? applyBatching(kind) : null;
  const batchSize = b?.batchRows ?? BATCH_SIZE;
  // A paced apply takes up to maxTxRows at once (engine.ts txUnits): the reader keeps that many ready.
  const ahead = b?.maxTxRows != null ? Math.ceil(b.maxTxRows / b.batchRows) : undefined;
  return openRowSource({ path, options: readOptions(run), hints: headerHints(kind), kind, mapping: JSON.parse(run.mapping) as Mapping, batchSize, ahead });
}

async function previewJob(p: JobParams['imports.preview'], ctx: JobCtx): Promise<JobResult> {
  const run = loadRun(ctx, p.importId, 'previewing');
  const kind = run.kind as ImportKind;
  const mapping = JSON.parse(run.mapping) as Mapping;
  const fail = async (m: Message, sha: string | null): Promise<JobResult> => {
    setRun(ctx, run.id, { status: 'failed', first_errors: JSON.stringify([failureRow(m)]), ...(sha ? { file_sha256: sha } : {}) });
    await audit(ctx, run, 'imports.preview.done', { refused: m.key }, 'failed');
    return { status: 'failed', failure: m.key };
  };
  ctx.progress(0, null, 'hash');
  let table: RowSource | null = null;
  let sink: ProblemSink | null = null;
  let sha: string | null = null;
  try {
    let size: number;
    try {
      ({ sha, size } = await sha256File(p.path));
    } catch (e) {
      // Moved, deleted or unreadable since it was chosen (the message holds the path: not logged).
      if (isSystemError(e)) return await fail({ key: 'error.import.file.gone' }, null);
      throw e;
    }
    try {
      table = await open(p.path, run);
    } catch (e) {
      if (e instanceof ImportFileError) return await fail({ key: e.key, ...(Object.keys(e.params).length ? { params: e.params } : {}) }, sha);
      if (isSystemError(e)) return await fail({ key: 'error.import.file.gone' }, sha);
      throw e;
    }
    // The header the mapping was made for must still be the file's.
    const info = table.info;
    if ((p.headerSig !== null && headerSignature(info.headers) !== p.headerSig) || mappingIssues(kind, mapping, info.headers.length).length) return await fail({ key: 'error.import.mapping.stale' }, sha);
    if (p.saveTemplateAs) {
      const templateId = saveTemplate(ctx.db.sqlite, { kind, name: p.saveTemplateAs, headers: info.headers, mapping, userId: ctx.userId, now: ctx.now().toISOString() });
      setRun(ctx, run.id, { template_id: templateId });
    }
    sink = new ProblemSink({ kind, headers: info.headers, path: reportPath(ctx.db.file, run.id), locale: p.locale, parts: partLedger(ctx.db.sqlite) });
    // The dry run looks every row up in the same indexes the apply writes: the same cache.
    jobCacheFor(ctx, kind);
    const started = ctx.now().toISOString();
    const result = await runEngine({
      kind,
      source: table,
      mapping,
      sqlite: ctx.db.sqlite,
      env: { scope: p.scope, userId: ctx.userId, userBranchId: p.userBranchId, directory: directory(ctx), importId: run.id, stamp: started },
      sink,
      progress: (done) => ctx.progress(done, null, 'preview'),
      checkpoint: () => ctx.checkpoint(),
      afterBatch: garbageCollector(),
    });
    const first = sink.first();
    const report = await sink.close();
    sink = null;
    setRun(ctx, run.id, {
      status: 'previewed',
      file_sha256: sha,
      file_size: size,
      format: info.format,
      sheet: info.sheet,
      encoding: info.encoding,
      header_row: info.headerRow,
      counts: JSON.stringify(result.counts),
      first_errors: JSON.stringify(first),
      warnings: JSON.stringify(info.warnings),
      report_path: report,
    });
    await audit(ctx, run, 'imports.preview.done', countsDetail(result.counts));
    return { status: 'previewed', ...countsDetail(result.counts) };
  } catch (e) {
    await sink?.abort();
    if (e instanceof ImportFileError) return fail({ key: e.key, ...(Object.keys(e.params).length ? { params: e.params } : {}) }, sha);
    setRun(ctx, run.id, e instanceof JobCancelled ? { status: 'cancelled' } : { status: 'failed', first_errors: JSON.stringify([failureRow({ key: 'error.import.failed' })]) });
    throw e;
  } finally {
    await table?.close();
  }
}

async function applyJob(p: JobParams['imports.apply'], ctx: JobCtx): Promise<JobResult> {
  const run = loadRun(ctx, p.importId, 'applying');
  const kind = run.kind as ImportKind;
  const stamp = run.applied_at!;
  const mode = run.mode ?? 'all';
  const total = (JSON.parse(run.counts ?? 'null') as ImportCounts | null)?.total ?? null;
  const failRun = async (m: Message): Promise<JobResult> => {
    setRun(ctx, run.id, { status: 'failed', first_errors: JSON.stringify([failureRow(m), ...(JSON.parse(run.first_errors ?? '[]') as unknown[])]) });
    await audit(ctx, run, 'imports.apply.done', { refused: m.key }, 'failed');
    return { status: 'failed', failure: m.key };
  };

  ctx.progress(0, total, 'hash');
  const { sha } = await sha256File(p.path).catch(() => ({ sha: '' }));
  if (sha !== run.file_sha256) return failRun({ key: 'error.import.apply.fileChanged' });

  const cache = jobCacheFor(ctx, kind);
  widenJobWal(ctx);
  let table: RowSource | null = null;
  try {
    table = await open(p.path, run, true);
    const result = await runEngine({
      kind,
      source: table,
      mapping: JSON.parse(run.mapping) as Mapping,
      sqlite: ctx.db.sqlite,
      env: { scope: p.scope, userId: ctx.userId, userBranchId: p.userBranchId, directory: directory(ctx), importId: run.id, stamp },
      // Problems were reported by the preview; the apply keeps no second report.
      sink: new ProblemSink({ kind, headers: table.info.headers, path: null }),
      apply: { mode, write: (fn) => ctx.write(fn) },
      progress: (done) => ctx.progress(done, total, 'apply'),
      checkpoint: () => ctx.checkpoint(),
      afterBatch: garbageCollector(),
    });
    setRun(ctx, run.id, { status: 'applied', counts: JSON.stringify(result.counts) });
    await audit(ctx, run, 'imports.apply.done', { ...countsDetail(result.counts), mode });
    return { status: 'applied', ...countsDetail(result.counts) };
  } catch (e) {
    // Take back what earlier batches committed, in transactions of our own: ctx.write would
    // refuse to run once a cancel was asked for.
    ctx.progress(0, null, 'compensate');
    const now = ctx.now().toISOString();
    const undone = undoChanges(ctx.db.sqlite, { importId: run.id, stamp, userId: ctx.userId, now }, (fn) => writeTxSync(ctx.db, ctx.userId, fn), { chunk: undoPace });
    writeTxSync(ctx.db, ctx.userId, () => {
      ctx.db.sqlite.prepare(`DELETE FROM import_changes WHERE import_id = ?`).run(run.id);
      ctx.db.sqlite.prepare(`UPDATE import_runs SET assets_stale = 0 WHERE id = ?`).run(run.id);
    });
    if (e instanceof JobCancelled) {
      setRun(ctx, run.id, { status: 'cancelled' });
      await audit(ctx, run, 'imports.apply.done', { cancelled: true, compensated: undone.undone });
      throw e;
    }
    if (e instanceof ApplyStopped) return failRun({ key: 'error.import.apply.rowErrors', params: { row: e.row } });
    if (e instanceof ImportFileError) return failRun({ key: e.key, ...(Object.keys(e.params).length ? { params: e.params } : {}) });
    setRun(ctx, run.id, { status: 'failed', first_errors: JSON.stringify([failureRow({ key: 'error.import.failed' })]) });
    throw e;
  } finally {
    await table?.close();
    ctx.db.sqlite.pragma(`cache_size = ${cache}`);
  }
}

/**
 * Changes an undo (or a cancel's compensation) takes back in one write transaction: as many as
 * fit TX_BUDGET_MS at the pace of the last ones, from 5,000, at most 20,000 (engine.ts `txUnits`),
 * so that a person's save waits at most that long behind it.
 */
const UNDO_UNIT = 100;
const undoPace = (recent: readonly UndoPace[]): number => txUnits(UNDO_UNIT, 20_000, recent) * UNDO_UNIT;

/**
 * Undo of a whole import, in paced write transactions (`undoPace`). The first checks that nothing
 * newer touched the import's rows (refused with the reason, nothing changed) and marks where the
 * undo starts (`import_runs.undo_below`); each next one takes back a chunk and records how far it
 * got in the same commit. A row that someone changes while the undo runs is left as they made it
 * and counted as kept. An undo cut off (the app quit) is resumed by undoing again: it goes on
 * where it stopped, without checking again the rows it has already taken back.
 */
async function undoJob(p: JobParams['imports.undo'], ctx: JobCtx): Promise<JobResult> {
  const run = loadRun(ctx, p.importId, 'undoing');
  const sqlite = ctx.db.sqlite;
  const stamp = run.applied_at!;
  const at = sqlite.prepare(`UPDATE import_runs SET undo_below = ?, undo_done = undo_done + ?, undo_kept = undo_kept + ? WHERE id = ?`);
  // The undo's stamp (the rows it restores get it) is when it started, kept for a resumed one.
  let { undo_below: from, undone_at: now } = run;
  try {
    if (from === null || now === null) {
      const start = ctx.now().toISOString();
      // Checked again inside the transaction: the handler's check raced nobody's edit only until now.
      ctx.write(() => {
        refuseUndo(sqlite, run.id, stamp);
        at.run(Number.MAX_SAFE_INTEGER, 0, 0, run.id);
        setRun(ctx, run.id, { undone_at: start });
      });
      from = Number.MAX_SAFE_INTEGER;
      now = start;
    }
  } catch (e) {
    setRun(ctx, run.id, { status: p.from });
    // Refused (rows touched since, a key taken): the job ends with the reason and its count for
    // the history to show, rather than a bare CONFLICT; the run stays as it was.
    if (e instanceof AppError && e.code === 'CONFLICT') {
      const count = Number(e.params?.count ?? 0);
      await audit(ctx, run, 'imports.undo.refused', { reason: e.messageKey, count }, 'failed');
      return { status: 'refused', key: e.messageKey, count };
    }
    throw e;
  }
  const before = run.undo_done + run.undo_kept;
  undoChanges(sqlite, { importId: run.id, stamp, userId: ctx.userId, now }, (fn) => ctx.write(fn), {
    from,
    chunk: undoPace,
    onChunk: (below, did) => at.run(below, did.undone, did.skipped, run.id),
    onProgress: (n) => ctx.progress(before + n, null, 'undo'),
  });
  const end = ctx.write(() => {
    setRun(ctx, run.id, { status: 'undone', undone_by: ctx.userId });
    return getRun(sqlite, run.id)!;
  });
  await audit(ctx, run, 'imports.undo.done', { undone: end.undo_done, kept: end.undo_kept });
  return { status: 'undone', undone: end.undo_done, kept: end.undo_kept };
}

/** The import jobs, run in the worker thread (job-kinds.ts registers them). */
export const IMPORT_JOBS: { 'imports.preview': JobImpl<'imports.preview'>; 'imports.apply': JobImpl<'imports.apply'>; 'imports.undo': JobImpl<'imports.undo'> } = {
  'imports.preview': previewJob,
  'imports.apply': applyJob,
  'imports.undo': undoJob,
};
