import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { executeJob } from '../../src-main/jobs/job-exec';
import { writeTxSync } from '../../src-main/db/tx';
import { makeTestApp, type TestApp } from '../helpers/app';
import { shanghaiToday } from '../../src-main/customers/customers.queries';
import { addDays } from '../../src-main/suitability/reports.queries';
import { RISK_WARNING_VERSION } from '../../src-shared/suitability/suitability-fields';
import { activeQuestionnaire, answers, assessed, count, customer, product, setProfessional } from './fixtures';

let t: TestApp;
let am1: string;
let bm1: string;
let comp1: string;
const today = shanghaiToday(new Date());
const c: Record<string, string> = {};

/**
 * Branch 1: `soon` expires in 10 days, `edge` in 30 (the lead days), `later` in 31, `past` expired
 * yesterday, `none` never assessed, `lowest` (lowest category) and `pro` (professional) valid for
 * years. Branch 2: `b2soon` expires in 5 days.
 */
beforeAll(async () => {
  t = await makeTestApp();
  am1 = await t.login('am1');
  bm1 = await t.login('bm1');
  comp1 = await t.login('comp1');
  const mk = (name: string, expires: string | null, o: { branch?: 'b1' | 'b2'; lowest?: boolean } = {}) => {
    c[name] = customer(t, { branch: o.branch ?? 'b1' });
    if (expires) assessed(t, c[name]!, { level: o.lowest ? 'C1' : 'C3', lowest: o.lowest, expiresAt: expires });
  };
  mk('soon', addDays(today, 10));
  mk('edge', addDays(today, 30));
  mk('later', addDays(today, 31));
  mk('past', addDays(today, -1));
  mk('none', null);
  mk('lowest', addDays(today, 400), { lowest: true });
  mk('pro', addDays(today, 400));
  setProfessional(t, c.pro!);
  mk('b2soon', addDays(today, 5), { branch: 'b2' });
});
afterAll(() => t?.close());

describe('compliance views', () => {
  it('expired assessments, soonest first, keyset pages, in scope', async () => {
    const p1 = await t.ok(comp1, 'suitability.expired', { limit: 1 });
    expect(p1.rows.map((r) => r.customerId)).toEqual([c.past]);
    expect(p1.nextCursor).toBeNull();
    const within = await t.ok(comp1, 'suitability.expired', { withinDays: 31, limit: 2 });
    expect(within.rows.map((r) => r.customerId)).toEqual([c.past, c.soon]);
    const rest = await t.ok(comp1, 'suitability.expired', { withinDays: 31, limit: 2, after: within.nextCursor! });
    expect(rest.rows.map((r) => r.customerId)).toEqual([c.edge]);
    expect(rest.rows[0]).toMatchObject({ riskExpiresAt: addDays(today, 30), riskLevel: 'C3', managerName: '李客户经理', branchName: '上海浦东营业部' });
    expect(rest.nextCursor).toBeNull();
    const hq = await t.login('hqcomp');
    const all = await t.ok(hq, 'suitability.expired', { withinDays: 11 });
    expect(all.rows.map((r) => r.customerId)).toEqual([c.past, c.b2soon, c.soon]);
  });

  it('the per-branch report counts what the branch holds', async () => {
    const pid = await product(t, 'R4');
    await t.ok(am1, 'recommendations.create', { customerId: c.later!, productId: pid, kind: 'customer_initiated', warningAck: { version: RISK_WARNING_VERSION } });
    const r = await t.ok(comp1, 'suitability.report', {});
    expect(r.asOf).toBe(today);
    expect(r.rows).toEqual([
      { branchId: t.org.b1, branchName: '上海浦东营业部', customers: 7, assessed: 5, expired: 1, missing: 1, lowest: 1, professional: 1, pendingReviews: 1, recAllowed: 0, recWarn: 1, recApproved: 0 },
    ]);
    const hq = await t.login('hqcomp');
    expect((await t.ok(hq, 'suitability.report', {})).rows.map((x) => [x.branchName, x.customers])).toEqual([
      ['上海浦东营业部', 7],
      ['北京金融街营业部', 1],
    ]);
  });

  it('the suitability-match opinion is an .xlsx naming the product, the outcome and the warning', async () => {
    const pid = await product(t, 'R5');
    const rec = await t.ok(am1, 'recommendations.create', { customerId: c.edge!, productId: pid, kind: 'customer_initiated', warningAck: { version: RISK_WARNING_VERSION } });
    const file = join(t.dir, 'opinion.xlsx');
    const handle = t.app.files.issue(am1, file, 'write').handle;
    const out = await t.ok(am1, 'suitability.opinion', { recommendationId: rec.id, handle });
    expect(out.bytes).toBeGreaterThan(1000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const values = new Map<string, string>();
    sheet.eachRow((row) => values.set(String(row.getCell(1).value), String(row.getCell(2).value ?? '')));
    expect(values.get('匹配结论')).toBe('不匹配，已风险警示');
    expect(values.get('不匹配事项')).toBe('产品风险等级高于客户风险承受能力');
    expect(values.get('风险警示书版本')).toBe(RISK_WARNING_VERSION);
    expect(values.get('产品风险等级')).toBe('R5 高风险');
    expect(values.get('风险承受能力')).toBe('C3 平衡型');
    expect(values.get('合规复核')).toBe('待复核');
    expect(count(t, `SELECT count(*) FROM audit_log WHERE action = 'suitability.opinion' AND outcome = 'ok' AND target_id = ?`, rec.id)).toBe(1);
    // Another branch cannot print it.
    const bm2 = await t.login('bm2');
    const h2 = t.app.files.issue(bm2, join(t.dir, 'x.xlsx'), 'write').handle;
    const denied = await t.call(bm2, 'suitability.opinion', { recommendationId: rec.id, handle: h2 });
    expect(denied.ok ? 'ok' : denied.error.code).toBe('OUT_OF_SCOPE');
  });

  it('the compliance queue exports to .csv as a job', async () => {
    const file = join(t.dir, 'reviews.csv');
    const handle = t.app.files.issue(comp1, file, 'write').handle;
    const { jobId } = await t.ok(comp1, 'suitability.export', { handle, format: 'csv', view: 'reviews' });
    await t.app.jobs.wait(jobId);
    const job = await t.ok(comp1, 'jobs.get', { id: jobId });
    expect(job).toMatchObject({ status: 'done', result: { rows: 2, format: 'csv' } });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('客户主动购买不匹配产品');
    expect(text.split('\n').filter((l) => l.trim()).length).toBe(4); // cover, header, 2 rows
  });

  it('a long queue exports whole, in pages: the progress written between them, every row once though many share a time', async () => {
    const sql = t.db.sqlite;
    const ids = sql.prepare(`SELECT id FROM compliance_reviews WHERE deleted_at IS NULL`).pluck().all() as string[];
    const extra = 2345;
    writeTxSync(t.db, 'test', () => {
      const copy = sql.prepare(
        `INSERT INTO compliance_reviews (id, customer_id, branch_id, source, source_id, recommendation_id, product_id, reason, customer_level, product_level, status, created_at, updated_at)
         SELECT ?, customer_id, branch_id, source, source_id, recommendation_id, product_id, reason, customer_level, product_level, status, ?, updated_at FROM compliance_reviews WHERE id = ?`,
      );
      // Ten rows to each second: ties on created_at that only the id orders.
      for (let i = 0; i < extra; i++) copy.run(uuidv7(), new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 10) * 1000).toISOString(), ids[0]);
    }, 'uncaptured');
    // Each clock reading a second later: the job writes its progress row at every chance it gets.
    let clock = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000));
    const file = join(t.dir, 'reviews-long.csv');
    try {
      const end = await executeJob(
        t.db,
        { jobId: uuidv7(), kind: 'suitability.export', params: { view: 'reviews', format: 'csv', path: file, scope: { kind: 'all' }, branchId: null, userName: '合规专员' }, userId: t.users.comp1!.id },
        { post: () => undefined, cancelRequested: () => false },
      );
      expect(end).toMatchObject({ type: 'done', result: { rows: ids.length + extra } });
    } finally {
      vi.restoreAllMocks();
      writeTxSync(t.db, 'test', () => sql.prepare(`DELETE FROM compliance_reviews WHERE created_at LIKE '2026-01-01%'`).run(), 'uncaptured');
    }
    expect(readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())).toHaveLength(2 + ids.length + extra);
  });
});

describe('re-assessment tasks (suitability.expiring)', () => {
  it('one task per customer expiring within the lead days, in the caller’s scope; a second sweep adds none; a new assessment closes it', async () => {
    // Through dispatch and the worker thread once; the reruns in-process (a worker start costs seconds here).
    const viaWorker = async (client: string) => {
      const { jobId } = await t.ok(client, 'tasks.generateReassessments', {});
      await t.app.jobs.wait(jobId);
      return (await t.ok(client, 'jobs.get', { id: jobId })).result;
    };
    const run = async (client: string) => {
      if (client === bm1 && !ranOnce) return (ranOnce = true), viaWorker(client);
      const u = client === bm1 ? t.users.bm1! : t.users.bm2!;
      const end = await executeJob(t.db, { jobId: uuidv7(), kind: 'suitability.expiring', params: { scope: { kind: 'branch', branchId: u.branchId } }, userId: u.id }, { post: () => undefined, cancelRequested: () => false });
      return end.type === 'done' ? end.result : end;
    };
    let ranOnce = false;
    expect(await run(bm1)).toEqual({ expiring: 2, created: 2 });
    const tasks = t.db.sqlite.prepare(`SELECT customer_id, owner_id, kind, due_date, source, status FROM tasks ORDER BY due_date`).all();
    expect(tasks).toEqual([
      { customer_id: c.soon, owner_id: t.users.am1!.id, kind: 'reassess', due_date: addDays(today, 10), source: 'assessment', status: 'open' },
      { customer_id: c.edge, owner_id: t.users.am1!.id, kind: 'reassess', due_date: addDays(today, 30), source: 'assessment', status: 'open' },
    ]);
    expect(await run(bm1)).toEqual({ expiring: 2, created: 0 });
    expect(count(t, `SELECT count(*) FROM tasks`)).toBe(2);

    const mine = await t.ok(am1, 'tasks.list', {});
    expect(mine.rows.map((r) => [r.customerId, r.titleKey, r.titleParams])).toEqual([
      [c.soon, 'suitability.task.reassess', { expiresAt: addDays(today, 10) }],
      [c.edge, 'suitability.task.reassess', { expiresAt: addDays(today, 30) }],
    ]);
    // A task marked done for the same assessment is not raised again.
    await t.ok(am1, 'tasks.setStatus', { id: mine.rows[1]!.id, status: 'done' });
    expect(await run(bm1)).toEqual({ expiring: 2, created: 0 });

    // Re-assessing closes the open task; the new assessment expires in years, so no new task.
    const qid = await activeQuestionnaire(t);
    await t.ok(am1, 'suitability.assess', { customerId: c.soon!, questionnaireId: qid, answers: answers('d', 'd', 'a', 'a') });
    expect(t.db.sqlite.prepare(`SELECT status FROM tasks WHERE customer_id = ?`).pluck().get(c.soon)).toBe('done');
    expect(await run(bm1)).toEqual({ expiring: 1, created: 0 });

    // Another branch's manager sweeps their own branch only.
    const bm2 = await t.login('bm2');
    expect(await run(bm2)).toEqual({ expiring: 1, created: 1 });
    const stranger = await t.call(bm2, 'tasks.setStatus', { id: mine.rows[0]!.id, status: 'cancelled' });
    expect(stranger.ok ? 'ok' : stranger.error.code).toBe('OUT_OF_SCOPE');
  });
});
