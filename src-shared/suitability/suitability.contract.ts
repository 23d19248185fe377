// CONTRACT-READY
import { z } from 'zod';
import { method } from '../rpc/define';
import { zId, zText } from '../lib/common';
import { zFileHandle } from '../files/files.contract';
import { CUSTOMER_KINDS, INVEST_HORIZONS, INVESTOR_CATEGORIES, RISK_LEVELS, VARIETIES } from '../customers/customer-fields';
import {
  ASSESSMENT_STATUSES,
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  PRODUCT_TYPES,
  QUESTIONNAIRE_STATUSES,
  RECOMMENDATION_KINDS,
  RECOMMENDATION_STATUSES,
  REVIEW_REASONS,
  REVIEW_SOURCES,
  REVIEW_STATUSES,
  RULE_CODES,
  SUITABILITY_OUTCOMES,
  TASK_KINDS,
  TASK_SOURCES,
  TASK_STATUSES,
  zAnswer,
  zDateOnly,
  zQuestionnaireDefinition,
} from './suitability-fields';

export * from './suitability-fields';

/**
 * Products, risk questionnaires and investor suitability (issue 7).
 *
 * A risk assessment is an insert-only record written where it was taken; the customer's risk
 * level (customers.risk_level …) is a cache derived from the latest valid one. The suitability
 * rule (rules.ts) runs in the handlers: `recommendations.create` refuses what the rule blocks
 * whatever the UI showed. Errors are catalogue keys (`error.suitability.*`) with params.
 */

const zCursor = z.string().max(400).optional();
const zLimit = z.number().int().min(1).max(200).default(50);
const zMoneyFen = z.number().int().nonnegative().max(1e15);

// ---------------------------------------------------------------------------------------------
// Products (HQ-owned master data).

export const zProduct = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  type: z.enum(PRODUCT_TYPES),
  issuer: z.string().nullable(),
  riskLevel: z.enum(PRODUCT_RISK_LEVELS),
  /** For matching the customer's preferred varieties (customer VARIETIES codes). */
  variety: z.enum(VARIETIES).nullable(),
  horizon: z.enum(INVEST_HORIZONS).nullable(),
  termDays: z.number().int().nullable(),
  minAmountFen: z.number().int().nullable(),
  saleStart: z.string().nullable(),
  saleEnd: z.string().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  /** Names of the product's documents (prospectus, contract, risk disclosure…). */
  documents: z.array(z.string()),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ProductDto = z.infer<typeof zProduct>;

export const zProductRiskChange = z.object({
  id: z.string(),
  from: z.enum(PRODUCT_RISK_LEVELS).nullable(),
  to: z.enum(PRODUCT_RISK_LEVELS),
  at: z.string(),
  byName: z.string().nullable(),
  reason: z.string().nullable(),
});
export type ProductRiskChangeDto = z.infer<typeof zProductRiskChange>;

export const zProductListInput = z
  .object({
    /** Code prefix or a substring of the name. */
    q: z.string().trim().max(40).optional(),
    type: z.enum(PRODUCT_TYPES).optional(),
    riskLevel: z.enum(PRODUCT_RISK_LEVELS).optional(),
    status: z.enum(PRODUCT_STATUSES).optional(),
    after: zCursor,
    limit: zLimit,
  })
  .strict();

const zOptText = (max: number) => z.string().trim().max(max, { error: 'validation.tooLong' }).nullable().optional();

/** Create (no `id`) or update (`id` + the `version` the editor loaded). */
export const zProductSave = z
  .object({
    id: zId.optional(),
    version: z.number().int().positive().optional(),
    code: z.string().trim().regex(/^[A-Za-z0-9._-]{1,20}$/, { error: 'validation.suitability.productCode' }),
    name: zText(80),
    type: z.enum(PRODUCT_TYPES),
    issuer: zOptText(80),
    riskLevel: z.enum(PRODUCT_RISK_LEVELS),
    variety: z.enum(VARIETIES).nullable().optional(),
    horizon: z.enum(INVEST_HORIZONS).nullable().optional(),
    termDays: z.number().int().min(0).max(36_500).nullable().optional(),
    minAmountFen: zMoneyFen.nullable().optional(),
    saleStart: zDateOnly.nullable().optional(),
    saleEnd: zDateOnly.nullable().optional(),
    status: z.enum(PRODUCT_STATUSES).default('draft'),
    documents: z.array(zText(120)).max(30, { error: 'validation.tooMany' }).default([]),
    /** Why the risk level changed (kept in the risk history); required when it changes. */
    riskChangeReason: zOptText(300),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.id && p.version === undefined) ctx.addIssue({ code: 'custom', path: ['version'], message: 'validation.required' });
    if (p.saleStart && p.saleEnd && p.saleEnd < p.saleStart) ctx.addIssue({ code: 'custom', path: ['saleEnd'], message: 'validation.suitability.saleWindow' });
  });
export type ProductSaveInput = z.input<typeof zProductSave>;

// ---------------------------------------------------------------------------------------------
// Questionnaires (versioned, HQ). One active at a time; an active one is immutable.

export const zQuestionnaireSummary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  status: z.enum(QUESTIONNAIRE_STATUSES),
  questionCount: z.number().int(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
export type QuestionnaireSummaryDto = z.infer<typeof zQuestionnaireSummary>;
export const zQuestionnaire = zQuestionnaireSummary.extend({ definition: zQuestionnaireDefinition });
export type QuestionnaireDto = z.infer<typeof zQuestionnaire>;

// ---------------------------------------------------------------------------------------------
// Assessments and the customer's suitability profile.

export const zAssessment = z.object({
  id: z.string(),
  customerId: z.string(),
  branchId: z.string(),
  questionnaireId: z.string(),
  questionnaireName: z.string(),
  questionnaireVersion: z.number().int(),
  answers: z.array(zAnswer),
  score: z.number().int(),
  level: z.enum(RISK_LEVELS),
  lowest: z.boolean(),
  assessedAt: z.string(),
  /** YYYY-MM-DD: the last day it is valid (expired when today is later). */
  expiresAt: z.string(),
  assessedByName: z.string().nullable(),
  /** Valid today (not expired). */
  valid: z.boolean(),
});
export type AssessmentDto = z.infer<typeof zAssessment>;

/** What the rule knows of a customer today. */
export const zSuitabilityProfile = z.object({
  customerId: z.string(),
  customerKind: z.enum(CUSTOMER_KINDS),
  category: z.enum(INVESTOR_CATEGORIES),
  riskLevel: z.enum(RISK_LEVELS).nullable(),
  riskLowest: z.boolean(),
  riskAssessedAt: z.string().nullable(),
  riskExpiresAt: z.string().nullable(),
  assessmentStatus: z.enum(ASSESSMENT_STATUSES),
  latestAssessmentId: z.string().nullable(),
  elderly: z.boolean(),
  investHorizon: z.enum(INVEST_HORIZONS).nullable(),
  preferredVarieties: z.array(z.enum(VARIETIES)),
  /** A request to make the customer professional waits for its checker (four-eyes) since then. */
  professionalRequestedAt: z.string().nullable(),
});
export type SuitabilityProfileDto = z.infer<typeof zSuitabilityProfile>;

// ---------------------------------------------------------------------------------------------
// The check (dry run) and recommendations.

export const zCheckResult = z.object({
  outcome: z.enum(SUITABILITY_OUTCOMES),
  /** Every code that applies (catalogue `suitability.rule.<code>`), blocking ones first. */
  reasons: z.array(z.enum(RULE_CODES)),
  /** A risk warning must be acknowledged (`warningAck`) and a compliance review follows. */
  requiresAck: z.boolean(),
  /** Four-eyes: use `recommendations.createHighRisk`. */
  requiresApproval: z.boolean(),
  /** The warning text version to show and acknowledge when `requiresAck`. */
  warningVersion: z.string().nullable(),
  profile: zSuitabilityProfile,
  productLevel: z.enum(PRODUCT_RISK_LEVELS),
});
export type CheckResultDto = z.infer<typeof zCheckResult>;

export const zRecommendationInput = z
  .object({
    customerId: zId,
    productId: zId,
    kind: z.enum(RECOMMENDATION_KINDS),
    amountFen: zMoneyFen.nullable().optional(),
    note: zOptText(500),
    /** Required when the check says `requiresAck`: the warning version the customer signed. */
    warningAck: z.object({ version: z.string().min(1).max(20) }).strict().optional(),
  })
  .strict();
export type RecommendationInput = z.input<typeof zRecommendationInput>;

export const zRecommendation = z.object({
  id: z.string(),
  customerId: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  branchId: z.string(),
  productId: z.string(),
  productCode: z.string(),
  productName: z.string(),
  kind: z.enum(RECOMMENDATION_KINDS),
  amountFen: z.number().int().nullable(),
  note: z.string().nullable(),
  /** The rule's outcome when recorded (never `blocked`: those are refused). */
  outcome: z.enum(SUITABILITY_OUTCOMES),
  reasons: z.array(z.enum(RULE_CODES)),
  /** What it was checked against, pinned. */
  assessmentId: z.string().nullable(),
  customerLevel: z.enum(RISK_LEVELS).nullable(),
  customerLowest: z.boolean(),
  category: z.enum(INVESTOR_CATEGORIES),
  productLevel: z.enum(PRODUCT_RISK_LEVELS),
  warningVersion: z.string().nullable(),
  ackByName: z.string().nullable(),
  ackAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  status: z.enum(RECOMMENDATION_STATUSES),
  /** The compliance review raised for it, if any. */
  reviewStatus: z.enum(REVIEW_STATUSES).nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type RecommendationDto = z.infer<typeof zRecommendation>;

export const zRecommendationListInput = z
  .object({
    /** One customer's recommendations; without it, all in the caller's scope (compliance). */
    customerId: zId.optional(),
    branchId: zId.optional(),
    productId: zId.optional(),
    outcome: z.enum(SUITABILITY_OUTCOMES).optional(),
    kind: z.enum(RECOMMENDATION_KINDS).optional(),
    status: z.enum(RECOMMENDATION_STATUSES).optional(),
    after: zCursor,
    limit: zLimit,
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Compliance queue.

export const zReview = z.object({
  id: z.string(),
  customerId: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  branchId: z.string(),
  branchName: z.string(),
  source: z.enum(REVIEW_SOURCES),
  sourceId: z.string(),
  recommendationId: z.string().nullable(),
  productId: z.string().nullable(),
  productCode: z.string().nullable(),
  productName: z.string().nullable(),
  reason: z.enum(REVIEW_REASONS),
  /** Customer level / product level at the time, for the queue's columns. */
  customerLevel: z.enum(RISK_LEVELS).nullable(),
  productLevel: z.enum(PRODUCT_RISK_LEVELS).nullable(),
  status: z.enum(REVIEW_STATUSES),
  createdAt: z.string(),
  reviewerName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type ReviewDto = z.infer<typeof zReview>;

// ---------------------------------------------------------------------------------------------
// Investor category.

export const zCategoryChange = z.object({
  id: z.string(),
  customerId: z.string(),
  from: z.enum(INVESTOR_CATEGORIES),
  to: z.enum(INVESTOR_CATEGORIES),
  evidence: z.string().nullable(),
  effectiveDate: z.string(),
  requestedByName: z.string().nullable(),
  approvedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type CategoryChangeDto = z.infer<typeof zCategoryChange>;

// ---------------------------------------------------------------------------------------------
// Tasks (minimal; the service module extends them).

export const zTask = z.object({
  id: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  branchId: z.string(),
  customerId: z.string().nullable(),
  customerNo: z.string().nullable(),
  customerName: z.string().nullable(),
  kind: z.enum(TASK_KINDS),
  dueDate: z.string(),
  status: z.enum(TASK_STATUSES),
  source: z.enum(TASK_SOURCES),
  sourceId: z.string().nullable(),
  /** Catalogue key and params of the task's title. */
  titleKey: z.string(),
  titleParams: z.record(z.string(), z.union([z.string(), z.number()])),
  createdAt: z.string(),
});
export type TaskDto = z.infer<typeof zTask>;

/** A customer a task is about (a risk-rise task covers several: one row per open review). */
export const zTaskCustomer = z.object({
  customerId: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  customerLevel: z.string().nullable(),
  reviewStatus: z.enum(REVIEW_STATUSES),
});
export type TaskCustomerDto = z.infer<typeof zTaskCustomer>;

// ---------------------------------------------------------------------------------------------
// Report and settings.

export const zSuitabilityReportRow = z.object({
  branchId: z.string(),
  branchName: z.string(),
  customers: z.number().int(),
  /** Customers whose latest assessment is valid today / expired / who were never assessed. */
  assessed: z.number().int(),
  expired: z.number().int(),
  missing: z.number().int(),
  lowest: z.number().int(),
  professional: z.number().int(),
  pendingReviews: z.number().int(),
  recAllowed: z.number().int(),
  recWarn: z.number().int(),
  recApproved: z.number().int(),
});
export type SuitabilityReportRowDto = z.infer<typeof zSuitabilityReportRow>;

export const zSuitabilitySettings = z
  .object({
    /** An assessment is valid this many years (default 2). */
    validityYears: z.number().int().min(1).max(10),
    /** A re-assessment task is created this many days before expiry (default 30). */
    reassessLeadDays: z.number().int().min(1).max(365),
  })
  .strict();
export type SuitabilitySettingsDto = z.infer<typeof zSuitabilitySettings>;

export const SUITABILITY_EXPORT_VIEWS = ['reviews', 'recommendations', 'expired', 'report'] as const;
export type SuitabilityExportView = (typeof SUITABILITY_EXPORT_VIEWS)[number];

const zJobStarted = z.object({ jobId: z.string() });

export const suitabilityContract = {
  // ---- products
  'products.list': method({
    kind: 'query',
    access: 'products.read',
    input: zProductListInput,
    output: z.object({ rows: z.array(zProduct), nextCursor: z.string().nullable() }),
  }),
  'products.get': method({
    kind: 'query',
    access: 'products.read',
    input: z.object({ id: zId }).strict(),
    output: z.object({ product: zProduct, riskHistory: z.array(zProductRiskChange) }),
  }),
  /**
   * HQ only. STALE when `version` is not the current one; CONFLICT `error.suitability.productCodeTaken`
   * when another product has the code. A risk level rise starts the cascade job (`cascadeJobId`).
   */
  'products.save': method({
    hqData: true,
    kind: 'mutation',
    access: 'products.manage',
    input: zProductSave,
    output: z.object({ product: zProduct, cascadeJobId: z.string().nullable() }),
  }),

  // ---- questionnaires
  'questionnaires.list': method({
    kind: 'query',
    access: 'products.read',
    input: z.object({ status: z.enum(QUESTIONNAIRE_STATUSES).optional() }).strict(),
    output: z.array(zQuestionnaireSummary),
  }),
  'questionnaires.get': method({ kind: 'query', access: 'products.read', input: z.object({ id: zId }).strict(), output: zQuestionnaire }),
  /** The questionnaire assessments are taken with now, or null when none is active. */
  'questionnaires.active': method({ kind: 'query', access: 'products.read', input: z.object({}).strict(), output: zQuestionnaire.nullable() }),
  /**
   * HQ only. With `id` of a draft: replace it. Without `id`: a new draft (next version), e.g. a
   * copy of the active one to edit. An active or retired questionnaire is never changed (CONFLICT).
   */
  'questionnaires.saveDraft': method({
    hqData: true,
    kind: 'mutation',
    access: 'questionnaires.manage',
    input: z.object({ id: zId.optional(), name: zText(60), definition: zQuestionnaireDefinition }).strict(),
    output: zQuestionnaire,
  }),
  /** HQ only. A draft becomes the active one; the previously active one is retired. */
  'questionnaires.activate': method({ kind: 'mutation', hqData: true, access: 'questionnaires.manage', input: z.object({ id: zId }).strict(), output: zQuestionnaire }),

  // ---- assessments and checks
  /**
   * Record an assessment with the active questionnaire (CONFLICT `error.suitability.questionnaireNotActive`
   * otherwise); answers are scored here, never trusted from the UI. Issues name the question.
   */
  'suitability.assess': method({
    kind: 'mutation',
    access: 'suitability.assess',
    input: z.object({ customerId: zId, questionnaireId: zId, answers: z.array(zAnswer).min(1).max(60) }).strict(),
    output: z.object({ assessment: zAssessment, profile: zSuitabilityProfile }),
  }),
  /** A customer's assessments, newest first. */
  'suitability.assessments': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({ customerId: zId }).strict(),
    output: z.array(zAssessment),
  }),
  'suitability.profile': method({ kind: 'query', access: 'customers.read', input: z.object({ customerId: zId }).strict(), output: zSuitabilityProfile }),
  /** Dry run of the rule: what recording this would do, and why. */
  'suitability.check': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({ customerId: zId, productId: zId, kind: z.enum(RECOMMENDATION_KINDS) }).strict(),
    output: zCheckResult,
  }),

  // ---- recommendations
  /**
   * Runs the rule: `blocked` → CONFLICT `error.suitability.blocked` (params.reasons: the codes,
   * comma-separated; issues name each code); `warn` without a matching `warningAck` → VALIDATION
   * on `warningAck`; `needs_approval` → CONFLICT `error.suitability.needsApproval` (use createHighRisk).
   */
  'recommendations.create': method({ kind: 'mutation', access: 'recommendations.write', input: zRecommendationInput, output: zRecommendation }),
  /** The same, for a case the rule sends to four-eyes (R4–R5 to an elderly investor). */
  'recommendations.createHighRisk': method({
    kind: 'mutation',
    access: 'recommendations.write',
    fourEyes: { approver: 'approvals.decide' },
    input: zRecommendationInput,
    output: zRecommendation,
  }),
  'recommendations.list': method({
    kind: 'query',
    access: 'customers.read',
    input: zRecommendationListInput,
    output: z.object({ rows: z.array(zRecommendation), nextCursor: z.string().nullable() }),
  }),
  'recommendations.close': method({ kind: 'mutation', access: 'recommendations.write', input: z.object({ id: zId }).strict(), output: zRecommendation }),

  // ---- compliance
  'compliance.queue': method({
    kind: 'query',
    access: 'compliance.review',
    input: z
      .object({
        status: z.enum(REVIEW_STATUSES).default('open'),
        branchId: zId.optional(),
        reason: z.enum(REVIEW_REASONS).optional(),
        after: zCursor,
        limit: zLimit,
      })
      .strict(),
    output: z.object({ rows: z.array(zReview), nextCursor: z.string().nullable() }),
  }),
  'compliance.review': method({
    kind: 'mutation',
    access: 'compliance.review',
    input: z.object({ id: zId, note: zText(1000) }).strict(),
    output: zReview,
  }),
  /** Customers in scope whose assessment expired (or expires within `withinDays`), soonest first. */
  'suitability.expired': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({ branchId: zId.optional(), withinDays: z.number().int().min(0).max(365).default(0), after: zCursor, limit: zLimit }).strict(),
    output: z.object({
      rows: z.array(
        z.object({
          customerId: z.string(),
          customerNo: z.string(),
          customerName: z.string(),
          branchId: z.string(),
          branchName: z.string(),
          managerName: z.string().nullable(),
          riskLevel: z.enum(RISK_LEVELS).nullable(),
          riskExpiresAt: z.string(),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
  }),
  /** Per-branch counts over the caller's scope. */
  'suitability.report': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({ branchId: zId.optional() }).strict(),
    output: z.object({ asOf: z.string(), rows: z.array(zSuitabilityReportRow) }),
  }),
  /** A compliance view to .xlsx/.csv (a job). */
  'suitability.export': method({
    kind: 'mutation',
    access: 'exports.run',
    input: z.object({ handle: zFileHandle, format: z.enum(['xlsx', 'csv']), view: z.enum(SUITABILITY_EXPORT_VIEWS), branchId: zId.optional() }).strict(),
    output: zJobStarted,
  }),
  /**
   * The suitability-match opinion (适当性匹配意见) of one recommendation, as .xlsx, to a write
   * handle. A read (audited): the file is written outside any write transaction.
   */
  'suitability.opinion': method({
    kind: 'query',
    access: 'customers.read',
    auditReads: true,
    input: z.object({ recommendationId: zId, handle: zFileHandle }).strict(),
    output: z.object({ bytes: z.number().int() }),
  }),

  // ---- investor category
  /** Four-eyes (复核): ordinary → professional, with evidence. */
  'investorCategory.requestProfessional': method({
    kind: 'mutation',
    access: 'customers.write',
    fourEyes: { approver: 'approvals.decide' },
    input: z.object({ customerId: zId, evidence: zText(2000), effectiveDate: zDateOnly }).strict(),
    output: zCategoryChange,
  }),
  /** Professional → ordinary: a direct, audited change. */
  'investorCategory.revertToOrdinary': method({
    kind: 'mutation',
    access: 'customers.write',
    input: z.object({ customerId: zId, evidence: zOptText(2000), effectiveDate: zDateOnly }).strict(),
    output: zCategoryChange,
  }),
  'investorCategory.history': method({ kind: 'query', access: 'customers.read', input: z.object({ customerId: zId }).strict(), output: z.array(zCategoryChange) }),

  // ---- tasks
  /** Tasks of the caller (`mine`), or of everyone in the caller's data scope (`mine: false`), due soonest first. */
  'tasks.list': method({
    kind: 'query',
    access: 'customers.read',
    input: z
      .object({
        mine: z.boolean().default(true),
        status: z.enum(TASK_STATUSES).default('open'),
        kind: z.enum(TASK_KINDS).optional(),
        customerId: zId.optional(),
        after: zCursor,
        limit: zLimit,
      })
      .strict(),
    output: z.object({ rows: z.array(zTask), nextCursor: z.string().nullable() }),
  }),
  /** The customers of a task that covers several (a product's risk rise: the manager's customers it no longer suits). */
  'tasks.customers': method({
    kind: 'query',
    access: 'customers.read',
    input: z.object({ id: zId, after: zCursor, limit: zLimit }).strict(),
    output: z.object({ rows: z.array(zTaskCustomer), nextCursor: z.string().nullable() }),
  }),
  'tasks.setStatus': method({
    kind: 'mutation',
    access: 'customers.write',
    input: z.object({ id: zId, status: z.enum(TASK_STATUSES) }).strict(),
    output: zTask,
  }),
  /** Sweep the caller's scope for assessments about to expire: one open `reassess` task each (a job). */
  'tasks.generateReassessments': method({ kind: 'mutation', access: 'suitability.assess', input: z.object({}).strict(), output: zJobStarted }),

  // ---- settings and maintenance
  'suitability.settings.get': method({ kind: 'query', access: 'products.read', input: z.object({}).strict(), output: zSuitabilitySettings }),
  'suitability.settings.update': method({ kind: 'mutation', access: 'settings.manage', input: zSuitabilitySettings.partial().strict(), output: zSuitabilitySettings }),
  /** Recompute every customer's derived risk level from their assessments (a job). */
  'suitability.recompute': method({ kind: 'mutation', access: 'settings.manage', input: z.object({}).strict(), output: zJobStarted }),
} as const;
