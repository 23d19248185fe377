import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { writeTxSync } from '../../src-main/db/tx';
import { createBundle } from '../../src-main/sync/outbox';
import { enrollBranch } from '../sync/nodes';

let t: TestApp;
afterEach(() => t?.close());

const NOW = '2025-03-04T05:06:07.000Z';
const T0 = '2024-01-02T03:04:05.000Z';
const ID = makeIdNumber('19700101', 11);

/**
 * S (survivor, am1's) and L (loser, am1b's) at branch 1, the same person entered twice; X at
 * branch 2. L has one row in every child table and two tags, one of which S has too.
 */
function seed(t: TestApp) {
  const [s, l, x] = insertCustomers(t, [
    { customerNo: '100000001', name: '张伟', idNo: ID, phone: '13800000001', birthDate: '1970-01-01', branchId: t.org.b1, managerId: t.users.am1!.id, address: '上海市浦东新区世纪大道1号' },
    { customerNo: '100000002', name: '张伟', idNo: ID, phone: '13900000002', birthDate: '1970-01-01', branchId: t.org.b1, managerId: t.users.am1b!.id, email: 'zw@example.com' },
    { customerNo: '200000003', name: '张伟', idNo: ID, phone: '13700000003', birthDate: '1970-01-01', branchId: t.org.b2, managerId: t.users.am2!.id },
  ]) as [string, string, string];
  const ids = { sContact: uuidv7(), lContact: uuidv7(), lAccount: uuidv7(), lFeedback: uuidv7(), sTagVip: uuidv7(), lTagVip: uuidv7(), lTagOld: uuidv7(), sOwn: uuidv7(), lOwn: uuidv7() };
  const b1 = t.org.b1;
  writeTxSync(
    t.db,
    'test-fixture',
    () => {
      const run = (sql: string, ...p: (string | null)[]) => t.db.sqlite.prepare(sql).run(...p);
      const contact = `INSERT INTO contacts (id, customer_id, branch_id, kind, name, phone, created_at, updated_at) VALUES (?, ?, ?, 'emergency', ?, ?, ?, ?)`;
      run(contact, ids.sContact, s, b1, '张小伟', '13600000001', T0, T0);
      run(contact, ids.lContact, l, b1, '李梅', '13600000002', T0, T0);
      run(`INSERT INTO accounts (id, customer_id, branch_id, account_no, type, created_at, updated_at) VALUES (?, ?, ?, '310000123456', 'normal', ?, ?)`, ids.lAccount, l, b1, T0, T0);
      run(`INSERT INTO customer_feedback (id, customer_id, branch_id, kind, channel, content, author_id, created_at, updated_at) VALUES (?, ?, ?, 'praise', 'phone', '服务很好', ?, ?, ?)`, ids.lFeedback, l, b1, t.users.am1b!.id, T0, T0);
      const tag = `INSERT INTO customer_tags (id, customer_id, branch_id, tag, created_at) VALUES (?, ?, ?, ?, ?)`;
      run(tag, ids.sTagVip, s, b1, 'VIP', T0);
      run(tag, ids.lTagVip, l, b1, 'VIP', T0);
      run(tag, ids.lTagOld, l, b1, '老客户', T0);
      const own = `INSERT INTO customer_ownership (id, customer_id, branch_id, manager_id, valid_from, reason, assigned_by, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`;
      run(own, ids.sOwn, s, b1, t.users.am1!.id, T0, t.users.bm1!.id, T0);
      run(own, ids.lOwn, l, b1, t.users.am1b!.id, T0, t.users.bm1!.id, T0);
      const [a, b] = s < l ? [s, l] : [l, s];
      run(`INSERT INTO duplicate_pairs (a_id, b_id, reason, branch_id, found_at, status) VALUES (?, ?, 'id_no', ?, ?, 'open')`, a, b, b1, T0);
      run(`INSERT INTO duplicate_pairs (a_id, b_id, reason, branch_id, found_at, status) VALUES (?, ?, 'name_birth', ?, ?, 'dismissed')`, a, b, b1, T0);
    },
    'uncaptured',
  );
  return { s, l, x, ids };
}

const CHILD_TABLES = ['contacts', 'accounts', 'customer_feedback', 'customer_tags', 'customer_ownership'] as const;
type Row = Record<string, unknown>;
const rows = (t: TestApp, sql: string, ...p: string[]) => t.db.sqlite.prepare(sql).all(...p) as Row[];
/** Everything a merge touches, as full rows. */
function state(t: TestApp) {
  const out: Record<string, Row[]> = { customers: rows(t, 'SELECT * FROM customers ORDER BY id') };
  for (const tb of CHILD_TABLES) out[tb] = rows(t, `SELECT * FROM ${tb} ORDER BY id`);
  out.duplicate_pairs = rows(t, 'SELECT * FROM duplicate_pairs ORDER BY reason');
  out.customer_merges = rows(t, 'SELECT * FROM customer_merges');
  return out;
}
/** version / updated_at / updated_by record that a change happened (optimistic concurrency): an undo advances them too. */
const withoutBookkeeping = (r: Row) => Object.fromEntries(Object.entries(r).filter(([k]) => !['version', 'updated_at', 'updated_by'].includes(k)));
const one = (t: TestApp, sql: string, ...p: string[]) => t.db.sqlite.prepare(sql).get(...p) as Row;

const PICKS = { phone: 'loser', managerId: 'loser', name: 'survivor', email: 'loser' } as const;

async function requestAndApprove(t: TestApp, s: string, l: string) {
  const comp1 = await t.login('comp1');
  const bm1 = await t.login('bm1');
  const { pendingApprovalId } = await t.ok(comp1, 'customers.merge', { survivorId: s, loserId: l, picks: PICKS }) as unknown as { pendingApprovalId: string };
  await t.ok(bm1, 'approvals.approve', { id: pendingApprovalId });
  const mergeId = (one(t, 'SELECT id FROM customer_merges') as { id: string }).id;
  return { comp1, bm1, pendingApprovalId, mergeId };
}

describe('customers.merge: four-eyes (复核)', () => {
  it("the maker's call changes nothing and shows the checker what will happen", async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l } = seed(t);
    const before = state(t);
    const comp1 = await t.login('comp1');
    const r = (await t.ok(comp1, 'customers.merge', { survivorId: s, loserId: l, picks: PICKS })) as unknown as { pendingApprovalId: string };
    expect(r).toEqual({ pendingApprovalId: expect.any(String) });
    expect(state(t)).toEqual(before);
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM sync_ops').get()).toEqual({ n: 0 });
    const bm1 = await t.login('bm1');
    expect(await t.ok(bm1, 'approvals.list', { status: 'pending' })).toMatchObject([
      { id: r.pendingApprovalId, method: 'customers.merge', makerId: t.users.comp1!.id, summaryParams: { survivorId: s, loserId: l, survivorNo: '100000001', loserNo: '100000002', children: 6, takenKeys: 'customer.field.phone|customer.field.email|customer.field.manager' } },
    ]);
  });

  it('the maker cannot approve their own merge; a checker without approvals.decide is refused', async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l } = seed(t);
    const before = state(t);
    const bm1 = await t.login('bm1');
    const { pendingApprovalId } = (await t.ok(bm1, 'customers.merge', { survivorId: s, loserId: l, picks: {} })) as unknown as { pendingApprovalId: string };
    const self = await t.call(bm1, 'approvals.approve', { id: pendingApprovalId });
    expect(self.ok ? null : self.error.code).toBe('SELF_APPROVAL');
    const comp1 = await t.login('comp1');
    const noRight = await t.call(comp1, 'approvals.approve', { id: pendingApprovalId });
    expect(noRight.ok ? null : noRight.error.code).toBe('FORBIDDEN');
    expect(state(t)).toEqual(before);
  });

  it('the request is checked when made: same customer, unknown, out of scope, of two branches, already merged, no permission', async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l, x } = seed(t);
    const comp1 = await t.login('comp1');
    const code = async (input: { survivorId: string; loserId: string }, client = comp1) => {
      const r = await t.call(client, 'customers.merge', { ...input, picks: {} });
      return r.ok ? null : [r.error.code, r.error.message];
    };
    const same = await t.call(comp1, 'customers.merge', { survivorId: s, loserId: s, picks: {} });
    expect(same.ok ? null : same.error.issues).toEqual([{ path: ['loserId'], message: 'validation.merge.same' }]);
    expect(await code({ survivorId: s, loserId: uuidv7() })).toEqual(['NOT_FOUND', 'error.customers.notFound']);
    expect(await code({ survivorId: s, loserId: x })).toEqual(['OUT_OF_SCOPE', 'error.OUT_OF_SCOPE']);
    expect(await code({ survivorId: s, loserId: l }, await t.login('am1'))).toEqual(['FORBIDDEN', 'error.FORBIDDEN']);
    // HQ's compliance sees both branches; the merge is still one branch's (its checkers, its staff).
    expect(await code({ survivorId: s, loserId: x }, await t.login('hqcomp'))).toEqual(['CONFLICT', 'error.customers.mergeAcrossBranches']);
    writeTxSync(t.db, 'test-fixture', () => t.db.sqlite.prepare(`UPDATE customers SET merged_into = ?, deleted_at = ? WHERE id = ?`).run(s, NOW, l), 'uncaptured');
    expect(await code({ survivorId: s, loserId: l })).toEqual(['CONFLICT', 'error.customers.merged']);
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM approvals').get()).toEqual({ n: 0 });
  });
});

describe('customers.merge: open tasks', () => {
  it("go to the survivor's manager as the merge leaves it, the loser's and the survivor's alike; done ones keep theirs", async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l } = seed(t);
    const task = (customerId: string, owner: string, status: string) => {
      const id = uuidv7();
      writeTxSync(t.db, owner, () =>
        t.db.sqlite
          .prepare(`INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, status, source, title_key, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'reassess', '2026-12-31', ?, 'manual', 'task.title', ?, ?, ?)`)
          .run(id, owner, t.org.b1, customerId, status, owner, NOW, NOW),
      );
      return id;
    };
    const sOpen = task(s, t.users.am1!.id, 'open');
    const lOpen = task(l, t.users.am1b!.id, 'open');
    const sDone = task(s, t.users.am1!.id, 'done');
    // PICKS takes the loser's manager (am1b).
    await requestAndApprove(t, s, l);
    const owner = (id: string) => (one(t, 'SELECT owner_id FROM tasks WHERE id = ?', id) as { owner_id: string }).owner_id;
    expect([owner(sOpen), owner(lOpen), owner(sDone)]).toEqual([t.users.am1b!.id, t.users.am1b!.id, t.users.am1!.id]);
  });
});

describe('customers.merge: after approval', () => {
  it('applies the picks, moves every child row, tombstones the loser, records the merge, all authored by the maker', async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l, ids } = seed(t);
    const { mergeId } = await requestAndApprove(t, s, l);
    const am1 = t.users.am1!.id;
    const am1b = t.users.am1b!.id;
    const comp1 = t.users.comp1!.id;

    expect(one(t, 'SELECT name, phone, manager_id, email, address, merged_into, deleted_at, version, updated_by FROM customers WHERE id = ?', s)).toEqual({
      name: '张伟',
      phone: '13900000002',
      manager_id: am1b,
      email: 'zw@example.com',
      address: '上海市浦东新区世纪大道1号',
      merged_into: null,
      deleted_at: null,
      version: 2,
      updated_by: comp1,
    });
    expect(one(t, 'SELECT merged_into, deleted_at, version FROM customers WHERE id = ?', l)).toEqual({ merged_into: s, deleted_at: NOW, version: 2 });

    expect(rows(t, 'SELECT id, customer_id FROM contacts ORDER BY id')).toEqual([{ id: ids.sContact, customer_id: s }, { id: ids.lContact, customer_id: s }]);
    expect(rows(t, 'SELECT id, customer_id FROM accounts')).toEqual([{ id: ids.lAccount, customer_id: s }]);
    expect(rows(t, 'SELECT id, customer_id FROM customer_feedback')).toEqual([{ id: ids.lFeedback, customer_id: s }]);
    // The survivor already had VIP: the loser's VIP is dropped, not moved (no duplicate tag).
    expect(rows(t, 'SELECT id, customer_id, tag, deleted_at FROM customer_tags ORDER BY id')).toEqual([
      { id: ids.sTagVip, customer_id: s, tag: 'VIP', deleted_at: null },
      { id: ids.lTagVip, customer_id: l, tag: 'VIP', deleted_at: NOW },
      { id: ids.lTagOld, customer_id: s, tag: '老客户', deleted_at: null },
    ]);
    const added = one(t, `SELECT id FROM customer_ownership WHERE reason = 'merge'`).id as string;
    expect(rows(t, 'SELECT id, customer_id, manager_id, valid_from, valid_to, reason, assigned_by FROM customer_ownership ORDER BY id')).toEqual([
      { id: ids.sOwn, customer_id: s, manager_id: am1, valid_from: T0, valid_to: NOW, reason: 'open', assigned_by: t.users.bm1!.id },
      { id: ids.lOwn, customer_id: s, manager_id: am1b, valid_from: T0, valid_to: NOW, reason: 'open', assigned_by: t.users.bm1!.id },
      { id: added, customer_id: s, manager_id: am1b, valid_from: NOW, valid_to: null, reason: 'merge', assigned_by: comp1 },
    ]);

    const m = one(t, 'SELECT * FROM customer_merges');
    expect({ ...m, picks: JSON.parse(m.picks as string), survivor_before: JSON.parse(m.survivor_before as string), moved: JSON.parse(m.moved as string) }).toEqual({
      id: mergeId,
      survivor_id: s,
      loser_id: l,
      branch_id: t.org.b1,
      picks: PICKS,
      survivor_before: { phone: '13800000001', email: null, manager_id: am1 },
      moved: {
        tables: { contacts: [ids.lContact], accounts: [ids.lAccount], customer_feedback: [ids.lFeedback], customer_tags: [ids.lTagOld], customer_ownership: [ids.lOwn], risk_assessments: [], recommendations: [], compliance_reviews: [], investor_category_changes: [], tasks: [] },
        tagsDropped: [ids.lTagVip],
        ownershipClosed: [ids.lOwn, ids.sOwn],
        ownershipAdded: added,
        pairStatus: { id_no: 'open', name_birth: 'dismissed' },
      },
      merged_by: comp1,
      approved_by: t.users.bm1!.id,
      created_at: NOW,
      undone_at: null,
      deleted_at: null,
    });
    expect(rows(t, 'SELECT reason, status FROM duplicate_pairs ORDER BY reason')).toEqual([
      { reason: 'id_no', status: 'merged' },
      { reason: 'name_birth', status: 'merged' },
    ]);

    // Capture: every op and history row by the maker; the merge record is the first op.
    expect(rows(t, 'SELECT DISTINCT author FROM sync_ops')).toEqual([{ author: comp1 }]);
    expect(rows(t, 'SELECT DISTINCT author FROM history')).toEqual([{ author: comp1 }]);
    expect(one(t, 'SELECT tbl, row_id, kind FROM sync_ops ORDER BY origin_seq LIMIT 1')).toEqual({ tbl: 'customer_merges', row_id: mergeId, kind: 'insert' });
    expect(rows(t, `SELECT col, value FROM sync_ops WHERE tbl = 'customers' AND row_id = ? ORDER BY col`, l)).toEqual([
      { col: 'deleted_at', value: JSON.stringify(NOW) },
      { col: 'merged_into', value: JSON.stringify(s) },
    ]);
    expect(rows(t, `SELECT actor_id AS actor, approver_id AS approver, target_id AS target, detail FROM audit_log WHERE action = 'customers.merge'`)).toEqual([
      { actor: comp1, approver: t.users.bm1!.id, target: s, detail: JSON.stringify({ loserId: l, mergeId }) },
    ]);
  });
});

describe('customers.unmerge', () => {
  it('restores exactly the state before the merge', async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l } = seed(t);
    const before = state(t);
    const { comp1, mergeId } = await requestAndApprove(t, s, l);
    await t.ok(comp1, 'customers.unmerge', { mergeId });
    const after = state(t);

    expect(after.customers!.map(withoutBookkeeping)).toEqual(before.customers!.map(withoutBookkeeping));
    expect(rows(t, 'SELECT id, version, updated_by FROM customers WHERE id IN (?, ?) ORDER BY id', s, l)).toEqual(
      [s, l].sort().map((id) => ({ id, version: 3, updated_by: t.users.comp1!.id })),
    );
    for (const tb of ['contacts', 'accounts', 'customer_feedback', 'customer_tags'] as const) expect(after[tb]!.map(withoutBookkeeping)).toEqual(before[tb]!.map(withoutBookkeeping));
    // A move there and back is an edit of each child row that keeps `updated_at` (an import's undo reads it).
    const movedBack = (JSON.parse(one(t, 'SELECT moved FROM customer_merges').moved as string) as { tables: Record<string, string[]> }).tables;
    for (const tb of ['contacts', 'accounts'] as const) {
      expect(movedBack[tb]!.length).toBeGreaterThan(0);
      for (const id of movedBack[tb]!) expect(one(t, `SELECT updated_at FROM ${tb} WHERE id = ?`, id)).toEqual({ updated_at: NOW });
    }
    // The ownership rows are as they were; the period the merge opened is withdrawn (soft-deleted: it travelled as an op).
    const addedId = (JSON.parse(one(t, 'SELECT moved FROM customer_merges').moved as string) as { ownershipAdded: string }).ownershipAdded;
    expect(after.customer_ownership!.filter((r) => r.id !== addedId)).toEqual(before.customer_ownership);
    expect(one(t, 'SELECT deleted_at FROM customer_ownership WHERE id = ?', addedId)).toEqual({ deleted_at: NOW });
    expect(after.duplicate_pairs).toEqual(before.duplicate_pairs);
    expect(one(t, 'SELECT undone_at FROM customer_merges WHERE id = ?', mergeId)).toEqual({ undone_at: NOW });

    const again = await t.call(comp1, 'customers.unmerge', { mergeId });
    expect(again.ok ? null : again.error).toEqual({ code: 'CONFLICT', message: 'error.customers.mergeUndone' });
  });

  it('is refused once the merge has gone into a bundle for its branch', async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l } = seed(t);
    const branch1 = await enrollBranch(t, t.org.b1, 'b1');
    try {
      const { comp1, mergeId } = await requestAndApprove(t, s, l);
      const merged = state(t);
      // The survivor's page says whether the merge has gone out: its undo is offered only before.
      const mergeEvent = async () => (await t.ok(comp1, 'customers.get', { id: s })).timeline.events.find((e) => e.key === `merge:${mergeId}`)?.summary;
      expect(await mergeEvent()).toEqual({ role: 'survivor', undone: 0, bundled: 0 });
      createBundle(t.db.sqlite, branch1.db.nodeId, new Date(NOW));
      expect(await mergeEvent()).toEqual({ role: 'survivor', undone: 0, bundled: 1 });
      expect((await t.ok(comp1, 'customers.timeline', { id: s })).events.find((e) => e.key === `merge:${mergeId}`)?.summary).toEqual({ role: 'survivor', undone: 0, bundled: 1 });
      const refused = await t.call(comp1, 'customers.unmerge', { mergeId });
      expect(refused.ok ? null : refused.error).toEqual({ code: 'CONFLICT', message: 'error.customers.mergeBundled' });
      expect(state(t)).toEqual(merged);
    } finally {
      branch1.close();
    }
  });

  it('is still allowed after a bundle for a branch the merge does not go to', async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l } = seed(t);
    const branch2 = await enrollBranch(t, t.org.b2, 'b2');
    try {
      const { comp1, mergeId } = await requestAndApprove(t, s, l);
      // Branch 2's link considers the merge's ops (its cursor passes them) but routing gives them to branch 1 only.
      createBundle(t.db.sqlite, branch2.db.nodeId, new Date(NOW));
      await t.ok(comp1, 'customers.unmerge', { mergeId });
      expect(one(t, 'SELECT merged_into, deleted_at FROM customers WHERE id = ?', l)).toEqual({ merged_into: null, deleted_at: null });
    } finally {
      branch2.close();
    }
  });

  it('is refused when the merged fields were edited since, and for a merge out of scope or unknown', async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l } = seed(t);
    const { comp1, mergeId } = await requestAndApprove(t, s, l);
    const bm2 = await t.login('bm2');
    const out = await t.call(bm2, 'customers.unmerge', { mergeId });
    expect(out.ok ? null : out.error.code).toBe('OUT_OF_SCOPE');
    const unknown = await t.call(comp1, 'customers.unmerge', { mergeId: uuidv7() });
    expect(unknown.ok ? null : unknown.error).toEqual({ code: 'NOT_FOUND', message: 'error.customers.mergeNotFound' });
    writeTxSync(t.db, t.users.am1b!.id, () => t.db.sqlite.prepare(`UPDATE customers SET phone = '13900000099' WHERE id = ?`).run(s));
    const changed = await t.call(comp1, 'customers.unmerge', { mergeId });
    expect(changed.ok ? null : changed.error).toEqual({ code: 'CONFLICT', message: 'error.customers.mergeChangedSince' });
    expect(one(t, 'SELECT merged_into FROM customers WHERE id = ?', l)).toEqual({ merged_into: s });
  });

  it('merged pairs are listed with the tombstone; a merged pair cannot be dismissed', async () => {
    t = await makeTestApp({ now: () => new Date(NOW) });
    const { s, l } = seed(t);
    const { comp1 } = await requestAndApprove(t, s, l);
    const merged = await t.ok(comp1, 'customers.duplicates.list', { status: 'merged' });
    expect(merged.total).toBe(2);
    expect(merged.pairs.map((p) => [p.reason, p.status, [p.a.customerNo, p.b.customerNo].sort().join('/')])).toEqual([
      ['id_no', 'merged', '100000001/100000002'],
      ['name_birth', 'merged', '100000001/100000002'],
    ]);
    expect((await t.ok(comp1, 'customers.duplicates.list', {})).total).toBe(0);
    const r = await t.call(comp1, 'customers.duplicates.dismiss', { aId: s, bId: l, reason: 'id_no' });
    expect(r.ok ? null : r.error).toEqual({ code: 'CONFLICT', message: 'error.customers.pairMerged' });
  });
});
