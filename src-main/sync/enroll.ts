import { gunzipSync, gzipSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { LATEST_VERSION } from '../../migrations/index';
import { newDbKey, openDatabase, type Db, type DbKey } from '../db/open';
import { writeTxSync } from '../db/tx';
import { generateKeyPairs, generatePassphrase, normalizePassphrase, openWithPassphrase, SealError, sealToPublicKey, sealWithPassphrase, type KeyPairs } from './crypto';
import { Applier } from './apply';
import { parseHlc } from './hlc';
import { opItemSchema, rowItemSchema, type OpItem, type RowItem } from './items';
import { addPeer, announcedKeys, currentKeys, nodeInfo, rotateOwnKeys, setNodeIdentity, storeOwnKeys } from './node';
import { branchOf, customerSnapshot, holdsOf, parkedOps, rowItem, SyncRefusal, type Holds } from './outbox';
import { isCustomerChild } from './routing';
import { SYNCED_TABLES, syncedTable } from './synced-tables';

/**
 * Enrollment (architecture.md "Enrollment"). At HQ, for a branch org unit: a new node
 * identity and key pairs, a database key (escrowed to HQ's recovery key), HQ's public keys,
 * and the initial snapshot (every row the branch may hold, with its history: master data, the
 * branch's customers, their merges and decided conflicts, and the ops HQ holds parked for them), all
 * sealed with a one-time passphrase read out by phone. The branch installs a new database
 * from it. HQ's link to the branch starts after everything the snapshot holds.
 */
type Sqlite = BetterSqlite3.Database;

const ENROLLMENT_FORMAT = 1;
/** A generous cap on the unsealed enrollment (a branch of a few hundred thousand customers). */
const MAX_ENROLLMENT_BYTES = 4 * 1024 * 1024 * 1024;
/**
 * An enrollment file installs within this many days of being made: long enough to carry it to
 * the branch, short enough that a copy found later is useless. HQ makes a new one after that
 * (retire the unused node, enroll again).
 */
export const ENROLLMENT_MAX_AGE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A file from HQ (an enrollment, a key recovery) made more than ENROLLMENT_MAX_AGE_DAYS ago is refused with `key`, naming the day it was made. */
export function refuseIfExpired(createdAt: string, now: Date, key: 'error.sync.enroll.expired' | 'error.sync.recovery.expired'): void {
  if (!(now.getTime() - Date.parse(createdAt) <= ENROLLMENT_MAX_AGE_DAYS * DAY_MS)) throw new SyncRefusal(key, { made: createdAt.slice(0, 10), days: ENROLLMENT_MAX_AGE_DAYS });
}

type EnrollmentPayload = {
  format: number;
  schemaVersion: number;
  createdAt: string;
  branch: { nodeId: string; orgId: string; keys: KeyPairs; dbKey: DbKey };
  hq: { nodeId: string; orgId: string; keys: { keyId: string; signPublic: string; boxPublic: string }[] };
  items: RowItem[];
  /** Ops HQ holds parked (an unknown column, a clock too far ahead) on rows the branch may hold; absent in older files. */
  parked?: OpItem[];
};

/** Master data a branch holds: org units and users of HQ and of the branch, products and questionnaires. */
function masterRows(sqlite: Sqlite, hqOrgId: string, branchOrgId: string): RowItem[] {
  const out: RowItem[] = [];
  const add = (table: string, ids: string[]) => {
    for (const id of ids) {
      const it = rowItem(sqlite, 0, table, id, true);
      if (it) out.push(it);
    }
  };
  // Parents before children: HQ, then the branch, then its teams (users reference them).
  add('org_units', sqlite.prepare(`SELECT id FROM org_units WHERE branch_id IN (?, ?) ORDER BY CASE kind WHEN 'hq' THEN 0 WHEN 'branch' THEN 1 ELSE 2 END, id`).pluck().all(hqOrgId, branchOrgId) as string[]);
  add('users', sqlite.prepare(`SELECT id FROM users WHERE branch_id IN (?, ?) ORDER BY id`).pluck().all(hqOrgId, branchOrgId) as string[]);
  for (const t of ['products', 'product_risk_changes', 'questionnaires']) add(t, sqlite.prepare(`SELECT id FROM ${t} WHERE branch_id = ? ORDER BY id`).pluck().all(hqOrgId) as string[]);
  return out;
}

/**
 * Every other row the branch may hold (routing.ts `mayHold`: its own and HQ's) that neither the
 * master lists nor a customer's snapshot carries: a merge, a conflict's decision, a task with no
 * customer, and whatever a later module adds. The link starts after every op so far, so a row
 * left out here would never reach the branch. A child row whose customer the branch does not
 * hold stays out (it has nothing to hang off; it comes in its customer's snapshot when that moves).
 */
function otherHeldRows(sqlite: Sqlite, carried: readonly RowItem[], holds: Holds): RowItem[] {
  // A customer's rows are all in its snapshot: only the master lists' can be met again.
  const have = new Set(carried.filter((it) => it.tb !== 'customers' && !isCustomerChild(it.tb)).map((it) => `${it.tb}/${it.r}`));
  const out: RowItem[] = [];
  for (const t of SYNCED_TABLES) {
    if (t.table === 'customers') continue;
    const sql = isCustomerChild(t.table) ? `SELECT id, branch_id FROM ${t.table} WHERE customer_id IS NULL ORDER BY id` : `SELECT id, branch_id FROM ${t.table} ORDER BY id`;
    for (const r of sqlite.prepare(sql).all() as { id: string; branch_id: string | null }[]) {
      if (!holds(r.branch_id) || have.has(`${t.table}/${r.id}`)) continue;
      const it = rowItem(sqlite, 0, t.table, r.id, true);
      if (it) out.push(it);
    }
  }
  return out;
}

/**
 * Ops HQ holds parked on rows the branch may hold. The link starts after them too: without them
 * the branch would never see what HQ applies when it replays them (after an upgrade, once its
 * clock catches up). The branch parks them in turn, or applies them if it can.
 */
function parkedFor(sqlite: Sqlite, holds: Holds): OpItem[] {
  const out: OpItem[] = [];
  for (const op of parkedOps(sqlite)) {
    // By the row's owner now (it may have moved since the op was made); a table we do not know: as the op says.
    const now = syncedTable(op.tb) ? branchOf(sqlite, op.tb, op.r) : undefined;
    if (holds(now === undefined ? op.br : now)) out.push({ ...op, s: 0 });
  }
  return out;
}

/** HQ's recovery key pair: made on first enrollment; its private key sealed with the recovery passphrase shown once. */
export function ensureRecoveryKey(sqlite: Sqlite): { boxPublic: string; created: string | null } {
  const pub = sqlite.prepare(`SELECT value FROM sync_state WHERE key = 'recovery_public'`).pluck().get() as string | undefined;
  if (pub) return { boxPublic: pub, created: null };
  const k = generateKeyPairs();
  const passphrase = generatePassphrase();
  const sealed = sealWithPassphrase(Buffer.from(k.boxPrivate, 'utf8'), passphrase).toString('base64');
  const put = sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES (?, ?)`);
  put.run('recovery_public', k.boxPublic);
  put.run('recovery_private_sealed', sealed);
  return { boxPublic: k.boxPublic, created: passphrase };
}

export type Enrollment = { file: Buffer; passphrase: string; nodeId: string; recoveryPassphrase: string | null; customers: number };

/**
 * HQ: enroll a branch org unit. One transaction: the peer, its escrow, its link cursors. The
 * one-time passphrase is the caller's (the IPC handler makes it, so it can show it at once while
 * a job builds the file); by default a new one. Sealed in its canonical form.
 */
export function createEnrollment(db: Db, branchOrgId: string, now: Date, oneTimePassphrase: string = generatePassphrase()): Enrollment {
  const sqlite = db.sqlite;
  return writeTxSync(
    db,
    'sync',
    () => {
      const node = nodeInfo(sqlite);
      if (node.role !== 'hq') throw new SyncRefusal('error.sync.enroll.notHq');
      const org = sqlite.prepare(`SELECT id, kind, deleted_at FROM org_units WHERE id = ?`).get(branchOrgId) as { id: string; kind: string; deleted_at: string | null } | undefined;
      if (!org || org.kind !== 'branch' || org.deleted_at) throw new SyncRefusal('error.sync.enroll.notBranch');
      const active = sqlite.prepare(`SELECT node_id FROM sync_peers WHERE org_id = ? AND status = 'active'`).pluck().get(branchOrgId) as string | undefined;
      if (active) throw new SyncRefusal('error.sync.enroll.already');
      const iso = now.toISOString();
      const keys = generateKeyPairs();
      const nodeId = keys.keyId.slice(1, 17).padEnd(16, '0');
      const dbKey = newDbKey();
      const recovery = ensureRecoveryKey(sqlite);
      currentKeys(sqlite, iso);
      addPeer(sqlite, { nodeId, orgId: branchOrgId, role: 'branch', keys: [{ keyId: keys.keyId, signPublic: keys.signPublic, boxPublic: keys.boxPublic }] }, iso);
      sqlite.prepare(`INSERT INTO sync_escrow (node_id, org_id, sealed_key, created_at) VALUES (?, ?, ?, ?)`).run(nodeId, branchOrgId, sealToPublicKey(Buffer.from(dbKey, 'hex'), recovery.boxPublic), iso);
      // The snapshot holds every op so far: the branch's link starts after them.
      const tops = sqlite.prepare(`SELECT origin, max(origin_seq) AS upto FROM sync_ops GROUP BY origin`).all() as { origin: string; upto: number }[];
      const cur = sqlite.prepare(`INSERT INTO sync_link_cursor (peer_id, origin, upto) VALUES (?, ?, ?)`);
      for (const t of tops) cur.run(nodeId, t.origin, t.upto);
      const items = masterRows(sqlite, node.hqOrgId, branchOrgId);
      // The branch's own customers. (No workflow gives HQ's org customers; routing would not keep them current at a branch.)
      const customerIds = sqlite.prepare(`SELECT id FROM customers WHERE branch_id = ? ORDER BY seq`).pluck().all(branchOrgId) as string[];
      const holds = holdsOf(node, { nodeId, orgId: branchOrgId, role: 'branch' });
      for (const id of customerIds) items.push(...customerSnapshot(sqlite, 0, id, holds));
      items.push(...otherHeldRows(sqlite, items, holds));
      const payload: EnrollmentPayload = {
        format: ENROLLMENT_FORMAT,
        schemaVersion: LATEST_VERSION,
        createdAt: iso,
        branch: { nodeId, orgId: branchOrgId, keys, dbKey },
        hq: { nodeId: node.nodeId, orgId: node.hqOrgId, keys: announcedKeys(sqlite) },
        items,
        parked: parkedFor(sqlite, holds),
      };
      const passphrase = normalizePassphrase(oneTimePassphrase);
      const file = sealWithPassphrase(gzipSync(Buffer.from(JSON.stringify(payload), 'utf8')), passphrase);
      return { file, passphrase, nodeId, recoveryPassphrase: recovery.created, customers: customerIds.length };
    },
    'uncaptured',
  );
}

/** Open an enrollment file: a wrong passphrase or a damaged file is refused with a clear key. */
export function readEnrollment(file: Buffer, passphrase: string): EnrollmentPayload {
  let raw: Buffer;
  try {
    raw = gunzipSync(openWithPassphrase(file, normalizePassphrase(passphrase)), { maxOutputLength: MAX_ENROLLMENT_BYTES });
  } catch (e) {
    if (e instanceof SealError) throw new SyncRefusal(e.code === 'badPassphrase' ? 'error.sync.enroll.badPassphrase' : 'error.sync.enroll.notEnrollment');
    throw new SyncRefusal('error.sync.enroll.notEnrollment');
  }
  let p: EnrollmentPayload;
  try {
    p = JSON.parse(raw.toString('utf8')) as EnrollmentPayload;
  } catch {
    throw new SyncRefusal('error.sync.enroll.notEnrollment');
  }
  // A recovery file is sealed the same way: only an enrollment has items.
  if (p === null || typeof p !== 'object' || p.format !== ENROLLMENT_FORMAT || !Array.isArray(p.items)) throw new SyncRefusal('error.sync.enroll.notEnrollment');
  if (p.schemaVersion > LATEST_VERSION) throw new SyncRefusal('error.sync.enroll.newerSchema', { theirs: p.schemaVersion, ours: LATEST_VERSION });
  for (let i = 0; i < p.items.length; i++) if (!rowItemSchema.safeParse(p.items[i]).success) throw new SyncRefusal('error.sync.bundle.badItem', { line: i + 1 });
  p.parked ??= [];
  for (let i = 0; i < p.parked.length; i++) if (!opItemSchema.safeParse(p.parked[i]).success) throw new SyncRefusal('error.sync.bundle.badItem', { line: p.items.length + i + 1 });
  return p;
}

/**
 * A branch: make a new database at `file` from an enrollment. Returns its database key (the
 * caller keeps it: the keychain in the app, a key file for the CLI and tests).
 *
 * The enrollment is one-time in effect: a file older than ENROLLMENT_MAX_AGE_DAYS is refused,
 * and the new node starts a key rotation at once. Its first bundle to HQ is signed with the
 * enrollment's key and announces a key of its own, made here and in no file; HQ seals its next
 * bundle to that key, which retires the enrollment's key at the branch, and the branch's bundle
 * after that (signed with its own key, no longer announcing the old one) retires it at HQ. From
 * then on, a second install of the same file signs with a key HQ refuses.
 */
export function installEnrollment(file: string, enrollment: Buffer, passphrase: string, now: Date): { dbKey: DbKey; nodeId: string; orgId: string; rows: number } {
  const p = readEnrollment(enrollment, passphrase);
  refuseIfExpired(p.createdAt, now, 'error.sync.enroll.expired');
  // The node id the enrollment assigned, before anything could be captured under another.
  const first = openDatabase({ file, key: p.branch.dbKey });
  try {
    const users = first.sqlite.prepare(`SELECT count(*) FROM users`).pluck().get() as number;
    if (users > 0) throw new SyncRefusal('error.sync.enroll.notEmpty');
    first.sqlite.prepare(`UPDATE sync_state SET value = ? WHERE key = 'node_id'`).run(p.branch.nodeId);
  } finally {
    first.close();
  }
  const db = openDatabase({ file, key: p.branch.dbKey });
  try {
    let rows = 0;
    writeTxSync(
      db,
      'sync',
      () => {
        const iso = now.toISOString();
        setNodeIdentity(db.sqlite, 'branch', p.branch.orgId, p.hq.orgId);
        storeOwnKeys(db.sqlite, p.branch.keys, iso);
        // Made a moment later, so the enrollment's key stays the signing one until HQ knows this.
        rotateOwnKeys(db.sqlite, new Date(now.getTime() + 1).toISOString());
        addPeer(db.sqlite, { nodeId: p.hq.nodeId, orgId: p.hq.orgId, role: 'hq', keys: p.hq.keys }, iso);
        const applier = new Applier(db, nodeInfo(db.sqlite), () => now);
        let top = '';
        for (const it of p.items) {
          applier.row(it);
          for (const h of Object.values(it.ck)) if (h > top) top = h;
        }
        // After the rows they edit; they park again here, or apply. Their clocks are not observed (a drifted one is why it was parked).
        for (const o of p.parked ?? []) applier.op(o);
        // Local edits made after the enrollment sort after everything it brought.
        if (top) db.capture.observe(parseHlc(top), now.getTime());
        rows = applier.stats.applied;
      },
      'uncaptured',
    );
    db.sqlite.exec('ANALYZE');
    return { dbKey: p.branch.dbKey, nodeId: p.branch.nodeId, orgId: p.branch.orgId, rows };
  } finally {
    db.close();
  }
}
