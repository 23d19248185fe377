import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { generateKeyPairs, sign, verify, type KeyPairs } from './crypto';
import { canonicalJson, type KeyEndorsement } from './format';
import { AppError } from '../../src-shared/rpc/errors';

/**
 * This node's identity (README "Node"): its role, the org unit it serves, its key pairs, and
 * its peers with their public keys. All local, never captured.
 */
export type NodeRole = 'hq' | 'branch';
export type NodeInfo = { nodeId: string; role: NodeRole; orgId: string; hqOrgId: string };

type Sqlite = BetterSqlite3.Database;

const stateGet = (sqlite: Sqlite, key: string) => sqlite.prepare(`SELECT value FROM sync_state WHERE key = ?`).pluck().get(key) as string | undefined;
const stateSet = (sqlite: Sqlite, key: string, value: string) =>
  sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);

export function hqOrgIdOf(sqlite: Sqlite): string | null {
  return (sqlite.prepare(`SELECT id FROM org_units WHERE kind = 'hq' AND deleted_at IS NULL ORDER BY created_at LIMIT 1`).pluck().get() as string | undefined) ?? null;
}

/** The node's role and org unit. A database without a role (made by first-run set-up) is HQ. */
export function nodeInfo(sqlite: Sqlite): NodeInfo {
  const nodeId = stateGet(sqlite, 'node_id');
  if (!nodeId) throw new Error('database has no node id');
  const role = (stateGet(sqlite, 'node_role') as NodeRole | undefined) ?? 'hq';
  const hq = stateGet(sqlite, 'hq_org_id') ?? hqOrgIdOf(sqlite);
  if (!hq) throw new Error('no head office org unit: the node is not set up');
  const orgId = stateGet(sqlite, 'node_org_id') ?? hq;
  return { nodeId, role, orgId, hqOrgId: hq };
}

/** A user of another org (HQ's staff sign in at branches too) at a branch's installation. */
export function isOtherOrgsUserAtBranch(sqlite: Sqlite, userOrgId: string): boolean {
  const node = nodeInfo(sqlite);
  return node.role === 'branch' && userOrgId !== node.orgId;
}

/**
 * At a branch node, a user of another org keeps the password HQ holds: HQ takes a password
 * change from a branch for that branch's own users only (apply.ts `admit`).
 */
export function refuseOtherOrgsUserAtBranch(sqlite: Sqlite, userOrgId: string): void {
  if (isOtherOrgsUserAtBranch(sqlite, userOrgId)) throw new AppError('FORBIDDEN', 'error.sync.hqDataAtBranch');
}

export function setNodeIdentity(sqlite: Sqlite, role: NodeRole, orgId: string, hqOrgId: string): void {
  stateSet(sqlite, 'node_role', role);
  stateSet(sqlite, 'node_org_id', orgId);
  stateSet(sqlite, 'hq_org_id', hqOrgId);
}

type KeyRow = { key_id: string; sign_public: string; sign_private: string; box_public: string; box_private: string; created_at: string; retired_at: string | null };
const toPairs = (r: KeyRow): KeyPairs => ({ keyId: r.key_id, signPublic: r.sign_public, signPrivate: r.sign_private, boxPublic: r.box_public, boxPrivate: r.box_private });

export function storeOwnKeys(sqlite: Sqlite, k: KeyPairs, now: string): void {
  sqlite
    .prepare(`INSERT INTO sync_keys (key_id, sign_public, sign_private, box_public, box_private, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?, NULL)`)
    .run(k.keyId, k.signPublic, k.signPrivate, k.boxPublic, k.boxPrivate, now);
}

/**
 * The key pair that signs what we send: the oldest unretired one, made on first use. During a
 * rotation that is the old key, which peers know; the new one is announced beside it and takes
 * over when every peer has it (`notePeerUsedKey`).
 */
export function currentKeys(sqlite: Sqlite, now: string): KeyPairs {
  const row = sqlite.prepare(`SELECT * FROM sync_keys WHERE retired_at IS NULL ORDER BY created_at, key_id LIMIT 1`).get() as KeyRow | undefined;
  if (row) return toPairs(row);
  const k = generateKeyPairs();
  storeOwnKeys(sqlite, k, now);
  return k;
}

/** Every own public key not retired: announced in each bundle, so a rotation reaches every peer. */
export function announcedKeys(sqlite: Sqlite): { keyId: string; signPublic: string; boxPublic: string }[] {
  return (sqlite.prepare(`SELECT key_id, sign_public, box_public FROM sync_keys WHERE retired_at IS NULL ORDER BY created_at`).all() as KeyRow[]).map((r) => ({
    keyId: r.key_id,
    signPublic: r.sign_public,
    boxPublic: r.box_public,
  }));
}

/** Our private box key by id, retired ones included (a bundle sealed before a rotation still opens). */
export function ownBoxPrivate(sqlite: Sqlite, keyId: string): string | null {
  return (sqlite.prepare(`SELECT box_private FROM sync_keys WHERE key_id = ?`).pluck().get(keyId) as string | undefined) ?? null;
}

/**
 * Rotate: a new key pair, announced in every bundle until each peer uses it (`notePeerUsedKey`),
 * and endorsed by the key signing now, so that a peer which missed the announcement can check it.
 */
export function rotateOwnKeys(sqlite: Sqlite, now: string): KeyPairs {
  const by = currentKeys(sqlite, now);
  const k = generateKeyPairs();
  storeOwnKeys(sqlite, k, now);
  const e = endorse(nodeInfo(sqlite).nodeId, k, by);
  sqlite.prepare(`UPDATE sync_keys SET endorsed_by = ?, endorsement = ? WHERE key_id = ?`).run(e.by, e.sig, k.keyId);
  stateSet(sqlite, 'key_rotation', JSON.stringify({ keyId: k.keyId, at: now, peers: {} }));
  return k;
}

/** What an endorsement signs: the node and the new key's public parts. */
function endorsementBytes(nodeId: string, k: Pick<KeyEndorsement, 'keyId' | 'signPublic' | 'boxPublic'>): Buffer {
  return Buffer.from(canonicalJson({ purpose: 'brokerdesk key endorsement 1', nodeId, keyId: k.keyId, signPublic: k.signPublic, boxPublic: k.boxPublic }), 'utf8');
}

/** Node `nodeId`'s key `k`, endorsed by its key `by`. */
export function endorse(nodeId: string, k: Pick<KeyEndorsement, 'keyId' | 'signPublic' | 'boxPublic'>, by: Pick<KeyPairs, 'keyId' | 'signPrivate'>): KeyEndorsement {
  return { keyId: k.keyId, signPublic: k.signPublic, boxPublic: k.boxPublic, by: by.keyId, sig: sign(endorsementBytes(nodeId, k), by.signPrivate).toString('base64') };
}

/** Our endorsed keys, retired ones included, oldest first (the newest 64): every bundle's `keyChain`. */
export function ownKeyChain(sqlite: Sqlite): KeyEndorsement[] {
  const rows = sqlite
    .prepare(`SELECT key_id, sign_public, box_public, endorsed_by, endorsement FROM sync_keys WHERE endorsement IS NOT NULL ORDER BY created_at DESC, rowid DESC LIMIT 64`)
    .all() as { key_id: string; sign_public: string; box_public: string; endorsed_by: string; endorsement: string }[];
  return rows.reverse().map((r) => ({ keyId: r.key_id, signPublic: r.sign_public, boxPublic: r.box_public, by: r.endorsed_by, sig: r.endorsement }));
}

/**
 * A key we do not hold that `chain` vouches for: endorsed by a key of a peer's that we hold and
 * that is in use (neither retired nor revoked, the peer active), or by one so endorsed in turn.
 * A key we hold in any state is never vouched for again: a retired one stays retired. So a peer
 * that rotated while we ran on an older backup is followed; a key endorsed by one we have seen
 * rotated out or revoked (a stolen old key making new ones) is not.
 */
export function endorsedSigner(sqlite: Sqlite, keyId: string, chain: readonly KeyEndorsement[]): { nodeId: string; signPublic: string } | null {
  if (peerSigner(sqlite, keyId) !== null) return null;
  const trusted = new Map<string, { nodeId: string; signPublic: string }>();
  const trustedSigner = (id: string) => {
    const t = trusted.get(id);
    if (t) return t;
    const held = peerSigner(sqlite, id);
    return held && !held.retired && !held.revoked ? held : null;
  };
  for (let grew = true; grew && !trusted.has(keyId); ) {
    grew = false;
    for (const e of chain) {
      if (trusted.has(e.keyId) || peerSigner(sqlite, e.keyId) !== null) continue;
      const by = trustedSigner(e.by);
      if (!by || !verify(endorsementBytes(by.nodeId, e), Buffer.from(e.sig, 'base64'), by.signPublic)) continue;
      trusted.set(e.keyId, { nodeId: by.nodeId, signPublic: e.signPublic });
      grew = true;
    }
  }
  return trusted.get(keyId) ?? null;
}

export type Peer = { nodeId: string; orgId: string; role: NodeRole; status: 'active' | 'retired' };

export function peers(sqlite: Sqlite): Peer[] {
  return (sqlite.prepare(`SELECT node_id, org_id, role, status FROM sync_peers ORDER BY role, org_id`).all() as { node_id: string; org_id: string; role: NodeRole; status: Peer['status'] }[]).map((r) => ({
    nodeId: r.node_id,
    orgId: r.org_id,
    role: r.role,
    status: r.status,
  }));
}

export function peer(sqlite: Sqlite, nodeId: string): Peer | null {
  return peers(sqlite).find((p) => p.nodeId === nodeId) ?? null;
}

export function addPeer(sqlite: Sqlite, p: { nodeId: string; orgId: string; role: NodeRole; keys: { keyId: string; signPublic: string; boxPublic: string }[] }, now: string): void {
  sqlite.prepare(`INSERT INTO sync_peers (node_id, org_id, role, status, created_at, retired_at) VALUES (?, ?, ?, 'active', ?, NULL)`).run(p.nodeId, p.orgId, p.role, now);
  sqlite.prepare(`INSERT INTO sync_links (peer_id) VALUES (?)`).run(p.nodeId);
  for (const k of p.keys) addPeerKey(sqlite, p.nodeId, k, now);
}

export function addPeerKey(sqlite: Sqlite, nodeId: string, k: { keyId: string; signPublic: string; boxPublic: string }, now: string): boolean {
  return sqlite.prepare(`INSERT OR IGNORE INTO sync_peer_keys (key_id, node_id, sign_public, box_public, created_at, retired_at) VALUES (?, ?, ?, ?, ?, NULL)`).run(k.keyId, nodeId, k.signPublic, k.boxPublic, now).changes > 0;
}

/** A peer's key, for verifying what it signed: null when unknown. */
export function peerSigner(sqlite: Sqlite, keyId: string): { nodeId: string; signPublic: string; retired: boolean; revoked: boolean } | null {
  const r = sqlite
    .prepare(`SELECT k.node_id, k.sign_public, k.retired_at, k.revoked, p.status FROM sync_peer_keys k JOIN sync_peers p ON p.node_id = k.node_id WHERE k.key_id = ?`)
    .get(keyId) as { node_id: string; sign_public: string; retired_at: string | null; revoked: number; status: string } | undefined;
  if (!r) return null;
  return { nodeId: r.node_id, signPublic: r.sign_public, retired: r.retired_at !== null || r.status !== 'active', revoked: r.revoked === 1 || r.status !== 'active' };
}

/**
 * The peer's newest unretired box key: what we seal bundles to. Keys learnt together (an
 * enrollment, a bundle announcing a rotation) share `created_at`; they are stored in the order
 * announced, oldest first, so the last stored is the newest (a key id is a hash: no order).
 */
export function peerBoxKey(sqlite: Sqlite, nodeId: string): { keyId: string; boxPublic: string } | null {
  const r = sqlite.prepare(`SELECT key_id, box_public FROM sync_peer_keys WHERE node_id = ? AND retired_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1`).get(nodeId) as
    | { key_id: string; box_public: string }
    | undefined;
  return r ? { keyId: r.key_id, boxPublic: r.box_public } : null;
}

/** Retire one of a peer's keys (a stolen laptop): bundles it signs are refused from now on. */
export function retirePeerKey(sqlite: Sqlite, keyId: string, now: string): boolean {
  // Revoked, even when the peer had rotated it out already (a late copy it signed is then refused too).
  return sqlite.prepare(`UPDATE sync_peer_keys SET retired_at = coalesce(retired_at, ?), revoked = 1 WHERE key_id = ? AND revoked = 0`).run(now, keyId).changes > 0;
}

/** Retire a peer (a closed branch): its keys are refused and no bundle is made for it. */
export function retirePeer(sqlite: Sqlite, nodeId: string, now: string): boolean {
  sqlite.prepare(`UPDATE sync_peer_keys SET retired_at = coalesce(retired_at, ?), revoked = 1 WHERE node_id = ?`).run(now, nodeId);
  return sqlite.prepare(`UPDATE sync_peers SET status = 'retired', retired_at = ? WHERE node_id = ? AND status = 'active'`).run(now, nodeId).changes > 0;
}

/**
 * After a rotation, a peer has the new key once it seals a bundle to it (peers seal to our
 * newest box key they know, learnt from the keys each bundle announces). When every active
 * peer has, the older own keys are retired and the new one signs. Called for each bundle received.
 */
/** Whether a bundle sealed to `keyId` would tell our rotation something new (`notePeerUsedKey`). */
export function notePeerUsedKeyPending(sqlite: Sqlite, peerId: string, keyId: string): boolean {
  const raw = stateGet(sqlite, 'key_rotation');
  if (!raw) return false;
  const r = JSON.parse(raw) as { keyId: string; peers: Record<string, true> };
  return keyId === r.keyId && !r.peers[peerId];
}

export function notePeerUsedKey(sqlite: Sqlite, peerId: string, keyId: string, now: string): boolean {
  const raw = stateGet(sqlite, 'key_rotation');
  if (!raw) return false;
  const r = JSON.parse(raw) as { keyId: string; at: string; peers: Record<string, true> };
  if (keyId === r.keyId && !r.peers[peerId]) {
    r.peers[peerId] = true;
    stateSet(sqlite, 'key_rotation', JSON.stringify(r));
  }
  const active = sqlite.prepare(`SELECT node_id FROM sync_peers WHERE status = 'active'`).pluck().all() as string[];
  if (!active.every((id) => r.peers[id])) return false;
  sqlite.prepare(`UPDATE sync_keys SET retired_at = ? WHERE retired_at IS NULL AND key_id <> ?`).run(now, r.keyId);
  sqlite.prepare(`DELETE FROM sync_state WHERE key = 'key_rotation'`).run();
  return true;
}
