import { Worker } from 'node:worker_threads';
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { AppError } from '../../src-shared/rpc/errors';
import type { Database as Schema } from '../db/schema';
import { getDefaultNativeBinding, type Db } from '../db/open';
import type { EventBus } from '../ipc/events';
import type { JobKind, JobParams, WorkerInit, WorkerMessage } from './job-types';
import { maxWalPages } from './job-cache';

/**
 * Where the worker's entry is. In the app bundle (dist-main/main.cjs; scripts/build-main.mjs
 * defines `import.meta.url` as the bundle's own URL) it is the sibling job-worker.cjs; from
 * TypeScript source it is the JS bootstrap that registers tsx and loads job-worker.ts.
 */
function defaultWorkerScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.cjs') ? new URL('./job-worker.cjs', here) : new URL('./job-worker.dev.mjs', here);
}

type LiveJob = { worker: Worker; cancel: Int32Array; clientId: string; reported: Promise<void>; ended: Promise<void> };

/**
 * A worker's old-generation heap cap, for jobs whose memory is bounded by design (they stream).
 * V8 sizes its heap growth from the cap: with none, a 1M-customer export's worker grew to about
 * 60 MiB above its working set in its first seconds (start-up garbage) and the process peaked at
 * 322 MiB against the 300 MB goal; capped at 128 MiB it peaks at 276 MiB, no slower. Jobs that
 * hold a whole input (a bundle's items, a duplicate scan) keep V8's default, and so do the
 * imports: capped at 128 or 192 MiB the 1M daily-asset import peaked the same (397-406 MiB), as
 * they already collect between batches (import.jobs.ts).
 */
const WORKER_OLD_SPACE_MIB: Partial<Record<JobKind, number>> = {
  'exports.customers': 128,
};

/**
 * Main's side of jobs (README.md beside this file): creates the row, starts a worker thread
 * after the creating transaction commits, forwards its progress as `job.progress` events to
 * the client that started it, and asks it to stop. The worker owns the row's status once it
 * runs; main writes it only when a worker dies without saying how it ended.
 */
export class JobRunner {
  private readonly live = new Map<string, LiveJob>();
  /** Main's own checkpoint window before the first of the running jobs started (null: none runs). */
  private mainWalPages: number | null = null;
  /** Jobs created before this moment and still `running` in the table were cut off by a restart. */
  readonly startedAt: string;

  constructor(
    private readonly opts: {
      db: Db;
      /** The database key, for the worker's own connection. Null: this context cannot run jobs. */
      key: string | null;
      events: EventBus;
      now: () => Date;
      workerScript?: URL;
    },
  ) {
    this.startedAt = opts.now().toISOString();
  }

  /**
   * Insert a queued job row in the caller's transaction `db`; the worker starts from
   * `afterCommit`, so it never runs for a row that was rolled back, and its own connection
   * sees the row.
   */
  async enqueue<K extends JobKind>(
    db: Kysely<Schema>,
    afterCommit: ((fn: () => void) => void) | undefined,
    job: { kind: K; params: JobParams[K]; userId: string; clientId: string },
  ): Promise<string> {
    if (this.opts.key === null || !afterCommit) throw new AppError('INTERNAL', 'error.jobs.unavailable');
    const id = uuidv7();
    await db
      .insertInto('jobs')
      .values({ id, kind: job.kind, status: 'queued', created_by: job.userId, created_at: this.opts.now().toISOString(), finished_at: null, done: 0, total: null, result: null, error_code: null })
      .execute();
    afterCommit(() => this.spawn(id, job));
    return id;
  }

  private spawn(jobId: string, job: { kind: JobKind; params: JobParams[JobKind]; userId: string; clientId: string }): void {
    const cancel = new SharedArrayBuffer(4);
    const init: WorkerInit = {
      jobId,
      kind: job.kind,
      params: job.params,
      userId: job.userId,
      file: this.opts.db.file,
      key: this.opts.key!,
      nativeBinding: getDefaultNativeBinding() ?? null,
      cancel,
    };
    // execArgv [] : the worker must not inherit the parent's loader flags (tsx, inspector);
    // the dev bootstrap registers what it needs itself.
    const oldSpace = WORKER_OLD_SPACE_MIB[job.kind];
    const worker = new Worker(this.opts.workerScript ?? defaultWorkerScript(), { workerData: init, execArgv: [], ...(oldSpace ? { resourceLimits: { maxOldGenerationSizeMb: oldSpace } } : {}) });
    let ended: WorkerMessage['type'] | null = null;
    let failedCode = 'INTERNAL';
    const emit = (done: number, total: number | null, phase: string) => this.opts.events.emit(job.clientId, 'job.progress', { jobId, done, total, phase });
    let lastDone = 0;
    let lastTotal: number | null = null;
    let onReport = () => {};
    const reportedP = new Promise<void>((resolve) => (onReport = resolve));
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        lastDone = m.done;
        lastTotal = m.total;
        emit(m.done, m.total, m.phase);
        return;
      }
      ended = m.type;
      if (m.type === 'failed') failedCode = m.code;
      // The final event names how it ended; the client reads the row (jobs.get) for the result.
      emit(lastDone, lastTotal, m.type);
      onReport();
    });
    worker.on('error', (e) => {
      // An uncaught error in the worker: its name only (a message could quote data).
      console.error(`[job] ${job.kind} worker error: ${e.name}`);
    });
    const endedP = new Promise<void>((resolve) => {
      worker.on('exit', () => {
        this.live.delete(jobId);
        this.releaseMainCheckpoints();
        // The worker writes its own end state; one that could not (it never opened the
        // database, or died) leaves the row queued or running: record it failed here.
        this.markFailed(jobId, failedCode);
        if (!ended) emit(lastDone, lastTotal, 'failed');
        onReport();
        resolve();
      });
    });
    this.live.set(jobId, { worker, cancel: new Int32Array(cancel), clientId: job.clientId, reported: reportedP, ended: endedP });
    this.holdMainCheckpoints();
  }

  /**
   * While jobs run, main's connection takes the widest job window (`maxWalPages`), so it does
   * not checkpoint at its commits (jobs README "Checkpoints"). A bulk job lets the WAL grow
   * (`widenJobWal`) and checkpoints it in its own thread; with SQLite's 1,000-page window,
   * main's next commit (an audit row, a save) would copy all of it inline, on the thread that
   * serves the UI. Put back when the last job's worker has exited, after its own checkpoint.
   */
  private holdMainCheckpoints(): void {
    const sqlite = this.opts.db.sqlite;
    if (this.mainWalPages !== null || !sqlite.open) return;
    this.mainWalPages = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    sqlite.pragma(`wal_autocheckpoint = ${Math.max(this.mainWalPages, maxWalPages(sqlite))}`);
  }

  private releaseMainCheckpoints(): void {
    const sqlite = this.opts.db.sqlite;
    if (this.live.size > 0 || this.mainWalPages === null) return;
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${this.mainWalPages}`);
    this.mainWalPages = null;
  }

  /**
   * Mark a job failed unless its row already says how it ended. Not while a write transaction
   * is open on main's connection (a handler awaiting I/O mid-transaction): the update would
   * join, and share the fate of, someone else's transaction.
   */
  private markFailed(jobId: string, code: string): void {
    if (!this.opts.db.sqlite.open) return;
    if (this.opts.db.capture.active) {
      setTimeout(() => this.markFailed(jobId, code), 20);
      return;
    }
    this.opts.db.sqlite
      .prepare(`UPDATE jobs SET status = 'failed', error_code = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`)
      .run(code, this.opts.now().toISOString(), jobId);
  }

  /** Ask a running job to stop at its next checkpoint; false when no worker of this process runs it. */
  cancel(jobId: string): boolean {
    const j = this.live.get(jobId);
    if (!j) return false;
    Atomics.store(j.cancel, 0, 1);
    return true;
  }

  isLive(jobId: string): boolean {
    return this.live.has(jobId);
  }

  /**
   * Resolves when the job has reported how it ended (what the user waits for): its row is final;
   * its worker may still be doing the job's after-report upkeep (`wait` for that).
   */
  async reported(jobId: string): Promise<void> {
    await this.live.get(jobId)?.reported;
  }

  /** Resolves when the job's worker has exited (immediately when none runs). */
  async wait(jobId: string): Promise<void> {
    await this.live.get(jobId)?.ended;
  }

  /** Resolves when no job of this process runs (a short-lived process waits before it exits). */
  async idle(): Promise<void> {
    while (this.live.size) await Promise.all([...this.live.values()].map((j) => j.ended));
  }

  /** Stop every worker (process shutdown, tests). Their open transactions roll back. */
  async close(): Promise<void> {
    const all = [...this.live.values()];
    await Promise.all(all.map((j) => j.worker.terminate()));
    await Promise.all(all.map((j) => j.ended));
  }
}
