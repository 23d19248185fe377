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
  // Issue 7: suitability (migration 0006). Products and questionnaires are HQ-owned master data.
  {
    table: 'products',
    columns: ['code', 'name', 'type', 'issuer', 'risk_level', 'variety', 'horizon', 'term_days', 'min_amount_fen', 'sale_start', 'sale_end', 'status', 'documents', 'branch_id', 'created_at', 'updated_by', 'deleted_at'],
  },
  { table: 'product_risk_changes', columns: ['product_id', 'branch_id', 'from_level', 'to_level', 'changed_at', 'changed_by', 'reason', 'deleted_at'] },
  { table: 'questionnaires', columns: ['name', 'version', 'status', 'definition', 'branch_id', 'created_by', 'created_at', 'activated_at', 'retired_at', 'deleted_at'] },
  {
    table: 'risk_assessments',
    columns: ['customer_id', 'branch_id', 'questionnaire_id', 'questionnaire_version', 'answers', 'score', 'level', 'lowest', 'assessed_at', 'expires_at', 'assessed_by', 'created_at', 'deleted_at'],
  },
  {
    table: 'investor_category_changes',
    columns: ['customer_id', 'branch_id', 'from_category', 'to_category', 'evidence', 'effective_date', 'requested_by', 'approved_by', 'created_at', 'deleted_at'],
  },
  {
    table: 'recommendations',
    columns: [
      'customer_id', 'branch_id', 'product_id', 'kind', 'amount_fen', 'note', 'outcome', 'reasons', 'assessment_id', 'customer_level', 'customer_lowest',
      'category', 'product_level', 'warning_version', 'ack_by', 'ack_at', 'approved_by', 'status', 'created_by', 'created_at', 'deleted_at',
    ],
  },
  {
    table: 'compliance_reviews',
    columns: [
      'customer_id', 'branch_id', 'source', 'source_id', 'recommendation_id', 'product_id', 'reason', 'customer_level', 'product_level', 'status',
      'reviewer_id', 'reviewed_at', 'note', 'created_at', 'deleted_at',
    ],
  },
  {
    table: 'tasks',
    columns: ['owner_id', 'branch_id', 'customer_id', 'kind', 'due_date', 'status', 'source', 'source_id', 'title_key', 'title_params', 'created_by', 'created_at', 'deleted_at'],
  },
  // Migration 0009: a conflict decided at one node closes the other node's copy (README "Conflict inbox").
  { table: 'conflict_resolutions', columns: ['tbl', 'row_id', 'col', 'winner_hlc', 'loser_hlc', 'status', 'resolved_by', 'branch_id', 'created_at', 'deleted_at'] },
];

const BY_NAME: ReadonlyMap<string, SyncedTable> = new Map(SYNCED_TABLES.map((t) => [t.table, t]));

/** A synced table by name (called per op when a bundle applies: a map, not a scan). */
export function syncedTable(name: string): SyncedTable | undefined {
  return BY_NAME.get(name);
}
