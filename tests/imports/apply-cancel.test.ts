import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { BATCH_SIZE } from '../../src-main/imports/engine';
import { apply, idOf, preview, runJobsInProcess, undo, writeCsv, type InProcessJobs } from './helpers';

let t: TestApp;
let jobs: InProcessJobs;
afterEach(() => {
  jobs?.close();
  t?.close();
});

const live = () => t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE deleted_at IS NULL`).pluck().get() as number;

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
