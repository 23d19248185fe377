import { z } from 'zod';
import { method } from '../rpc/define';
import { zId, zOk } from '../lib/common';
import { zFileHandle } from '../files/files.contract';
import { LOCALES } from '../i18n/catalogues';

/**
 * Excel/CSV import (issue 5). A file goes through: inspect (sheets, header row, columns with
 * samples, a suggested mapping from synonyms or a saved template) → preview (a dry run over the
 * whole file in a job: counts and errors, nothing written but the run's own row) → apply (a job
 * that writes in batches; cancel leaves nothing behind) → history, with undo of a whole import
 * while nothing newer touched its rows.
 *
 * Every kind is a declared schema on the main side (src-main/imports/kinds/); this contract only
 * names them. Messages are catalogue keys with params.
 */
export const IMPORT_KINDS = ['customers', 'contacts', 'accounts', 'dailyAssets', 'monthlyTrading', 'holdings', 'products'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** `auto` detects UTF-8 (with or without BOM) or GB18030 (a superset of GBK); the user may override. */
export const ENCODINGS = ['auto', 'utf8', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const FILE_FORMATS = ['xlsx', 'xls', 'csv'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const IMPORT_STATUSES = ['previewing', 'previewed', 'applying', 'applied', 'cancelled', 'failed', 'undoing', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A translated message: catalogue key and its params. */
export const zMessage = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });
export type Message = z.infer<typeof zMessage>;

/** One field of a kind, for the mapping screen. Labels are catalogue keys `import.field.<kind>.<key>`. */
export const zImportField = z.object({ key: z.string(), required: z.boolean(), matchKey: z.boolean() });
export const zImportKindInfo = z.object({ kind: z.enum(IMPORT_KINDS), fields: z.array(zImportField) });

/** Column index (0-based, in the file) → field key, or null for "don't import". */
export const zMapping = z.array(z.string().max(60).nullable()).max(500);
export type Mapping = z.infer<typeof zMapping>;

export const zInspectInput = z
  .object({
    handle: zFileHandle,
    kind: z.enum(IMPORT_KINDS),
    encoding: z.enum(ENCODINGS).default('auto'),
    sheet: z.string().max(100).optional(),
    /** 1-based row of the header; omitted: found automatically below title rows. */
    headerRow: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export const zInspectResult = z.object({
  fileName: z.string(),
  size: z.number().int(),
  format: z.enum(FILE_FORMATS),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  /** The encoding used (csv only); `detected` says what auto-detection found. */
  encoding: z.enum(['utf8', 'gb18030']).nullable(),
  detectedEncoding: z.enum(['utf8', 'gb18030']).nullable(),
  headerRow: z.number().int(),
  /** The header's signature: given back to preview, which refuses a file whose header has changed since. */
  headerSig: z.string(),
  columns: z.array(z.object({ index: z.number().int(), header: z.string(), samples: z.array(z.string()) })),
  mapping: zMapping,
  template: z.object({ id: z.string(), name: z.string() }).nullable(),
  warnings: z.array(zMessage),
});
export type InspectResult = z.infer<typeof zInspectResult>;

export const zPreviewInput = z
  .object({
    handle: zFileHandle,
    kind: z.enum(IMPORT_KINDS),
    encoding: z.enum(ENCODINGS).default('auto'),
    sheet: z.string().max(100).optional(),
    headerRow: z.number().int().min(1).max(100),
    mapping: zMapping,
    /**
     * `headerSig` of the inspect the mapping was made on (the app and the CLI always give it): a
     * file changed since (columns moved, renamed, added) is refused as stale, not read into the
     * wrong fields.
     */
    headerSig: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** Save (or overwrite) this mapping as a named template for this header. */
    saveTemplateAs: z.string().trim().min(1).max(60).optional(),
    /** The language of the error report: the previewing user's. */
    locale: z.enum(LOCALES).default('zh-CN'),
  })
  .strict();

export const zImportCounts = z.object({
  total: z.number().int(),
  new: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  error: z.number().int(),
  dupInFile: z.number().int(),
  dupExisting: z.number().int(),
  skipped: z.number().int(),
  /** Rows written by apply (null before apply). */
  applied: z.number().int().nullable(),
});
export type ImportCounts = z.infer<typeof zImportCounts>;

/**
 * The rows an apply creates: `new`, and `dupExisting`, new customers whose mobile another
 * customer has (written: families share phones; counted apart so the preview points them out).
 */
export const importNewRows = (c: Pick<ImportCounts, 'new' | 'dupExisting'>): number => c.new + c.dupExisting;
/** The rows an apply writes: created and updated. */
export const importWrites = (c: Pick<ImportCounts, 'new' | 'dupExisting' | 'update'>): number => importNewRows(c) + c.update;

/**
 * One row problem: the file's row number (1-based, as Excel shows it), the column's header and the
 * field. `warning`: the row is still imported (a phone shared with another customer) or simply
 * skipped (a later duplicate of an earlier row of the file).
 */
export const zRowError = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  message: zMessage,
  severity: z.enum(['error', 'warning']),
});
export type RowError = z.infer<typeof zRowError>;

export const zImportRun = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  status: z.enum(IMPORT_STATUSES),
  userName: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  fileSize: z.number().int(),
  format: z.enum(FILE_FORMATS),
  createdAt: z.string(),
  appliedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
  mode: z.enum(['all', 'validOnly']).nullable(),
  counts: zImportCounts.nullable(),
  firstErrors: z.array(zRowError),
  warnings: z.array(zMessage),
  hasReport: z.boolean(),
  jobId: z.string().nullable(),
  /** Applied, and no row it wrote has been changed since; or an undo cut off, to resume. */
  undoable: z.boolean(),
  /** Once an undo has started: the rows it took back, and those it left as someone changed them while it ran. */
  undo: z.object({ done: z.number().int(), kept: z.number().int() }).nullable(),
  /** Why the run failed (a refused file, a file changed since the preview, an apply stopped at an error), else null. */
  failure: zMessage.nullable(),
});
export type ImportRunDto = z.infer<typeof zImportRun>;

export const zTemplate = z.object({ id: z.string(), kind: z.enum(IMPORT_KINDS), name: z.string(), headers: z.array(z.string()), mapping: zMapping, updatedAt: z.string() });

export const importsContract = {
  'imports.kinds': method({ kind: 'query', access: 'imports.run', input: z.object({}).strict(), output: z.array(zImportKindInfo) }),
  'imports.inspect': method({ kind: 'query', access: 'imports.run', input: zInspectInput, output: zInspectResult }),
  /** A dry run over the whole file, as a job; the run's row (status previewed) holds counts and first errors. */
  'imports.preview': method({ kind: 'mutation', access: 'imports.run', input: zPreviewInput, output: z.object({ importId: z.string(), jobId: z.string() }) }),
  /** Apply a previewed import. `all`: refuse if any row has an error; `validOnly`: commit the valid rows. */
  'imports.apply': method({
    kind: 'mutation',
    access: 'imports.run',
    input: z.object({ importId: zId, mode: z.enum(['all', 'validOnly']) }).strict(),
    output: z.object({ jobId: z.string() }),
  }),
  'imports.get': method({ kind: 'query', access: 'imports.run', input: z.object({ id: zId }).strict(), output: zImportRun }),
  'imports.list': method({
    kind: 'query',
    access: 'imports.run',
    input: z.object({ limit: z.number().int().min(1).max(200).default(50), before: z.string().max(40).optional() }).strict(),
    output: z.object({ rows: z.array(zImportRun) }),
  }),
  /** Write the full error report (.xlsx: original rows plus an error column) to a save handle. */
  'imports.errorReport': method({ kind: 'mutation', access: 'imports.run', input: z.object({ id: zId, handle: zFileHandle }).strict(), output: zOk }),
  /** Undo a whole applied import, as a job; refused (CONFLICT) when a newer change touched its rows. */
  'imports.undo': method({ kind: 'mutation', access: 'imports.run', input: z.object({ id: zId }).strict(), output: z.object({ jobId: z.string() }) }),
  'imports.templates.list': method({ kind: 'query', access: 'imports.run', input: z.object({ kind: z.enum(IMPORT_KINDS) }).strict(), output: z.array(zTemplate) }),
  'imports.templates.remove': method({ kind: 'mutation', access: 'imports.run', input: z.object({ id: zId }).strict(), output: zOk }),
} as const;
