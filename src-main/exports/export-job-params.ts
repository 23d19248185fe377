import type { JobScope } from '../jobs/job-types';
import type { CustomerFilter, SortField } from '../../src-shared/customers/customers.contract';
import type { CustomerExportColumn, ExportFormat } from '../../src-shared/exports/exports.contract';

/** The list request an export repeats: what the user's list shows (search, filters, sort) and its visible columns. */
export type CustomerExportRequest = {
  q: string | null;
  filter: CustomerFilter;
  sort: { field: SortField; dir: 'asc' | 'desc' };
  columns: CustomerExportColumn[];
  unmasked: boolean;
};

/**
 * The export jobs' parameters (job-types.ts merges them into JobParams). They travel to the
 * worker in memory only (the jobs row keeps no params): the path is never stored.
 */
export type ExportJobParams = {
  'exports.customers': {
    /** Where the file goes: the job writes `path.part`, then renames. Resolved from the caller's write handle. */
    path: string;
    format: ExportFormat;
    /** The caller's data scope, fixed when the export was asked for. */
    scope: JobScope;
    request: CustomerExportRequest;
    /** Who asked, for the cover row and the job's closing audit row. */
    by: { login: string; displayName: string; branchId: string };
    /** When it was asked (ISO instant): the cover's time and the "today" of date filters, as the list saw it. */
    requestedAt: string;
  };
};
