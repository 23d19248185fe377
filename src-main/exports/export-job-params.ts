import type { JobScope } from '../jobs/job-types';

/** The export jobs' parameters (job-types.ts merges them into JobParams). */
export type ExportJobParams = {
  'exports.customers': { path: string; scope: JobScope };
};
