import type { Db } from '../db/open';
import type { ImportJobParams } from '../imports/import-job-params';
import type { ExportJobParams } from '../exports/export-job-params';
import type { CustomerJobParams } from '../customers/customer-job-params';
import type { SuitabilityJobParams } from '../suitability/suitability-job-params';
import type { SyncJobParams } from '../sync/sync-job-params';

/**
 * What main and a job's worker thread say to each other (README.md beside this file). Plain
 * structured-clone values only: they cross `postMessage`.
 */

/** The scope a job works within, fixed from the starting user's data scope when it starts. */
export type JobScope = { kind: 'all' } | { kind: 'branch'; branchId: string } | { kind: 'own'; managerId: string };

/** Every job kind and its parameters. A kind's implementation is registered in job-kinds.ts. */
export type JobParams = {
  'customers.duplicates': { scope: JobScope };
} & CustomerJobParams &
  ImportJobParams &
  ExportJobParams &
  SuitabilityJobParams &
  SyncJobParams;
export type JobKind = keyof JobParams;

export type JobResult = Record<string, string | number | boolean | null>;

/** Handed to the worker as `workerData`. Holds the database key: never log it. */
export type WorkerInit = {
  jobId: string;
  kind: JobKind;
  params: JobParams[JobKind];
  /** The user who started the job: the author of anything it writes to synced tables. */
  userId: string;
  file: string;
  key: string;
  nativeBinding: string | null;
  /** Int32Array view: slot 0 is set to 1 by main to ask the job to stop. */
  cancel: SharedArrayBuffer;
};

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number | null; phase: string }
  | { type: 'done'; result: JobResult }
  | { type: 'cancelled' }
  | { type: 'failed'; code: string };

/** Thrown by a job at a checkpoint after main asked it to stop; its open transaction rolls back. */
export class JobCancelled extends Error {
  constructor() {
    super('job cancelled');
    this.name = 'JobCancelled';
  }
}

/** What a job implementation gets, in the worker thread. */
export type JobCtx = {
  /** The worker's own connection (role 'job', never migrates). */
  db: Db;
  jobId: string;
  userId: string;
  now: () => Date;
  /** Report progress: forwarded to the client that started the job and kept in the jobs row. */
  progress(done: number, total: number | null, phase: string): void;
  /** Throws JobCancelled when main asked the job to stop. Call between batches. */
  checkpoint(): void;
  /**
   * Run `fn` in one write transaction (captured with the job's user as author); a cancel that
   * arrives while it runs rolls it back, so a cancelled job leaves nothing half-written. Keep
   * it short: while it holds the write lock, main's writes wait.
   */
  write<T>(fn: () => T): T;
  /**
   * Work for after the job's outcome is reported (its row final, main told): upkeep the user
   * need not wait for, such as the WAL checkpoint a bulk write deferred (`widenJobWal`). Runs
   * whether the job succeeded, failed or was cancelled; an error in it is logged by name only.
   */
  afterReport(fn: () => void): void;
  /**
   * Run `fn` on one read snapshot of the database (a read transaction on the job's connection):
   * a long export sees every row as it was when it began, whatever is saved meanwhile. Nothing
   * may be written inside (progress goes to the client only, and to the jobs row after).
   * Checkpoints cannot pass the snapshot while it is held, so the WAL grows by what others write.
   */
  snapshot<T>(fn: () => Promise<T>): Promise<T>;
};

/** Sync, or async for jobs that stream files (imports, exports); `ctx.write` stays synchronous inside. */
export type JobImpl<K extends JobKind> = (params: JobParams[K], ctx: JobCtx) => JobResult | Promise<JobResult>;
