import type { Migration } from './types';

/**
 * Issue 4's search and count indexes (list-shapes.ts, customers.queries.ts).
 *
 * * Pinyin initials by scope: `zw` matches 4,500–28,000 customers firm-wide; with the scope
 *   column first, a search walks only the scope's matches, in index order, and stops after the
 *   first page's worth instead of reading every match's row to test its branch or manager.
 *   (Full pinyin already has (branch_id, name_py) and (manager_id, name_py) from the name sort.)
 * * The expiry and elderly flags by branch: counting "risk assessment expired" on a
 *   400k-customer branch read every row of the branch (1.5 s). A firm-wide count seeks each
 *   branch in turn (`branch_id IN (…)` spelled out), so no skip-scan. They are partial (live
 *   customers only), so a count reads the index alone: with `deleted_at` checked in each row,
 *   counting the 100,000 expired assessments of a branch took 600 ms.
 */
export const m0004: Migration = {
  version: 4,
  name: 'search_count_indexes',
  up(db) {
    db.exec(`
CREATE INDEX customers_branch_initials ON customers(branch_id, name_initials);
CREATE INDEX customers_manager_initials ON customers(manager_id, name_initials);
CREATE INDEX customers_branch_risk_exp ON customers(branch_id, risk_expires_at) WHERE deleted_at IS NULL;
CREATE INDEX customers_branch_id_exp ON customers(branch_id, id_expiry) WHERE deleted_at IS NULL;
CREATE INDEX customers_branch_birth ON customers(branch_id, kind, birth_date) WHERE deleted_at IS NULL;
`);
  },
};
