import type { JobScope } from '../jobs/job-types';

/** The import jobs' parameters (job-types.ts merges them into JobParams). */
export type ImportJobParams = {
  'imports.preview': { importId: string; scope: JobScope };
  'imports.apply': { importId: string; scope: JobScope };
  'imports.undo': { importId: string; scope: JobScope };
};
