import type { Generated } from 'kysely';

/** Kysely's view of the schema (migrations/ is the source of truth; the snapshot test ties them). */
export interface OrgUnitsTable {
  id: string;
  kind: 'hq' | 'branch' | 'team';
  code: string;
  name: string;
  parent_id: string | null;
  branch_id: string;
  status: 'active' | 'closed';
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface RolesTable {
  id: string;
  sort: number;
}
export interface RolePermissionsTable {
  role_id: string;
  permission: string;
}
export interface UsersTable {
  id: string;
  login: string;
  display_name: string;
  role: string;
  branch_id: string;
  team_id: string | null;
  status: 'active' | 'disabled';
  password_hash: string;
  must_change_password: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface LoginThrottleTable {
  user_id: string;
  failures: number;
  locked_until: string | null;
  last_failure_at: string | null;
  last_login_at: string | null;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  client_id: string;
  created_at: string;
  last_active_at: string;
  locked_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
}
export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_login: string | null;
  approver_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  error_code: string | null;
  branch_id: string | null;
  detail: string | null;
}
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}
export interface ApprovalsTable {
  id: string;
  method: string;
  input: string;
  summary: string;
  maker_id: string;
  branch_id: string;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled' | 'failed';
  created_at: string;
  checker_id: string | null;
  decided_at: string | null;
  note: string | null;
  error_code: string | null;
}
export interface SyncStateTable {
  key: string;
  value: string;
}
export interface SyncOpsTable {
  origin: string;
  origin_seq: number;
  tbl: string;
  row_id: string;
  kind: 'insert' | 'update' | 'delete';
  col: string | null;
  value: string | null;
  hlc: string;
  base_hlc: string | null;
  author: string;
  branch_id: string;
}
export interface SyncCellClockTable {
  tbl: string;
  row_id: string;
  col: string;
  hlc: string;
  origin: string;
  origin_seq: number;
}
export interface HistoryTable {
  id: Generated<number>;
  tbl: string;
  row_id: string;
  kind: 'insert' | 'update' | 'delete';
  col: string | null;
  old_value: string | null;
  new_value: string | null;
  hlc: string;
  author: string;
  origin: string;
}
export interface CustomersTable {
  seq: Generated<number>;
  id: string;
  customer_no: string;
  name: string;
  id_type: 'resident_id' | 'passport' | 'hk_mo_tw_permit' | 'uscc';
  id_no: string;
  phone: string | null;
  branch_id: string;
  manager_id: string | null;
  level: 'normal' | 'silver' | 'gold' | 'platinum' | 'diamond';
  status: 'active' | 'dormant' | 'closed';
  assets_fen: number;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  name_py: Generated<string>;
  name_initials: Generated<string>;
  phone_rev: Generated<string | null>;
  id_no_rev: Generated<string>;
  kind: Generated<'individual' | 'institution'>;
  gender: 'M' | 'F' | null;
  birth_date: string | null;
  id_expiry: string | null;
  nationality: string | null;
  occupation: string | null;
  education: string | null;
  income_band: string | null;
  address: string | null;
  phone2: string | null;
  email: string | null;
  wechat: string | null;
  open_date: string | null;
  source_channel: string | null;
  investor_category: Generated<'ordinary' | 'professional'>;
  risk_level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | null;
  risk_lowest: Generated<number>;
  risk_assessed_at: string | null;
  risk_expires_at: string | null;
  invest_experience: string | null;
  invest_horizon: string | null;
  preferred_varieties: string | null;
  notes: string | null;
  last_contact_at: string | null;
  merged_into: string | null;
  updated_by: string | null;
}
export interface ContactsTable {
  id: string;
  customer_id: string;
  branch_id: string;
  kind: 'contact' | 'relative' | 'emergency';
  name: string;
  relation: string | null;
  position: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  is_primary: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface AccountsTable {
  id: string;
  customer_id: string;
  branch_id: string;
  account_no: string;
  type: 'normal' | 'margin' | 'options';
  status: 'active' | 'frozen' | 'closed';
  opened_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface CustomerFeedbackTable {
  id: string;
  customer_id: string;
  branch_id: string;
  kind: 'praise' | 'suggestion' | 'complaint' | 'inquiry' | 'other';
  channel: 'phone' | 'visit' | 'wechat' | 'email' | 'app' | 'other';
  content: string;
  author_id: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export interface CustomerTagsTable {
  id: string;
  customer_id: string;
  branch_id: string;
  tag: string;
  created_at: string;
  deleted_at: string | null;
}
export interface CustomerOwnershipTable {
  id: string;
  customer_id: string;
  branch_id: string;
  manager_id: string | null;
  valid_from: string;
  valid_to: string | null;
  reason: 'open' | 'assign' | 'bulk_assign' | 'merge' | 'import';
  assigned_by: string;
  created_at: string;
  deleted_at: string | null;
}
export interface CustomerMergesTable {
  id: string;
  survivor_id: string;
  loser_id: string;
  branch_id: string;
  picks: string;
  survivor_before: string;
  moved: string;
  merged_by: string;
  approved_by: string | null;
  created_at: string;
  undone_at: string | null;
  deleted_at: string | null;
}
export interface DuplicatePairsTable {
  a_id: string;
  b_id: string;
  reason: 'id_no' | 'name_birth' | 'phone';
  branch_id: string;
  found_at: string;
  status: 'open' | 'dismissed' | 'merged';
}
export interface SavedViewsTable {
  id: string;
  user_id: string;
  page: string;
  name: string;
  state: string;
  created_at: string;
  updated_at: string;
}
export interface JobsTable {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  created_by: string;
  created_at: string;
  finished_at: string | null;
  done: number;
  total: number | null;
  result: string | null;
  error_code: string | null;
}

// 0005: imports, exports and the trading facts (local, never synced).
export interface DailyAssetsTable {
  account_no: string;
  as_of: string;
  customer_id: string;
  branch_id: string;
  total_fen: number;
  market_value_fen: number | null;
  cash_fen: number | null;
  import_id: string;
}
export interface MonthlyTradingTable {
  account_no: string;
  month: string;
  customer_id: string;
  branch_id: string;
  commission_fen: number;
  volume_fen: number;
  import_id: string;
}
export interface HoldingsTable {
  account_no: string;
  as_of: string;
  product_code: string;
  product_name: string | null;
  customer_id: string;
  branch_id: string;
  quantity: number;
  market_value_fen: number | null;
  import_id: string;
}
export interface ImportTemplatesTable {
  id: string;
  kind: string;
  name: string;
  header_sig: string;
  mapping: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type ImportRunStatus = 'previewing' | 'previewed' | 'applying' | 'applied' | 'cancelled' | 'failed' | 'undoing' | 'undone';
export interface ImportRunsTable {
  id: string;
  kind: string;
  status: ImportRunStatus;
  user_id: string;
  branch_id: string;
  file_name: string;
  file_sha256: string;
  file_size: number;
  format: string;
  sheet: string | null;
  encoding: string | null;
  header_row: number;
  mapping: string;
  template_id: string | null;
  mode: 'all' | 'validOnly' | null;
  counts: string | null;
  first_errors: string | null;
  warnings: string | null;
  report_path: string | null;
  job_id: string | null;
  created_at: string;
  applied_at: string | null;
  undone_at: string | null;
  undone_by: string | null;
  undo_below: number | null;
  undo_done: Generated<number>;
  undo_kept: Generated<number>;
  assets_stale: Generated<number>;
}
export interface ImportChangesTable {
  import_id: string;
  n: number;
  table_name: string;
  row_key: string;
  action: 'insert' | 'update';
  before: string | null;
  version_after: number | null;
}

export interface Database {
  org_units: OrgUnitsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  users: UsersTable;
  login_throttle: LoginThrottleTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  approvals: ApprovalsTable;
  sync_state: SyncStateTable;
  sync_ops: SyncOpsTable;
  sync_cell_clock: SyncCellClockTable;
  history: HistoryTable;
  customers: CustomersTable;
  contacts: ContactsTable;
  accounts: AccountsTable;
  customer_feedback: CustomerFeedbackTable;
  customer_tags: CustomerTagsTable;
  customer_ownership: CustomerOwnershipTable;
  customer_merges: CustomerMergesTable;
  duplicate_pairs: DuplicatePairsTable;
  saved_views: SavedViewsTable;
  jobs: JobsTable;
  daily_assets: DailyAssetsTable;
  monthly_trading: MonthlyTradingTable;
  holdings: HoldingsTable;
  import_templates: ImportTemplatesTable;
  import_runs: ImportRunsTable;
  import_changes: ImportChangesTable;
}
