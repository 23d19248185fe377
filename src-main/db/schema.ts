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
}
