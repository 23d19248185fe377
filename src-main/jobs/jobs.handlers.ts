import { jobsContract } from '../../src-shared/jobs/jobs.contract';
import { AppError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';

// STUB: replaced by the real handlers.
function notYet(method: string): never {
  throw new AppError('INTERNAL', `error.notImplemented.${method}`);
}

export const jobsHandlers = {
  'jobs.get': async () => notYet('jobs.get'),
  'jobs.cancel': async () => notYet('jobs.cancel'),
} satisfies HandlersFor<typeof jobsContract>;
