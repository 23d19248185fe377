import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { writeTxSync } from '../../src-main/db/tx';
import { PII, auditRows, count, seedCustomers, sleep } from './fixtures';

let t: TestApp;
afterEach(() => t?.close());

const maskedId = (id: string) => `110***********${id.slice(-4)}`;

describe('customers.get: the customer page in one call', () => {
  it('returns the record masked, with tags, contacts, accounts, feedback, ownership and the first timeline page', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    await t.ok(s.am1, 'customers.contacts.save', { customerId: s.a.id, kind: 'emergency', name: '张母', relation: '母亲', phone: '13611112222', email: 'mother@example.com' });
    await t.ok(s.am1, 'customers.accounts.save', { customerId: s.a.id, accountNo: '880001234567', type: 'normal', openedAt: '2020-01-02' });
    await t.ok(s.am1, 'customers.feedback.add', { customerId: s.a.id, kind: 'praise', channel: 'phone', content: '服务很好' });
    const page = await t.ok(s.am1, 'customers.get', { id: s.a.id });
    expect(page.customer).toMatchObject({
      id: s.a.id,
      customerNo: '200000001',
      name: '张伟',
      idNo: maskedId(PII.a.idNo),
      phone: '138****5678',
      address: '上海市浦东新*********',
      email: 'z***@example.com',
      birthDate: '1970-01-01',
      gender: 'M',
      managerId: t.users.am1!.id,
      managerName: '李客户经理',
      branchName: '上海浦东营业部',
      tags: ['VIP'],
      version: 1,
      updatedByName: '李客户经理',
      mergedInto: null,
    });
    expect(page.contacts).toEqual([
      { id: expect.any(String), customerId: s.a.id, kind: 'emergency', name: '张母', relation: '母亲', position: null, phone: '136****2222', email: 'm***@example.com', notes: null, isPrimary: false },
    ]);
    expect(page.accounts).toEqual([{ id: expect.any(String), customerId: s.a.id, accountNo: '880001234567', type: 'normal', status: 'active', openedAt: '2020-01-02', closedAt: null }]);
    expect(page.feedback).toEqual([{ id: expect.any(String), customerId: s.a.id, kind: 'praise', channel: 'phone', content: '服务很好', authorName: '李客户经理', createdAt: expect.any(String) }]);
    expect(page.ownership).toEqual([
      { id: expect.any(String), managerId: t.users.am1!.id, managerName: '李客户经理', validFrom: page.customer.createdAt, validTo: null, reason: 'open', assignedByName: '李客户经理' },
    ]);
    expect(page.timeline.events.map((e) => e.kind)).toEqual(['feedback', 'account', 'contact', 'ownership', 'created']);
    expect(page.timeline.nextCursor).toBeNull();
  });

  it('never carries a full ID number, phone, address or e-mail, of the customer or a contact', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    await t.ok(s.am1, 'customers.contacts.save', { customerId: s.a.id, kind: 'contact', name: '秘书', phone: '13611112222', email: 'sec@example.com' });
    await t.ok(s.am1, 'customers.update', { id: s.a.id, version: 1, patch: { phone: '13900000000', phone2: '13512341234' } });
    const text = JSON.stringify(await t.ok(s.am1, 'customers.get', { id: s.a.id }));
    for (const secret of [PII.a.idNo, PII.a.phone, '13900000000', '13512341234', PII.a.address, PII.a.email, '13611112222', 'sec@example.com']) expect(text).not.toContain(secret);
  });

  it('the list carries the same masks as the page', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const list = await t.ok(s.am1, 'customers.list', {});
    expect(list.rows.map((r) => [r.id, r.idNo, r.phone])).toEqual([[s.a.id, maskedId(PII.a.idNo), '138****5678']]);
    expect(JSON.stringify(list)).not.toContain(PII.a.phone);
  });

  it('writes a view audit row on every open, naming the customer and nothing else', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    await t.ok(s.am1, 'customers.get', { id: s.a.id });
    await t.ok(s.am1, 'customers.get', { id: s.a.id });
    expect(auditRows(t, 'customers.get')).toEqual([
      { action: 'customers.get', outcome: 'ok', actor: t.users.am1!.id, approver: null, targetType: 'customer', target: s.a.id, code: null, detail: null },
      { action: 'customers.get', outcome: 'ok', actor: t.users.am1!.id, approver: null, targetType: 'customer', target: s.a.id, code: null, detail: null },
    ]);
  });

  it("an account manager cannot open another manager's customer; branch roles cannot reach another branch; HQ reaches all", async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const own = await t.call(s.am1, 'customers.get', { id: s.b.id });
    expect(own.ok ? null : own.error.code).toBe('OUT_OF_SCOPE');
    expect(auditRows(t, 'customers.get').at(-1)).toMatchObject({ outcome: 'denied', actor: t.users.am1!.id, code: 'OUT_OF_SCOPE' });
    for (const login of ['bm1', 'cs1', 'comp1', 'op1']) {
      const c = await t.login(login);
      expect((await t.ok(c, 'customers.get', { id: s.b.id })).customer.id).toBe(s.b.id);
      const other = await t.call(c, 'customers.get', { id: s.c.id });
      expect(other.ok ? null : other.error.code).toBe('OUT_OF_SCOPE');
    }
    const hq = await t.login('analyst');
    expect((await t.ok(hq, 'customers.get', { id: s.c.id })).customer.id).toBe(s.c.id);
  });

  it('a merged-away customer answers NOT_FOUND pointing at the survivor, but only to someone whose scope covers it', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    writeTxSync(t.db, t.users.bm1!.id, () => t.db.sqlite.prepare(`UPDATE customers SET merged_into = ?, deleted_at = ? WHERE id = ?`).run(s.b.id, new Date().toISOString(), s.a.id));
    const bm1 = await t.login('bm1');
    const r = await t.call(bm1, 'customers.get', { id: s.a.id });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'error.customers.merged', params: { mergedInto: s.b.id } } });
    const bm2 = await t.login('bm2');
    const outside = await t.call(bm2, 'customers.get', { id: s.a.id });
    expect(outside).toEqual({ ok: false, error: { code: 'OUT_OF_SCOPE', message: 'error.OUT_OF_SCOPE' } });
  });

  it('an unknown id answers NOT_FOUND', async () => {
    t = await makeTestApp();
    const c = await t.login('bm1');
    const r = await t.call(c, 'customers.get', { id: '01900000-0000-7000-8000-000000000000' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'error.customers.notFound' } });
  });
});

describe('customers.revealPii', () => {
  it('returns one field in clear and audits the field name, never the value', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    expect(await t.ok(s.am1, 'customers.revealPii', { id: s.a.id, field: 'idNo' })).toEqual({ value: PII.a.idNo });
    expect(await t.ok(s.am1, 'customers.revealPii', { id: s.a.id, field: 'address' })).toEqual({ value: PII.a.address });
    expect(await t.ok(s.am1, 'customers.revealPii', { id: s.a.id, field: 'phone2' })).toEqual({ value: null });
    const rows = auditRows(t, 'customers.revealPii');
    expect(rows).toEqual([
      { action: 'customers.revealPii', outcome: 'ok', actor: t.users.am1!.id, approver: null, targetType: 'customer', target: s.a.id, code: null, detail: '{"field":"idNo"}' },
      { action: 'customers.revealPii', outcome: 'ok', actor: t.users.am1!.id, approver: null, targetType: 'customer', target: s.a.id, code: null, detail: '{"field":"address"}' },
      { action: 'customers.revealPii', outcome: 'ok', actor: t.users.am1!.id, approver: null, targetType: 'customer', target: s.a.id, code: null, detail: '{"field":"phone2"}' },
    ]);
    const everything = JSON.stringify(t.db.sqlite.prepare('SELECT * FROM audit_log').all());
    for (const secret of [PII.a.idNo, PII.a.address, PII.a.phone]) expect(everything).not.toContain(secret);
  });

  it('is refused outside the scope (audited as denied) and to a role without the permission', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const r = await t.call(s.am1, 'customers.revealPii', { id: s.b.id, field: 'phone' });
    expect(r).toEqual({ ok: false, error: { code: 'OUT_OF_SCOPE', message: 'error.OUT_OF_SCOPE' } });
    const bm2 = await t.login('bm2');
    const other = await t.call(bm2, 'customers.revealPii', { id: s.a.id, field: 'idNo' });
    expect(other.ok ? null : other.error.code).toBe('OUT_OF_SCOPE');
    const cs = await t.login('cs1');
    const forbidden = await t.call(cs, 'customers.revealPii', { id: s.a.id, field: 'idNo' });
    expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN');
    expect(auditRows(t, 'customers.revealPii').map((a) => [a.outcome, a.code])).toEqual([
      ['denied', 'OUT_OF_SCOPE'],
      ['denied', 'OUT_OF_SCOPE'],
      ['denied', 'FORBIDDEN'],
    ]);
  });
});

describe('customers.timeline', () => {
  it('lists every interaction newest first, a save of several fields as one event with the field names, a handover once', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    await sleep(5);
    await t.ok(s.am1, 'customers.update', { id: s.a.id, version: 1, patch: { name: '张伟伟', phone: '13900000000' } });
    await sleep(5);
    await t.ok(s.am1, 'customers.feedback.add', { customerId: s.a.id, kind: 'complaint', channel: 'visit', content: '等待时间长' });
    await sleep(5);
    const bm1 = await t.login('bm1');
    await t.ok(bm1, 'customers.assign', { id: s.a.id, managerId: t.users.am1b!.id });
    const { events, nextCursor } = await t.ok(bm1, 'customers.timeline', { id: s.a.id });
    expect(nextCursor).toBeNull();
    const view = events.map((e) => ({ kind: e.kind, actor: e.actorName, fields: [...e.fields].sort(), summary: e.summary }));
    expect(view).toEqual([
      { kind: 'ownership', actor: '王经理', fields: [], summary: { reason: 'assign', manager: '赵客户经理' } },
      { kind: 'feedback', actor: '李客户经理', fields: [], summary: { kind: 'complaint', channel: 'visit' } },
      { kind: 'changed', actor: '李客户经理', fields: ['name', 'phone'], summary: { count: 2 } },
      { kind: 'ownership', actor: '李客户经理', fields: [], summary: { reason: 'open', manager: '李客户经理' } },
      { kind: 'created', actor: '李客户经理', fields: [], summary: {} },
    ]);
    const ats = events.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(JSON.stringify(events)).not.toContain('13900000000');
  });

  it('pages by keyset without repeats or gaps', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    for (let i = 0; i < 25; i++) await t.ok(s.am1, 'customers.feedback.add', { customerId: s.a.id, kind: 'inquiry', channel: 'phone', content: `咨询${i}` });
    const first = await t.ok(s.am1, 'customers.timeline', { id: s.a.id });
    expect(first.events.length).toBe(20);
    expect(first.nextCursor).not.toBeNull();
    const second = await t.ok(s.am1, 'customers.timeline', { id: s.a.id, before: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const keys = [...first.events, ...second.events].map((e) => e.key);
    // 25 feedback, the ownership row opened with the customer, and the creation.
    expect(keys.length).toBe(27);
    expect(new Set(keys).size).toBe(27);
    expect(second.events.at(-1)!.kind).toBe('created');
  });

  it('is scope-checked and refuses a malformed cursor', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const r = await t.call(s.am1, 'customers.timeline', { id: s.b.id });
    expect(r.ok ? null : r.error.code).toBe('OUT_OF_SCOPE');
    expect(auditRows(t, 'customers.timeline').map((a) => a.outcome)).toEqual(['denied']);
    const bad = await t.call(s.am1, 'customers.timeline', { id: s.a.id, before: 'nonsense' });
    expect(bad.ok ? null : bad.error.issues).toEqual([{ path: ['before'], message: 'validation.cursor' }]);
  });
});

describe('customers.history', () => {
  it('shows old → new with personal data masked, for the customer and its child rows, with author names', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    await t.ok(s.am1, 'customers.update', { id: s.a.id, version: 1, patch: { phone: '13900000000', occupation: '教师' } });
    const contact = await t.ok(s.am1, 'customers.contacts.save', { customerId: s.a.id, kind: 'relative', name: '张父', phone: '13611112222' });
    const { rows, nextCursor } = await t.ok(s.am1, 'customers.history', { id: s.a.id });
    expect(nextCursor).toBeNull();
    const strip = rows.map(({ id: _id, at: _at, ...r }) => r);
    expect(strip).toContainEqual({ table: 'customers', field: 'phone', kind: 'update', oldValue: '138****5678', newValue: '139****0000', authorName: '李客户经理' });
    expect(strip).toContainEqual({ table: 'customers', field: 'occupation', kind: 'update', oldValue: null, newValue: '教师', authorName: '李客户经理' });
    const contactInsert = rows.find((r) => r.table === 'contacts' && r.kind === 'insert')!;
    expect(JSON.parse(contactInsert.newValue!)).toMatchObject({ id: contact.id, customerId: s.a.id, name: '张父', phone: '136****2222', email: null });
    const customerInsert = rows.find((r) => r.table === 'customers' && r.kind === 'insert')!;
    expect(JSON.parse(customerInsert.newValue!)).toMatchObject({ idNo: maskedId(PII.a.idNo), phone: '138****5678', address: '上海市浦东新*********', email: 'z***@example.com' });
    // The tag added at creation is the customer's history too.
    expect(rows.filter((r) => r.table === 'customer_tags').map((r) => r.kind)).toEqual(['insert']);
    // Newest first.
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((x, y) => y - x));
    const text = JSON.stringify(rows);
    for (const secret of [PII.a.idNo, PII.a.phone, '13900000000', '13611112222', PII.a.address, PII.a.email]) expect(text).not.toContain(secret);
  });

  it('pages by history id and never shows another customer\'s rows', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    for (let i = 0; i < 30; i++) await t.ok(s.am1, 'customers.update', { id: s.a.id, version: i + 1, patch: { notes: `备注${i}`, wechat: `wx${i}` } });
    const first = await t.ok(s.am1, 'customers.history', { id: s.a.id });
    expect(first.rows.length).toBe(50);
    const second = await t.ok(s.am1, 'customers.history', { id: s.a.id, before: first.nextCursor! });
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    // 60 field changes, the customer's insert, its tag and its ownership row are not all the
    // customer's history: ownership rows belong to the ownership tab.
    expect(ids.length).toBe(62);
    expect(new Set(ids).size).toBe(62);
    expect(second.nextCursor).toBeNull();
    const bm1 = await t.login('bm1');
    const other = await t.ok(bm1, 'customers.history', { id: s.b.id });
    expect(other.rows.map((r) => r.table)).toEqual(['customers']);
  });

  it('is scope-checked', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const bm2 = await t.login('bm2');
    const r = await t.call(bm2, 'customers.history', { id: s.a.id });
    expect(r.ok ? null : r.error.code).toBe('OUT_OF_SCOPE');
    expect(count(t, 'audit_log', `action = 'customers.history' AND outcome = 'denied'`)).toBe(1);
  });
});
