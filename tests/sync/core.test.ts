import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTxSync } from '../../src-main/db/tx';
import { moveCustomers } from '../../src-main/customers/transfer-branch.job';
import { openDatabase, type Db } from '../../src-main/db/open';
import { Applier, checkBundle, readItems, receiveBundle, SUSPEND_CAPTURE_MIN_EDITS } from '../../src-main/sync/apply';
import { nodeInfo } from '../../src-main/sync/node';
import { createBundle } from '../../src-main/sync/outbox';
import { CUSTOMER_CHILD_TABLES } from '../../src-main/sync/routing';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { enrollBranch, exchange, type SyncNode } from './nodes';

/**
 * Regression tests for what the sync simulation (simulation.ts) found in the core. Each
 * reproduces one interleaving by hand with real handlers and bundles.
 */

let hq: TestApp;
const branches: SyncNode[] = [];
afterEach(() => {
  for (const b of branches.splice(0)) b.close();
  hq?.close();
});

const tick = () => new Promise((r) => setTimeout(r, 3));
const one = (db: Db, sql: string, ...p: unknown[]) => db.sqlite.prepare(sql).get(...p) as Record<string, unknown> | undefined;

/** HQ moves a customer to another branch, unassigned: the writes of customers.transferBranch's job, without its request and worker. */
function moveAtHq(t: TestApp, customerId: string, toBranch: string): void {
  writeTxSync(t.db, t.users.analyst!.id, () => moveCustomers(t.db.sqlite, { ids: [customerId], branchId: toBranch, managerId: null }, t.users.analyst!.id, new Date().toISOString()));
}

async function twoBranchesAndACustomer(): Promise<{ b1: SyncNode; b2: SyncNode; am: string; id: string }> {
  hq = await makeTestApp();
  const b1 = await enrollBranch(hq, hq.org.b1, 'b1');
  const b2 = await enrollBranch(hq, hq.org.b2, 'b2');
  branches.push(b1, b2);
  const am = await b1.login('am1');
  const c = await b1.ok(am, 'customers.create', { customerNo: '300000001', name: '张三丰', idType: 'resident_id', idNo: makeIdNumber('19800101', 7), phone: '13800138000', branchId: hq.org.b1 });
  expect(exchange(b1.db, hq.db).status).toBe('applied');
  return { b1, b2, am, id: c.id };
}

describe('an edit that crosses a move of its customer', () => {
  it('reaches the branch the customer moved to, though it was made at the old branch', async () => {
    const { b1, b2, am, id } = await twoBranchesAndACustomer();
    moveAtHq(hq, id, hq.org.b2);
    // b2 receives the customer (a snapshot) before HQ has heard of b1's edit.
    expect(exchange(hq.db, b2.db).status).toBe('applied');
    expect(one(b2.db, `SELECT phone FROM customers WHERE id = ?`, id)).toEqual({ phone: '13800138000' });
    await tick();
    // b1 has not heard of the move yet: its manager edits the phone (a later clock: it wins).
    await b1.ok(am, 'customers.update', { id, version: 1, patch: { phone: '13911111111' } });
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    expect(one(hq.db, `SELECT phone, branch_id FROM customers WHERE id = ?`, id)).toEqual({ phone: '13911111111', branch_id: hq.org.b2 });
    // The edit is relayed to the customer's branch now, not to the branch it was made at.
    expect(exchange(hq.db, b2.db).status).toBe('applied');
    expect(one(b2.db, `SELECT phone FROM customers WHERE id = ?`, id)).toEqual({ phone: '13911111111' });
    // b1 learns of the move and drops the customer.
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    expect(one(b1.db, `SELECT id FROM customers WHERE id = ?`, id)).toBeUndefined();
  });

  it('a contact added at the old branch follows the customer to its new branch, and leaves the old one', async () => {
    const { b1, b2, am, id } = await twoBranchesAndACustomer();
    moveAtHq(hq, id, hq.org.b2);
    expect(exchange(hq.db, b2.db).status).toBe('applied');
    await tick();
    const contact = await b1.ok(am, 'customers.contacts.save', { customerId: id, kind: 'relative', name: '张小明', phone: '13700000000' });
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    // HQ holds the contact with its customer's branch, by an edit of its own (captured, so it travels).
    expect(one(hq.db, `SELECT branch_id FROM contacts WHERE id = ?`, contact.id)).toEqual({ branch_id: hq.org.b2 });
    expect(one(hq.db, `SELECT origin, prev_branch_id FROM sync_ops WHERE tbl = 'contacts' AND row_id = ? AND col = 'branch_id'`, contact.id)).toEqual({
      origin: hq.db.nodeId,
      prev_branch_id: hq.org.b1,
    });
    expect(exchange(hq.db, b2.db).status).toBe('applied');
    expect(one(b2.db, `SELECT customer_id, branch_id, name, phone FROM contacts WHERE id = ?`, contact.id)).toEqual({ customer_id: id, branch_id: hq.org.b2, name: '张小明', phone: '13700000000' });
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    expect(one(b1.db, `SELECT id FROM contacts WHERE id = ?`, contact.id)).toBeUndefined();
    expect(one(b1.db, `SELECT id FROM customers WHERE id = ?`, id)).toBeUndefined();
  });
});

describe('an op routed by where its row was', () => {
  it("a branch's late edit re-homed to the branch the customer moved to is not sent there once the customer has moved back", async () => {
    const { b1, b2, am, id } = await twoBranchesAndACustomer();
    moveAtHq(hq, id, hq.org.b2);
    await tick();
    // B1, not yet told of the move, edits the phone and address; HQ re-homes the edits to B2.
    await b1.ok(am, 'customers.update', { id, version: 1, patch: { phone: '13911113333', address: '上海市黄浦区南京东路1号' } });
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    expect(hq.db.sqlite.prepare(`SELECT DISTINCT branch_id FROM sync_ops WHERE origin = ? AND row_id = ? AND col IN ('phone', 'address')`).pluck().all(b1.db.nodeId, id)).toEqual([hq.org.b2]);
    // Before any bundle to B2, HQ moves the customer back to B1.
    moveAtHq(hq, id, hq.org.b1);
    const b = createBundle(hq.db.sqlite, b2.db.nodeId, new Date());
    const items = readItems(b2.db.sqlite, b.file, checkBundle(b2.db.sqlite, b.file).manifest);
    expect(items.filter((it) => it.r === id && it.t === 'op' && it.k === 'update' && it.c !== 'branch_id' && it.c !== 'manager_id' && it.c !== 'version')).toEqual([]);
    expect(JSON.stringify(items)).not.toContain('13911113333');
    expect(JSON.stringify(items)).not.toContain('南京东路');
    expect(receiveBundle(b2.db, b.file, () => new Date()).status).toBe('applied');
    expect(one(b2.db, `SELECT id FROM customers WHERE id = ?`, id)).toBeUndefined();
    expect(one(b2.db, `SELECT count(*) AS n FROM sync_ops WHERE row_id = ? AND col IN ('phone', 'address')`, id)).toEqual({ n: 0 });
  });
});

describe('a snapshot on a link', () => {
  it('is read when the bundle is written: a customer moved on meanwhile to a branch the peer may not hold is left out (its link entry stays, empty)', async () => {
    const { b2, id } = await twoBranchesAndACustomer();
    moveAtHq(hq, id, hq.org.b2);
    // The bundle to b2 numbers the customer's snapshot, and is lost on the way.
    createBundle(hq.db.sqlite, b2.db.nodeId, new Date());
    // The customer goes back to b1, and HQ edits it.
    moveAtHq(hq, id, hq.org.b1);
    writeTxSync(hq.db, hq.users.admin!.id, () => hq.db.sqlite.prepare(`UPDATE customers SET phone = '13911112222' WHERE id = ?`).run(id));
    const b = createBundle(hq.db.sqlite, b2.db.nodeId, new Date());
    const items = readItems(b2.db.sqlite, b.file, checkBundle(b2.db.sqlite, b.file).manifest);
    expect(items.filter((it) => it.r === id && it.t === 'row')).toEqual([]);
    expect(JSON.stringify(items)).not.toContain('13911112222');
    expect(receiveBundle(b2.db, b.file, () => new Date()).status).toBe('applied');
    expect(one(b2.db, `SELECT id FROM customers WHERE id = ?`, id)).toBeUndefined();
  });
});

/** What applying a bundle leaves, without local ids and times. */
function applied(db: Db, id: string) {
  const q = (sql: string) => db.sqlite.prepare(sql).all(id);
  return {
    row: q(`SELECT name, phone, address, email, notes, version FROM customers WHERE id = ?`),
    clocks: q(`SELECT col, hlc, origin, origin_seq FROM sync_cell_clock WHERE row_id = ? ORDER BY col`),
    history: q(`SELECT kind, col, old_value, new_value, hlc, author, origin FROM history WHERE row_id = ? ORDER BY id`),
    conflicts: q(`SELECT col, winner_value, winner_hlc, winner_author, loser_value, loser_hlc, loser_author FROM sync_conflicts WHERE row_id = ? ORDER BY loser_hlc`),
    ops: q(`SELECT origin, origin_seq, branch_id FROM sync_ops WHERE row_id = ? ORDER BY origin, origin_seq`),
  };
}

describe('a bundle that edits a row several times', () => {
  it('leaves the same row, clocks, history and conflicts when its edits are applied together as one by one', async () => {
    hq = await makeTestApp();
    const b1 = await enrollBranch(hq, hq.org.b1, 'b1');
    branches.push(b1);
    const am = await b1.login('am1');
    const c = await b1.ok(am, 'customers.create', { customerNo: '300000002', name: '李四', idType: 'resident_id', idNo: makeIdNumber('19750505', 9), phone: '13800138000', branchId: hq.org.b1 });
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    // HQ acknowledges: the next bundle carries only the edits.
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    // Concurrent edits: HQ's operator changes the phone and the notes, the branch edits the row four times.
    const op = await hq.login('hqop');
    await hq.ok(op, 'customers.update', { id: c.id, version: 1, patch: { phone: '13922222222', notes: '总部备注' } });
    await tick();
    let version = 1;
    for (const patch of [{ phone: '13911111111' }, { address: '上海市浦东新区1号', notes: '营业部备注' }, { phone: '13933333333', name: '李四海' }, { address: '上海市浦东新区2号' }]) {
      version = (await b1.ok(am, 'customers.update', { id: c.id, version, patch })).version;
      await tick();
    }
    const b = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    // The same bundle into a copy of HQ, item by item.
    hq.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const file = join(hq.dir, 'one-by-one.db');
    copyFileSync(hq.file, file);
    const copy = openDatabase({ file, key: hq.key });
    try {
      const { manifest } = checkBundle(copy.sqlite, b.file);
      const items = readItems(copy.sqlite, b.file, manifest);
      expect(items.length).toBe(6);
      writeTxSync(copy, 'sync', () => {
        const a = new Applier(copy, nodeInfo(copy.sqlite), () => new Date());
        for (const it of items) a.item(it);
      }, 'uncaptured');
      const r = receiveBundle(hq.db, b.file, () => new Date());
      expect(r).toMatchObject({ status: 'applied', ops: 6, applied: 6, conflicts: 2 });
      const together = applied(hq.db, c.id);
      expect(together).toEqual(applied(copy, c.id));
      expect(together.row).toEqual([{ name: '李四海', phone: '13933333333', address: '上海市浦东新区2号', notes: '营业部备注', email: null, version: 8 }]);
      expect((together.conflicts as { col: string }[]).map((x) => x.col).sort()).toEqual(['notes', 'phone']);
    } finally {
      copy.close();
    }
  });
});

describe('a late edit that lost to a line of edits it never saw', () => {
  it('is in HQ\'s inbox, though a later edit of the winner\'s line was based on something newer than it', async () => {
    const { b1, b2, am, id } = await twoBranchesAndACustomer();
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    moveAtHq(hq, id, hq.org.b2);
    expect(exchange(hq.db, b2.db).status).toBe('applied');
    await tick();
    // b1, unaware of the move, edits the phone (x). Then b2 edits it twice (u, then w based on u).
    await b1.ok(am, 'customers.update', { id, version: 1, patch: { phone: '13911111111' } });
    await tick();
    const bm2 = await b2.login('bm2');
    const v = (await b2.ok(bm2, 'customers.get', { id })).customer.version;
    const u = await b2.ok(bm2, 'customers.update', { id, version: v, patch: { phone: '13922222222' } });
    await tick();
    await b2.ok(bm2, 'customers.update', { id, version: u.version, patch: { phone: '13933333333' } });
    // HQ hears b2 first, then b1's edit, older than both and seen by neither.
    expect(exchange(b2.db, hq.db).status).toBe('applied');
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    expect(one(hq.db, `SELECT phone FROM customers WHERE id = ?`, id)).toEqual({ phone: '13933333333' });
    expect(hq.db.sqlite.prepare(`SELECT col, loser_value, winner_value FROM sync_conflicts WHERE row_id = ? ORDER BY loser_hlc`).all(id)).toEqual([
      { col: 'phone', loser_value: '"13911111111"', winner_value: '"13933333333"' },
    ]);
  });
});

describe('a customer moved away from a branch and back while the branch had unsent edits', () => {
  it('keeps the branch\'s own edits and new child rows, which HQ never sends back to their origin', async () => {
    const { b1, am, id } = await twoBranchesAndACustomer();
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    moveAtHq(hq, id, hq.org.b2);
    await tick();
    // b1, unaware, edits the customer and adds a contact; none of it has reached HQ.
    await b1.ok(am, 'customers.update', { id, version: 1, patch: { phone: '13911111111', address: '上海市浦东新区1号' } });
    const contact = await b1.ok(am, 'customers.contacts.save', { customerId: id, kind: 'relative', name: '张小明' });
    await tick();
    moveAtHq(hq, id, hq.org.b1);
    // One bundle to b1: the move away (b1 purges the customer, its ownership row and the new contact) and
    // the move back (a snapshot of HQ's copy).
    const r = exchange(hq.db, b1.db);
    expect(r).toMatchObject({ status: 'applied' });
    expect(one(b1.db, `SELECT phone, address, branch_id FROM customers WHERE id = ?`, id)).toEqual({ phone: '13911111111', address: '上海市浦东新区1号', branch_id: hq.org.b1 });
    expect(one(b1.db, `SELECT name, branch_id FROM contacts WHERE id = ?`, contact.id)).toEqual({ name: '张小明', branch_id: hq.org.b1 });
    // The edits reach HQ in b1's next bundle: both sides agree.
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    const row = `SELECT phone, address, branch_id, manager_id FROM customers WHERE id = ?`;
    expect(one(hq.db, row, id)).toEqual(one(b1.db, row, id));
    expect(one(hq.db, `SELECT name, branch_id FROM contacts WHERE id = ?`, contact.id)).toEqual({ name: '张小明', branch_id: hq.org.b1 });
    // The manager periods too: the first one, the one the move away opened, the one the move back opened.
    const periods = `SELECT id, branch_id, manager_id, valid_to IS NULL AS open FROM customer_ownership WHERE customer_id = ? ORDER BY valid_from, id`;
    expect(b1.db.sqlite.prepare(periods).all(id)).toEqual(hq.db.sqlite.prepare(periods).all(id));
    expect(b1.db.sqlite.prepare(periods).all(id)).toHaveLength(3);
  });
});

describe('a bundle with many plain edits (update capture suspended while they apply)', () => {
  it('gives what applying them one by one gives: values, clocks, history, a concurrent loser in the inbox; HQ captures its own edits afterwards', async () => {
    const { b1, id } = await twoBranchesAndACustomer();
    const triggers = () => hq.db.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all();
    const installed = triggers();
    // HQ edits the phone first; the branch's later edits win, and HQ's value is the inbox's loser.
    writeTxSync(hq.db, hq.users.admin!.id, () => hq.db.sqlite.prepare(`UPDATE customers SET phone = '13700000000' WHERE id = ?`).run(id));
    await tick();
    const n = SUSPEND_CAPTURE_MIN_EDITS + 10;
    writeTxSync(b1.db, hq.users.am1!.id, () => {
      const set = (col: string, v: string) => b1.db.sqlite.prepare(`UPDATE customers SET ${col} = ? WHERE id = ?`).run(v, id);
      for (let i = 0; i < n; i++) set(i % 2 ? 'address' : 'phone', i % 2 ? `上海市${i}号` : `139${String(i).padStart(8, '0')}`);
    });
    const before = (hq.db.sqlite.prepare(`SELECT count(*) FROM history WHERE row_id = ?`).pluck().get(id) as number);
    expect(exchange(b1.db, hq.db)).toMatchObject({ status: 'applied', applied: n, conflicts: 1 });
    const row = `SELECT phone, address FROM customers WHERE id = ?`;
    expect(one(hq.db, row, id)).toEqual(one(b1.db, row, id));
    const clocks = `SELECT col, hlc FROM sync_cell_clock WHERE row_id = ? AND col IN ('phone', 'address') ORDER BY col`;
    expect(hq.db.sqlite.prepare(clocks).all(id)).toEqual(b1.db.sqlite.prepare(clocks).all(id));
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM history WHERE row_id = ?`).pluck().get(id)).toBe(before + n);
    expect(hq.db.sqlite.prepare(`SELECT col, loser_value FROM sync_conflicts WHERE row_id = ?`).all(id)).toEqual([{ col: 'phone', loser_value: '"13700000000"' }]);
    // The update triggers are back as they were, and capture HQ's next edit.
    expect(triggers()).toEqual(installed);
    const seq = () => hq.db.sqlite.prepare(`SELECT count(*) FROM sync_ops WHERE origin = ? AND row_id = ?`).pluck().get(hq.db.nodeId, id) as number;
    const mine = seq();
    writeTxSync(hq.db, hq.users.admin!.id, () => hq.db.sqlite.prepare(`UPDATE customers SET email = 'x@example.com' WHERE id = ?`).run(id));
    expect(seq()).toBe(mine + 1);
  });
});
