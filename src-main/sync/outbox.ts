import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { LATEST_VERSION } from '../../migrations/index';
import { sealBundle, type Manifest } from './format';
import { announcedKeys, ownKeyChain, currentKeys, nodeInfo, peer, peerBoxKey, type NodeInfo } from './node';
import { CUSTOMER_CHILD_TABLES, mayHold, pendingForLink } from './routing';
import { syncedTable } from './synced-tables';
import { opItemSchema, type HistoryTuple, type OpItem, type RowItem } from './items';

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

/**
 * Extend the link to `peerId` with newly routed ops. Returns the link's highest link_seq. Run
 * inside a transaction. Consecutive ops of one origin are numbered as one run (one row).
 */
export function assignLink(sqlite: Sqlite, node: NodeInfo, peerId: string): number {
  const to = peer(sqlite, peerId);
  if (!to) throw new SyncRefusal('error.sync.peer.unknown');
  const link = sqlite.prepare(`SELECT out_seq FROM sync_links WHERE peer_id = ?`).get(peerId) as { out_seq: number } | undefined;
  if (!link) throw new SyncRefusal('error.sync.peer.unknown');
  const { entries, cursors } = pendingForLink(sqlite, node, to);
  let seq = link.out_seq;
  const ins = sqlite.prepare(`INSERT INTO sync_link_ops (peer_id, link_seq, origin, origin_seq, n, snap_tbl, snap_row) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  let run: { linkSeq: number; origin: string; originSeq: number; n: number } | null = null;
  const flush = () => {
    if (run) ins.run(peerId, run.linkSeq, run.origin, run.originSeq, run.n, null, null);
    run = null;
  };
  for (const e of entries) {
    if (e.snapshot) {
      flush();
      ins.run(peerId, seq + 1, null, null, 1, e.snapTable ?? 'customers', e.snapshot);
    } else if (run && run.origin === e.origin && run.originSeq + run.n === e.originSeq) run.n += e.count;
    else {
      flush();
      run = { linkSeq: seq + 1, origin: e.origin, originSeq: e.originSeq, n: e.count };
    }
    seq += e.count;
  }
  flush();
  const cur = sqlite.prepare(`INSERT INTO sync_link_cursor (peer_id, origin, upto) VALUES (?, ?, ?) ON CONFLICT(peer_id, origin) DO UPDATE SET upto = excluded.upto`);
  for (const [origin, upto] of cursors) cur.run(peerId, origin, upto);
  sqlite.prepare(`UPDATE sync_links SET out_seq = ? WHERE peer_id = ?`).run(seq, peerId);
  return seq;
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

/** Whether the receiver may hold a row of `branchId` (routing.ts `mayHold`, seen from the receiver). */
export type Holds = (branchId: string | null) => boolean;

/** The rows `to` may hold: the same rule it applies itself (routing.ts `mayHold`). */
export function holdsOf(node: NodeInfo, to: { nodeId: string; orgId: string; role: NodeInfo['role'] }): Holds {
  const receiver: NodeInfo = { nodeId: to.nodeId, role: to.role, orgId: to.orgId, hqOrgId: node.hqOrgId };
  return (branchId) => mayHold(receiver, branchId);
}

/** A row's branch, undefined when the row is gone. */
export const branchOf = (sqlite: Sqlite, table: string, id: string) => sqlite.prepare(`SELECT branch_id FROM ${table} WHERE id = ?`).pluck().get(id) as string | null | undefined;

/**
 * A customer and every child row, as row items under one link_seq. `holds`: the rows the
 * receiver may hold; a row of another branch is left out (the customer, and so the whole
 * snapshot, or a child row that has not followed its customer yet: it comes on its own when it does).
 */
export function customerSnapshot(sqlite: Sqlite, linkSeq: number, customerId: string, holds: Holds, withHistory = true): RowItem[] {
  const out: RowItem[] = [];
  const branch = branchOf(sqlite, 'customers', customerId);
  if (branch === undefined || !holds(branch)) return out;
  const c = rowItem(sqlite, linkSeq, 'customers', customerId, withHistory);
  if (!c) return out;
  out.push(c);
  for (const table of CUSTOMER_CHILD_TABLES) {
    for (const { id } of (sqlite.prepare(`SELECT id, branch_id FROM ${table} WHERE customer_id = ?`).all(customerId) as { id: string; branch_id: string | null }[]).filter((k) => holds(k.branch_id))) {
      const it = rowItem(sqlite, linkSeq, table, id, withHistory);
      if (it) out.push(it);
    }
  }
  return out;
}

/**
 * The ops this node holds parked (an unknown column, a clock too far ahead) on a snapshot's rows,
 * as op lines of the snapshot's link_seq. The link that carries the snapshot passed them when
 * they were routed (the customer was elsewhere then), so the replay here after an upgrade would
 * reach no one: they travel with the row instead, and the receiver parks them in turn, or
 * applies them if it can (as enrollment does, enroll.ts). Held there once: carried again, they
 * are skipped. `sync_parked` holds a handful of rows, read once per bundle.
 */
function* parkedOn(parked: () => readonly OpItem[], linkSeq: number, rows: readonly RowItem[]): Generator<string> {
  if (rows.length === 0 || parked().length === 0) return;
  const keys = new Set(rows.map((it) => `${it.tb}\u0000${it.r}`));
  for (const op of parked()) if (keys.has(`${op.tb}\u0000${op.r}`)) yield JSON.stringify({ ...op, s: linkSeq });
}

/** The origin prefix of a parked snapshot cell (apply.ts `parkUnknownCells`): no node's id has a colon. */
export const SNAPSHOT_CELL = 'cell:';

/**
 * The ops this node holds parked (`sync_parked`: an unknown column, a clock too far ahead), by
 * origin key. Not a snapshot's parked cells (apply.ts `parkUnknownCells`): they are no op of any
 * node's log, and only a branch, which sends no snapshots, receives them.
 */
export function parkedOps(sqlite: Sqlite): OpItem[] {
  return (sqlite.prepare(`SELECT op FROM sync_parked WHERE substr(origin, 1, ${SNAPSHOT_CELL.length}) <> '${SNAPSHOT_CELL}' ORDER BY origin, origin_seq`).pluck().all() as string[]).map((json) =>
    opItemSchema.parse(JSON.parse(json)),
  );
}

/** An op's item (items.ts `opItemSchema`) as JSON, built by SQLite: `s` is `?` + origin_seq. */
const OP_LINE = `json_object('t', 'op', 's', ? + origin_seq, 'o', origin, 'q', origin_seq, 'tb', tbl, 'r', row_id, 'k', kind, 'c', col, 'v', value,
  'h', hlc, 'b', base_hlc, 'a', author, 'br', branch_id, 'pb', prev_branch_id)`;

/**
 * The items of the link to `peerId` from `from` to `to` (link_seq), in order, each as its JSON
 * line. An op run is read from the log by its key range, each line made by SQLite (no object per
 * op on the way to the file); a snapshot entry is read row by row.
 */
export function* linkLines(sqlite: Sqlite, peerId: string, from: number, to: number): Generator<string> {
  if (from > to) return;
  // The run that holds `from` may start below it.
  const first = (sqlite.prepare(`SELECT max(link_seq) FROM sync_link_ops WHERE peer_id = ? AND link_seq <= ?`).pluck().get(peerId, from) as number | null) ?? from;
  const runs = sqlite
    .prepare(`SELECT link_seq, n, origin, origin_seq, snap_tbl, snap_row FROM sync_link_ops WHERE peer_id = ? AND link_seq BETWEEN ? AND ? ORDER BY link_seq`)
    .all(peerId, first, to) as { link_seq: number; n: number; origin: string | null; origin_seq: number | null; snap_tbl: string | null; snap_row: string | null }[];
  const ops = sqlite.prepare(`SELECT origin_seq, ${OP_LINE} FROM sync_ops WHERE origin = ? AND origin_seq BETWEEN ? AND ? ORDER BY origin_seq`).raw(true);
  // A snapshot is read as the row stands when the bundle is written (and again when it is
  // written again): by then the row may have moved on to a branch the peer may not hold.
  const receiver = peer(sqlite, peerId);
  const holds: Holds = receiver ? holdsOf(nodeInfo(sqlite), receiver) : () => false;
  let held: OpItem[] | null = null;
  const parked = () => (held ??= parkedOps(sqlite));
  let expect = from;
  for (const r of runs) {
    const lo = Math.max(from, r.link_seq);
    const hi = Math.min(to, r.link_seq + r.n - 1);
    if (hi < lo) continue;
    if (lo !== expect) throw new Error(`link ${peerId}: entries ${expect}-${lo - 1} are no longer held`);
    expect = hi + 1;
    if (r.snap_row) {
      if (r.snap_tbl === 'customers' || r.snap_tbl === null) {
        const rows = customerSnapshot(sqlite, r.link_seq, r.snap_row, holds);
        for (const it of rows) yield JSON.stringify(it);
        yield* parkedOn(parked, r.link_seq, rows);
      } else {
        // A child row that followed its customer on its own (routing.ts).
        const branch = branchOf(sqlite, r.snap_tbl, r.snap_row);
        const it = branch !== undefined && holds(branch) ? rowItem(sqlite, r.link_seq, r.snap_tbl, r.snap_row, true) : null;
        if (it) {
          yield JSON.stringify(it);
          yield* parkedOn(parked, r.link_seq, [it]);
        }
      }
      // An empty snapshot (the row is gone) still fills its link_seq.
      continue;
    }
    const offset = r.link_seq - r.origin_seq!;
    let next = lo - offset;
    for (const [seq, line] of ops.iterate(offset, r.origin, lo - offset, hi - offset) as IterableIterator<[number, string]>) {
      if (seq !== next) break;
      next += 1;
      yield line;
    }
    if (next !== hi - offset + 1) throw new Error(`link ${peerId}: op ${next + offset} is no longer held (trimmed below an unacknowledged link)`);
  }
  if (expect !== to + 1) throw new Error(`link ${peerId}: entries ${expect}-${to} are not numbered`);
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
      keyChain: ownKeyChain(sqlite),
    };
    const { file, manifest: written } = sealBundle(manifest, linkLines(sqlite, peerId, from, top), { signPrivate: keys.signPrivate }, box.boxPublic);
    sqlite
      .prepare(`UPDATE sync_links SET last_sent_at = ?, last_sent_bundle = ?, last_sent_to = ?, last_ack_sent = ? WHERE peer_id = ?`)
      .run(iso, bundleId, top, link.in_applied, peerId);
    return { file, manifest: written, peerId };
  }).immediate();
}
