import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { insertCustomers } from '../helpers/insert-customer';
import { writeTxSync } from '../../src-main/db/tx';
import { formatHlc } from '../../src-main/sync/hlc';
import { enrollBranch, exchange, opsFromNewerNode, type SyncNode } from './nodes';
import { receiveBundle } from '../../src-main/sync/apply';
import { createBundle, parkedOps } from '../../src-main/sync/outbox';
import { SYNCED_TABLES } from '../../src-main/sync/synced-tables';

/**
 * Parked ops (a clock too far ahead, a column this version does not know) and snapshots of rows
 * that move between branches: every node ends with the same value, and no branch keeps, or gets
 * back, a row it may no longer hold.
 */
let hq: TestApp;
const nodes: SyncNode[] = [];
afterEach(() => {
  for (const n of nodes.splice(0)) n.close();
  hq?.close();
});

const HOUR = 3_600_000;
type Db = TestApp['db'];
/** A node whose clock runs ahead: its next captured edit is stamped `ms`. */
const clockAt = (db: Db, ms: number) =>
  db.sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES ('hlc', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(formatHlc({ wall: ms, counter: 0, node: db.nodeId }));
const nameOf = (db: Db, id: string) => db.sqlite.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get(id);
const edit = (db: Db, sql: string, ...p: unknown[]) => writeTxSync(db, 'someone', () => db.sqlite.prepare(sql).run(...p), 'capture');
const parkedCount = (db: Db) => db.sqlite.prepare(`SELECT count(*) FROM sync_parked`).pluck().get();

const later = () => new Date(Date.now() + 72 * HOUR);

/**
 * Three days on (every clock has caught up), a real bundle from `branch` to HQ (an edit of
 * `branchRow`) and one from HQ to `receiver` (an edit of `receiverRow`): parked ops are replayed
 * as a bundle is applied, not on a duplicate.
 */
function threeDaysOn(branch: SyncNode, branchRow: string, receiver: SyncNode, receiverRow: string): void {
  edit(branch.db, `UPDATE customers SET address = '北京' WHERE id = ?`, branchRow);
  exchange(branch.db, hq.db, later);
  edit(hq.db, `UPDATE customers SET address = '上海' WHERE id = ?`, receiverRow);
  exchange(hq.db, receiver.db, later);
}

async function setup(): Promise<{ b1: string; b2: string; x: string; stays: string; n1: SyncNode; n2: SyncNode }> {
  hq = await makeTestApp();
  const { b1, b2 } = hq.org;
  const [x, stays] = insertCustomers(hq, [
    { customerNo: '100000001', name: '张伟', idNo: makeIdNumber('19700101', 11), branchId: b1 },
    { customerNo: '100000002', name: '陈静', idNo: makeIdNumber('19700101', 13), branchId: b1 },
  ]) as [string, string];
  const n1 = await enrollBranch(hq, b1, 'b1');
  const n2 = await enrollBranch(hq, b2, 'b2');
  nodes.push(n1, n2);
  return { b1, b2, x, stays, n1, n2 };
}

describe('parked ops and moves', () => {
  it('an edit from a fast clock, parked at HQ, that crossed a move reaches the new owner', async () => {
    const { b2, x, stays, n1, n2 } = await setup();
    clockAt(n1.db, Date.now() + 48 * HOUR);
    edit(n1.db, `UPDATE customers SET name = '王芳' WHERE id = ?`, x);
    // HQ moves the customer to b2 before b1's bundle arrives; HQ parks b1's edit (48 h ahead).
    edit(hq.db, `UPDATE customers SET branch_id = ? WHERE id = ?`, b2, x);
    exchange(hq.db, n2.db);
    expect(exchange(n1.db, hq.db)).toMatchObject({ status: 'applied', parked: 1 });
    // Routed by the owner now: b2 gets the op and parks it too.
    expect(exchange(hq.db, n2.db).status).toBe('applied');
    expect(parkedCount(n2.db)).toBe(1);
    // Three days on, both clocks have caught up: the edit is applied at HQ and at b2 alike.
    threeDaysOn(n1, stays, n2, x);
    expect([nameOf(hq.db, x), nameOf(n2.db, x)]).toEqual(['王芳', '王芳']);
    expect([parkedCount(hq.db), parkedCount(n2.db)]).toEqual([0, 0]);
  });

  it("a branch's own parked edit of a customer that moved away and back is not lost to the purge", async () => {
    const { b1, b2, x, n1, n2 } = await setup();
    clockAt(n1.db, Date.now() + 48 * HOUR);
    edit(n1.db, `UPDATE customers SET name = '王芳' WHERE id = ?`, x);
    expect(exchange(n1.db, hq.db)).toMatchObject({ parked: 1 });
    // Away to b2 (b1 purges its copy) and back: b1 gets HQ's snapshot, without the edit HQ holds parked.
    edit(hq.db, `UPDATE customers SET branch_id = ? WHERE id = ?`, b2, x);
    exchange(hq.db, n1.db);
    exchange(hq.db, n2.db);
    expect(n1.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE id = ?`).pluck().get(x)).toBe(0);
    edit(hq.db, `UPDATE customers SET branch_id = ? WHERE id = ?`, b1, x);
    exchange(hq.db, n1.db);
    exchange(hq.db, n2.db);
    // b1 holds its own edit parked now, as HQ does; three days on, each replays it at the next bundle it receives.
    expect(parkedCount(n1.db)).toBe(1);
    threeDaysOn(n1, x, n1, x);
    expect([nameOf(hq.db, x), nameOf(n1.db, x)]).toEqual(['王芳', '王芳']);
    // b2 held it for a while: nothing of it stays there.
    expect([nameOf(n2.db, x), parkedCount(n2.db)]).toEqual([undefined, 0]);
  });

  it('a contact from a fast clock, parked at HQ, on a customer HQ moved meanwhile is re-homed to the new owner when replayed', async () => {
    const { b2, x, stays, n1, n2 } = await setup();
    clockAt(n1.db, Date.now() + 48 * HOUR);
    const contact = '019a0000-0000-7000-8000-00000000c0de';
    edit(n1.db, `INSERT INTO contacts (id, customer_id, branch_id, kind, name, phone, created_at, updated_at) VALUES (?, ?, (SELECT branch_id FROM customers WHERE id = ?), 'relative', '张母', '13900000001', ?, ?)`, contact, x, x, 'now', 'now');
    edit(hq.db, `UPDATE customers SET branch_id = ? WHERE id = ?`, b2, x);
    exchange(hq.db, n2.db);
    expect(exchange(n1.db, hq.db)).toMatchObject({ status: 'applied', parked: 1 });
    edit(n1.db, `UPDATE customers SET address = '北京' WHERE id = ?`, stays);
    expect(exchange(n1.db, hq.db, later)).toMatchObject({ status: 'applied', replayed: 1 });
    const home = (db: Db) => db.sqlite.prepare(`SELECT branch_id FROM contacts WHERE id = ?`).pluck().get(contact);
    expect(home(hq.db)).toBe(b2);
    exchange(hq.db, n2.db, later);
    expect(home(n2.db)).toBe(b2);
  });

  it('a snapshot from a newer HQ: a cell this version does not know is parked, and written once upgraded, without a conflict', async () => {
    const { b2, x, n2 } = await setup();
    // One value edited at HQ (a clock of its own), one the row was made with (the row's clock).
    const [made] = insertCustomers(hq, [{ customerNo: '100000003', name: '周杰', idNo: makeIdNumber('19700101', 17), branchId: hq.org.b1, email: 'zhou@example.com' }]) as [string];
    edit(hq.db, `UPDATE customers SET email = 'li.na@example.com' WHERE id = ?`, x);
    edit(hq.db, `UPDATE customers SET branch_id = ? WHERE id IN (?, ?)`, b2, x, made);
    const snapshot = createBundle(hq.db.sqlite, n2.db.nodeId, new Date());
    // b2 runs a version that does not sync customers.email yet (SYNCED_TABLES is that version's list).
    const cols = SYNCED_TABLES.find((t) => t.table === 'customers')!.columns as string[];
    const at = cols.indexOf('email');
    cols.splice(at, 1);
    let r: ReturnType<typeof receiveBundle>;
    try {
      r = receiveBundle(n2.db, snapshot.file, () => new Date());
    } finally {
      cols.splice(at, 0, 'email');
    }
    // The third customer's email is empty since it was made: nothing parked for it.
    expect(r).toMatchObject({ status: 'applied', parked: 2 });
    const emails = () => n2.db.sqlite.prepare(`SELECT email FROM customers WHERE id IN (?, ?) ORDER BY customer_no`).pluck().all(x, made);
    expect(emails()).toEqual([null, null]);
    expect(n2.db.sqlite.prepare(`SELECT DISTINCT reason, detail FROM sync_parked`).all()).toEqual([{ reason: 'column', detail: 'customers.email' }]);
    // A parked cell is no op of any log: never sent on as one.
    expect(parkedOps(n2.db.sqlite)).toEqual([]);
    // Upgraded: the next bundle replays them, as HQ's settled values (no conflict).
    edit(hq.db, `UPDATE customers SET address = '上海' WHERE id = ?`, x);
    expect(exchange(hq.db, n2.db)).toMatchObject({ status: 'applied', replayed: 2, conflicts: 0 });
    expect(emails()).toEqual(['li.na@example.com', 'zhou@example.com']);
    expect(parkedCount(n2.db)).toBe(0);
    expect(n2.db.sqlite.prepare(`SELECT count(*) FROM sync_conflicts`).pluck().get()).toBe(0);
  });

  it("a snapshot moves the receiver's clock past the row's: the branch's next edit is later than HQ's", async () => {
    const { b2, x, n2 } = await setup();
    clockAt(hq.db, Date.now() + 10 * 60_000); // HQ's clock 10 minutes ahead
    edit(hq.db, `UPDATE customers SET name = '李娜' WHERE id = ?`, x);
    edit(hq.db, `UPDATE customers SET branch_id = ? WHERE id = ?`, b2, x);
    exchange(hq.db, n2.db);
    edit(n2.db, `UPDATE customers SET name = '赵敏' WHERE id = ?`, x);
    expect(exchange(n2.db, hq.db)).toMatchObject({ status: 'applied', conflicts: 0, stale: 0 });
    expect([nameOf(hq.db, x), nameOf(n2.db, x)]).toEqual(['赵敏', '赵敏']);
  });

  it('a row purged from a branch takes the ops parked on it and its child rows along: replayed later, an insert would bring it back', async () => {
    const { b1, b2, n2 } = await setup();
    const [y] = insertCustomers(hq, [{ customerNo: '200000001', name: '李娜', idNo: makeIdNumber('19800101', 15), branchId: b2 }]) as [string];
    const image = JSON.parse(
      hq.db.sqlite.prepare(`SELECT json_object('id', id, 'customer_no', customer_no, 'name', name, 'id_type', id_type, 'id_no', id_no, 'branch_id', branch_id, 'created_at', created_at) FROM customers WHERE id = ?`).pluck().get(y) as string,
    ) as Record<string, unknown>;
    // b2 receives the customer's insert from a node on a newer version: inserted, and parked for its unknown column.
    expect(opsFromNewerNode(n2.db, [{ q: 1, tb: 'customers', r: y, k: 'insert', c: null, v: JSON.stringify({ ...image, wealth_goal: 'x' }), br: b2 }]).parked).toBe(1);
    // …and a contact of it from a clock two days ahead: parked before it is inserted.
    const contact = { id: '019a0000-0000-7000-8000-00000000c0df', customer_id: y, branch_id: b2, kind: 'relative', name: '李母', created_at: 'now', updated_at: 'now' };
    expect(opsFromNewerNode(n2.db, [{ q: 2, tb: 'contacts', r: contact.id, k: 'insert', c: null, v: JSON.stringify(contact), br: b2, wall: Date.now() + 48 * HOUR }]).parked).toBe(1);
    edit(hq.db, `UPDATE customers SET branch_id = ? WHERE id = ?`, b1, y);
    exchange(hq.db, n2.db);
    expect(n2.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE id = ?`).pluck().get(y)).toBe(0);
    expect(parkedCount(n2.db)).toBe(0);
  });
});
