import type { JobImpl } from '../jobs/job-types';
import { AppError } from '../../src-shared/rpc/errors';

const todo = (): never => {
  throw new AppError('INTERNAL');
};

/** The export jobs, run in the worker thread (job-kinds.ts registers them). */
export const EXPORT_JOBS: { 'exports.customers': JobImpl<'exports.customers'> } = {
  'exports.customers': todo,
};
