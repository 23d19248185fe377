import type { Kysely } from 'kysely';
import { jobsContract, type JobDto } from '../../src-shared/jobs/jobs.contract';
import { AppError } from '../../src-shared/rpc/errors';
import { OK } from '../../src-shared/lib/common';
import type { Database as Schema, JobsTable } from '../db/schema';
import type { Actor, HandlersFor } from '../ipc/types';
import type { JobRunner } from './job-runner';

/** The caller's own job, or NOT_FOUND: another user's job is not theirs to see or stop, nor to learn exists. */
async function ownJob(db: Kysely<Schema>, actor: Actor, id: string): Promise<JobsTable> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).where('created_by', '=', actor.userId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'error.jobs.notFound');
  return row;
}

const finished = (s: JobsTable['status']) => s === 'done' || s === 'failed' || s === 'cancelled';

/**
 * A row still queued or running that no worker of this process runs, created before this
 * process started, was cut off by a restart (a worker dies with its process): it is reported
 * failed with INTERRUPTED. Read-time only, so another process sharing the file (the CLI) never
 * rewrites rows of jobs it does not run.
 */
export function toJobDto(row: JobsTable, runner: JobRunner): JobDto {
  const interrupted = !finished(row.status) && !runner.isLive(row.id) && row.created_at < runner.startedAt;
  return {
    id: row.id,
    kind: row.kind,
    status: interrupted ? 'failed' : row.status,
    done: row.done,
    total: row.total,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    result: row.result === null ? null : (JSON.parse(row.result) as JobDto['result']),
    errorCode: interrupted ? 'INTERRUPTED' : row.error_code,
  };
}

export const jobsHandlers = {
  'jobs.get': async (input, { app, db, actor }) => toJobDto(await ownJob(db, actor, input.id), app.jobs),

  /**
   * Ask the job to stop at its next checkpoint; it ends `cancelled` with its open transaction
   * rolled back (the row says so once the worker has stopped). A job that already ended has
   * nothing to stop: OK, so a cancel racing the last step is not an error.
   */
  'jobs.cancel': async (input, { app, db, actor, audit }) => {
    const row = await ownJob(db, actor, input.id);
    audit.targetType = 'job';
    audit.targetId = row.id;
    if (!finished(row.status)) app.jobs.cancel(row.id);
    return OK;
  },
} satisfies HandlersFor<typeof jobsContract>;
