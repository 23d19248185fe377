import type { Migration } from './types';

/**
 * Issue 6: head office and branches (architecture.md "Sync with the head office",
 * src-main/sync/README.md). Everything here is local to the node: identities and keys,
 * peers, per-link sequences and acknowledgements, parked ops, the conflict inbox and the
 * key escrow. None of it is captured.
 */
export const m0007: Migration = {
  version: 7,
  name: 'sync',
  up(db) {
    db.exec(`
-- The owning branch before a change that moved a row (capture sets it on the branch_id op),
-- so the branch that loses a customer receives the move and purges its copy.
ALTER TABLE sync_ops ADD COLUMN prev_branch_id TEXT;

-- This node's own key pairs (Ed25519 to sign, X25519 to receive). The newest unretired one
-- signs; retired ones stay to read what was sealed to them before a rotation.
CREATE TABLE sync_keys (
  key_id TEXT PRIMARY KEY,
  sign_public TEXT NOT NULL,         -- base64 DER (spki)
  sign_private TEXT NOT NULL,        -- base64 DER (pkcs8); the database is encrypted at rest
  box_public TEXT NOT NULL,
  box_private TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT
) STRICT;

-- The nodes this one exchanges bundles with: HQ for a branch, every enrolled branch for HQ.
CREATE TABLE sync_peers (
  node_id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,              -- the org unit the node serves (a branch, or HQ)
  role TEXT NOT NULL CHECK (role IN ('hq','branch')),
  status TEXT NOT NULL CHECK (status IN ('active','retired')),
  created_at TEXT NOT NULL,
  retired_at TEXT
) STRICT;
CREATE INDEX sync_peers_org ON sync_peers(org_id);

-- A peer's public keys. A bundle signed by a key not here, or retired, is refused.
CREATE TABLE sync_peer_keys (
  key_id TEXT PRIMARY KEY,
  node_id TEXT NOT NULL REFERENCES sync_peers(node_id),
  sign_public TEXT NOT NULL,
  box_public TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT
) STRICT;
CREATE INDEX sync_peer_keys_node ON sync_peer_keys(node_id, created_at);

-- One row per peer: both directed links. out_* numbers what we send (link_seq), in_* what we
-- applied from them (highest contiguous link_seq, advanced only in the applying transaction).
CREATE TABLE sync_links (
  peer_id TEXT PRIMARY KEY REFERENCES sync_peers(node_id),
  out_seq INTEGER NOT NULL DEFAULT 0,        -- highest link_seq assigned on our link to them
  out_acked INTEGER NOT NULL DEFAULT 0,      -- highest link_seq they said they applied
  in_applied INTEGER NOT NULL DEFAULT 0,     -- highest contiguous link_seq we applied from them
  last_sent_at TEXT,
  last_sent_bundle TEXT,
  last_sent_to INTEGER,
  last_received_at TEXT,
  last_received_bundle TEXT,
  last_ack_sent INTEGER NOT NULL DEFAULT 0   -- the in_applied we last told them
) STRICT;

-- Per link and origin, the origin_seq up to which ops were considered for the link (assigned
-- a link_seq, or not routed to the peer).
CREATE TABLE sync_link_cursor (
  peer_id TEXT NOT NULL,
  origin TEXT NOT NULL,
  upto INTEGER NOT NULL,
  PRIMARY KEY (peer_id, origin)
) STRICT, WITHOUT ROWID;

-- What each out link carries, in link order: an op (by its origin key), or a snapshot of one
-- row and its children (a customer newly given to the peer), serialized when the bundle is written.
CREATE TABLE sync_link_ops (
  peer_id TEXT NOT NULL,
  link_seq INTEGER NOT NULL,
  origin TEXT,
  origin_seq INTEGER,
  snap_tbl TEXT,
  snap_row TEXT,
  PRIMARY KEY (peer_id, link_seq),
  CHECK ((origin IS NOT NULL AND origin_seq IS NOT NULL) OR (snap_tbl IS NOT NULL AND snap_row IS NOT NULL))
) STRICT, WITHOUT ROWID;

-- Ops held but not applied: a clock too far in the future, a table or column this version
-- does not know yet. Replayed after an upgrade or when the clock has caught up.
CREATE TABLE sync_parked (
  origin TEXT NOT NULL,
  origin_seq INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('drift','table','column')),
  detail TEXT,
  op TEXT NOT NULL,                  -- the op as it arrived (JSON)
  parked_at TEXT NOT NULL,
  PRIMARY KEY (origin, origin_seq)
) STRICT, WITHOUT ROWID;

-- The conflict inbox: concurrent edits of one field, the loser kept for a person to review.
CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  col TEXT NOT NULL,
  branch_id TEXT NOT NULL,           -- owning branch of the row, for scope
  winner_value TEXT,                 -- JSON
  winner_hlc TEXT NOT NULL,
  winner_author TEXT NOT NULL,
  loser_value TEXT,                  -- JSON
  loser_hlc TEXT NOT NULL,
  loser_author TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','kept','replaced')),
  resolved_by TEXT,
  resolved_at TEXT
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts(status, branch_id, detected_at);
CREATE INDEX sync_conflicts_row ON sync_conflicts(tbl, row_id, col);

-- HQ: each branch's database key, sealed to HQ's recovery public key (architecture.md
-- "Encrypted at rest"), so a lost keychain does not lose a branch.
CREATE TABLE sync_escrow (
  node_id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  sealed_key TEXT NOT NULL,          -- JSON envelope (X25519 + AES-256-GCM)
  created_at TEXT NOT NULL
) STRICT;
`);
    const grant = db.prepare('INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)');
    // Exchanging bundles is an operator's and an administrator's work; seeing the status also a manager's.
    for (const r of ['admin', 'operator', 'branch_manager']) grant.run(r, 'sync.view');
    for (const r of ['admin', 'operator']) grant.run(r, 'sync.exchange');
    grant.run('admin', 'sync.admin');
    // The inbox: the people who own the data decide which value stands.
    for (const r of ['admin', 'branch_manager', 'account_manager', 'operator']) grant.run(r, 'sync.conflicts');
    // Operators already change customers through imports; at HQ they are who corrects a
    // customer's master data by hand (an HQ edit that meets a branch's edit in the inbox).
    grant.run('operator', 'customers.write');
    const now = new Date(0).toISOString();
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('sync.warnDays', '7', now);
    // Delivered ops are kept this long (they tell a late edit based on them from a concurrent one).
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('sync.logKeepDays', '30', now);
  },
};
