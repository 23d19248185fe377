import type { Migration } from './types';

/**
 * The op log's storage (src-main/sync/README.md "Links", "Storage").
 *
 * * Link entries as runs: one `sync_link_ops` row numbers `n` consecutive ops of one origin
 *   (`origin_seq … origin_seq + n - 1` as `link_seq … link_seq + n - 1`). A branch's link to HQ
 *   carries every op the branch originated, in order, so a week of work (half a million ops) is
 *   one row instead of half a million; at HQ a run is cut wherever routing skips an op or
 *   another origin's op comes between. Existing rows are runs of one.
 * * `sync_ops` as a rowid table (it was WITHOUT ROWID). An insert op carries the row image (a
 *   customer's is about 900 bytes), and a WITHOUT ROWID table keeps at most about 1,000 bytes of a
 *   row on its B-tree page: the rest went to an overflow page of its own, 4 KiB for a few dozen
 *   bytes. Capturing 30,000 new customers wrote 60,400 pages; as a rowid table (rows up to about
 *   4,000 bytes stay on the page) 36,400. `(origin, origin_seq)` stays the primary key (now a
 *   unique index beside the rows).
 */
export const m0008: Migration = {
  version: 8,
  name: 'sync_log_storage',
  up(db) {
    db.exec(`
ALTER TABLE sync_link_ops ADD COLUMN n INTEGER NOT NULL DEFAULT 1 CHECK (n >= 1);

CREATE TABLE sync_ops_new (
  origin TEXT NOT NULL,
  origin_seq INTEGER NOT NULL,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('insert','update','delete')),
  col TEXT,                          -- NULL for insert (whole row) and delete
  value TEXT,                        -- JSON: the row image, the new cell value, or deleted_at
  hlc TEXT NOT NULL,
  base_hlc TEXT,                     -- clock of the value this edit overwrote
  author TEXT NOT NULL,
  branch_id TEXT NOT NULL,           -- owning branch of the row, for routing
  prev_branch_id TEXT,               -- the owning branch before a move (0007)
  PRIMARY KEY (origin, origin_seq)
) STRICT;
INSERT INTO sync_ops_new (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id)
  SELECT origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id FROM sync_ops ORDER BY origin, origin_seq;
DROP TABLE sync_ops;
ALTER TABLE sync_ops_new RENAME TO sync_ops;
CREATE INDEX sync_ops_row ON sync_ops(tbl, row_id);
`);
  },
};
