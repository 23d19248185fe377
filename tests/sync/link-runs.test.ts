import { afterEach, describe, expect, it } from 'vitest';
import { createBundle, linkLines } from '../../src-main/sync/outbox';
import { receiveBundle } from '../../src-main/sync/apply';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { enrollBranch, exchange, type SyncNode } from './nodes';

/** Link entries as runs (migration 0008): one row numbers consecutive ops of one origin. */
let hq: TestApp;
let br: SyncNode | null = null;
afterEach(() => {
  br?.close();
  br = null;
  hq?.close();
});

type Run = { link_seq: number; n: number; origin: string | null; origin_seq: number | null; snap_row: string | null };
const runs = (db: { sqlite: { prepare(s: string): { all(...a: unknown[]): unknown[] } } }, peer: string) =>
  db.sqlite.prepare(`SELECT link_seq, n, origin, origin_seq, snap_row FROM sync_link_ops WHERE peer_id = ? ORDER BY link_seq`).all(peer) as Run[];
const count = (db: { sqlite: { prepare(s: string): { pluck(): { get(...a: unknown[]): unknown } } } }, sql: string, ...a: unknown[]) => db.sqlite.prepare(sql).pluck().get(...a) as number;

async function create(node: SyncNode | TestApp, clientId: string, i: number, branchId: string): Promise<{ id: string }> {
  return node.ok(clientId, 'customers.create', { customerNo: `31000000${i}`, name: `客户${i}号`, idType: 'resident_id', idNo: makeIdNumber('19800101', 10 + i), branchId });
}

describe('link entries as runs', () => {
  it('numbers a branch’s own ops as one run per bundle, and the items carry every op in order', async () => {
    hq = await makeTestApp();
    br = await enrollBranch(hq, hq.org.b1, 'b1');
    const am = await br.login('am1');
    const before = count(br.db, `SELECT coalesce(max(origin_seq), 0) FROM sync_ops WHERE origin = ?`, br.db.nodeId);
    for (let i = 0; i < 3; i++) await create(br, am, i, hq.org.b1);
    const first = count(br.db, `SELECT max(origin_seq) FROM sync_ops WHERE origin = ?`, br.db.nodeId);
    const a = createBundle(br.db.sqlite, hq.db.nodeId, new Date());
    expect(runs(br.db, hq.db.nodeId)).toEqual([{ link_seq: 1, n: first - before, origin: br.db.nodeId, origin_seq: before + 1, snap_row: null }]);
    expect(a.manifest.link).toEqual({ from: 1, to: first - before });

    await create(br, am, 3, hq.org.b1);
    const b = createBundle(br.db.sqlite, hq.db.nodeId, new Date());
    const r = runs(br.db, hq.db.nodeId);
    expect(r).toHaveLength(2);
    expect(r[1]).toMatchObject({ link_seq: first - before + 1, origin_seq: first + 1 });
    // The second bundle carries both runs (nothing acknowledged yet): each op once, link_seq and origin_seq in step.
    const items = [...linkLines(br.db.sqlite, hq.db.nodeId, b.manifest.link.from, b.manifest.link.to)].map((l) => JSON.parse(l) as { s: number; q: number; o: string });
    expect(items.map((i) => i.s)).toEqual(Array.from({ length: b.manifest.link.to }, (_, i) => i + 1));
    expect(items.every((i) => i.q === i.s + before && i.o === br!.db.nodeId)).toBe(true);
    // From inside a run: only what lies at or above `from`.
    const tail = [...linkLines(br.db.sqlite, hq.db.nodeId, 2, 3)].map((l) => JSON.parse(l) as { s: number });
    expect(tail.map((i) => i.s)).toEqual([2, 3]);

    expect(receiveBundle(hq.db, b.file, () => new Date())).toMatchObject({ status: 'applied', ops: b.manifest.link.to });
    expect(count(hq.db, `SELECT count(*) FROM customers WHERE branch_id = ?`, hq.org.b1)).toBeGreaterThanOrEqual(4);
    // HQ's acknowledgement frees both runs.
    expect(exchange(hq.db, br.db).status).toBe('applied');
    expect(runs(br.db, hq.db.nodeId)).toEqual([]);
  });

  it('at HQ cuts a run where routing skips an op (another branch’s customer)', async () => {
    hq = await makeTestApp();
    br = await enrollBranch(hq, hq.org.b1, 'b1');
    const op = await hq.login('hqop');
    const c1 = await create(hq, op, 1, hq.org.b1);
    await create(hq, op, 2, hq.org.b2);
    const c3 = await create(hq, op, 3, hq.org.b1);
    createBundle(hq.db.sqlite, br.db.nodeId, new Date());
    const r = runs(hq.db, br.db.nodeId);
    expect(r).toHaveLength(2);
    const opsOf = (id: string) => count(hq.db, `SELECT count(*) FROM sync_ops WHERE row_id = ?`, id);
    expect(r.map((x) => x.n)).toEqual([opsOf(c1.id), opsOf(c3.id)]);
    expect(r[1]!.link_seq).toBe(r[0]!.link_seq + r[0]!.n);
  });

  it('refuses to write a bundle when an op of an unacknowledged run is no longer held', async () => {
    hq = await makeTestApp();
    br = await enrollBranch(hq, hq.org.b1, 'b1');
    const am = await br.login('am1');
    for (let i = 0; i < 2; i++) await create(br, am, i, hq.org.b1);
    createBundle(br.db.sqlite, hq.db.nodeId, new Date());
    const run = runs(br.db, hq.db.nodeId)[0]!;
    br.db.sqlite.prepare(`DELETE FROM sync_ops WHERE origin = ? AND origin_seq = ?`).run(run.origin, run.origin_seq! + 1);
    expect(() => createBundle(br!.db.sqlite, hq.db.nodeId, new Date())).toThrow(/no longer held/);
  });
});
