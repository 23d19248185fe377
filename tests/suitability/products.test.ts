import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { writeTxSync } from '../../src-main/db/tx';
import { RISK_WARNING_VERSION } from '../../src-shared/suitability/suitability-fields';
import { assessed, count, customer, holds, product, setProfessional } from './fixtures';

let t: TestApp;
afterEach(() => t?.close());

const codeOf = (t: TestApp, id: string) => t.db.sqlite.prepare(`SELECT code FROM products WHERE id = ?`).pluck().get(id) as string;
const codeOf2 = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('products (HQ master data)', () => {
  it('HQ creates and edits with a version check; a branch cannot; every role may read', async () => {
    t = await makeTestApp();
    const analyst = await t.login('analyst');
    const bm1 = await t.login('bm1');
    const op1 = await t.login('op1');
    const created = await t.ok(analyst, 'products.save', { code: 'F0001', name: '稳健债券基金', type: 'fund', riskLevel: 'R2', variety: 'fund', horizon: 'medium', minAmountFen: 100_000, saleStart: '2025-01-01', status: 'on_sale', documents: ['基金合同', '招募说明书'] });
    expect(created.cascadeJobId).toBeNull();
    expect(created.product).toMatchObject({ code: 'F0001', riskLevel: 'R2', version: 1, documents: ['基金合同', '招募说明书'], minAmountFen: 100_000, status: 'on_sale' });
    const denied = await t.call(bm1, 'products.save', { code: 'F0002', name: 'x', type: 'fund', riskLevel: 'R1' });
    expect(denied.ok ? 'ok' : denied.error.code).toBe('FORBIDDEN');
    expect((await t.ok(op1, 'products.get', { id: created.product.id })).product.code).toBe('F0001');

    const taken = await t.call(analyst, 'products.save', { code: 'F0001', name: '另一只', type: 'fund', riskLevel: 'R1' });
    expect(taken.ok ? 'ok' : `${taken.error.code} ${taken.error.issues?.[0]?.path.join('.')}`).toBe('CONFLICT code');

    const edited = await t.ok(analyst, 'products.save', { id: created.product.id, version: 1, code: 'F0001', name: '稳健债券基金A', type: 'fund', riskLevel: 'R2', status: 'on_sale' });
    expect(edited.product.version).toBe(2);
    const stale = await t.call(analyst, 'products.save', { id: created.product.id, version: 1, code: 'F0001', name: '旧版本', type: 'fund', riskLevel: 'R2' });
    expect(stale.ok ? 'ok' : `${stale.error.code} ${stale.error.message}`).toBe('STALE error.suitability.productStale');
    const noReason = await t.call(analyst, 'products.save', { id: created.product.id, version: 2, code: 'F0001', name: '稳健债券基金A', type: 'fund', riskLevel: 'R1' });
    expect(noReason.ok ? 'ok' : noReason.error.issues?.[0]?.message).toBe('validation.suitability.riskChangeReason');
    const lowered = await t.ok(analyst, 'products.save', { id: created.product.id, version: 2, code: 'F0001', name: '稳健债券基金A', type: 'fund', riskLevel: 'R1', riskChangeReason: '持仓调整' });
    expect(lowered.cascadeJobId).toBeNull(); // a lowering starts no cascade
    const got = await t.ok(analyst, 'products.get', { id: created.product.id });
    expect(got.riskHistory.map((h) => [h.from, h.to, h.reason, h.byName])).toEqual([
      ['R2', 'R1', '持仓调整', '总部分析师'],
      [null, 'R2', null, '总部分析师'],
    ]);
  });

  it('lists by code with keyset pages and filters', async () => {
    t = await makeTestApp();
    const analyst = await t.login('analyst');
    for (const [code, level, type] of [['B01', 'R1', 'bond'], ['F01', 'R3', 'fund'], ['F02', 'R4', 'fund'], ['W01', 'R2', 'wealth'], ['F03', 'R3', 'fund']] as const) {
      await t.ok(analyst, 'products.save', { code, name: `产品${code}`, type, riskLevel: level, status: 'on_sale' });
    }
    const p1 = await t.ok(analyst, 'products.list', { limit: 2 });
    expect(p1.rows.map((r) => r.code)).toEqual(['B01', 'F01']);
    const p2 = await t.ok(analyst, 'products.list', { limit: 2, after: p1.nextCursor! });
    expect(p2.rows.map((r) => r.code)).toEqual(['F02', 'F03']);
    const p3 = await t.ok(analyst, 'products.list', { limit: 2, after: p2.nextCursor! });
    expect(p3).toMatchObject({ nextCursor: null });
    expect(p3.rows.map((r) => r.code)).toEqual(['W01']);
    expect((await t.ok(analyst, 'products.list', { type: 'fund', riskLevel: 'R3' })).rows.map((r) => r.code)).toEqual(['F01', 'F03']);
    expect((await t.ok(analyst, 'products.list', { q: 'F0' })).rows.map((r) => r.code)).toEqual(['F01', 'F02', 'F03']);
    expect((await t.ok(analyst, 'products.list', { q: '品W' })).rows.map((r) => r.code)).toEqual(['W01']);
    const bad = await t.call(analyst, 'products.list', { after: 'garbage' });
    expect(bad.ok ? 'ok' : bad.error.issues?.[0]?.message).toBe('validation.cursor');
  });
});

describe('a product risk level rise (the cascade job)', () => {
  it('reviews for exactly the holders and open recommendations it no longer suits, one task per manager; a rerun adds nothing', async () => {
    t = await makeTestApp();
    const analyst = await t.login('analyst');
    const am1 = await t.login('am1');
    const pid = await product(t, 'R2');
    const code = codeOf(t, pid);
    const c = (level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5', o: { lowest?: boolean; manager?: string | null } = {}) => {
      const id = customer(t, o.manager === undefined ? {} : { manager: o.manager });
      assessed(t, id, { level, lowest: o.lowest, expiresAt: '2099-12-31' });
      return id;
    };
    const holderC2 = c('C2'); // holds it: R3 > C2 → review
    const holderC3 = c('C3'); // holds it: still covered
    const holderLowest = c('C1', { lowest: true }); // holds it: lowest → review
    const holderPro = c('C1');
    setProfessional(t, holderPro); // professional: covered
    const soldOut = c('C2'); // held it on an older date only: not a holder now
    const recC2 = c('C2', { manager: t.users.am1b!.id }); // open recommendation, R3 > C2 → review
    const recClosed = c('C2'); // closed recommendation: nothing
    holds(t, [
      { customerId: holderC2, accountNo: '600000000001', productCode: code },
      { customerId: holderC2, accountNo: '600000000002', productCode: code }, // two accounts, one review
      { customerId: holderC3, accountNo: '600000000003', productCode: code },
      { customerId: holderLowest, accountNo: '600000000004', productCode: code },
      { customerId: holderPro, accountNo: '600000000005', productCode: code },
      { customerId: soldOut, accountNo: '600000000006', productCode: code, asOf: '2025-05-01' },
      { customerId: soldOut, accountNo: '600000000006', productCode: 'OTHER', asOf: '2025-05-30' },
    ]);
    const am1b = await t.login('am1b');
    await t.ok(am1b, 'recommendations.create', { customerId: recC2, productId: pid, kind: 'recommend' });
    const closed = await t.ok(am1, 'recommendations.create', { customerId: recClosed, productId: pid, kind: 'recommend' });
    await t.ok(am1, 'recommendations.close', { id: closed.id });

    const saved = await t.ok(analyst, 'products.save', { id: pid, version: 1, code, name: '测试产品', type: 'fund', riskLevel: 'R3', status: 'on_sale', riskChangeReason: '底层资产调整' });
    expect(saved.cascadeJobId).not.toBeNull();
    await t.app.jobs.wait(saved.cascadeJobId!);
    const job = await t.ok(analyst, 'jobs.get', { id: saved.cascadeJobId! });
    expect(job).toMatchObject({ status: 'done', result: { candidates: 5, reviews: 3, tasks: 2, stillCovered: 2 } });

    const reviews = t.db.sqlite.prepare(`SELECT customer_id, reason, customer_level, product_level, recommendation_id IS NOT NULL AS has_rec, source FROM compliance_reviews ORDER BY customer_id`).all();
    expect(reviews).toEqual(
      [
        { customer_id: holderC2, reason: 'risk_rise_holding', customer_level: 'C2', product_level: 'R3', has_rec: 0, source: 'product_risk_rise' },
        { customer_id: holderLowest, reason: 'risk_rise_holding', customer_level: 'C1', product_level: 'R3', has_rec: 0, source: 'product_risk_rise' },
        { customer_id: recC2, reason: 'risk_rise_recommendation', customer_level: 'C2', product_level: 'R3', has_rec: 1, source: 'product_risk_rise' },
      ].sort((a, b) => a.customer_id.localeCompare(b.customer_id)),
    );
    // One task per manager, naming how many of their customers; tasks.customers lists them.
    const tasks = t.db.sqlite.prepare(`SELECT customer_id, owner_id, kind, title_key, json_extract(title_params, '$.count') AS n FROM tasks ORDER BY n DESC`).all();
    expect(tasks).toEqual([
      { customer_id: null, owner_id: t.users.am1!.id, kind: 'suitability_review', title_key: 'suitability.task.riskRiseMany', n: 2 },
      { customer_id: null, owner_id: t.users.am1b!.id, kind: 'suitability_review', title_key: 'suitability.task.riskRiseMany', n: 1 },
    ]);
    // The manager sees the task in their list, with its catalogue params, and its customers.
    const mine = await t.ok(am1b, 'tasks.list', {});
    expect(mine.rows).toHaveLength(1);
    expect(mine.rows[0]!.titleParams).toEqual({ productCode: code, productName: '测试产品', from: 'R2', to: 'R3', count: 1 });
    const listed = await t.ok(am1b, 'tasks.customers', { id: mine.rows[0]!.id });
    expect(listed.rows.map((r) => r.customerId)).toEqual([recC2]);
    const am1Task = (await t.ok(am1, 'tasks.list', {})).rows[0]!;
    expect((await t.ok(am1, 'tasks.customers', { id: am1Task.id })).rows.map((r) => r.customerId).sort()).toEqual([holderC2, holderLowest].sort());
    // Another manager cannot list them.
    expect(codeOf2(await t.call(am1b, 'tasks.customers', { id: am1Task.id }))).toBe('OUT_OF_SCOPE');

    // Idempotent: the same change run again adds nothing.
    const riskChangeId = t.db.sqlite.prepare(`SELECT id FROM product_risk_changes WHERE product_id = ? AND to_level = 'R3'`).pluck().get(pid) as string;
    const again = await t.app.jobs.enqueue(t.db.kysely, (fn) => fn(), { kind: 'products.riskRise', params: { productId: pid, riskChangeId }, userId: t.users.analyst!.id, clientId: 'x' });
    await t.app.jobs.wait(again);
    expect(count(t, `SELECT count(*) FROM compliance_reviews`)).toBe(3);
    expect(count(t, `SELECT count(*) FROM tasks`)).toBe(2);
  });

  it('compliance sees the cascade and the customer-initiated mismatches in its queue, and reviews them', async () => {
    t = await makeTestApp();
    const am1 = await t.login('am1');
    const comp1 = await t.login('comp1');
    const comp2Scope = await t.login('hqcomp');
    const pid = await product(t, 'R4');
    const c = customer(t);
    assessed(t, c, { level: 'C2', expiresAt: '2099-12-31' });
    const rec = await t.ok(am1, 'recommendations.create', { customerId: c, productId: pid, kind: 'customer_initiated', warningAck: { version: RISK_WARNING_VERSION } });
    const q = await t.ok(comp1, 'compliance.queue', {});
    expect(q.rows.map((r) => [r.recommendationId, r.reason, r.customerLevel, r.productLevel, r.branchName])).toEqual([[rec.id, 'customer_initiated_mismatch', 'C2', 'R4', '上海浦东营业部']]);
    expect((await t.ok(comp2Scope, 'compliance.queue', {})).rows).toHaveLength(1);
    const am = await t.call(am1, 'compliance.queue', {});
    expect(am.ok ? 'ok' : am.error.code).toBe('FORBIDDEN');
    const reviewed = await t.ok(comp1, 'compliance.review', { id: q.rows[0]!.id, note: '已回访，客户确认知悉风险' });
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewerName: '刘合规', note: '已回访，客户确认知悉风险' });
    expect((await t.ok(comp1, 'compliance.queue', {})).rows).toEqual([]);
    expect((await t.ok(comp1, 'compliance.queue', { status: 'reviewed' })).rows).toHaveLength(1);
    const twice = await t.call(comp1, 'compliance.review', { id: q.rows[0]!.id, note: '再次' });
    expect(twice.ok ? 'ok' : twice.error.message).toBe('error.suitability.alreadyReviewed');
    expect((await t.ok(am1, 'recommendations.list', { customerId: c })).rows[0]!.reviewStatus).toBe('reviewed');
  });
});

describe('the derived cache', () => {
  it('the recompute job derives every assessed customer again from the latest assessment', async () => {
    t = await makeTestApp();
    const a = customer(t);
    const b = customer(t);
    assessed(t, a, { level: 'C4', expiresAt: '2099-12-31' });
    // Someone wrote the cache by hand (or a bundle carried an old value): the job repairs it.
    writeTxSync(t.db, 'x', () => t.db.sqlite.prepare(`UPDATE customers SET risk_level = 'C1' WHERE id = ?`).run(a), 'uncaptured');
    const admin = await t.login('admin');
    const { jobId } = await t.ok(admin, 'suitability.recompute', {});
    await t.app.jobs.wait(jobId);
    expect((await t.ok(admin, 'jobs.get', { id: jobId })).result).toEqual({ customers: 1, changed: 1 });
    expect(t.db.sqlite.prepare(`SELECT risk_level FROM customers WHERE id = ?`).pluck().get(a)).toBe('C4');
    expect(t.db.sqlite.prepare(`SELECT risk_level FROM customers WHERE id = ?`).pluck().get(b)).toBeNull();
  });
});
