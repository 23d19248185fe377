import type { Migration } from './types';

/**
 * Customer 360 (issue 4): the rest of the customer record, its child tables (contacts,
 * accounts, feedback, tags, ownership history, merges), and local tables for saved views,
 * duplicate candidates and jobs.
 *
 * Child tables are synced: text ids, soft deletes, the owning branch, no UNIQUE on business
 * keys (architecture.md). Their foreign keys are DEFERRABLE so a bundle can carry a child
 * before its parent inside one transaction.
 */
export const m0003: Migration = {
  version: 3,
  name: 'customer360',
  up(db) {
    const addCustomerColumns = [
      `kind TEXT NOT NULL DEFAULT 'individual' CHECK (kind IN ('individual','institution'))`,
      `gender TEXT CHECK (gender IN ('M','F'))`,
      `birth_date TEXT`, // YYYY-MM-DD
      `id_expiry TEXT`, // YYYY-MM-DD; '9999-12-31' for a long-term (长期) document
      `nationality TEXT`,
      `occupation TEXT`,
      `education TEXT`,
      `income_band TEXT`,
      `address TEXT`,
      `phone2 TEXT`,
      `email TEXT`,
      `wechat TEXT`,
      `open_date TEXT`, // YYYY-MM-DD
      `source_channel TEXT`,
      `investor_category TEXT NOT NULL DEFAULT 'ordinary' CHECK (investor_category IN ('ordinary','professional'))`,
      `risk_level TEXT CHECK (risk_level IN ('C1','C2','C3','C4','C5'))`,
      `risk_lowest INTEGER NOT NULL DEFAULT 0`,
      `risk_assessed_at TEXT`,
      `risk_expires_at TEXT`, // YYYY-MM-DD
      `invest_experience TEXT CHECK (invest_experience IN ('none','lt1y','1to3y','3to5y','gt5y'))`,
      `invest_horizon TEXT CHECK (invest_horizon IN ('short','medium','long'))`,
      `preferred_varieties TEXT`, // JSON array of variety codes
      `notes TEXT`,
      `last_contact_at TEXT`, // local, derived from service records
      `merged_into TEXT`, // a merged-away customer points at its survivor
      `updated_by TEXT`, // local: who saved the current version (for "changed by X at T")
    ];
    for (const c of addCustomerColumns) db.exec(`ALTER TABLE customers ADD COLUMN ${c}`);

    db.exec(`
-- List shapes (src-main/customers/list-shapes.ts): the prefix the list seeks to (account
-- manager, branch, or none), then the sort key; the rowid (seq) closes every index, so each
-- is a keyset. 0001 made the assets sorts and, in customers_py / customers_no, the firm-wide
-- name and customer-number sorts; these are the other ten.
CREATE INDEX customers_manager_name ON customers(manager_id, name_py);
CREATE INDEX customers_branch_name ON customers(branch_id, name_py);
CREATE INDEX customers_manager_open ON customers(manager_id, open_date);
CREATE INDEX customers_branch_open ON customers(branch_id, open_date);
CREATE INDEX customers_open ON customers(open_date);
CREATE INDEX customers_manager_contact ON customers(manager_id, last_contact_at);
CREATE INDEX customers_branch_contact ON customers(branch_id, last_contact_at);
CREATE INDEX customers_contact ON customers(last_contact_at);
CREATE INDEX customers_manager_no ON customers(manager_id, customer_no);
CREATE INDEX customers_branch_no ON customers(branch_id, customer_no);
-- Counts (customers.count): the enumerated filters after the same prefixes, with deleted_at,
-- so a count of "dormant gold customers of this branch" reads only these index entries.
-- list-shapes.ts spells out every value of an unfiltered column ahead of a filtered one, so
-- the count is a multi-seek and never a skip-scan.
CREATE INDEX customers_manager_facets ON customers(manager_id, status, kind, level, risk_level, deleted_at);
CREATE INDEX customers_branch_facets ON customers(branch_id, status, kind, level, risk_level, deleted_at);
CREATE INDEX customers_facets ON customers(status, kind, level, risk_level, deleted_at);

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('contact','relative','emergency')),
  name TEXT NOT NULL,
  relation TEXT,
  position TEXT,
  phone TEXT,
  email TEXT,
  notes TEXT,
  is_primary INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX contacts_customer ON contacts(customer_id, created_at);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  account_no TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('normal','margin','options')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','frozen','closed')),
  opened_at TEXT,
  closed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX accounts_customer ON accounts(customer_id);
CREATE INDEX accounts_no ON accounts(account_no);

CREATE TABLE customer_feedback (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('praise','suggestion','complaint','inquiry','other')),
  channel TEXT NOT NULL CHECK (channel IN ('phone','visit','wechat','email','app','other')),
  content TEXT NOT NULL,
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX feedback_customer ON customer_feedback(customer_id, created_at);

CREATE TABLE customer_tags (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX tags_customer ON customer_tags(customer_id);
CREATE INDEX tags_tag ON customer_tags(tag, customer_id);
-- Tags in use per branch (the tag pickers), answered from the index alone.
CREATE INDEX tags_branch ON customer_tags(branch_id, deleted_at, tag);

-- 客户归属: who served the customer from when to when; every reassignment writes a row.
CREATE TABLE customer_ownership (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  manager_id TEXT,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  reason TEXT NOT NULL CHECK (reason IN ('open','assign','bulk_assign','merge','import')),
  assigned_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX ownership_customer ON customer_ownership(customer_id, valid_from);
-- No index by manager: every read is one customer's history (a manager's customers are found
-- through customers.manager_id), and on the 1M demo it cost ~80 MiB and a second of build.

-- A merge keeps what it needs to be undone until it has travelled in a bundle.
CREATE TABLE customer_merges (
  id TEXT PRIMARY KEY,
  survivor_id TEXT NOT NULL,
  loser_id TEXT NOT NULL,
  branch_id TEXT NOT NULL,
  picks TEXT NOT NULL,          -- JSON: field -> 'survivor' | 'loser'
  survivor_before TEXT NOT NULL, -- JSON of the survivor's picked fields before the merge
  moved TEXT NOT NULL,          -- JSON: table -> ids of child rows moved to the survivor
  merged_by TEXT NOT NULL,
  approved_by TEXT,
  created_at TEXT NOT NULL,
  undone_at TEXT,
  deleted_at TEXT
) STRICT;
CREATE INDEX merges_survivor ON customer_merges(survivor_id);
CREATE INDEX merges_loser ON customer_merges(loser_id);

-- Local: candidate duplicate pairs found by the duplicate finder job (a_id < b_id).
CREATE TABLE duplicate_pairs (
  a_id TEXT NOT NULL,
  b_id TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('id_no','name_birth','phone')),
  branch_id TEXT NOT NULL,
  found_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','dismissed','merged')),
  PRIMARY KEY (a_id, b_id, reason)
) STRICT, WITHOUT ROWID;
CREATE INDEX duplicate_pairs_branch ON duplicate_pairs(branch_id, status, reason);

-- Local: named list views per user (filters, sort, columns).
CREATE TABLE saved_views (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  page TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,          -- JSON
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX saved_views_user ON saved_views(user_id, page, name);

-- Local: long work run off the main thread, with progress and cancellation.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER,
  result TEXT,
  error_code TEXT
) STRICT;
CREATE INDEX jobs_user ON jobs(created_by, created_at);
`);
    db.prepare('INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)').run('compliance', 'customers.merge');
    db.prepare('INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)').run('branch_manager', 'customers.merge');
  },
};
