import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Db } from '../db/open';
import { executeJob } from './job-exec';
import type { WorkerInit, WorkerMessage } from './job-types';

/**
 * A job's worker thread (README.md beside this file). Bundled as dist-main/job-worker.cjs for
 * the app; from source, job-worker.dev.mjs registers tsx and imports this file.
 *
 * It opens its own connection to the same file with the same key (role 'job': smaller page
 * cache, never migrates: main already did), runs the job, reports how it ended, finishes the
 * job's after-report upkeep, and closes.
 */
const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('job-worker.ts runs only as a worker thread');

const post = (m: WorkerMessage) => port.postMessage(m);
const flag = new Int32Array(init.cancel);
async function run(): Promise<void> {
  let db: Db | null = null;
  try {
    db = openDatabase({ file: init.file, key: init.key, role: 'job', migrate: false, ...(init.nativeBinding ? { nativeBinding: init.nativeBinding } : {}) });
    // executeJob posts the outcome itself, then runs the job's after-report upkeep (a deferred checkpoint).
    await executeJob(db, { jobId: init.jobId, kind: init.kind, params: init.params, userId: init.userId }, { post, cancelRequested: () => Atomics.load(flag, 0) === 1 });
  } catch (e) {
    // Opening failed (file gone, wrong key): main marks the row failed. Never log workerData: it holds the key.
    console.error(`[job] ${init.kind} could not start: ${e instanceof Error ? e.name : 'unknown error'}`);
    post({ type: 'failed', code: 'INTERNAL' });
  } finally {
    db?.close();
  }
}
void run();
