import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../src-shared/rpc/errors';
import type {
  AssessmentDto,
  CategoryChangeDto,
  ProductDto,
  ProductRiskChangeDto,
  QuestionnaireDto,
  QuestionnaireSummaryDto,
  RecommendationDto,
  ReviewDto,
  SuitabilityProfileDto,
  SuitabilitySettingsDto,
  TaskDto,
} from '../../src-shared/suitability/suitability.contract';
import type { Answer, AssessmentStatus, CustomerRiskLevel, QuestionnaireDefinition, RuleCode, Variety } from '../../src-shared/suitability/suitability-fields';
import { assessmentValidOn } from '../../src-shared/suitability/scoring';
import type { RuleCustomer, RuleProduct } from '../../src-shared/suitability/rules';
import { elderlyCutoff } from '../customers/customers.queries';
import { VARIETIES } from '../../src-shared/customers/customer-fields';
import type { Actor } from '../ipc/types';
import { assertCustomerInScope } from '../scope/scope';

/**
 * Suitability's SQL, on the raw connection (the handler's transaction when called from a
 * mutation: one connection, one transaction). Statements are prepared once per connection:
 * recording a recommendation runs a dozen of them and must stay under 5 ms.
 */
export type Sqlite = BetterSqlite3.Database;

const cache = new WeakMap<Sqlite, Map<string, BetterSqlite3.Statement>>();
export function stmt(db: Sqlite, sql: string): BetterSqlite3.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
export const all = <T>(db: Sqlite, sql: string, ...params: unknown[]): T[] => stmt(db, sql).all(...params) as T[];
export const one = <T>(db: Sqlite, sql: string, ...params: unknown[]): T | undefined => stmt(db, sql).get(...params) as T | undefined;
export const run = (db: Sqlite, sql: string, ...params: unknown[]) => stmt(db, sql).run(...params);

const json = <T>(s: string | null, fallback: T): T => {
  if (s === null) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

// ---------------------------------------------------------------------------------------------
// Settings.

export const DEFAULT_SETTINGS: SuitabilitySettingsDto = { validityYears: 2, reassessLeadDays: 30 };
const SETTING_KEYS = { validityYears: 'suitability.validityYears', reassessLeadDays: 'suitability.reassessLeadDays' } as const;

export function readSuitabilitySettings(db: Sqlite): SuitabilitySettingsDto {
  const rows = all<{ key: string; value: string }>(db, `SELECT key, value FROM settings WHERE key IN ('suitability.validityYears', 'suitability.reassessLeadDays')`);
  const m = new Map(rows.map((r) => [r.key, Number(json<number>(r.value, NaN))]));
  const pick = (k: keyof SuitabilitySettingsDto) => {
    const v = m.get(SETTING_KEYS[k]);
    return v !== undefined && Number.isInteger(v) && v > 0 ? v : DEFAULT_SETTINGS[k];
  };
  return { validityYears: pick('validityYears'), reassessLeadDays: pick('reassessLeadDays') };
}

export function writeSuitabilitySettings(db: Sqlite, patch: Partial<SuitabilitySettingsDto>, userId: string, now: string): void {
  for (const [k, v] of Object.entries(patch) as [keyof SuitabilitySettingsDto, number][]) {
    run(db, `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`, SETTING_KEYS[k], JSON.stringify(v), now, userId);
  }
}

// ---------------------------------------------------------------------------------------------
// Keyset cursors: opaque base64url JSON of the sort key and the id.

export function encodeCursor(key: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}
export function decodeCursor(cursor: string | undefined, arity: number): (string | number | null)[] | undefined {
  if (cursor === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || v.length !== arity || !v.every((x) => x === null || typeof x === 'string' || typeof x === 'number')) {
    throw new AppError('VALIDATION', 'error.VALIDATION', { issues: [{ path: ['after'], message: 'validation.cursor' }] });
  }
  return v as (string | number | null)[];
}

/** Answer a page: `rows` holds up to limit + 1 rows; the extra one says there is a next page. */
export function page<R, D>(rows: R[], limit: number, key: (r: R) => (string | number | null)[], map: (r: R) => D): { rows: D[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { rows: shown.map(map), nextCursor: more ? encodeCursor(key(shown[shown.length - 1]!)) : null };
}

// ---------------------------------------------------------------------------------------------
// Data scope for lists of customer-owned rows (recommendations, reviews, tasks). The same rule as
// src-main/scope/scope.ts `customersInScope`, spelt on the row's own branch column (`branch`) or
// on its customer's manager (`own`, which needs the customer joined as `c`). Single records are
// checked with scope.ts `assertCustomerInScope`.

export function scopeSql(actor: Actor, rowAlias: string, customerAlias = 'c'): { sql: string; params: string[]; needsCustomer: boolean } {
  switch (actor.scope) {
    case 'all':
      return { sql: '1', params: [], needsCustomer: false };
    case 'branch':
      return { sql: `${rowAlias}.branch_id = ?`, params: [actor.branchId], needsCustomer: false };
    case 'own':
      return { sql: `${customerAlias}.manager_id = ? AND ${customerAlias}.deleted_at IS NULL`, params: [actor.userId], needsCustomer: true };
  }
}

/** A branch filter the caller asked for: only within their scope (else OUT_OF_SCOPE). */
export function branchFilter(actor: Actor, branchId: string | undefined): string | undefined {
  if (branchId !== undefined && actor.scope !== 'all' && branchId !== actor.branchId) throw new AppError('OUT_OF_SCOPE', 'error.OUT_OF_SCOPE');
  return branchId;
}

// ---------------------------------------------------------------------------------------------
// Customers as the rule sees them.

export type CustomerRow = {
  id: string;
  customer_no: string;
  name: string;
  kind: 'individual' | 'institution';
  branch_id: string;
  manager_id: string | null;
  birth_date: string | null;
  investor_category: 'ordinary' | 'professional';
  risk_level: CustomerRiskLevel | null;
  risk_lowest: number;
  risk_assessed_at: string | null;
  risk_expires_at: string | null;
  invest_horizon: 'short' | 'medium' | 'long' | null;
  preferred_varieties: string | null;
  deleted_at: string | null;
  merged_into: string | null;
};

const CUSTOMER_SQL = `SELECT id, customer_no, name, kind, branch_id, manager_id, birth_date, investor_category, risk_level, risk_lowest, risk_assessed_at,
  risk_expires_at, invest_horizon, preferred_varieties, deleted_at, merged_into FROM customers WHERE id = ?`;

export function customerRow(db: Sqlite, id: string): CustomerRow | undefined {
  return one<CustomerRow>(db, CUSTOMER_SQL, id);
}

/** The customer a call is about: exists, not deleted, in the caller's scope (scope.ts), or an error. */
export function customerInScope(db: Sqlite, actor: Actor, id: string): CustomerRow {
  const c = customerRow(db, id);
  if (!c || (c.deleted_at !== null && c.merged_into === null)) throw new AppError('NOT_FOUND', 'error.customers.notFound');
  assertCustomerInScope(actor, c);
  if (c.deleted_at !== null) throw new AppError('NOT_FOUND', 'error.customers.merged', { params: { mergedInto: c.merged_into! } });
  return c;
}

export function assessmentStatus(c: Pick<CustomerRow, 'risk_level' | 'risk_expires_at'>, today: string): AssessmentStatus {
  if (c.risk_level === null) return 'missing';
  return assessmentValidOn(c.risk_expires_at, today) ? 'valid' : 'expired';
}

export const isElderly = (c: Pick<CustomerRow, 'kind' | 'birth_date'>, today: string) => c.kind === 'individual' && c.birth_date !== null && c.birth_date <= elderlyCutoff(today);

export function latestAssessmentId(db: Sqlite, customerId: string): string | null {
  return (
    one<{ id: string }>(db, `SELECT id FROM risk_assessments WHERE customer_id = ? AND deleted_at IS NULL ORDER BY assessed_at DESC, id DESC LIMIT 1`, customerId)?.id ?? null
  );
}

export function profileOf(db: Sqlite, c: CustomerRow, today: string): SuitabilityProfileDto {
  return {
    customerId: c.id,
    customerKind: c.kind,
    category: c.investor_category,
    riskLevel: c.risk_level,
    riskLowest: c.risk_lowest === 1,
    riskAssessedAt: c.risk_assessed_at,
    riskExpiresAt: c.risk_expires_at,
    assessmentStatus: assessmentStatus(c, today),
    latestAssessmentId: latestAssessmentId(db, c.id),
    elderly: isElderly(c, today),
    investHorizon: c.invest_horizon,
    // Only known codes (an import may have carried others): the rule compares codes.
    preferredVarieties: json<string[]>(c.preferred_varieties, []).filter((v): v is Variety => (VARIETIES as readonly string[]).includes(v)),
    professionalRequestedAt: pendingProfessionalRequest(db, c.id),
  };
}

/**
 * A pending four-eyes request to make the customer professional: shown on the customer's tab to
 * whoever may see the customer (account managers cannot read the approvals queue itself). Pending
 * requests are few: the status index bounds the read.
 */
function pendingProfessionalRequest(db: Sqlite, customerId: string): string | null {
  return (
    (db
      .prepare(`SELECT created_at FROM approvals WHERE status = 'pending' AND method = 'investorCategory.requestProfessional' AND json_extract(input, '$.customerId') = ? ORDER BY created_at DESC LIMIT 1`)
      .pluck()
      .get(customerId) as string | undefined) ?? null
  );
}

export function ruleCustomer(p: SuitabilityProfileDto): RuleCustomer {
  return {
    category: p.category,
    kind: p.customerKind,
    level: p.riskLevel,
    lowest: p.riskLowest,
    assessment: p.assessmentStatus,
    elderly: p.elderly,
    horizon: p.investHorizon,
    preferredVarieties: p.preferredVarieties,
  };
}

/**
 * Recompute a customer's derived risk fields from their latest assessment (architecture.md
 * "Merge": the level is derived, never edited). A customer without any assessment keeps what
 * they have (a level imported from the trading system's own assessment). Writes only when a
 * value changes; `version` is not bumped (the cache is not something an editor loaded).
 */
export function recomputeDerived(db: Sqlite, customerId: string): boolean {
  const a = one<{ level: string; lowest: number; assessed_at: string; expires_at: string }>(
    db,
    `SELECT level, lowest, assessed_at, expires_at FROM risk_assessments WHERE customer_id = ? AND deleted_at IS NULL ORDER BY assessed_at DESC, id DESC LIMIT 1`,
    customerId,
  );
  if (!a) return false;
  const r = run(
    db,
    `UPDATE customers SET risk_level = ?, risk_lowest = ?, risk_assessed_at = ?, risk_expires_at = ?
     WHERE id = ? AND (risk_level IS NOT ? OR risk_lowest IS NOT ? OR risk_assessed_at IS NOT ? OR risk_expires_at IS NOT ?)`,
    a.level, a.lowest, a.assessed_at, a.expires_at, customerId, a.level, a.lowest, a.assessed_at, a.expires_at,
  );
  return r.changes > 0;
}

// ---------------------------------------------------------------------------------------------
// Products.

export type ProductRow = {
  id: string;
  code: string;
  name: string;
  type: ProductDto['type'];
  issuer: string | null;
  risk_level: ProductDto['riskLevel'];
  variety: ProductDto['variety'];
  horizon: ProductDto['horizon'];
  term_days: number | null;
  min_amount_fen: number | null;
  sale_start: string | null;
  sale_end: string | null;
  status: ProductDto['status'];
  documents: string;
  branch_id: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
  deleted_at: string | null;
};
export const PRODUCT_COLUMNS = `id, code, name, type, issuer, risk_level, variety, horizon, term_days, min_amount_fen, sale_start, sale_end, status, documents, branch_id, version, updated_at, updated_by, deleted_at`;

export function productRow(db: Sqlite, id: string): ProductRow | undefined {
  const p = one<ProductRow>(db, `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`, id);
  return p && p.deleted_at === null ? p : undefined;
}
export function productOrThrow(db: Sqlite, id: string): ProductRow {
  const p = productRow(db, id);
  if (!p) throw new AppError('NOT_FOUND', 'error.suitability.productNotFound');
  return p;
}

export function toProductDto(p: ProductRow): ProductDto {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    type: p.type,
    issuer: p.issuer,
    riskLevel: p.risk_level,
    variety: p.variety,
    horizon: p.horizon,
    termDays: p.term_days,
    minAmountFen: p.min_amount_fen,
    saleStart: p.sale_start,
    saleEnd: p.sale_end,
    status: p.status,
    documents: json<string[]>(p.documents, []),
    version: p.version,
    updatedAt: p.updated_at,
  };
}

export function ruleProduct(p: ProductRow): RuleProduct {
  return { level: p.risk_level, status: p.status, saleStart: p.sale_start, saleEnd: p.sale_end, horizon: p.horizon, variety: p.variety };
}

export function riskHistory(db: Sqlite, productId: string): ProductRiskChangeDto[] {
  return all<{ id: string; from_level: ProductDto['riskLevel'] | null; to_level: ProductDto['riskLevel']; changed_at: string; by_name: string | null; reason: string | null }>(
    db,
    `SELECT r.id, r.from_level, r.to_level, r.changed_at, u.display_name AS by_name, r.reason
     FROM product_risk_changes r LEFT JOIN users u ON u.id = r.changed_by
     WHERE r.product_id = ? AND r.deleted_at IS NULL ORDER BY r.changed_at DESC, r.id DESC`,
    productId,
  ).map((r) => ({ id: r.id, from: r.from_level, to: r.to_level, at: r.changed_at, byName: r.by_name, reason: r.reason }));
}

// ---------------------------------------------------------------------------------------------
// Questionnaires.

export type QuestionnaireRow = {
  id: string;
  name: string;
  version: number;
  status: QuestionnaireDto['status'];
  definition: string;
  created_at: string;
  activated_at: string | null;
  retired_at: string | null;
  deleted_at: string | null;
};
export const QUESTIONNAIRE_COLUMNS = `id, name, version, status, definition, created_at, activated_at, retired_at, deleted_at`;

export function questionnaireRow(db: Sqlite, id: string): QuestionnaireRow | undefined {
  const q = one<QuestionnaireRow>(db, `SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaires WHERE id = ?`, id);
  return q && q.deleted_at === null ? q : undefined;
}
export function activeQuestionnaire(db: Sqlite): QuestionnaireRow | undefined {
  return one<QuestionnaireRow>(db, `SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaires WHERE status = 'active' AND deleted_at IS NULL ORDER BY version DESC LIMIT 1`);
}
export function toQuestionnaireSummary(q: QuestionnaireRow): QuestionnaireSummaryDto {
  const def = json<QuestionnaireDefinition | null>(q.definition, null);
  return {
    id: q.id,
    name: q.name,
    version: q.version,
    status: q.status,
    questionCount: def?.questions.length ?? 0,
    createdAt: q.created_at,
    activatedAt: q.activated_at,
    retiredAt: q.retired_at,
  };
}
export function toQuestionnaireDto(q: QuestionnaireRow): QuestionnaireDto {
  return { ...toQuestionnaireSummary(q), definition: JSON.parse(q.definition) as QuestionnaireDefinition };
}

// ---------------------------------------------------------------------------------------------
// Assessments.

type AssessmentRow = {
  id: string;
  customer_id: string;
  branch_id: string;
  questionnaire_id: string;
  questionnaire_version: number;
  q_name: string | null;
  answers: string;
  score: number;
  level: CustomerRiskLevel;
  lowest: number;
  assessed_at: string;
  expires_at: string;
  by_name: string | null;
};
const ASSESSMENT_SELECT = `SELECT a.id, a.customer_id, a.branch_id, a.questionnaire_id, a.questionnaire_version, q.name AS q_name, a.answers, a.score, a.level,
  a.lowest, a.assessed_at, a.expires_at, u.display_name AS by_name
  FROM risk_assessments a LEFT JOIN questionnaires q ON q.id = a.questionnaire_id LEFT JOIN users u ON u.id = a.assessed_by`;

function toAssessmentDto(a: AssessmentRow, today: string): AssessmentDto {
  return {
    id: a.id,
    customerId: a.customer_id,
    branchId: a.branch_id,
    questionnaireId: a.questionnaire_id,
    questionnaireName: a.q_name ?? '',
    questionnaireVersion: a.questionnaire_version,
    answers: json<Answer[]>(a.answers, []),
    score: a.score,
    level: a.level,
    lowest: a.lowest === 1,
    assessedAt: a.assessed_at,
    expiresAt: a.expires_at,
    assessedByName: a.by_name,
    valid: assessmentValidOn(a.expires_at, today),
  };
}

export function assessmentsOf(db: Sqlite, customerId: string, today: string): AssessmentDto[] {
  return all<AssessmentRow>(db, `${ASSESSMENT_SELECT} WHERE a.customer_id = ? AND a.deleted_at IS NULL ORDER BY a.assessed_at DESC, a.id DESC LIMIT 200`, customerId).map((a) =>
    toAssessmentDto(a, today),
  );
}
export function assessmentById(db: Sqlite, id: string, today: string): AssessmentDto {
  return toAssessmentDto(one<AssessmentRow>(db, `${ASSESSMENT_SELECT} WHERE a.id = ?`, id)!, today);
}

// ---------------------------------------------------------------------------------------------
// Recommendations.

export type RecommendationRow = {
  id: string;
  customer_id: string;
  customer_no: string;
  customer_name: string;
  branch_id: string;
  product_id: string;
  product_code: string;
  product_name: string;
  kind: RecommendationDto['kind'];
  amount_fen: number | null;
  note: string | null;
  outcome: RecommendationDto['outcome'];
  reasons: string;
  assessment_id: string | null;
  customer_level: CustomerRiskLevel | null;
  customer_lowest: number;
  category: RecommendationDto['category'];
  product_level: RecommendationDto['productLevel'];
  warning_version: string | null;
  ack_name: string | null;
  ack_at: string | null;
  approved_name: string | null;
  status: RecommendationDto['status'];
  review_status: RecommendationDto['reviewStatus'];
  created_name: string | null;
  created_at: string;
};

/**
 * The recommendation with what its list shows; `r` the recommendation, `c` its customer. CROSS
 * JOIN keeps `r` the outer loop, so a page walks the keyset index in order (tests/suitability/plans.test.ts).
 */
const RECOMMENDATION_COLUMNS = `r.id, r.customer_id, c.customer_no, c.name AS customer_name, r.branch_id, r.product_id, p.code AS product_code, p.name AS product_name,
  r.kind, r.amount_fen, r.note, r.outcome, r.reasons, r.assessment_id, r.customer_level, r.customer_lowest, r.category, r.product_level, r.warning_version,
  ua.display_name AS ack_name, r.ack_at, up.display_name AS approved_name, r.status,
  (SELECT cr.status FROM compliance_reviews cr WHERE cr.recommendation_id = r.id AND cr.deleted_at IS NULL ORDER BY cr.created_at DESC LIMIT 1) AS review_status,
  uc.display_name AS created_name, r.created_at`;
const RECOMMENDATION_JOINS = `CROSS JOIN customers c ON c.id = r.customer_id
  CROSS JOIN products p ON p.id = r.product_id
  LEFT JOIN users ua ON ua.id = r.ack_by
  LEFT JOIN users up ON up.id = r.approved_by
  LEFT JOIN users uc ON uc.id = r.created_by`;
export const RECOMMENDATION_SELECT = `SELECT ${RECOMMENDATION_COLUMNS} FROM recommendations r ${RECOMMENDATION_JOINS}`;

export function toRecommendationDto(r: RecommendationRow): RecommendationDto {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerNo: r.customer_no,
    customerName: r.customer_name,
    branchId: r.branch_id,
    productId: r.product_id,
    productCode: r.product_code,
    productName: r.product_name,
    kind: r.kind,
    amountFen: r.amount_fen,
    note: r.note,
    outcome: r.outcome,
    reasons: json<RuleCode[]>(r.reasons, []),
    assessmentId: r.assessment_id,
    customerLevel: r.customer_level,
    customerLowest: r.customer_lowest === 1,
    category: r.category,
    productLevel: r.product_level,
    warningVersion: r.warning_version,
    ackByName: r.ack_name,
    ackAt: r.ack_at,
    approvedByName: r.approved_name,
    status: r.status,
    reviewStatus: r.review_status,
    createdByName: r.created_name,
    createdAt: r.created_at,
  };
}

export function recommendationById(db: Sqlite, id: string): RecommendationRow | undefined {
  return one<RecommendationRow>(db, `${RECOMMENDATION_SELECT} WHERE r.id = ? AND r.deleted_at IS NULL`, id);
}

// ---------------------------------------------------------------------------------------------
// Compliance reviews.

export type ReviewRow = {
  id: string;
  customer_id: string;
  customer_no: string;
  customer_name: string;
  branch_id: string;
  branch_name: string;
  source: ReviewDto['source'];
  source_id: string;
  recommendation_id: string | null;
  product_id: string | null;
  product_code: string | null;
  product_name: string | null;
  reason: ReviewDto['reason'];
  customer_level: ReviewDto['customerLevel'];
  product_level: ReviewDto['productLevel'];
  status: ReviewDto['status'];
  created_at: string;
  reviewer_name: string | null;
  reviewed_at: string | null;
  note: string | null;
};
export const REVIEW_SELECT = `SELECT v.id, v.customer_id, c.customer_no, c.name AS customer_name, v.branch_id, o.name AS branch_name, v.source, v.source_id, v.recommendation_id,
  v.product_id, p.code AS product_code, p.name AS product_name, v.reason, v.customer_level, v.product_level, v.status, v.created_at,
  u.display_name AS reviewer_name, v.reviewed_at, v.note
  FROM compliance_reviews v
  JOIN customers c ON c.id = v.customer_id
  JOIN org_units o ON o.id = v.branch_id
  LEFT JOIN products p ON p.id = v.product_id
  LEFT JOIN users u ON u.id = v.reviewer_id`;

export function toReviewDto(v: ReviewRow): ReviewDto {
  return {
    id: v.id,
    customerId: v.customer_id,
    customerNo: v.customer_no,
    customerName: v.customer_name,
    branchId: v.branch_id,
    branchName: v.branch_name,
    source: v.source,
    sourceId: v.source_id,
    recommendationId: v.recommendation_id,
    productId: v.product_id,
    productCode: v.product_code,
    productName: v.product_name,
    reason: v.reason,
    customerLevel: v.customer_level,
    productLevel: v.product_level,
    status: v.status,
    createdAt: v.created_at,
    reviewerName: v.reviewer_name,
    reviewedAt: v.reviewed_at,
    note: v.note,
  };
}

// ---------------------------------------------------------------------------------------------
// Investor category changes.

export function categoryChanges(db: Sqlite, where: 'customer' | 'id', value: string): CategoryChangeDto[] {
  return all<{
    id: string;
    customer_id: string;
    from_category: CategoryChangeDto['from'];
    to_category: CategoryChangeDto['to'];
    evidence: string | null;
    effective_date: string;
    req_name: string | null;
    appr_name: string | null;
    created_at: string;
  }>(
    db,
    `SELECT x.id, x.customer_id, x.from_category, x.to_category, x.evidence, x.effective_date, ur.display_name AS req_name, ua.display_name AS appr_name, x.created_at
     FROM investor_category_changes x LEFT JOIN users ur ON ur.id = x.requested_by LEFT JOIN users ua ON ua.id = x.approved_by
     WHERE ${where === 'customer' ? 'x.customer_id' : 'x.id'} = ? AND x.deleted_at IS NULL ORDER BY x.created_at DESC, x.id DESC`,
    value,
  ).map((x) => ({
    id: x.id,
    customerId: x.customer_id,
    from: x.from_category,
    to: x.to_category,
    evidence: x.evidence,
    effectiveDate: x.effective_date,
    requestedByName: x.req_name,
    approvedByName: x.appr_name,
    createdAt: x.created_at,
  }));
}

// ---------------------------------------------------------------------------------------------
// Tasks.

export type TaskRow = {
  id: string;
  owner_id: string | null;
  owner_name: string | null;
  branch_id: string;
  customer_id: string | null;
  customer_no: string | null;
  customer_name: string | null;
  kind: TaskDto['kind'];
  due_date: string;
  status: TaskDto['status'];
  source: TaskDto['source'];
  source_id: string | null;
  title_key: string;
  title_params: string;
  created_at: string;
};
export const TASK_SELECT = `SELECT t.id, t.owner_id, u.display_name AS owner_name, t.branch_id, t.customer_id, c.customer_no, c.name AS customer_name, t.kind, t.due_date,
  t.status, t.source, t.source_id, t.title_key, t.title_params, t.created_at
  FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN users u ON u.id = t.owner_id`;

export function toTaskDto(t: TaskRow): TaskDto {
  return {
    id: t.id,
    ownerId: t.owner_id,
    ownerName: t.owner_name,
    branchId: t.branch_id,
    customerId: t.customer_id,
    customerNo: t.customer_no,
    customerName: t.customer_name,
    kind: t.kind,
    dueDate: t.due_date,
    status: t.status,
    source: t.source,
    sourceId: t.source_id,
    titleKey: t.title_key,
    titleParams: json<Record<string, string | number>>(t.title_params, {}),
    createdAt: t.created_at,
  };
}
