import type { Migration } from './types';

/**
 * The walking skeleton's schema: org, users, roles and permissions, sessions, audit, settings,
 * approvals (four-eyes), change capture (op log, cell clocks, history, sync state) and the
 * core of the customers table with its search structures.
 *
 * Synced tables (org_units, users, customers) follow architecture.md: text ids, soft deletes,
 * an owning branch, and no UNIQUE constraint on business keys. Capture triggers are not here:
 * they are generated from src-main/sync/synced-tables.ts after every migration run.
 */
export const m0001: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(`
CREATE TABLE org_units (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('hq','branch','team')),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_id TEXT REFERENCES org_units(id),
  branch_id TEXT NOT NULL,           -- owning branch: itself for hq/branch, the parent branch for a team
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE roles (
  id TEXT PRIMARY KEY,
  sort INTEGER NOT NULL
) STRICT;

CREATE TABLE role_permissions (
  role_id TEXT NOT NULL REFERENCES roles(id),
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  login TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL REFERENCES roles(id),
  branch_id TEXT NOT NULL REFERENCES org_units(id),
  team_id TEXT REFERENCES org_units(id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
-- Logins are checked for uniqueness by the handlers (users may be created at HQ only).
CREATE INDEX users_login ON users(login);
CREATE INDEX users_branch ON users(branch_id, role);

-- Local, never synced: failed-login counters and last login of this installation.
CREATE TABLE login_throttle (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_failure_at TEXT,
  last_login_at TEXT
) STRICT;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  client_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_active_at TEXT NOT NULL,
  locked_at TEXT,
  ended_at TEXT,
  end_reason TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id, created_at);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,               -- UUIDv7: sorts by time
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_login TEXT,
  approver_id TEXT,
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok','denied','failed')),
  error_code TEXT,
  branch_id TEXT,
  detail TEXT                        -- JSON; never personal data
) STRICT;
CREATE INDEX audit_actor ON audit_log(actor_id, id);
CREATE INDEX audit_action ON audit_log(action, id);
CREATE INDEX audit_target ON audit_log(target_type, target_id, id);
CREATE INDEX audit_branch ON audit_log(branch_id, id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,               -- JSON
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;

CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  input TEXT NOT NULL,               -- the validated input, JSON
  summary TEXT NOT NULL,             -- JSON of non-personal display params
  maker_id TEXT NOT NULL REFERENCES users(id),
  branch_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','cancelled','failed')),
  created_at TEXT NOT NULL,
  checker_id TEXT REFERENCES users(id),
  decided_at TEXT,
  note TEXT,
  error_code TEXT
) STRICT;
CREATE INDEX approvals_status ON approvals(status, created_at);
CREATE INDEX approvals_branch ON approvals(branch_id, status, created_at);

-- Change capture (src-main/sync/README.md).
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sync_ops (
  origin TEXT NOT NULL,
  origin_seq INTEGER NOT NULL,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('insert','update','delete')),
  col TEXT,                          -- NULL for insert (whole row) and delete
  value TEXT,                        -- JSON: the row image, the new cell value, or deleted_at
  hlc TEXT NOT NULL,
  base_hlc TEXT,                     -- clock of the value this edit overwrote
  author TEXT NOT NULL,
  branch_id TEXT NOT NULL,           -- owning branch of the row, for routing
  PRIMARY KEY (origin, origin_seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_ops_row ON sync_ops(tbl, row_id);

CREATE TABLE sync_cell_clock (
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  col TEXT NOT NULL,                 -- '' is the row's own clock (insert); cells without an entry take it
  hlc TEXT NOT NULL,
  origin TEXT NOT NULL,
  origin_seq INTEGER NOT NULL,
  PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;

CREATE TABLE history (
  id INTEGER PRIMARY KEY,            -- local order only; never synced
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('insert','update','delete')),
  col TEXT,
  old_value TEXT,
  new_value TEXT,
  hlc TEXT NOT NULL,
  author TEXT NOT NULL,
  origin TEXT NOT NULL
) STRICT;
CREATE INDEX history_row ON history(tbl, row_id, id);

-- Customers: the core the skeleton needs; the customer module completes it.
-- seq is a local rowid alias for the full-text indexes (VACUUM may renumber implicit rowids);
-- id is the global identity that sync and every reference use.
CREATE TABLE customers (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  customer_no TEXT NOT NULL,
  name TEXT NOT NULL,
  id_type TEXT NOT NULL CHECK (id_type IN ('resident_id','passport','hk_mo_tw_permit','uscc')),
  id_no TEXT NOT NULL,
  phone TEXT,
  branch_id TEXT NOT NULL,
  manager_id TEXT,
  level TEXT NOT NULL DEFAULT 'normal' CHECK (level IN ('normal','silver','gold','platinum','diamond')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','dormant','closed')),
  assets_fen INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,  -- local optimistic-concurrency counter
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  name_py TEXT GENERATED ALWAYS AS (bd_pinyin_full(name)) STORED,
  name_initials TEXT GENERATED ALWAYS AS (bd_pinyin_initials(name)) STORED,
  phone_rev TEXT GENERATED ALWAYS AS (bd_reverse(phone)) STORED,
  id_no_rev TEXT GENERATED ALWAYS AS (bd_reverse(id_no)) STORED
) STRICT;
CREATE UNIQUE INDEX customers_id ON customers(id);
CREATE INDEX customers_no ON customers(customer_no);
CREATE INDEX customers_phone_rev ON customers(phone_rev);
CREATE INDEX customers_id_no_rev ON customers(id_no_rev);
CREATE INDEX customers_py ON customers(name_py);
CREATE INDEX customers_initials ON customers(name_initials);
CREATE INDEX customers_branch_assets ON customers(branch_id, assets_fen, seq);
CREATE INDEX customers_manager_assets ON customers(manager_id, assets_fen, seq);
CREATE INDEX customers_assets ON customers(assets_fen, seq);

-- Name search: trigram for substrings of 3+ characters; unigrams + bigrams for 1-2 characters.
CREATE VIRTUAL TABLE customer_name_tri USING fts5(name, content='', contentless_delete=1, tokenize='trigram');
CREATE VIRTUAL TABLE customer_name_gram USING fts5(grams, content='', contentless_delete=1, detail=none);
CREATE TRIGGER customers_fts_ins AFTER INSERT ON customers BEGIN
  INSERT INTO customer_name_tri(rowid, name) VALUES (NEW.seq, NEW.name);
  INSERT INTO customer_name_gram(rowid, grams) VALUES (NEW.seq, bd_ngrams(NEW.name));
END;
CREATE TRIGGER customers_fts_upd AFTER UPDATE OF name ON customers WHEN OLD.name IS NOT NEW.name BEGIN
  DELETE FROM customer_name_tri WHERE rowid = OLD.seq;
  DELETE FROM customer_name_gram WHERE rowid = OLD.seq;
  INSERT INTO customer_name_tri(rowid, name) VALUES (NEW.seq, NEW.name);
  INSERT INTO customer_name_gram(rowid, grams) VALUES (NEW.seq, bd_ngrams(NEW.name));
END;
`);
  },
};
