import type { Migration } from './types';

/**
 * Customers this node held and lost to another branch (sync purged them: apply.ts
 * `purgeIfGone`). Local, never synced. An import made here before keeps its record of what it
 * wrote to them, but a customer given back later is a fresh copy (its local `version` starts
 * again), so that record could no longer tell whether it was touched since: an undo of such an
 * import is refused (imports/changes.ts).
 */
export const m0019: Migration = {
  version: 19,
  name: 'customers_moved_away',
  up(db) {
    db.exec(`CREATE TABLE customers_moved_away (customer_id TEXT PRIMARY KEY, moved_at TEXT NOT NULL) STRICT, WITHOUT ROWID;`);
  },
};
