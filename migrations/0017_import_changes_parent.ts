import type { Migration } from './types';

/**
 * An import's change to a customer or a product by the row it changed: an undo (or a cancel's
 * compensation) takes a customer's manager periods and a product's risk-level records back only
 * while their customer or product is still as the import left it (src-main/imports/changes.ts
 * `parentAsLeft`), and finds that change through this index. Partial: the other tables' changes
 * are never looked up by row.
 */
export const m0017: Migration = {
  version: 17,
  name: 'import_changes_parent',
  up(db) {
    db.exec(`CREATE INDEX import_changes_parent ON import_changes(import_id, row_key) WHERE table_name IN ('customers', 'products');`);
  },
};
