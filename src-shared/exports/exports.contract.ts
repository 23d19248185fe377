import { z } from 'zod';
import { DEFAULT_CUSTOMER_SORT } from '../customers/list-view';
import { method } from '../rpc/define';
import { zFileHandle } from '../files/files.contract';
import { zEmpty, zOk } from '../lib/common';
import { zCustomerFilter, zCustomerSort } from '../customers/customers.contract';

/**
 * Export of lists (issue 5): the list as the user sees it (search, filters, sort, visible
 * columns) to .xlsx or .csv, as a job, streaming. Personal data masked. Unmasked, under
 * four-eyes (architecture.md, 复核): a user who may (`exports.unmasked`) asks, a checker
 * approves, the file is made in the app's folder, and the maker saves it once. Audited.
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

/** How long an approved unmasked export waits in the app's folder to be saved. */
export const STAGED_KEEP_DAYS = 7;

/** An approved unmasked export: being made, ready to save, saved, or failed. */
export const zStagedExport = z.object({
  id: z.string(),
  jobId: z.string(),
  format: z.enum(EXPORT_FORMATS),
  createdAt: z.string(),
  approverName: z.string(),
  status: z.enum(['running', 'ready', 'saved', 'failed']),
  rows: z.number().int().nullable(),
  savedAt: z.string().nullable(),
});
export type StagedExportDto = z.infer<typeof zStagedExport>;

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

  /**
   * Ask for the list with full ID numbers and phones: stored as pending until a second person
   * with `approvals.decide` approves it (the maker's answer is the pending approval's id). On
   * approval the export job runs with the maker's scope as of then and writes the file into
   * the app's folder; the maker then saves it (`exports.staged.save`).
   */
  'exports.customersUnmasked': method({
    kind: 'mutation',
    access: 'exports.unmasked',
    fourEyes: { approver: 'approvals.decide' },
    input: z
      .object({
        format: z.enum(EXPORT_FORMATS),
        q: z.string().trim().max(40).optional(),
        filter: zCustomerFilter.default({}),
        sort: zCustomerSort.default({ ...DEFAULT_CUSTOMER_SORT }),
        columns: z.array(z.enum(CUSTOMER_EXPORT_COLUMNS)).min(1).max(CUSTOMER_EXPORT_COLUMNS.length),
      })
      .strict(),
    output: z.object({ jobId: z.string() }),
  }),

  /** The caller's approved unmasked exports of the last STAGED_KEEP_DAYS, newest first. */
  'exports.staged.list': method({
    kind: 'query',
    access: 'exports.unmasked',
    input: zEmpty,
    output: z.array(zStagedExport),
  }),

  /** Save an approved unmasked export where the maker chooses (a write handle), once; the app's copy is removed. */
  'exports.staged.save': method({
    kind: 'mutation',
    access: 'exports.unmasked',
    input: z.object({ id: z.string().min(1).max(64), handle: zFileHandle }).strict(),
    output: zOk,
  }),
} as const;
