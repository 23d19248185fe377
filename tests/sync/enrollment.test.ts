import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { writeTxSync } from '../../src-main/db/tx';
import { formatHlc } from '../../src-main/sync/hlc';
import { addPeer, peerBoxKey } from '../../src-main/sync/node';
import { SYNCED_TABLES } from '../../src-main/sync/synced-tables';
import { enrollBranch, exchange, NEWER_NODE, opsFromNewerNode, type SyncNode } from './nodes';

let hq: TestApp;
let br: SyncNode | null = null;
afterEach(() => {
  br?.close();
  br = null;
  hq?.close();
});

const T0 = '2026-01-05T09:00:00.000Z';

/** Rows of every synced table, by table, as `id → captured columns` (JSON). */
function holdings(sqlite: TestApp['db']['sqlite'], branches?: readonly string[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const t of SYNCED_TABLES) {
    const rows = sqlite.prepare(`SELECT id, branch_id, json_array(${['id', ...t.columns].join(', ')}) AS v FROM ${t.table} ORDER BY id`).all() as { id: string; branch_id: string; v: string }[];
    out.set(t.table, new Map(rows.filter((r) => !branches || branches.includes(r.branch_id)).map((r) => [r.id, r.v])));
  }
  return out;
}

describe('enrollment', () => {
  it('carries every row the branch may hold, not only customers and master data, and the ops HQ holds parked for it', async () => {
    hq = await makeTestApp();
    const { b1, b2 } = hq.org;
    const [s, l, x, y] = insertCustomers(hq, [
      { customerNo: '100000001', name: '张伟', idNo: makeIdNumber('19700101', 11), branchId: b1 },
      { customerNo: '100000002', name: '张伟', idNo: makeIdNumber('19700101', 13), branchId: b1 },
      { customerNo: '200000001', name: '李娜', idNo: makeIdNumber('19800101', 15), branchId: b2 },
      { customerNo: '200000002', name: '李娜', idNo: makeIdNumber('19800101', 17), branchId: b2 },
    ]) as [string, string, string, string];
    const rowIds = { mergeB1: uuidv7(), mergeB2: uuidv7(), taskB1: uuidv7(), taskB2: uuidv7(), taskHq: uuidv7(), decisionB1: uuidv7(), decisionB2: uuidv7() };
    // Rows that hang off no customer, written as people's work at HQ (captured), before the branch is enrolled.
    writeTxSync(
      hq.db,
      hq.users.admin!.id,
      () => {
        const run = (sql: string, ...p: (string | null)[]) => hq.db.sqlite.prepare(sql).run(...p);
        const merge = `INSERT INTO customer_merges (id, survivor_id, loser_id, branch_id, picks, survivor_before, moved, merged_by, created_at) VALUES (?, ?, ?, ?, '{}', '{}', '{}', ?, ?)`;
        run(merge, rowIds.mergeB1, s, l, b1, hq.users.bm1!.id, T0);
        run(merge, rowIds.mergeB2, x, y, b2, hq.users.bm2!.id, T0);
        const task = `INSERT INTO tasks (id, owner_id, branch_id, customer_id, kind, due_date, source, title_key, created_by, created_at, updated_at) VALUES (?, ?, ?, NULL, 'reassess', '2026-02-01', 'manual', 'task.title', ?, ?, ?)`;
        run(task, rowIds.taskB1, hq.users.am1!.id, b1, hq.users.bm1!.id, T0, T0);
        run(task, rowIds.taskB2, hq.users.am2!.id, b2, hq.users.bm2!.id, T0, T0);
        run(task, rowIds.taskHq, hq.users.hqop!.id, hq.org.hq, hq.users.admin!.id, T0, T0);
        const decision = `INSERT INTO conflict_resolutions (id, tbl, row_id, col, winner_hlc, loser_hlc, status, resolved_by, branch_id, created_at) VALUES (?, 'customers', ?, 'phone', ?, ?, 'kept', ?, ?, ?)`;
        const h = (n: number) => formatHlc({ wall: Date.parse(T0) + n, counter: 0, node: 'a1b2c3d4e5f60718' });
        run(decision, rowIds.decisionB1, s, h(2), h(1), hq.users.bm1!.id, b1, T0);
        run(decision, rowIds.decisionB2, x, h(2), h(1), hq.users.bm2!.id, b2, T0);
      },
      'capture',
    );
    // Ops HQ parked: from a branch already on a newer version, a column this version does not know.
    const origin = NEWER_NODE;
    const parked = opsFromNewerNode(hq.db, [
      { q: 1, tb: 'customers', r: s, c: 'wealth_goal', v: '"retirement"', br: b1 },
      { q: 2, tb: 'customers', r: x, c: 'wealth_goal', v: '"retirement"', br: b2 },
      // A third, on a b2 customer that has since moved to b1: b1 is its owner now.
      { q: 3, tb: 'customers', r: y, c: 'wealth_goal', v: '"travel"', br: b2 },
    ]).parked;
    expect(parked).toBe(3);

    // y moves to b1, and s moves to b2 (then the op parked on s is b2's business): captured moves at HQ.
    writeTxSync(
      hq.db,
      hq.users.admin!.id,
      () => {
        hq.db.sqlite.prepare(`UPDATE customers SET branch_id = ? WHERE id = ?`).run(b1, y);
        hq.db.sqlite.prepare(`UPDATE customers SET branch_id = ? WHERE id = ?`).run(b2, s);
        hq.db.sqlite.prepare(`UPDATE customer_merges SET branch_id = ? WHERE id = ?`).run(b2, rowIds.mergeB1);
        hq.db.sqlite.prepare(`UPDATE customer_merges SET branch_id = ? WHERE id = ?`).run(b1, rowIds.mergeB2);
      },
      'capture',
    );
    br = await enrollBranch(hq, b1, 'b1');

    // The branch holds exactly HQ's rows of its own and of HQ, equal in every captured column.
    const expected = holdings(hq.db.sqlite, [b1, hq.org.hq]);
    const got = holdings(br.db.sqlite);
    for (const t of SYNCED_TABLES) expect([t.table, got.get(t.table)]).toEqual([t.table, expected.get(t.table)]);
    expect(got.get('customer_merges')!.has(rowIds.mergeB2)).toBe(true);
    expect(got.get('tasks')!.has(rowIds.taskB1) && got.get('tasks')!.has(rowIds.taskHq)).toBe(true);
    expect(got.get('conflict_resolutions')!.has(rowIds.decisionB1)).toBe(true);
    for (const other of [rowIds.mergeB1, rowIds.taskB2, rowIds.decisionB2]) expect([...got.values()].some((m) => m.has(other))).toBe(false);
    // Their history came too.
    expect(br.db.sqlite.prepare(`SELECT count(*) FROM history WHERE tbl = 'customer_merges' AND row_id = ?`).pluck().get(rowIds.mergeB2)).toBe(2);

    // The op parked for the branch's customer (by its owner now) is parked there too (held in its log), the other branch's are not.
    expect(br.db.sqlite.prepare(`SELECT origin, origin_seq, reason FROM sync_parked`).all()).toEqual([{ origin, origin_seq: 3, reason: 'column' }]);
    expect(br.db.sqlite.prepare(`SELECT count(*) FROM sync_ops WHERE origin = ?`).pluck().get(origin)).toBe(1);
  });

  it('a parked op travels with its row: a customer that moves to an enrolled branch brings the ops HQ holds parked on it and its child rows', async () => {
    hq = await makeTestApp();
    const { b1, b2 } = hq.org;
    const [s] = insertCustomers(hq, [{ customerNo: '100000001', name: '张伟', idNo: makeIdNumber('19700101', 11), branchId: b1 }]) as [string];
    br = await enrollBranch(hq, b2, 'b2');
    const contact = uuidv7();
    writeTxSync(
      hq.db,
      hq.users.admin!.id,
      () => hq.db.sqlite.prepare(`INSERT INTO contacts (id, customer_id, branch_id, kind, name, relation, phone, created_at, updated_at) VALUES (?, ?, ?, 'relative', '张母', '母亲', '13900000001', ?, ?)`).run(contact, s, b1, T0, T0),
      'capture',
    );
    // b1, already on a newer version, edits a column this version does not know, on the customer and on its contact: HQ parks both.
    const origin = NEWER_NODE;
    const parked = opsFromNewerNode(hq.db, [
      { q: 1, tb: 'customers', r: s, c: 'wealth_goal', v: '"retirement"', br: b1 },
      { q: 2, tb: 'contacts', r: contact, c: 'wealth_goal', v: '"retirement"', br: b1 },
    ]).parked;
    expect(parked).toBe(2);
    // Routed then to no one: b1 sent them, b2 may not hold the customer. b2's link moves past them (a bundle with nothing new).
    expect(exchange(hq.db, br.db).status).toBe('duplicate');
    expect(br.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE id = ?`).pluck().get(s)).toBe(0);
    // The customer moves to b2: it arrives as a snapshot, and the ops parked on it come along (b2 parks them in turn).
    writeTxSync(hq.db, hq.users.admin!.id, () => hq.db.sqlite.prepare(`UPDATE customers SET branch_id = ? WHERE id = ?`).run(b2, s), 'capture');
    writeTxSync(hq.db, hq.users.admin!.id, () => hq.db.sqlite.prepare(`UPDATE contacts SET branch_id = ? WHERE id = ?`).run(b2, contact), 'capture');
    expect(exchange(hq.db, br.db).status).toBe('applied');
    expect(br.db.sqlite.prepare(`SELECT count(*) FROM contacts WHERE id = ?`).pluck().get(contact)).toBe(1);
    expect(br.db.sqlite.prepare(`SELECT origin, origin_seq, reason FROM sync_parked ORDER BY origin_seq`).all()).toEqual([
      { origin, origin_seq: 1, reason: 'column' },
      { origin, origin_seq: 2, reason: 'column' },
    ]);
    // Held in its log, as at HQ.
    expect(br.db.sqlite.prepare(`SELECT count(*) FROM sync_ops WHERE origin = ?`).pluck().get(origin)).toBe(2);
  });

  it('a peer whose keys arrive together (HQ mid-rotation at enrollment) is sealed to its newest, whatever the key ids', async () => {
    hq = await makeTestApp();
    const key = (id: string) => ({ keyId: id, signPublic: `sign-${id}`, boxPublic: `box-${id}` });
    // Announced oldest first; the old key's id sorts first.
    writeTxSync(hq.db, 'sync', () => addPeer(hq.db.sqlite, { nodeId: 'abcdefabcdefabcd', orgId: hq.org.b2, role: 'branch', keys: [key('k-aaa-old'), key('k-zzz-new')] }, T0), 'uncaptured');
    expect(peerBoxKey(hq.db.sqlite, 'abcdefabcdefabcd')?.keyId).toBe('k-zzz-new');
  });
});
