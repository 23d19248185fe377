import { afterEach, describe, expect, it } from 'vitest';
import { LONG_TERM_EXPIRY } from '../../src-shared/customers/customer-fields';
import { join } from 'node:path';
import { CUSTOMER_EXPORT_COLUMNS } from '../../src-shared/exports/exports.contract';
import { writeTxSync } from '../../src-main/db/tx';
import { makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { apply, businessDigest, idOf, preview, runJobsInProcess, type InProcessJobs } from './helpers';

/**
 * The customer list exported (exports.customers, masked or not) comes back in as an update
 * with zero changes: its headers map by themselves, its labels (客户等级 金卡, 风险等级 C3 平衡型,
 * 营业部 by name, 客户经理 by name) parse, and masked ID numbers and phones stand for the stored
 * values.
 */
let t: TestApp;
let jobs: InProcessJobs;
afterEach(() => {
  jobs?.close();
  t?.close();
});

async function exported(clientId: string, name: string, unmasked: boolean): Promise<string> {
  const path = join(t.dir, name);
  const handle = t.app.files.issue(clientId, path, 'write').handle;
  const format = name.endsWith('.csv') ? 'csv' : 'xlsx';
  if (unmasked) {
    // 复核: asked, approved by the administrator, then saved by the maker.
    const asked = (await t.ok(clientId, 'exports.customersUnmasked', { format, columns: [...CUSTOMER_EXPORT_COLUMNS] })) as unknown as { pendingApprovalId: string };
    await t.ok(await t.login('admin'), 'approvals.approve', { id: asked.pendingApprovalId });
    const staged = (await t.ok(clientId, 'exports.staged.list', {}))[0]!;
    await t.app.jobs.wait(staged.jobId);
    await t.ok(clientId, 'exports.staged.save', { id: staged.id, handle });
    return path;
  }
  const { jobId } = await t.ok(clientId, 'exports.customers', { handle, format, columns: [...CUSTOMER_EXPORT_COLUMNS] });
  await t.app.jobs.wait(jobId);
  expect(await t.ok(clientId, 'jobs.get', { id: jobId })).toMatchObject({ status: 'done' });
  return path;
}

describe('imports: an exported list re-imports with zero changes', () => {
  it.each([
    ['masked .xlsx', 'list.xlsx', false],
    ['unmasked .xlsx', 'list-clear.xlsx', true],
    ['masked .csv', 'list.csv', false],
  ] as const)('%s', async (_label, name, unmasked) => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const ids = insertCustomers(t, [
      { customerNo: '600000001', name: '周一', idNo: idOf(61), phone: '13911110001', branchId: t.org.b1, managerId: t.users.am1!.id, birthDate: '1980-01-01' },
      { customerNo: '600000002', name: '吴二', idNo: idOf(62), phone: null, branchId: t.org.b1, birthDate: '1980-01-01' },
      { customerNo: '600000003', name: '郑三', idNo: idOf(63), phone: '13911110003', branchId: t.org.b1, managerId: t.users.am1b!.id, birthDate: '1980-01-01' },
      // Text a spreadsheet could take for a formula: exported as '@王芳, read back as @王芳.
      { customerNo: '600000004', name: '@王芳', idNo: idOf(64), phone: '13911110004', branchId: t.org.b1, managerId: t.users.am1!.id, birthDate: '1980-01-01' },
    ]);
    writeTxSync(
      t.db,
      'test-fixture',
      () => {
        t.db.sqlite.prepare(`UPDATE customers SET level = 'gold', risk_level = 'C3', open_date = '2020-05-06', id_expiry = '2035-01-01' WHERE id = ?`).run(ids[0]);
        // A long-term ID (most customers'): stored and exported as 9999-12-31.
        t.db.sqlite.prepare(`UPDATE customers SET id_expiry = ? WHERE id = ?`).run(LONG_TERM_EXPIRY, ids[1]);
      },
      'uncaptured',
    );
    const bm = await t.login('bm1');
    const path = await exported(bm, name, unmasked);
    const before = businessDigest(t);
    const run = await preview(t, bm, 'customers', path);
    expect(run.status).toBe('previewed');
    expect(run.firstErrors).toEqual([]);
    expect(run.counts).toMatchObject({ total: 4, unchanged: 4, new: 0, update: 0, error: 0 });
    const done = await apply(t, bm, run.id);
    expect(done.counts).toMatchObject({ unchanged: 4, applied: 0 });
    expect(businessDigest(t)).toBe(before);
  });

  it("the manager and branch a customer has now are no change, though the lookup would refuse them (a disabled manager, a branch manager's own customers); giving such a manager to another customer still is refused", async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    insertCustomers(t, [
      { customerNo: '600000021', name: '冯一', idNo: idOf(81), phone: '13911110021', branchId: t.org.b1, managerId: t.users.am1b!.id, birthDate: '1980-01-01' },
      { customerNo: '600000022', name: '陈二', idNo: idOf(82), phone: '13911110022', branchId: t.org.b1, managerId: t.users.bm1!.id, birthDate: '1980-01-01' },
      { customerNo: '600000023', name: '褚三', idNo: idOf(83), phone: '13911110023', branchId: t.org.b1, managerId: t.users.am1!.id, birthDate: '1980-01-01' },
    ]);
    writeTxSync(t.db, 'test-fixture', () => t.db.sqlite.prepare(`UPDATE users SET status = 'disabled' WHERE id = ?`).run(t.users.am1b!.id), 'uncaptured');
    const bm = await t.login('bm1');
    const path = await exported(bm, 'managers.xlsx', false);
    const run = await preview(t, bm, 'customers', path);
    expect(run.firstErrors).toEqual([]);
    expect(run.counts).toMatchObject({ total: 3, unchanged: 3, update: 0, error: 0 });
    const { writeCsv } = await import('./helpers');
    const amb = t.db.sqlite.prepare(`SELECT display_name FROM users WHERE id = ?`).pluck().get(t.users.am1b!.id) as string;
    const moved = await preview(t, bm, 'customers', writeCsv(t, 'move.csv', [['客户号', '客户姓名', '证件号码', '客户经理'], ['600000023', '褚三', idOf(83), amb]]));
    expect(moved.counts).toMatchObject({ error: 1 });
    expect(moved.firstErrors[0]).toMatchObject({ field: 'manager', message: { key: 'error.import.manager.unknown' } });
  });

  it('a masked value that does not fit the stored one, or names a new customer, is refused', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    insertCustomers(t, [{ customerNo: '600000011', name: '王一', idNo: idOf(71), phone: '13922220001', branchId: t.org.b1 }]);
    const op = await t.login('op1');
    const { writeCsv } = await import('./helpers');
    const run = await preview(
      t,
      op,
      'customers',
      writeCsv(t, 'm.csv', [
        ['客户号', '客户姓名', '证件号码', '手机号码'],
        ['600000011', '王一', idOf(71).slice(0, 3) + '*'.repeat(11) + idOf(71).slice(-4), '139****0009'],
        ['600000012', '新人', '110***********1234', ''],
      ]),
    );
    expect(run.firstErrors.map((e) => [e.row, e.column, e.message.key])).toEqual([
      [2, '手机号码', 'error.import.value.maskMismatch'],
      [3, '证件号码', 'error.import.value.masked'],
    ]);
  });
});
