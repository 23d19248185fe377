import type { Migration } from './types';

/**
 * Products, risk questionnaires and investor suitability (issue 7).
 *
 * Synced tables (text UUIDv7 ids, soft deletes, the owning branch, no UNIQUE on business keys,
 * DEFERRABLE foreign keys so a bundle may carry a child before its parent):
 * * `products`, `product_risk_changes`, `questionnaires`: HQ-owned master data (branch_id = the
 *   HQ org unit). A product's risk history is insert-only. Only one questionnaire is active at a
 *   time and an active one never changes; both are enforced by the handlers, not by a UNIQUE
 *   index, which could refuse a bundle that retires the old one after activating the new one.
 * * `risk_assessments`: insert-only, written where the assessment was taken. The customer's
 *   risk_level / risk_lowest / risk_assessed_at / risk_expires_at (0003) are a cache derived
 *   from the latest assessment (src-main/suitability/derive.ts).
 * * `investor_category_changes`, `recommendations`, `compliance_reviews`, `tasks`: owned by the
 *   customer's branch.
 *
 * Every list the handlers serve has its keyset index here; tests/suitability/plans.test.ts
 * checks the plans.
 */
export const m0006: Migration = {
  version: 6,
  name: 'suitability',
  up(db) {
    db.exec(`
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('fund','wealth','bond','income_cert','other')),
  issuer TEXT,
  risk_level TEXT NOT NULL CHECK (risk_level IN ('R1','R2','R3','R4','R5')),
  variety TEXT,
  horizon TEXT CHECK (horizon IN ('short','medium','long')),
  term_days INTEGER,
  min_amount_fen INTEGER,
  sale_start TEXT,
  sale_end TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','on_sale','suspended','closed')),
  documents TEXT NOT NULL DEFAULT '[]', -- JSON array of document names
  branch_id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,  -- local: optimistic concurrency
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT,
  deleted_at TEXT
) STRICT;
-- products.list: keyset on (code, id), optionally after one filter; lookups by code (holdings).
CREATE INDEX products_code ON products(code, id);
CREATE INDEX products_status_code ON products(status, code, id);
CREATE INDEX products_type_code ON products(type, code, id);
CREATE INDEX products_risk_code ON products(risk_level, code, id);

CREATE TABLE product_risk_changes (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  from_level TEXT CHECK (from_level IN ('R1','R2','R3','R4','R5')),
  to_level TEXT NOT NULL CHECK (to_level IN ('R1','R2','R3','R4','R5')),
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  reason TEXT,
  deleted_at TEXT
) STRICT;
CREATE INDEX product_risk_changes_product ON product_risk_changes(product_id, changed_at);

CREATE TABLE questionnaires (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','active','retired')),
  definition TEXT NOT NULL, -- JSON: questions, options and scores, bands, lowest rule
  branch_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  activated_at TEXT,
  retired_at TEXT,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX questionnaires_status ON questionnaires(status, version);
CREATE INDEX questionnaires_version ON questionnaires(version);

CREATE TABLE risk_assessments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  questionnaire_id TEXT NOT NULL,
  questionnaire_version INTEGER NOT NULL,
  answers TEXT NOT NULL, -- JSON [{question, options}]
  score INTEGER NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('C1','C2','C3','C4','C5')),
  lowest INTEGER NOT NULL DEFAULT 0,
  assessed_at TEXT NOT NULL,
  expires_at TEXT NOT NULL, -- YYYY-MM-DD, the last valid day
  assessed_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
-- A customer's history, newest first, and the latest one (the derived level).
CREATE INDEX risk_assessments_customer ON risk_assessments(customer_id, assessed_at, id);

CREATE TABLE investor_category_changes (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  from_category TEXT NOT NULL CHECK (from_category IN ('ordinary','professional')),
  to_category TEXT NOT NULL CHECK (to_category IN ('ordinary','professional')),
  evidence TEXT,
  effective_date TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  approved_by TEXT,
  created_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX investor_category_changes_customer ON investor_category_changes(customer_id, created_at);

CREATE TABLE recommendations (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  product_id TEXT NOT NULL REFERENCES products(id) DEFERRABLE INITIALLY DEFERRED,
  kind TEXT NOT NULL CHECK (kind IN ('recommend','customer_initiated')),
  amount_fen INTEGER,
  note TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('allowed','warn','needs_approval')),
  reasons TEXT NOT NULL DEFAULT '[]', -- JSON array of rule codes
  assessment_id TEXT,                 -- pinned: the assessment it was checked against
  customer_level TEXT CHECK (customer_level IN ('C1','C2','C3','C4','C5')),
  customer_lowest INTEGER NOT NULL DEFAULT 0,
  category TEXT NOT NULL CHECK (category IN ('ordinary','professional')),
  product_level TEXT NOT NULL CHECK (product_level IN ('R1','R2','R3','R4','R5')),
  warning_version TEXT,
  ack_by TEXT,
  ack_at TEXT,
  approved_by TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
-- One customer's recommendations, newest first; all in a branch (compliance); all firm-wide;
-- the active ones of a product (the risk-rise cascade).
CREATE INDEX recommendations_customer ON recommendations(customer_id, created_at, id);
CREATE INDEX recommendations_branch ON recommendations(branch_id, created_at, id);
CREATE INDEX recommendations_created ON recommendations(created_at, id);
CREATE INDEX recommendations_product ON recommendations(product_id, status);
-- The per-branch report counts recommendations by outcome from the index alone.
CREATE INDEX recommendations_branch_outcome ON recommendations(branch_id, outcome, deleted_at);

CREATE TABLE compliance_reviews (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('recommendation','product_risk_rise')),
  source_id TEXT NOT NULL,   -- the recommendation, or the product_risk_changes row
  recommendation_id TEXT,
  product_id TEXT,
  reason TEXT NOT NULL CHECK (reason IN ('customer_initiated_mismatch','risk_rise_holding','risk_rise_recommendation')),
  customer_level TEXT,
  product_level TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','reviewed')),
  reviewer_id TEXT,
  reviewed_at TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
-- The queue by branch or firm-wide, oldest first; idempotency of the cascade (source, customer).
CREATE INDEX compliance_reviews_branch ON compliance_reviews(branch_id, status, created_at, id);
CREATE INDEX compliance_reviews_status ON compliance_reviews(status, created_at, id);
CREATE INDEX compliance_reviews_source ON compliance_reviews(source_id, customer_id);
CREATE INDEX compliance_reviews_recommendation ON compliance_reviews(recommendation_id, created_at) WHERE recommendation_id IS NOT NULL;

-- Minimal tasks; the service module extends this table.
CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  owner_id TEXT,
  branch_id TEXT NOT NULL,
  customer_id TEXT,
  kind TEXT NOT NULL,
  due_date TEXT NOT NULL,  -- YYYY-MM-DD
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','cancelled')),
  source TEXT NOT NULL,
  source_id TEXT,
  title_key TEXT NOT NULL,
  title_params TEXT NOT NULL DEFAULT '{}',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
-- My tasks / the branch's tasks by status, due soonest first; idempotency by source.
CREATE INDEX tasks_owner ON tasks(owner_id, status, due_date, id);
CREATE INDEX tasks_branch ON tasks(branch_id, status, due_date, id);
CREATE INDEX tasks_source ON tasks(source_id, customer_id, kind);
CREATE INDEX tasks_customer ON tasks(customer_id, status);
CREATE INDEX tasks_status ON tasks(status, due_date, id);

-- The per-branch suitability report: lowest-category and professional customers are a few per
-- cent of a branch; small partial indexes count them without reading the branch's rows.
CREATE INDEX customers_branch_lowest ON customers(branch_id) WHERE deleted_at IS NULL AND risk_lowest = 1;
CREATE INDEX customers_branch_professional ON customers(branch_id) WHERE deleted_at IS NULL AND investor_category = 'professional';

-- The risk-rise cascade finds the holders of a product by its code.
CREATE INDEX holdings_product ON holdings(product_code, account_no, as_of);
`);
    const grant = db.prepare('INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)');
    for (const r of ['admin', 'hq_analyst', 'branch_manager', 'account_manager', 'customer_service', 'compliance', 'operator']) grant.run(r, 'products.read');
    for (const r of ['admin', 'hq_analyst']) grant.run(r, 'products.manage');
    // Compliance at HQ only: the handlers require the 'all' scope for questionnaire changes.
    for (const r of ['admin', 'compliance']) grant.run(r, 'questionnaires.manage');
    for (const r of ['account_manager', 'branch_manager', 'customer_service']) grant.run(r, 'suitability.assess');
    for (const r of ['account_manager', 'branch_manager']) grant.run(r, 'recommendations.write');
    grant.run('compliance', 'compliance.review');
    const now = new Date(0).toISOString();
    const setting = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
    setting.run('suitability.validityYears', '2', now);
    setting.run('suitability.reassessLeadDays', '30', now);
  },
};
