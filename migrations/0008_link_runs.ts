import type { Migration } from './types';

/**
 * Link entries as runs (src-main/sync/README.md "Links"): one `sync_link_ops` row numbers `n`
 * consecutive ops of one origin (`origin_seq … origin_seq + n - 1` as `link_seq … link_seq +
 * n - 1`). A branch's link to HQ carries every op the branch originated, in order, so a week of
 * work (half a million ops) is one row instead of half a million; at HQ a run is cut wherever
 * routing skips an op or another origin's op comes between. Existing rows are runs of one.
 */
export const m0008: Migration = {
  version: 8,
  name: 'link_runs',
  up(db) {
    db.exec(`ALTER TABLE sync_link_ops ADD COLUMN n INTEGER NOT NULL DEFAULT 1 CHECK (n >= 1);`);
  },
};
