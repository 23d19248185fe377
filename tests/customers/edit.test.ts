import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { PII, auditRows, count, footprint, seedCustomers } from './fixtures';

let t: TestApp;
afterEach(() => t?.close());

const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

describe('customers.create', () => {
  it('saves every field, the tags, the first ownership row and who saved it', async () => {
    t = await makeTestApp();
    const bm1 = await t.login('bm1');
    const c = await t.ok(bm1, 'customers.create', {
      customerNo: ' 300000001 ',
      name: '欧阳ＮＡ',
      idType: 'resident_id',
      idNo: makeIdNumber('19500505', 42).toLowerCase(),
      idExpiry: '9999-12-31',
      phone: '+86 139-1234-5678',
      email: 'ＯＹ@example.com',
      occupation: '退休',
      education: 'bachelor',
      incomeBand: '300k_500k',
      openDate: '2001-09-10',
      sourceChannel: 'branch',
      investExperience: 'gt5y',
      investHorizon: 'long',
      preferredVarieties: ['fund', 'bond'],
      notes: '老客户',
      branchId: t.org.b1,
      managerId: t.users.am1!.id,
      tags: ['VIP', '高净值', 'VIP'],
    });
    expect(c).toMatchObject({
      customerNo: '300000001',
      name: '欧阳NA',
      kind: 'individual',
      idNo: `110***********${makeIdNumber('19500505', 42).slice(-4)}`,
      phone: '139****5678',
      email: 'O***@example.com',
      birthDate: '1950-05-05',
      gender: 'F',
      elderly: true,
      idExpiry: '9999-12-31',
      education: 'bachelor',
      preferredVarieties: ['fund', 'bond'],
      managerId: t.users.am1!.id,
      tags: ['VIP', '高净值'],
      version: 1,
      updatedByName: '王经理',
    });
    expect(t.db.sqlite.prepare(`SELECT manager_id, reason, valid_to, assigned_by FROM customer_ownership WHERE customer_id = ?`).all(c.id)).toEqual([
      { manager_id: t.users.am1!.id, reason: 'open', valid_to: null, assigned_by: t.users.bm1!.id },
    ]);
    expect(auditRows(t, 'customers.create')).toEqual([{ action: 'customers.create', outcome: 'ok', actor: t.users.bm1!.id, approver: null, targetType: 'customer', target: c.id, code: null, detail: null }]);
  });

  it('refuses a wrong ID check digit, a bad phone and a bad date field by field, and saves nothing', async () => {
    t = await makeTestApp();
    const am1 = await t.login('am1');
    const before = footprint(t);
    const r = await t.call(am1, 'customers.create', { customerNo: '300000002', name: '李四', idType: 'resident_id', idNo: wrongCheckDigit(makeIdNumber('19900315', 42)), phone: '1234567', openDate: '2024-02-30', branchId: t.org.b1 });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'error.VALIDATION',
        issues: [
          { path: ['phone'], message: 'validation.phone' },
          { path: ['openDate'], message: 'validation.date' },
          { path: ['idNo'], message: 'validation.idNo.checkDigit' },
        ],
      },
    });
    expect(footprint(t)).toEqual(before);
  });

  it('refuses a birth date that contradicts the ID number and an institution without a credit code', async () => {
    t = await makeTestApp();
    const am1 = await t.login('am1');
    const r = await t.call(am1, 'customers.create', { customerNo: '300000003', name: '王五', idType: 'resident_id', idNo: makeIdNumber('19900315', 1), birthDate: '1990-03-16', branchId: t.org.b1 });
    expect(r.ok ? null : r.error.issues).toEqual([{ path: ['birthDate'], message: 'validation.birthDate.mismatch' }]);
    const inst = await t.call(am1, 'customers.create', { customerNo: '300000004', kind: 'institution', name: '某某公司', idType: 'resident_id', idNo: makeIdNumber('19900315', 2), branchId: t.org.b1 });
    expect(inst.ok ? null : inst.error.issues).toEqual([{ path: ['idType'], message: 'validation.idType.institution' }]);
  });

  it('refuses an unknown manager or one of another branch, and saves nothing', async () => {
    t = await makeTestApp();
    const bm1 = await t.login('bm1');
    const before = footprint(t);
    for (const managerId of [t.users.am2!.id, t.users.cs1!.id]) {
      const r = await t.call(bm1, 'customers.create', { customerNo: '300000005', name: '赵六', idType: 'passport', idNo: 'E12345678', branchId: t.org.b1, managerId });
      expect(r.ok ? null : r.error.issues).toEqual([{ path: ['managerId'], message: 'validation.manager.unknown' }]);
    }
    expect(footprint(t)).toEqual(before);
  });

  it('refuses a duplicate customer number or ID number (CONFLICT naming the other to whom may see it), allows a shared phone', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    // Another branch's customer, another manager's: which customer it is stays unsaid.
    const byNo = await t.call(s.am1, 'customers.create', { customerNo: '200000003', name: '重号', idType: 'resident_id', idNo: makeIdNumber('19600101', 5), branchId: t.org.b1 });
    expect(byNo).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'error.customers.duplicate', params: { id: '', field: 'customerNo' } } });
    const byId = await t.call(s.am1, 'customers.create', { customerNo: '300000009', name: '重证', idType: 'resident_id', idNo: PII.b.idNo, branchId: t.org.b1 });
    expect(byId).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'error.customers.duplicate', params: { id: '', field: 'idNo' } } });
    const bm1 = await t.login('bm1');
    const seen = await t.call(bm1, 'customers.create', { customerNo: '300000009', name: '重证', idType: 'resident_id', idNo: PII.b.idNo, branchId: t.org.b1 });
    expect(seen).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'error.customers.duplicate', params: { id: s.b.id, field: 'idNo' } } });
    const samePhone = await t.ok(s.am1, 'customers.create', { customerNo: '300000010', name: '家属', idType: 'resident_id', idNo: makeIdNumber('19600101', 6), phone: PII.a.phone, branchId: t.org.b1 });
    expect(samePhone.phone).toBe('138****5678');
  });
});

describe('customers.update', () => {
  it('applies the patch, bumps the version and audits the changed field names only', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const u = await t.ok(s.am1, 'customers.update', { id: s.a.id, version: 1, patch: { phone: '13900000000', address: '北京市朝阳区建国路1号', occupation: null } });
    expect(u).toMatchObject({ version: 2, phone: '139****0000', address: '北京市朝阳区*****', occupation: null, updatedByName: '李客户经理' });
    const audit = auditRows(t, 'customers.update');
    expect(audit).toEqual([{ action: 'customers.update', outcome: 'ok', actor: t.users.am1!.id, approver: null, targetType: 'customer', target: s.a.id, code: null, detail: '{"fields":"address,phone"}' }]);
  });

  it('refuses the second of two concurrent edits with STALE, naming who saved first and when', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const bm1 = await t.login('bm1');
    const mine = await t.ok(s.am1, 'customers.get', { id: s.a.id });
    const theirs = await t.ok(bm1, 'customers.get', { id: s.a.id });
    expect([mine.customer.version, theirs.customer.version]).toEqual([1, 1]);
    const first = await t.ok(s.am1, 'customers.update', { id: s.a.id, version: mine.customer.version, patch: { name: '张大伟' } });
    const before = footprint(t);
    const second = await t.call(bm1, 'customers.update', { id: s.a.id, version: theirs.customer.version, patch: { name: '张小伟' } });
    expect(second).toEqual({ ok: false, error: { code: 'STALE', message: 'error.customers.stale', params: { by: '李客户经理', at: first.updatedAt } } });
    expect(footprint(t)).toEqual(before);
    expect((await t.ok(bm1, 'customers.get', { id: s.a.id })).customer).toMatchObject({ name: '张大伟', version: 2 });
  });

  it('checks identity rules against the merged record, field by field under patch, and saves nothing', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const before = footprint(t);
    const cases: [Record<string, unknown>, { path: (string | number)[]; message: string }[]][] = [
      [{ idNo: wrongCheckDigit(PII.a.idNo) }, [{ path: ['patch', 'idNo'], message: 'validation.idNo.checkDigit' }]],
      [{ birthDate: '1971-01-01' }, [{ path: ['patch', 'birthDate'], message: 'validation.birthDate.mismatch' }]],
      [{ kind: 'institution' }, [{ path: ['patch', 'idType'], message: 'validation.idType.institution' }]],
      [{ phone: '0211234567' }, [{ path: ['patch', 'phone'], message: 'validation.phone' }]],
      [{ openDate: '2023-13-01' }, [{ path: ['patch', 'openDate'], message: 'validation.date' }]],
    ];
    for (const [patch, issues] of cases) {
      const r = await t.call(s.am1, 'customers.update', { id: s.a.id, version: 1, patch });
      expect(r.ok ? null : r.error.issues).toEqual(issues);
    }
    expect(footprint(t)).toEqual(before);
    expect(count(t, 'customers', `id = '${s.a.id}' AND version = 1`)).toBe(1);
  });

  it('a new resident ID brings its birth date; a changed customer or ID number must stay unique', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const moved = await t.ok(s.am1, 'customers.update', { id: s.a.id, version: 1, patch: { idNo: makeIdNumber('19750607', 12) } });
    expect(moved).toMatchObject({ birthDate: '1975-06-07', version: 2 });
    const dupNo = await t.call(s.am1, 'customers.update', { id: s.a.id, version: 2, patch: { customerNo: '200000002' } });
    expect(dupNo).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'error.customers.duplicate', params: { id: '', field: 'customerNo' } } });
    const dupId = await t.call(s.am1, 'customers.update', { id: s.a.id, version: 2, patch: { idNo: PII.c.idNo } });
    expect(dupId.ok ? null : dupId.error.params).toEqual({ id: '', field: 'idNo' });
    // Saving its own number again is no duplicate.
    expect((await t.ok(s.am1, 'customers.update', { id: s.a.id, version: 2, patch: { customerNo: '200000001' } })).version).toBe(2);
  });

  it("an account manager cannot edit another manager's customer; a branch role cannot edit another branch's", async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const r = await t.call(s.am1, 'customers.update', { id: s.b.id, version: 1, patch: { notes: 'x' } });
    expect(r.ok ? null : r.error.code).toBe('OUT_OF_SCOPE');
    const bm2 = await t.login('bm2');
    const other = await t.call(bm2, 'customers.update', { id: s.a.id, version: 1, patch: { notes: 'x' } });
    expect(other.ok ? null : other.error.code).toBe('OUT_OF_SCOPE');
    expect(auditRows(t, 'customers.update').map((a) => [a.outcome, a.actor, a.code])).toEqual([
      ['denied', t.users.am1!.id, 'OUT_OF_SCOPE'],
      ['denied', t.users.bm2!.id, 'OUT_OF_SCOPE'],
    ]);
    const cs = await t.login('cs1');
    const ro = await t.call(cs, 'customers.update', { id: s.a.id, version: 1, patch: { notes: 'x' } });
    expect(ro.ok ? null : ro.error.code).toBe('FORBIDDEN');
  });
});

describe('customers.checkDuplicates', () => {
  it('finds matches firm-wide, but shows only the branch of one outside the scope', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const own = await t.ok(s.am1, 'customers.checkDuplicates', { customerNo: '200000001', phone: PII.a.phone });
    expect(own).toEqual({ matches: [{ id: s.a.id, customerNo: '200000001', name: '张伟', branchName: '上海浦东营业部', matchedOn: ['customerNo', 'phone'] }] });
    const others = await t.ok(s.am1, 'customers.checkDuplicates', { idNo: ` ${PII.b.idNo.toLowerCase()} `, phone: PII.c.phone });
    expect(others).toEqual({
      matches: [
        { id: null, customerNo: null, name: null, branchName: '上海浦东营业部', matchedOn: ['idNo'] },
        { id: null, customerNo: null, name: null, branchName: '北京金融街营业部', matchedOn: ['phone'] },
      ],
    });
    const bm1 = await t.login('bm1');
    expect((await t.ok(bm1, 'customers.checkDuplicates', { idNo: PII.b.idNo })).matches).toEqual([{ id: s.b.id, customerNo: '200000002', name: '王芳', branchName: '上海浦东营业部', matchedOn: ['idNo'] }]);
    expect(await t.ok(s.am1, 'customers.checkDuplicates', { customerNo: '200000001', excludeId: s.a.id })).toEqual({ matches: [] });
    expect(await t.ok(s.am1, 'customers.checkDuplicates', {})).toEqual({ matches: [] });
  });
});

describe('customers.setTags', () => {
  it('replaces the tags with soft deletes, scope-checked', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    expect(await t.ok(s.am1, 'customers.setTags', { id: s.a.id, tags: ['高净值', 'ＶＩＰ', '高净值'] })).toEqual(['VIP', '高净值']);
    expect(await t.ok(s.am1, 'customers.setTags', { id: s.a.id, tags: ['高净值'] })).toEqual(['高净值']);
    expect(t.db.sqlite.prepare(`SELECT tag, deleted_at IS NOT NULL AS gone FROM customer_tags WHERE customer_id = ? ORDER BY created_at, tag`).all(s.a.id)).toEqual([
      { tag: 'VIP', gone: 1 },
      { tag: '高净值', gone: 0 },
    ]);
    expect(auditRows(t, 'customers.setTags').map((a) => a.detail)).toEqual(['{"added":1,"removed":0}', '{"added":0,"removed":1}']);
    const r = await t.call(s.am1, 'customers.setTags', { id: s.b.id, tags: ['x'] });
    expect(r.ok ? null : r.error.code).toBe('OUT_OF_SCOPE');
  });
});

describe('contacts, accounts and feedback', () => {
  it('saves a contact under its customer (branch from the customer), masks it, keeps one primary, removes softly', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const first = await t.ok(s.am1, 'customers.contacts.save', { customerId: s.a.id, kind: 'contact', name: '财务', phone: '13611112222', isPrimary: true });
    expect(first).toEqual({ id: expect.any(String), customerId: s.a.id, kind: 'contact', name: '财务', relation: null, position: null, phone: '136****2222', email: null, notes: null, isPrimary: true });
    const second = await t.ok(s.am1, 'customers.contacts.save', { customerId: s.a.id, kind: 'contact', name: '董秘', isPrimary: true });
    const edited = await t.ok(s.am1, 'customers.contacts.save', { id: first.id, customerId: s.a.id, kind: 'contact', name: '财务总监', position: 'CFO' });
    expect(edited).toMatchObject({ id: first.id, name: '财务总监', position: 'CFO', phone: null, isPrimary: false });
    expect(t.db.sqlite.prepare(`SELECT branch_id, is_primary FROM contacts WHERE id = ?`).get(second.id)).toEqual({ branch_id: t.org.b1, is_primary: 1 });
    await t.ok(s.am1, 'customers.contacts.remove', { id: first.id });
    expect((await t.ok(s.am1, 'customers.get', { id: s.a.id })).contacts.map((c) => c.id)).toEqual([second.id]);
    expect(count(t, 'contacts', `id = '${first.id}' AND deleted_at IS NOT NULL`)).toBe(1);
    const gone = await t.call(s.am1, 'customers.contacts.remove', { id: first.id });
    expect(gone.ok ? null : gone.error.message).toBe('error.customers.contactNotFound');
  });

  it('refuses a contact with a bad phone, and contacts of a customer out of scope', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const before = footprint(t);
    const bad = await t.call(s.am1, 'customers.contacts.save', { customerId: s.a.id, kind: 'relative', name: '张母', phone: '12345' });
    expect(bad.ok ? null : bad.error.issues).toEqual([{ path: ['phone'], message: 'validation.phone' }]);
    const out = await t.call(s.am2, 'customers.contacts.save', { customerId: s.a.id, kind: 'relative', name: '张母' });
    expect(out.ok ? null : out.error.code).toBe('OUT_OF_SCOPE');
    expect(footprint(t)).toEqual(before);
    const mine = await t.ok(s.am1, 'customers.contacts.save', { customerId: s.a.id, kind: 'relative', name: '张母' });
    const steal = await t.call(s.am1b, 'customers.contacts.remove', { id: mine.id });
    expect(steal.ok ? null : steal.error.code).toBe('OUT_OF_SCOPE');
    // A contact id cannot be moved to another customer by saving it under that customer.
    const bm1 = await t.login('bm1');
    const moved = await t.call(bm1, 'customers.contacts.save', { id: mine.id, customerId: s.b.id, kind: 'relative', name: '张母' });
    expect(moved.ok ? null : moved.error.message).toBe('error.customers.contactNotFound');
  });

  it('validates account numbers, refuses one held by another customer, removes softly', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const before = footprint(t);
    const bad = await t.call(s.am1, 'customers.accounts.save', { customerId: s.a.id, accountNo: '12AB', type: 'normal' });
    expect(bad.ok ? null : bad.error.issues).toEqual([{ path: ['accountNo'], message: 'validation.accountNo' }]);
    const order = await t.call(s.am1, 'customers.accounts.save', { customerId: s.a.id, accountNo: '880000000001', type: 'margin', openedAt: '2024-05-01', closedAt: '2024-04-01' });
    expect(order.ok ? null : order.error.issues).toEqual([{ path: ['closedAt'], message: 'validation.date.order' }]);
    expect(footprint(t)).toEqual(before);
    const acc = await t.ok(s.am1b, 'customers.accounts.save', { customerId: s.b.id, accountNo: '880000000001', type: 'normal' });
    const dup = await t.call(s.am1, 'customers.accounts.save', { customerId: s.a.id, accountNo: '880000000001', type: 'normal' });
    expect(dup).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'error.customers.accountNoTaken', params: { id: '' } } });
    // The same number on the same customer again: said at the field, and nothing changes.
    const again = await t.call(s.am1b, 'customers.accounts.save', { customerId: s.b.id, accountNo: '880000000001', type: 'margin' });
    expect(again.ok ? null : again.error.issues).toEqual([{ path: ['accountNo'], message: 'validation.accountNo.alreadyHeld' }]);
    expect(count(t, 'accounts', `account_no = '880000000001'`)).toBe(1);
    const closed = await t.ok(s.am1b, 'customers.accounts.save', { id: acc.id, customerId: s.b.id, accountNo: '880000000001', type: 'normal', status: 'closed', closedAt: '2025-01-01' });
    expect(closed).toEqual({ id: acc.id, customerId: s.b.id, accountNo: '880000000001', type: 'normal', status: 'closed', openedAt: null, closedAt: '2025-01-01' });
    expect(t.db.sqlite.prepare('SELECT branch_id FROM accounts WHERE id = ?').get(acc.id)).toEqual({ branch_id: t.org.b1 });
    await t.ok(s.am1b, 'customers.accounts.remove', { id: acc.id });
    expect(count(t, 'accounts', `id = '${acc.id}' AND deleted_at IS NOT NULL`)).toBe(1);
    // Once removed, the number is free again.
    expect((await t.ok(s.am1, 'customers.accounts.save', { customerId: s.a.id, accountNo: '880000000001', type: 'normal' })).accountNo).toBe('880000000001');
    const out = await t.call(s.am2, 'customers.accounts.save', { customerId: s.a.id, accountNo: '880000000002', type: 'normal' });
    expect(out.ok ? null : out.error.code).toBe('OUT_OF_SCOPE');
  });

  it('adds feedback by the caller, newest first on the page, scope-checked, content never audited', async () => {
    t = await makeTestApp();
    const s = await seedCustomers(t);
    const f1 = await t.ok(s.am1, 'customers.feedback.add', { customerId: s.a.id, kind: 'suggestion', channel: 'app', content: '希望增加夜间服务' });
    const f2 = await t.ok(s.am1, 'customers.feedback.add', { customerId: s.a.id, kind: 'praise', channel: 'visit', content: '很满意' });
    expect(f1).toEqual({ id: expect.any(String), customerId: s.a.id, kind: 'suggestion', channel: 'app', content: '希望增加夜间服务', authorName: '李客户经理', createdAt: expect.any(String) });
    expect((await t.ok(s.am1, 'customers.get', { id: s.a.id })).feedback.map((f) => f.id)).toEqual([f2.id, f1.id]);
    expect(auditRows(t, 'customers.feedback.add').map((a) => a.detail)).toEqual([`{"feedbackId":"${f1.id}","kind":"suggestion"}`, `{"feedbackId":"${f2.id}","kind":"praise"}`]);
    const out = await t.call(s.am1, 'customers.feedback.add', { customerId: s.b.id, kind: 'other', channel: 'phone', content: 'x' });
    expect(out.ok ? null : out.error.code).toBe('OUT_OF_SCOPE');
    const empty = await t.call(s.am1, 'customers.feedback.add', { customerId: s.a.id, kind: 'other', channel: 'phone', content: '  ' });
    expect(empty.ok ? null : empty.error.issues).toEqual([{ path: ['content'], message: 'validation.required' }]);
  });
});
