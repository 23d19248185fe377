import { afterEach, describe, expect, it } from 'vitest';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { enrollBranch, exchange, type SyncNode } from './nodes';
import { SyncRefusal } from '../../src-main/sync/outbox';
import { dispatch } from '../../src-main/ipc/dispatch';

/**
 * The sync page's figures (sync.status) and its administration (keys, retiring, the warning
 * setting), through dispatch: permissions, what each node and user sees, and the numbers
 * after real exchanges between an HQ and a branch database.
 */
let hq: TestApp;
const nodes: SyncNode[] = [];
afterEach(() => {
  for (const n of nodes.splice(0)) n.close();
  hq?.close();
});

const DAY = 86_400_000;
/** A clock both nodes share, moved by the test. */
function clock(start = Date.now()) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

async function setup(now?: () => Date) {
  hq = await makeTestApp(now ? { now } : {});
  const br = await enrollBranch(hq, hq.org.b1, 'b1', now);
  nodes.push(br);
  return br;
}

const count = (n: { db: { sqlite: { prepare(s: string): { pluck(): { get(...a: unknown[]): unknown } } } } }, sqlText: string, ...args: unknown[]) =>
  n.db.sqlite.prepare(sqlText).pluck().get(...args) as number;

async function createCustomer(br: SyncNode, clientId: string, serial: number) {
  return br.ok(clientId, 'customers.create', {
    customerNo: String(300000100 + serial),
    name: '张三丰',
    idType: 'resident_id',
    idNo: makeIdNumber('19800101', serial),
    phone: '13800138000',
    branchId: hq.org.b1,
  });
}

describe('sync.status', () => {
  it('a new branch: HQ sees it enrolled with nothing sent, the branch sees HQ as its one peer', async () => {
    const br = await setup();
    const admin = await hq.login('admin');
    const s = await hq.ok(admin, 'sync.status', {});
    expect(s.node.role).toBe('hq');
    expect(s.node.orgCode).toBe('HQ');
    expect(s.node.nodeId).toBe(hq.db.nodeId);
    expect(s.node.keys).toHaveLength(1);
    expect(s.node.keys[0]!.signing).toBe(true);
    expect(s.node.rotation).toBeNull();
    expect(s.warnDays).toBe(7);
    expect(s.peers).toHaveLength(1);
    expect(s.peers[0]).toMatchObject({
      nodeId: br.db.nodeId,
      orgId: hq.org.b1,
      orgCode: 'B01',
      orgName: '上海浦东营业部',
      role: 'branch',
      status: 'active',
      lastSentAt: null,
      lastSentLinkTo: null,
      lastReceivedAt: null,
      outSeq: 0,
      outAcked: 0,
      inApplied: 0,
      pendingAssigned: 0,
      // The enrollment carried everything HQ held: its link starts after it.
      pendingUnassigned: 0,
      pendingUnassignedExact: false,
      daysSinceExchange: 0,
      warn: false,
    });
    expect(s.peers[0]!.keys).toHaveLength(1);
    expect(s.parked).toEqual({ drift: 0, table: 0, column: 0 });
    expect(s.conflictsOpen).toBe(0);
    expect(s.sharedFolder).toBe(false);
    // Shared-folder mode is reported as on or off; the folder's path never leaves main.
    hq.db.sqlite.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('sync.folder', ?, '2024-01-01T00:00:00.000Z')`).run(JSON.stringify(hq.dir));
    const withFolder = await hq.ok(admin, 'sync.status', {});
    expect(withFolder.sharedFolder).toBe(true);
    expect(JSON.stringify(withFolder)).not.toContain(hq.dir);

    const bm = await br.login('bm1');
    const b = await br.ok(bm, 'sync.status', {});
    expect(b.node).toMatchObject({ role: 'branch', orgId: hq.org.b1, orgCode: 'B01', nodeId: br.db.nodeId });
    expect(b.peers.map((p) => [p.role, p.orgCode, p.nodeId])).toEqual([['hq', 'HQ', hq.db.nodeId]]);
  });

  it('counts what is pending, sent, received and acknowledged through an exchange both ways', async () => {
    const br = await setup();
    const op = await br.login('op1');
    await createCustomer(br, op, 1);
    const own = count(br, `SELECT count(*) FROM sync_ops WHERE origin = ?`, br.db.nodeId);
    expect(own).toBeGreaterThan(0);

    let b = (await br.ok(op, 'sync.status', {})).peers[0]!;
    // A branch sends HQ every op it wrote: the count of ops not yet on the link is exact.
    expect(b).toMatchObject({ pendingAssigned: 0, pendingUnassigned: own, pendingUnassignedExact: true, outSeq: 0 });

    exchange(br.db, hq.db);
    b = (await br.ok(op, 'sync.status', {})).peers[0]!;
    expect(b).toMatchObject({ outSeq: own, outAcked: 0, pendingAssigned: own, pendingUnassigned: 0, lastSentLinkTo: own });
    expect(b.lastSentAt).not.toBeNull();
    expect(b.lastReceivedAt).toBeNull();

    const hqop = await hq.login('hqop');
    const h = (await hq.ok(hqop, 'sync.status', {})).peers[0]!;
    expect(h).toMatchObject({ inApplied: own, outSeq: 0 });
    expect(h.lastReceivedAt).not.toBeNull();

    // HQ's answer carries its acknowledgement: the branch's ops are no longer pending.
    exchange(hq.db, br.db);
    b = (await br.ok(op, 'sync.status', {})).peers[0]!;
    expect(b).toMatchObject({ outSeq: own, outAcked: own, pendingAssigned: 0, pendingUnassigned: 0 });
    expect(b.lastReceivedAt).not.toBeNull();

    // An edit at HQ of the branch's customer is pending for the branch until HQ bundles it.
    const id = hq.db.sqlite.prepare(`SELECT id FROM customers WHERE customer_no = '300000101'`).pluck().get() as string;
    const got = await hq.ok(hqop, 'customers.get', { id });
    await hq.ok(hqop, 'customers.update', { id, version: got.customer.version, patch: { occupation: '教师' } });
    const pending = (await hq.ok(hqop, 'sync.status', {})).peers[0]!;
    expect(pending.pendingUnassigned).toBe(1);
    expect(pending.pendingAssigned).toBe(0);

    // Log size: at HQ every origin's log is contiguous, so the bound is the count.
    const s = await hq.ok(hqop, 'sync.status', {});
    expect(s.log.ops).toBe(count(hq, `SELECT count(*) FROM sync_ops`));
    expect(s.log.history).toBe(count(hq, `SELECT count(*) FROM history`));
    expect((await br.ok(op, 'sync.status', {})).log.ops).toBeGreaterThanOrEqual(count(br, `SELECT count(*) FROM sync_ops`));
  });

  it('warns when no bundle came from a peer for sync.warnDays days; an administrator changes the setting', async () => {
    const c = clock();
    const br = await setup(c.now);
    // A session idles out over days: each look is a fresh sign-in.
    let n = 0;
    const look = async () => (await hq.ok(await hq.login('admin', `admin-${++n}`), 'sync.status', {})).peers[0];
    exchange(br.db, hq.db, c.now);
    c.advance(6 * DAY + 3600_000);
    expect(await look()).toMatchObject({ daysSinceExchange: 6, warn: false });
    c.advance(DAY);
    expect(await look()).toMatchObject({ daysSinceExchange: 7, warn: true });

    const admin = await hq.login('admin', 'admin-settings');
    expect(await hq.ok(admin, 'sync.settings.set', { warnDays: 10 })).toEqual({ warnDays: 10 });
    expect(await look()).toMatchObject({ daysSinceExchange: 7, warn: false });
    const hqop = await hq.login('hqop');
    expect(await hq.ok(hqop, 'sync.settings.get', {})).toEqual({ warnDays: 10 });

    for (const warnDays of [0, 91, 2.5]) {
      const r = await hq.call(admin, 'sync.settings.set', { warnDays });
      expect(r.ok ? 'ok' : r.error.code).toBe('VALIDATION');
    }
    const denied = await hq.call(hqop, 'sync.settings.set', { warnDays: 3 });
    expect(denied.ok ? 'ok' : denied.error.code).toBe('FORBIDDEN');
    expect(await hq.ok(hqop, 'sync.settings.get', {})).toEqual({ warnDays: 10 });

    // A bundle from the branch resets the count.
    const op = await br.login('op1');
    await createCustomer(br, op, 2);
    exchange(br.db, hq.db, c.now);
    expect(await look()).toMatchObject({ daysSinceExchange: 0, warn: false });
  });

  it('only sync.view may read it; a branch user at HQ sees only their branch', async () => {
    const br = await setup();
    const b2 = await enrollBranch(hq, hq.org.b2, 'b2');
    nodes.push(b2);
    const am = await hq.login('am1');
    const denied = await hq.call(am, 'sync.status', {});
    expect(denied.ok ? 'ok' : denied.error.code).toBe('FORBIDDEN');
    expect(count(hq, `SELECT count(*) FROM audit_log WHERE action = 'sync.status' AND outcome = 'denied'`)).toBe(1);

    const admin = await hq.login('admin');
    expect((await hq.ok(admin, 'sync.status', {})).peers.map((p) => p.orgCode)).toEqual(['B01', 'B02']);
    const bm = await hq.login('bm1');
    expect((await hq.ok(bm, 'sync.status', {})).peers.map((p) => p.nodeId)).toEqual([br.db.nodeId]);
  });

  it('counts parked ops by reason', async () => {
    await setup();
    const park = hq.db.sqlite.prepare(`INSERT INTO sync_parked (origin, origin_seq, reason, detail, op, parked_at) VALUES ('n', ?, ?, '', '{}', '2024-01-01T00:00:00.000Z')`);
    park.run(1, 'drift');
    park.run(2, 'column');
    park.run(3, 'column');
    const admin = await hq.login('admin');
    expect((await hq.ok(admin, 'sync.status', {})).parked).toEqual({ drift: 1, table: 0, column: 2 });
  });
});

describe('keys and retiring', () => {
  it('a rotation waits until the branch seals to the new key, then the old key is retired', async () => {
    const br = await setup();
    const op = await br.login('op1');
    await createCustomer(br, op, 3);
    exchange(br.db, hq.db);
    const admin = await hq.login('admin');
    const old = (await hq.ok(admin, 'sync.status', {})).node.keys[0]!.keyId;
    const k = await hq.ok(admin, 'sync.keys.rotate', {});
    let s = await hq.ok(admin, 'sync.status', {});
    expect(s.node.keys.map((x) => [x.keyId, x.signing, x.retiredAt])).toEqual([
      [old, true, null],
      [k.keyId, false, null],
    ]);
    expect(s.node.rotation).toMatchObject({ keyId: k.keyId, peersDone: 0, peersTotal: 1 });
    expect(count(hq, `SELECT count(*) FROM audit_log WHERE action = 'sync.keys.rotate' AND target_id = ?`, k.keyId)).toBe(1);

    // HQ's next bundle (here: its acknowledgement) announces the new key; the branch's next one is sealed to it.
    expect(exchange(hq.db, br.db).status).toBe('applied');
    await createCustomer(br, op, 4);
    expect(exchange(br.db, hq.db).status).toBe('applied');
    s = await hq.ok(admin, 'sync.status', {});
    expect(s.node.rotation).toBeNull();
    expect(s.node.keys.find((x) => x.keyId === old)!.retiredAt).not.toBeNull();
    expect(s.node.keys.find((x) => x.keyId === k.keyId)!.signing).toBe(true);
    // The branch knows both HQ keys, the old one no longer signing anything new.
    const bm = await br.login('bm1');
    expect((await br.ok(bm, 'sync.status', {})).peers[0]!.keys.map((x) => x.keyId).sort()).toEqual([old, k.keyId].sort());
  });

  it('HQ retires a branch key, then the branch: its bundles are refused', async () => {
    const br = await setup();
    const admin = await hq.login('admin');
    const peer = (await hq.ok(admin, 'sync.status', {})).peers[0]!;
    const keyId = peer.keys[0]!.keyId;
    await hq.ok(admin, 'sync.peers.retireKey', { keyId });
    expect((await hq.ok(admin, 'sync.status', {})).peers[0]!.keys[0]!.retiredAt).not.toBeNull();
    expect(() => exchange(br.db, hq.db)).toThrow(SyncRefusal);
    const again = await hq.call(admin, 'sync.peers.retireKey', { keyId });
    expect(again.ok ? 'ok' : again.error.message).toBe('error.sync.admin.keyRetired');
    const unknown = await hq.call(admin, 'sync.peers.retireKey', { keyId: 'knope' });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('NOT_FOUND');

    await hq.ok(admin, 'sync.peers.retire', { nodeId: br.db.nodeId });
    const p = (await hq.ok(admin, 'sync.status', {})).peers[0]!;
    expect(p).toMatchObject({ status: 'retired', warn: false, pendingUnassigned: 0 });
    const twice = await hq.call(admin, 'sync.peers.retire', { nodeId: br.db.nodeId });
    expect(twice.ok ? 'ok' : twice.error.message).toBe('error.sync.admin.peerRetired');
    expect(count(hq, `SELECT count(*) FROM audit_log WHERE action = 'sync.peers.retire' AND outcome = 'ok' AND target_id = ?`, br.db.nodeId)).toBe(1);
  });

  it('only sync.admin rotates and retires, and retiring is for HQ only', async () => {
    const br = await setup();
    const hqop = await hq.login('hqop');
    for (const [m, input] of [
      ['sync.keys.rotate', {}],
      ['sync.peers.retire', { nodeId: br.db.nodeId }],
      ['sync.peers.retireKey', { keyId: 'x' }],
    ] as const) {
      const r = await hq.call(hqop, m, input);
      expect(r.ok ? 'ok' : r.error.code, m).toBe('FORBIDDEN');
    }
    // An administrator signed in at a branch install cannot retire HQ.
    const admin = await br.login('admin');
    const r = await dispatch(br.app, admin, 'sync.peers.retire', { nodeId: hq.db.nodeId });
    expect(r.ok ? 'ok' : r.error.message).toBe('error.sync.admin.hqOnly');
  });
});
