import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LATEST_VERSION } from '../../migrations/index';
import { openDatabase, type Db } from '../../src-main/db/open';
import { writeTxSync } from '../../src-main/db/tx';
import { dispatch } from '../../src-main/ipc/dispatch';
import { checkBundle, receiveBundle, type ReceiveResult } from '../../src-main/sync/apply';
import { generateKeyPairs } from '../../src-main/sync/crypto';
import { writeBundle, type ManifestInput } from '../../src-main/sync/format';
import { currentKeys, endorse, peerBoxKey, peerSigner, retirePeerKey, rotateOwnKeys } from '../../src-main/sync/node';
import { createBundle, SyncRefusal } from '../../src-main/sync/outbox';
import { createEnrollment, ENROLLMENT_MAX_AGE_DAYS, installEnrollment } from '../../src-main/sync/enroll';
import { errorForLog } from '../../src-main/lib/system-error';
import { en } from '../../src-shared/i18n/en';
import { SYNCED_TABLES } from '../../src-main/sync/synced-tables';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { dbDigest, flip, hlcAt, regions, sealRawBundle } from './bundle-fixtures';
import { enrollBranch, exchange, nodeOf, type SyncNode } from './nodes';

/**
 * What a receiving node refuses (issue 6 "Tests that must exist"): each with the catalogue key
 * that names the reason, and the database unchanged in content, every table's rows hashed
 * before and after. Then what it accepts with care: a replay (a no-op), a newer schema (what it
 * knows applies, the rest is parked), a clock from the future (parked until ours catches up).
 */
const DAY = 24 * 3600 * 1000;
const MiB = 1024 * 1024;

/** Receive `file` at `db`; it must be refused with `key` (and `params`), and change nothing. */
function expectRefused(db: Db, file: Buffer, key: string, params?: Record<string, string | number>): void {
  const before = dbDigest(db.sqlite);
  let caught: unknown = null;
  let r: ReceiveResult | null = null;
  try {
    r = receiveBundle(db, file, () => new Date());
  } catch (e) {
    caught = e;
  }
  expect(r, `accepted: ${JSON.stringify(r)}`).toBeNull();
  if (!(caught instanceof SyncRefusal)) throw caught;
  expect(caught.key).toBe(key);
  if (params) expect(caught.params).toEqual(params);
  // A message a person can read, in both catalogues' source (the English one is typed by the Chinese).
  expect(en).toHaveProperty([key]);
  expect(dbDigest(db.sqlite)).toEqual(before);
}

async function createCustomer(n: SyncNode, no: string, branchId: string, serial: number): Promise<string> {
  const am = await n.login('am1');
  const c = await n.ok(am, 'customers.create', { customerNo: no, name: '王五', idType: 'resident_id', idNo: makeIdNumber('19800101', serial), phone: '13800138000', branchId });
  return (c as { id: string }).id;
}

/** A bundle from `sender` to `receiverNodeId` with hand-made items, signed with the sender's own key. */
function handMade(sender: Db, receiverNodeId: string, items: unknown[], over: Partial<ManifestInput> = {}): Buffer {
  const keys = currentKeys(sender.sqlite, new Date().toISOString());
  const box = peerBoxKey(sender.sqlite, receiverNodeId)!;
  const m: ManifestInput = {
    bundleId: uuidv7(),
    kind: 'bundle',
    from: { nodeId: sender.nodeId, keyId: keys.keyId },
    to: { nodeId: receiverNodeId, keyId: box.keyId },
    schemaVersion: LATEST_VERSION,
    link: { from: 1, to: items.length },
    ack: 0,
    createdAt: new Date().toISOString(),
    ...over,
  };
  return writeBundle(m, items, keys, box.boxPublic);
}

describe('refused before anything changes', () => {
  let hq: TestApp;
  let b1: SyncNode;
  let b2: SyncNode;
  /** A good bundle from B01 for HQ, not yet received. */
  let good: Buffer;
  let linkTo: number;

  beforeAll(async () => {
    hq = await makeTestApp();
    b1 = await enrollBranch(hq, hq.org.b1, 'b1');
    b2 = await enrollBranch(hq, hq.org.b2, 'b2');
    await createCustomer(b1, '300000001', hq.org.b1, 1);
    await createCustomer(b1, '300000002', hq.org.b1, 2);
    const b = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    good = b.file;
    linkTo = b.manifest.link.to;
  });
  afterAll(() => {
    b1?.close();
    b2?.close();
    hq?.close();
  });

  it('a tampered byte anywhere: magic, key id, manifest length, manifest, signature, payload, GCM tag', () => {
    const r = regions(good);
    const cases: [string, number, string][] = [
      ['magic', 0, 'error.sync.bundle.notBundle'],
      ['key id', r.keyIdAt + 3, 'error.sync.bundle.unknownKey'],
      ['manifest length', r.lenAt + 3, 'error.sync.bundle.badSignature'],
      ['manifest start', r.manifestAt, 'error.sync.bundle.badSignature'],
      ['manifest middle', Math.floor((r.manifestAt + r.sigAt) / 2), 'error.sync.bundle.badSignature'],
      ['signature', r.sigAt + 31, 'error.sync.bundle.badSignature'],
      ['payload start', r.payloadAt, 'error.sync.bundle.badPayload'],
      ['payload middle', Math.floor((r.payloadAt + r.tagAt) / 2), 'error.sync.bundle.badPayload'],
      ['tag', good.length - 1, 'error.sync.bundle.badPayload'],
    ];
    for (const [where, at, key] of cases) {
      try {
        expectRefused(hq.db, flip(good, at), key);
      } catch (e) {
        throw new Error(`tampered ${where} (byte ${at}): ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  });

  it('a truncated file, cut anywhere', () => {
    const r = regions(good);
    const cases: [number, string][] = [
      [5, 'error.sync.bundle.truncated'],
      [r.lenAt + 2, 'error.sync.bundle.truncated'],
      [r.manifestAt + 10, 'error.sync.bundle.truncated'],
      [r.sigAt + 10, 'error.sync.bundle.truncated'],
      [r.payloadAt + 8, 'error.sync.bundle.truncated'],
      [Math.floor((r.payloadAt + good.length) / 2), 'error.sync.bundle.badPayload'],
      [good.length - 1, 'error.sync.bundle.badPayload'],
    ];
    for (const [len, key] of cases) expectRefused(hq.db, good.subarray(0, len), key);
    expectRefused(hq.db, Buffer.alloc(0), 'error.sync.bundle.notBundle');
  });

  it('a bundle in a newer format: refused, naming the versions', () => {
    const newer = Buffer.from(good);
    newer.writeUInt16BE(2, 8);
    expectRefused(hq.db, newer, 'error.sync.bundle.newerFormat', { version: 2, supported: 1 });
  });

  it('the wrong key: a bundle for another node, one sealed to a key we do not have, one signed by a key we do not know', () => {
    // HQ's bundle for B01, at B02.
    const forB1 = createBundle(hq.db.sqlite, b1.db.nodeId, new Date());
    expectRefused(b2.db, forB1.file, 'error.sync.bundle.notForUs', { to: b1.db.nodeId });
    // B01's key, addressed to HQ, sealed to a box key HQ never had.
    const stranger = generateKeyPairs();
    const keys = currentKeys(b1.db.sqlite, new Date().toISOString());
    const sealedElsewhere = writeBundle(
      { bundleId: uuidv7(), kind: 'bundle', from: { nodeId: b1.db.nodeId, keyId: keys.keyId }, to: { nodeId: hq.db.nodeId, keyId: stranger.keyId }, schemaVersion: LATEST_VERSION, link: { from: 1, to: 0 }, ack: 0, createdAt: new Date().toISOString() },
      [],
      keys,
      stranger.boxPublic,
    );
    expectRefused(hq.db, sealedElsewhere, 'error.sync.bundle.notForUs', { keyId: stranger.keyId });
    // Signed by a key no enrolled node has: whoever made it, it is not B01.
    const box = peerBoxKey(b1.db.sqlite, hq.db.nodeId)!;
    const forged = writeBundle(
      { bundleId: uuidv7(), kind: 'bundle', from: { nodeId: b1.db.nodeId, keyId: stranger.keyId }, to: { nodeId: hq.db.nodeId, keyId: box.keyId }, schemaVersion: LATEST_VERSION, link: { from: 1, to: 0 }, ack: 0, createdAt: new Date().toISOString() },
      [],
      stranger,
      box.boxPublic,
    );
    expectRefused(hq.db, forged, 'error.sync.bundle.unknownKey', { keyId: stranger.keyId });
    // Files picked by mistake, signed by keys the receiver does not hold: B01's own bundle for HQ,
    // received at B01 or at B02, is for another node, which is what the message says.
    const b1ToHq = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    expectRefused(b1.db, b1ToHq.file, 'error.sync.bundle.notForUs', { to: hq.db.nodeId });
    expectRefused(b2.db, b1ToHq.file, 'error.sync.bundle.notForUs', { to: hq.db.nodeId });
  });

  it('an invalid record: the whole bundle is refused, naming the line', () => {
    const bad = handMade(b1.db, hq.db.nodeId, [
      { t: 'op', s: 1, o: b1.db.nodeId, q: 900001, tb: 'customers', r: uuidv7(), k: 'update', c: 'phone', v: '"13911111111"', h: hlcAt(Date.now(), b1.db.nodeId), b: null, a: 'x', br: hq.org.b1, pb: null },
      { t: 'op', s: 2, o: b1.db.nodeId, q: 900002, tb: 'customers; DROP TABLE customers', r: uuidv7(), k: 'update', c: 'phone', v: '"1"', h: hlcAt(Date.now(), b1.db.nodeId), b: null, a: 'x', br: hq.org.b1, pb: null },
    ]);
    expectRefused(hq.db, bad, 'error.sync.bundle.badItem', { line: 2 });
  });

  it('a value that is not JSON, or an insert whose image is not an object: refused before anything is applied, naming the line, the value never logged', () => {
    const op = (s: number, k: 'insert' | 'update', v: string) => ({ t: 'op', s, o: b1.db.nodeId, q: 910000 + s, tb: 'customers', r: uuidv7(), k, c: k === 'insert' ? null : 'phone', v, h: hlcAt(Date.now(), b1.db.nodeId), b: null, a: 'x', br: hq.org.b1, pb: null });
    const logged = vi.spyOn(console, 'error');
    expectRefused(hq.db, handMade(b1.db, hq.db.nodeId, [op(1, 'update', '"13911111111"'), op(2, 'update', '张三')]), 'error.sync.bundle.badItem', { line: 2 });
    expectRefused(hq.db, handMade(b1.db, hq.db.nodeId, [op(1, 'insert', 'null')]), 'error.sync.bundle.badItem', { line: 1 });
    expect(logged.mock.calls.flat().join(' ')).not.toContain('张三');
    expect(errorForLog(new SyntaxError(`Unexpected token '张', "张三" is not valid JSON`))).not.toContain('张三');
    logged.mockRestore();
  });

  it("a manifest of a kind other than 'bundle' (a 'snapshot': nothing writes one), signed by the peer: refused before its items, whatever link numbers they carry", () => {
    const item = { t: 'op', s: 99, o: b1.db.nodeId, q: 920001, tb: 'customers', r: uuidv7(), k: 'update', c: 'phone', v: '"1"', h: hlcAt(Date.now(), b1.db.nodeId), b: null, a: 'x', br: hq.org.b1, pb: null };
    const raw = Buffer.from(JSON.stringify(item) + '\n');
    const file = sealRawBundle(b1.db.sqlite, hq.db.nodeId, gzipSync(raw), { items: 1, rawBytes: raw.length }, { from: 1, to: 1 }, 0, 'snapshot');
    expectRefused(hq.db, file, 'error.sync.bundle.badManifest', { field: 'kind' });
  });

  it('a 10 GB decompression bomb, signed and sealed like a real bundle: refused whether its manifest declares the size or lies', () => {
    const member = gzipSync(Buffer.alloc(64 * MiB), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 160 }, () => member));
    expect(bomb.length).toBeLessThan(16 * MiB);
    const link = { from: 1, to: 1 };
    const t0 = performance.now();
    expectRefused(hq.db, sealRawBundle(b1.db.sqlite, hq.db.nodeId, bomb, { items: 1, rawBytes: 160 * 64 * MiB }, link), 'error.sync.bundle.tooLarge');
    expectRefused(hq.db, sealRawBundle(b1.db.sqlite, hq.db.nodeId, bomb, { items: 1, rawBytes: 1024 }, link), 'error.sync.bundle.tooLarge');
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it("a branch's bundle with what is not the branch's to send: another origin or clock, a snapshot row, another branch's row; refused whole, naming the line", () => {
    // A customer of B02 at HQ (B01 never held it).
    const other = uuidv7();
    const now = new Date().toISOString();
    writeTxSync(hq.db, hq.users.admin!.id, () => {
      hq.db.sqlite
        .prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, created_at, updated_at) VALUES (?, '300000097', '赵六', 'resident_id', ?, '13800138000', ?, ?, ?)`)
        .run(other, makeIdNumber('19800101', 97), hq.org.b2, now, now);
    });
    const hqSeq = hq.db.sqlite.prepare(`SELECT max(origin_seq) FROM sync_ops WHERE origin = ?`).pluck().get(hq.db.nodeId) as number;
    const am1 = hq.users.am1!.id;
    const at = Date.now();
    const own = { t: 'op', s: 1, o: b1.db.nodeId, q: 900001, tb: 'customers', r: uuidv7(), k: 'update', c: 'phone', v: '"13911111111"', h: hlcAt(at, b1.db.nodeId), b: null, a: am1, br: hq.org.b1, pb: null };
    const cases: [string, Record<string, unknown>][] = [
      // HQ's own origin and next sequence number: HQ's next captured write would collide with it.
      ['origin', { ...own, o: hq.db.nodeId, q: hqSeq + 1, tb: 'users', r: am1, c: 'role', v: '"branch_manager"', h: hlcAt(at, hq.db.nodeId) }],
      ['clock', { ...own, h: hlcAt(at, b2.db.nodeId) }],
      ['owner', { ...own, br: hq.org.b2 }],
      ['row', { t: 'row', s: 2, tb: 'customers', r: uuidv7(), v: JSON.stringify({ branch_id: hq.org.b1 }), ck: { '': hlcAt(at, b1.db.nodeId) } }],
      // Claims to be B01's row, but the row at HQ is B02's and never was B01's: found while applying.
      ['row of B02', { ...own, q: 900002, r: other }],
    ];
    for (const [what, item] of cases) {
      const bad = handMade(b1.db, hq.db.nodeId, [own, { ...item, s: 2 }]);
      try {
        expectRefused(hq.db, bad, 'error.sync.bundle.notSenders', { line: 2 });
      } catch (e) {
        throw new Error(`${what}: ${String(e)}`);
      }
    }
    expect(hq.db.sqlite.prepare(`SELECT phone FROM customers WHERE id = ?`).pluck().get(other)).toBe('13800138000');
    expect(hq.db.sqlite.prepare(`SELECT role FROM users WHERE id = ?`).pluck().get(am1)).not.toBe('branch_manager');
  });

  it('the good bundle itself applies (so the refusals above were of the damage, not the bundle)', () => {
    const r = receiveBundle(hq.db, good, () => new Date());
    expect(r).toMatchObject({ status: 'applied', linkTo, conflicts: 0, parked: 0 });
  });
});

describe('refused or held back after an exchange has happened', () => {
  let hq: TestApp;
  const nodes: SyncNode[] = [];
  const extra: Db[] = [];
  afterEach(() => {
    for (const d of extra.splice(0)) if (d.sqlite.open) d.close();
    for (const n of nodes.splice(0)) n.close();
    hq?.close();
  });
  async function setup(): Promise<SyncNode> {
    hq = await makeTestApp();
    const b1 = await enrollBranch(hq, hq.org.b1, 'b1');
    nodes.push(b1);
    return b1;
  }

  /**
   * The key rotation every install starts, finished: one bundle each way (nothing in them). A
   * backup taken before it signs with the enrollment's key, which HQ retires as the rotation ends.
   */
  function settleKeys(b1: SyncNode): void {
    expect(exchange(b1.db, hq.db).status).toBe('duplicate');
    expect(exchange(hq.db, b1.db).status).toBe('duplicate');
  }

  it('a replayed old bundle is a duplicate: a no-op, the database unchanged', async () => {
    const b1 = await setup();
    await createCustomer(b1, '300000011', hq.org.b1, 11);
    const first = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    expect(receiveBundle(hq.db, first.file, () => new Date()).status).toBe('applied');
    await createCustomer(b1, '300000012', hq.org.b1, 12);
    const second = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    expect(receiveBundle(hq.db, second.file, () => new Date()).status).toBe('applied');
    for (const old of [first.file, second.file]) {
      const before = dbDigest(hq.db.sqlite);
      expect(receiveBundle(hq.db, old, () => new Date())).toMatchObject({ status: 'duplicate', peerId: b1.db.nodeId });
      expect(dbDigest(hq.db.sqlite)).toEqual(before);
    }
  });

  it('a gap: HQ restored from a backup has lost bundle 1; bundle 2 is refused naming the missing range', async () => {
    const b1 = await setup();
    // The backup: HQ before B01's first bundle arrived (and before the key rotation B01's
    // install started: bundle 2 is signed by a key the backup never heard of, which the key chain vouches for).
    hq.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const backup = join(hq.dir, 'backup.db');
    copyFileSync(hq.file, backup);
    await createCustomer(b1, '300000021', hq.org.b1, 21);
    const one = exchange(b1.db, hq.db);
    expect(one.status).toBe('applied');
    // HQ's acknowledgement reaches B01, so B01's next bundle starts after bundle 1.
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    await createCustomer(b1, '300000022', hq.org.b1, 22);
    const two = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    expect(two.manifest.link.from).toBe(one.linkTo + 1);
    const restored = openDatabase({ file: backup, key: hq.key });
    extra.push(restored);
    expectRefused(restored, two.file, 'error.sync.bundle.gap', { missingFrom: 1, missingTo: one.linkTo });
    // The live HQ, which has bundle 1, takes it.
    expect(receiveBundle(hq.db, two.file, () => new Date()).status).toBe('applied');
  });

  it('a node restored from an older backup: the peer has applied more of its link than it numbered; refused, saying so', async () => {
    const b1 = await setup();
    await createCustomer(b1, '300000025', hq.org.b1, 25);
    // The backup: B01 before it numbered anything for HQ.
    b1.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const backup = join(hq.dir, 'b1-backup.db');
    copyFileSync(b1.file, backup);
    const one = exchange(b1.db, hq.db);
    expect(one.status).toBe('applied');
    // HQ's next bundle acknowledges B01's items 1…n.
    const back = createBundle(hq.db.sqlite, b1.db.nodeId, new Date());
    expect(back.manifest.ack).toBe(one.linkTo);
    const restored = openDatabase({ file: backup, key: b1.key });
    extra.push(restored);
    expectRefused(restored, back.file, 'error.sync.bundle.behind', { acked: one.linkTo, numbered: 0 });
    // The live B01 takes it.
    expect(receiveBundle(b1.db, back.file, () => new Date()).status).toBe('applied');
  });

  it('from a peer restored from an older backup: written later, acknowledging less than before; refused, saying so', async () => {
    const b1 = await setup();
    const id = await createCustomer(b1, '300000026', hq.org.b1, 26);
    // The backup: B01 before it heard anything from HQ. It still signs with the enrollment's key,
    // which HQ retires meanwhile (the rotation ends): refused as the older copy it is, all the same.
    b1.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const backup = join(hq.dir, 'b1-old.db');
    copyFileSync(b1.file, backup);
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    // HQ edits the customer; B01 applies it and acknowledges it in its next bundle.
    const op = await hq.login('hqop');
    await hq.ok(op, 'customers.update', { id, version: 1, patch: { notes: '总部备注' } });
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    const restored = await nodeOf('b1-old', openDatabase({ file: backup, key: b1.key }), backup, b1.key);
    nodes.push(restored);
    await createCustomer(restored, '300000027', hq.org.b1, 27);
    const late = createBundle(restored.db.sqlite, hq.db.nodeId, new Date());
    expect(late.manifest.ack).toBe(0);
    expectRefused(hq.db, late.file, 'error.sync.bundle.peerBehind', { acked: 0, before: expect.any(Number) as unknown as number });
  });

  /** B01 restored from a backup taken before `meanwhile` ran on the live B01 and its bundle was applied at HQ. */
  async function restoredAfterSending(b1: SyncNode, name: string, meanwhile: () => Promise<unknown>) {
    b1.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const backup = join(hq.dir, `${name}.db`);
    copyFileSync(b1.file, backup);
    await meanwhile();
    const one = exchange(b1.db, hq.db);
    expect(one.status).toBe('applied');
    const restored = await nodeOf(name, openDatabase({ file: backup, key: b1.key }), backup, b1.key);
    nodes.push(restored);
    return { one, restored };
  }

  it('from a peer restored from a backup taken before its last bundle, our acknowledgement unchanged since: its link numbers less than we applied; refused, saying so', async () => {
    const b1 = await setup();
    // HQ sends nothing afterwards: the acknowledgement stays 0.
    const { one, restored } = await restoredAfterSending(b1, 'b1-before-send', async () => {
      await createCustomer(b1, '300000041', hq.org.b1, 41);
      await createCustomer(b1, '300000042', hq.org.b1, 42);
    });
    await createCustomer(restored, '300000043', hq.org.b1, 43);
    const late = createBundle(restored.db.sqlite, hq.db.nodeId, new Date());
    expect(late.manifest.ack).toBe(0);
    expect(late.manifest.link.to).toBeLessThan(one.linkTo);
    // Taken, its customer's ops would be skipped as applied already (their numbers are below HQ's): lost.
    expectRefused(hq.db, late.file, 'error.sync.bundle.peerRenumbered', { numbered: late.manifest.link.to, applied: one.linkTo });
  });

  it('from a peer restored from a backup taken before its last bundle that has numbered as far since: its ops reuse numbers HQ holds for others; refused, naming the line', async () => {
    const b1 = await setup();
    const { one, restored } = await restoredAfterSending(b1, 'b1-before-send2', () => createCustomer(b1, '300000044', hq.org.b1, 44));
    // As many ops as B01 sent, and more: the link reaches past HQ's, so the link check cannot tell.
    await createCustomer(restored, '300000045', hq.org.b1, 45);
    await createCustomer(restored, '300000046', hq.org.b1, 46);
    const late = createBundle(restored.db.sqlite, hq.db.nodeId, new Date());
    expect(late.manifest.link.to).toBeGreaterThan(one.linkTo);
    expectRefused(hq.db, late.file, 'error.sync.bundle.reusedOp', { line: 1 });
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE customer_no IN ('300000045', '300000046')`).pluck().get()).toBe(0);
  });

  it('from a peer restored from a backup taken before its last bundle that has numbered exactly as far since: not a duplicate to skip; refused, naming the line', async () => {
    const b1 = await setup();
    const { one, restored } = await restoredAfterSending(b1, 'b1-before-send3', () => createCustomer(b1, '300000048', hq.org.b1, 48));
    await createCustomer(restored, '300000049', hq.org.b1, 49);
    const late = createBundle(restored.db.sqlite, hq.db.nodeId, new Date());
    expect(late.manifest.link.to).toBe(one.linkTo);
    expectRefused(hq.db, late.file, 'error.sync.bundle.reusedOp', { line: 1 });
    // The live B01's own bundle again, and a newer one resending the same ops: duplicates still.
    const resent = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    expect(checkBundle(hq.db.sqlite, resent.file)).toMatchObject({ duplicate: true, recheck: true });
    expect(receiveBundle(hq.db, resent.file, () => new Date()).status).toBe('duplicate');
    // Checked once: the newest received now, so read again (the folder watch after a restart) it is a plain duplicate.
    expect(hq.db.sqlite.prepare(`SELECT last_received_bundle FROM sync_links WHERE peer_id = ?`).pluck().get(b1.db.nodeId)).toBe(resent.manifest.bundleId);
    expect(checkBundle(hq.db.sqlite, resent.file)).toMatchObject({ duplicate: true, recheck: false });
  });

  it('an op under a number HQ holds for another op, among the new items of a bundle: refused, naming the line', async () => {
    const b1 = await setup();
    await createCustomer(b1, '300000047', hq.org.b1, 47);
    const one = exchange(b1.db, hq.db);
    expect(one.status).toBe('applied');
    const held = hq.db.sqlite.prepare(`SELECT origin_seq, row_id, hlc FROM sync_ops WHERE origin = ? AND tbl = 'customers' ORDER BY origin_seq LIMIT 1`).get(b1.db.nodeId) as {
      origin_seq: number;
      row_id: string;
      hlc: string;
    };
    const s = one.linkTo + 1;
    const reused = { t: 'op', s, o: b1.db.nodeId, q: held.origin_seq, tb: 'customers', r: held.row_id, k: 'update', c: 'notes', v: '"改过"', h: hlcAt(Date.now() + 1000, b1.db.nodeId), b: null, a: hq.users.am1!.id, br: hq.org.b1, pb: null };
    expect(reused.h).not.toBe(held.hlc);
    expectRefused(hq.db, handMade(b1.db, hq.db.nodeId, [reused], { link: { from: s, to: s } }), 'error.sync.bundle.reusedOp', { line: 1 });
  });

  it('an enrollment is one-time in effect: a file past its week is refused; a second install of the file is refused at HQ once the first has exchanged both ways', async () => {
    hq = await makeTestApp();
    const e = createEnrollment(hq.db, hq.org.b1, new Date());
    const late = join(hq.dir, 'late.db');
    let refused: unknown = null;
    try {
      installEnrollment(late, e.file, e.passphrase, new Date(Date.now() + ENROLLMENT_MAX_AGE_DAYS * DAY + 60_000));
    } catch (x) {
      refused = x;
    }
    expect(refused).toBeInstanceOf(SyncRefusal);
    expect((refused as SyncRefusal).key).toBe('error.sync.enroll.expired');
    expect((refused as SyncRefusal).params).toEqual({ made: new Date().toISOString().slice(0, 10), days: ENROLLMENT_MAX_AGE_DAYS });
    expect(en).toHaveProperty(['error.sync.enroll.expired']);

    // The branch installs it (within the week) and exchanges with HQ both ways, twice.
    const installOf = async (name: string) => {
      const file = join(hq.dir, `${name}.db`);
      const { dbKey } = installEnrollment(file, e.file, e.passphrase, new Date());
      const n = await nodeOf(name, openDatabase({ file, key: dbKey }), file, dbKey);
      nodes.push(n);
      return n;
    };
    const b1 = await installOf('b1');
    const enrolled = currentKeys(b1.db.sqlite, new Date().toISOString()).keyId;
    // The install made a key of its own beside the enrollment's, which still signs.
    expect(b1.db.sqlite.prepare(`SELECT count(*) FROM sync_keys WHERE retired_at IS NULL`).pluck().get()).toBe(2);
    await createCustomer(b1, '300000050', hq.org.b1, 50);
    // A copy of B01's first bundle is held up on the way (an e-mail that arrives days later).
    const delayed = createBundle(b1.db.sqlite, hq.db.nodeId, new Date()).file;
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    expect(b1.db.sqlite.prepare(`SELECT retired_at IS NOT NULL FROM sync_keys WHERE key_id = ?`).pluck().get(enrolled)).toBe(1);
    await createCustomer(b1, '300000051', hq.org.b1, 51);
    expect(exchange(b1.db, hq.db).status).toBe('applied');
    expect(peerSigner(hq.db.sqlite, enrolled)).toMatchObject({ retired: true });
    // The delayed copy, signed with the key retired since, brings nothing new: a duplicate, nothing changed.
    const before = dbDigest(hq.db.sqlite);
    expect(receiveBundle(hq.db, delayed, () => new Date()).status).toBe('duplicate');
    expect(dbDigest(hq.db.sqlite)).toEqual(before);

    // The same file and passphrase installed on another machine: its bundles are refused, HQ
    // unchanged. It numbers less of its link than HQ applied from B01, so it is told it is an
    // older copy of the node; with as many ops as B01 it is refused for its key.
    const copy = await installOf('copy');
    await createCustomer(copy, '300000052', hq.org.b1, 52);
    expectRefused(hq.db, createBundle(copy.db.sqlite, hq.db.nodeId, new Date()).file, 'error.sync.bundle.peerRenumbered');
    for (let i = 0; i < 3; i++) await createCustomer(copy, `30000006${i}`, hq.org.b1, 60 + i);
    expectRefused(hq.db, createBundle(copy.db.sqlite, hq.db.nodeId, new Date()).file, 'error.sync.bundle.retiredKey', { keyId: enrolled });

    // Once HQ revokes that key (the old laptop was stolen), even the late copy of B01's first bundle is refused.
    expect(retirePeerKey(hq.db.sqlite, enrolled, new Date().toISOString())).toBe(true);
    expect(retirePeerKey(hq.db.sqlite, enrolled, new Date().toISOString())).toBe(false);
    expectRefused(hq.db, delayed, 'error.sync.bundle.retiredKey', { keyId: enrolled });
  });

  it("HQ restored from a backup made before B01's key rotation follows it through the key chain; a key endorsed by a rotated-out, a revoked or a forged key is not followed", async () => {
    const b1 = await setup();
    const enrollmentKey = currentKeys(b1.db.sqlite, new Date().toISOString());
    hq.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const backup = join(hq.dir, 'backup-keys.db');
    copyFileSync(hq.file, backup);
    const backup2 = join(hq.dir, 'backup-keys-2.db');
    copyFileSync(hq.file, backup2);
    // The live HQ and B01 finish the rotation: B01 now signs with the key made at its install.
    settleKeys(b1);
    const installKey = currentKeys(b1.db.sqlite, new Date().toISOString());
    expect(installKey.keyId).not.toBe(enrollmentKey.keyId);
    await createCustomer(b1, '300000025', hq.org.b1, 25);
    const next = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    expect(next.manifest.keyChain).toEqual([expect.objectContaining({ keyId: installKey.keyId, by: enrollmentKey.keyId })]);

    // A stolen copy of the enrollment's key makes a key of its own and endorses it: the live HQ,
    // which has seen that key rotated out (B01's bundle no longer announces it), does not follow.
    const evil = generateKeyPairs();
    const box = peerBoxKey(b1.db.sqlite, hq.db.nodeId)!;
    const forgedBy = (by: { keyId: string; signPrivate: string }, nodeId = b1.db.nodeId) =>
      writeBundle({ ...next.manifest, bundleId: uuidv7(), from: { nodeId: b1.db.nodeId, keyId: evil.keyId }, keyChain: [endorse(nodeId, evil, by)] }, [], evil, box.boxPublic);
    expect(receiveBundle(hq.db, next.file, () => new Date()).status).toBe('applied');
    expect(peerSigner(hq.db.sqlite, enrollmentKey.keyId)).toMatchObject({ retired: true });
    expectRefused(hq.db, forgedBy(enrollmentKey), 'error.sync.bundle.unknownKey', { keyId: evil.keyId });

    const restored = openDatabase({ file: backup, key: hq.key });
    extra.push(restored);
    expect(peerSigner(restored.sqlite, installKey.keyId)).toBeNull();
    // At the restored HQ the enrollment's key is still in use, so its endorsement counts, but
    // only for B01's own node id, and only with its signature intact.
    expectRefused(restored, forgedBy(enrollmentKey, hq.db.nodeId), 'error.sync.bundle.unknownKey', { keyId: evil.keyId });
    const tampered = { ...next.manifest.keyChain![0]!, sig: endorse(b1.db.nodeId, evil, enrollmentKey).sig };
    expectRefused(restored, writeBundle({ ...next.manifest, bundleId: uuidv7(), keyChain: [tampered] }, [], installKey, box.boxPublic), 'error.sync.bundle.unknownKey', { keyId: installKey.keyId });
    // Revoked there (the laptop reported stolen), it vouches for nothing.
    const revoked = openDatabase({ file: backup2, key: hq.key });
    extra.push(revoked);
    expect(retirePeerKey(revoked.sqlite, enrollmentKey.keyId, new Date().toISOString())).toBe(true);
    expectRefused(revoked, next.file, 'error.sync.bundle.unknownKey', { keyId: installKey.keyId });

    // B01's real bundle: applied at the restored HQ, which now holds the install's key and retires the enrollment's.
    expect(receiveBundle(restored, next.file, () => new Date()).status).toBe('applied');
    expect(peerSigner(restored.sqlite, installKey.keyId)).toMatchObject({ nodeId: b1.db.nodeId, retired: false });
    expect(peerSigner(restored.sqlite, enrollmentKey.keyId)).toMatchObject({ retired: true });
    expect(restored.sqlite.prepare(`SELECT count(*) FROM customers WHERE customer_no = '300000025'`).pluck().get()).toBe(1);
  });

  it("a branch's op setting HQ's administrator's password is held, never applied: not at HQ, not at the branches HQ relays it to", async () => {
    const b1 = await setup();
    const b2 = await enrollBranch(hq, hq.org.b2, 'b2');
    nodes.push(b2);
    const adminId = hq.users.admin!.id;
    const hashOf = (db: Db) => db.sqlite.prepare(`SELECT password_hash FROM users WHERE id = ?`).pluck().get(adminId);
    const before = hashOf(hq.db);
    const item = { t: 'op', s: 1, o: b1.db.nodeId, q: 1, tb: 'users', r: adminId, k: 'update', c: 'password_hash', v: '"attacker-hash"', h: hlcAt(Date.now(), b1.db.nodeId), b: null, a: 'x', br: hq.org.hq, pb: null };
    expect(receiveBundle(hq.db, handMade(b1.db, hq.db.nodeId, [item]), () => new Date())).toMatchObject({ status: 'applied', applied: 0, refusedHqOwned: 1 });
    expect(hashOf(hq.db)).toBe(before);
    expect(exchange(hq.db, b2.db)).toMatchObject({ status: 'applied', applied: 0, refusedHqOwned: 1 });
    expect(hashOf(b2.db)).toBe(before);
    // The op's own word for the row's branch does not count: claimed as B01's, it is still HQ's administrator.
    const claimed = { ...item, q: 2, s: 2, br: hq.org.b1, h: hlcAt(Date.now() + 1, b1.db.nodeId) };
    expect(receiveBundle(hq.db, handMade(b1.db, hq.db.nodeId, [item, claimed]), () => new Date())).toMatchObject({ status: 'applied', applied: 0, refusedHqOwned: 1 });
    expect(hashOf(hq.db)).toBe(before);
    // A branch user's own password, changed at the branch, is the branch's to send: HQ takes it.
    const am1 = hq.users.am1!.id;
    const mine = { ...item, q: 3, s: 3, r: am1, v: '"new-hash"', h: hlcAt(Date.now() + 2, b1.db.nodeId), br: hq.org.b1 };
    expect(receiveBundle(hq.db, handMade(b1.db, hq.db.nodeId, [item, claimed, mine]), () => new Date())).toMatchObject({ status: 'applied', applied: 1 });
    expect(hq.db.sqlite.prepare(`SELECT password_hash FROM users WHERE id = ?`).pluck().get(am1)).toBe('new-hash');
  });

  it("at a branch node, HQ's master data is not changed, though HQ's staff may sign in there: org units, users, products, questionnaires, an HQ user's password", async () => {
    const b1 = await setup();
    const admin = await b1.login('admin');
    for (const [method, input] of [
      ['users.create', {}],
      ['users.setStatus', {}],
      ['org.createBranch', {}],
      ['products.save', {}],
      ['questionnaires.activate', {}],
      ['auth.changePassword', { currentPassword: 'Passw0rd-test', newPassword: 'Another-Passw0rd-1' }],
      ['users.resetPassword', { userId: hq.users.hqop!.id, newPassword: 'Another-Passw0rd-1' }],
    ] as const) {
      const r = await dispatch(b1.app, admin, method, input);
      expect(r.ok ? 'ok' : r.error.message, method).toBe('error.sync.hqDataAtBranch');
    }
    expect(b1.db.sqlite.prepare(`SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND error_code = 'FORBIDDEN'`).pluck().get()).toBe(7);
    // A password of the branch's own staff is the branch's: reset there.
    await b1.ok(admin, 'users.resetPassword', { userId: hq.users.am1!.id, newPassword: 'Another-Passw0rd-1' });
    // HQ's staff whose password HQ has reset (to change at first sign-in) are not let in here, where they could not change it.
    writeTxSync(hq.db, 'test', () => hq.db.sqlite.prepare(`UPDATE users SET must_change_password = 1 WHERE login = 'hqop'`).run());
    expect(exchange(hq.db, b1.db).status).toBe('applied');
    const stuck = await dispatch(b1.app, 'b1-hqop', 'auth.login', { login: 'hqop', password: 'Passw0rd-test' });
    expect(stuck.ok ? 'ok' : stuck.error.message).toBe('error.auth.changePasswordAtHq');
    // The branch's own staff change theirs there, as ever.
    const am1 = await dispatch(b1.app, 'b1-am1', 'auth.login', { login: 'am1', password: 'Another-Passw0rd-1' });
    expect(am1.ok && am1.value).toMatchObject({ mustChangePassword: true });
    // And at HQ the administrator still manages it all.
    const hqAdmin = await hq.login('admin');
    await hq.ok(hqAdmin, 'users.setStatus', { userId: hq.users.am1b!.id, status: 'disabled' });
  });

  it("signed by a retired key: refused, though the signature is B01's own", async () => {
    const b1 = await setup();
    await createCustomer(b1, '300000031', hq.org.b1, 31);
    const keyId = currentKeys(b1.db.sqlite, new Date().toISOString()).keyId;
    expect(retirePeerKey(hq.db.sqlite, keyId, new Date().toISOString())).toBe(true);
    expectRefused(hq.db, createBundle(b1.db.sqlite, hq.db.nodeId, new Date()).file, 'error.sync.bundle.retiredKey', { keyId });
  });

  it('a key its owner rotated out: retired here once the owner stops announcing it, even in a bundle with nothing new; then refused', async () => {
    const b1 = await setup();
    const old = currentKeys(b1.db.sqlite, new Date().toISOString()).keyId;
    const fresh = rotateOwnKeys(b1.db.sqlite, new Date().toISOString()).keyId;
    // B01 announces both keys, in a bundle with nothing else new (a duplicate): HQ learns the new
    // key all the same, and seals its next bundle to it, which ends the rotation at B01.
    expect(exchange(b1.db, hq.db).status).toBe('duplicate');
    expect(peerBoxKey(hq.db.sqlite, b1.db.nodeId)?.keyId).toBe(fresh);
    expect(peerSigner(hq.db.sqlite, old)).toMatchObject({ retired: false });
    expect(exchange(hq.db, b1.db).status).toBe('duplicate');
    expect(b1.db.sqlite.prepare(`SELECT retired_at IS NOT NULL FROM sync_keys WHERE key_id = ?`).pluck().get(old)).toBe(1);
    // B01 has nothing new for HQ: its bundle is a duplicate, yet it tells HQ the old key is gone.
    const idle = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    expect(receiveBundle(hq.db, idle.file, () => new Date()).status).toBe('duplicate');
    expect(peerSigner(hq.db.sqlite, old)).toMatchObject({ retired: true });
    // A bundle signed with the old key (a copy of it left on the old laptop) is refused.
    const stolen = b1.db.sqlite.prepare(`SELECT key_id, sign_private FROM sync_keys WHERE key_id = ?`).get(old) as { key_id: string; sign_private: string };
    const box = peerBoxKey(b1.db.sqlite, hq.db.nodeId)!;
    const link = hq.db.sqlite.prepare(`SELECT in_applied, out_acked FROM sync_links WHERE peer_id = ?`).get(b1.db.nodeId) as { in_applied: number; out_acked: number };
    const item = { t: 'op', s: link.in_applied + 1, o: b1.db.nodeId, q: 999001, tb: 'customers', r: uuidv7(), k: 'update', c: 'notes', v: '"x"', h: hlcAt(Date.now(), b1.db.nodeId), b: null, a: 'x', br: hq.org.b1, pb: null };
    const m: ManifestInput = { bundleId: uuidv7(), kind: 'bundle', from: { nodeId: b1.db.nodeId, keyId: stolen.key_id }, to: { nodeId: hq.db.nodeId, keyId: box.keyId }, schemaVersion: LATEST_VERSION, link: { from: link.in_applied + 1, to: link.in_applied + 1 }, ack: link.out_acked, createdAt: new Date().toISOString() };
    expectRefused(hq.db, writeBundle(m, [item], { signPrivate: stolen.sign_private }, box.boxPublic), 'error.sync.bundle.retiredKey', { keyId: old });
  });

  it('an old bundle imported again after a rotation teaches nothing: the key rotated to stays, the rotation goes on', async () => {
    const b1 = await setup();
    await createCustomer(b1, '300000042', hq.org.b1, 42);
    const before = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
    expect(receiveBundle(hq.db, before.file, () => new Date()).status).toBe('applied');
    const fresh = rotateOwnKeys(b1.db.sqlite, new Date().toISOString()).keyId;
    expect(exchange(b1.db, hq.db).status).toBe('duplicate');
    expect(peerBoxKey(hq.db.sqlite, b1.db.nodeId)?.keyId).toBe(fresh);
    // The first file again (someone re-imports it): a duplicate, and HQ still seals to the new key.
    expect(receiveBundle(hq.db, before.file, () => new Date()).status).toBe('duplicate');
    expect(peerSigner(hq.db.sqlite, fresh)).toMatchObject({ retired: false });
    expect(peerBoxKey(hq.db.sqlite, b1.db.nodeId)?.keyId).toBe(fresh);
  });

  it('a bundle from a newer schema applies what this version knows and parks an unknown column and an unknown table', async () => {
    const b1 = await setup();
    const id = await createCustomer(b1, '300000041', hq.org.b1, 41);
    const first = exchange(b1.db, hq.db);
    const h = (n: number) => hlcAt(Date.now() + 1000, b1.db.nodeId, n);
    // Edits made on top of the row as both sides hold it (base: the row's clock), so no conflict.
    const base = b1.db.sqlite.prepare(`SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = ? AND col = ''`).pluck().get(id) as string;
    const op = { t: 'op', o: b1.db.nodeId, tb: 'customers', r: id, k: 'update', b: base, a: 'am1', br: hq.org.b1, pb: null } as const;
    const items = [
      { ...op, s: first.linkTo + 1, q: 900001, c: 'address', v: '"上海市浦东新区世纪大道 100 号"', h: h(1) },
      { ...op, s: first.linkTo + 2, q: 900002, c: 'loyalty_tier', v: '"gold"', h: h(2) },
      { ...op, s: first.linkTo + 3, q: 900003, tb: 'loyalty_cards', r: uuidv7(), k: 'insert', c: null, v: JSON.stringify({ customer_id: id, points: 5 }), h: h(3) },
    ];
    const file = handMade(b1.db, hq.db.nodeId, items, { schemaVersion: LATEST_VERSION + 1, link: { from: first.linkTo + 1, to: first.linkTo + 3 } });
    const r = receiveBundle(hq.db, file, () => new Date());
    expect(r).toMatchObject({ status: 'applied', newerSchema: true, applied: 1, parked: 2, conflicts: 0 });
    expect(hq.db.sqlite.prepare(`SELECT address FROM customers WHERE id = ?`).pluck().get(id)).toBe('上海市浦东新区世纪大道 100 号');
    expect(hq.db.sqlite.prepare(`SELECT reason, detail FROM sync_parked ORDER BY origin_seq`).all()).toEqual([
      { reason: 'column', detail: 'customers.loyalty_tier' },
      { reason: 'table', detail: 'loyalty_cards' },
    ]);
    // Held for relay and for the upgrade: the ops themselves are in the log.
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM sync_ops WHERE origin = ? AND origin_seq >= 900001`).pluck().get(b1.db.nodeId)).toBe(3);
  });

  it('an insert with a column this version does not know: the row is inserted, the op parked, and after the upgrade the value is written', async () => {
    const b1 = await setup();
    const am = await b1.login('am1');
    const { id } = (await b1.ok(am, 'customers.create', { customerNo: '300000051', name: '王五', idType: 'resident_id', idNo: makeIdNumber('19800101', 51), phone: '13800138000', email: 'x@example.com', branchId: hq.org.b1 })) as { id: string };
    // HQ runs an older version that does not sync customers.email (SYNCED_TABLES is that version's list).
    const cols = SYNCED_TABLES.find((t) => t.table === 'customers')!.columns as string[];
    const at = cols.indexOf('email');
    cols.splice(at, 1);
    let first: ReceiveResult;
    try {
      first = exchange(b1.db, hq.db);
    } finally {
      cols.splice(at, 0, 'email');
    }
    expect(first).toMatchObject({ status: 'applied', parked: 1 });
    expect(hq.db.sqlite.prepare(`SELECT email FROM customers WHERE id = ?`).pluck().get(id)).toBeNull();
    // Upgraded: the next bundle replays what was parked.
    await b1.ok(am, 'customers.update', { id, version: 1, patch: { notes: '升级后' } });
    expect(exchange(b1.db, hq.db)).toMatchObject({ status: 'applied', replayed: 1 });
    expect(hq.db.sqlite.prepare(`SELECT email, notes FROM customers WHERE id = ?`).get(id)).toEqual({ email: 'x@example.com', notes: '升级后' });
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM sync_parked`).pluck().get()).toBe(0);
  });

  it('ops stamped 3 days ahead (a branch clock gone wrong) are parked, not applied, and applied once our clock has caught up', async () => {
    const b1 = await setup();
    // B01's clock runs three days fast from here on.
    b1.db.close();
    const skewed = openDatabase({ file: b1.file, key: b1.key, clock: () => Date.now() + 3 * DAY });
    extra.push(skewed);
    const am1 = hq.users.am1!.id;
    const id = uuidv7();
    writeTxSync(skewed, am1, () => {
      skewed.sqlite
        .prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, created_at, updated_at) VALUES (?, '300000051', '赵六', 'resident_id', ?, '13800138051', ?, ?, ?)`)
        .run(id, makeIdNumber('19800101', 51), hq.org.b1, new Date().toISOString(), new Date().toISOString());
    });
    const customersBefore = dbDigest(hq.db.sqlite).customers;
    const now = Date.now();
    const one = receiveBundle(hq.db, createBundle(skewed.sqlite, hq.db.nodeId, new Date()).file, () => new Date(now));
    expect(one).toMatchObject({ status: 'applied', parked: 1, applied: 0 });
    expect(dbDigest(hq.db.sqlite).customers).toBe(customersBefore);
    expect(hq.db.sqlite.prepare(`SELECT reason FROM sync_parked`).pluck().all()).toEqual(['drift']);
    // HQ's own clock did not jump to the branch's.
    expect(Number((hq.db.sqlite.prepare(`SELECT value FROM sync_state WHERE key = 'hlc'`).pluck().get() as string | undefined)?.slice(0, 15) ?? 0)).toBeLessThan(now + DAY);

    // A day later still too far ahead: another customer from B01 is parked too.
    await createCustomerSkewed(skewed, am1, hq.org.b1);
    const early = receiveBundle(hq.db, createBundle(skewed.sqlite, hq.db.nodeId, new Date()).file, () => new Date(now + 1 * DAY));
    expect(early).toMatchObject({ status: 'applied', parked: 1, replayed: 0 });
    expect(dbDigest(hq.db.sqlite).customers).toBe(customersBefore);
    // Three days later B01's next bundle brings an edit of the first customer: the parked
    // inserts are replayed first, then the edit applies to the row they made (nothing is lost).
    writeTxSync(skewed, am1, () => skewed.sqlite.prepare(`UPDATE customers SET phone = '13900139051' WHERE id = ?`).run(id));
    const later = receiveBundle(hq.db, createBundle(skewed.sqlite, hq.db.nodeId, new Date()).file, () => new Date(now + 3 * DAY + 60_000));
    expect(later).toMatchObject({ status: 'applied', replayed: 2, parked: 0, stale: 0 });
    expect(hq.db.sqlite.prepare(`SELECT name, phone FROM customers WHERE id = ?`).get(id)).toEqual({ name: '赵六', phone: '13900139051' });
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE customer_no = '300000052'`).pluck().get()).toBe(1);
    expect(hq.db.sqlite.prepare(`SELECT count(*) FROM sync_parked`).pluck().get()).toBe(0);
  });
});

/** One more captured customer at the skewed branch (its ops are three days ahead too). */
async function createCustomerSkewed(db: Db, author: string, branchId: string): Promise<void> {
  writeTxSync(db, author, () => {
    db.sqlite
      .prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, created_at, updated_at) VALUES (?, '300000052', '钱七', 'resident_id', ?, '13800138052', ?, ?, ?)`)
      .run(uuidv7(), makeIdNumber('19800101', 52), branchId, new Date().toISOString(), new Date().toISOString());
  });
}
