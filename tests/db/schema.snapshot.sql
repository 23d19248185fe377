-- index accounts_customer
CREATE INDEX accounts_customer ON accounts(customer_id);

-- index accounts_no
CREATE INDEX accounts_no ON accounts(account_no);

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

-- index compliance_reviews_branch
CREATE INDEX compliance_reviews_branch ON compliance_reviews(branch_id, status, created_at, id);

-- index compliance_reviews_customer
CREATE INDEX compliance_reviews_customer ON compliance_reviews(customer_id);

-- index compliance_reviews_recommendation
CREATE INDEX compliance_reviews_recommendation ON compliance_reviews(recommendation_id, created_at) WHERE recommendation_id IS NOT NULL;

-- index compliance_reviews_source
CREATE INDEX compliance_reviews_source ON compliance_reviews(source_id, customer_id);

-- index compliance_reviews_status
CREATE INDEX compliance_reviews_status ON compliance_reviews(status, created_at, id);

-- index conflict_resolutions_cell
CREATE INDEX conflict_resolutions_cell ON conflict_resolutions(tbl, row_id, col);

-- index contacts_customer
CREATE INDEX contacts_customer ON contacts(customer_id, created_at);

-- index customers_assets
CREATE INDEX customers_assets ON customers(assets_fen, seq);

-- index customers_branch_assets
CREATE INDEX customers_branch_assets ON customers(branch_id, assets_fen, seq);

-- index customers_branch_birth
CREATE INDEX customers_branch_birth ON customers(branch_id, kind, birth_date) WHERE deleted_at IS NULL;

-- index customers_branch_contact
CREATE INDEX customers_branch_contact ON customers(branch_id, last_contact_at);

-- index customers_branch_facets
CREATE INDEX customers_branch_facets ON customers(branch_id, status, kind, level, risk_level, deleted_at);

-- index customers_branch_id_exp
CREATE INDEX customers_branch_id_exp ON customers(branch_id, id_expiry) WHERE deleted_at IS NULL;

-- index customers_branch_initials
CREATE INDEX customers_branch_initials ON customers(branch_id, name_initials);

-- index customers_branch_lowest
CREATE INDEX customers_branch_lowest ON customers(branch_id) WHERE deleted_at IS NULL AND risk_lowest = 1;

-- index customers_branch_name
CREATE INDEX customers_branch_name ON customers(branch_id, name_py);

-- index customers_branch_no
CREATE INDEX customers_branch_no ON customers(branch_id, customer_no);

-- index customers_branch_open
CREATE INDEX customers_branch_open ON customers(branch_id, open_date);

-- index customers_branch_professional
CREATE INDEX customers_branch_professional ON customers(branch_id) WHERE deleted_at IS NULL AND investor_category = 'professional';

-- index customers_branch_risk_exp
CREATE INDEX customers_branch_risk_exp ON customers(branch_id, risk_expires_at) WHERE deleted_at IS NULL;

-- index customers_contact
CREATE INDEX customers_contact ON customers(last_contact_at);

-- index customers_facets
CREATE INDEX customers_facets ON customers(status, kind, level, risk_level, deleted_at);

-- index customers_id
CREATE UNIQUE INDEX customers_id ON customers(id);

-- index customers_id_no_rev
CREATE INDEX customers_id_no_rev ON customers(id_no_rev);

-- index customers_initials
CREATE INDEX customers_initials ON customers(name_initials);

-- index customers_manager_assets
CREATE INDEX customers_manager_assets ON customers(manager_id, assets_fen, seq);

-- index customers_manager_contact
CREATE INDEX customers_manager_contact ON customers(manager_id, last_contact_at);

-- index customers_manager_facets
CREATE INDEX customers_manager_facets ON customers(manager_id, status, kind, level, risk_level, deleted_at);

-- index customers_manager_initials
CREATE INDEX customers_manager_initials ON customers(manager_id, name_initials);

-- index customers_manager_name
CREATE INDEX customers_manager_name ON customers(manager_id, name_py);

-- index customers_manager_no
CREATE INDEX customers_manager_no ON customers(manager_id, customer_no);

-- index customers_manager_open
CREATE INDEX customers_manager_open ON customers(manager_id, open_date);

-- index customers_no
CREATE INDEX customers_no ON customers(customer_no);

-- index customers_open
CREATE INDEX customers_open ON customers(open_date);

-- index customers_phone_rev
CREATE INDEX customers_phone_rev ON customers(phone_rev);

-- index customers_py
CREATE INDEX customers_py ON customers(name_py);

-- index daily_assets_customer
CREATE INDEX daily_assets_customer ON daily_assets(customer_id, as_of);

-- index duplicate_pairs_branch
CREATE INDEX duplicate_pairs_branch ON duplicate_pairs(branch_id, status, reason);

-- index feedback_customer
CREATE INDEX feedback_customer ON customer_feedback(customer_id, created_at);

-- index history_row
CREATE INDEX history_row ON history(tbl, row_id, id);

-- index holdings_customer
CREATE INDEX holdings_customer ON holdings(customer_id, as_of);

-- index holdings_product
CREATE INDEX holdings_product ON holdings(product_code, account_no, as_of);

-- index import_changes_customer
CREATE INDEX import_changes_customer ON import_changes(import_id, row_key) WHERE table_name = 'customers';

-- index import_changes_product
CREATE INDEX import_changes_product ON import_changes(import_id, row_key) WHERE table_name = 'products';

-- index import_runs_created
CREATE INDEX import_runs_created ON import_runs(created_at);

-- index import_templates_sig
CREATE INDEX import_templates_sig ON import_templates(kind, header_sig);

-- index investor_category_changes_customer
CREATE INDEX investor_category_changes_customer ON investor_category_changes(customer_id, created_at);

-- index jobs_user
CREATE INDEX jobs_user ON jobs(created_by, created_at);

-- index merges_loser
CREATE INDEX merges_loser ON customer_merges(loser_id);

-- index merges_survivor
CREATE INDEX merges_survivor ON customer_merges(survivor_id);

-- index monthly_trading_customer
CREATE INDEX monthly_trading_customer ON monthly_trading(customer_id, month);

-- index org_units_parent
CREATE INDEX org_units_parent ON org_units(parent_id);

-- index ownership_customer
CREATE INDEX ownership_customer ON customer_ownership(customer_id, valid_from);

-- index product_risk_changes_product
CREATE INDEX product_risk_changes_product ON product_risk_changes(product_id, changed_at);

-- index products_code
CREATE INDEX products_code ON products(code, id);

-- index products_risk_code
CREATE INDEX products_risk_code ON products(risk_level, code, id);

-- index products_status_code
CREATE INDEX products_status_code ON products(status, code, id);

-- index products_type_code
CREATE INDEX products_type_code ON products(type, code, id);

-- index questionnaires_status
CREATE INDEX questionnaires_status ON questionnaires(status, version);

-- index questionnaires_version
CREATE INDEX questionnaires_version ON questionnaires(version);

-- index recommendations_branch
CREATE INDEX recommendations_branch ON recommendations(branch_id, created_at, id);

-- index recommendations_branch_outcome
CREATE INDEX recommendations_branch_outcome ON recommendations(branch_id, outcome, deleted_at);

-- index recommendations_created
CREATE INDEX recommendations_created ON recommendations(created_at, id);

-- index recommendations_customer
CREATE INDEX recommendations_customer ON recommendations(customer_id, created_at, id);

-- index recommendations_product
CREATE INDEX recommendations_product ON recommendations(product_id, status);

-- index risk_assessments_customer
CREATE INDEX risk_assessments_customer ON risk_assessments(customer_id, assessed_at, id);

-- index saved_views_user
CREATE UNIQUE INDEX saved_views_user ON saved_views(user_id, page, name);

-- index sessions_user
CREATE INDEX sessions_user ON sessions(user_id, created_at);

-- index staged_exports_maker
CREATE INDEX staged_exports_maker ON staged_exports(maker_id, created_at);

-- index sync_conflicts_open
CREATE INDEX sync_conflicts_open ON sync_conflicts(status, branch_id, detected_at);

-- index sync_conflicts_row
CREATE INDEX sync_conflicts_row ON sync_conflicts(tbl, row_id, col);

-- index sync_ops_row
CREATE INDEX sync_ops_row ON sync_ops(substr(row_id, -6));

-- index sync_peer_keys_node
CREATE INDEX sync_peer_keys_node ON sync_peer_keys(node_id, created_at);

-- index sync_peers_org
CREATE INDEX sync_peers_org ON sync_peers(org_id);

-- index tags_branch
CREATE INDEX tags_branch ON customer_tags(branch_id, deleted_at, tag);

-- index tags_customer
CREATE INDEX tags_customer ON customer_tags(customer_id);

-- index tags_tag
CREATE INDEX tags_tag ON customer_tags(tag, customer_id);

-- index tasks_branch
CREATE INDEX tasks_branch ON tasks(branch_id, status, due_date, id);

-- index tasks_customer
CREATE INDEX tasks_customer ON tasks(customer_id, status);

-- index tasks_owner
CREATE INDEX tasks_owner ON tasks(owner_id, status, due_date, id);

-- index tasks_source
CREATE INDEX tasks_source ON tasks(source_id, customer_id, kind);

-- index tasks_status
CREATE INDEX tasks_status ON tasks(status, due_date, id);

-- index users_branch
CREATE INDEX users_branch ON users(branch_id, role);

-- index users_login
CREATE INDEX users_login ON users(login);

-- table accounts
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

-- table compliance_reviews
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

-- table conflict_resolutions
CREATE TABLE conflict_resolutions (
  id TEXT PRIMARY KEY,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  col TEXT NOT NULL,
  winner_hlc TEXT NOT NULL,          -- the pair of clocks the conflict names
  loser_hlc TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('kept','replaced')),
  resolved_by TEXT NOT NULL,
  branch_id TEXT NOT NULL,           -- the conflict's branch, for routing
  created_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;

-- table contacts
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

-- table customer_feedback
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

-- table customer_merges
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

-- table customer_ownership
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

-- table customer_tags
CREATE TABLE customer_tags (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
  branch_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;

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
, kind TEXT NOT NULL DEFAULT 'individual' CHECK (kind IN ('individual','institution')), gender TEXT CHECK (gender IN ('M','F')), birth_date TEXT, id_expiry TEXT, nationality TEXT, occupation TEXT, education TEXT, income_band TEXT, address TEXT, phone2 TEXT, email TEXT, wechat TEXT, open_date TEXT, source_channel TEXT, investor_category TEXT NOT NULL DEFAULT 'ordinary' CHECK (investor_category IN ('ordinary','professional')), risk_level TEXT CHECK (risk_level IN ('C1','C2','C3','C4','C5')), risk_lowest INTEGER NOT NULL DEFAULT 0, risk_assessed_at TEXT, risk_expires_at TEXT, invest_experience TEXT CHECK (invest_experience IN ('none','lt1y','1to3y','3to5y','gt5y')), invest_horizon TEXT CHECK (invest_horizon IN ('short','medium','long')), preferred_varieties TEXT, notes TEXT, last_contact_at TEXT, merged_into TEXT, updated_by TEXT) STRICT;

-- table customers_moved_away
CREATE TABLE customers_moved_away (customer_id TEXT PRIMARY KEY, moved_at TEXT NOT NULL) STRICT, WITHOUT ROWID;

-- table daily_assets
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

-- table duplicate_pairs
CREATE TABLE duplicate_pairs (
  a_id TEXT NOT NULL,
  b_id TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('id_no','name_birth','phone')),
  branch_id TEXT NOT NULL,
  found_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','dismissed','merged')),
  PRIMARY KEY (a_id, b_id, reason)
) STRICT, WITHOUT ROWID;

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

-- table holdings
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

-- table import_changes
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

-- table import_runs
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
, undo_below INTEGER, undo_done INTEGER NOT NULL DEFAULT 0, undo_kept INTEGER NOT NULL DEFAULT 0, assets_stale INTEGER NOT NULL DEFAULT 0);

-- table import_templates
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

-- table investor_category_changes
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

-- table jobs
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

-- table login_throttle
CREATE TABLE login_throttle (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_failure_at TEXT,
  last_login_at TEXT
) STRICT;

-- table monthly_trading
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

-- table part_files
CREATE TABLE part_files (
  path TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- table product_risk_changes
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

-- table products
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

-- table questionnaires
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

-- table recommendations
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

-- table risk_assessments
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

-- table saved_views
CREATE TABLE saved_views (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  page TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,          -- JSON
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
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

-- table staged_exports
CREATE TABLE staged_exports (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  maker_id TEXT NOT NULL REFERENCES users(id),
  approver_id TEXT NOT NULL REFERENCES users(id),
  format TEXT NOT NULL CHECK (format IN ('xlsx', 'csv')),
  path TEXT NOT NULL,
  created_at TEXT NOT NULL,
  saved_at TEXT
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

-- table sync_conflicts
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

-- table sync_escrow
CREATE TABLE sync_escrow (
  node_id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  sealed_key TEXT NOT NULL,          -- JSON envelope (X25519 + AES-256-GCM)
  created_at TEXT NOT NULL
) STRICT;

-- table sync_keys
CREATE TABLE sync_keys (
  key_id TEXT PRIMARY KEY,
  sign_public TEXT NOT NULL,         -- base64 DER (spki)
  sign_private TEXT NOT NULL,        -- base64 DER (pkcs8); the database is encrypted at rest
  box_public TEXT NOT NULL,
  box_private TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT
, endorsed_by TEXT, endorsement TEXT) STRICT;

-- table sync_link_cursor
CREATE TABLE sync_link_cursor (
  peer_id TEXT NOT NULL,
  origin TEXT NOT NULL,
  upto INTEGER NOT NULL,
  PRIMARY KEY (peer_id, origin)
) STRICT, WITHOUT ROWID;

-- table sync_link_ops
CREATE TABLE sync_link_ops (
  peer_id TEXT NOT NULL,
  link_seq INTEGER NOT NULL,
  origin TEXT,
  origin_seq INTEGER,
  snap_tbl TEXT,
  snap_row TEXT, n INTEGER NOT NULL DEFAULT 1 CHECK (n >= 1),
  PRIMARY KEY (peer_id, link_seq),
  CHECK ((origin IS NOT NULL AND origin_seq IS NOT NULL) OR (snap_tbl IS NOT NULL AND snap_row IS NOT NULL))
) STRICT, WITHOUT ROWID;

-- table sync_links
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

-- table sync_ops
CREATE TABLE "sync_ops" (
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
  prev_branch_id TEXT,               -- the owning branch before a move (0007)
  PRIMARY KEY (origin, origin_seq)
) STRICT;

-- table sync_parked
CREATE TABLE sync_parked (
  origin TEXT NOT NULL,
  origin_seq INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('drift','table','column')),
  detail TEXT,
  op TEXT NOT NULL,                  -- the op as it arrived (JSON)
  parked_at TEXT NOT NULL,
  PRIMARY KEY (origin, origin_seq)
) STRICT, WITHOUT ROWID;

-- table sync_peer_keys
CREATE TABLE sync_peer_keys (
  key_id TEXT PRIMARY KEY,
  node_id TEXT NOT NULL REFERENCES sync_peers(node_id),
  sign_public TEXT NOT NULL,
  box_public TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT
, revoked INTEGER NOT NULL DEFAULT 0) STRICT;

-- table sync_peers
CREATE TABLE sync_peers (
  node_id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,              -- the org unit the node serves (a branch, or HQ)
  role TEXT NOT NULL CHECK (role IN ('hq','branch')),
  status TEXT NOT NULL CHECK (status IN ('active','retired')),
  created_at TEXT NOT NULL,
  retired_at TEXT
) STRICT;

-- table sync_state
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- table tasks
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

-- trigger bd_cap_accounts_conflicts
CREATE TRIGGER bd_cap_accounts_conflicts AFTER UPDATE OF branch_id ON accounts WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'accounts' AND row_id = NEW.id;
END;

-- trigger bd_cap_accounts_del
CREATE TRIGGER bd_cap_accounts_del BEFORE DELETE ON accounts WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_accounts_ins
CREATE TRIGGER bd_cap_accounts_ins AFTER INSERT ON accounts WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'account_no', NEW.account_no, 'type', NEW.type, 'status', NEW.status, 'opened_at', NEW.opened_at, 'closed_at', NEW.closed_at, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_accounts_upd_account_no
CREATE TRIGGER bd_cap_accounts_upd_account_no AFTER UPDATE OF account_no ON accounts WHEN bd_capturing() AND OLD.account_no IS NOT NEW.account_no BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'update', 'account_no', json_quote(NEW.account_no), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'account_no'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'account_no', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, 'update', 'account_no', json_quote(OLD.account_no), json_quote(NEW.account_no), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_accounts_upd_branch_id
CREATE TRIGGER bd_cap_accounts_upd_branch_id AFTER UPDATE OF branch_id ON accounts WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_accounts_upd_closed_at
CREATE TRIGGER bd_cap_accounts_upd_closed_at AFTER UPDATE OF closed_at ON accounts WHEN bd_capturing() AND OLD.closed_at IS NOT NEW.closed_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'update', 'closed_at', json_quote(NEW.closed_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'closed_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'closed_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, 'update', 'closed_at', json_quote(OLD.closed_at), json_quote(NEW.closed_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_accounts_upd_created_at
CREATE TRIGGER bd_cap_accounts_upd_created_at AFTER UPDATE OF created_at ON accounts WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_accounts_upd_customer_id
CREATE TRIGGER bd_cap_accounts_upd_customer_id AFTER UPDATE OF customer_id ON accounts WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_accounts_upd_deleted_at
CREATE TRIGGER bd_cap_accounts_upd_deleted_at AFTER UPDATE OF deleted_at ON accounts WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_accounts_upd_opened_at
CREATE TRIGGER bd_cap_accounts_upd_opened_at AFTER UPDATE OF opened_at ON accounts WHEN bd_capturing() AND OLD.opened_at IS NOT NEW.opened_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'update', 'opened_at', json_quote(NEW.opened_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'opened_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'opened_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, 'update', 'opened_at', json_quote(OLD.opened_at), json_quote(NEW.opened_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_accounts_upd_status
CREATE TRIGGER bd_cap_accounts_upd_status AFTER UPDATE OF status ON accounts WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_accounts_upd_type
CREATE TRIGGER bd_cap_accounts_upd_type AFTER UPDATE OF type ON accounts WHEN bd_capturing() AND OLD.type IS NOT NEW.type BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'accounts', NEW.id, 'update', 'type', json_quote(NEW.type), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = 'type'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'accounts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('accounts', NEW.id, 'type', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('accounts', NEW.id, 'update', 'type', json_quote(OLD.type), json_quote(NEW.type), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_conflicts
CREATE TRIGGER bd_cap_compliance_reviews_conflicts AFTER UPDATE OF branch_id ON compliance_reviews WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'compliance_reviews' AND row_id = NEW.id;
END;

-- trigger bd_cap_compliance_reviews_del
CREATE TRIGGER bd_cap_compliance_reviews_del BEFORE DELETE ON compliance_reviews WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_compliance_reviews_ins
CREATE TRIGGER bd_cap_compliance_reviews_ins AFTER INSERT ON compliance_reviews WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'source', NEW.source, 'source_id', NEW.source_id, 'recommendation_id', NEW.recommendation_id, 'product_id', NEW.product_id, 'reason', NEW.reason, 'customer_level', NEW.customer_level, 'product_level', NEW.product_level, 'status', NEW.status, 'reviewer_id', NEW.reviewer_id, 'reviewed_at', NEW.reviewed_at, 'note', NEW.note, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_compliance_reviews_upd_branch_id
CREATE TRIGGER bd_cap_compliance_reviews_upd_branch_id AFTER UPDATE OF branch_id ON compliance_reviews WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_created_at
CREATE TRIGGER bd_cap_compliance_reviews_upd_created_at AFTER UPDATE OF created_at ON compliance_reviews WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_customer_id
CREATE TRIGGER bd_cap_compliance_reviews_upd_customer_id AFTER UPDATE OF customer_id ON compliance_reviews WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_customer_level
CREATE TRIGGER bd_cap_compliance_reviews_upd_customer_level AFTER UPDATE OF customer_level ON compliance_reviews WHEN bd_capturing() AND OLD.customer_level IS NOT NEW.customer_level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'customer_level', json_quote(NEW.customer_level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'customer_level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'customer_level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'customer_level', json_quote(OLD.customer_level), json_quote(NEW.customer_level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_deleted_at
CREATE TRIGGER bd_cap_compliance_reviews_upd_deleted_at AFTER UPDATE OF deleted_at ON compliance_reviews WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_note
CREATE TRIGGER bd_cap_compliance_reviews_upd_note AFTER UPDATE OF note ON compliance_reviews WHEN bd_capturing() AND OLD.note IS NOT NEW.note BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'note', json_quote(NEW.note), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'note'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'note', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'note', json_quote(OLD.note), json_quote(NEW.note), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_product_id
CREATE TRIGGER bd_cap_compliance_reviews_upd_product_id AFTER UPDATE OF product_id ON compliance_reviews WHEN bd_capturing() AND OLD.product_id IS NOT NEW.product_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'product_id', json_quote(NEW.product_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'product_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'product_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'product_id', json_quote(OLD.product_id), json_quote(NEW.product_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_product_level
CREATE TRIGGER bd_cap_compliance_reviews_upd_product_level AFTER UPDATE OF product_level ON compliance_reviews WHEN bd_capturing() AND OLD.product_level IS NOT NEW.product_level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'product_level', json_quote(NEW.product_level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'product_level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'product_level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'product_level', json_quote(OLD.product_level), json_quote(NEW.product_level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_reason
CREATE TRIGGER bd_cap_compliance_reviews_upd_reason AFTER UPDATE OF reason ON compliance_reviews WHEN bd_capturing() AND OLD.reason IS NOT NEW.reason BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'reason', json_quote(NEW.reason), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'reason'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'reason', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'reason', json_quote(OLD.reason), json_quote(NEW.reason), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_recommendation_id
CREATE TRIGGER bd_cap_compliance_reviews_upd_recommendation_id AFTER UPDATE OF recommendation_id ON compliance_reviews WHEN bd_capturing() AND OLD.recommendation_id IS NOT NEW.recommendation_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'recommendation_id', json_quote(NEW.recommendation_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'recommendation_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'recommendation_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'recommendation_id', json_quote(OLD.recommendation_id), json_quote(NEW.recommendation_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_reviewed_at
CREATE TRIGGER bd_cap_compliance_reviews_upd_reviewed_at AFTER UPDATE OF reviewed_at ON compliance_reviews WHEN bd_capturing() AND OLD.reviewed_at IS NOT NEW.reviewed_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'reviewed_at', json_quote(NEW.reviewed_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'reviewed_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'reviewed_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'reviewed_at', json_quote(OLD.reviewed_at), json_quote(NEW.reviewed_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_reviewer_id
CREATE TRIGGER bd_cap_compliance_reviews_upd_reviewer_id AFTER UPDATE OF reviewer_id ON compliance_reviews WHEN bd_capturing() AND OLD.reviewer_id IS NOT NEW.reviewer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'reviewer_id', json_quote(NEW.reviewer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'reviewer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'reviewer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'reviewer_id', json_quote(OLD.reviewer_id), json_quote(NEW.reviewer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_source
CREATE TRIGGER bd_cap_compliance_reviews_upd_source AFTER UPDATE OF source ON compliance_reviews WHEN bd_capturing() AND OLD.source IS NOT NEW.source BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'source', json_quote(NEW.source), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'source'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'source', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'source', json_quote(OLD.source), json_quote(NEW.source), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_source_id
CREATE TRIGGER bd_cap_compliance_reviews_upd_source_id AFTER UPDATE OF source_id ON compliance_reviews WHEN bd_capturing() AND OLD.source_id IS NOT NEW.source_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'source_id', json_quote(NEW.source_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'source_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'source_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'source_id', json_quote(OLD.source_id), json_quote(NEW.source_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_compliance_reviews_upd_status
CREATE TRIGGER bd_cap_compliance_reviews_upd_status AFTER UPDATE OF status ON compliance_reviews WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'compliance_reviews', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'compliance_reviews' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('compliance_reviews', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('compliance_reviews', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_conflicts
CREATE TRIGGER bd_cap_conflict_resolutions_conflicts AFTER UPDATE OF branch_id ON conflict_resolutions WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id;
END;

-- trigger bd_cap_conflict_resolutions_del
CREATE TRIGGER bd_cap_conflict_resolutions_del BEFORE DELETE ON conflict_resolutions WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_conflict_resolutions_ins
CREATE TRIGGER bd_cap_conflict_resolutions_ins AFTER INSERT ON conflict_resolutions WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'tbl', NEW.tbl, 'row_id', NEW.row_id, 'col', NEW.col, 'winner_hlc', NEW.winner_hlc, 'loser_hlc', NEW.loser_hlc, 'status', NEW.status, 'resolved_by', NEW.resolved_by, 'branch_id', NEW.branch_id, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_conflict_resolutions_upd_branch_id
CREATE TRIGGER bd_cap_conflict_resolutions_upd_branch_id AFTER UPDATE OF branch_id ON conflict_resolutions WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_col
CREATE TRIGGER bd_cap_conflict_resolutions_upd_col AFTER UPDATE OF col ON conflict_resolutions WHEN bd_capturing() AND OLD.col IS NOT NEW.col BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'col', json_quote(NEW.col), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'col'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'col', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'col', json_quote(OLD.col), json_quote(NEW.col), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_created_at
CREATE TRIGGER bd_cap_conflict_resolutions_upd_created_at AFTER UPDATE OF created_at ON conflict_resolutions WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_deleted_at
CREATE TRIGGER bd_cap_conflict_resolutions_upd_deleted_at AFTER UPDATE OF deleted_at ON conflict_resolutions WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_loser_hlc
CREATE TRIGGER bd_cap_conflict_resolutions_upd_loser_hlc AFTER UPDATE OF loser_hlc ON conflict_resolutions WHEN bd_capturing() AND OLD.loser_hlc IS NOT NEW.loser_hlc BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'loser_hlc', json_quote(NEW.loser_hlc), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'loser_hlc'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'loser_hlc', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'loser_hlc', json_quote(OLD.loser_hlc), json_quote(NEW.loser_hlc), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_resolved_by
CREATE TRIGGER bd_cap_conflict_resolutions_upd_resolved_by AFTER UPDATE OF resolved_by ON conflict_resolutions WHEN bd_capturing() AND OLD.resolved_by IS NOT NEW.resolved_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'resolved_by', json_quote(NEW.resolved_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'resolved_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'resolved_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'resolved_by', json_quote(OLD.resolved_by), json_quote(NEW.resolved_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_row_id
CREATE TRIGGER bd_cap_conflict_resolutions_upd_row_id AFTER UPDATE OF row_id ON conflict_resolutions WHEN bd_capturing() AND OLD.row_id IS NOT NEW.row_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'row_id', json_quote(NEW.row_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'row_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'row_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'row_id', json_quote(OLD.row_id), json_quote(NEW.row_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_status
CREATE TRIGGER bd_cap_conflict_resolutions_upd_status AFTER UPDATE OF status ON conflict_resolutions WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_tbl
CREATE TRIGGER bd_cap_conflict_resolutions_upd_tbl AFTER UPDATE OF tbl ON conflict_resolutions WHEN bd_capturing() AND OLD.tbl IS NOT NEW.tbl BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'tbl', json_quote(NEW.tbl), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'tbl'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'tbl', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'tbl', json_quote(OLD.tbl), json_quote(NEW.tbl), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_conflict_resolutions_upd_winner_hlc
CREATE TRIGGER bd_cap_conflict_resolutions_upd_winner_hlc AFTER UPDATE OF winner_hlc ON conflict_resolutions WHEN bd_capturing() AND OLD.winner_hlc IS NOT NEW.winner_hlc BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'conflict_resolutions', NEW.id, 'update', 'winner_hlc', json_quote(NEW.winner_hlc), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = 'winner_hlc'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'conflict_resolutions' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('conflict_resolutions', NEW.id, 'winner_hlc', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('conflict_resolutions', NEW.id, 'update', 'winner_hlc', json_quote(OLD.winner_hlc), json_quote(NEW.winner_hlc), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_conflicts
CREATE TRIGGER bd_cap_contacts_conflicts AFTER UPDATE OF branch_id ON contacts WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'contacts' AND row_id = NEW.id;
END;

-- trigger bd_cap_contacts_del
CREATE TRIGGER bd_cap_contacts_del BEFORE DELETE ON contacts WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_contacts_ins
CREATE TRIGGER bd_cap_contacts_ins AFTER INSERT ON contacts WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'kind', NEW.kind, 'name', NEW.name, 'relation', NEW.relation, 'position', NEW.position, 'phone', NEW.phone, 'email', NEW.email, 'notes', NEW.notes, 'is_primary', NEW.is_primary, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_contacts_upd_branch_id
CREATE TRIGGER bd_cap_contacts_upd_branch_id AFTER UPDATE OF branch_id ON contacts WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_created_at
CREATE TRIGGER bd_cap_contacts_upd_created_at AFTER UPDATE OF created_at ON contacts WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_customer_id
CREATE TRIGGER bd_cap_contacts_upd_customer_id AFTER UPDATE OF customer_id ON contacts WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_deleted_at
CREATE TRIGGER bd_cap_contacts_upd_deleted_at AFTER UPDATE OF deleted_at ON contacts WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_email
CREATE TRIGGER bd_cap_contacts_upd_email AFTER UPDATE OF email ON contacts WHEN bd_capturing() AND OLD.email IS NOT NEW.email BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'email', json_quote(NEW.email), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'email'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'email', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'email', json_quote(OLD.email), json_quote(NEW.email), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_is_primary
CREATE TRIGGER bd_cap_contacts_upd_is_primary AFTER UPDATE OF is_primary ON contacts WHEN bd_capturing() AND OLD.is_primary IS NOT NEW.is_primary BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'is_primary', json_quote(NEW.is_primary), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'is_primary'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'is_primary', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'is_primary', json_quote(OLD.is_primary), json_quote(NEW.is_primary), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_kind
CREATE TRIGGER bd_cap_contacts_upd_kind AFTER UPDATE OF kind ON contacts WHEN bd_capturing() AND OLD.kind IS NOT NEW.kind BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'kind', json_quote(NEW.kind), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'kind'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'kind', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'kind', json_quote(OLD.kind), json_quote(NEW.kind), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_name
CREATE TRIGGER bd_cap_contacts_upd_name AFTER UPDATE OF name ON contacts WHEN bd_capturing() AND OLD.name IS NOT NEW.name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'name', json_quote(NEW.name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'name', json_quote(OLD.name), json_quote(NEW.name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_notes
CREATE TRIGGER bd_cap_contacts_upd_notes AFTER UPDATE OF notes ON contacts WHEN bd_capturing() AND OLD.notes IS NOT NEW.notes BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'notes', json_quote(NEW.notes), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'notes'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'notes', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'notes', json_quote(OLD.notes), json_quote(NEW.notes), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_phone
CREATE TRIGGER bd_cap_contacts_upd_phone AFTER UPDATE OF phone ON contacts WHEN bd_capturing() AND OLD.phone IS NOT NEW.phone BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'phone', json_quote(NEW.phone), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'phone'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'phone', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'phone', json_quote(OLD.phone), json_quote(NEW.phone), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_position
CREATE TRIGGER bd_cap_contacts_upd_position AFTER UPDATE OF position ON contacts WHEN bd_capturing() AND OLD.position IS NOT NEW.position BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'position', json_quote(NEW.position), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'position'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'position', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'position', json_quote(OLD.position), json_quote(NEW.position), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_contacts_upd_relation
CREATE TRIGGER bd_cap_contacts_upd_relation AFTER UPDATE OF relation ON contacts WHEN bd_capturing() AND OLD.relation IS NOT NEW.relation BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'contacts', NEW.id, 'update', 'relation', json_quote(NEW.relation), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = 'relation'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'contacts' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('contacts', NEW.id, 'relation', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('contacts', NEW.id, 'update', 'relation', json_quote(OLD.relation), json_quote(NEW.relation), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_feedback_conflicts
CREATE TRIGGER bd_cap_customer_feedback_conflicts AFTER UPDATE OF branch_id ON customer_feedback WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'customer_feedback' AND row_id = NEW.id;
END;

-- trigger bd_cap_customer_feedback_del
CREATE TRIGGER bd_cap_customer_feedback_del BEFORE DELETE ON customer_feedback WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_customer_feedback_ins
CREATE TRIGGER bd_cap_customer_feedback_ins AFTER INSERT ON customer_feedback WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'kind', NEW.kind, 'channel', NEW.channel, 'content', NEW.content, 'author_id', NEW.author_id, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_customer_feedback_upd_author_id
CREATE TRIGGER bd_cap_customer_feedback_upd_author_id AFTER UPDATE OF author_id ON customer_feedback WHEN bd_capturing() AND OLD.author_id IS NOT NEW.author_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, 'update', 'author_id', json_quote(NEW.author_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = 'author_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, 'author_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_feedback', NEW.id, 'update', 'author_id', json_quote(OLD.author_id), json_quote(NEW.author_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_feedback_upd_branch_id
CREATE TRIGGER bd_cap_customer_feedback_upd_branch_id AFTER UPDATE OF branch_id ON customer_feedback WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_feedback', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_feedback_upd_channel
CREATE TRIGGER bd_cap_customer_feedback_upd_channel AFTER UPDATE OF channel ON customer_feedback WHEN bd_capturing() AND OLD.channel IS NOT NEW.channel BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, 'update', 'channel', json_quote(NEW.channel), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = 'channel'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, 'channel', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_feedback', NEW.id, 'update', 'channel', json_quote(OLD.channel), json_quote(NEW.channel), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_feedback_upd_content
CREATE TRIGGER bd_cap_customer_feedback_upd_content AFTER UPDATE OF content ON customer_feedback WHEN bd_capturing() AND OLD.content IS NOT NEW.content BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, 'update', 'content', json_quote(NEW.content), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = 'content'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, 'content', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_feedback', NEW.id, 'update', 'content', json_quote(OLD.content), json_quote(NEW.content), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_feedback_upd_created_at
CREATE TRIGGER bd_cap_customer_feedback_upd_created_at AFTER UPDATE OF created_at ON customer_feedback WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_feedback', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_feedback_upd_customer_id
CREATE TRIGGER bd_cap_customer_feedback_upd_customer_id AFTER UPDATE OF customer_id ON customer_feedback WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_feedback', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_feedback_upd_deleted_at
CREATE TRIGGER bd_cap_customer_feedback_upd_deleted_at AFTER UPDATE OF deleted_at ON customer_feedback WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_feedback', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_feedback_upd_kind
CREATE TRIGGER bd_cap_customer_feedback_upd_kind AFTER UPDATE OF kind ON customer_feedback WHEN bd_capturing() AND OLD.kind IS NOT NEW.kind BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_feedback', NEW.id, 'update', 'kind', json_quote(NEW.kind), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = 'kind'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_feedback' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_feedback', NEW.id, 'kind', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_feedback', NEW.id, 'update', 'kind', json_quote(OLD.kind), json_quote(NEW.kind), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_conflicts
CREATE TRIGGER bd_cap_customer_merges_conflicts AFTER UPDATE OF branch_id ON customer_merges WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'customer_merges' AND row_id = NEW.id;
END;

-- trigger bd_cap_customer_merges_del
CREATE TRIGGER bd_cap_customer_merges_del BEFORE DELETE ON customer_merges WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_customer_merges_ins
CREATE TRIGGER bd_cap_customer_merges_ins AFTER INSERT ON customer_merges WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'survivor_id', NEW.survivor_id, 'loser_id', NEW.loser_id, 'branch_id', NEW.branch_id, 'picks', NEW.picks, 'survivor_before', NEW.survivor_before, 'moved', NEW.moved, 'merged_by', NEW.merged_by, 'approved_by', NEW.approved_by, 'created_at', NEW.created_at, 'undone_at', NEW.undone_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_customer_merges_upd_approved_by
CREATE TRIGGER bd_cap_customer_merges_upd_approved_by AFTER UPDATE OF approved_by ON customer_merges WHEN bd_capturing() AND OLD.approved_by IS NOT NEW.approved_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'approved_by', json_quote(NEW.approved_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'approved_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'approved_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'approved_by', json_quote(OLD.approved_by), json_quote(NEW.approved_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_branch_id
CREATE TRIGGER bd_cap_customer_merges_upd_branch_id AFTER UPDATE OF branch_id ON customer_merges WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_created_at
CREATE TRIGGER bd_cap_customer_merges_upd_created_at AFTER UPDATE OF created_at ON customer_merges WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_deleted_at
CREATE TRIGGER bd_cap_customer_merges_upd_deleted_at AFTER UPDATE OF deleted_at ON customer_merges WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_loser_id
CREATE TRIGGER bd_cap_customer_merges_upd_loser_id AFTER UPDATE OF loser_id ON customer_merges WHEN bd_capturing() AND OLD.loser_id IS NOT NEW.loser_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'loser_id', json_quote(NEW.loser_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'loser_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'loser_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'loser_id', json_quote(OLD.loser_id), json_quote(NEW.loser_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_merged_by
CREATE TRIGGER bd_cap_customer_merges_upd_merged_by AFTER UPDATE OF merged_by ON customer_merges WHEN bd_capturing() AND OLD.merged_by IS NOT NEW.merged_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'merged_by', json_quote(NEW.merged_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'merged_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'merged_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'merged_by', json_quote(OLD.merged_by), json_quote(NEW.merged_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_moved
CREATE TRIGGER bd_cap_customer_merges_upd_moved AFTER UPDATE OF moved ON customer_merges WHEN bd_capturing() AND OLD.moved IS NOT NEW.moved BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'moved', json_quote(NEW.moved), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'moved'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'moved', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'moved', json_quote(OLD.moved), json_quote(NEW.moved), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_picks
CREATE TRIGGER bd_cap_customer_merges_upd_picks AFTER UPDATE OF picks ON customer_merges WHEN bd_capturing() AND OLD.picks IS NOT NEW.picks BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'picks', json_quote(NEW.picks), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'picks'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'picks', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'picks', json_quote(OLD.picks), json_quote(NEW.picks), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_survivor_before
CREATE TRIGGER bd_cap_customer_merges_upd_survivor_before AFTER UPDATE OF survivor_before ON customer_merges WHEN bd_capturing() AND OLD.survivor_before IS NOT NEW.survivor_before BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'survivor_before', json_quote(NEW.survivor_before), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'survivor_before'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'survivor_before', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'survivor_before', json_quote(OLD.survivor_before), json_quote(NEW.survivor_before), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_survivor_id
CREATE TRIGGER bd_cap_customer_merges_upd_survivor_id AFTER UPDATE OF survivor_id ON customer_merges WHEN bd_capturing() AND OLD.survivor_id IS NOT NEW.survivor_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'survivor_id', json_quote(NEW.survivor_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'survivor_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'survivor_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'survivor_id', json_quote(OLD.survivor_id), json_quote(NEW.survivor_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_merges_upd_undone_at
CREATE TRIGGER bd_cap_customer_merges_upd_undone_at AFTER UPDATE OF undone_at ON customer_merges WHEN bd_capturing() AND OLD.undone_at IS NOT NEW.undone_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_merges', NEW.id, 'update', 'undone_at', json_quote(NEW.undone_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = 'undone_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_merges' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_merges', NEW.id, 'undone_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_merges', NEW.id, 'update', 'undone_at', json_quote(OLD.undone_at), json_quote(NEW.undone_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_conflicts
CREATE TRIGGER bd_cap_customer_ownership_conflicts AFTER UPDATE OF branch_id ON customer_ownership WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'customer_ownership' AND row_id = NEW.id;
END;

-- trigger bd_cap_customer_ownership_del
CREATE TRIGGER bd_cap_customer_ownership_del BEFORE DELETE ON customer_ownership WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_customer_ownership_ins
CREATE TRIGGER bd_cap_customer_ownership_ins AFTER INSERT ON customer_ownership WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'manager_id', NEW.manager_id, 'valid_from', NEW.valid_from, 'valid_to', NEW.valid_to, 'reason', NEW.reason, 'assigned_by', NEW.assigned_by, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_customer_ownership_upd_assigned_by
CREATE TRIGGER bd_cap_customer_ownership_upd_assigned_by AFTER UPDATE OF assigned_by ON customer_ownership WHEN bd_capturing() AND OLD.assigned_by IS NOT NEW.assigned_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'update', 'assigned_by', json_quote(NEW.assigned_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'assigned_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'assigned_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, 'update', 'assigned_by', json_quote(OLD.assigned_by), json_quote(NEW.assigned_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_upd_branch_id
CREATE TRIGGER bd_cap_customer_ownership_upd_branch_id AFTER UPDATE OF branch_id ON customer_ownership WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_upd_created_at
CREATE TRIGGER bd_cap_customer_ownership_upd_created_at AFTER UPDATE OF created_at ON customer_ownership WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_upd_customer_id
CREATE TRIGGER bd_cap_customer_ownership_upd_customer_id AFTER UPDATE OF customer_id ON customer_ownership WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_upd_deleted_at
CREATE TRIGGER bd_cap_customer_ownership_upd_deleted_at AFTER UPDATE OF deleted_at ON customer_ownership WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_upd_manager_id
CREATE TRIGGER bd_cap_customer_ownership_upd_manager_id AFTER UPDATE OF manager_id ON customer_ownership WHEN bd_capturing() AND OLD.manager_id IS NOT NEW.manager_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'update', 'manager_id', json_quote(NEW.manager_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'manager_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'manager_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, 'update', 'manager_id', json_quote(OLD.manager_id), json_quote(NEW.manager_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_upd_reason
CREATE TRIGGER bd_cap_customer_ownership_upd_reason AFTER UPDATE OF reason ON customer_ownership WHEN bd_capturing() AND OLD.reason IS NOT NEW.reason BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'update', 'reason', json_quote(NEW.reason), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'reason'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'reason', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, 'update', 'reason', json_quote(OLD.reason), json_quote(NEW.reason), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_upd_valid_from
CREATE TRIGGER bd_cap_customer_ownership_upd_valid_from AFTER UPDATE OF valid_from ON customer_ownership WHEN bd_capturing() AND OLD.valid_from IS NOT NEW.valid_from BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'update', 'valid_from', json_quote(NEW.valid_from), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'valid_from'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'valid_from', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, 'update', 'valid_from', json_quote(OLD.valid_from), json_quote(NEW.valid_from), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_ownership_upd_valid_to
CREATE TRIGGER bd_cap_customer_ownership_upd_valid_to AFTER UPDATE OF valid_to ON customer_ownership WHEN bd_capturing() AND OLD.valid_to IS NOT NEW.valid_to BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_ownership', NEW.id, 'update', 'valid_to', json_quote(NEW.valid_to), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = 'valid_to'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_ownership' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_ownership', NEW.id, 'valid_to', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_ownership', NEW.id, 'update', 'valid_to', json_quote(OLD.valid_to), json_quote(NEW.valid_to), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_tags_conflicts
CREATE TRIGGER bd_cap_customer_tags_conflicts AFTER UPDATE OF branch_id ON customer_tags WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'customer_tags' AND row_id = NEW.id;
END;

-- trigger bd_cap_customer_tags_del
CREATE TRIGGER bd_cap_customer_tags_del BEFORE DELETE ON customer_tags WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_customer_tags_ins
CREATE TRIGGER bd_cap_customer_tags_ins AFTER INSERT ON customer_tags WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_tags', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'tag', NEW.tag, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_tags', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_customer_tags_upd_branch_id
CREATE TRIGGER bd_cap_customer_tags_upd_branch_id AFTER UPDATE OF branch_id ON customer_tags WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_tags', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_tags', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_tags', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_tags_upd_created_at
CREATE TRIGGER bd_cap_customer_tags_upd_created_at AFTER UPDATE OF created_at ON customer_tags WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_tags', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_tags', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_tags', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_tags_upd_customer_id
CREATE TRIGGER bd_cap_customer_tags_upd_customer_id AFTER UPDATE OF customer_id ON customer_tags WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_tags', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_tags', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_tags', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_tags_upd_deleted_at
CREATE TRIGGER bd_cap_customer_tags_upd_deleted_at AFTER UPDATE OF deleted_at ON customer_tags WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_tags', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_tags', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_tags', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customer_tags_upd_tag
CREATE TRIGGER bd_cap_customer_tags_upd_tag AFTER UPDATE OF tag ON customer_tags WHEN bd_capturing() AND OLD.tag IS NOT NEW.tag BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customer_tags', NEW.id, 'update', 'tag', json_quote(NEW.tag), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = 'tag'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customer_tags' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customer_tags', NEW.id, 'tag', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customer_tags', NEW.id, 'update', 'tag', json_quote(OLD.tag), json_quote(NEW.tag), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_conflicts
CREATE TRIGGER bd_cap_customers_conflicts AFTER UPDATE OF branch_id ON customers WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'customers' AND row_id = NEW.id;
END;

-- trigger bd_cap_customers_del
CREATE TRIGGER bd_cap_customers_del BEFORE DELETE ON customers WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_customers_ins
CREATE TRIGGER bd_cap_customers_ins AFTER INSERT ON customers WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_no', NEW.customer_no, 'name', NEW.name, 'id_type', NEW.id_type, 'id_no', NEW.id_no, 'phone', NEW.phone, 'branch_id', NEW.branch_id, 'manager_id', NEW.manager_id, 'status', NEW.status, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at, 'kind', NEW.kind, 'gender', NEW.gender, 'birth_date', NEW.birth_date, 'id_expiry', NEW.id_expiry, 'nationality', NEW.nationality, 'occupation', NEW.occupation, 'education', NEW.education, 'income_band', NEW.income_band, 'address', NEW.address, 'phone2', NEW.phone2, 'email', NEW.email, 'wechat', NEW.wechat, 'open_date', NEW.open_date, 'source_channel', NEW.source_channel, 'investor_category', NEW.investor_category, 'risk_level', NEW.risk_level, 'risk_lowest', NEW.risk_lowest, 'risk_assessed_at', NEW.risk_assessed_at, 'risk_expires_at', NEW.risk_expires_at, 'invest_experience', NEW.invest_experience, 'invest_horizon', NEW.invest_horizon, 'preferred_varieties', NEW.preferred_varieties, 'notes', NEW.notes, 'merged_into', NEW.merged_into), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_customers_upd_address
CREATE TRIGGER bd_cap_customers_upd_address AFTER UPDATE OF address ON customers WHEN bd_capturing() AND OLD.address IS NOT NEW.address BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'address', json_quote(NEW.address), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'address'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'address', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'address', json_quote(OLD.address), json_quote(NEW.address), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_birth_date
CREATE TRIGGER bd_cap_customers_upd_birth_date AFTER UPDATE OF birth_date ON customers WHEN bd_capturing() AND OLD.birth_date IS NOT NEW.birth_date BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'birth_date', json_quote(NEW.birth_date), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'birth_date'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'birth_date', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'birth_date', json_quote(OLD.birth_date), json_quote(NEW.birth_date), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_branch_id
CREATE TRIGGER bd_cap_customers_upd_branch_id AFTER UPDATE OF branch_id ON customers WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_created_at
CREATE TRIGGER bd_cap_customers_upd_created_at AFTER UPDATE OF created_at ON customers WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_customer_no
CREATE TRIGGER bd_cap_customers_upd_customer_no AFTER UPDATE OF customer_no ON customers WHEN bd_capturing() AND OLD.customer_no IS NOT NEW.customer_no BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'customer_no', json_quote(NEW.customer_no), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'customer_no'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'customer_no', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'customer_no', json_quote(OLD.customer_no), json_quote(NEW.customer_no), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_deleted_at
CREATE TRIGGER bd_cap_customers_upd_deleted_at AFTER UPDATE OF deleted_at ON customers WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_education
CREATE TRIGGER bd_cap_customers_upd_education AFTER UPDATE OF education ON customers WHEN bd_capturing() AND OLD.education IS NOT NEW.education BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'education', json_quote(NEW.education), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'education'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'education', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'education', json_quote(OLD.education), json_quote(NEW.education), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_email
CREATE TRIGGER bd_cap_customers_upd_email AFTER UPDATE OF email ON customers WHEN bd_capturing() AND OLD.email IS NOT NEW.email BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'email', json_quote(NEW.email), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'email'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'email', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'email', json_quote(OLD.email), json_quote(NEW.email), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_gender
CREATE TRIGGER bd_cap_customers_upd_gender AFTER UPDATE OF gender ON customers WHEN bd_capturing() AND OLD.gender IS NOT NEW.gender BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'gender', json_quote(NEW.gender), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'gender'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'gender', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'gender', json_quote(OLD.gender), json_quote(NEW.gender), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_id_expiry
CREATE TRIGGER bd_cap_customers_upd_id_expiry AFTER UPDATE OF id_expiry ON customers WHEN bd_capturing() AND OLD.id_expiry IS NOT NEW.id_expiry BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'id_expiry', json_quote(NEW.id_expiry), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'id_expiry'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'id_expiry', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'id_expiry', json_quote(OLD.id_expiry), json_quote(NEW.id_expiry), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_id_no
CREATE TRIGGER bd_cap_customers_upd_id_no AFTER UPDATE OF id_no ON customers WHEN bd_capturing() AND OLD.id_no IS NOT NEW.id_no BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'id_no', json_quote(NEW.id_no), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'id_no'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'id_no', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'id_no', json_quote(OLD.id_no), json_quote(NEW.id_no), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_id_type
CREATE TRIGGER bd_cap_customers_upd_id_type AFTER UPDATE OF id_type ON customers WHEN bd_capturing() AND OLD.id_type IS NOT NEW.id_type BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'id_type', json_quote(NEW.id_type), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'id_type'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'id_type', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'id_type', json_quote(OLD.id_type), json_quote(NEW.id_type), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_income_band
CREATE TRIGGER bd_cap_customers_upd_income_band AFTER UPDATE OF income_band ON customers WHEN bd_capturing() AND OLD.income_band IS NOT NEW.income_band BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'income_band', json_quote(NEW.income_band), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'income_band'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'income_band', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'income_band', json_quote(OLD.income_band), json_quote(NEW.income_band), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_invest_experience
CREATE TRIGGER bd_cap_customers_upd_invest_experience AFTER UPDATE OF invest_experience ON customers WHEN bd_capturing() AND OLD.invest_experience IS NOT NEW.invest_experience BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'invest_experience', json_quote(NEW.invest_experience), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'invest_experience'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'invest_experience', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'invest_experience', json_quote(OLD.invest_experience), json_quote(NEW.invest_experience), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_invest_horizon
CREATE TRIGGER bd_cap_customers_upd_invest_horizon AFTER UPDATE OF invest_horizon ON customers WHEN bd_capturing() AND OLD.invest_horizon IS NOT NEW.invest_horizon BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'invest_horizon', json_quote(NEW.invest_horizon), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'invest_horizon'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'invest_horizon', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'invest_horizon', json_quote(OLD.invest_horizon), json_quote(NEW.invest_horizon), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_investor_category
CREATE TRIGGER bd_cap_customers_upd_investor_category AFTER UPDATE OF investor_category ON customers WHEN bd_capturing() AND OLD.investor_category IS NOT NEW.investor_category BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'investor_category', json_quote(NEW.investor_category), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'investor_category'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'investor_category', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'investor_category', json_quote(OLD.investor_category), json_quote(NEW.investor_category), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_kind
CREATE TRIGGER bd_cap_customers_upd_kind AFTER UPDATE OF kind ON customers WHEN bd_capturing() AND OLD.kind IS NOT NEW.kind BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'kind', json_quote(NEW.kind), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'kind'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'kind', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'kind', json_quote(OLD.kind), json_quote(NEW.kind), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_manager_id
CREATE TRIGGER bd_cap_customers_upd_manager_id AFTER UPDATE OF manager_id ON customers WHEN bd_capturing() AND OLD.manager_id IS NOT NEW.manager_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'manager_id', json_quote(NEW.manager_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'manager_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'manager_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'manager_id', json_quote(OLD.manager_id), json_quote(NEW.manager_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_merged_into
CREATE TRIGGER bd_cap_customers_upd_merged_into AFTER UPDATE OF merged_into ON customers WHEN bd_capturing() AND OLD.merged_into IS NOT NEW.merged_into BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'merged_into', json_quote(NEW.merged_into), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'merged_into'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'merged_into', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'merged_into', json_quote(OLD.merged_into), json_quote(NEW.merged_into), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_name
CREATE TRIGGER bd_cap_customers_upd_name AFTER UPDATE OF name ON customers WHEN bd_capturing() AND OLD.name IS NOT NEW.name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'name', json_quote(NEW.name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'name', json_quote(OLD.name), json_quote(NEW.name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_nationality
CREATE TRIGGER bd_cap_customers_upd_nationality AFTER UPDATE OF nationality ON customers WHEN bd_capturing() AND OLD.nationality IS NOT NEW.nationality BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'nationality', json_quote(NEW.nationality), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'nationality'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'nationality', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'nationality', json_quote(OLD.nationality), json_quote(NEW.nationality), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_notes
CREATE TRIGGER bd_cap_customers_upd_notes AFTER UPDATE OF notes ON customers WHEN bd_capturing() AND OLD.notes IS NOT NEW.notes BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'notes', json_quote(NEW.notes), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'notes'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'notes', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'notes', json_quote(OLD.notes), json_quote(NEW.notes), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_occupation
CREATE TRIGGER bd_cap_customers_upd_occupation AFTER UPDATE OF occupation ON customers WHEN bd_capturing() AND OLD.occupation IS NOT NEW.occupation BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'occupation', json_quote(NEW.occupation), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'occupation'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'occupation', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'occupation', json_quote(OLD.occupation), json_quote(NEW.occupation), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_open_date
CREATE TRIGGER bd_cap_customers_upd_open_date AFTER UPDATE OF open_date ON customers WHEN bd_capturing() AND OLD.open_date IS NOT NEW.open_date BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'open_date', json_quote(NEW.open_date), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'open_date'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'open_date', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'open_date', json_quote(OLD.open_date), json_quote(NEW.open_date), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_phone
CREATE TRIGGER bd_cap_customers_upd_phone AFTER UPDATE OF phone ON customers WHEN bd_capturing() AND OLD.phone IS NOT NEW.phone BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'phone', json_quote(NEW.phone), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'phone'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'phone', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'phone', json_quote(OLD.phone), json_quote(NEW.phone), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_phone2
CREATE TRIGGER bd_cap_customers_upd_phone2 AFTER UPDATE OF phone2 ON customers WHEN bd_capturing() AND OLD.phone2 IS NOT NEW.phone2 BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'phone2', json_quote(NEW.phone2), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'phone2'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'phone2', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'phone2', json_quote(OLD.phone2), json_quote(NEW.phone2), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_preferred_varieties
CREATE TRIGGER bd_cap_customers_upd_preferred_varieties AFTER UPDATE OF preferred_varieties ON customers WHEN bd_capturing() AND OLD.preferred_varieties IS NOT NEW.preferred_varieties BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'preferred_varieties', json_quote(NEW.preferred_varieties), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'preferred_varieties'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'preferred_varieties', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'preferred_varieties', json_quote(OLD.preferred_varieties), json_quote(NEW.preferred_varieties), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_risk_assessed_at
CREATE TRIGGER bd_cap_customers_upd_risk_assessed_at AFTER UPDATE OF risk_assessed_at ON customers WHEN bd_capturing() AND OLD.risk_assessed_at IS NOT NEW.risk_assessed_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'risk_assessed_at', json_quote(NEW.risk_assessed_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'risk_assessed_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'risk_assessed_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'risk_assessed_at', json_quote(OLD.risk_assessed_at), json_quote(NEW.risk_assessed_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_risk_expires_at
CREATE TRIGGER bd_cap_customers_upd_risk_expires_at AFTER UPDATE OF risk_expires_at ON customers WHEN bd_capturing() AND OLD.risk_expires_at IS NOT NEW.risk_expires_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'risk_expires_at', json_quote(NEW.risk_expires_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'risk_expires_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'risk_expires_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'risk_expires_at', json_quote(OLD.risk_expires_at), json_quote(NEW.risk_expires_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_risk_level
CREATE TRIGGER bd_cap_customers_upd_risk_level AFTER UPDATE OF risk_level ON customers WHEN bd_capturing() AND OLD.risk_level IS NOT NEW.risk_level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'risk_level', json_quote(NEW.risk_level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'risk_level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'risk_level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'risk_level', json_quote(OLD.risk_level), json_quote(NEW.risk_level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_risk_lowest
CREATE TRIGGER bd_cap_customers_upd_risk_lowest AFTER UPDATE OF risk_lowest ON customers WHEN bd_capturing() AND OLD.risk_lowest IS NOT NEW.risk_lowest BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'risk_lowest', json_quote(NEW.risk_lowest), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'risk_lowest'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'risk_lowest', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'risk_lowest', json_quote(OLD.risk_lowest), json_quote(NEW.risk_lowest), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_source_channel
CREATE TRIGGER bd_cap_customers_upd_source_channel AFTER UPDATE OF source_channel ON customers WHEN bd_capturing() AND OLD.source_channel IS NOT NEW.source_channel BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'source_channel', json_quote(NEW.source_channel), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'source_channel'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'source_channel', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'source_channel', json_quote(OLD.source_channel), json_quote(NEW.source_channel), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_status
CREATE TRIGGER bd_cap_customers_upd_status AFTER UPDATE OF status ON customers WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_customers_upd_wechat
CREATE TRIGGER bd_cap_customers_upd_wechat AFTER UPDATE OF wechat ON customers WHEN bd_capturing() AND OLD.wechat IS NOT NEW.wechat BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'customers', NEW.id, 'update', 'wechat', json_quote(NEW.wechat), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = 'wechat'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'customers' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('customers', NEW.id, 'wechat', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('customers', NEW.id, 'update', 'wechat', json_quote(OLD.wechat), json_quote(NEW.wechat), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_conflicts
CREATE TRIGGER bd_cap_investor_category_changes_conflicts AFTER UPDATE OF branch_id ON investor_category_changes WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'investor_category_changes' AND row_id = NEW.id;
END;

-- trigger bd_cap_investor_category_changes_del
CREATE TRIGGER bd_cap_investor_category_changes_del BEFORE DELETE ON investor_category_changes WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_investor_category_changes_ins
CREATE TRIGGER bd_cap_investor_category_changes_ins AFTER INSERT ON investor_category_changes WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'from_category', NEW.from_category, 'to_category', NEW.to_category, 'evidence', NEW.evidence, 'effective_date', NEW.effective_date, 'requested_by', NEW.requested_by, 'approved_by', NEW.approved_by, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_investor_category_changes_upd_approved_by
CREATE TRIGGER bd_cap_investor_category_changes_upd_approved_by AFTER UPDATE OF approved_by ON investor_category_changes WHEN bd_capturing() AND OLD.approved_by IS NOT NEW.approved_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'approved_by', json_quote(NEW.approved_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'approved_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'approved_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'approved_by', json_quote(OLD.approved_by), json_quote(NEW.approved_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_branch_id
CREATE TRIGGER bd_cap_investor_category_changes_upd_branch_id AFTER UPDATE OF branch_id ON investor_category_changes WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_created_at
CREATE TRIGGER bd_cap_investor_category_changes_upd_created_at AFTER UPDATE OF created_at ON investor_category_changes WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_customer_id
CREATE TRIGGER bd_cap_investor_category_changes_upd_customer_id AFTER UPDATE OF customer_id ON investor_category_changes WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_deleted_at
CREATE TRIGGER bd_cap_investor_category_changes_upd_deleted_at AFTER UPDATE OF deleted_at ON investor_category_changes WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_effective_date
CREATE TRIGGER bd_cap_investor_category_changes_upd_effective_date AFTER UPDATE OF effective_date ON investor_category_changes WHEN bd_capturing() AND OLD.effective_date IS NOT NEW.effective_date BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'effective_date', json_quote(NEW.effective_date), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'effective_date'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'effective_date', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'effective_date', json_quote(OLD.effective_date), json_quote(NEW.effective_date), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_evidence
CREATE TRIGGER bd_cap_investor_category_changes_upd_evidence AFTER UPDATE OF evidence ON investor_category_changes WHEN bd_capturing() AND OLD.evidence IS NOT NEW.evidence BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'evidence', json_quote(NEW.evidence), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'evidence'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'evidence', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'evidence', json_quote(OLD.evidence), json_quote(NEW.evidence), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_from_category
CREATE TRIGGER bd_cap_investor_category_changes_upd_from_category AFTER UPDATE OF from_category ON investor_category_changes WHEN bd_capturing() AND OLD.from_category IS NOT NEW.from_category BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'from_category', json_quote(NEW.from_category), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'from_category'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'from_category', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'from_category', json_quote(OLD.from_category), json_quote(NEW.from_category), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_requested_by
CREATE TRIGGER bd_cap_investor_category_changes_upd_requested_by AFTER UPDATE OF requested_by ON investor_category_changes WHEN bd_capturing() AND OLD.requested_by IS NOT NEW.requested_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'requested_by', json_quote(NEW.requested_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'requested_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'requested_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'requested_by', json_quote(OLD.requested_by), json_quote(NEW.requested_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_investor_category_changes_upd_to_category
CREATE TRIGGER bd_cap_investor_category_changes_upd_to_category AFTER UPDATE OF to_category ON investor_category_changes WHEN bd_capturing() AND OLD.to_category IS NOT NEW.to_category BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'investor_category_changes', NEW.id, 'update', 'to_category', json_quote(NEW.to_category), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = 'to_category'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'investor_category_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('investor_category_changes', NEW.id, 'to_category', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('investor_category_changes', NEW.id, 'update', 'to_category', json_quote(OLD.to_category), json_quote(NEW.to_category), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_conflicts
CREATE TRIGGER bd_cap_org_units_conflicts AFTER UPDATE OF branch_id ON org_units WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'org_units' AND row_id = NEW.id;
END;

-- trigger bd_cap_org_units_del
CREATE TRIGGER bd_cap_org_units_del BEFORE DELETE ON org_units WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_org_units_ins
CREATE TRIGGER bd_cap_org_units_ins AFTER INSERT ON org_units WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'kind', NEW.kind, 'code', NEW.code, 'name', NEW.name, 'parent_id', NEW.parent_id, 'branch_id', NEW.branch_id, 'status', NEW.status, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_org_units_upd_branch_id
CREATE TRIGGER bd_cap_org_units_upd_branch_id AFTER UPDATE OF branch_id ON org_units WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_code
CREATE TRIGGER bd_cap_org_units_upd_code AFTER UPDATE OF code ON org_units WHEN bd_capturing() AND OLD.code IS NOT NEW.code BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'code', json_quote(NEW.code), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'code'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'code', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'code', json_quote(OLD.code), json_quote(NEW.code), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_created_at
CREATE TRIGGER bd_cap_org_units_upd_created_at AFTER UPDATE OF created_at ON org_units WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_deleted_at
CREATE TRIGGER bd_cap_org_units_upd_deleted_at AFTER UPDATE OF deleted_at ON org_units WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_kind
CREATE TRIGGER bd_cap_org_units_upd_kind AFTER UPDATE OF kind ON org_units WHEN bd_capturing() AND OLD.kind IS NOT NEW.kind BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'kind', json_quote(NEW.kind), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'kind'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'kind', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'kind', json_quote(OLD.kind), json_quote(NEW.kind), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_name
CREATE TRIGGER bd_cap_org_units_upd_name AFTER UPDATE OF name ON org_units WHEN bd_capturing() AND OLD.name IS NOT NEW.name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'name', json_quote(NEW.name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'name', json_quote(OLD.name), json_quote(NEW.name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_parent_id
CREATE TRIGGER bd_cap_org_units_upd_parent_id AFTER UPDATE OF parent_id ON org_units WHEN bd_capturing() AND OLD.parent_id IS NOT NEW.parent_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'parent_id', json_quote(NEW.parent_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'parent_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'parent_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'parent_id', json_quote(OLD.parent_id), json_quote(NEW.parent_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_org_units_upd_status
CREATE TRIGGER bd_cap_org_units_upd_status AFTER UPDATE OF status ON org_units WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'org_units', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'org_units' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('org_units', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('org_units', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_product_risk_changes_conflicts
CREATE TRIGGER bd_cap_product_risk_changes_conflicts AFTER UPDATE OF branch_id ON product_risk_changes WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'product_risk_changes' AND row_id = NEW.id;
END;

-- trigger bd_cap_product_risk_changes_del
CREATE TRIGGER bd_cap_product_risk_changes_del BEFORE DELETE ON product_risk_changes WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_product_risk_changes_ins
CREATE TRIGGER bd_cap_product_risk_changes_ins AFTER INSERT ON product_risk_changes WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'product_id', NEW.product_id, 'branch_id', NEW.branch_id, 'from_level', NEW.from_level, 'to_level', NEW.to_level, 'changed_at', NEW.changed_at, 'changed_by', NEW.changed_by, 'reason', NEW.reason, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_product_risk_changes_upd_branch_id
CREATE TRIGGER bd_cap_product_risk_changes_upd_branch_id AFTER UPDATE OF branch_id ON product_risk_changes WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('product_risk_changes', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_product_risk_changes_upd_changed_at
CREATE TRIGGER bd_cap_product_risk_changes_upd_changed_at AFTER UPDATE OF changed_at ON product_risk_changes WHEN bd_capturing() AND OLD.changed_at IS NOT NEW.changed_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, 'update', 'changed_at', json_quote(NEW.changed_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = 'changed_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, 'changed_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('product_risk_changes', NEW.id, 'update', 'changed_at', json_quote(OLD.changed_at), json_quote(NEW.changed_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_product_risk_changes_upd_changed_by
CREATE TRIGGER bd_cap_product_risk_changes_upd_changed_by AFTER UPDATE OF changed_by ON product_risk_changes WHEN bd_capturing() AND OLD.changed_by IS NOT NEW.changed_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, 'update', 'changed_by', json_quote(NEW.changed_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = 'changed_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, 'changed_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('product_risk_changes', NEW.id, 'update', 'changed_by', json_quote(OLD.changed_by), json_quote(NEW.changed_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_product_risk_changes_upd_deleted_at
CREATE TRIGGER bd_cap_product_risk_changes_upd_deleted_at AFTER UPDATE OF deleted_at ON product_risk_changes WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('product_risk_changes', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_product_risk_changes_upd_from_level
CREATE TRIGGER bd_cap_product_risk_changes_upd_from_level AFTER UPDATE OF from_level ON product_risk_changes WHEN bd_capturing() AND OLD.from_level IS NOT NEW.from_level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, 'update', 'from_level', json_quote(NEW.from_level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = 'from_level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, 'from_level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('product_risk_changes', NEW.id, 'update', 'from_level', json_quote(OLD.from_level), json_quote(NEW.from_level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_product_risk_changes_upd_product_id
CREATE TRIGGER bd_cap_product_risk_changes_upd_product_id AFTER UPDATE OF product_id ON product_risk_changes WHEN bd_capturing() AND OLD.product_id IS NOT NEW.product_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, 'update', 'product_id', json_quote(NEW.product_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = 'product_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, 'product_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('product_risk_changes', NEW.id, 'update', 'product_id', json_quote(OLD.product_id), json_quote(NEW.product_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_product_risk_changes_upd_reason
CREATE TRIGGER bd_cap_product_risk_changes_upd_reason AFTER UPDATE OF reason ON product_risk_changes WHEN bd_capturing() AND OLD.reason IS NOT NEW.reason BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, 'update', 'reason', json_quote(NEW.reason), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = 'reason'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, 'reason', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('product_risk_changes', NEW.id, 'update', 'reason', json_quote(OLD.reason), json_quote(NEW.reason), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_product_risk_changes_upd_to_level
CREATE TRIGGER bd_cap_product_risk_changes_upd_to_level AFTER UPDATE OF to_level ON product_risk_changes WHEN bd_capturing() AND OLD.to_level IS NOT NEW.to_level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'product_risk_changes', NEW.id, 'update', 'to_level', json_quote(NEW.to_level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = 'to_level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'product_risk_changes' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('product_risk_changes', NEW.id, 'to_level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('product_risk_changes', NEW.id, 'update', 'to_level', json_quote(OLD.to_level), json_quote(NEW.to_level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_conflicts
CREATE TRIGGER bd_cap_products_conflicts AFTER UPDATE OF branch_id ON products WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'products' AND row_id = NEW.id;
END;

-- trigger bd_cap_products_del
CREATE TRIGGER bd_cap_products_del BEFORE DELETE ON products WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_products_ins
CREATE TRIGGER bd_cap_products_ins AFTER INSERT ON products WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'code', NEW.code, 'name', NEW.name, 'type', NEW.type, 'issuer', NEW.issuer, 'risk_level', NEW.risk_level, 'variety', NEW.variety, 'horizon', NEW.horizon, 'term_days', NEW.term_days, 'min_amount_fen', NEW.min_amount_fen, 'sale_start', NEW.sale_start, 'sale_end', NEW.sale_end, 'status', NEW.status, 'documents', NEW.documents, 'branch_id', NEW.branch_id, 'created_at', NEW.created_at, 'updated_by', NEW.updated_by, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_products_upd_branch_id
CREATE TRIGGER bd_cap_products_upd_branch_id AFTER UPDATE OF branch_id ON products WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_code
CREATE TRIGGER bd_cap_products_upd_code AFTER UPDATE OF code ON products WHEN bd_capturing() AND OLD.code IS NOT NEW.code BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'code', json_quote(NEW.code), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'code'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'code', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'code', json_quote(OLD.code), json_quote(NEW.code), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_created_at
CREATE TRIGGER bd_cap_products_upd_created_at AFTER UPDATE OF created_at ON products WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_deleted_at
CREATE TRIGGER bd_cap_products_upd_deleted_at AFTER UPDATE OF deleted_at ON products WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_documents
CREATE TRIGGER bd_cap_products_upd_documents AFTER UPDATE OF documents ON products WHEN bd_capturing() AND OLD.documents IS NOT NEW.documents BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'documents', json_quote(NEW.documents), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'documents'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'documents', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'documents', json_quote(OLD.documents), json_quote(NEW.documents), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_horizon
CREATE TRIGGER bd_cap_products_upd_horizon AFTER UPDATE OF horizon ON products WHEN bd_capturing() AND OLD.horizon IS NOT NEW.horizon BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'horizon', json_quote(NEW.horizon), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'horizon'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'horizon', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'horizon', json_quote(OLD.horizon), json_quote(NEW.horizon), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_issuer
CREATE TRIGGER bd_cap_products_upd_issuer AFTER UPDATE OF issuer ON products WHEN bd_capturing() AND OLD.issuer IS NOT NEW.issuer BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'issuer', json_quote(NEW.issuer), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'issuer'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'issuer', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'issuer', json_quote(OLD.issuer), json_quote(NEW.issuer), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_min_amount_fen
CREATE TRIGGER bd_cap_products_upd_min_amount_fen AFTER UPDATE OF min_amount_fen ON products WHEN bd_capturing() AND OLD.min_amount_fen IS NOT NEW.min_amount_fen BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'min_amount_fen', json_quote(NEW.min_amount_fen), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'min_amount_fen'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'min_amount_fen', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'min_amount_fen', json_quote(OLD.min_amount_fen), json_quote(NEW.min_amount_fen), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_name
CREATE TRIGGER bd_cap_products_upd_name AFTER UPDATE OF name ON products WHEN bd_capturing() AND OLD.name IS NOT NEW.name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'name', json_quote(NEW.name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'name', json_quote(OLD.name), json_quote(NEW.name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_risk_level
CREATE TRIGGER bd_cap_products_upd_risk_level AFTER UPDATE OF risk_level ON products WHEN bd_capturing() AND OLD.risk_level IS NOT NEW.risk_level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'risk_level', json_quote(NEW.risk_level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'risk_level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'risk_level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'risk_level', json_quote(OLD.risk_level), json_quote(NEW.risk_level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_sale_end
CREATE TRIGGER bd_cap_products_upd_sale_end AFTER UPDATE OF sale_end ON products WHEN bd_capturing() AND OLD.sale_end IS NOT NEW.sale_end BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'sale_end', json_quote(NEW.sale_end), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'sale_end'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'sale_end', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'sale_end', json_quote(OLD.sale_end), json_quote(NEW.sale_end), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_sale_start
CREATE TRIGGER bd_cap_products_upd_sale_start AFTER UPDATE OF sale_start ON products WHEN bd_capturing() AND OLD.sale_start IS NOT NEW.sale_start BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'sale_start', json_quote(NEW.sale_start), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'sale_start'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'sale_start', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'sale_start', json_quote(OLD.sale_start), json_quote(NEW.sale_start), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_status
CREATE TRIGGER bd_cap_products_upd_status AFTER UPDATE OF status ON products WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_term_days
CREATE TRIGGER bd_cap_products_upd_term_days AFTER UPDATE OF term_days ON products WHEN bd_capturing() AND OLD.term_days IS NOT NEW.term_days BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'term_days', json_quote(NEW.term_days), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'term_days'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'term_days', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'term_days', json_quote(OLD.term_days), json_quote(NEW.term_days), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_type
CREATE TRIGGER bd_cap_products_upd_type AFTER UPDATE OF type ON products WHEN bd_capturing() AND OLD.type IS NOT NEW.type BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'type', json_quote(NEW.type), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'type'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'type', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'type', json_quote(OLD.type), json_quote(NEW.type), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_updated_by
CREATE TRIGGER bd_cap_products_upd_updated_by AFTER UPDATE OF updated_by ON products WHEN bd_capturing() AND OLD.updated_by IS NOT NEW.updated_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'updated_by', json_quote(NEW.updated_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'updated_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'updated_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'updated_by', json_quote(OLD.updated_by), json_quote(NEW.updated_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_products_upd_variety
CREATE TRIGGER bd_cap_products_upd_variety AFTER UPDATE OF variety ON products WHEN bd_capturing() AND OLD.variety IS NOT NEW.variety BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'products', NEW.id, 'update', 'variety', json_quote(NEW.variety), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = 'variety'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'products' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('products', NEW.id, 'variety', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('products', NEW.id, 'update', 'variety', json_quote(OLD.variety), json_quote(NEW.variety), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_conflicts
CREATE TRIGGER bd_cap_questionnaires_conflicts AFTER UPDATE OF branch_id ON questionnaires WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'questionnaires' AND row_id = NEW.id;
END;

-- trigger bd_cap_questionnaires_del
CREATE TRIGGER bd_cap_questionnaires_del BEFORE DELETE ON questionnaires WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_questionnaires_ins
CREATE TRIGGER bd_cap_questionnaires_ins AFTER INSERT ON questionnaires WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'name', NEW.name, 'version', NEW.version, 'status', NEW.status, 'definition', NEW.definition, 'branch_id', NEW.branch_id, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'activated_at', NEW.activated_at, 'retired_at', NEW.retired_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_questionnaires_upd_activated_at
CREATE TRIGGER bd_cap_questionnaires_upd_activated_at AFTER UPDATE OF activated_at ON questionnaires WHEN bd_capturing() AND OLD.activated_at IS NOT NEW.activated_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'activated_at', json_quote(NEW.activated_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'activated_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'activated_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'activated_at', json_quote(OLD.activated_at), json_quote(NEW.activated_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_branch_id
CREATE TRIGGER bd_cap_questionnaires_upd_branch_id AFTER UPDATE OF branch_id ON questionnaires WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_created_at
CREATE TRIGGER bd_cap_questionnaires_upd_created_at AFTER UPDATE OF created_at ON questionnaires WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_created_by
CREATE TRIGGER bd_cap_questionnaires_upd_created_by AFTER UPDATE OF created_by ON questionnaires WHEN bd_capturing() AND OLD.created_by IS NOT NEW.created_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'created_by', json_quote(NEW.created_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'created_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'created_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'created_by', json_quote(OLD.created_by), json_quote(NEW.created_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_definition
CREATE TRIGGER bd_cap_questionnaires_upd_definition AFTER UPDATE OF definition ON questionnaires WHEN bd_capturing() AND OLD.definition IS NOT NEW.definition BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'definition', json_quote(NEW.definition), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'definition'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'definition', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'definition', json_quote(OLD.definition), json_quote(NEW.definition), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_deleted_at
CREATE TRIGGER bd_cap_questionnaires_upd_deleted_at AFTER UPDATE OF deleted_at ON questionnaires WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_name
CREATE TRIGGER bd_cap_questionnaires_upd_name AFTER UPDATE OF name ON questionnaires WHEN bd_capturing() AND OLD.name IS NOT NEW.name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'name', json_quote(NEW.name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'name', json_quote(OLD.name), json_quote(NEW.name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_retired_at
CREATE TRIGGER bd_cap_questionnaires_upd_retired_at AFTER UPDATE OF retired_at ON questionnaires WHEN bd_capturing() AND OLD.retired_at IS NOT NEW.retired_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'retired_at', json_quote(NEW.retired_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'retired_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'retired_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'retired_at', json_quote(OLD.retired_at), json_quote(NEW.retired_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_status
CREATE TRIGGER bd_cap_questionnaires_upd_status AFTER UPDATE OF status ON questionnaires WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_questionnaires_upd_version
CREATE TRIGGER bd_cap_questionnaires_upd_version AFTER UPDATE OF version ON questionnaires WHEN bd_capturing() AND OLD.version IS NOT NEW.version BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'questionnaires', NEW.id, 'update', 'version', json_quote(NEW.version), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = 'version'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'questionnaires' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('questionnaires', NEW.id, 'version', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('questionnaires', NEW.id, 'update', 'version', json_quote(OLD.version), json_quote(NEW.version), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_conflicts
CREATE TRIGGER bd_cap_recommendations_conflicts AFTER UPDATE OF branch_id ON recommendations WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'recommendations' AND row_id = NEW.id;
END;

-- trigger bd_cap_recommendations_del
CREATE TRIGGER bd_cap_recommendations_del BEFORE DELETE ON recommendations WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_recommendations_ins
CREATE TRIGGER bd_cap_recommendations_ins AFTER INSERT ON recommendations WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'product_id', NEW.product_id, 'kind', NEW.kind, 'amount_fen', NEW.amount_fen, 'note', NEW.note, 'outcome', NEW.outcome, 'reasons', NEW.reasons, 'assessment_id', NEW.assessment_id, 'customer_level', NEW.customer_level, 'customer_lowest', NEW.customer_lowest, 'category', NEW.category, 'product_level', NEW.product_level, 'warning_version', NEW.warning_version, 'ack_by', NEW.ack_by, 'ack_at', NEW.ack_at, 'approved_by', NEW.approved_by, 'status', NEW.status, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_recommendations_upd_ack_at
CREATE TRIGGER bd_cap_recommendations_upd_ack_at AFTER UPDATE OF ack_at ON recommendations WHEN bd_capturing() AND OLD.ack_at IS NOT NEW.ack_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'ack_at', json_quote(NEW.ack_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'ack_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'ack_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'ack_at', json_quote(OLD.ack_at), json_quote(NEW.ack_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_ack_by
CREATE TRIGGER bd_cap_recommendations_upd_ack_by AFTER UPDATE OF ack_by ON recommendations WHEN bd_capturing() AND OLD.ack_by IS NOT NEW.ack_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'ack_by', json_quote(NEW.ack_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'ack_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'ack_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'ack_by', json_quote(OLD.ack_by), json_quote(NEW.ack_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_amount_fen
CREATE TRIGGER bd_cap_recommendations_upd_amount_fen AFTER UPDATE OF amount_fen ON recommendations WHEN bd_capturing() AND OLD.amount_fen IS NOT NEW.amount_fen BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'amount_fen', json_quote(NEW.amount_fen), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'amount_fen'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'amount_fen', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'amount_fen', json_quote(OLD.amount_fen), json_quote(NEW.amount_fen), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_approved_by
CREATE TRIGGER bd_cap_recommendations_upd_approved_by AFTER UPDATE OF approved_by ON recommendations WHEN bd_capturing() AND OLD.approved_by IS NOT NEW.approved_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'approved_by', json_quote(NEW.approved_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'approved_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'approved_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'approved_by', json_quote(OLD.approved_by), json_quote(NEW.approved_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_assessment_id
CREATE TRIGGER bd_cap_recommendations_upd_assessment_id AFTER UPDATE OF assessment_id ON recommendations WHEN bd_capturing() AND OLD.assessment_id IS NOT NEW.assessment_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'assessment_id', json_quote(NEW.assessment_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'assessment_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'assessment_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'assessment_id', json_quote(OLD.assessment_id), json_quote(NEW.assessment_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_branch_id
CREATE TRIGGER bd_cap_recommendations_upd_branch_id AFTER UPDATE OF branch_id ON recommendations WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_category
CREATE TRIGGER bd_cap_recommendations_upd_category AFTER UPDATE OF category ON recommendations WHEN bd_capturing() AND OLD.category IS NOT NEW.category BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'category', json_quote(NEW.category), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'category'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'category', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'category', json_quote(OLD.category), json_quote(NEW.category), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_created_at
CREATE TRIGGER bd_cap_recommendations_upd_created_at AFTER UPDATE OF created_at ON recommendations WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_created_by
CREATE TRIGGER bd_cap_recommendations_upd_created_by AFTER UPDATE OF created_by ON recommendations WHEN bd_capturing() AND OLD.created_by IS NOT NEW.created_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'created_by', json_quote(NEW.created_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'created_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'created_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'created_by', json_quote(OLD.created_by), json_quote(NEW.created_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_customer_id
CREATE TRIGGER bd_cap_recommendations_upd_customer_id AFTER UPDATE OF customer_id ON recommendations WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_customer_level
CREATE TRIGGER bd_cap_recommendations_upd_customer_level AFTER UPDATE OF customer_level ON recommendations WHEN bd_capturing() AND OLD.customer_level IS NOT NEW.customer_level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'customer_level', json_quote(NEW.customer_level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'customer_level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'customer_level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'customer_level', json_quote(OLD.customer_level), json_quote(NEW.customer_level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_customer_lowest
CREATE TRIGGER bd_cap_recommendations_upd_customer_lowest AFTER UPDATE OF customer_lowest ON recommendations WHEN bd_capturing() AND OLD.customer_lowest IS NOT NEW.customer_lowest BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'customer_lowest', json_quote(NEW.customer_lowest), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'customer_lowest'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'customer_lowest', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'customer_lowest', json_quote(OLD.customer_lowest), json_quote(NEW.customer_lowest), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_deleted_at
CREATE TRIGGER bd_cap_recommendations_upd_deleted_at AFTER UPDATE OF deleted_at ON recommendations WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_kind
CREATE TRIGGER bd_cap_recommendations_upd_kind AFTER UPDATE OF kind ON recommendations WHEN bd_capturing() AND OLD.kind IS NOT NEW.kind BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'kind', json_quote(NEW.kind), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'kind'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'kind', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'kind', json_quote(OLD.kind), json_quote(NEW.kind), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_note
CREATE TRIGGER bd_cap_recommendations_upd_note AFTER UPDATE OF note ON recommendations WHEN bd_capturing() AND OLD.note IS NOT NEW.note BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'note', json_quote(NEW.note), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'note'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'note', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'note', json_quote(OLD.note), json_quote(NEW.note), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_outcome
CREATE TRIGGER bd_cap_recommendations_upd_outcome AFTER UPDATE OF outcome ON recommendations WHEN bd_capturing() AND OLD.outcome IS NOT NEW.outcome BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'outcome', json_quote(NEW.outcome), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'outcome'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'outcome', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'outcome', json_quote(OLD.outcome), json_quote(NEW.outcome), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_product_id
CREATE TRIGGER bd_cap_recommendations_upd_product_id AFTER UPDATE OF product_id ON recommendations WHEN bd_capturing() AND OLD.product_id IS NOT NEW.product_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'product_id', json_quote(NEW.product_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'product_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'product_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'product_id', json_quote(OLD.product_id), json_quote(NEW.product_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_product_level
CREATE TRIGGER bd_cap_recommendations_upd_product_level AFTER UPDATE OF product_level ON recommendations WHEN bd_capturing() AND OLD.product_level IS NOT NEW.product_level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'product_level', json_quote(NEW.product_level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'product_level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'product_level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'product_level', json_quote(OLD.product_level), json_quote(NEW.product_level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_reasons
CREATE TRIGGER bd_cap_recommendations_upd_reasons AFTER UPDATE OF reasons ON recommendations WHEN bd_capturing() AND OLD.reasons IS NOT NEW.reasons BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'reasons', json_quote(NEW.reasons), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'reasons'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'reasons', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'reasons', json_quote(OLD.reasons), json_quote(NEW.reasons), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_status
CREATE TRIGGER bd_cap_recommendations_upd_status AFTER UPDATE OF status ON recommendations WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_recommendations_upd_warning_version
CREATE TRIGGER bd_cap_recommendations_upd_warning_version AFTER UPDATE OF warning_version ON recommendations WHEN bd_capturing() AND OLD.warning_version IS NOT NEW.warning_version BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'recommendations', NEW.id, 'update', 'warning_version', json_quote(NEW.warning_version), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = 'warning_version'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'recommendations' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('recommendations', NEW.id, 'warning_version', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('recommendations', NEW.id, 'update', 'warning_version', json_quote(OLD.warning_version), json_quote(NEW.warning_version), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_conflicts
CREATE TRIGGER bd_cap_risk_assessments_conflicts AFTER UPDATE OF branch_id ON risk_assessments WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'risk_assessments' AND row_id = NEW.id;
END;

-- trigger bd_cap_risk_assessments_del
CREATE TRIGGER bd_cap_risk_assessments_del BEFORE DELETE ON risk_assessments WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_risk_assessments_ins
CREATE TRIGGER bd_cap_risk_assessments_ins AFTER INSERT ON risk_assessments WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'customer_id', NEW.customer_id, 'branch_id', NEW.branch_id, 'questionnaire_id', NEW.questionnaire_id, 'questionnaire_version', NEW.questionnaire_version, 'answers', NEW.answers, 'score', NEW.score, 'level', NEW.level, 'lowest', NEW.lowest, 'assessed_at', NEW.assessed_at, 'expires_at', NEW.expires_at, 'assessed_by', NEW.assessed_by, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_risk_assessments_upd_answers
CREATE TRIGGER bd_cap_risk_assessments_upd_answers AFTER UPDATE OF answers ON risk_assessments WHEN bd_capturing() AND OLD.answers IS NOT NEW.answers BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'answers', json_quote(NEW.answers), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'answers'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'answers', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'answers', json_quote(OLD.answers), json_quote(NEW.answers), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_assessed_at
CREATE TRIGGER bd_cap_risk_assessments_upd_assessed_at AFTER UPDATE OF assessed_at ON risk_assessments WHEN bd_capturing() AND OLD.assessed_at IS NOT NEW.assessed_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'assessed_at', json_quote(NEW.assessed_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'assessed_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'assessed_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'assessed_at', json_quote(OLD.assessed_at), json_quote(NEW.assessed_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_assessed_by
CREATE TRIGGER bd_cap_risk_assessments_upd_assessed_by AFTER UPDATE OF assessed_by ON risk_assessments WHEN bd_capturing() AND OLD.assessed_by IS NOT NEW.assessed_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'assessed_by', json_quote(NEW.assessed_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'assessed_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'assessed_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'assessed_by', json_quote(OLD.assessed_by), json_quote(NEW.assessed_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_branch_id
CREATE TRIGGER bd_cap_risk_assessments_upd_branch_id AFTER UPDATE OF branch_id ON risk_assessments WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_created_at
CREATE TRIGGER bd_cap_risk_assessments_upd_created_at AFTER UPDATE OF created_at ON risk_assessments WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_customer_id
CREATE TRIGGER bd_cap_risk_assessments_upd_customer_id AFTER UPDATE OF customer_id ON risk_assessments WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_deleted_at
CREATE TRIGGER bd_cap_risk_assessments_upd_deleted_at AFTER UPDATE OF deleted_at ON risk_assessments WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_expires_at
CREATE TRIGGER bd_cap_risk_assessments_upd_expires_at AFTER UPDATE OF expires_at ON risk_assessments WHEN bd_capturing() AND OLD.expires_at IS NOT NEW.expires_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'expires_at', json_quote(NEW.expires_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'expires_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'expires_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'expires_at', json_quote(OLD.expires_at), json_quote(NEW.expires_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_level
CREATE TRIGGER bd_cap_risk_assessments_upd_level AFTER UPDATE OF level ON risk_assessments WHEN bd_capturing() AND OLD.level IS NOT NEW.level BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'level', json_quote(NEW.level), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'level'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'level', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'level', json_quote(OLD.level), json_quote(NEW.level), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_lowest
CREATE TRIGGER bd_cap_risk_assessments_upd_lowest AFTER UPDATE OF lowest ON risk_assessments WHEN bd_capturing() AND OLD.lowest IS NOT NEW.lowest BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'lowest', json_quote(NEW.lowest), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'lowest'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'lowest', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'lowest', json_quote(OLD.lowest), json_quote(NEW.lowest), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_questionnaire_id
CREATE TRIGGER bd_cap_risk_assessments_upd_questionnaire_id AFTER UPDATE OF questionnaire_id ON risk_assessments WHEN bd_capturing() AND OLD.questionnaire_id IS NOT NEW.questionnaire_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'questionnaire_id', json_quote(NEW.questionnaire_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'questionnaire_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'questionnaire_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'questionnaire_id', json_quote(OLD.questionnaire_id), json_quote(NEW.questionnaire_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_questionnaire_version
CREATE TRIGGER bd_cap_risk_assessments_upd_questionnaire_version AFTER UPDATE OF questionnaire_version ON risk_assessments WHEN bd_capturing() AND OLD.questionnaire_version IS NOT NEW.questionnaire_version BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'questionnaire_version', json_quote(NEW.questionnaire_version), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'questionnaire_version'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'questionnaire_version', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'questionnaire_version', json_quote(OLD.questionnaire_version), json_quote(NEW.questionnaire_version), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_risk_assessments_upd_score
CREATE TRIGGER bd_cap_risk_assessments_upd_score AFTER UPDATE OF score ON risk_assessments WHEN bd_capturing() AND OLD.score IS NOT NEW.score BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'risk_assessments', NEW.id, 'update', 'score', json_quote(NEW.score), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = 'score'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'risk_assessments' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('risk_assessments', NEW.id, 'score', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('risk_assessments', NEW.id, 'update', 'score', json_quote(OLD.score), json_quote(NEW.score), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_conflicts
CREATE TRIGGER bd_cap_tasks_conflicts AFTER UPDATE OF branch_id ON tasks WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'tasks' AND row_id = NEW.id;
END;

-- trigger bd_cap_tasks_del
CREATE TRIGGER bd_cap_tasks_del BEFORE DELETE ON tasks WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_tasks_ins
CREATE TRIGGER bd_cap_tasks_ins AFTER INSERT ON tasks WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'owner_id', NEW.owner_id, 'branch_id', NEW.branch_id, 'customer_id', NEW.customer_id, 'kind', NEW.kind, 'due_date', NEW.due_date, 'status', NEW.status, 'source', NEW.source, 'source_id', NEW.source_id, 'title_key', NEW.title_key, 'title_params', NEW.title_params, 'created_by', NEW.created_by, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) SELECT tbl, row_id, kind, NULL, NULL, value, hlc, author, origin FROM sync_ops WHERE origin = bd_origin() AND origin_seq = bd_op_seq();
END;

-- trigger bd_cap_tasks_upd_branch_id
CREATE TRIGGER bd_cap_tasks_upd_branch_id AFTER UPDATE OF branch_id ON tasks WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_created_at
CREATE TRIGGER bd_cap_tasks_upd_created_at AFTER UPDATE OF created_at ON tasks WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_created_by
CREATE TRIGGER bd_cap_tasks_upd_created_by AFTER UPDATE OF created_by ON tasks WHEN bd_capturing() AND OLD.created_by IS NOT NEW.created_by BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'created_by', json_quote(NEW.created_by), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'created_by'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'created_by', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'created_by', json_quote(OLD.created_by), json_quote(NEW.created_by), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_customer_id
CREATE TRIGGER bd_cap_tasks_upd_customer_id AFTER UPDATE OF customer_id ON tasks WHEN bd_capturing() AND OLD.customer_id IS NOT NEW.customer_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'customer_id', json_quote(NEW.customer_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'customer_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'customer_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'customer_id', json_quote(OLD.customer_id), json_quote(NEW.customer_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_deleted_at
CREATE TRIGGER bd_cap_tasks_upd_deleted_at AFTER UPDATE OF deleted_at ON tasks WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_due_date
CREATE TRIGGER bd_cap_tasks_upd_due_date AFTER UPDATE OF due_date ON tasks WHEN bd_capturing() AND OLD.due_date IS NOT NEW.due_date BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'due_date', json_quote(NEW.due_date), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'due_date'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'due_date', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'due_date', json_quote(OLD.due_date), json_quote(NEW.due_date), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_kind
CREATE TRIGGER bd_cap_tasks_upd_kind AFTER UPDATE OF kind ON tasks WHEN bd_capturing() AND OLD.kind IS NOT NEW.kind BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'kind', json_quote(NEW.kind), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'kind'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'kind', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'kind', json_quote(OLD.kind), json_quote(NEW.kind), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_owner_id
CREATE TRIGGER bd_cap_tasks_upd_owner_id AFTER UPDATE OF owner_id ON tasks WHEN bd_capturing() AND OLD.owner_id IS NOT NEW.owner_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'owner_id', json_quote(NEW.owner_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'owner_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'owner_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'owner_id', json_quote(OLD.owner_id), json_quote(NEW.owner_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_source
CREATE TRIGGER bd_cap_tasks_upd_source AFTER UPDATE OF source ON tasks WHEN bd_capturing() AND OLD.source IS NOT NEW.source BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'source', json_quote(NEW.source), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'source'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'source', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'source', json_quote(OLD.source), json_quote(NEW.source), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_source_id
CREATE TRIGGER bd_cap_tasks_upd_source_id AFTER UPDATE OF source_id ON tasks WHEN bd_capturing() AND OLD.source_id IS NOT NEW.source_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'source_id', json_quote(NEW.source_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'source_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'source_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'source_id', json_quote(OLD.source_id), json_quote(NEW.source_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_status
CREATE TRIGGER bd_cap_tasks_upd_status AFTER UPDATE OF status ON tasks WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_title_key
CREATE TRIGGER bd_cap_tasks_upd_title_key AFTER UPDATE OF title_key ON tasks WHEN bd_capturing() AND OLD.title_key IS NOT NEW.title_key BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'title_key', json_quote(NEW.title_key), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'title_key'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'title_key', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'title_key', json_quote(OLD.title_key), json_quote(NEW.title_key), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_tasks_upd_title_params
CREATE TRIGGER bd_cap_tasks_upd_title_params AFTER UPDATE OF title_params ON tasks WHEN bd_capturing() AND OLD.title_params IS NOT NEW.title_params BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'tasks', NEW.id, 'update', 'title_params', json_quote(NEW.title_params), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = 'title_params'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'tasks' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('tasks', NEW.id, 'title_params', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('tasks', NEW.id, 'update', 'title_params', json_quote(OLD.title_params), json_quote(NEW.title_params), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_conflicts
CREATE TRIGGER bd_cap_users_conflicts AFTER UPDATE OF branch_id ON users WHEN OLD.branch_id IS NOT NEW.branch_id AND NEW.branch_id IS NOT NULL BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = 'users' AND row_id = NEW.id;
END;

-- trigger bd_cap_users_del
CREATE TRIGGER bd_cap_users_del BEFORE DELETE ON users WHEN bd_capturing() BEGIN
  SELECT RAISE(ABORT, 'synced rows are soft-deleted: set deleted_at');
END;

-- trigger bd_cap_users_ins
CREATE TRIGGER bd_cap_users_ins AFTER INSERT ON users WHEN bd_capturing() BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'insert', NULL, json_object('id', NEW.id, 'login', NEW.login, 'display_name', NEW.display_name, 'role', NEW.role, 'branch_id', NEW.branch_id, 'team_id', NEW.team_id, 'status', NEW.status, 'password_hash', NEW.password_hash, 'must_change_password', NEW.must_change_password, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), NULL, bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, '', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'insert', NULL, NULL, json_object('id', NEW.id, 'login', NEW.login, 'display_name', NEW.display_name, 'role', NEW.role, 'branch_id', NEW.branch_id, 'team_id', NEW.team_id, 'status', NEW.status, 'password_hash', '[redacted]', 'must_change_password', NEW.must_change_password, 'created_at', NEW.created_at, 'deleted_at', NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_branch_id
CREATE TRIGGER bd_cap_users_upd_branch_id AFTER UPDATE OF branch_id ON users WHEN bd_capturing() AND OLD.branch_id IS NOT NEW.branch_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'branch_id', json_quote(NEW.branch_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'branch_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, OLD.branch_id);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'branch_id', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'branch_id', json_quote(OLD.branch_id), json_quote(NEW.branch_id), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_created_at
CREATE TRIGGER bd_cap_users_upd_created_at AFTER UPDATE OF created_at ON users WHEN bd_capturing() AND OLD.created_at IS NOT NEW.created_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'created_at', json_quote(NEW.created_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'created_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'created_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'created_at', json_quote(OLD.created_at), json_quote(NEW.created_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_deleted_at
CREATE TRIGGER bd_cap_users_upd_deleted_at AFTER UPDATE OF deleted_at ON users WHEN bd_capturing() AND OLD.deleted_at IS NOT NEW.deleted_at BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(NEW.deleted_at), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'deleted_at'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'deleted_at', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, CASE WHEN NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END, 'deleted_at', json_quote(OLD.deleted_at), json_quote(NEW.deleted_at), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_display_name
CREATE TRIGGER bd_cap_users_upd_display_name AFTER UPDATE OF display_name ON users WHEN bd_capturing() AND OLD.display_name IS NOT NEW.display_name BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'display_name', json_quote(NEW.display_name), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'display_name'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'display_name', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'display_name', json_quote(OLD.display_name), json_quote(NEW.display_name), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_login
CREATE TRIGGER bd_cap_users_upd_login AFTER UPDATE OF login ON users WHEN bd_capturing() AND OLD.login IS NOT NEW.login BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'login', json_quote(NEW.login), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'login'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'login', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'login', json_quote(OLD.login), json_quote(NEW.login), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_must_change_password
CREATE TRIGGER bd_cap_users_upd_must_change_password AFTER UPDATE OF must_change_password ON users WHEN bd_capturing() AND OLD.must_change_password IS NOT NEW.must_change_password BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'must_change_password', json_quote(NEW.must_change_password), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'must_change_password'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'must_change_password', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'must_change_password', json_quote(OLD.must_change_password), json_quote(NEW.must_change_password), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_password_hash
CREATE TRIGGER bd_cap_users_upd_password_hash AFTER UPDATE OF password_hash ON users WHEN bd_capturing() AND OLD.password_hash IS NOT NEW.password_hash BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'password_hash', json_quote(NEW.password_hash), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'password_hash'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'password_hash', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'password_hash', '"[redacted]"', '"[redacted]"', bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_role
CREATE TRIGGER bd_cap_users_upd_role AFTER UPDATE OF role ON users WHEN bd_capturing() AND OLD.role IS NOT NEW.role BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'role', json_quote(NEW.role), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'role'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'role', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'role', json_quote(OLD.role), json_quote(NEW.role), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_status
CREATE TRIGGER bd_cap_users_upd_status AFTER UPDATE OF status ON users WHEN bd_capturing() AND OLD.status IS NOT NEW.status BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'status', json_quote(NEW.status), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'status'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
  INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES ('users', NEW.id, 'status', bd_op_hlc(), bd_origin(), bd_op_seq());
  INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES ('users', NEW.id, 'update', 'status', json_quote(OLD.status), json_quote(NEW.status), bd_op_hlc(), bd_author(), bd_origin());
END;

-- trigger bd_cap_users_upd_team_id
CREATE TRIGGER bd_cap_users_upd_team_id AFTER UPDATE OF team_id ON users WHEN bd_capturing() AND OLD.team_id IS NOT NEW.team_id BEGIN
  SELECT bd_next_op();
  INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (bd_origin(), bd_op_seq(), 'users', NEW.id, 'update', 'team_id', json_quote(NEW.team_id), bd_op_hlc(),
    coalesce((SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = 'team_id'),
             (SELECT hlc FROM sync_cell_clock WHERE tbl = 'users' AND row_id = NEW.id AND col = '')),
    bd_author(), NEW.branch_id, NULL);
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
