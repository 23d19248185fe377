import type { Migration } from './types';

/**
 * The conflict inbox is scoped by `sync_conflicts.branch_id`, the branch of the row when the
 * conflict was recorded (src-main/sync/status.queries.ts). When HQ moves a customer (and its child
 * rows follow), its open and decided conflicts must move too: else the old branch's manager still
 * sees and decides them, and the new branch's does not. A trigger per table of customer data
 * keeps the column the row's branch, so the inbox stays an index search (`sync_conflicts_open`).
 */
const TABLES = [
  'customers',
  'contacts',
  'accounts',
  'customer_feedback',
  'customer_tags',
  'customer_ownership',
  'customer_merges',
  'risk_assessments',
  'investor_category_changes',
  'recommendations',
  'compliance_reviews',
  'tasks',
] as const;

export const m0012: Migration = {
  version: 12,
  name: 'conflicts_follow_moves',
  up(db) {
    for (const t of TABLES) {
      db.exec(`CREATE TRIGGER ${t}_conflicts_follow AFTER UPDATE OF branch_id ON ${t} WHEN NEW.branch_id IS NOT OLD.branch_id AND NEW.branch_id IS NOT NULL
BEGIN
  UPDATE sync_conflicts SET branch_id = NEW.branch_id WHERE tbl = '${t}' AND row_id = NEW.id;
END;`);
    }
  },
};
