import { DEFAULT_CUSTOMER_SORT } from '../customers/list-view';
import { z } from 'zod';
import { method } from '../rpc/define';
import { zFileHandle } from '../files/files.contract';
import { zCustomerFilter, zCustomerSort } from '../customers/customers.contract';

/**
 * Export of lists (issue 5): the list as the user sees it (search, filters, sort, visible
 * columns) to .xlsx or .csv, as a job, streaming. Personal data masked unless the user may
 * export it unmasked (`exports.unmasked`) and asks for it. Audited.
 */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The customer list's exportable columns, in the list's column chooser keys. */
export const CUSTOMER_EXPORT_COLUMNS = [
  'customerNo', 'name', 'kind', 'idType', 'idNo', 'phone', 'branchName', 'managerName', 'level', 'status',
  'riskLevel', 'riskExpiresAt', 'idExpiry', 'assetsFen', 'openDate', 'lastContactAt', 'elderly',
] as const;
export type CustomerExportColumn = (typeof CUSTOMER_EXPORT_COLUMNS)[number];

/** What a finished export job reports (`jobs.get` → result): rows written, file size, seconds taken. */
export const zExportResult = z.object({ rows: z.number().int(), bytes: z.number().int(), format: z.enum(EXPORT_FORMATS), seconds: z.number() });
export type ExportResult = z.infer<typeof zExportResult>;

export const exportsContract = {
  'exports.customers': method({
    kind: 'mutation',
    access: 'exports.run',
    input: z
      .object({
        handle: zFileHandle,
        format: z.enum(EXPORT_FORMATS),
        q: z.string().trim().max(40).optional(),
        filter: zCustomerFilter.default({}),
        // As the list's: an export that does not say how is sorted as the list first shows.
        sort: zCustomerSort.default({ ...DEFAULT_CUSTOMER_SORT }),
        columns: z.array(z.enum(CUSTOMER_EXPORT_COLUMNS)).min(1).max(CUSTOMER_EXPORT_COLUMNS.length),
        unmasked: z.boolean().default(false),
      })
      .strict(),
    /** The export job; its progress comes as `job.progress` events, its result (ExportResult) from `jobs.get`. */
    output: z.object({ jobId: z.string() }),
  }),
} as const;
