import { makeIdNumber, type TestApp } from '../helpers/app';

/** Personal data of the fixture customers, so tests can check it never leaks unmasked. */
export const PII = {
  a: { idNo: makeIdNumber('19700101', 11), phone: '13812345678', address: '上海市浦东新区世纪大道100号', email: 'zhangwei@example.com' },
  b: { idNo: makeIdNumber('19800202', 22), phone: '13998765432' },
  c: { idNo: makeIdNumber('19900303', 33), phone: '13700001111' },
};

/**
 * Three customers: `a` (张伟) of am1 with full personal data, `b` (王芳) of am1b, both at branch 1;
 * `c` (李娜) of am2 at branch 2. Created through dispatch, as a person would.
 */
export async function seedCustomers(t: TestApp) {
  const am1 = await t.login('am1');
  const am1b = await t.login('am1b');
  const am2 = await t.login('am2');
  const a = await t.ok(am1, 'customers.create', { customerNo: '200000001', name: '张伟', idType: 'resident_id', ...PII.a, branchId: t.org.b1, tags: ['VIP'] });
  const b = await t.ok(am1b, 'customers.create', { customerNo: '200000002', name: '王芳', idType: 'resident_id', ...PII.b, branchId: t.org.b1 });
  const c = await t.ok(am2, 'customers.create', { customerNo: '200000003', name: '李娜', idType: 'resident_id', ...PII.c, branchId: t.org.b2 });
  return { am1, am1b, am2, a, b, c };
}

export const count = (t: TestApp, table: string, where = '1 = 1'): number =>
  (t.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;

/** Row counts of everything a customer write can touch: equal before and after means nothing was saved. */
export const footprint = (t: TestApp) =>
  Object.fromEntries(['customers', 'customer_tags', 'customer_ownership', 'contacts', 'accounts', 'customer_feedback', 'history', 'sync_ops', 'approvals'].map((tb) => [tb, count(t, tb)]));

export type AuditRow = { action: string; outcome: string; actor: string | null; approver: string | null; targetType: string | null; target: string | null; code: string | null; detail: string | null };
export const auditRows = (t: TestApp, action: string): AuditRow[] =>
  t.db.sqlite
    .prepare(`SELECT action, outcome, actor_id AS actor, approver_id AS approver, target_type AS targetType, target_id AS target, error_code AS code, detail FROM audit_log WHERE action = ? ORDER BY rowid`)
    .all(action) as AuditRow[];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
