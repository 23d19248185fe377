import type { Migration } from './types';

/**
 * Conflict resolutions travel (src-main/sync/README.md "Conflict inbox"). Both nodes that meet
 * a concurrent edit record the same pair of clocks in their own `sync_conflicts`; resolving it
 * at one node writes a `conflict_resolutions` row (synced, owned by the conflict's branch), and
 * applying that row at the other node closes its copy of the same pair, so two people do not
 * decide the same conflict twice. Insert-only.
 */
export const m0009: Migration = {
  version: 9,
  name: 'conflict_resolutions',
  up(db) {
    db.exec(`
CREATE TABLE conflict_resolutions (
  id TEXT PRIMARY KEY,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  col TEXT NOT NULL,
  winner_hlc TEXT NOT NULL,          -- the pair of clocks the conflict names
  loser_hlc TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('kept','replaced')),
  resolved_by TEXT NOT NULL,
  branch_id TEXT NOT NULL,           -- the conflict's branch, for routing
  created_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX conflict_resolutions_cell ON conflict_resolutions(tbl, row_id, col);
`);
  },
};
