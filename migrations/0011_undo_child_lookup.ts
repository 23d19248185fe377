import type { Migration } from './types';

/**
 * Undo of an import asks, for each customer the import created, whether any live child row
 * hangs off it now (src-main/imports/changes.ts `countTouched`): one lookup by customer_id per
 * child table. Every child table had an index leading with customer_id but compliance_reviews,
 * whose index leads with the review's source.
 */
export const m0011: Migration = {
  version: 11,
  name: 'undo_child_lookup',
  up(db) {
    db.exec(`CREATE INDEX compliance_reviews_customer ON compliance_reviews(customer_id);`);
  },
};
