import { AppError } from '../../src-shared/rpc/errors';
import { errorForLog } from '../lib/system-error';
import type { Db } from '../db/open';
import { writeTxSync } from '../db/tx';
import { JOB_KINDS } from './job-kinds';
import { JobCancelled, type JobCtx, type JobKind, type JobParams, type JobResult, type WorkerMessage } from './job-types';

/** Progress is written to the jobs row at most this often (and at every phase change). */
const ROW_WRITE_MS = 500;
/** Progress messages to main at most this often (and at every phase change). */
const POST_MS = 100;

export type JobToRun = { jobId: string; kind: JobKind; params: JobParams[JobKind]; userId: string };
export type JobIo = { post(m: WorkerMessage): void; cancelRequested(): boolean; now?: () => Date };

/**
 * Run one job on `db` to its end and say how it ended. This is the worker thread's body
 * (job-worker.ts wires it to the thread); it takes its I/O as arguments so a test can run a
 * job in-process, with a cancel that arrives at an exact point.
 *
 * The job owns its row's status from here on: `running`, then `done` with the result,
 * `cancelled` after its open transaction rolled back, or `failed` with an error code. The
 * outcome is posted (`io.post`) as soon as the row says it; then the job's `afterReport` work
 * runs, and the returned promise settles after that.
 */
export async function executeJob(db: Db, job: JobToRun, io: JobIo): Promise<WorkerMessage> {
  const afterReport: (() => void)[] = [];
  const end = await runJob(db, job, io, (fn) => afterReport.push(fn));
  io.post(end);
  for (const fn of afterReport) {
    try {
      fn();
    } catch (e) {
      console.error(`[job] ${job.kind} after-report step failed: ${e instanceof Error ? e.name : 'unknown error'}`);
    }
  }
  return end;
}

async function runJob(db: Db, job: JobToRun, io: JobIo, afterReport: (fn: () => void) => void): Promise<WorkerMessage> {
  const now = io.now ?? (() => new Date());
  const setRow = db.sqlite.prepare(`UPDATE jobs SET done = ?, total = ? WHERE id = ?`);
  const finish = db.sqlite.prepare(`UPDATE jobs SET status = ?, finished_at = ?, done = ?, total = ?, result = ?, error_code = ? WHERE id = ?`);
  db.sqlite.prepare(`UPDATE jobs SET status = 'running' WHERE id = ? AND status = 'queued'`).run(job.jobId);

  let last = { done: 0, total: null as number | null, phase: '' };
  let lastRowWrite = 0;
  let lastPost = 0;
  /** Inside `snapshot`: the jobs row is not written (a write would turn the read into a write transaction). */
  let reading = false;
  const checkpoint = () => {
    if (io.cancelRequested()) throw new JobCancelled();
  };
  const ctx: JobCtx = {
    db,
    jobId: job.jobId,
    userId: job.userId,
    now,
    progress(done, total, phase) {
      const phaseChanged = phase !== last.phase;
      last = { done, total, phase };
      const t = Date.now();
      if (phaseChanged || done === total || t - lastPost >= POST_MS) {
        lastPost = t;
        io.post({ type: 'progress', done, total, phase });
      }
      if (!reading && (phaseChanged || t - lastRowWrite >= ROW_WRITE_MS)) {
        lastRowWrite = t;
        setRow.run(done, total, job.jobId);
      }
    },
    checkpoint,
    afterReport,
    async snapshot(fn) {
      if (reading || db.sqlite.inTransaction) throw new Error('a snapshot inside a transaction');
      db.sqlite.exec('BEGIN');
      // A deferred transaction takes its snapshot at its first read.
      db.sqlite.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
      reading = true;
      try {
        return await fn();
      } finally {
        reading = false;
        if (db.sqlite.inTransaction) db.sqlite.exec('COMMIT');
        setRow.run(last.done, last.total, job.jobId);
      }
    },
    write(fn) {
      // The check inside the transaction, after the work: a cancel that arrived meanwhile rolls it all back.
      return writeTxSync(db, job.userId, () => {
        const r = fn();
        checkpoint();
        return r;
      });
    },
  };

  try {
    checkpoint();
    const impl = JOB_KINDS[job.kind] as (p: JobParams[JobKind], c: JobCtx) => JobResult | Promise<JobResult>;
    const result = await impl(job.params, ctx);
    finish.run('done', now().toISOString(), last.done, last.total, JSON.stringify(result), null, job.jobId);
    return { type: 'done', result };
  } catch (e) {
    if (e instanceof JobCancelled) {
      finish.run('cancelled', now().toISOString(), last.done, last.total, null, null, job.jobId);
      return { type: 'cancelled' };
    }
    const code = e instanceof AppError ? e.code : 'INTERNAL';
    // Never log parameters or row data: the kind and what broke (a system error's message holds its path).
    if (!(e instanceof AppError)) console.error(`[job] ${job.kind} failed: ${errorForLog(e)}`);
    finish.run('failed', now().toISOString(), last.done, last.total, null, code, job.jobId);
    return { type: 'failed', code };
  }
}
