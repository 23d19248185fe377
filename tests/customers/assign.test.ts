import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeIdNumber, makeTestApp, signInNewUser, type TestApp } from '../helpers/app';
import { writeTxSync } from '../../src-main/db/tx';
import { auditRows, count, footprint, seedCustomers } from './fixtures';

let t: TestApp;
afterEach(() => t?.close());

type Own = { manager_id: string | null; reason: string; closed: number; assigned_by: string };
const ownership = (t: TestApp, customerId: string) =>
  t.db.sqlite.prepare(`SELECT manager_id, reason, valid_to IS NOT NULL AS closed, assigned_by FROM customer_ownership WHERE customer_id = ? ORDER BY valid_from, rowid`).all(customerId) as Own[];
const managerOf = (t: TestApp, id: string) => (t.db.sqlite.prepare('SELECT manager_id FROM customers WHERE id = ?').get(id) as { manager_id: string | null }).manager_id;

/** A second branch manager at branch 1: the checker for four-eyes requests made by bm1. */
async function secondBranchManager(t: TestApp): Promise<{ client: string; id: string }> {
  const admin = await t.login('admin');
  const u = await t.ok(admin, 'users.create', { login: 'bm1b', displayName: '钱副经理', role: 'branch_manager', branchId: t.org.b1, password: 'Second-bm1b' });
  await signInNewUser(t, 'c-bm1b', 'bm1b', 'Second-bm1b');
  return { client: 'c-bm1b', id: u.id };
}

describe('customers.assign', () => {
  it('hands the customer to another manager of the branch, closing the open ownership row and opening the next', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const bm1 = await t.login('bm1');
    const c = await t.ok(bm1, 'customers.assign', { id: s.a.id, managerId: t.users.am1b!.id });
    expect(c).toMatchObject({ managerId: t.users.am1b!.id, managerName: '赵客户经理', version: 2, updatedByName: '王经理' });
    expect(ownership(t, s.a.id)).toEqual([
      { manager_id: t.users.am1!.id, reason: 'open', closed: 1, assigned_by: t.users.am1!.id },
      { manager_id: t.users.am1b!.id, reason: 'assign', closed: 0, assigned_by: t.users.bm1!.id },
    ]);
    const page = await t.ok(bm1, 'customers.get', { id: s.a.id });
    expect(page.ownership.map((o) => [o.managerName, o.reason, o.validTo === null])).toEqual([
      ['赵客户经理', 'assign', true],
      ['李客户经理', 'open', false],
    ]);
    // The old manager's scope no longer covers the customer; the new one's does.
    const lost = await t.call(s.am1, 'customers.get', { id: s.a.id });
    expect(lost.ok ? null : lost.error.code).toBe('OUT_OF_SCOPE');
    expect((await t.ok(s.am1b, 'customers.get', { id: s.a.id })).customer.id).toBe(s.a.id);
    expect(auditRows(t, 'customers.assign')).toEqual([{ action: 'customers.assign', outcome: 'ok', actor: t.users.bm1!.id, approver: null, targetType: 'customer', target: s.a.id, code: null, detail: `{"managerId":"${t.users.am1b!.id}"}` }]);
  });

  it('refuses a manager of another branch or a non-manager, a customer of another branch, and a role without the permission', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const bm1 = await t.login('bm1');
    const before = footprint(t);
    for (const managerId of [t.users.am2!.id, t.users.cs1!.id, uuidv7()]) {
      const r = await t.call(bm1, 'customers.assign', { id: s.a.id, managerId });
      expect(r.ok ? null : r.error.issues).toEqual([{ path: ['managerId'], message: 'validation.manager.unknown' }]);
    }
    const bm2 = await t.login('bm2');
    const other = await t.call(bm2, 'customers.assign', { id: s.a.id, managerId: t.users.am2!.id });
    expect(other.ok ? null : other.error.code).toBe('OUT_OF_SCOPE');
    const am = await t.call(s.am1, 'customers.assign', { id: s.a.id, managerId: t.users.am1b!.id });
    expect(am.ok ? null : am.error.code).toBe('FORBIDDEN');
    expect(footprint(t)).toEqual(before);
  });

  it('unassigning leaves a dated row without a manager', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const bm1 = await t.login('bm1');
    expect((await t.ok(bm1, 'customers.assign', { id: s.a.id, managerId: null })).managerId).toBeNull();
    expect(ownership(t, s.a.id).map((o) => [o.manager_id, o.reason, o.closed])).toEqual([
      [t.users.am1!.id, 'open', 1],
      [null, 'assign', 0],
    ]);
  });
});

describe('customers.bulkAssign (four-eyes)', () => {
  it("the maker's call stores a pending approval and changes nothing; a second branch manager approves; ownership rows say bulk_assign", async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const checker = await secondBranchManager(t);
    const bm1 = await t.login('bm1');
    const extra = await t.ok(bm1, 'customers.create', { customerNo: '200000009', name: '孙七', idType: 'resident_id', idNo: makeIdNumber('19650101', 9), branchId: t.org.b1 });
    const ids = [s.a.id, s.b.id, extra.id];
    const before = { ...footprint(t), approvals: count(t, 'approvals') + 1 };
    const r = await t.ok(bm1, 'customers.bulkAssign', { ids, managerId: t.users.am1b!.id });
    expect(r).toEqual({ pendingApprovalId: expect.any(String) });
    expect(footprint(t)).toEqual(before);
    expect(ids.map((id) => managerOf(t, id))).toEqual([t.users.am1!.id, t.users.am1b!.id, null]);
    expect(await t.ok(checker.client, 'approvals.list', { status: 'pending' })).toMatchObject([
      { id: r.pendingApprovalId, method: 'customers.bulkAssign', makerId: t.users.bm1!.id, summaryParams: { count: 3, managerId: t.users.am1b!.id, managerName: '赵客户经理' } },
    ]);
    const self = await t.call(bm1, 'approvals.approve', { id: r.pendingApprovalId });
    expect(self.ok ? null : self.error.code).toBe('SELF_APPROVAL');

    await t.ok(checker.client, 'approvals.approve', { id: r.pendingApprovalId });
    // The writes run as a job in the worker (bulk-assign.job.ts).
    await t.app.jobs.idle();
    expect(ids.map((id) => managerOf(t, id))).toEqual([t.users.am1b!.id, t.users.am1b!.id, t.users.am1b!.id]);
    expect(ownership(t, s.a.id)).toEqual([
      { manager_id: t.users.am1!.id, reason: 'open', closed: 1, assigned_by: t.users.am1!.id },
      { manager_id: t.users.am1b!.id, reason: 'bulk_assign', closed: 0, assigned_by: t.users.bm1!.id },
    ]);
    // b already had that manager: no new row for it.
    expect(ownership(t, s.b.id).map((o) => o.reason)).toEqual(['open']);
    expect(ownership(t, extra.id)).toEqual([{ manager_id: t.users.am1b!.id, reason: 'bulk_assign', closed: 0, assigned_by: t.users.bm1!.id }]);
    expect(auditRows(t, 'customers.bulkAssign')).toEqual([
      { action: 'customers.bulkAssign', outcome: 'ok', actor: t.users.bm1!.id, approver: checker.id, targetType: 'customers', target: null, code: null, detail: `{"count":3,"updated":2,"managerId":"${t.users.am1b!.id}"}` },
    ]);
    // The field history names the maker as author, as with every four-eyes change.
    expect(t.db.sqlite.prepare(`SELECT author FROM history WHERE tbl = 'customers' AND row_id = ? AND col = 'manager_id'`).all(s.a.id)).toEqual([{ author: t.users.bm1!.id }]);
  });

  it('the request is checked when made: every id in the maker\'s scope, a manager of that branch; nothing is stored otherwise', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const bm1 = await t.login('bm1');
    const outside = await t.call(bm1, 'customers.bulkAssign', { ids: [s.a.id, s.c.id], managerId: t.users.am1b!.id });
    expect(outside.ok ? null : outside.error.code).toBe('OUT_OF_SCOPE');
    expect(auditRows(t, 'customers.bulkAssign').map((a) => [a.outcome, a.code])).toEqual([['denied', 'OUT_OF_SCOPE']]);
    const wrongManager = await t.call(bm1, 'customers.bulkAssign', { ids: [s.a.id], managerId: t.users.am2!.id });
    expect(wrongManager.ok ? null : wrongManager.error.issues).toEqual([{ path: ['managerId'], message: 'validation.manager.unknown' }]);
    const missing = await t.call(bm1, 'customers.bulkAssign', { ids: [s.a.id, uuidv7()], managerId: t.users.am1b!.id });
    expect(missing.ok ? null : [missing.error.code, missing.error.params]).toEqual(['NOT_FOUND', { count: 1 }]);
    const none = await t.call(bm1, 'customers.bulkAssign', { ids: [], managerId: t.users.am1b!.id });
    expect(none.ok ? null : none.error.issues).toEqual([{ path: ['ids'], message: 'validation.required' }]);
    expect(count(t, 'approvals')).toBe(0);
  });

  it('when a customer has left the branch by approval time, the approval fails and nothing changes', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const checker = await secondBranchManager(t);
    const bm1 = await t.login('bm1');
    const { pendingApprovalId } = await t.ok(bm1, 'customers.bulkAssign', { ids: [s.a.id, s.b.id], managerId: t.users.am1b!.id });
    writeTxSync(t.db, t.users.admin!.id, () => t.db.sqlite.prepare('UPDATE customers SET branch_id = ?, manager_id = NULL WHERE id = ?').run(t.org.b2, s.b.id));
    const r = await t.call(checker.client, 'approvals.approve', { id: pendingApprovalId });
    expect(r.ok ? null : r.error.code).toBe('OUT_OF_SCOPE');
    expect(managerOf(t, s.a.id)).toBe(t.users.am1!.id);
    expect(t.db.sqlite.prepare('SELECT status, error_code FROM approvals WHERE id = ?').get(pendingApprovalId)).toEqual({ status: 'failed', error_code: 'OUT_OF_SCOPE' });
  });

  it('reassigns 10,000 customers in one approval', async () => {
    t = await makeTestApp();
    const checker = await secondBranchManager(t);
    const now = new Date().toISOString();
    const ids: string[] = [];
    writeTxSync(t.db, 'fixture', () => {
      const ins = t.db.sqlite.prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, branch_id, manager_id, created_at, updated_at) VALUES (?, ?, ?, 'passport', ?, ?, ?, ?, ?)`);
      for (let i = 0; i < 10_000; i++) {
        const id = uuidv7();
        ids.push(id);
        ins.run(id, String(700000000 + i), `客户${i}`, `P${i}`, t.org.b1, t.users.am1!.id, now, now);
      }
    }, 'uncaptured');
    const bm1 = await t.login('bm1');
    const { pendingApprovalId } = await t.ok(bm1, 'customers.bulkAssign', { ids, managerId: t.users.am1b!.id });
    await t.ok(checker.client, 'approvals.approve', { id: pendingApprovalId });
    // The approval only starts the job: main is free while the worker moves them.
    const job = t.db.sqlite.prepare(`SELECT id, created_by FROM jobs WHERE kind = 'customers.bulkAssign'`).get() as { id: string; created_by: string };
    expect(job.created_by).toBe(t.users.bm1!.id);
    await t.app.jobs.wait(job.id);
    expect(t.db.sqlite.prepare('SELECT status, result FROM jobs WHERE id = ?').get(job.id)).toEqual({ status: 'done', result: '{"updated":10000}' });
    expect(count(t, 'customers', `manager_id = '${t.users.am1b!.id}'`)).toBe(10_000);
    expect(count(t, 'customer_ownership', `reason = 'bulk_assign'`)).toBe(10_000);
  }, 60_000);
});

describe('customers.bulkTags and customers.bulkStatus', () => {
  it('adds and removes tags on every customer, one audit row for the call', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const bm1 = await t.login('bm1');
    const r = await t.ok(bm1, 'customers.bulkTags', { ids: [s.a.id, s.b.id], add: ['重点', '重点'], remove: ['VIP'] });
    expect(r).toEqual({ updated: 2 });
    expect((await t.ok(bm1, 'customers.get', { id: s.a.id })).customer.tags).toEqual(['重点']);
    expect((await t.ok(bm1, 'customers.get', { id: s.b.id })).customer.tags).toEqual(['重点']);
    expect(await t.ok(bm1, 'customers.bulkTags', { ids: [s.a.id, s.b.id], add: ['重点'] })).toEqual({ updated: 0 });
    expect(auditRows(t, 'customers.bulkTags').map((a) => [a.outcome, a.targetType, a.detail])).toEqual([
      ['ok', 'customers', '{"count":2}'],
      ['ok', 'customers', '{"count":2}'],
    ]);
  });

  it('changes the status of every customer, one audit row, a history row per customer from capture', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const bm1 = await t.login('bm1');
    expect(await t.ok(bm1, 'customers.bulkStatus', { ids: [s.a.id, s.b.id], status: 'dormant' })).toEqual({ updated: 2 });
    expect(await t.ok(bm1, 'customers.bulkStatus', { ids: [s.a.id, s.b.id], status: 'dormant' })).toEqual({ updated: 0 });
    expect(t.db.sqlite.prepare(`SELECT row_id, old_value, new_value, author FROM history WHERE tbl = 'customers' AND col = 'status' ORDER BY id`).all()).toEqual([
      { row_id: s.a.id, old_value: '"active"', new_value: '"dormant"', author: t.users.bm1!.id },
      { row_id: s.b.id, old_value: '"active"', new_value: '"dormant"', author: t.users.bm1!.id },
    ]);
    expect(auditRows(t, 'customers.bulkStatus').map((a) => [a.outcome, a.detail])).toEqual([
      ['ok', '{"count":2}'],
      ['ok', '{"count":2}'],
    ]);
    expect((await t.ok(bm1, 'customers.get', { id: s.a.id })).customer).toMatchObject({ status: 'dormant', version: 2 });
  });

  it('refuses the whole call when one id is out of scope, and changes nothing', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const before = footprint(t);
    const tags = await t.call(s.am1, 'customers.bulkTags', { ids: [s.a.id, s.b.id], add: ['x'] });
    expect(tags.ok ? null : tags.error.code).toBe('OUT_OF_SCOPE');
    const bm1 = await t.login('bm1');
    const status = await t.call(bm1, 'customers.bulkStatus', { ids: [s.a.id, s.c.id], status: 'closed' });
    expect(status.ok ? null : status.error.code).toBe('OUT_OF_SCOPE');
    expect(footprint(t)).toEqual(before);
    expect([...auditRows(t, 'customers.bulkTags'), ...auditRows(t, 'customers.bulkStatus')].map((a) => [a.outcome, a.code])).toEqual([
      ['denied', 'OUT_OF_SCOPE'],
      ['denied', 'OUT_OF_SCOPE'],
    ]);
    const cs = await t.login('cs1');
    const forbidden = await t.call(cs, 'customers.bulkStatus', { ids: [s.a.id], status: 'closed' });
    expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN');
  });
});

describe('open tasks go with the customer to the new manager', () => {
  const addTask = (t: TestApp, customerId: string, ownerId: string, status: 'open' | 'done') => {
    const id = uuidv7();
    const now = new Date().toISOString();
    writeTxSync(t.db, ownerId, () =>
      t.db.sqlite
        .prepare(`INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, status, source, title_key, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'reassess', '2026-12-31', ?, 'manual', 'task.title', ?, ?, ?)`)
        .run(id, ownerId, t.org.b1, customerId, status, ownerId, now, now),
    );
    return id;
  };
  const owner = (t: TestApp, id: string) => (t.db.sqlite.prepare('SELECT owner_id FROM tasks WHERE id = ?').get(id) as { owner_id: string | null }).owner_id;

  it('by customers.assign and customers.bulkAssign; a done task keeps who did it', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const open = addTask(t, s.a.id, t.users.am1!.id, 'open');
    const done = addTask(t, s.a.id, t.users.am1!.id, 'done');
    const bm1 = await t.login('bm1');
    await t.ok(bm1, 'customers.assign', { id: s.a.id, managerId: t.users.am1b!.id });
    expect([owner(t, open), owner(t, done)]).toEqual([t.users.am1b!.id, t.users.am1!.id]);
    const mine = await t.ok(s.am1, 'tasks.list', { status: 'open', mine: true });
    expect(mine.rows).toEqual([]);
    const stray = addTask(t, s.a.id, t.users.am1!.id, 'open');

    await t.ok(bm1, 'customers.assign', { id: s.a.id, managerId: null });
    expect(owner(t, open)).toBeNull();

    const checker = await secondBranchManager(t);
    const { pendingApprovalId } = await t.ok(bm1, 'customers.bulkAssign', { ids: [s.a.id, s.b.id], managerId: t.users.am1!.id });
    await t.ok(checker.client, 'approvals.approve', { id: pendingApprovalId });
    await t.app.jobs.idle();
    expect([owner(t, open), owner(t, stray), owner(t, done)]).toEqual([t.users.am1!.id, t.users.am1!.id, t.users.am1!.id]);
  });
});
