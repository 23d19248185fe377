-- index approvals_branch
CREATE INDEX approvals_branch ON approvals(branch_id, status, created_at);

-- index approvals_status
CREATE INDEX approvals_status ON approvals(status, created_at);

-- index audit_action
CREATE INDEX audit_action ON audit_log(action, id);

-- index audit_actor
CREATE INDEX audit_actor ON audit_log(actor_id, id);

-- index audit_branch
CREATE INDEX audit_branch ON audit_log(branch_id, id);

-- index audit_target
CREATE INDEX audit_target ON audit_log(target_type, target_id, id);

-- index customers_assets
CREATE INDEX customers_assets ON customers(assets_fen, seq);

-- index customers_branch_assets
CREATE INDEX customers_branch_assets ON customers(branch_id, assets_fen, seq);

-- index customers_id
CREATE UNIQUE INDEX customers_id ON customers(id);

-- index customers_id_no_rev
CREATE INDEX customers_id_no_rev ON customers(id_no_rev);

-- index customers_initials
CREATE INDEX customers_initials ON customers(name_initials);

-- index customers_manager_assets
CREATE INDEX customers_manager_assets ON customers(manager_id, assets_fen, seq);

-- index customers_no
CREATE INDEX customers_no ON customers(customer_no);

-- index customers_phone_rev
CREATE INDEX customers_phone_rev ON customers(phone_rev);

-- index customers_py
CREATE INDEX customers_py ON customers(name_py);

-- index history_row
CREATE INDEX history_row ON history(tbl, row_id, id);

-- index org_units_parent
CREATE INDEX org_units_parent ON org_units(parent_id);

-- index sessions_user
CREATE INDEX sessions_user ON sessions(user_id, created_at);

-- index sync_ops_row
CREATE INDEX sync_ops_row ON sync_ops(tbl, row_id);

-- index users_branch
CREATE INDEX users_branch ON users(branch_id, role);

-- index users_login
CREATE INDEX users_login ON users(login);

-- table approvals
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

-- table audit_log
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

-- table customer_name_gram
CREATE VIRTUAL TABLE customer_name_gram USING fts5(grams, content='', contentless_delete=1, detail=none);

-- table customer_name_gram_config
CREATE TABLE 'customer_name_gram_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table customer_name_gram_data
CREATE TABLE 'customer_name_gram_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table customer_name_gram_docsize
CREATE TABLE 'customer_name_gram_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);

-- table customer_name_gram_idx
CREATE TABLE 'customer_name_gram_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table customer_name_tri
CREATE VIRTUAL TABLE customer_name_tri USING fts5(name, content='', contentless_delete=1, tokenize='trigram');

-- table customer_name_tri_config
CREATE TABLE 'customer_name_tri_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table customer_name_tri_data
CREATE TABLE 'customer_name_tri_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table customer_name_tri_docsize
CREATE TABLE 'customer_name_tri_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);

-- table customer_name_tri_idx
CREATE TABLE 'customer_name_tri_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table customers
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

-- table history
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

-- table login_throttle
CREATE TABLE login_throttle (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_failure_at TEXT,
  last_login_at TEXT
) STRICT;

-- table org_units
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

-- table role_permissions
CREATE TABLE role_permissions (
  role_id TEXT NOT NULL REFERENCES roles(id),
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
) STRICT, WITHOUT ROWID;

-- table roles
CREATE TABLE roles (
  id TEXT PRIMARY KEY,
  sort INTEGER NOT NULL
) STRICT;

-- table sessions
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

-- table settings
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,               -- JSON
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;

-- table sync_cell_clock
CREATE TABLE sync_cell_clock (
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  col TEXT NOT NULL,                 -- '' is the row's own clock (insert); cells without an entry take it
  hlc TEXT NOT NULL,
  origin TEXT NOT NULL,
  origin_seq INTEGER NOT NULL,
  PRIMARY KEY (tbl, row_id, col)
) STRICT, WITHOUT ROWID;

-- table sync_ops
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

-- table sync_state
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- table users
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

-- trigger bd_cap_customers_del
CREATE TRIGGER bd_cap_customers_del BEFORE DELETE ON customers WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_customers_ins
CREATE TRIGGER bd_cap_customers_ins AFTER INSERT ON customers WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_no', NEW.customer_no, 'name', NEW.name, 'id_type', NEW.id_type, 'id_no', NEW.id_no, 'phone', NEW.phone, 'branch_id', NEW.branch_id, 'manager_id', NEW.manager_id, 'status', NEW.status, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'insert', NULL, NULL, json_object('id', NEW.id, 'customer_no', NEW.customer_no, 'name', NEW.name, 'id_type', NEW.id_type, 'id_no', NEW.id_no, 'phone', NEW.phone, 'branch_id', NEW.branch_id, 'manager_id', NEW.manager_id, 'status', NEW.status, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_branch_id
CREATE TRIGGER bd_cap_customers_upd_branch_id AFTER UPDATE OF branch_id ON customers WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_created_at
CREATE TRIGGER bd_cap_customers_upd_created_at AFTER UPDATE OF created_at ON customers WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_customer_no
CREATE TRIGGER bd_cap_customers_upd_customer_no AFTER UPDATE OF customer_no ON customers WHEN bd_capturing() AND OLD.customer_no IS NOT NEW.customer_no BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'customer_no', json_quote(NEW.customer_no), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'customer_no'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'customer_no', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'customer_no', json_quote(OLD.customer_no), json_quote(NEW.customer_no), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_deleted_at
CREATE TRIGGER bd_cap_customers_upd_deleted_at AFTER UPDATE OF deleted_at ON customers WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_id_no
CREATE TRIGGER bd_cap_customers_upd_id_no AFTER UPDATE OF id_no ON customers WHEN bd_capturing() AND OLD.id_no IS NOT NEW.id_no BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'id_no', json_quote(NEW.id_no), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'id_no'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'id_no', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'id_no', json_quote(OLD.id_no), json_quote(NEW.id_no), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_id_type
CREATE TRIGGER bd_cap_customers_upd_id_type AFTER UPDATE OF id_type ON customers WHEN bd_capturing() AND OLD.id_type IS NOT NEW.id_type BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'id_type', json_quote(NEW.id_type), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'id_type'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'id_type', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'id_type', json_quote(OLD.id_type), json_quote(NEW.id_type), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_manager_id
CREATE TRIGGER bd_cap_customers_upd_manager_id AFTER UPDATE OF manager_id ON customers WHEN bd_capturing() AND OLD.manager_id IS NOT NEW.manager_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'manager_id', json_quote(NEW.manager_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'manager_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'manager_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'manager_id', json_quote(OLD.manager_id), json_quote(NEW.manager_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_name
CREATE TRIGGER bd_cap_customers_upd_name AFTER UPDATE OF name ON customers WHEN bd_capturing() AND OLD.name IS NOT NEW.name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'name', json_quote(NEW.name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'name', json_quote(OLD.name), json_quote(NEW.name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_phone
CREATE TRIGGER bd_cap_customers_upd_phone AFTER UPDATE OF phone ON customers WHEN bd_capturing() AND OLD.phone IS NOT NEW.phone BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'phone', json_quote(NEW.phone), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'phone'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'phone', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'phone', json_quote(OLD.phone), json_quote(NEW.phone), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_status
CREATE TRIGGER bd_cap_customers_upd_status AFTER UPDATE OF status ON customers WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_del
CREATE TRIGGER bd_cap_org_units_del BEFORE DELETE ON org_units WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_org_units_ins
CREATE TRIGGER bd_cap_org_units_ins AFTER INSERT ON org_units WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'kind', NEW.kind, 'code', NEW.code, 'name', NEW.name, 'parent_id', NEW.parent_id, 'branch_id', NEW.branch_id, 'status', NEW.status, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'insert', NULL, NULL, json_object('id', NEW.id, 'kind', NEW.kind, 'code', NEW.code, 'name', NEW.name, 'parent_id', NEW.parent_id, 'branch_id', NEW.branch_id, 'status', NEW.status, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_branch_id
CREATE TRIGGER bd_cap_org_units_upd_branch_id AFTER UPDATE OF branch_id ON org_units WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_code
CREATE TRIGGER bd_cap_org_units_upd_code AFTER UPDATE OF code ON org_units WHEN bd_capturing() AND OLD.code IS NOT NEW.code BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'code', json_quote(NEW.code), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'code'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'code', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'code', json_quote(OLD.code), json_quote(NEW.code), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_created_at
CREATE TRIGGER bd_cap_org_units_upd_created_at AFTER UPDATE OF created_at ON org_units WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_deleted_at
CREATE TRIGGER bd_cap_org_units_upd_deleted_at AFTER UPDATE OF deleted_at ON org_units WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_kind
CREATE TRIGGER bd_cap_org_units_upd_kind AFTER UPDATE OF kind ON org_units WHEN bd_capturing() AND OLD.kind IS NOT NEW.kind BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'kind', json_quote(NEW.kind), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'kind'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'kind', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'kind', json_quote(OLD.kind), json_quote(NEW.kind), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_name
CREATE TRIGGER bd_cap_org_units_upd_name AFTER UPDATE OF name ON org_units WHEN bd_capturing() AND OLD.name IS NOT NEW.name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'name', json_quote(NEW.name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'name', json_quote(OLD.name), json_quote(NEW.name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_parent_id
CREATE TRIGGER bd_cap_org_units_upd_parent_id AFTER UPDATE OF parent_id ON org_units WHEN bd_capturing() AND OLD.parent_id IS NOT NEW.parent_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'parent_id', json_quote(NEW.parent_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'parent_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'parent_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'parent_id', json_quote(OLD.parent_id), json_quote(NEW.parent_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_status
CREATE TRIGGER bd_cap_org_units_upd_status AFTER UPDATE OF status ON org_units WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_del
CREATE TRIGGER bd_cap_users_del BEFORE DELETE ON users WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_users_ins
CREATE TRIGGER bd_cap_users_ins AFTER INSERT ON users WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'login', NEW.login, 'display_name', NEW.display_name, 'role', NEW.role, 'branch_id', NEW.branch_id, 'team_id', NEW.team_id, 'status', NEW.status, 'password_hash', NEW.password_hash, 'must_change_password', NEW.must_change_password, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'insert', NULL, NULL, json_object('id', NEW.id, 'login', NEW.login, 'display_name', NEW.display_name, 'role', NEW.role, 'branch_id', NEW.branch_id, 'team_id', NEW.team_id, 'status', NEW.status, 'password_hash', '[redacted]', 'must_change_password', NEW.must_change_password, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_branch_id
CREATE TRIGGER bd_cap_users_upd_branch_id AFTER UPDATE OF branch_id ON users WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_created_at
CREATE TRIGGER bd_cap_users_upd_created_at AFTER UPDATE OF created_at ON users WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_deleted_at
CREATE TRIGGER bd_cap_users_upd_deleted_at AFTER UPDATE OF deleted_at ON users WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_display_name
CREATE TRIGGER bd_cap_users_upd_display_name AFTER UPDATE OF display_name ON users WHEN bd_capturing() AND OLD.display_name IS NOT NEW.display_name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'display_name', json_quote(NEW.display_name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'display_name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'display_name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'display_name', json_quote(OLD.display_name), json_quote(NEW.display_name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_login
CREATE TRIGGER bd_cap_users_upd_login AFTER UPDATE OF login ON users WHEN bd_capturing() AND OLD.login IS NOT NEW.login BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'login', json_quote(NEW.login), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'login'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'login', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'login', json_quote(OLD.login), json_quote(NEW.login), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_must_change_password
CREATE TRIGGER bd_cap_users_upd_must_change_password AFTER UPDATE OF must_change_password ON users WHEN bd_capturing() AND OLD.must_change_password IS NOT NEW.must_change_password BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'must_change_password', json_quote(NEW.must_change_password), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'must_change_password'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'must_change_password', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'must_change_password', json_quote(OLD.must_change_password), json_quote(NEW.must_change_password), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_password_hash
CREATE TRIGGER bd_cap_users_upd_password_hash AFTER UPDATE OF password_hash ON users WHEN bd_capturing() AND OLD.password_hash IS NOT NEW.password_hash BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'password_hash', json_quote(NEW.password_hash), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'password_hash'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'password_hash', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'password_hash', '"[redacted]"', '"[redacted]"', bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_role
CREATE TRIGGER bd_cap_users_upd_role AFTER UPDATE OF role ON users WHEN bd_capturing() AND OLD.role IS NOT NEW.role BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'role', json_quote(NEW.role), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'role'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'role', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'role', json_quote(OLD.role), json_quote(NEW.role), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_status
CREATE TRIGGER bd_cap_users_upd_status AFTER UPDATE OF status ON users WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_team_id
CREATE TRIGGER bd_cap_users_upd_team_id AFTER UPDATE OF team_id ON users WHEN bd_capturing() AND OLD.team_id IS NOT NEW.team_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'team_id', json_quote(NEW.team_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'team_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'team_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'team_id', json_quote(OLD.team_id), json_quote(NEW.team_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger customers_fts_ins
CREATE TRIGGER customers_fts_ins AFTER INSERT ON customers BEGIN
  INSERT INTO customer_name_tri(rowid, name) VALUES (NEW.seq, NEW.name);
  INSERT INTO customer_name_gram(rowid, grams) VALUES (NEW.seq, bd_ngrams(NEW.name));
END;

-- trigger customers_fts_upd
CREATE TRIGGER customers_fts_upd AFTER UPDATE OF name ON customers WHEN OLD.name IS NOT NEW.name BEGIN
  DELETE FROM customer_name_tri WHERE rowid = OLD.seq;
  DELETE FROM customer_name_gram WHERE rowid = OLD.seq;
  INSERT INTO customer_name_tri(rowid, name) VALUES (NEW.seq, NEW.name);
  INSERT INTO customer_name_gram(rowid, grams) VALUES (NEW.seq, bd_ngrams(NEW.name));
END;
