import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { writeTxSync } from '../../src-main/db/tx';
import { makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { BATCH_SIZE, TX_BUDGET_MS, txUnits } from '../../src-main/imports/engine';
import { BUSY_TIMEOUT_MS } from '../../src-main/db/open';
import { parentAsLeft } from '../../src-main/imports/changes';
import { apply, idOf, liveCustomers, preview, runJobsInProcess, undo, writeCsv, type InProcessJobs } from './helpers';

let t: TestApp;
let jobs: InProcessJobs;
afterEach(() => {
  jobs?.close();
  t?.close();
});

const live = () => liveCustomers(t);

// First: the file's afterEach closes what the tests before it opened.
describe('imports: the pace of an apply', () => {
  it('paced write transactions: the first holds BATCH_SIZE rows, then as many batches as the best of the last three paces fits in half the busy timeout', () => {
    expect(TX_BUDGET_MS).toBe(BUSY_TIMEOUT_MS / 2);
    const units = (...paces: [number, number][]) => txUnits(1000, 20_000, paces.map(([rows, ms]) => ({ rows, ms })));
    expect(units()).toBe(BATCH_SIZE / 1000);
    // 5,000 rows took 1,250 ms: 10,000 rows fit the budget → 10 batches of 1,000.
    expect(units([5000, TX_BUDGET_MS / 2])).toBe(10);
    expect(units([5000, TX_BUDGET_MS])).toBe(5);
    // Slower than the budget: the next shrinks, never below one batch.
    expect(units([5000, TX_BUDGET_MS * 2])).toBe(2);
    expect(units([5000, TX_BUDGET_MS * 100])).toBe(1);
    // One slow commit among three (it also checkpointed the WAL) does not shrink the next; three do.
    expect(units([5000, TX_BUDGET_MS / 2], [10_000, TX_BUDGET_MS * 3], [5000, TX_BUDGET_MS / 2])).toBe(10);
    expect(units([5000, TX_BUDGET_MS / 2], [5000, TX_BUDGET_MS * 2], [5000, TX_BUDGET_MS * 2], [5000, TX_BUDGET_MS * 2])).toBe(2);
    // Fast: capped at the kind's maximum; an empty or instant transaction does not divide by zero.
    expect(units([5000, 1])).toBe(20);
    expect(units([5000, 0])).toBe(20);
    expect(units([0, 0])).toBe(5);
  });
});

describe('imports: apply in batches, cancel, a file changed since the preview', () => {
  it('a cancel after the first committed batch compensates: no imported customer stays live, the update is taken back, the run is cancelled', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const [existing] = insertCustomers(t, [{ customerNo: '900000000', name: '老客户', idNo: idOf(999), phone: '13000000000', branchId: t.org.b1 }]);
    const op = await t.login('op1');
    const rows: (string | null)[][] = [['客户号', '姓名', '证件号码', '手机']];
    rows.push(['900000000', '老客户', idOf(999), '13000000001']);
    for (let i = 1; i <= BATCH_SIZE + 500; i++) rows.push([String(900000000 + i), `客户${i}`, idOf(i, '19750101'), `1${String(5_000_000_000 + i)}`]);
    const path = writeCsv(t, 'big.csv', rows);
    const run = await preview(t, op, 'customers', path);
    expect(run.counts).toMatchObject({ total: BATCH_SIZE + 501, new: BATCH_SIZE + 500, update: 1, error: 0 });
    const before = live();
    // Stop once the first batch has committed (its progress is posted after the commit).
    jobs.cancelWhen = (m) => m.type === 'progress' && m.phase === 'apply' && m.done >= BATCH_SIZE;
    const { jobId } = await t.ok(op, 'imports.apply', { importId: run.id, mode: 'all' });
    await t.app.jobs.wait(jobId);
    expect(await t.ok(op, 'jobs.get', { id: jobId })).toMatchObject({ status: 'cancelled' });
    const after = await t.ok(op, 'imports.get', { id: run.id });
    expect(after.status).toBe('cancelled');
    expect(after.undoable).toBe(false);
    expect(live()).toBe(before);
    expect(t.db.sqlite.prepare(`SELECT phone, deleted_at FROM customers WHERE id = ?`).get(existing)).toEqual({ phone: '13000000000', deleted_at: null });
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM import_changes`).pluck().get()).toBe(0);
    // The first batch did commit before the cancel (and was compensated): its tombstones are captured.
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE deleted_at IS NOT NULL`).pluck().get()).toBe(BATCH_SIZE - 1);
    // The cancelled run cannot be applied again.
    expect(await t.call(op, 'imports.apply', { importId: run.id, mode: 'all' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  }, 60_000);

  it('a cancel does not reopen the manager period it closed when someone reassigned the customer meanwhile: one period stays open', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const am1 = t.users.am1!.id;
    const am1b = t.users.am1b!.id;
    const [existing] = insertCustomers(t, [{ customerNo: '910000000', name: '老客户', idNo: idOf(998), branchId: t.org.b1, managerId: am1 }]);
    const at = '2024-01-02T03:04:05.000Z';
    const open = (id: string, managerId: string) =>
      writeTxSync(t.db, 'test', () =>
        t.db.sqlite
          .prepare(`INSERT INTO customer_ownership (id, customer_id, branch_id, manager_id, valid_from, valid_to, reason, assigned_by, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL, 'assign', 'test', ?, NULL)`)
          .run(id, existing, t.org.b1, managerId, at, at),
      );
    open(uuidv7(), am1);
    const op = await t.login('op1');
    // The first batch moves the existing customer to am1b (closing am1's period); the rest are new.
    const rows: (string | null)[][] = [['客户号', '姓名', '证件号码', '客户经理']];
    rows.push(['910000000', '老客户', idOf(998), 'am1b']);
    for (let i = 1; i <= BATCH_SIZE + 500; i++) rows.push([String(910000000 + i), `客户${i}`, idOf(i, '19760101'), null]);
    const run = await preview(t, op, 'customers', writeCsv(t, 'reassign.csv', rows));
    expect(run.counts).toMatchObject({ update: 1, error: 0 });
    // Between the batches a branch manager gives the customer back to am1: a period of its own.
    jobs.cancelWhen = (m) => {
      if (!(m.type === 'progress' && m.phase === 'apply' && m.done >= BATCH_SIZE)) return false;
      writeTxSync(t.db, 'test', () => {
        t.db.sqlite.prepare(`UPDATE customer_ownership SET valid_to = ? WHERE customer_id = ? AND valid_to IS NULL`).run(at, existing);
        t.db.sqlite.prepare(`UPDATE customers SET manager_id = ?, version = version + 1 WHERE id = ?`).run(am1, existing);
      });
      open(uuidv7(), am1);
      return true;
    };
    const { jobId } = await t.ok(op, 'imports.apply', { importId: run.id, mode: 'all' });
    await t.app.jobs.wait(jobId);
    expect(await t.ok(op, 'jobs.get', { id: jobId })).toMatchObject({ status: 'cancelled' });
    const periods = t.db.sqlite.prepare(`SELECT manager_id FROM customer_ownership WHERE customer_id = ? AND valid_to IS NULL AND deleted_at IS NULL`).all(existing);
    expect(periods).toEqual([{ manager_id: am1 }]);
    expect(t.db.sqlite.prepare(`SELECT manager_id FROM customers WHERE id = ?`).pluck().get(existing)).toBe(am1);
  }, 60_000);

  it('a customer a cancel keeps (edited between the batches) keeps its manager periods as the import left them: the moved one, and the new one', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const am1 = t.users.am1!.id;
    const am1b = t.users.am1b!.id;
    const [existing] = insertCustomers(t, [{ customerNo: '920000000', name: '老客户', idNo: idOf(997), branchId: t.org.b1, managerId: am1 }]);
    const at = '2024-01-02T03:04:05.000Z';
    writeTxSync(t.db, 'test', () =>
      t.db.sqlite
        .prepare(`INSERT INTO customer_ownership (id, customer_id, branch_id, manager_id, valid_from, valid_to, reason, assigned_by, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL, 'assign', 'test', ?, NULL)`)
        .run(uuidv7(), existing, t.org.b1, am1, at, at),
    );
    const op = await t.login('op1');
    // The first batch moves the existing customer to am1b and creates one for am1; the rest are new, unassigned.
    const rows: (string | null)[][] = [['客户号', '姓名', '证件号码', '客户经理']];
    rows.push(['920000000', '老客户', idOf(997), 'am1b']);
    rows.push(['920000001', '新客户', idOf(1, '19770101'), 'am1']);
    for (let i = 2; i <= BATCH_SIZE + 500; i++) rows.push([String(920000000 + i), `客户${i}`, idOf(i, '19770101'), null]);
    const run = await preview(t, op, 'customers', writeCsv(t, 'kept.csv', rows));
    expect(run.counts).toMatchObject({ update: 1, error: 0 });
    // Between the batches someone edits both customers' notes: the cancel keeps them as they are now.
    jobs.cancelWhen = (m) => {
      if (!(m.type === 'progress' && m.phase === 'apply' && m.done >= BATCH_SIZE)) return false;
      writeTxSync(t.db, 'test', () => t.db.sqlite.prepare(`UPDATE customers SET notes = '已回访', version = version + 1 WHERE customer_no IN ('920000000', '920000001')`).run());
      return true;
    };
    const { jobId } = await t.ok(op, 'imports.apply', { importId: run.id, mode: 'all' });
    await t.app.jobs.wait(jobId);
    expect(await t.ok(op, 'jobs.get', { id: jobId })).toMatchObject({ status: 'cancelled' });
    const state = (no: string) => {
      const c = t.db.sqlite.prepare(`SELECT id, manager_id, deleted_at FROM customers WHERE customer_no = ?`).get(no) as { id: string; manager_id: string; deleted_at: string | null };
      const open = t.db.sqlite.prepare(`SELECT manager_id FROM customer_ownership WHERE customer_id = ? AND valid_to IS NULL AND deleted_at IS NULL`).pluck().all(c.id);
      return { manager: c.manager_id, live: c.deleted_at === null, open };
    };
    expect(state('920000000')).toEqual({ manager: am1b, live: true, open: [am1b] });
    expect(state('920000001')).toEqual({ manager: am1, live: true, open: [am1] });
    // The untouched new customers were taken back.
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE customer_no LIKE '92000%' AND deleted_at IS NULL`).pluck().get()).toBe(2);
  }, 60_000);

  it("a manager period's guard finds its customer's change by index, not by reading the import's changes (once per period)", async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    for (const table of ['customer_ownership', 'product_risk_changes'] as const) {
      const plan = t.db.sqlite
        .prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM ${table} WHERE id = $id AND ${parentAsLeft(table)}`)
        .all({ id: 'x', importId: 'y', stamp: 'z' }) as { detail: string }[];
      const details = plan.map((p) => p.detail).join('\n');
      // Both columns of the index searched: one change found by its row, not the import's changes read.
      expect(details, table).toMatch(table === 'customer_ownership' ? /import_changes_customer \(import_id=\? AND row_key=\?\)/ : /import_changes_product \(import_id=\? AND row_key=\?\)/);
      expect(details, table).not.toMatch(/SCAN j\b|SCAN import_changes/);
    }
  });

  it('a customers apply takes BATCH_SIZE rows first, then grows its transactions in whole batches: every row applied once, in file order', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const op = await t.login('op1');
    const total = BATCH_SIZE + 6500;
    const rows: string[][] = [['客户号', '姓名', '证件号码']];
    for (let i = 1; i <= total; i++) rows.push([String(940000000 + i), `客户${i}`, idOf(i, '19800101')]);
    const run = await apply(t, op, (await preview(t, op, 'customers', writeCsv(t, 'paced.csv', rows))).id);
    expect(run.status).toBe('applied');
    // Progress is posted once a transaction commits, with the rows done so far.
    const done = jobs.posted.flatMap((m) => (m.type === 'progress' && m.phase === 'apply' && typeof m.done === 'number' && m.done > 0 ? [m.done] : []));
    expect(done[0]).toBe(BATCH_SIZE);
    expect(done.at(-1)).toBe(total);
    // Then the rest at once: 5,000 rows take well under a second here, so the budget fits all
    // 6,500 (a fixed 5,000-row batch would take two more transactions, 1,000 rows a batch seven).
    expect(done).toEqual([BATCH_SIZE, total]);
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE deleted_at IS NULL`).pluck().get()).toBe(total);
    // The customers were written in file order (their seq follows the row order).
    const nos = t.db.sqlite.prepare(`SELECT customer_no FROM customers ORDER BY seq`).pluck().all() as string[];
    expect(nos).toEqual(rows.slice(1).map((r) => r[0]));
  }, 60_000);

  it('a file modified after its preview is refused at apply, nothing written', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const op = await t.login('op1');
    const path = writeCsv(t, 'f.csv', [['客户号', '姓名', '证件号码'], ['910000001', '一号', idOf(1)]]);
    const run = await preview(t, op, 'customers', path);
    writeFileSync(path, `客户号,姓名,证件号码\r\n910000001,二号,${idOf(1)}\r\n`);
    const done = await apply(t, op, run.id);
    expect(done.status).toBe('failed');
    expect(done.failure).toEqual({ key: 'error.import.apply.fileChanged' });
    expect(live()).toBe(0);
  });

  it('an apply cut off mid-way (the app quit) shows failed and can be undone', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const op = await t.login('op1');
    const path = writeCsv(t, 'i.csv', [['客户号', '姓名', '证件号码'], ['930000001', '中断一', idOf(31)], ['930000002', '中断二', idOf(32)]]);
    const run = await apply(t, op, (await preview(t, op, 'customers', path)).id);
    // What a crash after the commits leaves: the run still applying, its job ended without saying so.
    t.db.sqlite.prepare(`UPDATE import_runs SET status = 'applying' WHERE id = ?`).run(run.id);
    t.db.sqlite.prepare(`UPDATE jobs SET status = 'failed', error_code = 'INTERNAL' WHERE id = ?`).run(run.jobId);
    const cut = await t.ok(op, 'imports.get', { id: run.id });
    expect(cut).toMatchObject({ status: 'failed', failure: { key: 'error.import.interrupted' }, undoable: true });
    expect(live()).toBe(2);
    const undone = await undo(t, op, run.id);
    expect(undone.status).toBe('undone');
    expect(live()).toBe(0);
  });

  it('no personal data reaches the audit log', async () => {
    t = await makeTestApp();
    jobs = runJobsInProcess(t);
    const op = await t.login('op1');
    const rows = [
      ['客户号', '姓名', '证件号码', '手机', '地址'],
      ['920000001', '欧阳锋', idOf(7), '13912345678', '北京市西城区金融大街1号'],
    ];
    const run = await apply(t, op, (await preview(t, op, 'customers', writeCsv(t, '欧阳锋的资料.csv', rows))).id);
    expect(run.status).toBe('applied');
    const all = JSON.stringify(t.db.sqlite.prepare(`SELECT * FROM audit_log`).all());
    for (const secret of ['欧阳锋', idOf(7), '13912345678', '金融大街', '920000001']) expect(all).not.toContain(secret);
    const actions = (t.db.sqlite.prepare(`SELECT action FROM audit_log WHERE target_id = ? ORDER BY id`).pluck().all(run.id) as string[]);
    expect(actions).toEqual(['imports.preview', 'imports.preview.done', 'imports.apply', 'imports.apply.done']);
  });
});
