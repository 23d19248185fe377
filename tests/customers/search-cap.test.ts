import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { SEARCH_CAP } from '../../src-main/customers/list-shapes';

/**
 * A search term matching more than SEARCH_CAP customers of the scope lists SEARCH_CAP of them
 * (and the count says how many there are); fewer matches list all of them, filters included.
 */
let t: TestApp;
const N = SEARCH_CAP + 120;
beforeAll(async () => {
  t = await makeTestApp();
  // N 张三 in branch 1 (initials zs), half of them am1's; 5 周深 (also zs) in branch 2.
  insertCustomers(t, [
    ...Array.from({ length: N }, (_, i) => ({ customerNo: String(500000000 + i), name: '张三', idType: 'passport' as const, idNo: `E${String(i).padStart(8, '0')}`, branchId: t.org.b1, managerId: i % 2 === 0 ? t.users.am1!.id : null })),
    ...Array.from({ length: 5 }, (_, i) => ({ customerNo: String(600000000 + i), name: '周深', idType: 'passport' as const, idNo: `F${String(i).padStart(8, '0')}`, branchId: t.org.b2, managerId: t.users.am2!.id })),
  ]);
});
afterAll(() => t?.close());

async function all(login: string, input: Record<string, unknown>): Promise<string[]> {
  const c = await t.login(login);
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await t.ok(c, 'customers.list', { ...input, limit: 200, ...(after ? { after } : {}) });
    ids.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return ids;
    after = page.nextCursor;
  }
}

describe('search cap', () => {
  it('a wide pinyin term lists SEARCH_CAP matches of the scope, all of them in scope, while the count says how many', async () => {
    const ids = await all('bm1', { q: 'zs' });
    expect(ids.length).toBe(SEARCH_CAP);
    expect(new Set(ids).size).toBe(SEARCH_CAP);
    const bm1 = await t.login('bm1');
    expect(await t.ok(bm1, 'customers.count', { q: 'zs' })).toEqual({ count: N, capped: false });
    // Firm-wide the same term also reaches branch 2's 周深 only through the count (the list shows the cap).
    const analyst = await t.login('analyst');
    expect(await t.ok(analyst, 'customers.count', { q: 'zs' })).toEqual({ count: N + 5, capped: false });
    expect((await all('analyst', { q: 'zs' })).length).toBe(SEARCH_CAP);
  });

  it('below the cap every match is listed: an account manager’s own, and a filter applied before the cap', async () => {
    expect((await all('am1', { q: 'zs' })).length).toBe(Math.ceil(N / 2));
    expect((await all('bm1', { q: 'zs', filter: { unassigned: true } })).length).toBe(Math.floor(N / 2));
    expect((await all('am2', { q: 'zs' })).length).toBe(5);
    expect(await all('am2', { q: 'zhangsan' })).toEqual([]);
  });
});
