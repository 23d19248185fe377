import { partLedger } from '../files/part-files';
import { v7 as uuidv7 } from 'uuid';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { JobCtx, JobImpl, JobParams, JobResult, JobScope } from '../jobs/job-types';
import { widenJobCache } from '../jobs/job-cache';
import { levelCovers } from '../../src-shared/suitability/rules';
import type { CustomerRiskLevel, ProductRiskLevel } from '../../src-shared/suitability/suitability-fields';
import { suitabilityZhCN as L } from '../../src-shared/i18n/parts/suitability';
import { zhCN } from '../../src-shared/i18n/zh-CN';
import { shanghaiToday } from '../customers/customers.queries';
import type { TableColumn } from '../exports/table-writer';
import { addDays, branchesOf, expiredPage, reportRows, shanghaiDateTime } from './reports.queries';
import { all, one, readSuitabilitySettings, recomputeDerived, stmt } from './suitability.queries';
import type { SuitabilityJobParams } from './suitability-job-params';

/** Rows per write transaction: short enough that main's writes never wait long for the lock. */
export const BATCH = 5_000;
/** A review task raised by a product's risk rise is due this many days later. */
export const REVIEW_TASK_DUE_DAYS = 7;

/**
 * The product-level-rise cascade (issue 7 §1). For the change `riskChangeId` (product P rose to
 * level R): every customer holding P in their account's latest holdings snapshot, or with an
 * active recommendation of P, whose risk tolerance no longer covers R, gets one compliance
 * review; each account manager with such customers gets ONE `suitability_review` task naming
 * how many (`tasks.customers` lists them), not one per customer: a widely held product would
 * otherwise bury a manager's task list under hundreds of identical tasks, and double the
 * cascade's writes.
 *
 * Idempotent: a customer who already has a review (or task) for this change gets no second one,
 * so a cancelled or repeated run completes what is missing. Reads first (the holders, in one
 * pass over the product's index), then writes in batches of BATCH customers, each its own
 * transaction with a checkpoint: a cancel keeps the batches already written (each is whole),
 * and a rerun adds the rest.
 */
export function riskRiseJob(p: JobParams['products.riskRise'], ctx: JobCtx): JobResult {
  const db = ctx.db.sqlite;
  const change = one<{ product_id: string; from_level: ProductRiskLevel | null; to_level: ProductRiskLevel }>(db, `SELECT product_id, from_level, to_level FROM product_risk_changes WHERE id = ?`, p.riskChangeId);
  const product = one<{ code: string; name: string }>(db, `SELECT code, name FROM products WHERE id = ?`, p.productId);
  if (!change || !product) return { candidates: 0, reviews: 0, tasks: 0, stillCovered: 0 };
  ctx.progress(0, null, 'find');

  // Holders: the product in each account's latest snapshot (holdings_product, then the PK for max(as_of)).
  const candidates = new Map<string, { holder: boolean; recId: string | null }>();
  for (const id of stmt(db, HOLDERS_SQL).pluck().iterate(product.code) as IterableIterator<string>) candidates.set(id, { holder: true, recId: null });
  for (const r of all<{ id: string; customer_id: string }>(db, `SELECT id, customer_id FROM recommendations WHERE product_id = ? AND status = 'active' AND deleted_at IS NULL ORDER BY created_at`, p.productId)) {
    const c = candidates.get(r.customer_id);
    if (c) c.recId = r.id;
    else candidates.set(r.customer_id, { holder: false, recId: r.id });
  }
  ctx.checkpoint();
  // 178k captured rows for a widely held product: reviews, tasks, their indexes, the op log.
  const cache = widenJobCache(ctx, CASCADE_CACHE_MIB);
  try {
    return cascadeWrites(ctx, p, change, product, candidates);
  } finally {
    db.pragma(`cache_size = ${cache}`);
  }
}

/** The page cache the cascade may size to the database (as an import's apply does). */
const CASCADE_CACHE_MIB = 256;

function cascadeWrites(
  ctx: JobCtx,
  p: JobParams['products.riskRise'],
  change: { from_level: ProductRiskLevel | null; to_level: ProductRiskLevel },
  product: { code: string; name: string },
  candidates: Map<string, { holder: boolean; recId: string | null }>,
): JobResult {
  const db = ctx.db.sqlite;
  // In id order: the batches then read customers and write the customer-keyed indexes
  // (tasks_customer, the source indexes) in key order, not at random pages (1M customers).
  const ids = [...candidates.keys()].sort();
  const total = ids.length;
  const now = ctx.now();
  const at = now.toISOString();
  const due = addDays(shanghaiToday(now), REVIEW_TASK_DUE_DAYS);
  const titleParams = JSON.stringify({ productCode: product.code, productName: product.name, from: change.from_level ?? '', to: change.to_level });
  const readBatch = stmt(
    db,
    `SELECT c.id, c.branch_id, c.manager_id, c.investor_category, c.risk_level, c.risk_lowest
     FROM json_each(?) j CROSS JOIN customers c ON c.id = j.value WHERE c.deleted_at IS NULL`,
  );
  // Set-based per batch: one INSERT … SELECT over the batch's JSON for each table, skipping
  // customers who already have one for this change (the rerun case).
  const insReviews = stmt(db, CASCADE_REVIEWS_SQL);

  let reviews = 0;
  let tasks = 0;
  let stillCovered = 0;
  ctx.progress(0, total, 'review');
  for (let i = 0; i < total; i += BATCH) {
    ctx.checkpoint();
    const rows = readBatch.all(JSON.stringify(ids.slice(i, i + BATCH))) as {
      id: string;
      branch_id: string;
      manager_id: string | null;
      investor_category: 'ordinary' | 'professional';
      risk_level: CustomerRiskLevel | null;
      risk_lowest: number;
    }[];
    // [review id, task id, customer, branch, manager, recommendation, reason, customer level]
    const affected: (string | null)[][] = [];
    for (const c of rows) {
      if (levelCovers({ category: c.investor_category, level: c.risk_level, lowest: c.risk_lowest === 1 }, change.to_level)) {
        stillCovered += 1;
        continue;
      }
      const cand = candidates.get(c.id)!;
      affected.push([uuidv7(), uuidv7(), c.id, c.branch_id, c.manager_id, cand.recId, cand.holder ? 'risk_rise_holding' : 'risk_rise_recommendation', c.risk_level]);
    }
    const params = { rows: JSON.stringify(affected), change: p.riskChangeId, product: p.productId, level: change.to_level, at, due, title: titleParams, user: ctx.userId };
    reviews += ctx.write(() => insReviews.run(params).changes);
    ctx.progress(Math.min(i + BATCH, total), total, 'review');
  }
  // One task per manager, counting the change's open reviews of their customers (a rerun
  // after a cancel counts them all, and adds no second task).
  tasks = ctx.write(() => {
    const groups = stmt(db, CASCADE_TASK_GROUPS_SQL).all({ change: p.riskChangeId }) as { manager_id: string; branch_id: string; n: number }[];
    const ins = stmt(db, CASCADE_TASK_SQL);
    const title = JSON.parse(titleParams) as Record<string, string>;
    for (const g of groups) ins.run(uuidv7(), g.manager_id, g.branch_id, due, p.riskChangeId, JSON.stringify({ ...title, count: g.n }), ctx.userId, at, at);
    return groups.length;
  });
  return { candidates: total, reviews, tasks, stillCovered };
}

/** The cascade's writes for one batch (`@rows`: JSON [review id, task id, customer, branch, manager, recommendation, reason, level]). */
export const CASCADE_REVIEWS_SQL = `INSERT INTO compliance_reviews (id, customer_id, branch_id, source, source_id, recommendation_id, product_id, reason, customer_level, product_level, status,
     reviewer_id, reviewed_at, note, created_at, updated_at, deleted_at)
   SELECT j.value ->> 0, j.value ->> 2, j.value ->> 3, 'product_risk_rise', @change, j.value ->> 5, @product, j.value ->> 6, j.value ->> 7, @level, 'open',
     NULL, NULL, NULL, @at, @at, NULL
   FROM json_each(@rows) j
   WHERE NOT EXISTS (SELECT 1 FROM compliance_reviews v WHERE v.source_id = @change AND v.customer_id = j.value ->> 2 AND v.deleted_at IS NULL)`;
/** After the reviews: the managers (and branch) with open reviews of this change and no task for it yet, with how many. */
export const CASCADE_TASK_GROUPS_SQL = `SELECT c.manager_id, r.branch_id, count(*) AS n FROM compliance_reviews r JOIN customers c ON c.id = r.customer_id
   WHERE r.source_id = @change AND r.deleted_at IS NULL AND c.manager_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.source_id = @change AND t.owner_id = c.manager_id AND t.kind = 'suitability_review' AND t.deleted_at IS NULL)
   GROUP BY c.manager_id, r.branch_id`;
const CASCADE_TASK_SQL = `INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, status, source, source_id, title_key, title_params, created_by, created_at, updated_at, deleted_at)
   VALUES (?, ?, ?, NULL, 'suitability_review', ?, 'open', 'product_risk_rise', ?, 'suitability.task.riskRiseMany', ?, ?, ?, ?, NULL)`;

/** The customers holding a product in their account's latest snapshot (also the bench's bare baseline). */
export const HOLDERS_SQL = `SELECT DISTINCT h.customer_id FROM holdings h
  WHERE h.product_code = ? AND h.quantity > 0 AND h.as_of = (SELECT max(h2.as_of) FROM holdings h2 WHERE h2.account_no = h.account_no)`;

/**
 * Re-assessment reminders: for every customer in scope whose assessment expires within the
 * lead days (a setting, default 30; from today, so already expired ones are the compliance
 * view's business), one open `reassess` task for their account manager, due on the expiry day.
 * Idempotent: none when the customer already has an open re-assessment task, or had one for
 * the same assessment (done or cancelled).
 */
export function expiringJob(p: JobParams['suitability.expiring'], ctx: JobCtx): JobResult {
  const db = ctx.db.sqlite;
  const { reassessLeadDays } = readSuitabilitySettings(db);
  const now = ctx.now();
  const today = shanghaiToday(now);
  const until = addDays(today, reassessLeadDays);
  type Row = { id: string; branch_id: string; manager_id: string | null; risk_expires_at: string; risk_level: string | null };
  const found: Row[] = [];
  ctx.progress(0, null, 'find');
  const cols = `SELECT id, branch_id, manager_id, risk_expires_at, risk_level FROM customers`;
  if (p.scope.kind === 'own') {
    found.push(...all<Row>(db, `${cols} WHERE manager_id = ? AND deleted_at IS NULL AND risk_expires_at BETWEEN ? AND ?`, p.scope.managerId, today, until));
  } else {
    for (const b of branchesOf(db, p.scope, null)) {
      ctx.checkpoint();
      found.push(...all<Row>(db, `${cols} WHERE branch_id = ? AND deleted_at IS NULL AND risk_expires_at BETWEEN ? AND ?`, b.id, today, until));
    }
  }
  const latest = stmt(db, `SELECT id FROM risk_assessments WHERE customer_id = ? AND deleted_at IS NULL ORDER BY assessed_at DESC, id DESC LIMIT 1`).pluck();
  const openTask = stmt(db, `SELECT 1 FROM tasks WHERE customer_id = ? AND status = 'open' AND kind = 'reassess' AND deleted_at IS NULL LIMIT 1`).pluck();
  const sameSource = stmt(db, `SELECT 1 FROM tasks WHERE source_id = ? AND customer_id = ? AND kind = 'reassess' AND deleted_at IS NULL LIMIT 1`).pluck();
  const ins = stmt(
    db,
    `INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, status, source, source_id, title_key, title_params, created_by, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, 'reassess', ?, 'open', 'assessment', ?, 'suitability.task.reassess', ?, ?, ?, ?, NULL)`,
  );
  const at = now.toISOString();
  let created = 0;
  ctx.progress(0, found.length, 'tasks');
  for (let i = 0; i < found.length; i += BATCH) {
    ctx.checkpoint();
    const batch = found.slice(i, i + BATCH);
    created += ctx.write(() => {
      let n = 0;
      for (const c of batch) {
        const source = (latest.get(c.id) as string | undefined) ?? null;
        if (openTask.get(c.id)) continue;
        if (source !== null && sameSource.get(source, c.id)) continue;
        ins.run(uuidv7(), c.manager_id, c.branch_id, c.id, c.risk_expires_at, source, JSON.stringify({ expiresAt: c.risk_expires_at }), ctx.userId, at, at);
        n += 1;
      }
      return n;
    });
    ctx.progress(Math.min(i + BATCH, found.length), found.length, 'tasks');
  }
  return { expiring: found.length, created };
}

/** Derive every assessed customer's risk fields again from their latest assessment (after a bundle, or a repair). */
export function recomputeJob(_p: JobParams['suitability.recompute'], ctx: JobCtx): JobResult {
  const db = ctx.db.sqlite;
  ctx.progress(0, null, 'find');
  const ids = stmt(db, `SELECT DISTINCT customer_id FROM risk_assessments WHERE deleted_at IS NULL`).pluck().all() as string[];
  let changed = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    ctx.checkpoint();
    const batch = ids.slice(i, i + BATCH);
    changed += ctx.write(() => batch.reduce((n, id) => n + (recomputeDerived(db, id) ? 1 : 0), 0));
    ctx.progress(Math.min(i + BATCH, ids.length), ids.length, 'recompute');
  }
  return { customers: ids.length, changed };
}

// ---------------------------------------------------------------------------------------------
// Exports of the compliance views.

function scopeWhere(scope: JobScope, alias: string, branchId: string | null): { sql: string; params: string[] } {
  const out: string[] = [];
  const params: string[] = [];
  if (scope.kind === 'branch') (out.push(`${alias}.branch_id = ?`), params.push(scope.branchId));
  if (scope.kind === 'own') (out.push(`c.manager_id = ?`), params.push(scope.managerId));
  if (branchId !== null) (out.push(`${alias}.branch_id = ?`), params.push(branchId));
  return { sql: out.length ? out.join(' AND ') : '1', params };
}

const col = (key: string, type: TableColumn['type'] = 'text'): TableColumn => ({ header: (L as Record<string, string>)[`suitability.export.col.${key}`] ?? key, type });
const lbl = (key: string): string => (L as Record<string, string>)[key] ?? (zhCN as Record<string, string>)[key] ?? key;
const reasonsText = (json: string) => (JSON.parse(json) as string[]).map((c) => lbl(`suitability.rule.${c}`)).join('；');

const EXPORT_PAGE = 1000;

/**
 * `sql`'s rows (it selects `created_at` and `key_id` of the table `alias`, and ends in its WHERE)
 * in (created_at, id) order, a page of EXPORT_PAGE at a time. Pages, not one open cursor: the job
 * writes its progress row on this connection between them, which an open cursor would refuse
 * ("connection is busy").
 */
function* keysetPages<R extends Record<string, unknown>>(db: BetterSqlite3.Database, sql: string, alias: string, params: readonly unknown[]): Generator<R[]> {
  const first = stmt(db, `${sql} ORDER BY ${alias}.created_at, ${alias}.id LIMIT ${EXPORT_PAGE}`);
  const next = stmt(db, `${sql} AND (${alias}.created_at, ${alias}.id) > (?, ?) ORDER BY ${alias}.created_at, ${alias}.id LIMIT ${EXPORT_PAGE}`);
  let page = first.all(...params) as R[];
  for (;;) {
    yield page;
    if (page.length < EXPORT_PAGE) return;
    const last = page[page.length - 1]!;
    page = next.all(...params, last.created_at, last.key_id) as R[];
  }
}

export async function exportJob(p: SuitabilityJobParams['suitability.export'], ctx: JobCtx): Promise<JobResult> {
  const db = ctx.db.sqlite;
  const started = Date.now();
  const today = shanghaiToday(ctx.now());
  const cover = L['suitability.export.cover'].replace('{{view}}', L[`suitability.export.view.${p.view}`]).replace('{{at}}', shanghaiDateTime(ctx.now().toISOString())).replace('{{by}}', p.userName);
  const { openTableWriter } = await import('../exports/table-writer');
  const open = (columns: TableColumn[]) => openTableWriter(p.path, p.format, { sheetName: L[`suitability.export.view.${p.view}`], cover, columns, parts: partLedger(db) });
  let rows = 0;
  ctx.progress(0, null, p.view);

  if (p.view === 'reviews') {
    const s = scopeWhere(p.scope, 'v', p.branchId);
    const w = await open([col('branch'), col('customerNo'), col('customerName'), col('source'), col('reason'), col('productCode'), col('productName'), col('customerLevel'), col('productLevel'), col('status'), col('createdAt', 'datetime'), col('reviewer'), col('reviewedAt', 'datetime'), col('note')]);
    try {
      const sql = `SELECT o.name AS branch, c.customer_no, c.name, v.source, v.reason, p.code, p.name AS pname, v.customer_level, v.product_level, v.status, v.created_at, u.display_name AS reviewer, v.reviewed_at, v.note, v.id AS key_id
         FROM compliance_reviews v JOIN customers c ON c.id = v.customer_id JOIN org_units o ON o.id = v.branch_id LEFT JOIN products p ON p.id = v.product_id LEFT JOIN users u ON u.id = v.reviewer_id
         WHERE v.deleted_at IS NULL AND ${s.sql}`;
      for (const page of keysetPages<Record<string, string | null>>(db, sql, 'v', s.params)) {
        ctx.checkpoint();
        for (const r of page) {
          await w.add([r.branch, r.customer_no, r.name, lbl(`suitability.reviewSource.${r.source}`), lbl(`suitability.reviewReason.${r.reason}`), r.code, r.pname, r.customer_level, r.product_level, lbl(`suitability.reviewStatus.${r.status}`), r.created_at, r.reviewer, r.reviewed_at, r.note]);
        }
        rows += page.length;
        ctx.progress(rows, null, p.view);
      }
      await w.close();
    } catch (e) {
      await w.abort();
      throw e;
    }
  } else if (p.view === 'recommendations') {
    const s = scopeWhere(p.scope, 'r', p.branchId);
    const w = await open([col('branch'), col('customerNo'), col('customerName'), col('productCode'), col('productName'), col('kind'), col('outcome'), col('reasons'), col('customerLevel'), col('productLevel'), col('amount', 'money'), col('warningVersion'), col('ackBy'), col('approvedBy'), col('status'), col('createdBy'), col('createdAt', 'datetime')]);
    try {
      const sql = `SELECT o.name AS branch, c.customer_no, c.name, p.code, p.name AS pname, r.kind, r.outcome, r.reasons, r.customer_level, r.product_level, r.amount_fen, r.warning_version,
           ua.display_name AS ack, up.display_name AS appr, r.status, uc.display_name AS creator, r.created_at, r.id AS key_id
         FROM recommendations r JOIN customers c ON c.id = r.customer_id JOIN org_units o ON o.id = r.branch_id JOIN products p ON p.id = r.product_id
         LEFT JOIN users ua ON ua.id = r.ack_by LEFT JOIN users up ON up.id = r.approved_by LEFT JOIN users uc ON uc.id = r.created_by
         WHERE r.deleted_at IS NULL AND ${s.sql}`;
      for (const page of keysetPages<Record<string, string | number | null>>(db, sql, 'r', s.params)) {
        ctx.checkpoint();
        for (const r of page) {
          await w.add([r.branch, r.customer_no, r.name, r.code, r.pname, lbl(`suitability.recKind.${r.kind}`), lbl(`suitability.outcome.${r.outcome}`), reasonsText(String(r.reasons)), r.customer_level, r.product_level, r.amount_fen, r.warning_version, r.ack, r.appr, lbl(`suitability.recStatus.${r.status}`), r.creator, r.created_at]);
        }
        rows += page.length;
        ctx.progress(rows, null, p.view);
      }
      await w.close();
    } catch (e) {
      await w.abort();
      throw e;
    }
  } else if (p.view === 'expired') {
    const w = await open([col('branch'), col('customerNo'), col('customerName'), col('manager'), col('customerLevel'), col('expiresAt', 'date')]);
    try {
      let after: [string, number] | null = null;
      for (;;) {
        ctx.checkpoint();
        const page = expiredPage(db, p.scope, p.branchId, today, after, 1000);
        for (const r of page) await w.add([r.branch_name, r.customer_no, r.name, r.manager_name, r.risk_level, r.risk_expires_at]);
        rows += page.length;
        ctx.progress(rows, null, p.view);
        if (page.length < 1000) break;
        const last = page[page.length - 1]!;
        after = [last.risk_expires_at, last.seq];
      }
      await w.close();
    } catch (e) {
      await w.abort();
      throw e;
    }
  } else {
    const w = await open([col('branch'), col('customers', 'int'), col('assessed', 'int'), col('expired', 'int'), col('missing', 'int'), col('lowest', 'int'), col('professional', 'int'), col('pendingReviews', 'int'), col('recAllowed', 'int'), col('recWarn', 'int'), col('recApproved', 'int')]);
    try {
      for (const r of reportRows(db, p.scope, p.branchId, today)) {
        await w.add([r.branchName, r.customers, r.assessed, r.expired, r.missing, r.lowest, r.professional, r.pendingReviews, r.recAllowed, r.recWarn, r.recApproved]);
        rows += 1;
      }
      await w.close();
    } catch (e) {
      await w.abort();
      throw e;
    }
  }
  ctx.progress(rows, rows, p.view);
  return { rows, format: p.format, seconds: (Date.now() - started) / 1000 };
}

export const SUITABILITY_JOBS: { [K in keyof SuitabilityJobParams]: JobImpl<K> } = {
  'products.riskRise': riskRiseJob,
  'suitability.expiring': expiringJob,
  'suitability.recompute': recomputeJob,
  'suitability.export': exportJob,
};
