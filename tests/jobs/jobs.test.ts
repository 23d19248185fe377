import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { createAppContext } from '../../src-main/ipc/context';
import { dispatch } from '../../src-main/ipc/dispatch';
import { newDbKey } from '../../src-main/db/open';
import { writeTxSync } from '../../src-main/db/tx';
import { executeJob } from '../../src-main/jobs/job-exec';
import { maxWalPages } from '../../src-main/jobs/job-cache';
import type { WorkerMessage } from '../../src-main/jobs/job-types';
import type { EventName } from '../../src-shared/rpc/events';

let t: TestApp;
afterEach(() => t?.close());

const ID_A = makeIdNumber('19700101', 11);
const ID_B = makeIdNumber('19800202', 22);

/**
 * Branch 1: one likely pair per reason (c1/c2 same ID, c3/c4 same name + birth date, c5/c6
 * same phone), plus near misses that are not pairs: a deleted customer with c5's phone, a
 * same-name customer with another birth date, and a pair of account managers' customers
 * sharing nothing. Branch 2: c7 has c1's ID (a cross-branch duplicate), c8/c9 share a phone.
 */
function seed(t: TestApp) {
  const b1 = t.org.b1;
  const b2 = t.org.b2;
  const am1 = t.users.am1!.id;
  const am1b = t.users.am1b!.id;
  const am2 = t.users.am2!.id;
  const ids = insertCustomers(t, [
    { customerNo: '100000001', name: '张伟', idNo: ID_A, phone: '13800000001', birthDate: '1970-01-01', branchId: b1, managerId: am1 },
    { customerNo: '100000002', name: '张卫', idNo: ID_A, phone: '13800000002', birthDate: '1970-01-01', branchId: b1, managerId: am1b },
    { customerNo: '100000003', name: '王芳', idNo: makeIdNumber('19800202', 31), phone: '13800000003', birthDate: '1980-02-02', branchId: b1, managerId: am1 },
    { customerNo: '100000004', name: '王芳', idNo: 'E12345678', idType: 'passport', phone: '13800000004', birthDate: '1980-02-02', branchId: b1, managerId: am1 },
    { customerNo: '100000005', name: '李娜', idNo: makeIdNumber('19900303', 41), phone: '13900000005', birthDate: '1990-03-03', branchId: b1, managerId: am1b },
    { customerNo: '100000006', name: '刘洋', idNo: makeIdNumber('19910404', 51), phone: '13900000005', birthDate: '1991-04-04', branchId: b1, managerId: null },
    { customerNo: '200000007', name: '张伟', idNo: ID_A, phone: '13700000007', birthDate: '1970-01-01', branchId: b2, managerId: am2 },
    { customerNo: '200000008', name: '陈静', idNo: ID_B, phone: '13600000008', birthDate: '1980-02-02', branchId: b2, managerId: am2 },
    { customerNo: '200000009', name: '杨磊', idNo: makeIdNumber('19850505', 61), phone: '13600000008', birthDate: '1985-05-05', branchId: b2, managerId: am2 },
    { customerNo: '100000010', name: '赵敏', idNo: makeIdNumber('19920606', 71), phone: '13900000005', birthDate: '1992-06-06', branchId: b1, managerId: am1, deleted: true },
    { customerNo: '100000011', name: '王芳', idNo: makeIdNumber('19810303', 81), phone: '13800000011', birthDate: '1981-03-03', branchId: b1, managerId: am1 },
  ]);
  return { c: ids };
}

/** A change made by someone else meanwhile (captured, as every edit is). */
const edit = (t: TestApp, sql: string, ...params: string[]) => writeTxSync(t.db, t.users.bm1!.id, () => t.db.sqlite.prepare(sql).run(...params));

type Ev = { name: EventName; payload: unknown };
function listen(t: TestApp, clientId: string): Ev[] {
  const events: Ev[] = [];
  t.app.events.subscribe(clientId, (name, payload) => events.push({ name, payload }));
  return events;
}

const pairsOf = (t: TestApp) =>
  t.db.sqlite.prepare(`SELECT a_id, b_id, reason, branch_id, status FROM duplicate_pairs ORDER BY reason, a_id, b_id`).all() as { a_id: string; b_id: string; reason: string; branch_id: string; status: string }[];
const pair = (x: string, y: string, reason: string, branchId: string, status = 'open') => (x < y ? { a_id: x, b_id: y, reason, branch_id: branchId, status } : { a_id: y, b_id: x, reason, branch_id: branchId, status });

async function scan(t: TestApp, client: string): Promise<string> {
  const { jobId } = await t.ok(client, 'customers.duplicates.scan', {});
  await t.app.jobs.wait(jobId);
  return jobId;
}

describe('jobs: the duplicate finder in a worker thread', () => {
  it("reported resolves once the job has said how it ended (row final, last event sent); wait, once its worker has exited; main's checkpoints wait meanwhile", async () => {
    t = await makeTestApp();
    seed(t);
    const bm1 = await t.login('bm1');
    const events = listen(t, bm1);
    const walPages = () => t.db.sqlite.pragma('wal_autocheckpoint', { simple: true });
    expect(walPages()).toBe(1000);
    const { jobId } = await t.ok(bm1, 'customers.duplicates.scan', {});
    // While a job runs, main's commits leave checkpoints to the job's thread: a window of 1 GiB in this file's pages.
    expect(walPages()).toBe(maxWalPages(t.db.sqlite));
    expect(walPages()).toBe((1024 * 1024 * 1024) / (t.db.sqlite.pragma('page_size', { simple: true }) as number));
    await t.app.jobs.reported(jobId);
    expect(t.db.sqlite.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(jobId)).toBe('done');
    expect(events.at(-1)).toMatchObject({ name: 'job.progress', payload: { jobId, phase: 'done' } });
    await t.app.jobs.wait(jobId);
    expect(t.app.jobs.isLive(jobId)).toBe(false);
    expect(walPages()).toBe(1000);
    // A job that has ended: at once.
    await t.app.jobs.reported(jobId);
  });

  it("a branch manager's scan finds exactly the branch's pairs per reason, with progress events and a done row", async () => {
    t = await makeTestApp();
    const { c } = seed(t);
    const bm1 = await t.login('bm1');
    const events = listen(t, bm1);
    const jobId = await scan(t, bm1);

    const b1 = t.org.b1;
    expect(pairsOf(t)).toEqual(
      [pair(c[0]!, c[1]!, 'id_no', b1), pair(c[2]!, c[3]!, 'name_birth', b1), pair(c[4]!, c[5]!, 'phone', b1)].sort((x, y) => (x.reason + x.a_id + x.b_id).localeCompare(y.reason + y.a_id + y.b_id)),
    );
    expect(events).toEqual([
      { name: 'job.progress', payload: { jobId, done: 0, total: 4, phase: 'id_no' } },
      { name: 'job.progress', payload: { jobId, done: 1, total: 4, phase: 'name_birth' } },
      { name: 'job.progress', payload: { jobId, done: 2, total: 4, phase: 'phone' } },
      { name: 'job.progress', payload: { jobId, done: 3, total: 4, phase: 'write' } },
      { name: 'job.progress', payload: { jobId, done: 4, total: 4, phase: 'write' } },
      { name: 'job.progress', payload: { jobId, done: 4, total: 4, phase: 'done' } },
    ]);
    const job = await t.ok(bm1, 'jobs.get', { id: jobId });
    expect(job).toEqual({
      id: jobId,
      kind: 'customers.duplicates',
      status: 'done',
      done: 4,
      total: 4,
      createdAt: expect.any(String),
      finishedAt: expect.any(String),
      result: { idNo: 1, nameBirth: 1, phone: 1, open: 3, largeGroups: 0 },
      errorCode: null,
    });
    const audit = t.db.sqlite.prepare(`SELECT actor_id AS actor, target_type AS type, target_id AS target FROM audit_log WHERE action = 'customers.duplicates.scan'`).all();
    expect(audit).toEqual([{ actor: t.users.bm1!.id, type: 'job', target: jobId }]);
  });

  it('HQ scans every branch: cross-branch duplicates too', async () => {
    t = await makeTestApp();
    const { c } = seed(t);
    const hq = await t.login('hqcomp');
    const jobId = await scan(t, hq);
    // c1 and c7 are also the same name and birth date: the same person at two branches.
    expect((await t.ok(hq, 'jobs.get', { id: jobId })).result).toEqual({ idNo: 3, nameBirth: 2, phone: 2, open: 7, largeGroups: 0 });
    const { b1, b2 } = t.org;
    const ids = [c[0]!, c[1]!, c[6]!].sort();
    expect(pairsOf(t).filter((p) => p.reason === 'id_no')).toEqual([
      pair(ids[0]!, ids[1]!, 'id_no', c.indexOf(ids[0]!) === 6 ? b2 : b1),
      pair(ids[0]!, ids[2]!, 'id_no', c.indexOf(ids[0]!) === 6 ? b2 : b1),
      pair(ids[1]!, ids[2]!, 'id_no', c.indexOf(ids[1]!) === 6 ? b2 : b1),
    ]);
    expect(pairsOf(t).filter((p) => p.reason === 'name_birth')).toEqual(
      [pair(c[2]!, c[3]!, 'name_birth', b1), pair(c[0]!, c[6]!, 'name_birth', c[0]! < c[6]! ? b1 : b2)].sort((x, y) => x.a_id.localeCompare(y.a_id)),
    );
    expect(pairsOf(t).filter((p) => p.reason === 'phone')).toEqual(
      [pair(c[4]!, c[5]!, 'phone', b1), pair(c[7]!, c[8]!, 'phone', b2)].sort((x, y) => x.a_id.localeCompare(y.a_id)),
    );
  });

  it('account managers may not scan (customers.merge is a branch permission)', async () => {
    t = await makeTestApp();
    seed(t);
    const am1 = await t.login('am1');
    const r = await t.call(am1, 'customers.duplicates.scan', {});
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });

  it("another user's job is NOT_FOUND, to see and to cancel", async () => {
    t = await makeTestApp();
    seed(t);
    const bm1 = await t.login('bm1');
    const jobId = await scan(t, bm1);
    const comp1 = await t.login('comp1');
    const get = await t.call(comp1, 'jobs.get', { id: jobId });
    expect(get.ok ? null : get.error).toEqual({ code: 'NOT_FOUND', message: 'error.jobs.notFound' });
    const cancel = await t.call(comp1, 'jobs.cancel', { id: jobId });
    expect(cancel.ok ? null : cancel.error).toEqual({ code: 'NOT_FOUND', message: 'error.jobs.notFound' });
    const unknown = await t.call(bm1, 'jobs.get', { id: uuidv7() });
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
  });

  it('a cancelled scan stops and leaves the previous pairs as they were', async () => {
    t = await makeTestApp();
    const { c } = seed(t);
    const bm1 = await t.login('bm1');
    await scan(t, bm1);
    const before = pairsOf(t);
    expect(before.length).toBe(3);
    // A rescan would drop the phone pair and find a new ID pair: neither may happen.
    edit(t, `UPDATE customers SET phone = '13900000099', id_no = ? WHERE id = ?`, ID_A, c[5]!);
    const events = listen(t, bm1);
    const { jobId } = await t.ok(bm1, 'customers.duplicates.scan', {});
    // The worker takes well over 100 ms to start: the request to stop is there before its first checkpoint.
    await t.ok(bm1, 'jobs.cancel', { id: jobId });
    await t.app.jobs.wait(jobId);
    expect(await t.ok(bm1, 'jobs.get', { id: jobId })).toMatchObject({ status: 'cancelled', result: null, errorCode: null, finishedAt: expect.any(String) });
    expect(events.at(-1)).toEqual({ name: 'job.progress', payload: { jobId, done: 0, total: null, phase: 'cancelled' } });
    expect(pairsOf(t)).toEqual(before);
    // Cancelling a job that has ended is a no-op.
    await t.ok(bm1, 'jobs.cancel', { id: jobId });
  });

  it('a cancel that arrives during the write rolls the whole replacement back', async () => {
    t = await makeTestApp();
    const { c } = seed(t);
    const bm1 = await t.login('bm1');
    await scan(t, bm1);
    const before = pairsOf(t);
    edit(t, `UPDATE customers SET phone = '13900000099', id_no = ? WHERE id = ?`, ID_A, c[5]!);
    const jobId = uuidv7();
    t.db.sqlite.prepare(`INSERT INTO jobs (id, kind, status, created_by, created_at) VALUES (?, 'customers.duplicates', 'queued', ?, ?)`).run(jobId, t.users.bm1!.id, new Date().toISOString());
    // In-process, with a cancel that arrives once the job reports its write phase (inside the write transaction's check).
    const posted: WorkerMessage[] = [];
    let writing = false;
    const end = await executeJob(t.db, { jobId, kind: 'customers.duplicates', params: { scope: { kind: 'branch', branchId: t.org.b1 } }, userId: t.users.bm1!.id }, {
      post: (m) => {
        posted.push(m);
        if (m.type === 'progress' && m.phase === 'write') writing = true;
      },
      cancelRequested: () => writing && posted.length === 4 && !!t.db.sqlite.inTransaction,
    });
    expect(end).toEqual({ type: 'cancelled' });
    expect(pairsOf(t)).toEqual(before);
    expect(t.db.sqlite.prepare('SELECT status, done, total FROM jobs WHERE id = ?').get(jobId)).toEqual({ status: 'cancelled', done: 3, total: 4 });
  });

  it('a rescan replaces open pairs, keeps dismissed ones dismissed', async () => {
    t = await makeTestApp();
    const { c } = seed(t);
    const bm1 = await t.login('bm1');
    await scan(t, bm1);
    await t.ok(bm1, 'customers.duplicates.dismiss', { aId: c[3]!, bId: c[2]!, reason: 'name_birth' });
    // c6 gets another phone: the phone pair is gone at the next scan.
    edit(t, `UPDATE customers SET phone = '13900000099' WHERE id = ?`, c[5]!);
    const jobId = await scan(t, bm1);
    expect((await t.ok(bm1, 'jobs.get', { id: jobId })).result).toEqual({ idNo: 1, nameBirth: 1, phone: 0, open: 1, largeGroups: 0 });
    const b1 = t.org.b1;
    expect(pairsOf(t)).toEqual([pair(c[0]!, c[1]!, 'id_no', b1), pair(c[2]!, c[3]!, 'name_birth', b1, 'dismissed')]);
    const dismissed = await t.ok(bm1, 'customers.duplicates.list', { status: 'dismissed' });
    expect(dismissed.total).toBe(1);
    expect(dismissed.pairs.map((p) => [p.reason, p.status, p.a.customerNo, p.b.customerNo].join(' ')).sort()).toEqual([
      ['name_birth', 'dismissed', ...[c[2]!, c[3]!].sort().map((id) => (id === c[2] ? '100000003' : '100000004'))].join(' '),
    ]);
  });

  it('the pair list pages masked list rows of both customers, within scope', async () => {
    t = await makeTestApp();
    const { c } = seed(t);
    const hq = await t.login('hqcomp');
    await scan(t, hq);
    const bm1 = await t.login('bm1');
    const all = await t.ok(bm1, 'customers.duplicates.list', {});
    // The cross-branch ID pairs (with c7 of branch 2) are HQ's to see, not branch 1's.
    expect(all.total).toBe(3);
    expect(all.pairs.map((p) => p.reason)).toEqual(['id_no', 'name_birth', 'phone']);
    const idPair = all.pairs[0]!;
    const first = c[0]! < c[1]! ? 'a' : 'b';
    expect(idPair[first]).toEqual({
      id: c[0]!,
      customerNo: '100000001',
      kind: 'individual',
      name: '张伟',
      idType: 'resident_id',
      idNo: `110***********${ID_A.slice(-4)}`,
      phone: '138****0001',
      branchId: t.org.b1,
      branchName: '上海浦东营业部',
      managerId: t.users.am1!.id,
      managerName: '李客户经理',
      level: 'normal',
      status: 'active',
      riskLevel: null,
      riskExpiresAt: null,
      idExpiry: null,
      assetsFen: 0,
      openDate: null,
      lastContactAt: null,
      elderly: false,
    });
    const page2 = await t.ok(bm1, 'customers.duplicates.list', { limit: 2, offset: 2 });
    expect({ total: page2.total, reasons: page2.pairs.map((p) => p.reason) }).toEqual({ total: 3, reasons: ['phone'] });
    const phones = await t.ok(bm1, 'customers.duplicates.list', { reason: 'phone' });
    expect(phones.pairs.map((p) => [p.a.customerNo, p.b.customerNo].sort())).toEqual([['100000005', '100000006']]);
    const hqAll = await t.ok(hq, 'customers.duplicates.list', { limit: 200 });
    expect(hqAll.total).toBe(7);
    const bm2 = await t.login('bm2');
    expect((await t.ok(bm2, 'customers.duplicates.list', {})).pairs.map((p) => [p.reason, [p.a.customerNo, p.b.customerNo].sort().join('/')])).toEqual([['phone', '200000008/200000009']]);
  });

  it('a job that cannot open the database ends failed; a context without the key starts none', async () => {
    t = await makeTestApp();
    seed(t);
    const wrongKey = await createAppContext({ db: t.db, dbKey: newDbKey(), validateOutput: true });
    const login = await dispatch(wrongKey, 'c-x', 'auth.login', { login: 'bm1', password: 'Passw0rd-test' });
    expect(login.ok).toBe(true);
    const r = await dispatch(wrongKey, 'c-x', 'customers.duplicates.scan', {});
    if (!r.ok) throw new Error(r.error.code);
    const { jobId } = r.value as { jobId: string };
    await wrongKey.jobs.wait(jobId);
    const got = await dispatch(wrongKey, 'c-x', 'jobs.get', { id: jobId });
    expect(got.ok ? got.value : null).toMatchObject({ status: 'failed', errorCode: 'INTERNAL' });

    const noKey = await createAppContext({ db: t.db });
    await dispatch(noKey, 'c-y', 'auth.login', { login: 'bm1', password: 'Passw0rd-test' });
    const none = await dispatch(noKey, 'c-y', 'customers.duplicates.scan', {});
    expect(none.ok ? null : none.error).toEqual({ code: 'INTERNAL', message: 'error.jobs.unavailable' });
  });
});
