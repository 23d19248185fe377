import type { Migration } from './types';

/**
 * Unmasked exports under four-eyes (architecture.md "Four-eyes", 复核): once a checker approves
 * the request, the export job writes the file into the app's own folder (`path`, beside the
 * database), and the maker saves it where they choose, once (`saved_at`). A staged file is
 * removed when saved, and at the first start after STAGED_KEEP_DAYS whether saved or not
 * (src-main/exports/staged-exports.ts). Local: never synced.
 */
export const m0014: Migration = {
  version: 14,
  name: 'staged_exports',
  up(db) {
    db.exec(`
CREATE TABLE staged_exports (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  maker_id TEXT NOT NULL REFERENCES users(id),
  approver_id TEXT NOT NULL REFERENCES users(id),
  format TEXT NOT NULL CHECK (format IN ('xlsx', 'csv')),
  path TEXT NOT NULL,
  created_at TEXT NOT NULL,
  saved_at TEXT
) STRICT;
CREATE INDEX staged_exports_maker ON staged_exports(maker_id, created_at);
`);
  },
};
