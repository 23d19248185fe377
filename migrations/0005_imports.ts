import type { Migration } from './types';

/**
 * Excel import and export (issue 5).
 *
 * Trading facts (daily assets, monthly commission and volume, holdings) are local tables:
 * each node imports them from the trading system's exports, they are never synced
 * (architecture.md "Data model rules"). They are keyed by capital account and date, carry the
 * customer and branch they were resolved to at import time (for scope and the customer page),
 * and the import that last wrote them (for undo).
 *
 * `import_runs` is the import history: one row per file previewed/applied. `import_changes`
 * records what an applied import did, row by row, so that a whole import can be undone while
 * nothing newer has touched those rows. `import_templates` are the saved column mappings,
 * found again by the header's signature.
 */
export const m0005: Migration = {
  version: 5,
  name: 'imports',
  up(db) {
    db.exec(`
CREATE TABLE daily_assets (
  account_no TEXT NOT NULL,
  as_of TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  branch_id TEXT NOT NULL,
  total_fen INTEGER NOT NULL,
  market_value_fen INTEGER,
  cash_fen INTEGER,
  import_id TEXT NOT NULL,
  PRIMARY KEY (account_no, as_of)
) WITHOUT ROWID;
CREATE INDEX daily_assets_customer ON daily_assets(customer_id, as_of);

CREATE TABLE monthly_trading (
  account_no TEXT NOT NULL,
  month TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  branch_id TEXT NOT NULL,
  commission_fen INTEGER NOT NULL,
  volume_fen INTEGER NOT NULL,
  import_id TEXT NOT NULL,
  PRIMARY KEY (account_no, month)
) WITHOUT ROWID;
CREATE INDEX monthly_trading_customer ON monthly_trading(customer_id, month);

CREATE TABLE holdings (
  account_no TEXT NOT NULL,
  as_of TEXT NOT NULL,
  product_code TEXT NOT NULL,
  product_name TEXT,
  customer_id TEXT NOT NULL,
  branch_id TEXT NOT NULL,
  quantity REAL NOT NULL,
  market_value_fen INTEGER,
  import_id TEXT NOT NULL,
  PRIMARY KEY (account_no, as_of, product_code)
) WITHOUT ROWID;
CREATE INDEX holdings_customer ON holdings(customer_id, as_of);

CREATE TABLE import_templates (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  header_sig TEXT NOT NULL,
  mapping TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (kind, name)
);
CREATE INDEX import_templates_sig ON import_templates(kind, header_sig);

CREATE TABLE import_runs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('previewing','previewed','applying','applied','cancelled','failed','undoing','undone')),
  user_id TEXT NOT NULL REFERENCES users(id),
  branch_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  format TEXT NOT NULL,
  sheet TEXT,
  encoding TEXT,
  header_row INTEGER NOT NULL,
  mapping TEXT NOT NULL,
  template_id TEXT,
  mode TEXT CHECK (mode IN ('all','validOnly')),
  counts TEXT,
  first_errors TEXT,
  warnings TEXT,
  report_path TEXT,
  job_id TEXT,
  created_at TEXT NOT NULL,
  applied_at TEXT,
  undone_at TEXT,
  undone_by TEXT
);
CREATE INDEX import_runs_created ON import_runs(created_at);

CREATE TABLE import_changes (
  import_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  row_key TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('insert','update')),
  before TEXT,
  version_after INTEGER,
  PRIMARY KEY (import_id, n)
) WITHOUT ROWID;
`);
    const grant = db.prepare('INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)');
    for (const r of ['operator', 'branch_manager', 'hq_analyst']) grant.run(r, 'imports.run');
    for (const r of ['operator', 'branch_manager', 'hq_analyst', 'compliance']) grant.run(r, 'exports.run');
    for (const r of ['branch_manager', 'compliance']) grant.run(r, 'exports.unmasked');
  },
};
