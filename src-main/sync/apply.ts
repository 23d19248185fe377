import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { LATEST_VERSION } from '../../migrations/index';
import type { Db } from '../db/open';
import { FACT_TABLES } from '../imports/changes';
import { writeTxSync } from '../db/tx';
import { BundleError, openBundle, openBundleHeader, type Manifest, type OpenOptions } from './format';
import { hlcNode, parseHlc } from './hlc';
import { bundleItemSchema, type BundleItem, type OpItem, type RowItem } from './items';
import { addPeerKey, endorsedSigner, nodeInfo, notePeerUsedKey, notePeerUsedKeyPending, ownBoxPrivate, peer, peerSigner, type NodeInfo } from './node';
import { branchOf, SNAPSHOT_CELL, SyncRefusal } from './outbox';
import { CUSTOMER_CHILD_TABLES, isCustomerChild, isHqOwned, mayHold } from './routing';
import { syncedTable } from './synced-tables';
import { closeResolvedConflicts } from './conflict-resolutions';
import { PINYIN_COLUMNS, rememberPinyin } from '../db/search-functions';
import { trimLog } from './trim';
import { OPS_OF_ROW, suspendUpdateCapture } from './capture';

/**
 * The receiving side (README "Apply"). Checks first (signature, recipient, sender, link
 * sequence: duplicate or gap), then every item validated, then one transaction applies them
 * all and advances the link, or nothing changes.
 */
type Sqlite = BetterSqlite3.Database;

/** A clock more than this far ahead of ours is parked, not trusted (architecture.md "Clock"). */
export const MAX_DRIFT_MS = 24 * 3600 * 1000;

/** Plain edits in one bundle from which their tables' update capture is suspended while they apply (`suspendUpdateCapture`). */
export const SUSPEND_CAPTURE_MIN_EDITS = 2000;

export type ApplyStats = { ops: number; rows: number; applied: number; stale: number; conflicts: number; parked: number; purged: number; refusedHqOwned: number };
export type ReceiveResult =
  | ({ status: 'applied'; bundleId: string; peerId: string; linkTo: number; ack: number; newerSchema: boolean; replayed: number } & ApplyStats)
  | { status: 'duplicate'; bundleId: string; peerId: string; linkTo: number; ack: number };

const emptyStats = (): ApplyStats => ({ ops: 0, rows: 0, applied: 0, stale: 0, conflicts: 0, parked: 0, purged: 0, refusedHqOwned: 0 });

function openOptions(sqlite: Sqlite, node: NodeInfo): OpenOptions {
  return {
    selfNodeId: node.nodeId,
    lookupSigner: (keyId) => peerSigner(sqlite, keyId),
    endorsedSigner: (keyId, chain) => endorsedSigner(sqlite, keyId, chain),
    boxPrivate: (keyId) => ownBoxPrivate(sqlite, keyId),
  };
}

function refusal(e: unknown): never {
  if (e instanceof BundleError) throw new SyncRefusal(`error.sync.bundle.${e.code}`, e.detail ?? {});
  throw e;
}

type LinkRow = { in_applied: number; out_seq: number; out_acked: number; last_received_bundle: string | null };

/**
 * Checks that need only the signed manifest: who sent it, and whether it is new, a duplicate or
 * past a gap; `newest`: written after every bundle received from the peer so far (bundle ids are
 * time-ordered), so what it announces of the peer's keys is current; `recheck`: a newest duplicate
 * that carries items (only what we applied, resent before our acknowledgement reached the peer),
 * to be read all the same: from an older copy of the peer that has numbered as far again, its ops
 * would be dropped as applied (`refuseReused`). A replayed file is not newest: answered from its header.
 */
export function checkBundle(sqlite: Sqlite, file: Buffer): { manifest: Manifest; peerId: string; duplicate: boolean; newest: boolean; recheck: boolean } {
  const node = nodeInfo(sqlite);
  let manifest: Manifest;
  try {
    manifest = openBundleHeader(file, { ...openOptions(sqlite, node), retiredSigner: 'read' });
  } catch (e) {
    refusal(e);
  }
  // A key we hold, or a new one of the peer's its key chain leads to (we missed the rotation that
  // announced it: restored from a backup); learnt as the bundle's announced keys are.
  const held = peerSigner(sqlite, manifest.from.keyId);
  const vouched = held ? null : endorsedSigner(sqlite, manifest.from.keyId, manifest.keyChain ?? []);
  const signer = held ?? (vouched && { ...vouched, retired: false, revoked: false });
  if (!signer || signer.nodeId !== manifest.from.nodeId) throw new SyncRefusal('error.sync.bundle.badManifest');
  const from = peer(sqlite, signer.nodeId);
  if (!from || from.status !== 'active') throw new SyncRefusal('error.sync.bundle.retiredKey', { keyId: manifest.from.keyId });
  const link = sqlite.prepare(`SELECT in_applied, out_seq, out_acked, last_received_bundle FROM sync_links WHERE peer_id = ?`).get(from.nodeId) as LinkRow;
  // Signed by a key HQ revoked (a stolen laptop): refused, whatever it carries.
  if (signer.revoked) throw new SyncRefusal('error.sync.bundle.retiredKey', { keyId: manifest.from.keyId });
  // Signed by a key the peer rotated out since: a bundle older than the last received (delayed
  // on the way) that brings nothing new is answered as the duplicate it is, and nothing is
  // learnt from it. Anything else is refused below: as an older copy of the peer (restored from
  // a backup made before the rotation) when it is one, else for its key.
  if (signer.retired) {
    const old = link.last_received_bundle !== null && manifest.bundleId < link.last_received_bundle;
    const nothingNew = (manifest.link.from > manifest.link.to || manifest.link.to <= link.in_applied) && manifest.ack <= link.out_acked;
    if (old && nothingNew) return { manifest, peerId: from.nodeId, duplicate: true, newest: false, recheck: false };
  }
  // The peer has applied more of our link than this database ever numbered: it is an older copy
  // of this node (restored from a backup). What it numbers next would reuse numbers the peer
  // holds for other ops; nothing more is exchanged until a person sorts it out.
  if (manifest.ack > link.out_seq) throw new SyncRefusal('error.sync.bundle.behind', { acked: manifest.ack, numbered: link.out_seq });
  // The other way round: written after the last bundle we applied from the peer (bundle ids are
  // time-ordered) yet acknowledging less of our link than the peer already had: the peer's
  // database is an older copy. Its new ops would reuse origin sequences we hold for others.
  if (link.last_received_bundle !== null && manifest.bundleId > link.last_received_bundle && manifest.ack < link.out_acked) {
    throw new SyncRefusal('error.sync.bundle.peerBehind', { acked: manifest.ack, before: link.out_acked });
  }
  // Or written later yet numbering less of its link than we applied from it already: a sender's
  // link only grows, so this is an older copy too (one restored before its last bundle to us,
  // with our acknowledgement unchanged since). Its next entries would take numbers we hold for others.
  if (link.last_received_bundle !== null && manifest.bundleId > link.last_received_bundle && manifest.link.to < link.in_applied) {
    throw new SyncRefusal('error.sync.bundle.peerRenumbered', { numbered: manifest.link.to, applied: link.in_applied });
  }
  if (signer.retired) throw new SyncRefusal('error.sync.bundle.retiredKey', { keyId: manifest.from.keyId });
  const carries = manifest.link.from <= manifest.link.to;
  const duplicate = link.last_received_bundle === manifest.bundleId || ((!carries || manifest.link.to <= link.in_applied) && manifest.ack <= link.out_acked);
  if (!duplicate && carries && manifest.link.from > link.in_applied + 1) {
    throw new SyncRefusal('error.sync.bundle.gap', { missingFrom: link.in_applied + 1, missingTo: manifest.link.from - 1 });
  }
  const newest = link.last_received_bundle === null || manifest.bundleId > link.last_received_bundle;
  return { manifest, peerId: from.nodeId, duplicate, newest, recheck: duplicate && newest && carries };
}

/** An item's value is JSON, and a row's image (an insert, a snapshot row) an object: the apply reads it so. */
function valueParses(it: BundleItem): boolean {
  if (it.v === null) return true;
  let v: unknown;
  try {
    v = JSON.parse(it.v);
  } catch {
    return false;
  }
  return it.t === 'row' || it.k === 'insert' ? typeof v === 'object' && v !== null && !Array.isArray(v) : true;
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
    // The parsed object itself, not zod's copy of it: half a million fewer objects; keys the schema does not know are never read.
    const it = raw[i] as BundleItem;
    if (it.s < manifest.link.from || it.s > manifest.link.to || it.s < last) throw new SyncRefusal('error.sync.bundle.badItem', { line: i + 1 });
    if (!valueParses(it)) throw new SyncRefusal('error.sync.bundle.badItem', { line: i + 1 });
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
  const { manifest, peerId, duplicate, newest, recheck } = checkBundle(sqlite, file);
  if (duplicate) {
    // A newer bundle that resends only what we applied must carry the ops we hold: read for this only.
    if (recheck) refuseReused(sqlite, readItems(sqlite, file, manifest), manifest.link.to);
    // Nothing to apply, but a rotation it announces (an idle peer's acknowledgement) still counts:
    // from a bundle newer than any received, never from an old file imported again, whose keys
    // are the peer's keys of then (learnt, they would retire the key it has rotated to). And it
    // is the newest received: a duplicate from now on (read again, after a restart, it would
    // be checked again for nothing).
    if (newest) {
      writeTxSync(
        db,
        'sync',
        () => {
          if (keysToLearn(sqlite, peerId, manifest)) learnKeys(sqlite, peerId, manifest, now().toISOString());
          sqlite.prepare(`UPDATE sync_links SET last_received_bundle = ? WHERE peer_id = ? AND (last_received_bundle IS NULL OR last_received_bundle < ?)`).run(manifest.bundleId, peerId, manifest.bundleId);
        },
        'uncaptured',
      );
    }
    return { status: 'duplicate', bundleId: manifest.bundleId, peerId, linkTo: manifest.link.to, ack: manifest.ack };
  }
  const items = readItems(sqlite, file, manifest);
  const node = nodeInfo(sqlite);
  const sender = peer(sqlite, peerId);
  // HQ receiving a branch's bundle: the branch may send its own ops on its own rows, nothing else.
  const senderOrg = node.role === 'hq' && sender?.role === 'branch' ? sender.orgId : null;
  if (senderOrg !== null) refuseNotSenders(items, peerId, senderOrg, node.hqOrgId);
  return writeTxSync(
    db,
    'sync',
    () => {
      // Checked again inside the write lock: another bundle may have been applied meanwhile.
      const again = checkBundle(sqlite, file);
      if (again.duplicate) return { status: 'duplicate', bundleId: manifest.bundleId, peerId, linkTo: manifest.link.to, ack: manifest.ack } as const;
      const link = sqlite.prepare(`SELECT in_applied FROM sync_links WHERE peer_id = ?`).get(peerId) as { in_applied: number };
      const applier = new Applier(db, node, now);
      // Parked ops whose reason has passed go first: they are older than this bundle's items,
      // and an item may edit a row one of them makes (an edit before its insert would be lost).
      const replayed = applier.replayParked();
      const fresh = items.filter((it) => it.s > link.in_applied);
      const skipped = items.length - fresh.length;
      // The bundle's own items only (parked ops replayed above came in earlier bundles).
      applier.fromBranch(senderOrg);
      try {
        // Items we applied already (resent, not yet acknowledged) must be the ops we hold.
        refuseReused(sqlite, items, link.in_applied);
        applier.items(fresh, progress ? (done) => progress(skipped + done, items.length) : undefined);
      } catch (e) {
        if (e instanceof ForeignRow) throw new SyncRefusal('error.sync.bundle.notSenders', { line: items.indexOf(e.op) + 1 });
        if (e instanceof ReusedKey) throw new SyncRefusal('error.sync.bundle.reusedOp', { line: items.indexOf(e.op) + 1 });
        throw e;
      }
      applier.fromBranch(null);
      applier.restoreOwnEdits(peerId, manifest.ack);
      applier.dropFactsOfGone();
      const iso = now().toISOString();
      learnKeys(sqlite, peerId, manifest, iso);
      sqlite
        .prepare(
          `UPDATE sync_links SET in_applied = max(in_applied, ?), out_acked = max(out_acked, ?), last_received_at = ?, last_received_bundle = ? WHERE peer_id = ?`,
        )
        .run(manifest.link.from <= manifest.link.to ? manifest.link.to : link.in_applied, manifest.ack, iso, manifest.bundleId, peerId);
      applier.rehomeStrays();
      // Conflicts here that the sender's side has decided meanwhile (a resolution row it carried).
      closeResolvedConflicts(sqlite);
      // The acknowledgement may free link entries and delivered ops (trim.ts).
      trimLog(sqlite, now());
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

/**
 * What a branch's bundle may hold (HQ receiving): ops only (a branch never sends a snapshot
 * row: routing.ts), each of the branch's own origin and clock, on a row of the branch's (or
 * HQ's, or one it moved away: `pb`). A forged origin would take HQ's own sequence numbers
 * (HQ's next capture then fails) or drop another node's real op as already held; a forged
 * owner would have HQ relay the op to another branch. Refused whole, before the transaction.
 */
function refuseNotSenders(items: readonly BundleItem[], peerId: string, senderOrg: string, hqOrgId: string): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const ok = it.t === 'op' && it.o === peerId && hlcNode(it.h) === peerId && (it.br === senderOrg || it.br === hqOrgId || it.pb === senderOrg);
    if (!ok) throw new SyncRefusal('error.sync.bundle.notSenders', { line: i + 1 });
  }
}

/** An op of a branch's bundle on a row that is not, and never was, the branch's (`Applier.refuseForeign`). */
class ForeignRow extends Error {
  constructor(readonly op: OpItem) {
    super('op on another branch’s row');
  }
}

/**
 * An op whose origin key (origin, sequence) we hold for a different op (another clock): its origin
 * numbered it again, as a database restored from an older backup does (`heldAsOther`).
 */
class ReusedKey extends Error {
  constructor(readonly op: OpItem) {
    super('origin sequence held for another op');
  }
}

const HELD_CLOCK = `SELECT hlc FROM sync_ops WHERE origin = ? AND origin_seq = ?`;
/**
 * Whether we hold `o`'s origin key (origin, sequence) for a different op: the key names one op
 * everywhere, and its clock tells it apart, so another clock means its origin numbered a new op
 * with a sequence it had used before (a database restored from an older backup). An op trimmed
 * from the log since cannot be told apart; the link checks (`checkBundle`) catch most such copies first.
 */
function heldAsOther(heldClock: BetterSqlite3.Statement, o: OpItem): boolean {
  const hlc = heldClock.pluck().get(o.o, o.q) as string | undefined;
  return hlc !== undefined && hlc !== o.h;
}

/** The op items up to link entry `upTo` whose origin key we hold for another op (`heldAsOther`): refused, naming the first. */
function refuseReused(sqlite: Sqlite, items: readonly BundleItem[], upTo: number): void {
  const heldClock = sqlite.prepare(HELD_CLOCK);
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.s > upTo) break;
    if (it.t === 'op' && heldAsOther(heldClock, it)) throw new SyncRefusal('error.sync.bundle.reusedOp', { line: i + 1 });
  }
}

/** Whether `learnKeys` has anything to do: a key the peer announces that we do not hold, or one we hold that it no longer announces. */
function keysToLearn(sqlite: Sqlite, peerId: string, manifest: Manifest): boolean {
  if (!manifest.newKeys?.length) return false;
  const held = sqlite.prepare(`SELECT key_id FROM sync_peer_keys WHERE node_id = ? AND retired_at IS NULL`).pluck().all(peerId) as string[];
  const announced = new Set(manifest.newKeys.map((k) => k.keyId));
  return manifest.newKeys.some((k) => !held.includes(k.keyId)) || held.some((k) => !announced.has(k)) || notePeerUsedKeyPending(sqlite, peerId, manifest.to.keyId);
}

/**
 * The keys a bundle announces (every unretired key of the sender, outbox.ts): new ones are
 * added; the sender's keys it no longer announces were retired there (its rotation finished),
 * so they are retired here too, and a bundle signed by one of them is refused from now on. The
 * key that signed this bundle is never among them. And the peer sealing to our newest key moves
 * our own rotation on (`notePeerUsedKey`).
 */
function learnKeys(sqlite: Sqlite, peerId: string, manifest: Manifest, iso: string): void {
  const announced = manifest.newKeys ?? [];
  for (const k of announced) addPeerKey(sqlite, peerId, k, iso);
  if (announced.length) {
    const keep = JSON.stringify([...announced.map((k) => k.keyId), manifest.from.keyId]);
    sqlite.prepare(`UPDATE sync_peer_keys SET retired_at = ? WHERE node_id = ? AND retired_at IS NULL AND key_id NOT IN (SELECT value FROM json_each(?))`).run(iso, peerId, keep);
  }
  notePeerUsedKey(sqlite, peerId, manifest.to.keyId, iso);
}

type CellClock = { hlc: string; origin: string; origin_seq: number };
type LocalShape = { fills: string[]; stamped: boolean; versioned: boolean };

/**
 * Applies items inside the caller's uncaptured transaction. Statements are prepared once per
 * table and column. Also used by enrollment (row items) and parked-op replay.
 */
export class Applier {
  readonly stats = emptyStats();
  private readonly sqlite: Sqlite;
  private readonly stmts = new Map<string, BetterSqlite3.Statement>();
  private readonly columns = new Map<string, Set<string>>();
  private readonly shapes = new Map<string, LocalShape>();
  private readonly hqNodeId: string | null;
  /** The latest clock this apply has let in (HLCs sort as text). */
  private observedUpTo = '';
  /** HQ applying a branch's bundle: the branch's org, whose rows its ops may write; else null. */
  private senderOrg: string | null = null;
  /** Customers purged by this apply: their trading facts go at its end if they are still gone (`dropFactsOfGone`). */
  private readonly purgedCustomers = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly node: NodeInfo,
    private readonly now: () => Date,
  ) {
    this.sqlite = db.sqlite;
    this.hqNodeId =
      node.role === 'hq' ? node.nodeId : ((this.sqlite.prepare(`SELECT node_id FROM sync_peers WHERE role = 'hq' ORDER BY created_at LIMIT 1`).pluck().get() as string | undefined) ?? null);
  }

  /** HQ applying a branch's bundle (`receiveBundle`): its ops may write only the branch's rows. */
  fromBranch(orgId: string | null): void {
    this.senderOrg = orgId;
  }

  /**
   * HQ, a branch's op on a row whose branch is another's: allowed when the row was the sender's
   * (its edit crossed HQ's move of the row, which history records), else the bundle is refused.
   * HQ's own rows the branch holds too (mayHold) are the branch's to edit as far as the rules
   * of `admit` let it (HQ-owned data is held, never applied).
   */
  private refuseForeign(o: OpItem, branchId: string | null): void {
    if (this.senderOrg === null || branchId === this.senderOrg || branchId === this.node.hqOrgId) return;
    const org = JSON.stringify(this.senderOrg);
    const was = this.st(`SELECT 1 FROM history WHERE tbl = ? AND row_id = ? AND col = 'branch_id' AND (old_value = ? OR new_value = ?) LIMIT 1`).get(o.tb, o.r, org, org);
    if (!was) throw new ForeignRow(o);
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

  /**
   * A synced table's local columns, read once: the NOT NULL ones without a default that an
   * inserted row must still fill, whether an applied edit stamps `updated_at`, and whether it
   * bumps the optimistic-concurrency `version`.
   */
  private local(table: string): LocalShape {
    let s = this.shapes.get(table);
    if (s) return s;
    const known = this.known(table)!;
    const info = this.sqlite.prepare(`SELECT name, "notnull" AS nn, dflt_value, hidden FROM pragma_table_xinfo(?)`).all(table) as { name: string; nn: number; dflt_value: string | null; hidden: number }[];
    const fills = info.filter((c) => c.nn === 1 && c.dflt_value === null && c.hidden === 0 && c.name !== 'id' && c.name !== 'seq' && !known.has(c.name)).map((c) => c.name);
    for (const name of fills) if (name !== 'updated_at' && name !== 'updated_by') throw new Error(`synced table ${table}: local column ${name} needs a default`);
    s = { fills, stamped: fills.includes('updated_at'), versioned: info.some((c) => c.name === 'version') };
    this.shapes.set(table, s);
    return s;
  }

  item(it: BundleItem): void {
    if (it.t === 'op') this.op(it);
    else this.row(it);
  }

  /**
   * A bundle's items, in link order. First every op goes into the log in that order (its key
   * is the origin's sequence: appended, not scattered); an op held already has no effect. Then
   * the effects: the items of rows with anything but plain field edits (an insert, a snapshot
   * row, a move, a child row's customer) one by one in bundle order, not row by row: an insert
   * must come before an edit of a child row that needs it, and a customer's move away purges its
   * child rows, which a later move back must find purged before its snapshot brings them again.
   * Then the rows with plain edits only, in key order, so the entries keyed by (table, row)
   * (cell clocks, history, the row's id) are written in order rather than at random pages, each
   * row's edits together (`editRow`). Such rows are independent under last writer wins per
   * cell, so this leaves the state applying the items one by one would.
   */
  items(list: readonly BundleItem[], progress?: (done: number) => void): void {
    // Grouped by table, then row id (two maps: no joined key string per item).
    const tables = new Map<string, Map<string, BundleItem[]>>();
    const groups: BundleItem[][] = [];
    // The items to apply, in bundle order, each with its row's group.
    const held: BundleItem[] = [];
    const heldGroup: BundleItem[][] = [];
    let done = 0;
    // Rows this bundle carries as snapshots, and the ops held here already that come with them.
    const snapshotRows = new Set<string>();
    for (const it of list) if (it.t === 'row') snapshotRows.add(`${it.tb}\u0000${it.r}`);
    const carried: OpItem[] = [];
    for (const it of list) {
      if (it.t === 'op') {
        this.stats.ops += 1;
        if (!this.hold(it)) {
          this.checkHeld(it);
          if (snapshotRows.has(`${it.tb}\u0000${it.r}`)) carried.push(it);
          done += 1;
          continue;
        }
      }
      let rows = tables.get(it.tb);
      if (!rows) tables.set(it.tb, (rows = new Map()));
      let g = rows.get(it.r);
      if (g) g.push(it);
      else {
        g = [it];
        rows.set(it.r, g);
        groups.push(g);
      }
      held.push(it);
      heldGroup.push(g);
    }
    // The rows with more than plain edits item by item in bundle order; the rest by key.
    const ordered = new Set<BundleItem[]>();
    const plain: BundleItem[][] = [];
    for (const g of groups) {
      if (g.every(plainEdit)) plain.push(g);
      else ordered.add(g);
    }
    plain.sort((a, b) => {
      const x = a[0]!;
      const y = b[0]!;
      if (x.tb !== y.tb) return x.tb < y.tb ? -1 : 1;
      return x.r < y.r ? -1 : x.r > y.r ? 1 : 0;
    });
    const step = (n: number) => {
      // Every 5,000 items: the mark passed (a row's plain edits go together).
      const before = done;
      done += n;
      if (progress && Math.floor(done / 5000) > Math.floor(before / 5000)) progress(Math.floor(done / 5000) * 5000);
    };
    for (let i = 0; ordered.size > 0 && i < held.length; i++) {
      if (!ordered.has(heldGroup[i]!)) continue;
      this.heldItem(held[i]!);
      step(1);
    }
    // Many plain edits: the tables' update capture (inert here, uncaptured) is taken away meanwhile.
    const edits = plain.reduce((n, g) => n + g.length, 0);
    const suspended = edits >= SUSPEND_CAPTURE_MIN_EDITS ? suspendUpdateCapture(this.sqlite, [...new Set(plain.map((g) => g[0]!.tb))]) : null;
    for (const g of plain) {
      this.editRow(g as OpItem[]);
      step(g.length);
    }
    suspended?.restore();
    for (const o of carried) this.reapply(o);
  }

  /**
   * An op held here already that comes with a snapshot of its row (outbox.ts `parkedOn`: the
   * sender held it parked). The snapshot may have replaced what it did here (a customer that moved
   * away, purged with its parked ops, and back), so it takes effect again where newer than the
   * cell. Not a conflict here: those are recorded where the op is first judged, as for
   * `restoreOwnEdits`.
   */
  private reapply(o: OpItem): void {
    const a = this.admit(o);
    if (a === 'parked' || a === 'refused') return;
    if (o.k === 'insert') {
      this.insertOp(o, a.known, a.hqOwned);
      return;
    }
    this.cellFrom(o, (clock) => o.h > clock);
  }

  /**
   * `o`'s value into its cell, without a conflict, where the row is here and `wins` says so for
   * the cell's clock (else the row's), its value now and `o`'s. True when written.
   */
  private cellFrom(o: OpItem, wins: (clock: string, cur: unknown, value: unknown) => boolean): boolean {
    const col = o.c!;
    const cur = this.st(`SELECT ${col} AS v FROM ${o.tb} WHERE id = ?`).get(o.r) as { v: unknown } | undefined;
    if (!cur) return false;
    const value = o.v === null ? null : (JSON.parse(o.v) as unknown);
    if (!wins(this.cellClock(o.tb, o.r, col)?.hlc ?? '', cur.v, value)) return false;
    this.setCell(o, col, cur.v, value);
    return true;
  }

  /** An item whose op (if it is one) is in the log already. */
  private heldItem(it: BundleItem): void {
    if (it.t === 'op') this.opEffect(it);
    else this.row(it);
  }

  private park(o: OpItem, reason: 'drift' | 'table' | 'column', detail: string): void {
    // HQ: routed by the row's owner now (as an applied op is, `reroute`), so an edit that crossed
    // a move reaches the new owner, which parks it in turn; replaying it here later reaches no one.
    if (this.node.role === 'hq' && o.c !== 'branch_id' && this.known(o.tb)?.has('branch_id')) {
      const owner = branchOf(this.sqlite, o.tb, o.r);
      if (owner) this.reroute(o, owner);
    }
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

  /** Into the log; false when it is held already (same origin key): then it has no effect. */
  private hold(o: OpItem): boolean {
    return (
      this.st(
        `INSERT OR IGNORE INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(o.o, o.q, o.tb, o.r, o.k, o.c, o.v, o.h, o.b, o.a, o.br, o.pb).changes > 0
    );
  }

  /** An op held here already must be the same op (`heldAsOther`): else it is refused with its bundle (`ReusedKey`), not dropped as held. */
  private checkHeld(o: OpItem): void {
    if (heldAsOther(this.st(HELD_CLOCK), o)) throw new ReusedKey(o);
  }

  /** Apply one op. Held already (same origin key): nothing to do. */
  op(o: OpItem): void {
    this.stats.ops += 1;
    if (this.hold(o)) this.opEffect(o);
    else this.checkHeld(o);
  }

  /** The op's effect, and at HQ a child row it leaves with a branch not its customer's noted. False when it parked (again). */
  private opEffect(o: OpItem): boolean {
    const done = this.effect(o);
    // HQ: a child row written at a branch that no longer owns its customer (moved away meanwhile).
    if (this.node.role === 'hq' && isCustomerChild(o.tb) && (o.k === 'insert' || o.c === 'customer_id' || o.c === 'branch_id')) this.noteStray(o);
    return done;
  }

  /**
   * HQ, child rows whose branch is not their customer's: an insert or a merge at a branch
   * that crossed HQ's move of the customer. Re-homed before commit (`rehomeStrays`).
   */
  private readonly strays = new Map<string, { table: string; rowId: string; author: string }>();

  private noteStray(o: OpItem): void {
    if (this.strayTo(o.tb, o.r) !== null) this.strays.set(`${o.tb}/${o.r}`, { table: o.tb, rowId: o.r, author: o.a });
  }

  /** A child row's customer's branch when the row itself is owned by another (a stray), else null. */
  private strayTo(table: string, rowId: string): string | null {
    const r = this.st(`SELECT k.branch_id AS own, c.branch_id AS customer FROM ${table} k JOIN customers c ON c.id = k.customer_id WHERE k.id = ?`).get(rowId) as
      | { own: string; customer: string }
      | undefined;
    return r && r.own !== r.customer ? r.customer : null;
  }

  /**
   * HQ, at the end of applying a bundle: each stray child row still stray follows its customer,
   * by a captured edit of its branch_id, authored by whoever wrote the row (routing gives the new
   * branch a snapshot of the row, the old one purges it). The apply's uncaptured transaction
   * switches to capture, keeping the clock the apply advanced; writeTxSync persists it.
   */
  rehomeStrays(): void {
    const moves: { table: string; rowId: string; author: string; branchId: string }[] = [];
    for (const s of this.strays.values()) {
      const to = this.strayTo(s.table, s.rowId);
      if (to !== null) moves.push({ ...s, branchId: to });
    }
    if (moves.length === 0) return;
    this.db.capture.setMode('capture');
    const now = this.now().toISOString();
    for (const m of moves) {
      this.db.capture.setAuthor(m.author);
      this.st(`UPDATE ${m.table} SET branch_id = ? WHERE id = ?`).run(m.branchId, m.rowId);
      // An open task follows as a move hands them over (customers/hand-over-tasks.ts): to the
      // customer's manager there, or unassigned; its owner at the old branch lost the customer.
      if (m.table === 'tasks') {
        this.st(
          `UPDATE tasks SET owner_id = (SELECT c.manager_id FROM customers c WHERE c.id = tasks.customer_id), updated_at = ?
           WHERE id = ? AND status = 'open' AND deleted_at IS NULL AND owner_id IS NOT (SELECT c.manager_id FROM customers c WHERE c.id = tasks.customer_id)`,
        ).run(now, m.rowId);
      }
    }
  }

  /**
   * HQ relays by the row's owner now, not when the edit was made: an edit that crossed a move
   * of its row reaches the branch that holds the row (routing reads sync_ops.branch_id).
   */
  private reroute(o: OpItem, owner: string): void {
    if (this.node.role === 'hq' && owner !== o.br) this.st(`UPDATE sync_ops SET branch_id = ? WHERE origin = ? AND origin_seq = ?`).run(owner, o.o, o.q);
  }

  /** A concurrent edit of a cell lost (`judge`): the incoming one (`incomingWon` false) or the value here. */
  private concurrent(o: OpItem, col: string, branchId: string, curV: unknown, local: string, incomingWon: boolean): void {
    const incoming = { v: o.v, h: o.h, a: o.a };
    const here = { v: JSON.stringify(curV ?? null), h: local, a: this.authorAt(o.tb, o.r, local) };
    if (incomingWon) this.conflict(o.tb, o.r, col, branchId, incoming, here);
    else this.conflict(o.tb, o.r, col, branchId, here, incoming);
  }

  /**
   * Our clock moves past `h` (capture's `observe`); false, and not moved, when `h` is more than
   * MAX_DRIFT ahead of our wall clock. A clock no later than one already let in passed the drift
   * check with it, and our clock is past it already.
   */
  private observe(h: string): boolean {
    if (h <= this.observedUpTo) return true;
    const remote = parseHlc(h);
    const nowMs = this.now().getTime();
    if (remote.wall > nowMs + MAX_DRIFT_MS) return false;
    this.db.capture.observe(remote, nowMs);
    this.observedUpTo = h;
    return true;
  }

  /**
   * Whether an op may take effect here: an unknown table or column, or a clock too far ahead,
   * parks it; at HQ a branch's op on HQ-owned data is held (and relayed) but never applied.
   * Otherwise our clock moves past it.
   */
  private admit(o: OpItem): { known: Set<string>; hqOwned: boolean } | 'parked' | 'refused' {
    const known = this.known(o.tb);
    if (!known) {
      this.park(o, 'table', o.tb);
      return 'parked';
    }
    if (o.c !== null && !known.has(o.c)) {
      this.park(o, 'column', `${o.tb}.${o.c}`);
      return 'parked';
    }
    if (!this.observe(o.h)) {
      this.park(o, 'drift', o.h);
      return 'parked';
    }
    // HQ-owned data: at HQ a branch's op is held (and relayed) but never applied; at a branch HQ's op always applies.
    const hqOwned = isHqOwned(o.tb, o.c);
    if ((hqOwned || this.othersUser(o)) && o.o !== this.hqNodeId) {
      this.stats.refusedHqOwned += 1;
      return 'refused';
    }
    return { known, hqOwned };
  }

  /**
   * A branch's op on a user who is not the branch's own. A user's own columns (the password) are
   * the user's to change at their own branch or at HQ; from another branch (a hand-made bundle
   * setting HQ's administrator's password) it is held like an op on HQ-owned data, never applied:
   * at HQ, and at the branches HQ relays it to (which never receive a branch's op on users otherwise).
   */
  private othersUser(o: OpItem): boolean {
    if (o.tb !== 'users' || o.o === this.hqNodeId) return false;
    if (this.node.role !== 'hq') return true;
    const org = this.st(`SELECT org_id FROM sync_peers WHERE node_id = ?`).pluck().get(o.o) as string | undefined;
    // The user's org as stored here, never the op's word for it (`br` is the sender's to forge).
    const stored = this.st(`SELECT branch_id FROM users WHERE id = ?`).pluck().get(o.r) as string | undefined;
    return stored === undefined || org === undefined || stored !== org;
  }

  /**
   * The rule for an edit of one cell (README "Apply"): whether it is applied, and whether a
   * concurrent edit lost (when applied: the value here; else the incoming one).
   */
  private judge(o: OpItem, col: string, curV: unknown, clock: CellClock | null, hqOwned: boolean): { apply: boolean; incoming: unknown; conflict: boolean } {
    const local = clock?.hlc ?? '';
    const incoming = o.v === null ? null : (JSON.parse(o.v) as unknown);
    const forced = hqOwned && clock !== null && clock.origin !== this.hqNodeId;
    // The author had not seen the value it overwrote here: a concurrent edit, the local value lost.
    if (o.h > local || forced) return { apply: true, incoming, conflict: clock !== null && (o.b === null || o.b < local) && !sameValue(curV, incoming) && !hqOwned };
    if (o.h === local || sameValue(curV, incoming) || hqOwned) return { apply: false, incoming, conflict: false };
    // Older than the value here: superseded knowingly when some held edit of the cell was based
    // on it (exactly: an edit based on a newer value had not seen this one); else concurrent.
    const knew = this.st(`SELECT 1 FROM sync_ops WHERE ${OPS_OF_ROW} AND col = ? AND base_hlc = ? LIMIT 1`).get(o.r, o.tb, o.r, col, o.h);
    return { apply: false, incoming, conflict: !knew };
  }

  /** The op's effect on the row (also run when a parked op is replayed). Returns false when it parked again. */
  private effect(o: OpItem): boolean {
    const a = this.admit(o);
    if (a === 'parked') return false;
    if (a === 'refused') return true;
    const { known, hqOwned } = a;
    if (o.k === 'insert') return this.insertOp(o, known, hqOwned);
    const col = o.c!;
    const cur = this.st(`SELECT ${col} AS v, branch_id FROM ${o.tb} WHERE id = ?`).get(o.r) as { v: unknown; branch_id: string } | undefined;
    // An edit of a row this node does not hold (a row that moved away, or arrives later as a snapshot).
    if (!cur) {
      this.stats.stale += 1;
      return true;
    }
    this.refuseForeign(o, cur.branch_id);
    if (col !== 'branch_id') this.reroute(o, cur.branch_id);
    const clock = this.cellClock(o.tb, o.r, col);
    const local = clock?.hlc ?? '';
    const j = this.judge(o, col, cur.v, clock, hqOwned);
    if (j.apply) {
      this.setCell(o, col, cur.v, j.incoming);
      if (j.conflict) this.concurrent(o, col, cur.branch_id, cur.v, local, true);
      if (col === 'branch_id') this.purgeIfGone(o.tb, o.r, j.incoming as string);
      return true;
    }
    this.stats.stale += 1;
    if (j.conflict) this.concurrent(o, col, cur.branch_id, cur.v, local, false);
    return true;
  }

  /**
   * Plain field edits of one row (held in the log already), in their order, with the effect
   * `op` gives them one by one; but the row and its clocks are read once, and its changed cells
   * written by one UPDATE and one clock each at the end. (A bundle of a week's work edits each row a few times: this
   * halves the statements per op.)
   */
  private editRow(ops: readonly OpItem[]): void {
    const tb = ops[0]!.tb;
    const rowId = ops[0]!.r;
    let row: Record<string, unknown> | null | undefined;
    const clocks = new Map<string, CellClock>();
    const cells = new Map<string, OpItem>();
    let applied = 0;
    for (const o of ops) {
      const a = this.admit(o);
      if (a === 'parked' || a === 'refused') continue;
      const col = o.c!;
      if (row === undefined) {
        // Only the cells the edits touch (a * would also compute the generated search columns);
        // for a customer also its stored pinyin, which the UPDATE's recompute then finds cached.
        const touched = [...new Set(ops.map((x) => x.c!).filter((c) => a.known.has(c)))];
        const seeds = tb === 'customers' ? PINYIN_COLUMNS.map((c) => `${c} AS "seed:${c}"`) : [];
        row = (this.st(`SELECT ${['branch_id', ...touched, ...seeds].join(', ')} FROM ${tb} WHERE id = ?`).get(rowId) as Record<string, unknown> | undefined) ?? null;
        if (row && seeds.length) rememberPinyin(row['seed:name'], row['seed:name_py'], row['seed:name_initials']);
        for (const c of this.st(`SELECT col, hlc, origin, origin_seq FROM sync_cell_clock WHERE tbl = ? AND row_id = ?`).all(tb, rowId) as (CellClock & { col: string })[]) clocks.set(c.col, c);
        if (row) this.refuseForeign(o, row.branch_id as string);
      }
      if (row === null) {
        this.stats.stale += 1;
        continue;
      }
      const branchId = row.branch_id as string;
      this.reroute(o, branchId);
      const clock = clocks.get(col) ?? clocks.get('') ?? null;
      const local = clock?.hlc ?? '';
      const curV = row[col];
      const j = this.judge(o, col, curV, clock, a.hqOwned);
      if (j.apply) {
        this.history(tb, rowId, o.k, col, this.redact(tb, col, JSON.stringify(curV ?? null)), this.redact(tb, col, o.v), o.h, o.a, o.o);
        this.stats.applied += 1;
        applied += 1;
        if (j.conflict) this.concurrent(o, col, branchId, curV, local, true);
        row[col] = toSql(j.incoming);
        clocks.set(col, { hlc: o.h, origin: o.o, origin_seq: o.q });
        cells.set(col, o);
      } else {
        this.stats.stale += 1;
        if (j.conflict) this.concurrent(o, col, branchId, curV, local, false);
      }
    }
    if (!row || cells.size === 0) return;
    const cols = [...cells.keys()];
    const { stamped, versioned } = this.local(tb);
    this.st(`UPDATE ${tb} SET ${cols.map((c) => `${c} = ?`).join(', ')}${stamped ? ', updated_at = ?' : ''}${versioned ? ', version = version + ?' : ''} WHERE id = ?`).run(
      ...cols.map((c) => row[c]),
      ...(stamped ? [this.now().toISOString()] : []),
      ...(versioned ? [applied] : []),
      rowId,
    );
    for (const [col, o] of cells) this.setClock(tb, rowId, col, o);
  }

  private setCell(o: OpItem, col: string, oldV: unknown, value: unknown): void {
    const { stamped, versioned } = this.local(o.tb);
    this.st(`UPDATE ${o.tb} SET ${col} = ?${stamped ? ', updated_at = ?' : ''}${versioned ? ', version = version + 1' : ''} WHERE id = ?`).run(
      ...(stamped ? [toSql(value), this.now().toISOString(), o.r] : [toSql(value), o.r]),
    );
    this.setClock(o.tb, o.r, col, o);
    this.history(o.tb, o.r, o.k, col, this.redact(o.tb, col, JSON.stringify(oldV ?? null)), this.redact(o.tb, col, o.v), o.h, o.a, o.o);
    this.stats.applied += 1;
  }

  private insertOp(o: OpItem, known: Set<string>, hqOwned: boolean): boolean {
    const image = JSON.parse(o.v ?? '{}') as Record<string, unknown>;
    const unknown = Object.keys(image).filter((k) => k !== 'id' && !known.has(k));
    const existing = this.st(`SELECT branch_id FROM ${o.tb} WHERE id = ?`).get(o.r) as { branch_id: string | null } | undefined;
    const exists = existing !== undefined;
    this.refuseForeign(o, existing ? existing.branch_id : ((image.branch_id as string | undefined) ?? null));
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
      // The row is here already (a snapshot came first, or this insert itself, parked for a
      // column this version did not know, is replayed after an upgrade): merge cell by cell, the
      // insert's clock for each. A cell whose clock is the insert's own was written by it, unless
      // its value differs: then it is one of the columns unknown when the row was inserted.
      for (const [k, v] of Object.entries(image)) {
        if (k === 'id' || !known.has(k)) continue;
        const clock = this.cellClock(o.tb, o.r, k);
        const cur = this.st(`SELECT ${k} AS v FROM ${o.tb} WHERE id = ?`).get(o.r) as { v: unknown };
        const newer = clock !== null && (clock.hlc > o.h || (clock.hlc === o.h && sameValue(cur.v, v)));
        if (newer && !(hqOwned && clock.origin !== this.hqNodeId)) continue;
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
    for (const f of this.local(table).fills) {
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
    // Our clock moves past the row's, as past an op's: an edit made here next must be later.
    this.observe(Object.values(r.ck).reduce((a, b) => (b > a ? b : a), ''));
    const image = JSON.parse(r.v) as Record<string, unknown>;
    const rowClock = r.ck[''] ?? '';
    const exists = this.st(`SELECT 1 FROM ${r.tb} WHERE id = ?`).get(r.r) !== undefined;
    if (!exists) {
      if (!mayHold(this.node, (image.branch_id as string | undefined) ?? null)) return;
      this.insertRow(r.tb, r.r, image, '');
      for (const [col, h] of Object.entries(r.ck)) if (col === '' || known.has(col)) this.clockOnly(r.tb, r.r, col, h);
      this.parkUnknownCells(r, image, known);
      for (const h of r.h ?? []) this.history(r.tb, r.r, h[0], h[1], h[2], h[3], h[4], h[5], h[6]);
      this.stats.applied += 1;
      if (r.tb === 'customers') this.snapshotted.add(r.r);
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
      this.setCell(snapshotCell(r, col, v, remote), col, cur.v, v);
    }
    this.parkUnknownCells(r, image, known);
  }

  /**
   * A snapshot row's cells this version does not know (a newer HQ's columns): each parked as an
   * edit of the cell (reason `column`), replayed after the upgrade as a parked op is, where newer
   * than the cell then. A snapshot value has no op of its own, so its key in `sync_parked` is the
   * cell's (`cell:` table, row, column; sequence 0), never a real origin's: one value per cell,
   * the newest kept. Dropped, the value would be missing here until someone edited it again.
   */
  private parkUnknownCells(r: RowItem, image: Record<string, unknown>, known: Set<string>): void {
    const rowClock = r.ck[''] ?? '';
    for (const [col, v] of Object.entries(image)) {
      if (col === 'id' || known.has(col)) continue;
      // Empty since the row was made: nothing to write once the column is known.
      if ((v === null || v === undefined) && r.ck[col] === undefined) continue;
      const o = snapshotCell(r, col, v, r.ck[col] ?? rowClock);
      this.stats.parked += this.st(
        `INSERT INTO sync_parked (origin, origin_seq, reason, detail, op, parked_at) VALUES (?, 0, 'column', ?, ?, ?)
         ON CONFLICT (origin, origin_seq) DO UPDATE SET op = excluded.op, parked_at = excluded.parked_at WHERE excluded.op ->> '$.h' > sync_parked.op ->> '$.h'`,
      ).run(`${SNAPSHOT_CELL}${r.tb}:${r.r}:${col}`, `${r.tb}.${col}`, JSON.stringify(o), this.now().toISOString()).changes;
    }
  }

  /**
   * A parked snapshot cell (`parkUnknownCells`), its column known now: written where the cell's
   * clock (else the row's) is not newer and the value differs. Its clock may be the row's own (a
   * value the row was made with), which the cell then still has: that is the same version, not a
   * stale one. Never a conflict: a snapshot is HQ's settled state, as in `row`.
   */
  private replayCell(o: OpItem): boolean {
    return this.cellFrom(o, (clock, cur, value) => o.h >= clock && !sameValue(cur, value));
  }

  /** Customers a snapshot inserted here (new to this node, or back after a move away): see `restoreOwnEdits`. */
  private readonly snapshotted = new Set<string>();

  /**
   * A branch given back a customer it purged (moved away, then back) receives HQ's copy as it
   * stood when the bundle was written: without this branch's own edits of it that HQ had not
   * received yet (nor their child rows), and HQ never sends a node its own ops. They are still
   * in our log, past what HQ acknowledged (`ack`) in that bundle: applied again where newer than
   * the cell. Conflicts are HQ's to record when the edits arrive there.
   */
  restoreOwnEdits(hqPeerId: string, ack: number): void {
    if (this.node.role !== 'branch' || this.snapshotted.size === 0) return;
    const self = this.node.nodeId;
    // The first op of ours on the link past `ack` (a run may start below it).
    const unacked = this.sqlite
      .prepare(`SELECT min(origin_seq + max(0, ? + 1 - link_seq)) FROM sync_link_ops WHERE peer_id = ? AND origin = ? AND link_seq + n - 1 > ?`)
      .pluck()
      .get(ack, hqPeerId, self, ack) as number | null;
    const from = unacked ?? ((this.sqlite.prepare(`SELECT upto FROM sync_link_cursor WHERE peer_id = ? AND origin = ?`).pluck().get(hqPeerId, self) as number | undefined) ?? 0) + 1;
    const own = this.sqlite
      .prepare(`SELECT origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id FROM sync_ops WHERE origin = ? AND origin_seq >= ? ORDER BY origin_seq`)
      .all(self, from) as { origin: string; origin_seq: number; tbl: string; row_id: string; kind: OpItem['k']; col: string | null; value: string | null; hlc: string; base_hlc: string | null; author: string; branch_id: string; prev_branch_id: string | null }[];
    if (own.length === 0) return;
    const rows = new Set<string>();
    for (const c of this.snapshotted) {
      rows.add(`customers/${c}`);
      for (const t of CUSTOMER_CHILD_TABLES) for (const id of this.st(`SELECT id FROM ${t} WHERE customer_id = ?`).pluck().all(c) as string[]) rows.add(`${t}/${id}`);
    }
    const applied = this.stats.applied;
    for (const r of own) {
      const key = `${r.tbl}/${r.row_id}`;
      const o: OpItem = { t: 'op', s: 0, o: r.origin, q: r.origin_seq, tb: r.tbl, r: r.row_id, k: r.kind, c: r.col, v: r.value, h: r.hlc, b: r.base_hlc, a: r.author, br: r.branch_id, pb: r.prev_branch_id };
      const known = this.known(o.tb);
      if (!known) continue;
      if (o.k === 'insert') {
        // A child row this branch added to one of those customers.
        const customerId = isCustomerChild(o.tb) ? (JSON.parse(o.v ?? '{}') as { customer_id?: string }).customer_id : undefined;
        if (!rows.has(key) && !(customerId !== undefined && this.snapshotted.has(customerId))) continue;
        rows.add(key);
        this.insertOp(o, known, false);
        continue;
      }
      if (!rows.has(key) || o.c === null || !known.has(o.c)) continue;
      const cur = this.st(`SELECT ${o.c} AS v FROM ${o.tb} WHERE id = ?`).get(o.r) as { v: unknown } | undefined;
      if (cur && o.h > (this.cellClock(o.tb, o.r, o.c)?.hlc ?? '')) this.setCell(o, o.c, cur.v, o.v === null ? null : (JSON.parse(o.v) as unknown));
    }
    // Not the bundle's doing: the figures stay those of the items received.
    this.stats.applied = applied;
  }

  private clockOnly(table: string, rowId: string, col: string, hlc: string): void {
    this.st(`INSERT OR REPLACE INTO sync_cell_clock (tbl, row_id, col, hlc, origin, origin_seq) VALUES (?, ?, ?, ?, ?, 0)`).run(table, rowId, col, hlc, hlcNode(hlc));
  }

  /**
   * A branch node holds only its own rows and HQ's: a row moved to another branch is purged,
   * with its clocks and history (a customer: with every child row; its trading facts at the
   * apply's end, `dropFactsOfGone`).
   */
  private purgeIfGone(table: string, rowId: string, branchId: string): void {
    if (mayHold(this.node, branchId)) return;
    if (table === 'customers') {
      for (const child of CUSTOMER_CHILD_TABLES) {
        for (const id of this.st(`SELECT id FROM ${child} WHERE customer_id = ?`).pluck().all(rowId) as string[]) this.purgeRow(child, id);
      }
      // Its trading facts (imported here, never synced: nothing would bring them back) wait for the
      // apply's end: the same bundle may give the customer back (dropFactsOfGone).
      this.purgedCustomers.add(rowId);
      // An import here that wrote to it can no longer tell whether it was touched since (migration 0019).
      this.st(`INSERT OR REPLACE INTO customers_moved_away (customer_id, moved_at) VALUES (?, ?)`).run(rowId, this.now().toISOString());
      // Parked inserts of child rows not written yet (a clock too far ahead): replayed, they would hang off a customer gone from here.
      this.st(`DELETE FROM sync_parked WHERE op ->> '$.k' = 'insert' AND op ->> '$.tb' IN (SELECT value FROM json_each(?)) AND (op ->> '$.v') ->> '$.customer_id' = ?`).run(JSON.stringify(CUSTOMER_CHILD_TABLES), rowId);
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
    // Ops parked on it: replayed after an upgrade, an insert would bring the row back here.
    this.st(`DELETE FROM sync_parked WHERE op ->> '$.tb' = ? AND op ->> '$.r' = ?`).run(table, rowId);
    this.st(`DELETE FROM ${table} WHERE id = ?`).run(rowId);
    this.stats.purged += 1;
  }

  /**
   * Trading facts of customers this apply purged and did not give back: a branch that lost a
   * customer keeps no account, asset or holding of it.
   */
  dropFactsOfGone(): void {
    for (const id of this.purgedCustomers) {
      if (this.st(`SELECT 1 FROM customers WHERE id = ?`).get(id) !== undefined) continue;
      for (const facts of Object.keys(FACT_TABLES)) this.st(`DELETE FROM ${facts} WHERE customer_id = ?`).run(id);
    }
    this.purgedCustomers.clear();
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
      if (p.origin.startsWith(SNAPSHOT_CELL)) {
        if (this.replayCell(o)) replayed += 1;
        continue;
      }
      // As when it first arrived: a child row it inserts on a customer that moved meanwhile is re-homed.
      if (this.opEffect(o)) replayed += 1;
    }
    return replayed;
  }
}

/** A snapshot row's cell as an edit of it: by the node that stamped its clock, with no op sequence of its own. */
function snapshotCell(r: RowItem, col: string, v: unknown, hlc: string): OpItem {
  return { t: 'op', s: r.s, o: hlcNode(hlc), q: 0, tb: r.tb, r: r.r, k: 'update', c: col, v: JSON.stringify(v ?? null), h: hlc, b: null, a: '', br: '', pb: null };
}

/** A field edit that changes nothing but the cell: no insert, no snapshot row, no move, not a child row's customer. */
function plainEdit(it: BundleItem): boolean {
  return it.t === 'op' && it.k !== 'insert' && it.c !== null && it.c !== 'branch_id' && it.c !== 'customer_id';
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
