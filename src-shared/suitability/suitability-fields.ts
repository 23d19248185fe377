import { z } from 'zod';
import { RISK_LEVELS, INVEST_HORIZONS, VARIETIES, INVESTOR_CATEGORIES, zDateOnly } from '../customers/customer-fields';

/**
 * The vocabulary of suitability (适当性管理, domain.md): product types and risk levels,
 * questionnaire shapes, the rule's outcome and reason codes. Every value has a catalogue
 * label; the key patterns are noted beside each list.
 */

/** `suitability.productType.<t>` */
export const PRODUCT_TYPES = ['fund', 'wealth', 'bond', 'income_cert', 'other'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];
/** `suitability.productRisk.<r>` */
export const PRODUCT_RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export type ProductRiskLevel = (typeof PRODUCT_RISK_LEVELS)[number];
/** `suitability.productStatus.<s>` */
export const PRODUCT_STATUSES = ['draft', 'on_sale', 'suspended', 'closed'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export type CustomerRiskLevel = (typeof RISK_LEVELS)[number];
export type Horizon = (typeof INVEST_HORIZONS)[number];
export type Variety = (typeof VARIETIES)[number];
export type InvestorCategory = (typeof INVESTOR_CATEGORIES)[number];

/** `suitability.questionnaireStatus.<s>` */
export const QUESTIONNAIRE_STATUSES = ['draft', 'active', 'retired'] as const;
export type QuestionnaireStatus = (typeof QUESTIONNAIRE_STATUSES)[number];

/** `suitability.assessmentStatus.<s>`: of the customer's latest assessment today. */
export const ASSESSMENT_STATUSES = ['valid', 'expired', 'missing'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** `suitability.recKind.<k>`: an active recommendation, or a purchase the customer asked for. */
export const RECOMMENDATION_KINDS = ['recommend', 'customer_initiated'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

/** `suitability.recStatus.<s>`: `active` until closed by its manager (the cascade looks at active ones). */
export const RECOMMENDATION_STATUSES = ['active', 'closed'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** `suitability.outcome.<o>`: what the suitability rule decided (src-shared/suitability/rules.ts). */
export const SUITABILITY_OUTCOMES = ['allowed', 'blocked', 'warn', 'needs_approval'] as const;
export type SuitabilityOutcome = (typeof SUITABILITY_OUTCOMES)[number];

/**
 * `suitability.rule.<code>`: why. Blocking codes block; mismatch codes block a recommendation
 * and warn on a customer-initiated purchase; `elderly_high_risk` asks for a second person.
 */
export const RULE_CODES = [
  'product_not_on_sale',
  'assessment_missing',
  'assessment_expired',
  'lowest_only_r1',
  'risk_exceeds',
  'horizon_mismatch',
  'variety_mismatch',
  'elderly_high_risk',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** `suitability.reviewReason.<r>`: why an item is in the compliance queue. */
export const REVIEW_REASONS = ['customer_initiated_mismatch', 'risk_rise_holding', 'risk_rise_recommendation'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];
/** `suitability.reviewSource.<s>` */
export const REVIEW_SOURCES = ['recommendation', 'product_risk_rise'] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];
/** `suitability.reviewStatus.<s>` */
export const REVIEW_STATUSES = ['open', 'reviewed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** `suitability.taskKind.<k>` (the service module will add kinds). */
export const TASK_KINDS = ['reassess', 'suitability_review'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
/** `suitability.taskStatus.<s>` */
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** `suitability.taskSource.<s>` */
export const TASK_SOURCES = ['assessment', 'product_risk_rise', 'recommendation'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

/**
 * The risk-warning text (风险警示书) a customer signs for a customer-initiated mismatch. Its text
 * is the catalogue key `suitability.warning.text.<version>`; a new text gets a new version,
 * and the acknowledgement records which one was shown.
 */
export const RISK_WARNING_VERSION = 'v1';

// ---------------------------------------------------------------------------------------------
// Questionnaire definition (HQ-authored content, kept as JSON on the questionnaire row).

export const zQuestionKey = z.string().trim().regex(/^[A-Za-z0-9_-]{1,20}$/, { error: 'validation.suitability.key' });

export const zQuestionOption = z
  .object({
    key: zQuestionKey,
    text: z.string().trim().min(1, { error: 'validation.required' }).max(200, { error: 'validation.tooLong' }),
    score: z.number().int().min(0).max(100),
    /** Choosing this option puts the customer in the lowest-risk-tolerance category (C1, R1 only). */
    lowest: z.boolean().optional(),
  })
  .strict();

export const zQuestion = z
  .object({
    key: zQuestionKey,
    text: z.string().trim().min(1, { error: 'validation.required' }).max(300, { error: 'validation.tooLong' }),
    /** Several options may be chosen; the question scores the highest chosen option. */
    multi: z.boolean().optional(),
    options: z.array(zQuestionOption).min(2, { error: 'validation.suitability.minOptions' }).max(10, { error: 'validation.tooMany' }),
  })
  .strict();
export type Question = z.infer<typeof zQuestion>;

/** A score band: totals from `minScore` (inclusive) up to the next band's `minScore` map to `level`. */
export const zScoreBand = z.object({ level: z.enum(RISK_LEVELS), minScore: z.number().int().min(0).max(10_000) }).strict();

export const zQuestionnaireDefinition = z
  .object({
    questions: z.array(zQuestion).min(1, { error: 'validation.required' }).max(60, { error: 'validation.tooMany' }),
    /** Exactly five bands, C1…C5 in order, `minScore` strictly increasing, C1 from 0. */
    bands: z.array(zScoreBand).length(5, { error: 'validation.suitability.bands' }),
    /** A total strictly below this is the lowest-risk-tolerance category; null: only flagged options make it. */
    lowestBelow: z.number().int().min(0).max(10_000).nullable(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const qKeys = new Set<string>();
    d.questions.forEach((q, qi) => {
      if (qKeys.has(q.key)) ctx.addIssue({ code: 'custom', path: ['questions', qi, 'key'], message: 'validation.suitability.duplicateKey' });
      qKeys.add(q.key);
      const oKeys = new Set<string>();
      q.options.forEach((o, oi) => {
        if (oKeys.has(o.key)) ctx.addIssue({ code: 'custom', path: ['questions', qi, 'options', oi, 'key'], message: 'validation.suitability.duplicateKey' });
        oKeys.add(o.key);
      });
    });
    d.bands.forEach((b, i) => {
      if (b.level !== RISK_LEVELS[i]) ctx.addIssue({ code: 'custom', path: ['bands', i, 'level'], message: 'validation.suitability.bandOrder' });
      if (i === 0 && b.minScore !== 0) ctx.addIssue({ code: 'custom', path: ['bands', 0, 'minScore'], message: 'validation.suitability.bandStart' });
      if (i > 0 && b.minScore <= d.bands[i - 1]!.minScore) ctx.addIssue({ code: 'custom', path: ['bands', i, 'minScore'], message: 'validation.suitability.bandOrder' });
    });
  });
export type QuestionnaireDefinition = z.infer<typeof zQuestionnaireDefinition>;

/** One answer: the question's key and the chosen option keys (exactly one unless `multi`). */
export const zAnswer = z.object({ question: zQuestionKey, options: z.array(zQuestionKey).min(1, { error: 'validation.required' }).max(10) }).strict();
export type Answer = z.infer<typeof zAnswer>;

export { zDateOnly };
