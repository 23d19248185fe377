import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { enrollBranch, exchange, type SyncNode } from './nodes';
import type { ConflictDto } from '../../src-shared/sync/sync.contract';
import { dispatch } from '../../src-main/ipc/dispatch';
import { writeTxSync } from '../../src-main/db/tx';

/**
 * The conflict inbox through dispatch: concurrent edits of a customer at HQ and at a branch,
 * listed with both values, authors and times in each user's scope, and resolved each way; a
 * value written by a resolution is a new edit that reaches the other node and converges.
 */
let hq: TestApp;
let br: SyncNode;
afterEach(() => {
  br?.close();
  hq?.close();
});

type Sqlite = { prepare(s: string): { pluck(): { get(...a: unknown[]): unknown }; get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] } };
const val = (db: { sqlite: Sqlite }, col: string, id: string) => db.sqlite.prepare(`SELECT ${col} FROM customers WHERE id = ?`).pluck().get(id);
const n = (db: { sqlite: Sqlite }, q: string, ...a: unknown[]) => db.sqlite.prepare(q).pluck().get(...a) as number;

/**
 * HQ and branch 1; a customer of am1 made at the branch and carried to HQ; then, at both ends
 * before any exchange, its occupation and phone edited (the branch first, HQ a moment later,
 * so HQ's values win), and bundles both ways. Both nodes hold two open conflicts.
 */
async function twoConflicts() {
  hq = await makeTestApp();
  br = await enrollBranch(hq, hq.org.b1, 'b1');
  const am = await br.login('am1');
  const c = await br.ok(am, 'customers.create', {
    customerNo: '300000001',
    name: '张三丰',
    idType: 'resident_id',
    idNo: makeIdNumber('19800101', 7),
    phone: '13800138000',
    branchId: hq.org.b1,
  });
  expect(exchange(br.db, hq.db).status).toBe('applied');
  await br.ok(am, 'customers.update', { id: c.id, version: c.version, patch: { occupation: '教师', phone: '13911111111' } });
  await new Promise((r) => setTimeout(r, 5));
  const hqop = await hq.login('hqop');
  const atHq = await hq.ok(hqop, 'customers.get', { id: c.id });
  await hq.ok(hqop, 'customers.update', { id: c.id, version: atHq.customer.version, patch: { occupation: '医生', phone: '13922222222' } });
  expect(exchange(br.db, hq.db).status).toBe('applied');
  expect(exchange(hq.db, br.db).status).toBe('applied');
  expect(val(hq.db, 'occupation', c.id)).toBe('医生');
  expect(val(br.db, 'occupation', c.id)).toBe('医生');
  return { id: c.id, am, hqop };
}

const byField = (rows: ConflictDto[], field: string) => rows.find((r) => r.field === field)!;

describe('sync.conflicts.list', () => {
  it('shows both values side by side, who wrote each and when, personal data masked', async () => {
    const before = Date.now();
    const { id, hqop } = await twoConflicts();
    const page = await hq.ok(hqop, 'sync.conflicts.list', {});
    expect(page.rows).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
    const occ = byField(page.rows, 'occupation');
    expect(occ).toMatchObject({
      table: 'customers',
      rowId: id,
      column: 'occupation',
      label: '张三丰',
      customerId: id,
      customerNo: '300000001',
      winner: { value: '医生', authorName: '总部运营' },
      loser: { value: '教师', authorName: '李客户经理' },
      status: 'open',
      editable: true,
      changedSince: false,
      nowValue: null,
      resolvedByName: null,
    });
    expect(Date.parse(occ.winner.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(occ.loser.at)).toBeLessThanOrEqual(Date.parse(occ.winner.at));
    // The phone is personal data: masked as the customer page masks it, on both sides.
    const phone = byField(page.rows, 'phone');
    expect(phone.winner.value).toBe('139****2222');
    expect(phone.loser.value).toBe('139****1111');
    expect(JSON.stringify(page)).not.toContain('13911111111');
  });

  it('a branch user sees their branch, an account manager only customers they manage; others see nothing', async () => {
    await twoConflicts();
    const at = async (node: { login(l: string): Promise<string>; app: TestApp['app'] }, login: string) => {
      const r = await dispatch(node.app, await node.login(login), 'sync.conflicts.list', {});
      return r.ok ? (r.value as { rows: ConflictDto[] }).rows.length : r.error.code;
    };
    const hqNode = { app: hq.app, login: (l: string) => hq.login(l) };
    expect(await at(br, 'bm1')).toBe(2);
    expect(await at(br, 'am1')).toBe(2);
    expect(await at(br, 'am1b')).toBe(0);
    expect(await at(br, 'cs1')).toBe('FORBIDDEN');
    expect(await at(hqNode, 'hqop')).toBe(2);
    expect(await at(hqNode, 'bm2')).toBe(0);
    // An administrator runs the system but may not read customers: their conflicts are not shown.
    expect(await at(hqNode, 'admin')).toBe(0);
    const s = await hq.ok(await hq.login('hqop'), 'sync.status', {});
    expect(s.conflictsOpen).toBe(2);
    const bs = await br.ok(await br.login('bm1'), 'sync.status', {});
    expect(bs.conflictsOpen).toBe(2);
  });

  it("a customer HQ moves takes its conflicts to the new branch's inbox: the old branch no longer sees or decides them", async () => {
    const { id } = await twoConflicts();
    const list = async (login: string) => {
      const r = await dispatch(hq.app, await hq.login(login), 'sync.conflicts.list', {});
      return r.ok ? (r.value as { rows: ConflictDto[] }).rows : r.error.code;
    };
    const [one] = (await list('bm1')) as ConflictDto[];
    writeTxSync(hq.db, hq.users.admin!.id, () => hq.db.sqlite.prepare(`UPDATE customers SET branch_id = ? WHERE id = ?`).run(hq.org.b2, id), 'capture');
    expect(await list('bm1')).toEqual([]);
    expect(((await list('bm2')) as ConflictDto[]).map((r) => r.customerId)).toEqual([id, id]);
    const r = await dispatch(hq.app, await hq.login('bm1'), 'sync.conflicts.resolve', { id: one!.id, choice: 'keep' });
    expect(r.ok ? 'ok' : r.error.code).toBe('OUT_OF_SCOPE');
  });

  it('pages by keyset, newest first, without repeating a row', async () => {
    const { hqop } = await twoConflicts();
    const p1 = await hq.ok(hqop, 'sync.conflicts.list', { limit: 1 });
    expect(p1.rows).toHaveLength(1);
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await hq.ok(hqop, 'sync.conflicts.list', { limit: 1, after: p1.nextCursor! });
    expect(p2.rows).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect(p2.rows[0]!.id).not.toBe(p1.rows[0]!.id);
    const all = (await hq.ok(hqop, 'sync.conflicts.list', {})).rows.map((r) => r.id);
    expect([p1.rows[0]!.id, p2.rows[0]!.id]).toEqual(all);
  });

  it("a branch's inbox is an index search", () => {
    return twoConflicts().then(() => {
      const plan = (br.db.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM sync_conflicts k WHERE k.status = 'open' AND k.branch_id = ? ORDER BY k.detected_at DESC, k.id DESC LIMIT 51`).all(hq.org.b1) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/USING INDEX sync_conflicts_open/);
      expect(plan).not.toMatch(/SCAN k\b(?! USING)/);
    });
  });
});

describe('sync.conflicts.resolve', () => {
  it('keep: resolved as kept, value unchanged, audited without the values; a second resolution is refused', async () => {
    const { id, hqop } = await twoConflicts();
    const occ = byField((await hq.ok(hqop, 'sync.conflicts.list', {})).rows, 'occupation');
    expect(await hq.ok(hqop, 'sync.conflicts.resolve', { id: occ.id, choice: 'keep' })).toEqual({ id: occ.id, status: 'kept' });
    expect(val(hq.db, 'occupation', id)).toBe('医生');
    expect((await hq.ok(hqop, 'sync.conflicts.list', {})).rows.map((r) => r.field)).toEqual(['phone']);
    const resolved = (await hq.ok(hqop, 'sync.conflicts.list', { status: 'resolved' })).rows;
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ id: occ.id, status: 'kept', resolvedByName: '总部运营' });
    const again = await hq.call(hqop, 'sync.conflicts.resolve', { id: occ.id, choice: 'keep' });
    expect(again.ok ? 'ok' : again.error.message).toBe('error.sync.inbox.alreadyResolved');
    const audit = hq.db.sqlite.prepare(`SELECT target_id, detail FROM audit_log WHERE action = 'sync.conflicts.resolve' AND outcome = 'ok'`).all() as { target_id: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target_id).toBe(occ.id);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ table: 'customers', field: 'occupation', choice: 'keep', customerId: id });
    expect(audit[0]!.detail).not.toMatch(/医生|教师/);
    // Nothing was written: no new op.
    expect(n(hq.db, `SELECT count(*) FROM sync_ops WHERE origin = ? AND tbl = 'customers' AND col = 'occupation'`, hq.db.nodeId)).toBe(1);
  });

  it('take the other: a new edit at HQ that reaches the branch, both converge, no new conflict', async () => {
    const { id, hqop } = await twoConflicts();
    const occ = byField((await hq.ok(hqop, 'sync.conflicts.list', {})).rows, 'occupation');
    expect(await hq.ok(hqop, 'sync.conflicts.resolve', { id: occ.id, choice: 'loser', seen: occ.cellClock })).toEqual({ id: occ.id, status: 'replaced' });
    expect(val(hq.db, 'occupation', id)).toBe('教师');
    const op = hq.db.sqlite.prepare(`SELECT author, base_hlc FROM sync_ops WHERE origin = ? AND tbl = 'customers' AND col = 'occupation' ORDER BY origin_seq DESC LIMIT 1`).get(hq.db.nodeId) as { author: string; base_hlc: string };
    expect(op.author).toBe(hq.users.hqop!.id);
    const conflictsAtBranch = n(br.db, `SELECT count(*) FROM sync_conflicts`);
    expect(exchange(hq.db, br.db).status).toBe('applied');
    expect(val(br.db, 'occupation', id)).toBe('教师');
    expect(n(br.db, `SELECT count(*) FROM sync_conflicts`)).toBe(conflictsAtBranch);
    // The branch's own copy of the same conflict was closed by HQ's decision, which travelled with the edit.
    const bm = await br.login('bm1');
    expect((await br.ok(bm, 'sync.conflicts.list', {})).rows.map((r) => r.field)).toEqual(['phone']);
    const closed = byField((await br.ok(bm, 'sync.conflicts.list', { status: 'resolved' })).rows, 'occupation');
    expect(closed).toMatchObject({ status: 'replaced', resolvedByName: '总部运营', winner: { value: '医生' }, loser: { value: '教师' } });
    // The customer's history names who rewrote it.
    const h = br.db.sqlite.prepare(`SELECT author FROM history WHERE tbl = 'customers' AND row_id = ? AND col = 'occupation' ORDER BY id DESC LIMIT 1`).get(id) as { author: string };
    expect(h.author).toBe(hq.users.hqop!.id);
  });

  it('a value is written only over what the person saw: an edit received after the inbox was read is not overwritten unseen', async () => {
    const { id, hqop } = await twoConflicts();
    const occ = byField((await hq.ok(hqop, 'sync.conflicts.list', {})).rows, 'occupation');
    // Meanwhile the field is changed again (here by an edit at HQ; as well by a bundle received).
    const am = await hq.login('hqop');
    const version = hq.db.sqlite.prepare(`SELECT version FROM customers WHERE id = ?`).pluck().get(id) as number;
    await hq.ok(am, 'customers.update', { id, version, patch: { occupation: '律师' } });
    for (const input of [
      { id: occ.id, choice: 'loser' as const, seen: occ.cellClock },
      { id: occ.id, choice: 'value' as const, value: '会计', seen: occ.cellClock },
    ]) {
      const r = await hq.call(hqop, 'sync.conflicts.resolve', input);
      expect(r.ok ? 'ok' : r.error.message).toBe('error.sync.inbox.changedMeanwhile');
    }
    expect(val(hq.db, 'occupation', id)).toBe('律师');
    // Read again, the person decides on what stands now.
    const again = byField((await hq.ok(hqop, 'sync.conflicts.list', {})).rows, 'occupation');
    expect(again).toMatchObject({ changedSince: true, nowValue: '律师' });
    expect(await hq.ok(hqop, 'sync.conflicts.resolve', { id: occ.id, choice: 'loser', seen: again.cellClock })).toMatchObject({ status: 'replaced' });
    expect(val(hq.db, 'occupation', id)).toBe('教师');
  });

  it('type a value: validated as the customer form validates it, then written at the branch and carried to HQ', async () => {
    const { id } = await twoConflicts();
    const bm = await br.login('bm1');
    const phone = byField((await br.ok(bm, 'sync.conflicts.list', {})).rows, 'phone');
    const bad = await dispatch(br.app, bm, 'sync.conflicts.resolve', { id: phone.id, choice: 'value', value: '1234', seen: phone.cellClock });
    expect(bad.ok ? 'ok' : bad.error.issues).toEqual([{ path: ['value'], message: 'validation.phone' }]);
    const missing = await dispatch(br.app, bm, 'sync.conflicts.resolve', { id: phone.id, choice: 'value' });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('VALIDATION');
    expect(val(br.db, 'phone', id)).toBe('13922222222');

    expect(await br.ok(bm, 'sync.conflicts.resolve', { id: phone.id, choice: 'value', value: '137 0000 1111', seen: phone.cellClock })).toEqual({ id: phone.id, status: 'replaced' });
    expect(val(br.db, 'phone', id)).toBe('13700001111');
    expect(exchange(br.db, hq.db).status).toBe('applied');
    expect(val(hq.db, 'phone', id)).toBe('13700001111');
    const audit = br.db.sqlite.prepare(`SELECT detail FROM audit_log WHERE action = 'sync.conflicts.resolve' AND outcome = 'ok'`).pluck().get() as string;
    expect(audit).not.toContain('1370000');
  });

  it("a decision travels: kept at HQ closes the branch's copy; typed at the branch closes HQ's; nothing else is closed", async () => {
    const { id, hqop } = await twoConflicts();
    const bm = await br.login('bm1');
    const atHq = (await hq.ok(hqop, 'sync.conflicts.list', {})).rows;
    expect(await hq.ok(hqop, 'sync.conflicts.resolve', { id: byField(atHq, 'occupation').id, choice: 'keep' })).toMatchObject({ status: 'kept' });
    // A keep writes no field: only the decision, one op, owned by the customer's branch.
    expect(hq.db.sqlite.prepare(`SELECT tbl, branch_id, author FROM sync_ops WHERE origin = ? ORDER BY origin_seq DESC LIMIT 1`).get(hq.db.nodeId)).toEqual({ tbl: 'conflict_resolutions', branch_id: hq.org.b1, author: hq.users.hqop!.id });
    expect(exchange(hq.db, br.db).status).toBe('applied');
    expect(val(br.db, 'occupation', id)).toBe('医生');
    expect((await br.ok(bm, 'sync.conflicts.list', {})).rows.map((r) => r.field)).toEqual(['phone']);
    expect(byField((await br.ok(bm, 'sync.conflicts.list', { status: 'resolved' })).rows, 'occupation')).toMatchObject({ status: 'kept', resolvedByName: '总部运营' });

    // The other way: the branch types the phone; HQ's copy closes when the bundle arrives, and the value converges.
    const phone = byField((await br.ok(bm, 'sync.conflicts.list', {})).rows, 'phone');
    expect(await br.ok(bm, 'sync.conflicts.resolve', { id: phone.id, choice: 'value', value: '13755556666', seen: phone.cellClock })).toMatchObject({ status: 'replaced' });
    expect(exchange(br.db, hq.db).status).toBe('applied');
    expect(val(hq.db, 'phone', id)).toBe('13755556666');
    expect((await hq.ok(hqop, 'sync.conflicts.list', {})).rows).toEqual([]);
    expect(byField((await hq.ok(hqop, 'sync.conflicts.list', { status: 'resolved' })).rows, 'phone')).toMatchObject({ status: 'replaced', resolvedByName: '王经理' });
    // Every copy closed once: the branch's own resolution row did not come back to it, no conflict reopened.
    expect(exchange(hq.db, br.db).status).toBe('applied');
    expect(n(br.db, `SELECT count(*) FROM sync_conflicts WHERE status = 'open'`)).toBe(0);
    expect(n(hq.db, `SELECT count(*) FROM conflict_resolutions`)).toBe(2);
    expect(n(br.db, `SELECT count(*) FROM conflict_resolutions`)).toBe(2);
  });

  it('is refused outside the scope, without customers.write for a new value, and for a field a person does not edit', async () => {
    const { id, hqop } = await twoConflicts();
    const occ = byField((await hq.ok(hqop, 'sync.conflicts.list', {})).rows, 'occupation');
    for (const login of ['bm2', 'admin']) {
      const r = await hq.call(await hq.login(login), 'sync.conflicts.resolve', { id: occ.id, choice: 'keep' });
      expect(r.ok ? 'ok' : r.error.code, login).toBe('OUT_OF_SCOPE');
    }
    expect(n(hq.db, `SELECT count(*) FROM audit_log WHERE action = 'sync.conflicts.resolve' AND outcome = 'denied'`)).toBe(2);
    const am1b = await dispatch(br.app, await br.login('am1b'), 'sync.conflicts.resolve', { id: byField((await br.ok(await br.login('bm1'), 'sync.conflicts.list', {})).rows, 'occupation').id, choice: 'keep' });
    expect(am1b.ok ? 'ok' : am1b.error.code).toBe('OUT_OF_SCOPE');

    // An operator whose grant to edit customers was withdrawn may still keep the current value.
    hq.db.sqlite.prepare(`DELETE FROM role_permissions WHERE role_id = 'operator' AND permission = 'customers.write'`).run();
    hq.app.reloadGrants();
    const w = await hq.call(hqop, 'sync.conflicts.resolve', { id: occ.id, choice: 'loser', seen: occ.cellClock });
    expect(w.ok ? 'ok' : w.error.code).toBe('FORBIDDEN');
    expect(val(hq.db, 'occupation', id)).toBe('医生');
    expect((await hq.call(hqop, 'sync.conflicts.resolve', { id: occ.id, choice: 'keep' })).ok).toBe(true);

    // The level is imported, the status changed by bulk action: neither is rewritten from the inbox.
    const other = '01900000-0000-7000-8000-000000000001';
    hq.db.sqlite
      .prepare(
        `INSERT INTO sync_conflicts (id, tbl, row_id, col, branch_id, winner_value, winner_hlc, winner_author, loser_value, loser_hlc, loser_author, detected_at, status)
         VALUES (?, 'customers', ?, 'status', ?, '"active"', '000001700000000-000000-a', '', '"dormant"', '000001600000000-000000-b', '', '2024-01-01T00:00:00.000Z', 'open')`,
      )
      .run(other, id, hq.org.b1);
    const row = (await hq.ok(hqop, 'sync.conflicts.list', {})).rows.find((r) => r.id === other)!;
    expect(row).toMatchObject({ editable: false, winner: { authorName: null }, loser: { authorName: null } });
    const notEditable = await hq.call(hqop, 'sync.conflicts.resolve', { id: other, choice: 'loser', seen: row.cellClock });
    expect(notEditable.ok ? 'ok' : notEditable.error.message).toBe('error.sync.inbox.notEditable');
    const unknown = await hq.call(hqop, 'sync.conflicts.resolve', { id: '01900000-0000-7000-8000-000000000002', choice: 'keep' });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('NOT_FOUND');
  });
});

/**
 * HQ and branch 1; a customer of am1 with a contact and an account made at the branch and
 * carried to HQ; then, at both ends before any exchange, the contact's phone and the
 * account's status edited through their forms (HQ a moment later, so HQ's values win), and
 * bundles both ways. Both nodes hold the two conflicts.
 */
async function childConflicts() {
  hq = await makeTestApp();
  br = await enrollBranch(hq, hq.org.b1, 'b1');
  const am = await br.login('am1');
  const c = await br.ok(am, 'customers.create', { customerNo: '300000002', name: '李四', idType: 'resident_id', idNo: makeIdNumber('19810101', 8), phone: '13800138001', branchId: hq.org.b1 });
  const contact = await br.ok(am, 'customers.contacts.save', { customerId: c.id, kind: 'relative', name: '李小四', relation: '子女', phone: '13600000001', isPrimary: true });
  const account = await br.ok(am, 'customers.accounts.save', { customerId: c.id, accountNo: '880000000001', type: 'normal', status: 'active', openedAt: '2020-01-02' });
  await br.ok(am, 'customers.accounts.save', { customerId: c.id, accountNo: '880000000002', type: 'margin', status: 'active' });
  expect(exchange(br.db, hq.db).status).toBe('applied');
  await br.ok(am, 'customers.contacts.save', { id: contact.id, customerId: c.id, kind: 'relative', name: '李小四', relation: '子女', phone: '13600000002', isPrimary: true });
  await br.ok(am, 'customers.accounts.save', { id: account.id, customerId: c.id, accountNo: '880000000001', type: 'normal', status: 'frozen', openedAt: '2020-01-02' });
  await new Promise((r) => setTimeout(r, 5));
  const hqop = await hq.login('hqop');
  await hq.ok(hqop, 'customers.contacts.save', { id: contact.id, customerId: c.id, kind: 'relative', name: '李小四', relation: '子女', phone: '13600000003', isPrimary: true });
  await hq.ok(hqop, 'customers.accounts.save', { id: account.id, customerId: c.id, accountNo: '880000000001', type: 'normal', status: 'closed', openedAt: '2020-01-02' });
  expect(exchange(br.db, hq.db).status).toBe('applied');
  expect(exchange(hq.db, br.db).status).toBe('applied');
  return { customerId: c.id, contactId: contact.id, accountId: account.id, hqop };
}

const cell = (db: { sqlite: Sqlite }, table: string, col: string, id: string) => db.sqlite.prepare(`SELECT ${col} FROM ${table} WHERE id = ?`).pluck().get(id);

describe('sync.conflicts.resolve on contacts and accounts (through their forms)', () => {
  it('lists them as editable, with the values as the forms show them', async () => {
    const { customerId, hqop } = await childConflicts();
    const rows = (await hq.ok(hqop, 'sync.conflicts.list', {})).rows;
    expect(rows.map((r) => `${r.table}.${r.field}`).sort()).toEqual(['accounts.status', 'contacts.phone']);
    expect(rows.find((r) => r.table === 'accounts')).toMatchObject({ customerId, label: '李四', editable: true, winner: { value: 'closed' }, loser: { value: 'frozen' } });
    expect(rows.find((r) => r.table === 'contacts')).toMatchObject({ editable: true, winner: { value: '136****0003' }, loser: { value: '136****0002' } });
  });

  it("take the other: the contact's phone is rewritten by a new edit of that field only, which reaches the branch", async () => {
    const { contactId, hqop } = await childConflicts();
    const k = (await hq.ok(hqop, 'sync.conflicts.list', {})).rows.find((r) => r.table === 'contacts')!;
    const before = n(hq.db, `SELECT count(*) FROM sync_ops WHERE origin = ? AND tbl = 'contacts'`, hq.db.nodeId);
    expect(await hq.ok(hqop, 'sync.conflicts.resolve', { id: k.id, choice: 'loser', seen: k.cellClock })).toEqual({ id: k.id, status: 'replaced' });
    expect(cell(hq.db, 'contacts', 'phone', contactId)).toBe('13600000002');
    // The rest of the row went through the form unchanged: one new op, on the phone.
    expect(hq.db.sqlite.prepare(`SELECT col, author FROM sync_ops WHERE origin = ? AND tbl = 'contacts' ORDER BY origin_seq`).all(hq.db.nodeId).slice(before)).toEqual([{ col: 'phone', author: hq.users.hqop!.id }]);
    expect(cell(hq.db, 'contacts', 'is_primary', contactId)).toBe(1);
    expect(exchange(hq.db, br.db).status).toBe('applied');
    expect(cell(br.db, 'contacts', 'phone', contactId)).toBe('13600000002');
  });

  it("type a value: checked as the account form checks it (the field's message on the value, a number held by another account refused), then written", async () => {
    const { accountId } = await childConflicts();
    const bm = await br.login('bm1');
    const rows = (await br.ok(bm, 'sync.conflicts.list', {})).rows;
    const status = rows.find((r) => r.table === 'accounts')!;
    const bad = await dispatch(br.app, bm, 'sync.conflicts.resolve', { id: status.id, choice: 'value', value: 'lost', seen: status.cellClock });
    expect(bad.ok ? 'ok' : bad.error.issues?.map((i) => i.path)).toEqual([['value']]);
    expect(await br.ok(bm, 'sync.conflicts.resolve', { id: status.id, choice: 'value', value: 'active', seen: status.cellClock })).toEqual({ id: status.id, status: 'replaced' });
    expect(cell(br.db, 'accounts', 'status', accountId)).toBe('active');
    expect(exchange(br.db, hq.db).status).toBe('applied');
    expect(cell(hq.db, 'accounts', 'status', accountId)).toBe('active');

    // An account number conflict: a typed number the customer's other account holds is refused at the value.
    hq.db.sqlite
      .prepare(
        `INSERT INTO sync_conflicts (id, tbl, row_id, col, branch_id, winner_value, winner_hlc, winner_author, loser_value, loser_hlc, loser_author, detected_at, status)
         VALUES ('01900000-0000-7000-8000-000000000003', 'accounts', ?, 'account_no', ?, '"880000000001"', '000001700000000-000000-a', '', '"880000000009"', '000001600000000-000000-b', '', '2024-01-01T00:00:00.000Z', 'open')`,
      )
      .run(accountId, hq.org.b1);
    const hqop = await hq.login('hqop');
    const seen = (await hq.ok(hqop, 'sync.conflicts.list', {})).rows.find((r) => r.id === '01900000-0000-7000-8000-000000000003')!.cellClock;
    const held = await dispatch(hq.app, hqop, 'sync.conflicts.resolve', { id: '01900000-0000-7000-8000-000000000003', choice: 'value', value: '880000000002', seen });
    expect(held.ok ? 'ok' : held.error.issues).toEqual([{ path: ['value'], message: 'validation.accountNo.alreadyHeld' }]);
    expect(cell(hq.db, 'accounts', 'account_no', accountId)).toBe('880000000001');
  });
});
