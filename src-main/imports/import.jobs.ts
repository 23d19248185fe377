import type { JobImpl } from '../jobs/job-types';
import { AppError } from '../../src-shared/rpc/errors';

const todo = (): never => {
  throw new AppError('INTERNAL');
};

/** The import jobs, run in the worker thread (job-kinds.ts registers them). */
export const IMPORT_JOBS: { 'imports.preview': JobImpl<'imports.preview'>; 'imports.apply': JobImpl<'imports.apply'>; 'imports.undo': JobImpl<'imports.undo'> } = {
  'imports.preview': todo,
  'imports.apply': todo,
  'imports.undo': todo,
};
