import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { writeTxSync } from '../../src-main/db/tx';
import { BATCH_SIZE } from '../../src-main/imports/engine';
import { EXACT_UNDO_CHECK_ROWS } from '../../src-main/imports/runs';
import { makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { apply, idOf, liveCustomers, preview, runJobsInProcess, undo, writeCsv, type InProcessJobs } from './helpers';

let t: TestApp;
let jobs: InProcessJobs;
afterEach(() => {
  jobs?.close();
  t?.close();
});

const live = () => liveCustomers(t);
const byNo = (no: string) => t.db.sqlite.prepare(`SELECT id, name, version, deleted_at FROM customers WHERE customer_no = ?`).get(no) as { id: string; name: string; version: number; deleted_at: string | null };

/** A test app whose jobs run in this process; the operator of branch 1, logged in. */
async function start(): Promise<string> {
  t = await makeTestApp();
  jobs = runJobsInProcess(t);
  return t.login('op1');
}

/** An applied import of `total` new customers, 950000001 upwards, in branch 1. */
async function imported(op: string, total: number) {
  const rows: string[][] = [['客户号', '姓名', '证件号码']];
  for (let i = 1; i <= total; i++) rows.push([String(950000000 + i), `撤销${i}`, idOf(i, '19810101')]);
  const run = await apply(t, op, (await preview(t, op, 'customers', writeCsv(t, 'undo.csv', rows))).id);
  expect(run.status).toBe('applied');
  return run;
}

/** Runs `fn` once, when the undo job has committed its first chunk (its first progress message). */
function afterFirstUndoChunk(fn: () => boolean) {
  let fired = false;
  jobs.cancelWhen = (m) => {
    if (fired || !(m.type === 'progress' && m.phase === 'undo' && typeof m.done === 'number' && m.done > 0)) return false;
    fired = true;
    return fn();
  };
}

describe('imports: undo in paced transactions', () => {
  it('takes an import back in several transactions; a customer someone edits, or gives a contact, between two of them is kept as they left it', async () => {
    const op = await start();
    const total = BATCH_SIZE + 1500;
    const run = await imported(op, total);
    expect(live()).toBe(total);
    // Changes are taken back newest first: the first transaction (5,000) leaves the first 1,500 rows.
    const edited = byNo('950000001');
    const adopted = byNo('950000002');
    const chunks: number[] = [];
    afterFirstUndoChunk(() => {
      writeTxSync(t.db, t.users.am1!.id, () => {
        t.db.sqlite.prepare(`UPDATE customers SET name = '改过的名字', version = version + 1 WHERE id = ?`).run(edited.id);
        const at = new Date().toISOString();
        t.db.sqlite
          .prepare(`INSERT INTO contacts (id, customer_id, branch_id, kind, name, relation, phone, is_primary, created_at, updated_at) VALUES (?, ?, ?, 'relative', '联系人', '配偶', '13900000000', 0, ?, ?)`)
          .run(uuidv7(), adopted.id, t.org.b1, at, at);
      });
      return false;
    });
    const done = await undo(t, op, run.id);
    for (const m of jobs.posted) if (m.type === 'progress' && m.phase === 'undo' && typeof m.done === 'number') chunks.push(m.done);
    // The first transaction took 5,000 changes back and committed before the rest (progress is posted after a commit).
    expect(chunks[0]).toBe(BATCH_SIZE);
    expect(done).toMatchObject({ status: 'undone', undo: { done: total - 2, kept: 2 }, undoable: false });
    expect(live()).toBe(2);
    expect(byNo('950000001')).toMatchObject({ name: '改过的名字', deleted_at: null });
    expect(byNo('950000002').deleted_at).toBeNull();
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM contacts WHERE customer_id = ? AND deleted_at IS NULL`).pluck().get(adopted.id)).toBe(1);
    const job = await t.ok(op, 'jobs.get', { id: done.jobId! });
    expect(job).toMatchObject({ status: 'done', result: { status: 'undone', undone: total - 2, kept: 2 } });
    const audit = t.db.sqlite.prepare(`SELECT detail FROM audit_log WHERE action = 'imports.undo.done' AND target_id = ?`).pluck().get(run.id) as string;
    expect(JSON.parse(audit)).toMatchObject({ undone: total - 2, kept: 2 });
  }, 60_000);

  it('an undo cut off after its first transaction shows so, and undoing again finishes it from where it stopped', async () => {
    const op = await start();
    const total = BATCH_SIZE + 1500;
    const run = await imported(op, total);
    // The job stops after its first commit (a cancel: the next transaction rolls back), as a quit would.
    afterFirstUndoChunk(() => true);
    const { jobId } = await t.ok(op, 'imports.undo', { id: run.id });
    await t.app.jobs.wait(jobId);
    expect(await t.ok(op, 'jobs.get', { id: jobId })).toMatchObject({ status: 'cancelled' });
    expect(live()).toBe(total - BATCH_SIZE);
    const cut = await t.ok(op, 'imports.get', { id: run.id });
    expect(cut).toMatchObject({ status: 'failed', failure: { key: 'error.import.undo.interrupted', params: { done: BATCH_SIZE } }, undoable: true, undo: { done: BATCH_SIZE, kept: 0 } });
    // Resumed: the rows taken back already are not "touched since" for it, and are not counted again.
    jobs.cancelWhen = null;
    const done = await undo(t, op, run.id);
    expect(done).toMatchObject({ status: 'undone', undo: { done: total, kept: 0 }, failure: null });
    expect(live()).toBe(0);
    // One stamp for the whole undo: the rows of both jobs were deleted at the same time.
    expect(t.db.sqlite.prepare(`SELECT count(DISTINCT deleted_at) FROM customers`).pluck().get()).toBe(1);
    expect(t.db.sqlite.prepare(`SELECT DISTINCT deleted_at FROM customers`).pluck().get()).toBe(done.undoneAt);
    expect(await t.call(op, 'imports.undo', { id: run.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  }, 60_000);

  it('an ID number the import freed and someone took while the undo ran is not given back: that customer is kept as the import left it', async () => {
    const op = await start();
    const [a, b] = insertCustomers(t, [
      { customerNo: '900000001', name: '甲', idNo: idOf(9001, '19700101'), branchId: t.org.b1 },
      { customerNo: '900000002', name: '乙', idNo: idOf(9002, '19700101'), branchId: t.org.b1 },
    ]) as [string, string];
    // The first row gives customer 甲 a new ID number (its change is the oldest: taken back last).
    const rows: string[][] = [['客户号', '姓名', '证件号码'], ['900000001', '甲', idOf(9003, '19700101')]];
    for (let i = 1; i <= BATCH_SIZE + 1500; i++) rows.push([String(950000000 + i), `撤销${i}`, idOf(i, '19810101')]);
    const run = await apply(t, op, (await preview(t, op, 'customers', writeCsv(t, 'freed.csv', rows))).id);
    expect(run.counts).toMatchObject({ update: 1, error: 0 });
    // Between two undo transactions, 乙 is given the number 甲 had.
    afterFirstUndoChunk(() => {
      writeTxSync(t.db, t.users.am1!.id, () => t.db.sqlite.prepare(`UPDATE customers SET id_no = ?, version = version + 1 WHERE id = ?`).run(idOf(9001, '19700101'), b));
      return false;
    });
    const done = await undo(t, op, run.id);
    expect(done).toMatchObject({ status: 'undone', undo: { kept: 1 } });
    const idNo = (id: string) => t.db.sqlite.prepare(`SELECT id_no FROM customers WHERE id = ?`).pluck().get(id);
    expect([idNo(a), idNo(b)]).toEqual([idOf(9003, '19700101'), idOf(9001, '19700101')]);
  }, 60_000);

  it('an undo cut off before its first commit changed nothing: it shows so and can be started again', async () => {
    const op = await start();
    const run = await imported(op, 3);
    // What a quit while the undo job was queued leaves: the run undoing, its job ended without a word.
    t.db.sqlite.prepare(`UPDATE import_runs SET status = 'undoing' WHERE id = ?`).run(run.id);
    t.db.sqlite.prepare(`UPDATE jobs SET status = 'failed', error_code = 'INTERNAL' WHERE id = ?`).run(run.jobId);
    const cut = await t.ok(op, 'imports.get', { id: run.id });
    expect(cut).toMatchObject({ status: 'failed', failure: { key: 'error.import.undo.interrupted', params: { done: 0 } }, undoable: true, undo: null });
    const done = await undo(t, op, run.id);
    expect(done).toMatchObject({ status: 'undone', undo: { done: 3, kept: 0 } });
    expect(live()).toBe(0);
  });

  it('an undo refused at its start (a row touched since) changes nothing and leaves the run applied', async () => {
    const op = await start();
    const run = await imported(op, 3);
    const c = byNo('950000003');
    writeTxSync(t.db, t.users.am1!.id, () => t.db.sqlite.prepare(`UPDATE customers SET name = '改了', version = version + 1 WHERE id = ?`).run(c.id));
    expect(await t.call(op, 'imports.undo', { id: run.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'error.import.undo.touched' } });
    const after = await t.ok(op, 'imports.get', { id: run.id });
    expect(after).toMatchObject({ status: 'applied', undo: null, undoable: false });
    expect(live()).toBe(3);
  });

  it('an import too big for the call to check at once is refused in its job with the same reason and count, the run left applied', async () => {
    const op = await start();
    const total = EXACT_UNDO_CHECK_ROWS + 1;
    const run = await imported(op, total);
    const c = byNo('950000003');
    writeTxSync(t.db, t.users.am1!.id, () => t.db.sqlite.prepare(`UPDATE customers SET name = '改了', version = version + 1 WHERE id = ?`).run(c.id));
    const { jobId } = await t.ok(op, 'imports.undo', { id: run.id });
    await t.app.jobs.wait(jobId);
    expect(await t.ok(op, 'jobs.get', { id: jobId })).toMatchObject({ status: 'done', result: { status: 'refused', key: 'error.import.undo.touched', count: 1 } });
    expect(await t.ok(op, 'imports.get', { id: run.id })).toMatchObject({ status: 'applied', undo: null });
    expect(live()).toBe(total);
    expect(t.db.sqlite.prepare(`SELECT outcome FROM audit_log WHERE action = 'imports.undo.refused'`).pluck().all()).toEqual(['failed']);
  }, 60_000);
});
