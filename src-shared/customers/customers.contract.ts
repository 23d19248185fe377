import { DEFAULT_CUSTOMER_SORT } from './list-view';
import { z } from 'zod';
import { method } from '../rpc/define';
import { zId, zOk, zText } from '../lib/common';
import {
  CUSTOMER_KINDS,
  CUSTOMER_LEVELS,
  CUSTOMER_STATUSES,
  EDUCATION,
  ID_TYPES,
  INCOME_BANDS,
  INVEST_EXPERIENCE,
  INVEST_HORIZONS,
  INVESTOR_CATEGORIES,
  RISK_LEVELS,
  SOURCE_CHANNELS,
  VARIETIES,
  refineIdentity,
  customerFieldShape,
  zCustomerNo,
  zDateOnly,
  zPhone,
  zTag,
} from './customer-fields';

export * from './customer-fields';

// ---------------------------------------------------------------------------------------------
// DTOs. Personal data (ID number, phones, address, e-mail) arrives masked; `customers.revealPii`
// returns one field in clear and is audited.

export const zCustomerListRow = z.object({
  id: z.string(),
  customerNo: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  name: z.string(),
  idType: z.enum(ID_TYPES),
  idNo: z.string(),
  phone: z.string().nullable(),
  branchId: z.string(),
  branchName: z.string(),
  managerId: z.string().nullable(),
  managerName: z.string().nullable(),
  level: z.enum(CUSTOMER_LEVELS),
  status: z.enum(CUSTOMER_STATUSES),
  riskLevel: z.enum(RISK_LEVELS).nullable(),
  riskExpiresAt: z.string().nullable(),
  idExpiry: z.string().nullable(),
  assetsFen: z.number().int(),
  openDate: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  elderly: z.boolean(),
});
export type CustomerListRow = z.infer<typeof zCustomerListRow>;

export const zCustomer = zCustomerListRow.extend({
  gender: z.enum(['M', 'F']).nullable(),
  birthDate: z.string().nullable(),
  nationality: z.string().nullable(),
  occupation: z.string().nullable(),
  education: z.enum(EDUCATION).nullable(),
  incomeBand: z.enum(INCOME_BANDS).nullable(),
  address: z.string().nullable(),
  phone2: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  sourceChannel: z.enum(SOURCE_CHANNELS).nullable(),
  investorCategory: z.enum(INVESTOR_CATEGORIES),
  riskLowest: z.boolean(),
  riskAssessedAt: z.string().nullable(),
  investExperience: z.enum(INVEST_EXPERIENCE).nullable(),
  investHorizon: z.enum(INVEST_HORIZONS).nullable(),
  preferredVarieties: z.array(z.enum(VARIETIES)),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  mergedInto: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export type CustomerDto = z.infer<typeof zCustomer>;

export const CONTACT_KINDS = ['contact', 'relative', 'emergency'] as const;
export const zContact = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: z.enum(CONTACT_KINDS),
  name: z.string(),
  relation: z.string().nullable(),
  position: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string().nullable(),
  isPrimary: z.boolean(),
});
export type ContactDto = z.infer<typeof zContact>;

export const ACCOUNT_TYPES = ['normal', 'margin', 'options'] as const;
export const ACCOUNT_STATUSES = ['active', 'frozen', 'closed'] as const;
export const zAccount = z.object({
  id: z.string(),
  customerId: z.string(),
  accountNo: z.string(),
  type: z.enum(ACCOUNT_TYPES),
  status: z.enum(ACCOUNT_STATUSES),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type AccountDto = z.infer<typeof zAccount>;

/** Why customers move to another branch (客户转营业部): a code, so the audit and the approval carry no free text. */
export const TRANSFER_REASONS = ['customer_request', 'branch_restructure', 'manager_change', 'other'] as const;

export const FEEDBACK_KINDS = ['praise', 'suggestion', 'complaint', 'inquiry', 'other'] as const;
export const FEEDBACK_CHANNELS = ['phone', 'visit', 'wechat', 'email', 'app', 'other'] as const;
export const zFeedback = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: z.enum(FEEDBACK_KINDS),
  channel: z.enum(FEEDBACK_CHANNELS),
  content: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export type FeedbackDto = z.infer<typeof zFeedback>;

export const zOwnership = z.object({
  id: z.string(),
  managerId: z.string().nullable(),
  managerName: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  reason: z.enum(['open', 'assign', 'bulk_assign', 'merge', 'import']),
  assignedByName: z.string().nullable(),
});
export type OwnershipDto = z.infer<typeof zOwnership>;

/** One entry of the service timeline, newest first: a change, feedback, a handover, a merge. */
export const TIMELINE_KINDS = ['created', 'changed', 'feedback', 'ownership', 'merge', 'contact', 'account'] as const;
export const zTimelineEvent = z.object({
  key: z.string(),
  at: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  actorName: z.string().nullable(),
  /** Field names for `changed`; catalogue params for the others. Never personal data in clear. */
  fields: z.array(z.string()),
  summary: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type TimelineEvent = z.infer<typeof zTimelineEvent>;

/** Field history (who, when, old → new), personal data masked. */
export const zHistoryRow = z.object({
  id: z.number().int(),
  at: z.string(),
  table: z.string(),
  field: z.string().nullable(),
  kind: z.enum(['insert', 'update', 'delete']),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  authorName: z.string().nullable(),
});
export type HistoryRowDto = z.infer<typeof zHistoryRow>;

export const zCustomerPage = z.object({
  customer: zCustomer,
  contacts: z.array(zContact),
  accounts: z.array(zAccount),
  feedback: z.array(zFeedback),
  ownership: z.array(zOwnership),
  timeline: z.object({ events: z.array(zTimelineEvent), nextCursor: z.string().nullable() }),
});
export type CustomerPageDto = z.infer<typeof zCustomerPage>;

export const zDuplicateMatch = z.object({
  /** Null when the other customer is outside the caller's scope: they learn only that one exists. */
  id: z.string().nullable(),
  customerNo: z.string().nullable(),
  name: z.string().nullable(),
  branchName: z.string(),
  matchedOn: z.array(z.enum(['customerNo', 'idNo', 'phone'])),
});
export type DuplicateMatch = z.infer<typeof zDuplicateMatch>;

// ---------------------------------------------------------------------------------------------
// List: the declared filter and sort shapes (src-main/customers/list-shapes.ts backs each with an index).

export const SORT_FIELDS = ['assets', 'name', 'openDate', 'lastContact', 'customerNo'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const zCustomerSort = z.object({ field: z.enum(SORT_FIELDS), dir: z.enum(['asc', 'desc']) }).strict();

export const zCustomerFilter = z
  .object({
    branchId: zId.optional(),
    managerId: zId.optional(),
    /** Customers with no account manager. */
    unassigned: z.boolean().optional(),
    kinds: z.array(z.enum(CUSTOMER_KINDS)).max(2).optional(),
    levels: z.array(z.enum(CUSTOMER_LEVELS)).max(5).optional(),
    statuses: z.array(z.enum(CUSTOMER_STATUSES)).max(3).optional(),
    riskLevels: z.array(z.enum(RISK_LEVELS)).max(5).optional(),
    tags: z.array(zTag).max(10).optional(),
    assetsMinFen: z.number().int().nonnegative().optional(),
    assetsMaxFen: z.number().int().nonnegative().optional(),
    openFrom: zDateOnly.optional(),
    openTo: zDateOnly.optional(),
    lastContactFrom: zDateOnly.optional(),
    lastContactTo: zDateOnly.optional(),
    riskExpired: z.boolean().optional(),
    idExpired: z.boolean().optional(),
    elderly: z.boolean().optional(),
  })
  .strict();
export type CustomerFilter = z.infer<typeof zCustomerFilter>;

const zListInput = z
  .object({
    q: z.string().trim().max(40).optional(),
    filter: zCustomerFilter.default({}),
    sort: zCustomerSort.default({ ...DEFAULT_CUSTOMER_SORT }),
    /** Opaque keyset cursor from the previous page. */
    after: z.string().max(400).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Create and edit.

export const zCustomerCreate = z
  .object({
    ...customerFieldShape,
    kind: customerFieldShape.kind.default('individual'),
    branchId: zId,
    managerId: zId.nullable().optional(),
    tags: z.array(zTag).max(20).optional(),
  })
  .strict()
  .superRefine(refineIdentity((c) => c));

/** A patch of editable fields; `version` is the one the editor loaded (optimistic concurrency). */
export const zCustomerUpdate = z
  .object({
    id: zId,
    version: z.number().int().positive(),
    patch: z.object(customerFieldShape).partial().strict(),
  })
  .strict()
  .superRefine(refineIdentity((u: { patch: { kind?: string; idType?: string; idNo?: string; birthDate?: string | null } }) => u.patch, ['patch']));

export const PII_FIELDS = ['idNo', 'phone', 'phone2', 'address', 'email'] as const;
export type PiiField = (typeof PII_FIELDS)[number];

const zIds = z.array(zId).min(1, { error: 'validation.required' }).max(10_000, { error: 'validation.tooMany' });

export const MERGE_FIELDS = [
  'customerNo', 'name', 'gender', 'birthDate', 'idType', 'idNo', 'idExpiry', 'nationality', 'occupation', 'education', 'incomeBand',
  'address', 'phone', 'phone2', 'email', 'wechat', 'openDate', 'sourceChannel', 'investExperience', 'investHorizon', 'notes', 'managerId',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export const zContactInput = z
  .object({
    id: zId.optional(),
    customerId: zId,
    kind: z.enum(CONTACT_KINDS),
    name: z.string().transform((s) => s.trim()).pipe(zText(60)),
    relation: z.string().trim().max(30).nullable().optional(),
    position: z.string().trim().max(40).nullable().optional(),
    phone: zPhone.nullable().optional(),
    email: customerFieldShape.email,
    notes: z.string().trim().max(500).nullable().optional(),
    isPrimary: z.boolean().optional(),
  })
  .strict();

export const zAccountInput = z
  .object({
    id: zId.optional(),
    customerId: zId,
    accountNo: z.string().trim().regex(/^\d{6,20}$/, { error: 'validation.accountNo' }),
    type: z.enum(ACCOUNT_TYPES),
    status: z.enum(ACCOUNT_STATUSES).default('active'),
    openedAt: zDateOnly.nullable().optional(),
    closedAt: zDateOnly.nullable().optional(),
  })
  .strict();

export const zDuplicatePair = z.object({
  reason: z.enum(['id_no', 'name_birth', 'phone']),
  status: z.enum(['open', 'dismissed', 'merged']),
  a: zCustomerListRow,
  b: zCustomerListRow,
});
export type DuplicatePairDto = z.infer<typeof zDuplicatePair>;

/** Facts imported from the trading system (issue 5), read-only on the customer page. */
export const zCustomerTrading = z.object({
  /** The latest date with daily assets, and each account's row of that account's latest date. */
  assets: z.object({
    asOf: z.string().nullable(),
    totalFen: z.number().int(),
    marketValueFen: z.number().int(),
    cashFen: z.number().int(),
    accounts: z.array(z.object({ accountNo: z.string(), asOf: z.string(), totalFen: z.number().int(), marketValueFen: z.number().int().nullable(), cashFen: z.number().int().nullable() })),
  }),
  /** Total assets by date over the last 90 days with data, all accounts summed, oldest first. */
  series: z.array(z.object({ asOf: z.string(), totalFen: z.number().int() })),
  /** Commission and volume per month, newest first, at most 12. */
  monthly: z.array(z.object({ month: z.string(), commissionFen: z.number().int(), volumeFen: z.number().int() })),
  /** Each account's holdings on its latest holdings date. */
  holdings: z.array(z.object({ accountNo: z.string(), asOf: z.string(), productCode: z.string(), productName: z.string().nullable(), quantity: z.number(), marketValueFen: z.number().int().nullable() })),
});
export type CustomerTradingDto = z.infer<typeof zCustomerTrading>;

export const customersContract = {
  'customers.list': method({
    kind: 'query',
    access: 'customers.read',
    input: zListInput,
    output: z.object({ rows: z.array(zCustomerListRow), nextCursor: z.string().nullable() }),
  }),
  /** Count for the current filter; `capped` when it stopped counting at `cap`. */
  'customers.count': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({ q: z.string().trim().max(40).optional(), filter: zCustomerFilter.default({}) }).strict(),
    output: z.object({ count: z.number().int(), capped: z.boolean() }),
  }),
  /** The customer page: the record and every tab's first page, in one call. A view is audited. */
  'customers.get': method({
    kind: 'query',
    access: 'customers.read',
    auditReads: true,
    input: z.object({ id: zId }).strict(),
    output: zCustomerPage,
  }),
  'customers.timeline': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({ id: zId, before: z.string().max(200).optional() }).strict(),
    output: z.object({ events: z.array(zTimelineEvent), nextCursor: z.string().nullable() }),
  }),
  /** Assets, commission and holdings: sensitive financial information (PIPL art. 28), so every read is audited. */
  'customers.trading': method({ kind: 'query', access: 'customers.read', auditReads: true, input: z.object({ id: zId }).strict(), output: zCustomerTrading }),
  'customers.history': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({ id: zId, before: z.number().int().optional() }).strict(),
    output: z.object({ rows: z.array(zHistoryRow), nextCursor: z.number().int().nullable() }),
  }),
  /** One personal-data field in clear: an explicit act, audited with the field name (never the value). */
  'customers.revealPii': method({
    kind: 'query',
    access: 'customers.revealPii',
    auditReads: true,
    input: z.object({ id: zId, field: z.enum(PII_FIELDS) }).strict(),
    output: z.object({ value: z.string().nullable() }),
  }),
  /** Other customers sharing a customer number, ID number or phone (warn on create and edit). */
  'customers.checkDuplicates': method({
    kind: 'query',
    access: 'customers.read',
    input: z
      .object({ customerNo: zCustomerNo.optional(), idNo: z.string().max(30).optional(), phone: zPhone.optional(), excludeId: zId.optional() })
      .strict(),
    output: z.object({ matches: z.array(zDuplicateMatch) }),
  }),
  /** Tags in use within the caller's scope, most used first (for the filter and tag pickers). */
  'customers.tagsInUse': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({}).strict(),
    output: z.array(z.object({ tag: z.string(), count: z.number().int() })),
  }),
  'customers.create': method({ kind: 'mutation', access: 'customers.write', input: zCustomerCreate, output: zCustomer }),
  /** Refused with STALE (params: by, at) when someone saved a newer version since `version`. */
  'customers.update': method({ kind: 'mutation', access: 'customers.write', input: zCustomerUpdate, output: zCustomer }),
  'customers.setTags': method({
    kind: 'mutation',
    access: 'customers.write',
    input: z.object({ id: zId, tags: z.array(zTag).max(20) }).strict(),
    output: z.array(z.string()),
  }),
  /** Hand one customer to another account manager of the branch; writes the ownership history. */
  'customers.assign': method({
    kind: 'mutation',
    access: 'customers.assign',
    input: z.object({ id: zId, managerId: zId.nullable() }).strict(),
    output: zCustomer,
  }),
  /** Reassign a book of customers: four-eyes (复核). */
  'customers.bulkAssign': method({
    kind: 'mutation',
    access: 'customers.assign',
    fourEyes: { approver: 'approvals.decide' },
    input: z.object({ ids: zIds, managerId: zId }).strict(),
    /** `updated` customers are being moved by the job `jobId` (null: nothing to move). */
    output: z.object({ updated: z.number().int(), jobId: z.string().nullable() }),
  }),
  /**
   * Move customers to another branch (客户转营业部), with their child rows, history and open
   * tasks: four-eyes, at HQ's installation only (`hqData`: a branch holds neither the other
   * branch's staff nor the right to give its customers away). Sync then takes each customer
   * from the old branch and gives it, with its history, to the new one (architecture.md
   * "Routing"). `managerId` null: unassigned at the new branch.
   */
  'customers.transferBranch': method({
    kind: 'mutation',
    access: 'customers.transfer',
    fourEyes: { approver: 'approvals.decide' },
    hqData: true,
    input: z.object({ ids: zIds, branchId: zId, managerId: zId.nullable(), reason: z.enum(TRANSFER_REASONS) }).strict(),
    /** `updated` customers are being moved by the job `jobId` (null: all were there already). */
    output: z.object({ updated: z.number().int(), jobId: z.string().nullable() }),
  }),
  'customers.bulkTags': method({
    kind: 'mutation',
    access: 'customers.write',
    input: z.object({ ids: zIds, add: z.array(zTag).max(10).default([]), remove: z.array(zTag).max(10).default([]) }).strict(),
    output: z.object({ updated: z.number().int() }),
  }),
  'customers.bulkStatus': method({
    kind: 'mutation',
    access: 'customers.write',
    input: z.object({ ids: zIds, status: z.enum(CUSTOMER_STATUSES) }).strict(),
    output: z.object({ updated: z.number().int() }),
  }),
  'customers.contacts.save': method({ kind: 'mutation', access: 'customers.write', input: zContactInput, output: zContact }),
  'customers.contacts.remove': method({ kind: 'mutation', access: 'customers.write', input: z.object({ id: zId }).strict(), output: zOk }),
  'customers.accounts.save': method({ kind: 'mutation', access: 'customers.write', input: zAccountInput, output: zAccount }),
  'customers.accounts.remove': method({ kind: 'mutation', access: 'customers.write', input: z.object({ id: zId }).strict(), output: zOk }),
  'customers.feedback.add': method({
    kind: 'mutation',
    access: 'customers.write',
    input: z.object({ customerId: zId, kind: z.enum(FEEDBACK_KINDS), channel: z.enum(FEEDBACK_CHANNELS), content: zText(2000) }).strict(),
    output: zFeedback,
  }),
  /** Start the duplicate finder over the caller's scope (a job in a worker thread). */
  'customers.duplicates.scan': method({ kind: 'mutation', access: 'customers.merge', input: z.object({}).strict(), output: z.object({ jobId: z.string() }) }),
  'customers.duplicates.list': method({
    kind: 'query',
    access: 'customers.merge',
    input: z.object({ reason: z.enum(['id_no', 'name_birth', 'phone']).optional(), status: z.enum(['open', 'dismissed', 'merged']).default('open'), limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).max(100_000).default(0) }).strict(),
    output: z.object({ pairs: z.array(zDuplicatePair), total: z.number().int() }),
  }),
  'customers.duplicates.dismiss': method({
    kind: 'mutation',
    access: 'customers.merge',
    input: z.object({ aId: zId, bId: zId, reason: z.enum(['id_no', 'name_birth', 'phone']) }).strict(),
    output: zOk,
  }),
  /**
   * Merge `loserId` into `survivorId`: per-field picks, all child rows move to the survivor, the
   * loser stays as a tombstone pointing at it. Four-eyes (复核); undoable until bundled.
   */
  'customers.merge': method({
    kind: 'mutation',
    access: 'customers.merge',
    fourEyes: { approver: 'approvals.decide' },
    input: z
      .object({ survivorId: zId, loserId: zId, picks: z.partialRecord(z.enum(MERGE_FIELDS), z.enum(['survivor', 'loser'])).default({}) })
      .strict()
      .refine((m) => m.survivorId !== m.loserId, { error: 'validation.merge.same', path: ['loserId'] }),
    output: z.object({ mergeId: z.string(), survivor: zCustomer }),
  }),
  'customers.unmerge': method({ kind: 'mutation', access: 'customers.merge', input: z.object({ mergeId: zId }).strict(), output: zOk }),
} as const;
