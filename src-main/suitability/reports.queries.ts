import type { SuitabilityReportRowDto } from '../../src-shared/suitability/suitability.contract';
import type { RuleCode } from '../../src-shared/suitability/suitability-fields';
import { suitabilityZhCN as L } from '../../src-shared/i18n/parts/suitability';
import { zhCN } from '../../src-shared/i18n/zh-CN';
import type { JobScope } from '../jobs/job-types';
import { all, one, type Sqlite } from './suitability.queries';

/** YYYY-MM-DD plus `n` days. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** An instant as Shanghai local time, `YYYY-MM-DD HH:mm:ss` (UTC+8, no daylight saving since 1991). */
export function shanghaiDateTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function branchesOf(db: Sqlite, scope: JobScope, branchId: string | null): { id: string; name: string }[] {
  if (branchId !== null) return all(db, `SELECT id, name FROM org_units WHERE id = ?`, branchId);
  if (scope.kind === 'branch') return all(db, `SELECT id, name FROM org_units WHERE id = ?`, scope.branchId);
  return all(db, `SELECT id, name FROM org_units WHERE kind = 'branch' AND deleted_at IS NULL ORDER BY code`);
}

// ---------------------------------------------------------------------------------------------
// Expired (or soon expiring) assessments.

export type ExpiredRow = {
  seq: number;
  id: string;
  customer_no: string;
  name: string;
  branch_id: string;
  branch_name: string;
  manager_name: string | null;
  risk_level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | null;
  risk_expires_at: string;
};
const EXPIRED_SELECT = `SELECT c.seq, c.id, c.customer_no, c.name, c.branch_id, o.name AS branch_name, u.display_name AS manager_name, c.risk_level, c.risk_expires_at
  FROM customers c JOIN org_units o ON o.id = c.branch_id LEFT JOIN users u ON u.id = c.manager_id`;

/**
 * Customers whose assessment is valid through a day before `cutoff`, in (expiry, seq) order
 * after `after`. A branch reads its partial (branch_id, risk_expires_at) index in order;
 * firm-wide, each branch's first `limit` keys are read from that index in order and merged (a
 * few hundred short seeks, no sort of a million rows), then only the page's rows are read whole;
 * an account manager's own customers come from the manager index and are sorted.
 */
export function expiredPage(db: Sqlite, scope: JobScope, branchId: string | null, cutoff: string, after: [string, number] | null, limit: number): ExpiredRow[] {
  const cursor = after ? ` AND (c.risk_expires_at, c.seq) > (?, ?)` : '';
  const cp = after ? [after[0], after[1]] : [];
  if (scope.kind === 'own') {
    return all<ExpiredRow>(
      db,
      `${EXPIRED_SELECT} WHERE c.manager_id = ? AND c.deleted_at IS NULL AND c.risk_expires_at < ?${cursor}${branchId ? ' AND c.branch_id = ?' : ''} ORDER BY c.risk_expires_at, c.seq LIMIT ?`,
      scope.managerId, cutoff, ...cp, ...(branchId ? [branchId] : []), limit,
    );
  }
  const branches = branchesOf(db, scope, branchId);
  if (branches.length === 1) {
    return all<ExpiredRow>(db, `${EXPIRED_SELECT} WHERE c.branch_id = ? AND c.deleted_at IS NULL AND c.risk_expires_at < ?${cursor} ORDER BY c.risk_expires_at, c.seq LIMIT ?`, branches[0]!.id, cutoff, ...cp, limit);
  }
  const keys: { seq: number; risk_expires_at: string }[] = [];
  const keySql = `SELECT c.seq, c.risk_expires_at FROM customers c WHERE c.branch_id = ? AND c.deleted_at IS NULL AND c.risk_expires_at < ?${cursor} ORDER BY c.risk_expires_at, c.seq LIMIT ?`;
  for (const b of branches) keys.push(...all<{ seq: number; risk_expires_at: string }>(db, keySql, b.id, cutoff, ...cp, limit));
  keys.sort((a, b) => (a.risk_expires_at < b.risk_expires_at ? -1 : a.risk_expires_at > b.risk_expires_at ? 1 : a.seq - b.seq));
  const seqs = keys.slice(0, limit).map((k) => k.seq);
  // json_each pinned as the outer loop: each page row is one rowid lookup.
  const rows = all<ExpiredRow>(
    db,
    `SELECT c.seq, c.id, c.customer_no, c.name, c.branch_id, o.name AS branch_name, u.display_name AS manager_name, c.risk_level, c.risk_expires_at
     FROM json_each(?) j CROSS JOIN customers c ON c.seq = j.value JOIN org_units o ON o.id = c.branch_id LEFT JOIN users u ON u.id = c.manager_id`,
    JSON.stringify(seqs),
  );
  const order = new Map(seqs.map((s, i) => [s, i]));
  return rows.sort((a, b) => order.get(a.seq)! - order.get(b.seq)!);
}

// ---------------------------------------------------------------------------------------------
// The per-branch report. Every count is read from an index: the branch expiry index (0004) for
// valid/expired/all, the partial lowest/professional indexes and the review and recommendation
// indexes (0006).

export function reportRows(db: Sqlite, scope: JobScope, branchId: string | null, today: string): SuitabilityReportRowDto[] {
  if (scope.kind === 'own') {
    const b = one<{ id: string; name: string }>(db, `SELECT o.id, o.name FROM users u JOIN org_units o ON o.id = u.branch_id WHERE u.id = ?`, scope.managerId)!;
    const r = one<Omit<SuitabilityReportRowDto, 'branchId' | 'branchName'>>(
      db,
      `SELECT count(*) AS customers,
         coalesce(sum(risk_expires_at >= @today), 0) AS assessed,
         coalesce(sum(risk_expires_at < @today), 0) AS expired,
         coalesce(sum(risk_expires_at IS NULL), 0) AS missing,
         coalesce(sum(risk_lowest = 1), 0) AS lowest,
         coalesce(sum(investor_category = 'professional'), 0) AS professional,
         (SELECT count(*) FROM compliance_reviews v JOIN customers c2 ON c2.id = v.customer_id WHERE c2.manager_id = @m AND v.status = 'open' AND v.deleted_at IS NULL) AS pendingReviews,
         (SELECT count(*) FROM recommendations r JOIN customers c2 ON c2.id = r.customer_id WHERE c2.manager_id = @m AND r.outcome = 'allowed' AND r.deleted_at IS NULL) AS recAllowed,
         (SELECT count(*) FROM recommendations r JOIN customers c2 ON c2.id = r.customer_id WHERE c2.manager_id = @m AND r.outcome = 'warn' AND r.deleted_at IS NULL) AS recWarn,
         (SELECT count(*) FROM recommendations r JOIN customers c2 ON c2.id = r.customer_id WHERE c2.manager_id = @m AND r.outcome = 'needs_approval' AND r.deleted_at IS NULL) AS recApproved
       FROM customers WHERE manager_id = @m AND deleted_at IS NULL`,
      { m: scope.managerId, today },
    )!;
    return [{ branchId: b.id, branchName: b.name, ...r }];
  }
  const count = (sql: string, ...p: unknown[]) => one<{ n: number }>(db, sql, ...p)!.n;
  return branchesOf(db, scope, branchId).map((b) => {
    // Three ranges of the one branch expiry index, which together are the branch: one pass over it.
    const assessed = count(`SELECT count(*) AS n FROM customers WHERE branch_id = ? AND deleted_at IS NULL AND risk_expires_at >= ?`, b.id, today);
    const expired = count(`SELECT count(*) AS n FROM customers WHERE branch_id = ? AND deleted_at IS NULL AND risk_expires_at < ?`, b.id, today);
    const missing = count(`SELECT count(*) AS n FROM customers WHERE branch_id = ? AND deleted_at IS NULL AND risk_expires_at IS NULL`, b.id);
    const rec = (outcome: string) => count(`SELECT count(*) AS n FROM recommendations WHERE branch_id = ? AND outcome = ? AND deleted_at IS NULL`, b.id, outcome);
    return {
      branchId: b.id,
      branchName: b.name,
      customers: assessed + expired + missing,
      assessed,
      expired,
      missing,
      lowest: count(`SELECT count(*) AS n FROM customers WHERE branch_id = ? AND deleted_at IS NULL AND risk_lowest = 1`, b.id),
      professional: count(`SELECT count(*) AS n FROM customers WHERE branch_id = ? AND deleted_at IS NULL AND investor_category = 'professional'`, b.id),
      pendingReviews: count(`SELECT count(*) AS n FROM compliance_reviews WHERE branch_id = ? AND status = 'open' AND deleted_at IS NULL`, b.id),
      recAllowed: rec('allowed'),
      recWarn: rec('warn'),
      recApproved: rec('needs_approval'),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The suitability-match opinion's rows (item, value), in Chinese.

type OpinionSource = {
  customer_no: string;
  customer_name: string;
  category: 'ordinary' | 'professional';
  customer_level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | null;
  customer_lowest: number;
  assessed_at: string | null;
  expires_at: string | null;
  q_version: number | null;
  product_code: string;
  product_name: string;
  product_level: 'R1' | 'R2' | 'R3' | 'R4' | 'R5';
  kind: 'recommend' | 'customer_initiated';
  outcome: 'allowed' | 'warn' | 'needs_approval';
  reasons: string;
  warning_version: string | null;
  ack_name: string | null;
  ack_at: string | null;
  approved_name: string | null;
  created_name: string | null;
  created_at: string;
  review_status: 'open' | 'reviewed' | null;
};

export function opinionRows(db: Sqlite, recommendationId: string): [string, string][] {
  const r = one<OpinionSource>(
    db,
    `SELECT c.customer_no, c.name AS customer_name, r.category, r.customer_level, r.customer_lowest, a.assessed_at, a.expires_at, a.questionnaire_version AS q_version,
       p.code AS product_code, p.name AS product_name, r.product_level, r.kind, r.outcome, r.reasons, r.warning_version, ua.display_name AS ack_name, r.ack_at,
       up.display_name AS approved_name, uc.display_name AS created_name, r.created_at,
       (SELECT v.status FROM compliance_reviews v WHERE v.recommendation_id = r.id AND v.deleted_at IS NULL ORDER BY v.created_at DESC LIMIT 1) AS review_status
     FROM recommendations r JOIN customers c ON c.id = r.customer_id JOIN products p ON p.id = r.product_id
     LEFT JOIN risk_assessments a ON a.id = r.assessment_id
     LEFT JOIN users ua ON ua.id = r.ack_by LEFT JOIN users up ON up.id = r.approved_by LEFT JOIN users uc ON uc.id = r.created_by
     WHERE r.id = ?`,
    recommendationId,
  )!;
  const reasons = (JSON.parse(r.reasons) as RuleCode[]).map((c) => L[`suitability.rule.${c}`]).join('；');
  const yesNo = (b: boolean) => (b ? L['suitability.opinion.yes'] : L['suitability.opinion.no']);
  const dt = (s: string | null) => (s ? shanghaiDateTime(s) : '');
  const rows: [string, string][] = [
    [L['suitability.opinion.customerNo'], r.customer_no],
    [L['suitability.opinion.customerName'], r.customer_name],
    [L['suitability.opinion.category'], zhCN[`customer.investorCategory.${r.category}`]],
    [L['suitability.opinion.customerLevel'], r.customer_level ? zhCN[`riskLevel.${r.customer_level}`] : L['suitability.opinion.none']],
    [L['suitability.opinion.lowest'], yesNo(r.customer_lowest === 1)],
    [L['suitability.opinion.assessedAt'], r.assessed_at ? shanghaiDateTime(r.assessed_at).slice(0, 10) : L['suitability.opinion.none']],
    [L['suitability.opinion.expiresAt'], r.expires_at ?? L['suitability.opinion.none']],
    [L['suitability.opinion.questionnaireVersion'], r.q_version === null ? L['suitability.opinion.none'] : String(r.q_version)],
    [L['suitability.opinion.productCode'], r.product_code],
    [L['suitability.opinion.productName'], r.product_name],
    [L['suitability.opinion.productLevel'], L[`suitability.productRisk.${r.product_level}`]],
    [L['suitability.opinion.kind'], L[`suitability.recKind.${r.kind}`]],
    [L['suitability.opinion.outcome'], L[`suitability.outcome.${r.outcome}`]],
    [L['suitability.opinion.reasons'], reasons || L['suitability.opinion.none']],
    [L['suitability.opinion.warningVersion'], r.warning_version ?? L['suitability.opinion.none']],
    [L['suitability.opinion.ackBy'], r.ack_name ?? ''],
    [L['suitability.opinion.ackAt'], dt(r.ack_at)],
    [L['suitability.opinion.approvedBy'], r.approved_name ?? ''],
    [L['suitability.opinion.review'], r.review_status ? L[`suitability.reviewStatus.${r.review_status}`] : L['suitability.opinion.none']],
    [L['suitability.opinion.createdBy'], r.created_name ?? ''],
    [L['suitability.opinion.createdAt'], dt(r.created_at)],
    [L['suitability.opinion.conclusion'], L[`suitability.opinion.text.${r.outcome}`]],
  ];
  return rows;
}
