import { z } from 'zod';
import { method } from '../rpc/define';
import { zId, zOk } from '../lib/common';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const zJob = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  done: z.number().int(),
  total: z.number().int().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  result: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  errorCode: z.string().nullable(),
});
export type JobDto = z.infer<typeof zJob>;

/** A caller sees and cancels only their own jobs. Progress also arrives as `job.progress` events. */
export const jobsContract = {
  'jobs.get': method({ kind: 'query', access: 'session', input: z.object({ id: zId }).strict(), output: zJob }),
  'jobs.cancel': method({ kind: 'mutation', access: 'session', input: z.object({ id: zId }).strict(), output: zOk }),
} as const;
