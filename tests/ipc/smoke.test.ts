import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
afterEach(() => t?.close());

describe('smoke', () => {
  it('an account manager logs in, creates a customer and finds it', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    const created = await t.ok(c, 'customers.create', { customerNo: '100000001', name: '张三丰', idType: 'resident_id', idNo: makeIdNumber(), phone: '+86 138-0013-8000', branchId: t.org.b1 });
    expect(created.phone).toBe('138****8000');
    const byName = await t.ok(c, 'customers.list', { q: '三丰' });
    expect(byName.rows.map((r) => r.id)).toEqual([created.id]);
    const byPy = await t.ok(c, 'customers.list', { q: 'zsf' });
    expect(byPy.rows.map((r) => r.id)).toEqual([created.id]);
    // The customer and its opening ownership row (客户归属 starts with the creating manager).
    const ops = t.db.sqlite.prepare(`SELECT tbl, kind, author FROM sync_ops ORDER BY origin_seq`).all();
    expect(ops).toEqual([
      { tbl: 'customers', kind: 'insert', author: t.users.am1!.id },
      { tbl: 'customer_ownership', kind: 'insert', author: t.users.am1!.id },
    ]);
  });
});
