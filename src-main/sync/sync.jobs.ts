import type { JobImpl } from '../jobs/job-types';

/** The sync jobs, run in the worker thread (job-kinds.ts registers them). */
export const SYNC_JOBS: { 'sync.export': JobImpl<'sync.export'>; 'sync.import': JobImpl<'sync.import'> } = {
  'sync.export': async () => {
    throw new Error('not built yet');
  },
  'sync.import': async () => {
    throw new Error('not built yet');
  },
};
