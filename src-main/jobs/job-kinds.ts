import { scanDuplicates } from '../customers/duplicates.job';
import { bulkAssignJob } from '../customers/bulk-assign.job';
import { transferBranchJob } from '../customers/transfer-branch.job';
import { IMPORT_JOBS } from '../imports/import.jobs';
import { EXPORT_JOBS } from '../exports/export.jobs';
import { SUITABILITY_JOBS } from '../suitability/suitability.jobs';
import { SYNC_JOBS } from '../sync/sync.jobs';
import type { JobImpl, JobKind } from './job-types';

/**
 * Every job kind's implementation, run in the worker thread. Imported only by the worker side
 * (job-exec.ts), so main never loads a job's code, and the worker never loads handlers or IPC.
 */
export const JOB_KINDS: { [K in JobKind]: JobImpl<K> } = {
  'customers.duplicates': scanDuplicates,
  'customers.bulkAssign': bulkAssignJob,
  'customers.transferBranch': transferBranchJob,
  ...IMPORT_JOBS,
  ...EXPORT_JOBS,
  ...SUITABILITY_JOBS,
  ...SYNC_JOBS,
};
