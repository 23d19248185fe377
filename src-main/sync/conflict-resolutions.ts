import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import type { ConflictRow } from './status.queries';

/**
 * A conflict's decision travels (README "Conflict inbox"; migration 0009): the node that decides
 * writes a `conflict_resolutions` row, and a node that applies it closes its own copy of the
 * same pair of clocks.
 */
type Sqlite = BetterSqlite3.Database;

/**
 * Close a conflict here, and write the decision as a `conflict_resolutions` row (in the caller's
 * captured transaction: it syncs), which closes the other nodes' copies of the same pair.
 */
export function markResolved(sqlite: Sqlite, k: ConflictRow, status: 'kept' | 'replaced', userId: string, now: Date): void {
  const at = now.toISOString();
  sqlite.prepare(`UPDATE sync_conflicts SET status = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'open'`).run(status, userId, at, k.id);
  sqlite
    .prepare(`INSERT INTO conflict_resolutions (id, tbl, row_id, col, winner_hlc, loser_hlc, status, resolved_by, branch_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(uuidv7(), k.tbl, k.row_id, k.col, k.winner_hlc, k.loser_hlc, status, userId, k.branch_id, at);
}

/**
 * Open conflicts here that another node has decided (a `conflict_resolutions` row for the same
 * cell and the same pair of clocks, either way round): closed as it was decided there, by whom
 * and when. Run at the end of every bundle applied; open conflicts are few, each probed by cell.
 */
export function closeResolvedConflicts(sqlite: Sqlite): number {
  return sqlite
    .prepare(
      `UPDATE sync_conflicts SET status = r.status, resolved_by = r.resolved_by, resolved_at = r.created_at
         FROM conflict_resolutions r
        WHERE sync_conflicts.status = 'open' AND r.deleted_at IS NULL
          AND r.tbl = sync_conflicts.tbl AND r.row_id = sync_conflicts.row_id AND r.col = sync_conflicts.col
          AND ((r.winner_hlc = sync_conflicts.winner_hlc AND r.loser_hlc = sync_conflicts.loser_hlc)
            OR (r.winner_hlc = sync_conflicts.loser_hlc AND r.loser_hlc = sync_conflicts.winner_hlc))`,
    )
    .run().changes;
}
