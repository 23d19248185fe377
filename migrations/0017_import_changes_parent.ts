import type { Migration } from './types';

/**
 * An import's change to a customer or a product by the row it changed: an undo (or a cancel's
 * compensation) takes a customer's manager periods and a product's risk-level records back only
 * while their customer or product is still as the import left it (src-main/imports/changes.ts
 * `parentAsLeft`), and finds that change through these indexes. Partial, one per table: the
 * other tables' changes are never looked up by row, and SQLite uses a partial index only for a
 * query whose WHERE repeats the index's own condition (`table_name = 'customers'` does not imply
 * `table_name IN ('customers', 'products')` to it: that index was never used, and an undo of
 * 100,000 customers scanned the import's changes once for each manager period).
 */
export const m0017: Migration = {
  version: 17,
  name: 'import_changes_parent',
  up(db) {
    db.exec(`CREATE INDEX import_changes_customer ON import_changes(import_id, row_key) WHERE table_name = 'customers';
CREATE INDEX import_changes_product ON import_changes(import_id, row_key) WHERE table_name = 'products';`);
  },
};
