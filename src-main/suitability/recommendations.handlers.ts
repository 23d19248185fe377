import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { suitabilityContract, zRecommendationInput } from '../../src-shared/suitability/suitability.contract';
import { AppError, fieldError, type RpcIssue } from '../../src-shared/rpc/errors';
import { RISK_WARNING_VERSION } from '../../src-shared/suitability/suitability-fields';
import { checkSuitability, type RuleResult } from '../../src-shared/suitability/rules';
import { shanghaiToday } from '../customers/customers.queries';
import type { Actor, HandlerCtx, HandlersFor } from '../ipc/types';
import {
  RECOMMENDATION_SELECT,
  REVIEW_SELECT,
  all,
  branchFilter,
  customerInScope,
  decodeCursor,
  one,
  page,
  productOrThrow,
  profileOf,
  recommendationById,
  ruleCustomer,
  ruleProduct,
  run,
  scopeSql,
  toRecommendationDto,
  toReviewDto,
  type CustomerRow,
  type ProductRow,
  type RecommendationRow,
  type ReviewRow,
  type Sqlite,
} from './suitability.queries';

type C = typeof suitabilityContract;
type Only<K extends keyof C> = { [M in K]: C[M] };
type RecInput = z.output<typeof zRecommendationInput>;

/**
 * The rule, run in the handler on what the database says now. Whatever the UI showed, a
 * blocked case is refused here; a warned case needs the acknowledgement of the current
 * warning text; `expect` says which path the caller took (create, or the four-eyes one).
 */
function decide(db: Sqlite, actor: Actor, input: RecInput, now: Date, path: 'direct' | 'approval') {
  const c = customerInScope(db, actor, input.customerId);
  const p = productOrThrow(db, input.productId);
  const today = shanghaiToday(now);
  const profile = profileOf(db, c, today);
  const r = checkSuitability(ruleCustomer(profile), ruleProduct(p), input.kind, today);
  if (r.outcome === 'blocked') {
    const issues: RpcIssue[] = r.reasons.map((code) => ({ path: ['productId'], message: `suitability.rule.${code}` }));
    throw new AppError('CONFLICT', 'error.suitability.blocked', { params: { reasons: r.reasons.join(',') }, issues });
  }
  if (path === 'direct' && r.outcome === 'needs_approval') throw new AppError('CONFLICT', 'error.suitability.needsApproval', { params: { reasons: r.reasons.join(',') } });
  if (path === 'approval' && r.outcome !== 'needs_approval') throw new AppError('CONFLICT', 'error.suitability.noApprovalNeeded', { params: { outcome: r.outcome } });
  if (r.requiresAck && input.warningAck?.version !== RISK_WARNING_VERSION) {
    throw fieldError(['warningAck'], 'validation.suitability.warningAck', { version: RISK_WARNING_VERSION });
  }
  return { c, p, r, profile };
}

/** Insert the recommendation (and its compliance review when the customer insisted on a mismatch). */
function record(db: Sqlite, ctx: HandlerCtx, input: RecInput, d: { c: CustomerRow; p: ProductRow; r: RuleResult; profile: ReturnType<typeof profileOf> }): string {
  const { app, actor, approver, audit } = ctx;
  const now = app.now().toISOString();
  const id = uuidv7();
  const ack = d.r.requiresAck;
  run(
    db,
    `INSERT INTO recommendations (id, customer_id, branch_id, product_id, kind, amount_fen, note, outcome, reasons, assessment_id, customer_level, customer_lowest,
       category, product_level, warning_version, ack_by, ack_at, approved_by, status, created_by, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, NULL)`,
    id, d.c.id, d.c.branch_id, d.p.id, input.kind, input.amountFen ?? null, input.note ?? null, d.r.outcome, JSON.stringify(d.r.reasons),
    d.profile.latestAssessmentId, d.profile.riskLevel, d.profile.riskLowest ? 1 : 0, d.profile.category, d.p.risk_level,
    ack ? RISK_WARNING_VERSION : null, ack ? actor.userId : null, ack ? now : null, approver?.userId ?? null, actor.userId, now, now,
  );
  if (ack) {
    run(
      db,
      `INSERT INTO compliance_reviews (id, customer_id, branch_id, source, source_id, recommendation_id, product_id, reason, customer_level, product_level, status,
         reviewer_id, reviewed_at, note, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, 'recommendation', ?, ?, ?, 'customer_initiated_mismatch', ?, ?, 'open', NULL, NULL, NULL, ?, ?, NULL)`,
      uuidv7(), d.c.id, d.c.branch_id, id, id, d.p.id, d.profile.riskLevel, d.p.risk_level, now, now,
    );
  }
  audit.targetType = 'recommendation';
  audit.targetId = id;
  audit.detail = { customerId: d.c.id, productId: d.p.id, kind: input.kind, outcome: d.r.outcome, reasons: d.r.reasons.join(',') };
  return id;
}

function recommendationDto(db: Sqlite, id: string) {
  return toRecommendationDto(recommendationById(db, id)!);
}

export const recommendationHandlers = {
  'recommendations.create': async (input, ctx) => {
    const db = ctx.app.db.sqlite;
    const d = decide(db, ctx.actor, input, ctx.app.now(), 'direct');
    return recommendationDto(db, record(db, ctx, input, d));
  },

  /** R4–R5 to an elderly investor: stored as a pending approval; recorded when a second person approves, with the rule run again then. */
  'recommendations.createHighRisk': {
    prepare: async (input, { app, actor }) => {
      const d = decide(app.db.sqlite, actor, input, app.now(), 'approval');
      return { branchId: d.c.branch_id, summary: { customerNo: d.c.customer_no, productCode: d.p.code, productLevel: d.p.risk_level, kind: input.kind } };
    },
    run: async (input, ctx) => {
      const db = ctx.app.db.sqlite;
      const d = decide(db, ctx.actor, input, ctx.app.now(), 'approval');
      return recommendationDto(db, record(db, ctx, input, d));
    },
  },

  /**
   * One customer's recommendations (customer index), or, for compliance, everything in the
   * caller's scope newest first (branch index; firm-wide by date).
   */
  'recommendations.list': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    const after = decodeCursor(input.after, 2);
    const where: string[] = ['r.deleted_at IS NULL'];
    const params: unknown[] = [];
    if (input.customerId) {
      customerInScope(db, actor, input.customerId);
      (where.push('r.customer_id = ?'), params.push(input.customerId));
    } else {
      const branchId = branchFilter(actor, input.branchId);
      const s = scopeSql(actor, 'r');
      if (s.needsCustomer) (where.push(`r.customer_id IN (SELECT id FROM customers c WHERE ${s.sql})`), params.push(...s.params));
      else if (s.sql !== '1') (where.push(s.sql), params.push(...s.params));
      if (branchId && actor.scope === 'all') (where.push('r.branch_id = ?'), params.push(branchId));
    }
    if (input.productId) (where.push('r.product_id = ?'), params.push(input.productId));
    if (input.outcome) (where.push('r.outcome = ?'), params.push(input.outcome));
    if (input.kind) (where.push('r.kind = ?'), params.push(input.kind));
    if (input.status) (where.push('r.status = ?'), params.push(input.status));
    if (after) (where.push('(r.created_at, r.id) < (?, ?)'), params.push(after[0], after[1]));
    const rows = all<RecommendationRow>(db, `${RECOMMENDATION_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ?`, ...params, input.limit + 1);
    return page(rows, input.limit, (r) => [r.created_at, r.id], toRecommendationDto);
  },

  'recommendations.close': async (input, { app, actor, audit }) => {
    const db = app.db.sqlite;
    const r = one<{ customer_id: string; status: string }>(db, `SELECT customer_id, status FROM recommendations WHERE id = ? AND deleted_at IS NULL`, input.id);
    if (!r) throw new AppError('NOT_FOUND', 'error.suitability.recommendationNotFound');
    customerInScope(db, actor, r.customer_id);
    if (r.status !== 'active') throw new AppError('CONFLICT', 'error.suitability.recommendationClosed');
    run(db, `UPDATE recommendations SET status = 'closed', updated_at = ? WHERE id = ?`, app.now().toISOString(), input.id);
    audit.targetType = 'recommendation';
    audit.targetId = input.id;
    return recommendationDto(db, input.id);
  },

  /** Open items oldest first (a queue); reviewed ones newest first. */
  'compliance.queue': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    const desc = input.status === 'reviewed';
    const after = decodeCursor(input.after, 2);
    const branchId = branchFilter(actor, input.branchId);
    const where: string[] = ['v.status = ?', 'v.deleted_at IS NULL'];
    const params: unknown[] = [input.status];
    const s = scopeSql(actor, 'v');
    if (s.sql !== '1') (where.push(s.sql), params.push(...s.params));
    if (branchId && actor.scope === 'all') (where.push('v.branch_id = ?'), params.push(branchId));
    if (input.reason) (where.push('v.reason = ?'), params.push(input.reason));
    if (after) (where.push(`(v.created_at, v.id) ${desc ? '<' : '>'} (?, ?)`), params.push(after[0], after[1]));
    const dir = desc ? 'DESC' : 'ASC';
    const rows = all<ReviewRow>(db, `${REVIEW_SELECT} WHERE ${where.join(' AND ')} ORDER BY v.created_at ${dir}, v.id ${dir} LIMIT ?`, ...params, input.limit + 1);
    return page(rows, input.limit, (r) => [r.created_at, r.id], toReviewDto);
  },

  'compliance.review': async (input, { app, actor, audit }) => {
    const db = app.db.sqlite;
    const v = one<{ customer_id: string; status: string }>(db, `SELECT customer_id, status FROM compliance_reviews WHERE id = ? AND deleted_at IS NULL`, input.id);
    if (!v) throw new AppError('NOT_FOUND', 'error.suitability.reviewNotFound');
    customerInScope(db, actor, v.customer_id);
    if (v.status !== 'open') throw new AppError('CONFLICT', 'error.suitability.alreadyReviewed');
    const now = app.now().toISOString();
    run(db, `UPDATE compliance_reviews SET status = 'reviewed', reviewer_id = ?, reviewed_at = ?, note = ?, updated_at = ? WHERE id = ?`, actor.userId, now, input.note, now, input.id);
    audit.targetType = 'complianceReview';
    audit.targetId = input.id;
    return toReviewDto(one<ReviewRow>(db, `${REVIEW_SELECT} WHERE v.id = ?`, input.id)!);
  },
} satisfies HandlersFor<
  Only<'recommendations.create' | 'recommendations.createHighRisk' | 'recommendations.list' | 'recommendations.close' | 'compliance.queue' | 'compliance.review'>
>;

