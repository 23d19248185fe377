import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { writeTxSync } from '../../src-main/db/tx';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { auditRows, count, footprint, seedCustomers } from './fixtures';

let t: TestApp;
afterEach(() => t?.close());

const one = (sql: string, ...p: unknown[]) => t.db.sqlite.prepare(sql).get(...p) as Record<string, unknown> | undefined;
const all = (sql: string, ...p: unknown[]) => t.db.sqlite.prepare(sql).all(...p) as Record<string, unknown>[];

/** An open and a done task for the customer, owned by `ownerId`; a day of assets imported for it. */
function tasksAndFacts(customerId: string, branchId: string, ownerId: string): void {
  const now = new Date().toISOString();
  writeTxSync(t.db, t.users.admin!.id, () => {
    const task = t.db.sqlite.prepare(
      `INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, status, source, title_key, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'reassess', '2026-12-31', ?, 'manual', 'task.title', ?, ?, ?)`,
    );
    task.run(uuidv7(), ownerId, branchId, customerId, 'open', ownerId, now, now);
    task.run(uuidv7(), ownerId, branchId, customerId, 'done', ownerId, now, now);
  });
  t.db.sqlite.prepare(`INSERT INTO daily_assets (account_no, as_of, customer_id, branch_id, total_fen, import_id) VALUES (?, '2026-11-20', ?, ?, 100, 'imp')`).run(`88${customerId.slice(-8)}`, customerId, branchId);
}

describe('customers.transferBranch (四眼, HQ only)', () => {
  it("an HQ analyst's request changes nothing until HQ's admin approves; then the customers, their child rows, manager periods, open tasks and facts are at the new branch", async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    tasksAndFacts(s.a.id, t.org.b1, t.users.am1!.id);
    const analyst = await t.login('analyst');
    const admin = await t.login('admin');
    const before = { ...footprint(t), approvals: count(t, 'approvals') + 1 };
    // c is at branch 2 already: left alone, not counted.
    const r = await t.ok(analyst, 'customers.transferBranch', { ids: [s.a.id, s.b.id, s.c.id], branchId: t.org.b2, managerId: t.users.am2!.id, reason: 'customer_request' });
    expect(r).toEqual({ pendingApprovalId: expect.any(String) });
    expect(footprint(t)).toEqual(before);
    expect(one(`SELECT branch_id FROM customers WHERE id = ?`, s.a.id)).toEqual({ branch_id: t.org.b1 });
    // The analyst follows the request; HQ's admin sees what is asked, by names, in their language.
    expect(await t.ok(analyst, 'approvals.list', { status: 'pending' })).toMatchObject([
      {
        id: r.pendingApprovalId,
        method: 'customers.transferBranch',
        summaryParams: { count: 2, fromItems: '["上海浦东营业部"]', toItems: '["北京金融街营业部"]', managerItems: '["吴客户经理"]', reasonKeys: 'transferReason.customer_request' },
      },
    ]);
    // The analyst may follow the request, not decide it.
    const self = await t.call(analyst, 'approvals.approve', { id: r.pendingApprovalId });
    expect(self.ok ? null : self.error.code).toBe('FORBIDDEN');

    await t.ok(admin, 'approvals.approve', { id: r.pendingApprovalId });
    await t.app.jobs.idle();
    expect(all(`SELECT id, branch_id, manager_id, version FROM customers WHERE id IN (?, ?) ORDER BY customer_no`, s.a.id, s.b.id)).toEqual([
      { id: s.a.id, branch_id: t.org.b2, manager_id: t.users.am2!.id, version: 2 },
      { id: s.b.id, branch_id: t.org.b2, manager_id: t.users.am2!.id, version: 2 },
    ]);
    // Every child row routes with its customer now: tags, ownership, tasks.
    for (const table of ['customer_tags', 'customer_ownership', 'tasks', 'daily_assets']) {
      expect(all(`SELECT DISTINCT branch_id FROM ${table} WHERE customer_id = ?`, s.a.id), table).toEqual([{ branch_id: t.org.b2 }]);
    }
    expect(all(`SELECT manager_id, reason, valid_to IS NOT NULL AS closed, assigned_by FROM customer_ownership WHERE customer_id = ? ORDER BY valid_from, rowid`, s.a.id)).toEqual([
      { manager_id: t.users.am1!.id, reason: 'open', closed: 1, assigned_by: t.users.am1!.id },
      { manager_id: t.users.am2!.id, reason: 'assign', closed: 0, assigned_by: t.users.analyst!.id },
    ]);
    // The open task goes to the new manager; the done one keeps who did it.
    expect(all(`SELECT status, owner_id FROM tasks WHERE customer_id = ? ORDER BY status DESC`, s.a.id)).toEqual([
      { status: 'open', owner_id: t.users.am2!.id },
      { status: 'done', owner_id: t.users.am1!.id },
    ]);
    // The old branch's staff lose the customer; the new manager has it.
    const bm1 = await t.login('bm1');
    const lost = await t.call(bm1, 'customers.get', { id: s.a.id });
    expect(lost.ok ? null : lost.error.code).toBe('OUT_OF_SCOPE');
    expect((await t.ok(s.am2, 'customers.get', { id: s.a.id })).customer.branchId).toBe(t.org.b2);
    expect(auditRows(t, 'customers.transferBranch')).toEqual([
      {
        action: 'customers.transferBranch',
        outcome: 'ok',
        actor: t.users.analyst!.id,
        approver: t.users.admin!.id,
        targetType: 'customers',
        target: null,
        code: null,
        detail: `{"count":3,"updated":2,"branchId":"${t.org.b2}","managerId":"${t.users.am2!.id}","reason":"customer_request"}`,
      },
    ]);
    // Captured with the maker as author: the branch change is in the field history and the op log.
    expect(all(`SELECT author FROM history WHERE tbl = 'customers' AND row_id = ? AND col = 'branch_id'`, s.a.id)).toEqual([{ author: t.users.analyst!.id }]);
    expect(one(`SELECT count(*) AS n FROM sync_ops WHERE tbl = 'customers' AND row_id = ? AND col = 'branch_id' AND prev_branch_id = ?`, s.a.id, t.org.b1)).toEqual({ n: 1 });
  });

  it('moves them unassigned when no manager is named: the open task has no owner, the branch manager assigns', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    tasksAndFacts(s.a.id, t.org.b1, t.users.am1!.id);
    const analyst = await t.login('analyst');
    const { pendingApprovalId } = await t.ok(analyst, 'customers.transferBranch', { ids: [s.a.id], branchId: t.org.b2, managerId: null, reason: 'branch_restructure' });
    expect((await t.ok(analyst, 'approvals.list', { status: 'pending' }))[0]!.summaryParams).toMatchObject({ count: 1, managerKeys: 'customers.transfer.unassigned' });
    await t.ok(await t.login('admin'), 'approvals.approve', { id: pendingApprovalId });
    await t.app.jobs.idle();
    expect(one(`SELECT branch_id, manager_id FROM customers WHERE id = ?`, s.a.id)).toEqual({ branch_id: t.org.b2, manager_id: null });
    expect(one(`SELECT owner_id FROM tasks WHERE customer_id = ? AND status = 'open'`, s.a.id)).toEqual({ owner_id: null });
    const bm2 = await t.login('bm2');
    expect((await t.ok(bm2, 'customers.assign', { id: s.a.id, managerId: t.users.am2!.id })).managerId).toBe(t.users.am2!.id);
  });

  it('is refused, with nothing stored, for a role without the permission, a user who does not sit at HQ, a target that is not an open branch, a manager of another branch, and customers all there already', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const before = footprint(t);
    const input = { ids: [s.a.id], branchId: t.org.b2, managerId: t.users.am2!.id, reason: 'other' as const };
    const bm1 = await t.login('bm1');
    const noPerm = await t.call(bm1, 'customers.transferBranch', input);
    expect(noPerm.ok ? null : noPerm.error.code).toBe('FORBIDDEN');
    // An installation may grant the permission to a branch role: a branch's staff still may not move customers.
    t.db.sqlite.prepare(`INSERT INTO role_permissions (role_id, permission) VALUES ('operator', 'customers.transfer')`).run();
    t.app.reloadGrants();
    const op1 = await t.login('op1');
    const branchUser = await t.call(op1, 'customers.transferBranch', input);
    expect(branchUser.ok ? null : [branchUser.error.code, branchUser.error.message]).toEqual(['FORBIDDEN', 'error.customers.transferAtHq']);

    const analyst = await t.login('analyst');
    const issues = async (i: Partial<typeof input>) => {
      const r = await t.call(analyst, 'customers.transferBranch', { ...input, ...i });
      return r.ok ? null : r.error.issues;
    };
    expect(await issues({ branchId: t.org.hq })).toEqual([{ path: ['branchId'], message: 'validation.branch.unknown' }]);
    expect(await issues({ branchId: uuidv7() })).toEqual([{ path: ['branchId'], message: 'validation.branch.unknown' }]);
    expect(await issues({ managerId: t.users.am1!.id })).toEqual([{ path: ['managerId'], message: 'validation.manager.unknown' }]);
    expect(await issues({ ids: [s.c.id] })).toEqual([{ path: ['branchId'], message: 'validation.transfer.alreadyThere' }]);
    const missing = await t.call(analyst, 'customers.transferBranch', { ...input, ids: [s.a.id, uuidv7()] });
    expect(missing.ok ? null : [missing.error.code, missing.error.params]).toEqual(['NOT_FOUND', { count: 1 }]);
    expect(footprint(t)).toEqual(before);
    writeTxSync(t.db, t.users.admin!.id, () => t.db.sqlite.prepare(`UPDATE org_units SET status = 'closed' WHERE id = ?`).run(t.org.b2));
    const closing = footprint(t);
    expect(await issues({})).toEqual([{ path: ['branchId'], message: 'validation.branch.closed' }]);
    expect(footprint(t)).toEqual(closing);
    expect(auditRows(t, 'customers.transferBranch').map((a) => [a.actor, a.outcome, a.code])).toEqual([
      [t.users.bm1!.id, 'denied', 'FORBIDDEN'],
      [t.users.op1!.id, 'denied', 'FORBIDDEN'],
      ...Array.from({ length: 6 }, () => [t.users.analyst!.id, expect.any(String), expect.any(String)]),
    ]);
  });

  it('checks again when approved: nothing left to move, a request that no longer reads as approved (customers moved meanwhile), or a manager gone since fails the approval and changes nothing', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const analyst = await t.login('analyst');
    const admin = await t.login('admin');
    const first = await t.ok(analyst, 'customers.transferBranch', { ids: [s.a.id, s.b.id], branchId: t.org.b2, managerId: null, reason: 'other' });
    const second = await t.ok(analyst, 'customers.transferBranch', { ids: [s.b.id], branchId: t.org.b2, managerId: t.users.am2!.id, reason: 'other' });
    await t.ok(admin, 'approvals.approve', { id: first.pendingApprovalId });
    await t.app.jobs.idle();
    // Both are at branch 2 now: the second request has nothing left to move.
    const r = await t.call(admin, 'approvals.approve', { id: second.pendingApprovalId });
    expect(r.ok ? null : r.error.issues).toEqual([{ path: ['branchId'], message: 'validation.transfer.alreadyThere' }]);
    expect(one(`SELECT status FROM approvals WHERE id = ?`, second.pendingApprovalId)).toEqual({ status: 'failed' });

    // Read by the checker as "2 customers from branch 2 to branch 1"; by approval time one of them has moved there already.
    const c2 = await t.ok(analyst, 'customers.transferBranch', { ids: [s.c.id, s.a.id], branchId: t.org.b1, managerId: null, reason: 'other' });
    const c1 = await t.ok(analyst, 'customers.transferBranch', { ids: [s.a.id], branchId: t.org.b1, managerId: null, reason: 'other' });
    await t.ok(admin, 'approvals.approve', { id: c1.pendingApprovalId });
    await t.app.jobs.idle();
    const stale = await t.call(admin, 'approvals.approve', { id: c2.pendingApprovalId });
    expect(stale.ok ? null : [stale.error.code, stale.error.message]).toEqual(['CONFLICT', 'error.approvals.scopeChanged']);
    expect(one(`SELECT branch_id FROM customers WHERE id = ?`, s.c.id)).toEqual({ branch_id: t.org.b2 });

    const third = await t.ok(analyst, 'customers.transferBranch', { ids: [s.c.id], branchId: t.org.b1, managerId: t.users.am1!.id, reason: 'manager_change' });
    writeTxSync(t.db, t.users.admin!.id, () => t.db.sqlite.prepare(`UPDATE users SET status = 'disabled' WHERE id = ?`).run(t.users.am1!.id));
    const gone = await t.call(admin, 'approvals.approve', { id: third.pendingApprovalId });
    expect(gone.ok ? null : gone.error.issues).toEqual([{ path: ['managerId'], message: 'validation.manager.unknown' }]);
    expect(one(`SELECT branch_id, manager_id FROM customers WHERE id = ?`, s.c.id)).toEqual({ branch_id: t.org.b2, manager_id: t.users.am2!.id });
  });
});

describe('customers.transferBranch and merges', () => {
  it('takes the customers merged into the moved one, through a chain of merges, but not one whose merge was undone', async () => {
    t = await makeTestApp();
    const am1 = await t.login('am1');
    const make = (no: string, serial: number) => t.ok(am1, 'customers.create', { customerNo: no, name: '孙八', idType: 'resident_id', idNo: makeIdNumber('19660606', serial), branchId: t.org.b1 });
    const s = await make('400000001', 1);
    const l1 = await make('400000002', 2);
    const l2 = await make('400000003', 3);
    const l3 = await make('400000004', 4);
    const hqcomp = await t.login('hqcomp');
    const admin = await t.login('admin');
    const merge = async (survivorId: string, loserId: string) => {
      const { pendingApprovalId } = (await t.ok(hqcomp, 'customers.merge', { survivorId, loserId, picks: {} })) as unknown as { pendingApprovalId: string };
      await t.ok(admin, 'approvals.approve', { id: pendingApprovalId });
      return one(`SELECT id FROM customer_merges WHERE loser_id = ?`, loserId)!.id as string;
    };
    const undone = await merge(s.id, l1.id);
    await t.ok(hqcomp, 'customers.unmerge', { mergeId: undone });
    await merge(l2.id, l3.id);
    await merge(s.id, l2.id);

    const analyst = await t.login('analyst');
    const { pendingApprovalId } = await t.ok(analyst, 'customers.transferBranch', { ids: [s.id], branchId: t.org.b2, managerId: null, reason: 'customer_request' });
    await t.ok(admin, 'approvals.approve', { id: pendingApprovalId });
    await t.app.jobs.idle();
    expect(all(`SELECT customer_no, branch_id = ? AS moved FROM customers WHERE customer_no LIKE '4000000%' ORDER BY customer_no`, t.org.b2)).toEqual([
      { customer_no: '400000001', moved: 1 },
      { customer_no: '400000002', moved: 0 },
      { customer_no: '400000003', moved: 1 },
      { customer_no: '400000004', moved: 1 },
    ]);
    expect(all(`SELECT undone_at IS NOT NULL AS undone, branch_id = ? AS moved FROM customer_merges ORDER BY created_at, rowid`, t.org.b2)).toEqual([
      { undone: 1, moved: 0 },
      { undone: 0, moved: 1 },
      { undone: 0, moved: 1 },
    ]);
  });
});
