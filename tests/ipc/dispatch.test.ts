import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { dispatch } from '../../src-main/ipc/dispatch';
import { openDatabase } from '../../src-main/db/open';

let t: TestApp;
afterEach(() => t?.close());

const auditRows = (t: TestApp) =>
  t.db.sqlite.prepare(`SELECT action, outcome, actor_id AS actor, error_code AS code, target_id AS target FROM audit_log ORDER BY id`).all() as {
    action: string;
    outcome: string;
    actor: string | null;
    code: string | null;
    target: string | null;
  }[];

describe('dispatch', () => {
  it('answers UNKNOWN_METHOD for a method the contract does not have, even one named like an object key', async () => {
    t = await makeTestApp();
    for (const m of ['users.drop', 'toString', '__proto__', 'constructor']) {
      const r = await dispatch(t.app, 'c', m, {});
      expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'error.UNKNOWN_METHOD' } });
    }
  });

  it('refuses every non-public method without a session', async () => {
    t = await makeTestApp();
    const r = await t.call('nobody', 'customers.list', {});
    expect(r).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'error.UNAUTHENTICATED' } });
  });

  it('denies a method the role lacks, and audits the denial', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    const r = await t.call(c, 'users.create', { login: 'x.y', displayName: 'X', role: 'operator', branchId: t.org.b1, password: 'Abcdefgh12' });
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'error.FORBIDDEN' } });
    expect(auditRows(t).at(-1)).toEqual({ action: 'users.create', outcome: 'denied', actor: t.users.am1!.id, code: 'FORBIDDEN', target: null });
  });

  it('checks permission before validating, so an unauthorised caller learns nothing about the input', async () => {
    t = await makeTestApp();
    const c = await t.login('cs1');
    const r = await t.call(c, 'users.create', { login: '' } as never);
    expect(r.ok || r.error.code).toBe('FORBIDDEN');
  });

  it('returns field-level validation issues as catalogue keys and changes nothing', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    const before = t.db.sqlite.prepare('SELECT count(*) AS n FROM customers').get();
    const badId = makeIdNumber().slice(0, 17) + (makeIdNumber().endsWith('0') ? '1' : '0');
    const r = await t.call(c, 'customers.create', { customerNo: '12', name: '  ', idType: 'resident_id', idNo: badId, phone: '12345', branchId: t.org.b1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    const byField = Object.fromEntries((r.error.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(byField).toEqual({ customerNo: 'validation.customerNo', name: 'validation.required', phone: 'validation.phone', idNo: 'validation.idNo.checkDigit' });
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM customers').get()).toEqual(before);
  });

  it('reports a wrong ID check digit on the idNo field', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    const good = makeIdNumber('19900315', 42);
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const r = await t.call(c, 'customers.create', { customerNo: '100000009', name: '李四', idType: 'resident_id', idNo: bad, branchId: t.org.b1 });
    expect(r.ok ? null : r.error.issues).toEqual([{ path: ['idNo'], message: 'validation.idNo.checkDigit' }]);
  });

  it('rejects unknown input keys (strict contracts)', async () => {
    t = await makeTestApp();
    const c = await t.login('admin');
    const r = await t.call(c, 'users.list', { branchId: t.org.b1, userId: 'x' } as never);
    expect(r.ok ? null : r.error.code).toBe('VALIDATION');
  });

  it('rolls back a failing mutation completely and audits the failure', async () => {
    t = await makeTestApp();
    const c = await t.login('admin');
    const r = await t.call(c, 'users.create', { login: 'am1', displayName: '重名', role: 'account_manager', branchId: t.org.b1, password: 'Abcdefgh12' });
    expect(r.ok ? null : r.error.issues).toEqual([{ path: ['login'], message: 'validation.login.taken' }]);
    expect(t.db.sqlite.prepare(`SELECT count(*) AS n FROM users WHERE login = 'am1'`).get()).toEqual({ n: 1 });
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM sync_ops').get()).toEqual({ n: 0 });
    expect(auditRows(t).at(-1)).toMatchObject({ action: 'users.create', outcome: 'failed', code: 'VALIDATION' });
  });

  it('a successful mutation writes its audit row in the same transaction, with the target', async () => {
    t = await makeTestApp();
    const c = await t.login('admin');
    const u = await t.ok(c, 'users.create', { login: 'new.am', displayName: '新经理', role: 'account_manager', branchId: t.org.b2, password: 'Abcdefgh12' });
    expect(auditRows(t).at(-1)).toEqual({ action: 'users.create', outcome: 'ok', actor: t.users.admin!.id, code: null, target: u.id });
  });

  it('a write while a job holds the write lock past the busy timeout says the database is busy, and writes nothing', async () => {
    t = await makeTestApp();
    const c = await t.login('admin');
    t.db.sqlite.pragma('busy_timeout = 50');
    // Another connection (a job's worker applying a bundle) holds the write lock.
    const job = openDatabase({ file: t.file, key: t.key, migrate: false });
    try {
      job.sqlite.exec('BEGIN IMMEDIATE');
      const r = await t.call(c, 'users.create', { login: 'busy.am', displayName: '忙时', role: 'account_manager', branchId: t.org.b1, password: 'Abcdefgh12' });
      expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'error.db.busy' } });
      job.sqlite.exec('ROLLBACK');
    } finally {
      job.close();
    }
    expect(t.db.sqlite.prepare(`SELECT count(*) AS n FROM users WHERE login = 'busy.am'`).get()).toEqual({ n: 0 });
  });

  it('an internal error answers INTERNAL without leaking details', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    t.db.sqlite.exec('DROP TABLE customer_name_gram');
    const r = await t.call(c, 'customers.list', { q: '张' });
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'error.INTERNAL' } });
  });
});

describe('data scope', () => {
  async function seedCustomers(t: TestApp) {
    const mk = async (login: string, branch: string, no: string, name: string, serial: number) => {
      const c = await t.login(login);
      return t.ok(c, 'customers.create', { customerNo: no, name, idType: 'resident_id', idNo: makeIdNumber('19700101', serial), branchId: branch });
    };
    return {
      am1: await mk('am1', t.org.b1, '200000001', '张伟', 1),
      am1b: await mk('am1b', t.org.b1, '200000002', '王芳', 2),
      am2: await mk('am2', t.org.b2, '200000003', '李娜', 3),
    };
  }

  it('an account manager sees only their own customers', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const c = await t.login('am1');
    const list = await t.ok(c, 'customers.list', {});
    expect(list.rows.map((r) => r.id)).toEqual([s.am1.id]);
  });

  it("an account manager cannot open another manager's customer, and the attempt is audited", async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const c = await t.login('am1');
    const r = await t.call(c, 'customers.get', { id: s.am1b.id });
    expect(r.ok ? null : r.error.code).toBe('OUT_OF_SCOPE');
    expect(auditRows(t).at(-1)).toMatchObject({ action: 'customers.get', outcome: 'denied', actor: t.users.am1!.id, code: 'OUT_OF_SCOPE' });
  });

  it('branch roles see their whole branch and nothing of another', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    for (const login of ['bm1', 'cs1', 'comp1', 'op1']) {
      const c = await t.login(login);
      const list = await t.ok(c, 'customers.list', {});
      expect(new Set(list.rows.map((r) => r.id))).toEqual(new Set([s.am1.id, s.am1b.id]));
      const other = await t.call(c, 'customers.get', { id: s.am2.id });
      expect(other.ok ? null : other.error.code).toBe('OUT_OF_SCOPE');
    }
  });

  it('HQ roles see every branch', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    for (const login of ['analyst', 'hqcomp']) {
      const c = await t.login(login);
      const list = await t.ok(c, 'customers.list', {});
      expect(new Set(list.rows.map((r) => r.id))).toEqual(new Set([s.am1.id, s.am1b.id, s.am2.id]));
    }
  });

  it('search results are cut to scope too', async () => {
    t = await makeTestApp();
    await seedCustomers(t);
    const c = await t.login('am2');
    expect((await t.ok(c, 'customers.list', { q: '张伟' })).rows).toEqual([]);
    expect((await t.ok(c, 'customers.list', { q: 'ln' })).rows.map((r) => r.name)).toEqual(['李娜']);
  });

  it('a read of a full customer record writes a view audit row without personal data', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const c = await t.login('am1');
    const got = await t.ok(c, 'customers.get', { id: s.am1.id });
    expect(got.customer.idNo).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    const row = t.db.sqlite.prepare(`SELECT action, target_id, detail FROM audit_log ORDER BY id DESC LIMIT 1`).get();
    expect(row).toEqual({ action: 'customers.get', target_id: s.am1.id, detail: null });
  });

  it('an account manager cannot create a customer for another manager or branch', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    const other = await t.call(c, 'customers.create', { customerNo: '300000001', name: '周杰', idType: 'resident_id', idNo: makeIdNumber('19800101', 7), branchId: t.org.b1, managerId: t.users.am1b!.id });
    expect(other.ok ? null : other.error.issues).toEqual([{ path: ['managerId'], message: 'validation.manager.notSelf' }]);
    const branch = await t.call(c, 'customers.create', { customerNo: '300000002', name: '周杰', idType: 'resident_id', idNo: makeIdNumber('19800101', 8), branchId: t.org.b2 });
    expect(branch.ok ? null : branch.error.code).toBe('OUT_OF_SCOPE');
  });

  it('keyset pages walk the whole scope without repeats', async () => {
    t = await makeTestApp();
    const c = await t.login('am1');
    for (let i = 0; i < 7; i++) {
      await t.ok(c, 'customers.create', { customerNo: `40000000${i}`, name: `客户${i}号`, idType: 'resident_id', idNo: makeIdNumber('19800101', 100 + i), branchId: t.org.b1 });
    }
    const seen: string[] = [];
    // The cursor is opaque: the caller hands back exactly what the last page gave it.
    let after: string | undefined;
    for (;;) {
      const page = await t.ok(c, 'customers.list', { limit: 3, ...(after ? { after } : {}) });
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen.length).toBe(7);
    expect(new Set(seen).size).toBe(7);
  });
});
