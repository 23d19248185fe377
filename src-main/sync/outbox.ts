import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { LATEST_VERSION } from '../../migrations/index';
import { sealBundle, type Manifest } from './format';
import { announcedKeys, currentKeys, nodeInfo, peer, peerBoxKey, type NodeInfo } from './node';
import { CUSTOMER_CHILD_TABLES, pendingForLink } from './routing';
import { syncedTable } from './synced-tables';
import type { BundleItem, HistoryTuple, OpItem, RowItem } from './items';

/**
 * The sending side (README "Links"): number what the link to a peer carries, and write the
 * bundle with everything the peer has not acknowledged.
 */
type Sqlite = BetterSqlite3.Database;

export class SyncRefusal extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** Extend the link to `peerId` with newly routed ops. Returns the link's highest link_seq. Run inside a transaction. */
export function assignLink(sqlite: Sqlite, node: NodeInfo, peerId: string): number {
  const to = peer(sqlite, peerId);
  if (!to) throw new SyncRefusal('error.sync.peer.unknown');
  const link = sqlite.prepare(`SELECT out_seq FROM sync_links WHERE peer_id = ?`).get(peerId) as { out_seq: number } | undefined;
  if (!link) throw new SyncRefusal('error.sync.peer.unknown');
  const { entries, cursors } = pendingForLink(sqlite, node, to);
  let seq = link.out_seq;
  const ins = sqlite.prepare(`INSERT INTO sync_link_ops (peer_id, link_seq, origin, origin_seq, snap_tbl, snap_row) VALUES (?, ?, ?, ?, ?, ?)`);
  for (const e of entries) {
    seq += 1;
    if (e.snapshot) ins.run(peerId, seq, null, null, e.snapTable ?? 'customers', e.snapshot);
    else ins.run(peerId, seq, e.origin, e.originSeq, null, null);
  }
  const cur = sqlite.prepare(`INSERT INTO sync_link_cursor (peer_id, origin, upto) VALUES (?, ?, ?) ON CONFLICT(peer_id, origin) DO UPDATE SET upto = excluded.upto`);
  for (const [origin, upto] of cursors) cur.run(peerId, origin, upto);
  sqlite.prepare(`UPDATE sync_links SET out_seq = ? WHERE peer_id = ?`).run(seq, peerId);
  return seq;
}

type OpRow = {
  origin: string;
  origin_seq: number;
  tbl: string;
  row_id: string;
  kind: OpItem['k'];
  col: string | null;
  value: string | null;
  hlc: string;
  base_hlc: string | null;
  author: string;
  branch_id: string;
  prev_branch_id: string | null;
};

export function opItem(linkSeq: number, r: OpRow): OpItem {
  return { t: 'op', s: linkSeq, o: r.origin, q: r.origin_seq, tb: r.tbl, r: r.row_id, k: r.kind, c: r.col, v: r.value, h: r.hlc, b: r.base_hlc, a: r.author, br: r.branch_id, pb: r.prev_branch_id };
}

/**
 * One row as it stands, with its cell clocks and (when asked) its history: the unit of a
 * snapshot. Only the captured columns travel.
 */
export function rowItem(sqlite: Sqlite, linkSeq: number, table: string, rowId: string, withHistory: boolean): RowItem | null {
  const t = syncedTable(table);
  if (!t) return null;
  const cols = ['id', ...t.columns];
  const image = sqlite.prepare(`SELECT json_object(${cols.map((c) => `'${c}', ${c}`).join(', ')}) FROM ${table} WHERE id = ?`).pluck().get(rowId) as string | undefined;
  if (image === undefined) return null;
  const clocks: Record<string, string> = {};
  for (const c of sqlite.prepare(`SELECT col, hlc FROM sync_cell_clock WHERE tbl = ? AND row_id = ?`).all(table, rowId) as { col: string; hlc: string }[]) clocks[c.col] = c.hlc;
  const item: RowItem = { t: 'row', s: linkSeq, tb: table, r: rowId, v: image, ck: clocks };
  if (withHistory) {
    item.h = (
      sqlite.prepare(`SELECT kind, col, old_value, new_value, hlc, author, origin FROM history WHERE tbl = ? AND row_id = ? ORDER BY id`).all(table, rowId) as {
        kind: HistoryTuple[0];
        col: string | null;
        old_value: string | null;
        new_value: string | null;
        hlc: string;
        author: string;
        origin: string;
      }[]
    ).map((h): HistoryTuple => [h.kind, h.col, h.old_value, h.new_value, h.hlc, h.author, h.origin]);
  }
  return item;
}

/** A customer and every child row, as row items under one link_seq. */
export function customerSnapshot(sqlite: Sqlite, linkSeq: number, customerId: string, withHistory = true): RowItem[] {
  const out: RowItem[] = [];
  const c = rowItem(sqlite, linkSeq, 'customers', customerId, withHistory);
  if (!c) return out;
  out.push(c);
  for (const table of CUSTOMER_CHILD_TABLES) {
    for (const id of sqlite.prepare(`SELECT id FROM ${table} WHERE customer_id = ?`).pluck().all(customerId) as string[]) {
      const it = rowItem(sqlite, linkSeq, table, id, withHistory);
      if (it) out.push(it);
    }
  }
  return out;
}

/** The items of the link to `peerId` from `from` to `to` (link_seq), in order. */
export function* linkItems(sqlite: Sqlite, peerId: string, from: number, to: number): Generator<BundleItem> {
  const rows = sqlite
    .prepare(
      `SELECT l.link_seq, l.snap_tbl, l.snap_row, o.origin, o.origin_seq, o.tbl, o.row_id, o.kind, o.col, o.value, o.hlc, o.base_hlc, o.author, o.branch_id, o.prev_branch_id
         FROM sync_link_ops l LEFT JOIN sync_ops o ON o.origin = l.origin AND o.origin_seq = l.origin_seq
        WHERE l.peer_id = ? AND l.link_seq BETWEEN ? AND ? ORDER BY l.link_seq`,
    )
    .iterate(peerId, from, to) as IterableIterator<OpRow & { link_seq: number; snap_tbl: string | null; snap_row: string | null }>;
  for (const r of rows) {
    if (r.snap_row) {
      if (r.snap_tbl === 'customers' || r.snap_tbl === null) yield* customerSnapshot(sqlite, r.link_seq, r.snap_row);
      else {
        // A child row that followed its customer on its own (routing.ts).
        const it = rowItem(sqlite, r.link_seq, r.snap_tbl, r.snap_row, true);
        if (it) yield it;
      }
      // An empty snapshot (the row is gone) still fills its link_seq.
      continue;
    }
    if (r.tbl === null) throw new Error(`link ${peerId}: op ${r.link_seq} is no longer held (trimmed below an unacknowledged link)`);
    yield opItem(r.link_seq, r);
  }
}

export type CreatedBundle = { file: Buffer; manifest: Manifest; peerId: string };

/**
 * Write a bundle for a peer: the link extended with what arrived since, then every item the
 * peer has not acknowledged, and our acknowledgement of theirs. Runs in one write transaction
 * (the link numbering and the "last sent" record commit together); the caller writes the file.
 */
export function createBundle(sqlite: Sqlite, peerId: string, now: Date): CreatedBundle {
  return sqlite.transaction(() => {
    const node = nodeInfo(sqlite);
    const to = peer(sqlite, peerId);
    if (!to) throw new SyncRefusal('error.sync.peer.unknown');
    if (to.status !== 'active') throw new SyncRefusal('error.sync.peer.retired');
    const box = peerBoxKey(sqlite, peerId);
    if (!box) throw new SyncRefusal('error.sync.peer.noKey');
    const top = assignLink(sqlite, node, peerId);
    const link = sqlite.prepare(`SELECT out_acked, in_applied FROM sync_links WHERE peer_id = ?`).get(peerId) as { out_acked: number; in_applied: number };
    const from = link.out_acked + 1;
    const iso = now.toISOString();
    const keys = currentKeys(sqlite, iso);
    const bundleId = uuidv7();
    const manifest = {
      bundleId,
      kind: 'bundle' as const,
      from: { nodeId: node.nodeId, keyId: keys.keyId },
      to: { nodeId: peerId, keyId: box.keyId },
      schemaVersion: LATEST_VERSION,
      link: { from, to: top },
      ack: link.in_applied,
      createdAt: iso,
      newKeys: announcedKeys(sqlite),
    };
    const { file, manifest: written } = sealBundle(manifest, linkItems(sqlite, peerId, from, top), { signPrivate: keys.signPrivate }, box.boxPublic);
    sqlite
      .prepare(`UPDATE sync_links SET last_sent_at = ?, last_sent_bundle = ?, last_sent_to = ?, last_ack_sent = ? WHERE peer_id = ?`)
      .run(iso, bundleId, top, link.in_applied, peerId);
    return { file, manifest: written, peerId };
  }).immediate();
}
