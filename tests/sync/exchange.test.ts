import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, makeIdNumber, type TestApp } from '../helpers/app';
import { enrollBranch, exchange, nodeOf, type SyncNode } from './nodes';

let hq: TestApp;
let br: SyncNode | null = null;
afterEach(() => {
  br?.close();
  br = null;
  hq?.close();
});

describe('one branch and HQ', () => {
  it('enrolls, then carries a customer made at the branch to HQ and an edit back', async () => {
    hq = await makeTestApp();
    br = await enrollBranch(hq, hq.org.b1, 'b1');
    expect(br.db.sqlite.prepare(`SELECT count(*) FROM users`).pluck().get()).toBe(10);
    const am = await br.login('am1');
    const c = await br.ok(am, 'customers.create', { customerNo: '300000001', name: '张三丰', idType: 'resident_id', idNo: makeIdNumber('19800101', 7), phone: '13800138000', branchId: hq.org.b1 });
    const r1 = exchange(br.db, hq.db);
    expect(r1.status).toBe('applied');
    const id = (c as { id: string }).id;
    expect(hq.db.sqlite.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get(id)).toBe('张三丰');
    const dup = exchange(br.db, hq.db);
    expect(dup.status).toBe('duplicate');

    // Concurrent edits of one field at both ends: the later wins everywhere, the loser is in HQ's inbox.
    const hqAdmin = await hq.login('hqop');
    const atHq = await hq.ok(hqAdmin, 'customers.get', { id });
    await br.ok(am, 'customers.update', { id, version: 1, patch: { phone: '13911111111' } });
    await new Promise((r) => setTimeout(r, 5));
    await hq.ok(hqAdmin, 'customers.update', { id, version: atHq.customer.version, patch: { phone: '13922222222', address: '上海市' } });
    expect(exchange(br.db, hq.db).status).toBe('applied');
    expect(exchange(hq.db, br.db).status).toBe('applied');
    const phone = (n: { sqlite: { prepare(s: string): { pluck(): { get(...a: unknown[]): unknown } } } }) => n.sqlite.prepare(`SELECT phone FROM customers WHERE id = ?`).pluck().get(id);
    expect(phone(hq.db)).toBe('13922222222');
    expect(phone(br.db)).toBe('13922222222');
    expect(br.db.sqlite.prepare(`SELECT address FROM customers WHERE id = ?`).pluck().get(id)).toBe('上海市');
    const conflicts = hq.db.sqlite.prepare(`SELECT col, loser_value, winner_value FROM sync_conflicts`).all();
    expect(conflicts).toEqual([{ col: 'phone', loser_value: '"13911111111"', winner_value: '"13922222222"' }]);
    expect(br.db.sqlite.prepare(`SELECT count(*) FROM sync_conflicts`).pluck().get()).toBe(1);
    void nodeOf;
  });
});
