import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { writeTxSync } from '../../src-main/db/tx';
import type { Db } from '../../src-main/db/open';
import { dispatch } from '../../src-main/ipc/dispatch';
import { countTouched, undoChanges } from '../../src-main/imports/changes';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { enrollBranch, exchange, type SyncNode } from './nodes';

/**
 * A customer moved between branches by the app's own method (customers.transferBranch at HQ),
 * end to end through bundles: issue 6 "Privacy in transit".
 */

let hq: TestApp;
const branches: SyncNode[] = [];
afterEach(() => {
  for (const b of branches.splice(0)) b.close();
  hq?.close();
});

const n = (db: Db, sql: string, ...p: unknown[]) => (db.sqlite.prepare(sql).pluck().get(...p) as number);

/** HQ's analyst asks to move the customer, HQ's admin approves, the job runs. */
async function transferAtHq(customerId: string, branchId: string, managerId: string | null): Promise<void> {
  const { pendingApprovalId } = await hq.ok(await hq.login('analyst'), 'customers.transferBranch', { ids: [customerId], branchId, managerId, reason: 'customer_request' });
  await hq.ok(await hq.login('admin'), 'approvals.approve', { id: pendingApprovalId });
  await hq.app.jobs.idle();
}

async function hqAndTwoBranches(): Promise<{ b1: SyncNode; b2: SyncNode }> {
  hq = await makeTestApp();
  const b1 = await enrollBranch(hq, hq.org.b1, 'b1');
  const b2 = await enrollBranch(hq, hq.org.b2, 'b2');
  branches.push(b1, b2);
  return { b1, b2 };
}

describe('customers.transferBranch across nodes', () => {
  it('the old branch loses the customer with its children, facts and history; the new one receives it all, with the open task given to its manager', async () => {
    const { b1, b2 } = await hqAndTwoBranches();
    const am1 = await b1.login('am1');
    const c = await b1.ok(am1, 'customers.create', { customerNo: '300000001', name: '张三丰', idType: 'resident_id', idNo: makeIdNumber('19800101', 7), phone: '13800138000', branchId: hq.org.b1 });
    await b1.ok(am1, 'customers.contacts.save', { customerId: c.id, kind: 'relative', name: '张夫人', relation: 'spouse', phone: '13900139000', isPrimary: true });
    await b1.ok(am1, 'customers.update', { id: c.id, version: 1, patch: { occupation: '教师' } });
    const now = new Date().toISOString();
    writeTxSync(b1.db, hq.users.am1!.id, () =>
      b1.db.sqlite
        .prepare(`INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, status, source, title_key, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'reassess', '2026-12-31', 'open', 'manual', 'task.title', ?, ?, ?)`)
        .run(uuidv7(), hq.users.am1!.id, hq.org.b1, c.id, hq.users.am1!.id, now, now),
    );
    // The branch's own import of the trading system's assets (not synced).
    b1.db.sqlite.prepare(`INSERT INTO daily_assets (account_no, as_of, customer_id, branch_id, total_fen, import_id) VALUES ('880000000001', '2026-11-20', ?, ?, 100, 'imp')`).run(c.id, hq.org.b1);
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    expect(exchange(hq.db, b2.db).status).not.toBe('refused');
    expect(n(b2.db, `SELECT count(*) FROM customers WHERE id = ?`, c.id)).toBe(0);

    // HQ's staff sign in at branches too: the move is not theirs to make there.
    const atBranch = await b1.login('analyst');
    const refused = await dispatch(b1.app, atBranch, 'customers.transferBranch', { ids: [c.id], branchId: hq.org.b2, managerId: hq.users.am2!.id, reason: 'customer_request' });
    expect(refused.ok ? null : [refused.error.code, refused.error.message]).toEqual(['FORBIDDEN', 'error.sync.hqDataAtBranch']);

    await transferAtHq(c.id, hq.org.b2, hq.users.am2!.id);

    expect(exchange(hq.db, b1.db).status).toBe('applied');
    for (const [table, where] of [
      ['customers', 'id = ?'],
      ['contacts', 'customer_id = ?'],
      ['customer_ownership', 'customer_id = ?'],
      ['tasks', 'customer_id = ?'],
      ['daily_assets', 'customer_id = ?'],
      ['history', `row_id = ?`],
    ] as const) {
      expect(n(b1.db, `SELECT count(*) FROM ${table} WHERE ${where}`, c.id), `b1 ${table}`).toBe(0);
    }
    const bm1 = await b1.login('bm1');
    const lost = await dispatch(b1.app, bm1, 'customers.get', { id: c.id });
    expect(lost.ok ? null : lost.error.code).toBe('NOT_FOUND');

    expect(exchange(hq.db, b2.db).status).toBe('applied');
    expect(b2.db.sqlite.prepare(`SELECT branch_id, manager_id, occupation FROM customers WHERE id = ?`).get(c.id)).toEqual({ branch_id: hq.org.b2, manager_id: hq.users.am2!.id, occupation: '教师' });
    expect(b2.db.sqlite.prepare(`SELECT name, branch_id FROM contacts WHERE customer_id = ?`).all(c.id)).toEqual([{ name: '张夫人', branch_id: hq.org.b2 }]);
    expect(b2.db.sqlite.prepare(`SELECT owner_id, status FROM tasks WHERE customer_id = ?`).all(c.id)).toEqual([{ owner_id: hq.users.am2!.id, status: 'open' }]);
    // The history made at b1 comes along: the page at b2 shows who changed the occupation.
    const am2 = await b2.login('am2');
    const page = await b2.ok(am2, 'customers.history', { id: c.id });
    expect(JSON.stringify(page)).toContain('occupation');
    expect(n(b2.db, `SELECT count(*) FROM history WHERE row_id = ? AND col = 'occupation' AND author = ?`, c.id, hq.users.am1!.id)).toBe(1);

    // Back at b1 nothing of it returns with the next bundles either way.
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    expect(exchange(hq.db, b1.db).status).not.toBe('refused');
    expect(n(b1.db, `SELECT count(*) FROM customers WHERE id = ?`, c.id)).toBe(0);
  });
});

describe('a customer moved away from a branch and given back', () => {
  it("keeps the branch's trading facts when both moves come in one bundle, and makes an earlier import there that wrote to it refuse its undo", async () => {
    const { b1, b2 } = await hqAndTwoBranches();
    const am1 = await b1.login('am1');
    const c = await b1.ok(am1, 'customers.create', { customerNo: '300000002', name: '李四光', idType: 'resident_id', idNo: makeIdNumber('19700101', 8), branchId: hq.org.b1 });
    // As an import at b1 would have left it: the customer it created, and a day of assets.
    const stamp = new Date().toISOString();
    b1.db.sqlite.prepare(`INSERT INTO import_changes (import_id, n, table_name, row_key, action, before, version_after) VALUES ('imp1', 1, 'customers', ?, 'insert', NULL, 1)`).run(c.id);
    b1.db.sqlite.prepare(`INSERT INTO daily_assets (account_no, as_of, customer_id, branch_id, total_fen, import_id) VALUES ('880000000002', '2026-11-20', ?, ?, 100, 'imp1')`).run(c.id, hq.org.b1);
    expect(countTouched(b1.db.sqlite, 'imp1', stamp)).toBe(0);
    expect(exchange(b1.db, hq.db).status).toBe('applied');

    // HQ moves it to b2 and back before b1 hears of either.
    for (const to of [hq.org.b2, hq.org.b1]) await transferAtHq(c.id, to, null);
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    expect(b1.db.sqlite.prepare(`SELECT branch_id, version FROM customers WHERE id = ?`).get(c.id)).toEqual({ branch_id: hq.org.b1, version: 1 });
    expect(n(b1.db, `SELECT count(*) FROM daily_assets WHERE customer_id = ?`, c.id)).toBe(1);
    // The copy given back has version 1 again, as the import left it: the import cannot tell, so its undo is refused.
    expect(countTouched(b1.db.sqlite, 'imp1', stamp)).toBe(1);
    const r = undoChanges(b1.db.sqlite, { importId: 'imp1', stamp, userId: hq.users.op1!.id, now: new Date().toISOString() }, (fn) => writeTxSync(b1.db, hq.users.op1!.id, fn), { chunk: () => 100 });
    expect(r).toEqual({ undone: 0, skipped: 1 });
    expect(b1.db.sqlite.prepare(`SELECT deleted_at FROM customers WHERE id = ?`).get(c.id)).toEqual({ deleted_at: null });
    // An import made after the customer came back judges the copy it wrote to: not touched.
    const later = new Date(Date.now() + 1000).toISOString();
    b1.db.sqlite.prepare(`INSERT INTO import_changes (import_id, n, table_name, row_key, action, before, version_after) VALUES ('imp3', 1, 'customers', ?, 'update', '{}', 1)`).run(c.id);
    expect(countTouched(b1.db.sqlite, 'imp3', later)).toBe(0);
  });
});

describe('a task a branch writes for a customer HQ has moved meanwhile', () => {
  it('reaches the new branch owned by its manager there, not by the old branch\'s', async () => {
    const { b1, b2 } = await hqAndTwoBranches();
    const am1 = await b1.login('am1');
    const c = await b1.ok(am1, 'customers.create', { customerNo: '300000003', name: '王五', idType: 'resident_id', idNo: makeIdNumber('19650101', 9), branchId: hq.org.b1 });
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    await transferAtHq(c.id, hq.org.b2, hq.users.am2!.id);
    // b1, not told yet, makes its manager a reminder for the customer.
    const task = uuidv7();
    const now = new Date().toISOString();
    writeTxSync(b1.db, hq.users.am1!.id, () =>
      b1.db.sqlite
        .prepare(`INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, status, source, title_key, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'reassess', '2026-12-31', 'open', 'manual', 'task.title', ?, ?, ?)`)
        .run(task, hq.users.am1!.id, hq.org.b1, c.id, hq.users.am1!.id, now, now),
    );
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    expect(hq.db.sqlite.prepare(`SELECT branch_id, owner_id FROM tasks WHERE id = ?`).get(task)).toEqual({ branch_id: hq.org.b2, owner_id: hq.users.am2!.id });
    expect(exchange(hq.db, b2.db).status).toBe('applied');
    expect(b2.db.sqlite.prepare(`SELECT branch_id, owner_id FROM tasks WHERE id = ?`).get(task)).toEqual({ branch_id: hq.org.b2, owner_id: hq.users.am2!.id });
  });
});

describe('a customer with another merged into it', () => {
  it('moves with the merged-away tombstone and the merge record: the new branch has the merge, the old one none of it', async () => {
    const { b1, b2 } = await hqAndTwoBranches();
    const am1 = await b1.login('am1');
    const idNo = makeIdNumber('19750505', 11);
    const s = await b1.ok(am1, 'customers.create', { customerNo: '300000004', name: '赵六', idType: 'resident_id', idNo, branchId: hq.org.b1 });
    writeTxSync(b1.db, hq.users.am1!.id, () => b1.db.sqlite.prepare(`UPDATE customers SET id_no = ? WHERE id = ?`).run(makeIdNumber('19750505', 12), s.id));
    const l = await b1.ok(am1, 'customers.create', { customerNo: '300000005', name: '赵六', idType: 'resident_id', idNo, branchId: hq.org.b1 });
    const comp1 = await b1.login('comp1');
    const bm1 = await b1.login('bm1');
    const { pendingApprovalId: mergeReq } = (await b1.ok(comp1, 'customers.merge', { survivorId: s.id, loserId: l.id, picks: {} })) as unknown as { pendingApprovalId: string };
    await b1.ok(bm1, 'approvals.approve', { id: mergeReq });
    const mergeId = b1.db.sqlite.prepare(`SELECT id FROM customer_merges`).pluck().get() as string;
    expect(exchange(b1.db, hq.db).status).toBe('applied');

    await transferAtHq(s.id, hq.org.b2, null);
    expect(hq.db.sqlite.prepare(`SELECT branch_id FROM customer_merges WHERE id = ?`).get(mergeId)).toEqual({ branch_id: hq.org.b2 });
    expect(hq.db.sqlite.prepare(`SELECT branch_id, merged_into FROM customers WHERE id = ?`).get(l.id)).toEqual({ branch_id: hq.org.b2, merged_into: s.id });

    expect(exchange(hq.db, b1.db).status).toBe('applied');
    for (const [sql, id] of [[`SELECT count(*) FROM customers WHERE id = ?`, s.id], [`SELECT count(*) FROM customers WHERE id = ?`, l.id], [`SELECT count(*) FROM customer_merges WHERE id = ?`, mergeId]] as const) {
      expect(n(b1.db, sql, id)).toBe(0);
    }
    expect(exchange(hq.db, b2.db).status).toBe('applied');
    expect(b2.db.sqlite.prepare(`SELECT branch_id, merged_into, deleted_at IS NOT NULL AS gone FROM customers WHERE id = ?`).get(l.id)).toEqual({ branch_id: hq.org.b2, merged_into: s.id, gone: 1 });
    expect(b2.db.sqlite.prepare(`SELECT survivor_id, loser_id, branch_id FROM customer_merges WHERE id = ?`).get(mergeId)).toEqual({ survivor_id: s.id, loser_id: l.id, branch_id: hq.org.b2 });
    const bm2 = await b2.login('bm2');
    const timeline = await b2.ok(bm2, 'customers.timeline', { id: s.id });
    expect(timeline.events.some((e) => e.kind === 'merge')).toBe(true);
  });
});
