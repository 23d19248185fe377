import { afterEach, describe, expect, it, vi } from 'vitest';
import { handlers } from '../../src-main/ipc/handlers';
import { AppError } from '../../src-shared/rpc/errors';
import { makeTestApp, signInNewUser, type TestApp } from '../helpers/app';
import { v7 as uuidv7 } from 'uuid';
import { writeTxSync } from '../../src-main/db/tx';

let t: TestApp;
afterEach(() => t?.close());

/** A second admin at HQ, so the four-eyes rule has someone to ask. */
async function secondAdmin(t: TestApp) {
  const admin = await t.login('admin');
  const u = await t.ok(admin, 'users.create', { login: 'admin2', displayName: '第二管理员', role: 'admin', branchId: t.org.hq, password: 'Second-adm1n' });
  await signInNewUser(t, 'c-admin2', 'admin2', 'Second-adm1n');
  return { admin, admin2: 'c-admin2', admin2Id: u.id };
}

const roleOf = (t: TestApp, userId: string) => (t.db.sqlite.prepare('SELECT role FROM users WHERE id = ?').get(userId) as { role: string }).role;

describe('four-eyes (复核) on users.changeRole', () => {
  it('the user a role change is about decides neither way', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.bm1!.id, role: 'customer_service' });
    const bm1 = await t.login('bm1');
    for (const m of ['approvals.reject', 'approvals.approve'] as const) {
      const r = await t.call(bm1, m, { id: pendingApprovalId, note: '本人不同意' });
      expect(r.ok ? null : [r.error.code, r.error.message]).toEqual(['SELF_APPROVAL', 'error.approvals.aboutSelf']);
    }
    expect(t.db.sqlite.prepare(`SELECT status FROM approvals WHERE id = ?`).get(pendingApprovalId)).toEqual({ status: 'pending' });
  });

  it("the maker's call changes nothing and answers with a pending approval", async () => {
    t = await makeTestApp();
    const { admin } = await secondAdmin(t);
    const r = await t.ok(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'branch_manager' });
    expect(r).toEqual({ pendingApprovalId: expect.any(String) });
    expect(roleOf(t, t.users.am1!.id)).toBe('account_manager');
    const list = await t.ok(admin, 'approvals.list', { status: 'pending' });
    expect(list).toMatchObject([{ id: r.pendingApprovalId, method: 'users.changeRole', makerId: t.users.admin!.id, summaryParams: { userId: t.users.am1!.id, from: 'account_manager', to: 'branch_manager' } }]);
  });

  it('the maker cannot approve their own request', async () => {
    t = await makeTestApp();
    const { admin } = await secondAdmin(t);
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'branch_manager' });
    const r = await t.call(admin, 'approvals.approve', { id: pendingApprovalId });
    expect(r.ok ? null : r.error.code).toBe('SELF_APPROVAL');
    expect(roleOf(t, t.users.am1!.id)).toBe('account_manager');
  });

  it('a second person approves: the change runs as the maker, both named in the audit and the history', async () => {
    t = await makeTestApp();
    const { admin, admin2, admin2Id } = await secondAdmin(t);
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'branch_manager' });
    const done = await t.ok(admin2, 'approvals.approve', { id: pendingApprovalId, note: '已核实' });
    expect(done).toMatchObject({ status: 'approved', checkerId: admin2Id, note: '已核实' });
    expect(roleOf(t, t.users.am1!.id)).toBe('branch_manager');
    const audit = t.db.sqlite.prepare(`SELECT actor_id AS actor, approver_id AS approver, target_id AS target FROM audit_log WHERE action = 'users.changeRole'`).get();
    expect(audit).toEqual({ actor: t.users.admin!.id, approver: admin2Id, target: t.users.am1!.id });
    const hist = t.db.sqlite.prepare(`SELECT author, old_value, new_value FROM history WHERE tbl = 'users' AND col = 'role'`).get();
    expect(hist).toEqual({ author: t.users.admin!.id, old_value: '"account_manager"', new_value: '"branch_manager"' });
    const again = await t.call(admin2, 'approvals.approve', { id: pendingApprovalId });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
  });

  it('a rejected request never runs', async () => {
    t = await makeTestApp();
    const { admin, admin2 } = await secondAdmin(t);
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'operator' });
    await t.ok(admin2, 'approvals.reject', { id: pendingApprovalId, note: '不符合岗位要求' });
    expect(roleOf(t, t.users.am1!.id)).toBe('account_manager');
    const r = await t.call(admin2, 'approvals.approve', { id: pendingApprovalId });
    expect(r.ok ? null : r.error.code).toBe('CONFLICT');
  });

  it('the request is checked when it is made: unknown user, same role, a role that does not fit the org', async () => {
    t = await makeTestApp();
    const { admin } = await secondAdmin(t);
    const missing = await t.call(admin, 'users.changeRole', { userId: uuidv7(), role: 'operator' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    const same = await t.call(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'account_manager' });
    expect(same.ok ? null : same.error.issues).toEqual([{ path: ['role'], message: 'validation.role.unchanged' }]);
    const misfit = await t.call(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'hq_analyst' });
    expect(misfit.ok ? null : misfit.error.issues).toEqual([{ path: ['role'], message: 'validation.role.hqOnly' }]);
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM approvals').get()).toEqual({ n: 0 });
  });

  it('a branch manager can approve only requests of their own branch', async () => {
    t = await makeTestApp();
    const { admin } = await secondAdmin(t);
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.am2!.id, role: 'customer_service' });
    const bm1 = await t.login('bm1');
    expect(await t.ok(bm1, 'approvals.list', {})).toEqual([]);
    const r = await t.call(bm1, 'approvals.approve', { id: pendingApprovalId });
    expect(r.ok ? null : r.error.code).toBe('OUT_OF_SCOPE');
    const bm2 = await t.login('bm2');
    await t.ok(bm2, 'approvals.approve', { id: pendingApprovalId });
    expect(roleOf(t, t.users.am2!.id)).toBe('customer_service');
  });

  it('when the target is gone by approval time, the approval is marked failed and nothing changes', async () => {
    t = await makeTestApp();
    const { admin, admin2 } = await secondAdmin(t);
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'operator' });
    writeTxSync(t.db, t.users.admin!.id, () => t.db.sqlite.prepare(`UPDATE users SET role = 'operator' WHERE id = ?`).run(t.users.am1!.id));
    const r = await t.call(admin2, 'approvals.approve', { id: pendingApprovalId });
    expect(r.ok ? null : r.error.issues).toEqual([{ path: ['role'], message: 'validation.role.unchanged' }]);
    const row = t.db.sqlite.prepare('SELECT status, error_code FROM approvals WHERE id = ?').get(pendingApprovalId);
    expect(row).toEqual({ status: 'failed', error_code: 'VALIDATION' });
  });

  it('a checker without the approving permission is refused', async () => {
    t = await makeTestApp();
    const { admin } = await secondAdmin(t);
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'operator' });
    const comp = await t.login('comp1');
    const r = await t.call(comp, 'approvals.approve', { id: pendingApprovalId });
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });

  it('the maker can withdraw a pending request', async () => {
    t = await makeTestApp();
    const { admin, admin2 } = await secondAdmin(t);
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'operator' });
    const other = await t.call(admin2, 'approvals.cancel', { id: pendingApprovalId });
    expect(other.ok ? null : other.error.code).toBe('NOT_FOUND');
    await t.ok(admin, 'approvals.cancel', { id: pendingApprovalId });
    const r = await t.call(admin2, 'approvals.approve', { id: pendingApprovalId });
    expect(r.ok ? null : r.error.code).toBe('CONFLICT');
  });
});

describe('a four-eyes request that fails when approved', () => {
  it('keeps nothing it wrote before failing, and leaves no gap in the op sequence', async () => {
    t = await makeTestApp();
    const { admin, admin2 } = await secondAdmin(t);
    const { pendingApprovalId } = await t.ok(admin, 'users.changeRole', { userId: t.users.am1!.id, role: 'operator' });
    const seqBefore = (t.db.sqlite.prepare('SELECT max(origin_seq) AS s FROM sync_ops').get() as { s: number }).s;
    // The request's handler writes a captured change, then fails.
    const run = vi.spyOn(handlers['users.changeRole'], 'run').mockImplementation(async (input, ctx) => {
      await ctx.db.updateTable('users').set({ role: input.role }).where('id', '=', input.userId).execute();
      throw new AppError('CONFLICT', 'error.users.ownRole');
    });
    const r = await t.call(admin2, 'approvals.approve', { id: pendingApprovalId });
    run.mockRestore();
    expect(r.ok ? null : r.error.code).toBe('CONFLICT');
    expect(roleOf(t, t.users.am1!.id)).toBe('account_manager');
    expect(t.db.sqlite.prepare('SELECT status, error_code FROM approvals WHERE id = ?').get(pendingApprovalId)).toEqual({ status: 'failed', error_code: 'CONFLICT' });
    expect((t.db.sqlite.prepare('SELECT max(origin_seq) AS s FROM sync_ops').get() as { s: number }).s).toBe(seqBefore);
    await t.ok(admin, 'users.setStatus', { userId: t.users.am1b!.id, status: 'disabled' });
    const seqs = t.db.sqlite.prepare('SELECT origin_seq FROM sync_ops ORDER BY origin_seq').pluck().all() as number[];
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });
});
