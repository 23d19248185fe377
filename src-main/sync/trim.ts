import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { formatHlc } from './hlc';
import { nodeInfo } from './node';

/**
 * Trimming the op log (architecture.md "Acknowledgement, not hope"): the log is the transport,
 * history is the record. After every bundle received:
 *
 * * link entries the peer acknowledged are dropped (they are never sent again);
 * * an op is dropped once every active peer's link has considered it (the cursor passed it),
 *   no unacknowledged link entry still points at it, and it is older than the keeping period
 *   (`sync.logKeepDays`, default 30): held ops also tell a late edit that was based on them from
 *   a concurrent one (apply.ts), so they are kept a while after delivery.
 *
 * Duplicates stay harmless after trimming: a resent op sits below the link's applied sequence
 * and is skipped by that, not by the log. Only acknowledged link entries are dropped, so a
 * branch falls behind what HQ still holds only as an older copy of itself (a database restored
 * from a backup): both sides refuse its bundles saying so (apply.ts `checkBundle`), and it is
 * enrolled anew: the enrollment is the snapshot.
 */
type Sqlite = BetterSqlite3.Database;

export const DEFAULT_LOG_KEEP_DAYS = 30;

export function logKeepDays(sqlite: Sqlite): number {
  const raw = sqlite.prepare(`SELECT value FROM settings WHERE key = 'sync.logKeepDays'`).pluck().get() as string | undefined;
  const n = raw === undefined ? NaN : Number(JSON.parse(raw));
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_LOG_KEEP_DAYS;
}

export type TrimResult = { linkEntries: number; ops: number };

export function trimLog(sqlite: Sqlite, now: Date): TrimResult {
  const links = sqlite.prepare(`SELECT l.peer_id, l.out_acked FROM sync_links l JOIN sync_peers p ON p.node_id = l.peer_id WHERE p.status = 'active'`).all() as { peer_id: string; out_acked: number }[];
  let linkEntries = 0;
  // A run is dropped when its last entry is acknowledged (a run part-acknowledged stays whole).
  const dropAcked = sqlite.prepare(`DELETE FROM sync_link_ops WHERE peer_id = ? AND link_seq <= ? AND link_seq + n - 1 <= ?`);
  for (const l of links) linkEntries += dropAcked.run(l.peer_id, l.out_acked, l.out_acked).changes;
  // Retired peers' links are never sent again.
  linkEntries += sqlite.prepare(`DELETE FROM sync_link_ops WHERE peer_id IN (SELECT node_id FROM sync_peers WHERE status <> 'active')`).run().changes;

  const horizon = formatHlc({ wall: now.getTime() - logKeepDays(sqlite) * 86_400_000, counter: 0, node: '' });
  // Every origin in the log, by skipping along its primary key (no scan of the log).
  const origins = sqlite
    .prepare(
      `WITH RECURSIVE o(x) AS (SELECT min(origin) FROM sync_ops UNION ALL SELECT (SELECT min(origin) FROM sync_ops WHERE origin > o.x) FROM o WHERE o.x IS NOT NULL)
       SELECT x FROM o WHERE x IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  const { nodeId: self, role } = nodeInfo(sqlite);
  const isHq = role === 'hq';
  const cursor = sqlite.prepare(`SELECT upto FROM sync_link_cursor WHERE peer_id = ? AND origin = ?`).pluck();
  const pending = sqlite.prepare(`SELECT min(origin_seq) FROM sync_link_ops WHERE origin = ?`).pluck();
  const drop = sqlite.prepare(`DELETE FROM sync_ops WHERE origin = ? AND origin_seq <= ? AND hlc < ? AND NOT EXISTS (SELECT 1 FROM sync_parked p WHERE p.origin = sync_ops.origin AND p.origin_seq = sync_ops.origin_seq)`);
  let ops = 0;
  for (const origin of origins) {
    let safe = Number.MAX_SAFE_INTEGER;
    // HQ relays every origin to every other peer; a branch sends only its own ops.
    if (isHq || origin === self) {
      for (const l of links) if (l.peer_id !== origin) safe = Math.min(safe, (cursor.get(l.peer_id, origin) as number | undefined) ?? 0);
      const firstPending = pending.get(origin) as number | null;
      if (firstPending !== null) safe = Math.min(safe, firstPending - 1);
    }
    if (safe <= 0) continue;
    ops += drop.run(origin, safe, horizon).changes;
  }
  return { linkEntries, ops };
}
