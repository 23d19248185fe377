/**
 * The one list of synced tables. Capture triggers are generated from it after every
 * migration run (capture.ts); a module that adds a synced table adds it here.
 *
 * `columns` are the captured columns (the key `id` is implied). Local columns are left out
 * on purpose: `seq`, `version`, `updated_at`, generated search columns, and facts imported
 * from the trading system (assets and the level derived from them), which each node imports
 * itself (architecture.md "Data model rules"). `secret` columns travel in ops but are
 * redacted in history.
 */
export type SyncedTable = {
  table: string;
  columns: readonly string[];
  secret?: readonly string[];
};

export const SYNCED_TABLES: readonly SyncedTable[] = [
  {
    table: 'org_units',
    columns: ['kind', 'code', 'name', 'parent_id', 'branch_id', 'status', 'created_at', 'deleted_at'],
  },
  {
    table: 'users',
    columns: ['login', 'display_name', 'role', 'branch_id', 'team_id', 'status', 'password_hash', 'must_change_password', 'created_at', 'deleted_at'],
    secret: ['password_hash'],
  },
  {
    table: 'customers',
    columns: [
      'customer_no', 'name', 'id_type', 'id_no', 'phone', 'branch_id', 'manager_id', 'status', 'created_at', 'deleted_at',
      'kind', 'gender', 'birth_date', 'id_expiry', 'nationality', 'occupation', 'education', 'income_band', 'address', 'phone2',
      'email', 'wechat', 'open_date', 'source_channel', 'investor_category', 'risk_level', 'risk_lowest', 'risk_assessed_at',
      'risk_expires_at', 'invest_experience', 'invest_horizon', 'preferred_varieties', 'notes', 'merged_into',
    ],
  },
  {
    table: 'contacts',
    columns: ['customer_id', 'branch_id', 'kind', 'name', 'relation', 'position', 'phone', 'email', 'notes', 'is_primary', 'created_at', 'deleted_at'],
  },
  {
    table: 'accounts',
    columns: ['customer_id', 'branch_id', 'account_no', 'type', 'status', 'opened_at', 'closed_at', 'created_at', 'deleted_at'],
  },
  {
    table: 'customer_feedback',
    columns: ['customer_id', 'branch_id', 'kind', 'channel', 'content', 'author_id', 'created_at', 'deleted_at'],
  },
  { table: 'customer_tags', columns: ['customer_id', 'branch_id', 'tag', 'created_at', 'deleted_at'] },
  {
    table: 'customer_ownership',
    columns: ['customer_id', 'branch_id', 'manager_id', 'valid_from', 'valid_to', 'reason', 'assigned_by', 'created_at', 'deleted_at'],
  },
  {
    table: 'customer_merges',
    columns: ['survivor_id', 'loser_id', 'branch_id', 'picks', 'survivor_before', 'moved', 'merged_by', 'approved_by', 'created_at', 'undone_at', 'deleted_at'],
  },
];

export function syncedTable(name: string): SyncedTable | undefined {
  return SYNCED_TABLES.find((t) => t.table === name);
}
