import { existsSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { DbOpenError, openDatabase, type DbKey } from '../db/open';
import { generatePassphrase, normalizePassphrase, openSealed, openWithPassphrase, SealError, sealWithPassphrase } from './crypto';
import { refuseIfExpired } from './enroll';
import { nodeInfo } from './node';
import { SyncRefusal } from './outbox';

/**
 * Key recovery (architecture.md "Encrypted at rest": the escrow). A branch whose key file is
 * lost, or sealed by a keychain that no longer opens it (a new Windows profile, a reinstalled
 * OS), still has its database. HQ, with the recovery passphrase shown at the first enrollment,
 * opens the branch's escrowed key and writes a recovery file sealed with a new one-time
 * passphrase, read out by phone like an enrollment's. The branch opens it, the key is checked
 * against its database (it must open it, and the database must be that node's), and sealed
 * again on this machine. Like an enrollment, the file is good for ENROLLMENT_MAX_AGE_DAYS (enroll.ts).
 */
type Sqlite = BetterSqlite3.Database;

const RECOVERY_FORMAT = 1;
type RecoveryPayload = { format: number; kind: 'recovery'; nodeId: string; orgId: string; dbKey: DbKey; createdAt: string };

/** HQ, with the recovery passphrase: the database key a branch node's escrow holds. */
export function recoverBranchKey(sqlite: Sqlite, nodeId: string, recoveryPassphrase: string): DbKey {
  const sealedPriv = sqlite.prepare(`SELECT value FROM sync_state WHERE key = 'recovery_private_sealed'`).pluck().get() as string | undefined;
  const escrow = sqlite.prepare(`SELECT sealed_key FROM sync_escrow WHERE node_id = ?`).pluck().get(nodeId) as string | undefined;
  if (!sealedPriv || !escrow) throw new SyncRefusal('error.sync.recovery.none');
  let priv: string;
  try {
    priv = openWithPassphrase(Buffer.from(sealedPriv, 'base64'), normalizePassphrase(recoveryPassphrase)).toString('utf8');
  } catch {
    throw new SyncRefusal('error.sync.recovery.badPassphrase');
  }
  return openSealed(escrow, priv).toString('hex');
}

/**
 * HQ: a recovery file for a branch org unit's node (its active one; a branch retired and not
 * enrolled again: its last). The one-time passphrase is the caller's to show; by default a new one.
 */
export function createRecoveryFile(sqlite: Sqlite, branchOrgId: string, recoveryPassphrase: string, now: Date, oneTimePassphrase: string = generatePassphrase()): { file: Buffer; passphrase: string; nodeId: string } {
  if (nodeInfo(sqlite).role !== 'hq') throw new SyncRefusal('error.sync.enroll.notHq');
  const nodeId = sqlite
    .prepare(`SELECT e.node_id FROM sync_escrow e LEFT JOIN sync_peers p ON p.node_id = e.node_id WHERE e.org_id = ? ORDER BY p.status = 'active' DESC, e.created_at DESC LIMIT 1`)
    .pluck()
    .get(branchOrgId) as string | undefined;
  if (!nodeId) throw new SyncRefusal('error.sync.recovery.none');
  const dbKey = recoverBranchKey(sqlite, nodeId, recoveryPassphrase);
  const payload: RecoveryPayload = { format: RECOVERY_FORMAT, kind: 'recovery', nodeId, orgId: branchOrgId, dbKey, createdAt: now.toISOString() };
  const passphrase = normalizePassphrase(oneTimePassphrase);
  return { file: sealWithPassphrase(Buffer.from(JSON.stringify(payload), 'utf8'), passphrase), passphrase, nodeId };
}

function readRecoveryFile(file: Buffer, passphrase: string, now: Date): RecoveryPayload {
  let p: Partial<RecoveryPayload>;
  try {
    p = JSON.parse(openWithPassphrase(file, normalizePassphrase(passphrase)).toString('utf8')) as Partial<RecoveryPayload>;
  } catch (e) {
    if (e instanceof SealError && e.code === 'badPassphrase') throw new SyncRefusal('error.sync.enroll.badPassphrase');
    throw new SyncRefusal('error.sync.recovery.notRecovery');
  }
  if (p.format !== RECOVERY_FORMAT || p.kind !== 'recovery' || typeof p.dbKey !== 'string' || typeof p.nodeId !== 'string' || typeof p.createdAt !== 'string') {
    throw new SyncRefusal('error.sync.recovery.notRecovery');
  }
  refuseIfExpired(p.createdAt, now, 'error.sync.recovery.expired');
  return p as RecoveryPayload;
}

/**
 * A branch: the database key a recovery file holds, once it is shown to open `dbFile` and
 * `dbFile` is the node the file was made for (a recovery file for another branch, or for this
 * branch's node before a re-enrollment, is refused). Nothing is written.
 */
export function keyFromRecoveryFile(dbFile: string, file: Buffer, passphrase: string, now: Date): DbKey {
  const p = readRecoveryFile(file, passphrase, now);
  if (!existsSync(dbFile)) throw new SyncRefusal('error.sync.recovery.noDatabase');
  let nodeId: string;
  try {
    const db = openDatabase({ file: dbFile, key: p.dbKey, migrate: false });
    nodeId = db.nodeId;
    db.close();
  } catch (e) {
    if (e instanceof DbOpenError) throw new SyncRefusal('error.sync.recovery.otherDatabase');
    throw e;
  }
  if (nodeId !== p.nodeId) throw new SyncRefusal('error.sync.recovery.otherDatabase');
  return p.dbKey;
}
