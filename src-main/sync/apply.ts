import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { LATEST_VERSION } from '../../migrations/index';
import type { Db } from '../db/open';
import { writeTxSync } from '../db/tx';
import { BundleError, openBundle, openBundleHeader, type Manifest, type OpenOptions } from './format';
import { parseHlc } from './hlc';
import { bundleItemSchema, type BundleItem, type OpItem, type RowItem } from './items';
import { addPeerKey, nodeInfo, notePeerUsedKey, ownBoxPrivate, peer, peerSigner, type NodeInfo } from './node';
import { SyncRefusal } from './outbox';
import { CUSTOMER_CHILD_TABLES, isHqOwned, mayHold } from './routing';
import { syncedTable } from './synced-tables';

/**
 * The receiving side (README "Apply"). Checks first (signature, recipient, sender, link
 * sequence: duplicate or gap), then every item validated, then one transaction applies them
 * all and advances the link, or nothing changes.
 */
type Sqlite = BetterSqlite3.Database;

/** A clock more than this far ahead of ours is parked, not trusted (architecture.md "Clock"). */
export const MAX_DRIFT_MS = 24 * 3600 * 1000;

export type ApplyStats = { ops: number; rows: number; applied: number; stale: number; conflicts: number; parked: number; purged: number; refusedHqOwned: number };
export type ReceiveResult =
  | ({ status: 'applied'; bundleId: string; peerId: string; linkTo: number; ack: number; newerSchema: boolean; replayed: number } & ApplyStats)
  | { status: 'duplicate'; bundleId: string; peerId: string; linkTo: number; ack: number };

const emptyStats = (): ApplyStats => ({ ops: 0, rows: 0, applied: 0, stale: 0, conflicts: 0, parked: 0, purged: 0, refusedHqOwned: 0 });

function openOptions(sqlite: Sqlite, node: NodeInfo): OpenOptions {
  return {
    selfNodeId: node.nodeId,
    lookupSigner: (keyId) => peerSigner(sqlite, keyId),
    boxPrivate: (keyId) => ownBoxPrivate(sqlite, keyId),
  };
}

function refusal(e: unknown): never {
  if (e instanceof BundleError) throw new SyncRefusal(`error.sync.bundle.${e.code}`, e.detail ?? {});
  throw e;
}

type LinkRow = { in_applied: number; out_acked: number; last_received_bundle: string | null };

/** Checks that need only the signed manifest: who sent it, and whether it is new, a duplicate or past a gap. */
export function checkBundle(sqlite: Sqlite, file: Buffer): { manifest: Manifest; peerId: string; duplicate: boolean } {
  const node = nodeInfo(sqlite);
  let manifest: Manifest;
  try {
    manifest = openBundleHeader(file, openOptions(sqlite, node));
  } catch (e) {
    refusal(e);
  }
  const signer = peerSigner(sqlite, manifest.from.keyId);
  if (!signer || signer.nodeId !== manifest.from.nodeId) throw new SyncRefusal('error.sync.bundle.badManifest');
  const from = peer(sqlite, signer.nodeId);
  if (!from || from.status !== 'active') throw new SyncRefusal('error.sync.bundle.retiredKey');
  const link = sqlite.prepare(`SELECT in_applied, out_acked, last_received_bundle FROM sync_links WHERE peer_id = ?`).get(from.nodeId) as LinkRow;
  const carries = manifest.link.from <= manifest.link.to;
  const duplicate = link.last_received_bundle === manifest.bundleId || ((!carries || manifest.link.to <= link.in_applied) && manifest.ack <= link.out_acked);
  if (!duplicate && carries && manifest.link.from > link.in_applied + 1) {
    throw new SyncRefusal('error.sync.bundle.gap', { missingFrom: link.in_applied + 1, missingTo: manifest.link.from - 1 });
  }
  return { manifest, peerId: from.nodeId, duplicate };
}

/** Open and validate every item; nothing is applied while one is wrong. */
export function readItems(sqlite: Sqlite, file: Buffer, manifest: Manifest): BundleItem[] {
  let raw: unknown[];
  try {
    raw = openBundle(file, openOptions(sqlite, nodeInfo(sqlite))).items;
  } catch (e) {
    refusal(e);
  }
  const items: BundleItem[] = new Array(raw.length);
  let last = 0;
  for (let i = 0; i < raw.length; i++) {
    const r = bundleItemSchema.safeParse(raw[i]);
    if (!r.success) throw new SyncRefusal('error.sync.bundle.badItem', { line: i + 1 });
    const it = r.data;
    if (manifest.kind === 'bundle' && (it.s < manifest.link.from || it.s > manifest.link.to || it.s < last)) throw new SyncRefusal('error.sync.bundle.badItem', { line: i + 1 });
    last = it.s;
    items[i] = it;
  }
  return items;
}

/**
 * Receive a bundle: verify, then apply it whole in one transaction. A duplicate is a no-op;
 * a gap, a wrong signature, another node's bundle or a bad item is refused (SyncRefusal) and
 * nothing changes.
 */
export function receiveBundle(db: Db, file: Buffer, now: () => Date, progress?: (done: number, total: number) => void): ReceiveResult {
  const sqlite = db.sqlite;
  const { manifest, peerId, duplicate } = checkBundle(sqlite, file);
  if (duplicate) return { status: 'duplicate', bundleId: manifest.bundleId, peerId, linkTo: manifest.link.to, ack: manifest.ack };
  const items = readItems(sqlite, file, manifest);
  return writeTxSync(
    db,
    'sync',
    () => {
      // Checked again inside the write lock: another bundle may have been applied meanwhile.
      const again = checkBundle(sqlite, file);
      if (again.duplicate) return { status: 'duplicate', bundleId: manifest.bundleId, peerId, linkTo: manifest.link.to, ack: manifest.ack } as const;
      const link = sqlite.prepare(`SELECT in_applied FROM sync_links WHERE peer_id = ?`).get(peerId) as { in_applied: number };
      const applier = new Applier(db, nodeInfo(sqlite), now);
      let done = 0;
      for (const it of items) {
        done += 1;
        if (it.s <= link.in_applied) continue;
        applier.item(it);
        if (progress && done % 5000 === 0) progress(done, items.length);
      }
      const iso = now().toISOString();
      for (const k of manifest.newKeys ?? []) addPeerKey(sqlite, peerId, k, iso);
      sqlite
        .prepare(
          `UPDATE sync_links SET in_applied = max(in_applied, ?), out_acked = max(out_acked, ?), last_received_at = ?, last_received_bundle = ? WHERE peer_id = ?`,
        )
        .run(manifest.link.from <= manifest.link.to ? manifest.link.to : link.in_applied, manifest.ack, iso, manifest.bundleId, peerId);
      notePeerUsedKey(sqlite, peerId, manifest.to.keyId, iso);
      const replayed = applier.replayParked();
      return {
        status: 'applied',
        bundleId: manifest.bundleId,
        peerId,
        linkTo: manifest.link.to,
        ack: manifest.ack,
        newerSchema: manifest.schemaVersion > LATEST_VERSION,
        replayed,
        ...applier.stats,
      } as const;
    },
    'uncaptured',
  );
}

type CellClock = { hlc: string; origin: string; origin_seq: number };

/**
 * Applies items inside the caller's uncaptured transaction. Statements are prepared once per
 * table and column. Also used by enrollment (row items) and parked-op replay.
 */
export class Applier {
  readonly stats = emptyStats();
  private readonly sqlite: Sqlite;
  private readonly stmts = new Map<string, BetterSqlite3.Statement>();
  private readonly columns = new Map<string, Set<string>>();
  private readonly fills = new Map<string, string[]>();
  private readonly hqNodeId: string | null;

  constructor(
    private readonly db: Db,
    private readonly node: NodeInfo,
    private readonly now: () => Date,
  ) {
    this.sqlite = db.sqlite;
    this.hqNodeId =
      node.role === 'hq' ? node.nodeId : ((this.sqlite.prepare(`SELECT node_id FROM sync_peers WHERE role = 'hq' ORDER BY created_at LIMIT 1`).pluck().get() as string | undefined) ?? null);
  }

  private st(sql: string): BetterSqlite3.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.sqlite.prepare(sql)));
    return s;
  }

  /** The columns of a table this version syncs (its captured list), or null for a table it does not know. */
  private known(table: string): Set<string> | null {
    let c = this.columns.get(table);
    if (c) return c;
    const t = syncedTable(table);
    if (!t) return null;
    c = new Set(t.columns);
    this.columns.set(table, c);
    return c;
  }

  /** Local NOT NULL columns without a default, which an inserted row must still fill. */
  private localFills(table: string): string[] {
    let f = this.fills.get(table);
    if (f) return f;
    const known = this.known(table)!;
    const info = this.sqlite.prepare(`SELECT name, "notnull" AS nn, dflt_value, hidden FROM pragma_table_xinfo(?)`).all(table) as { name: string; nn: number; dflt_value: string | null; hidden: number }[];
    f = info.filter((c) => c.nn === 1 && c.dflt_value === null && c.hidden === 0 && c.name !== 'id' && c.name !== 'seq' && !known.has(c.name)).map((c) => c.name);
    for (const name of f) if (name !== 'updated_at' && name !== 'updated_by') throw new Error(`synced table ${table}: local column ${name} needs a default`);
    this.fills.set(table, f);
    return f;
  }

  item(it: BundleItem): void {
    if (it.t === 'op') this.op(it);
    else this.row(it);
  }

  private park(o: OpItem, reason: 'drift' | 'table' | 'column', detail: string): void {
    this.st(`INSERT OR IGNORE INTO sync_parked (origin, origin_seq, reason, detail, op, parked_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
      o.o,
      o.q,
      reason,
      detail,
      JSON.stringify(o),
      this.now().toISOString(),
    );
    this.stats.parked += 1;
  }

  private cellClock(table: string, rowId: string, col: string): CellClock | null {
    const s = this.st(`SELECT hlc, origin, origin_seq FROM sync_cell_clock WHERE tbl = ? AND row_id = ? AND col IN (?, '') ORDER BY col DESC LIMIT 1`);
    return (s.get(table, rowId, col) as CellClock | undefined) ?? null;
  }

  private setClock(table: string, rowId: string, col: string, o: { h: string; o: string; q: number }): void {
    this.st(`INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES (?, ?, ?, ?, ?, ?)`).run(table, rowId, col, o.h, o.o, o.q);
  }

  private history(table: string, rowId: string, kind: string, col: string | null, oldV: string | null, newV: string | null, hlc: string, author: string, origin: string): void {
    this.st(`INSERT INTO history (tbl, row_id, kind, col, old_value, new_value, hlc, author, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(table, rowId, kind, col, oldV, newV, hlc, author, origin);
  }

  private authorAt(table: string, rowId: string, hlc: string): string {
    return (this.st(`SELECT author FROM history WHERE tbl = ? AND row_id = ? AND hlc = ? LIMIT 1`).pluck().get(table, rowId, hlc) as string | undefined) ?? '';
  }

  private redact(table: string, col: string, json: string | null): string | null {
    return syncedTable(table)?.secret?.includes(col) ? '"[redacted]"' : json;
  }

  /** Apply one op. Held already (same origin key): nothing to do. */
  op(o: OpItem): void {
    this.stats.ops += 1;
    const held = this.st(
      `INSERT OR IGNORE INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(o.o, o.q, o.tb, o.r, o.k, o.c, o.v, o.h, o.b, o.a, o.br, o.pb).changes === 0;
    if (held) return;
    this.effect(o);
  }

  /** The op's effect on the row (also run when a parked op is replayed). Returns false when it parked again. */
  private effect(o: OpItem): boolean {
    const known = this.known(o.tb);
    if (!known) {
      this.park(o, 'table', o.tb);
      return false;
    }
    if (o.c !== null && !known.has(o.c)) {
      this.park(o, 'column', `${o.tb}.${o.c}`);
      return false;
    }
    const remote = parseHlc(o.h);
    const nowMs = this.now().getTime();
    if (remote.wall > nowMs + MAX_DRIFT_MS) {
      this.park(o, 'drift', o.h);
      return false;
    }
    this.db.capture.observe(remote, nowMs);
    // HQ-owned data: at HQ a branch's op is held (and relayed) but never applied; at a branch HQ's op always applies.
    const hqOwned = isHqOwned(o.tb, o.c);
    if (hqOwned && o.o !== this.hqNodeId) {
      this.stats.refusedHqOwned += 1;
      return true;
    }
    if (o.k === 'insert') return this.insertOp(o, known, hqOwned);
    const col = o.c!;
    const cur = this.st(`SELECT ${col} AS v, branch_id FROM ${o.tb} WHERE id = ?`).get(o.r) as { v: unknown; branch_id: string } | undefined;
    // An edit of a row this node does not hold (a row that moved away, or arrives later as a snapshot).
    if (!cur) {
      this.stats.stale += 1;
      return true;
    }
    const clock = this.cellClock(o.tb, o.r, col);
    const local = clock?.hlc ?? '';
    const incoming = o.v === null ? null : (JSON.parse(o.v) as unknown);
    const forced = hqOwned && clock !== null && clock.origin !== this.hqNodeId;
    if (o.h > local || forced) {
      this.setCell(o, col, cur.v, incoming);
      // The author had not seen the value it overwrote here: a concurrent edit, the local value lost.
      if (clock && (o.b === null || o.b < local) && !sameValue(cur.v, incoming) && !hqOwned) {
        this.conflict(o.tb, o.r, col, cur.branch_id, { v: o.v, h: o.h, a: o.a }, { v: JSON.stringify(cur.v ?? null), h: local, a: this.authorAt(o.tb, o.r, local) });
      }
      if (col === 'branch_id') this.purgeIfGone(o.tb, o.r, incoming as string);
      return true;
    }
    this.stats.stale += 1;
    if (o.h === local || sameValue(cur.v, incoming) || hqOwned) return true;
    // Older than the value here: superseded knowingly when some held edit of the cell was based on it; else concurrent.
    const knew = this.st(`SELECT 1 FROM sync_ops WHERE tbl = ? AND row_id = ? AND col = ? AND base_hlc >= ? LIMIT 1`).get(o.tb, o.r, col, o.h);
    if (!knew) this.conflict(o.tb, o.r, col, cur.branch_id, { v: JSON.stringify(cur.v ?? null), h: local, a: this.authorAt(o.tb, o.r, local) }, { v: o.v, h: o.h, a: o.a });
    return true;
  }

  private setCell(o: OpItem, col: string, oldV: unknown, value: unknown): void {
    const fills = this.localFills(o.tb).filter((c) => c === 'updated_at');
    const versioned = this.hasColumn(o.tb, 'version');
    this.st(`UPDATE ${o.tb} SET ${col} = ?${fills.length ? ', updated_at = ?' : ''}${versioned ? ', version = version + 1' : ''} WHERE id = ?`).run(
      ...(fills.length ? [toSql(value), this.now().toISOString(), o.r] : [toSql(value), o.r]),
    );
    this.setClock(o.tb, o.r, col, o);
    this.history(o.tb, o.r, o.k, col, this.redact(o.tb, col, JSON.stringify(oldV ?? null)), this.redact(o.tb, col, o.v), o.h, o.a, o.o);
    this.stats.applied += 1;
  }

  private hasColumn(table: string, col: string): boolean {
    const key = `has:${table}.${col}`;
    let s = this.columns.get(key);
    if (!s) {
      const names = this.sqlite.prepare(`SELECT name FROM pragma_table_xinfo(?)`).pluck().all(table) as string[];
      s = new Set(names.includes(col) ? [col] : []);
      this.columns.set(key, s);
    }
    return s.has(col);
  }

  private insertOp(o: OpItem, known: Set<string>, hqOwned: boolean): boolean {
    const image = JSON.parse(o.v ?? '{}') as Record<string, unknown>;
    const unknown = Object.keys(image).filter((k) => k !== 'id' && !known.has(k));
    const exists = this.st(`SELECT 1 FROM ${o.tb} WHERE id = ?`).get(o.r) !== undefined;
    if (!exists) {
      if (!mayHold(this.node, (image.branch_id as string | undefined) ?? null)) {
        this.stats.stale += 1;
        return true;
      }
      this.insertRow(o.tb, o.r, image, o.a);
      this.setClock(o.tb, o.r, '', o);
      const secret = new Set(syncedTable(o.tb)?.secret ?? []);
      const shown = Object.fromEntries(Object.entries(image).filter(([k]) => known.has(k) || k === 'id').map(([k, v]) => [k, secret.has(k) ? '[redacted]' : v]));
      this.history(o.tb, o.r, 'insert', null, null, JSON.stringify(shown), o.h, o.a, o.o);
      this.stats.applied += 1;
    } else {
      // The row is here already (a snapshot came first): merge cell by cell, the insert's clock for each.
      for (const [k, v] of Object.entries(image)) {
        if (k === 'id' || !known.has(k)) continue;
        const clock = this.cellClock(o.tb, o.r, k);
        if (clock && clock.hlc >= o.h && !(hqOwned && clock.origin !== this.hqNodeId)) continue;
        const cur = this.st(`SELECT ${k} AS v FROM ${o.tb} WHERE id = ?`).get(o.r) as { v: unknown };
        this.setCell({ ...o, k: 'update', c: k, v: JSON.stringify(v) }, k, cur.v, v);
      }
    }
    // A newer app's columns: what this version knows is applied, the rest waits for the upgrade.
    if (unknown.length) this.park(o, 'column', unknown.map((k) => `${o.tb}.${k}`).join(','));
    return unknown.length === 0;
  }

  private insertRow(table: string, rowId: string, image: Record<string, unknown>, author: string): void {
    const known = this.known(table)!;
    const cols = ['id', ...Object.keys(image).filter((k) => known.has(k))];
    const vals = cols.map((c) => (c === 'id' ? rowId : toSql(image[c])));
    for (const f of this.localFills(table)) {
      cols.push(f);
      vals.push(f === 'updated_at' ? ((image.created_at as string | undefined) ?? this.now().toISOString()) : author);
    }
    this.st(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...vals);
  }

  private conflict(table: string, rowId: string, col: string, branchId: string, winner: { v: string | null; h: string; a: string }, loser: { v: string | null; h: string; a: string }): void {
    this.st(
      `INSERT INTO sync_conflicts (id, tbl, row_id, col, branch_id, winner_value, winner_hlc, winner_author, loser_value, loser_hlc, loser_author, detected_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
    ).run(uuidv7(), table, rowId, col, branchId, this.redact(table, col, winner.v), winner.h, winner.a, this.redact(table, col, loser.v), loser.h, loser.a, this.now().toISOString());
    this.stats.conflicts += 1;
  }

  /** A snapshot row: inserted when new (with its history), else merged cell by cell by the clocks it carries. */
  row(r: RowItem): void {
    this.stats.rows += 1;
    const known = this.known(r.tb);
    if (!known) return;
    const image = JSON.parse(r.v) as Record<string, unknown>;
    const rowClock = r.ck[''] ?? '';
    const exists = this.st(`SELECT 1 FROM ${r.tb} WHERE id = ?`).get(r.r) !== undefined;
    if (!exists) {
      if (!mayHold(this.node, (image.branch_id as string | undefined) ?? null)) return;
      this.insertRow(r.tb, r.r, image, '');
      for (const [col, h] of Object.entries(r.ck)) if (col === '' || known.has(col)) this.clockOnly(r.tb, r.r, col, h);
      for (const h of r.h ?? []) this.history(r.tb, r.r, h[0], h[1], h[2], h[3], h[4], h[5], h[6]);
      this.stats.applied += 1;
      return;
    }
    for (const [col, v] of Object.entries(image)) {
      if (col === 'id' || !known.has(col)) continue;
      const remote = r.ck[col] ?? rowClock;
      const local = this.cellClock(r.tb, r.r, col)?.hlc ?? '';
      if (remote <= local) continue;
      const cur = this.st(`SELECT ${col} AS v FROM ${r.tb} WHERE id = ?`).get(r.r) as { v: unknown };
      if (sameValue(cur.v, v)) {
        this.clockOnly(r.tb, r.r, col, remote);
        continue;
      }
      const origin = remote.slice(23);
      this.setCell({ t: 'op', s: r.s, o: origin, q: 0, tb: r.tb, r: r.r, k: 'update', c: col, v: JSON.stringify(v), h: remote, b: null, a: '', br: '', pb: null }, col, cur.v, v);
    }
  }

  private clockOnly(table: string, rowId: string, col: string, hlc: string): void {
    this.st(`INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES (?, ?, ?, ?, ?, 0)`).run(table, rowId, col, hlc, hlc.slice(23));
  }

  /**
   * A branch node holds only its own rows and HQ's: a row moved to another branch is purged,
   * with its clocks and history (a customer: with every child row).
   */
  private purgeIfGone(table: string, rowId: string, branchId: string): void {
    if (mayHold(this.node, branchId)) return;
    if (table === 'customers') {
      for (const child of CUSTOMER_CHILD_TABLES) {
        for (const id of this.st(`SELECT id FROM ${child} WHERE customer_id = ?`).pluck().all(rowId) as string[]) this.purgeRow(child, id);
      }
      const seq = this.st(`SELECT seq FROM customers WHERE id = ?`).pluck().get(rowId) as number | undefined;
      if (seq !== undefined) {
        this.st(`DELETE FROM customer_name_tri WHERE rowid = ?`).run(seq);
        this.st(`DELETE FROM customer_name_gram WHERE rowid = ?`).run(seq);
      }
    }
    this.purgeRow(table, rowId);
  }

  private purgeRow(table: string, rowId: string): void {
    this.st(`DELETE FROM sync_cell_clock WHERE tbl = ? AND row_id = ?`).run(table, rowId);
    this.st(`DELETE FROM history WHERE tbl = ? AND row_id = ?`).run(table, rowId);
    this.st(`DELETE FROM sync_conflicts WHERE tbl = ? AND row_id = ?`).run(table, rowId);
    this.st(`DELETE FROM ${table} WHERE id = ?`).run(rowId);
    this.stats.purged += 1;
  }

  /** Parked ops whose reason has passed (an upgrade taught us the table or column; our clock caught up): applied now. */
  replayParked(): number {
    const rows = this.sqlite.prepare(`SELECT origin, origin_seq, reason, op FROM sync_parked ORDER BY origin, origin_seq`).all() as { origin: string; origin_seq: number; reason: string; op: string }[];
    const del = this.sqlite.prepare(`DELETE FROM sync_parked WHERE origin = ? AND origin_seq = ?`);
    const nowMs = this.now().getTime();
    let replayed = 0;
    for (const p of rows) {
      const o = JSON.parse(p.op) as OpItem;
      const known = this.known(o.tb);
      const ready =
        p.reason === 'drift'
          ? parseHlc(o.h).wall <= nowMs + MAX_DRIFT_MS
          : known !== null && (o.c !== null ? known.has(o.c) : Object.keys(JSON.parse(o.v ?? '{}') as object).every((k) => k === 'id' || known.has(k)));
      if (!ready) continue;
      del.run(p.origin, p.origin_seq);
      if (this.effect(o)) replayed += 1;
    }
    return replayed;
  }
}

function toSql(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null) || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
