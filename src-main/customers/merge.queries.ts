import type { Selectable } from 'kysely';
import type { CustomersTable } from '../db/schema';
import { MERGE_FIELDS, type MergeField } from '../../src-shared/customers/customers.contract';
import { CUSTOMER_FIELD_COLUMNS } from './customer-columns';
import type { Sqlite } from '../suitability/suitability.queries';
import { OPS_OF_ROW } from '../sync/capture';
import { nodeInfo } from '../sync/node';
import { hasGoneOut } from '../sync/routing';

export type CustomerRecord = Selectable<CustomersTable>;

/** The customers column behind each mergeable field of the contract: its stored column, and the manager's. */
export const MERGE_COLUMNS = { ...CUSTOMER_FIELD_COLUMNS, managerId: 'manager_id' } as const satisfies Record<MergeField, keyof CustomersTable>;
export type MergeColumn = (typeof MERGE_COLUMNS)[MergeField];
export const MERGE_COLUMN_LIST: readonly MergeColumn[] = MERGE_FIELDS.map((f) => MERGE_COLUMNS[f]);

/**
 * The synced child tables of a customer: every row moves to the survivor on a merge, including
 * the suitability records (assessments, recommendations, reviews, category changes, tasks),
 * after which the survivor's derived risk level is recomputed from the latest assessment.
 */
export const CHILD_TABLES = [
  'contacts', 'accounts', 'customer_feedback', 'customer_tags', 'customer_ownership',
  'risk_assessments', 'recommendations', 'compliance_reviews', 'investor_category_changes', 'tasks',
] as const;
export type ChildTable = (typeof CHILD_TABLES)[number];

/**
 * What `customer_merges.moved` holds: enough to undo the merge exactly.
 * `tables`: ids of the loser's child rows moved to the survivor; `tagsDropped`: the loser's
 * tags the survivor already had (soft-deleted, not moved); `ownershipClosed`: open ownership
 * rows the merge closed (the loser's, and the survivor's when the manager changed);
 * `ownershipAdded`: the 'merge' ownership row it opened; `pairStatus`: the pair's duplicate
 * candidates (by reason) and their status before the merge.
 */
export type MergeMoved = {
  tables: Record<ChildTable, string[]>;
  tagsDropped: string[];
  ownershipClosed: string[];
  ownershipAdded: string | null;
  pairStatus: Partial<Record<'id_no' | 'name_birth' | 'phone', 'open' | 'dismissed' | 'merged'>>;
};

/** The survivor's overwritten values, by column. */
export type SurvivorBefore = Partial<Record<MergeColumn, string | null>>;

/**
 * "Bundled" (issue 4: undoable until the merge has gone into a bundle). The merge's ops are
 * contiguous and its customer_merges insert is the first of them (run() writes it first), so the
 * merge has (at least partly) travelled once that op has gone out to a peer (`hasGoneOut`). No
 * such op of this node (the merge arrived in a bundle, or its ops were trimmed after
 * acknowledgement) also means it cannot be undone here.
 */
export function isBundled(sqlite: Sqlite, mergeId: string): boolean {
  const node = nodeInfo(sqlite);
  const op = sqlite
    .prepare(`SELECT origin_seq, branch_id, prev_branch_id FROM sync_ops WHERE ${OPS_OF_ROW} AND kind = 'insert' AND origin = ?`)
    .get(mergeId, 'customer_merges', mergeId, node.nodeId) as { origin_seq: number; branch_id: string; prev_branch_id: string | null } | undefined;
  return op === undefined || hasGoneOut(sqlite, node, op);
}
