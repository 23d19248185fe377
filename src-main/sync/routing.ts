import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { NodeInfo, Peer } from './node';

/**
 * Which ops and rows a peer may receive (README "Routing"). A branch sends HQ what it
 * originated. HQ sends a branch every op it holds (any origin but that branch) on rows the
 * branch owns or master data (HQ's org id), the ops that moved a row away from it, and a
 * snapshot of each customer that moved to it.
 */
type Sqlite = BetterSqlite3.Database;

/** Tables whose rows hang off a customer (`customer_id`): they travel and are purged with it. */
export const CUSTOMER_CHILD_TABLES = [
  'contacts',
  'accounts',
  'customer_feedback',
  'customer_tags',
  'customer_ownership',
  'risk_assessments',
  'investor_category_changes',
  'recommendations',
  'compliance_reviews',
  'tasks',
] as const;

/** HQ-owned data: HQ's value always stands (architecture.md "Merge"). */
export const HQ_OWNED_TABLES: ReadonlySet<string> = new Set(['org_units', 'products', 'product_risk_changes', 'questionnaires']);
/** users: HQ owns every column but a user's own password. */
export const USER_OWN_COLUMNS: ReadonlySet<string> = new Set(['password_hash', 'must_change_password']);

export function isHqOwned(table: string, col: string | null): boolean {
  if (HQ_OWNED_TABLES.has(table)) return true;
  if (table === 'users') return col === null || !USER_OWN_COLUMNS.has(col);
  return false;
}

/**
 * What the link numbers next: `count` consecutive ops of one origin from `originSeq` (a run), or
 * `snapshot`: the row (of `snapTable`) that travels whole in place of the op (`count` 1).
 */
export type LinkEntry = { origin: string; originSeq: number; count: number; hlc: string; snapshot: string | null; snapTable: string | null };

/** The origins whose ops may go on the link to `to`: ourselves, and at HQ every other peer. */
function originsFor(sqlite: Sqlite, node: NodeInfo, to: Peer): string[] {
  if (node.role === 'branch') return [node.nodeId];
  const others = sqlite.prepare(`SELECT node_id FROM sync_peers WHERE node_id <> ?`).pluck().all(to.nodeId) as string[];
  return [node.nodeId, ...others];
}

/**
 * The ops not yet considered for the link to `to`, routed, in HLC order (a cause before its
 * effect), and the new cursor per origin. A branch sends all it originated, in its own order:
 * one run, read from the log's bounds alone. At HQ each op is routed; a customer moved to `to`
 * comes as a snapshot entry in place of its move op.
 */
export function pendingForLink(sqlite: Sqlite, node: NodeInfo, to: Peer): { entries: LinkEntry[]; cursors: Map<string, number> } {
  const cursorOf = sqlite.prepare(`SELECT upto FROM sync_link_cursor WHERE peer_id = ? AND origin = ?`).pluck();
  const entries: LinkEntry[] = [];
  const cursors = new Map<string, number>();
  const routed = sqlite.prepare(
    `SELECT origin, origin_seq, hlc, tbl, col, row_id, branch_id, prev_branch_id FROM sync_ops
      WHERE origin = ? AND origin_seq > ? AND (branch_id = ? OR branch_id = ? OR prev_branch_id = ?) ORDER BY origin_seq`,
  );
  const maxSeq = sqlite.prepare(`SELECT max(origin_seq) FROM sync_ops WHERE origin = ?`).pluck();
  // A customer's (or child row's) owner now, once per row: whether it is neither the peer's nor HQ's.
  const ownerOf = new Map<string, BetterSqlite3.Statement>();
  const away = new Map<string, boolean>();
  const movedAway = (tbl: string, rowId: string): boolean => {
    if (tbl !== 'customers' && !isCustomerChild(tbl)) return false;
    const key = `${tbl}\u0000${rowId}`;
    let v = away.get(key);
    if (v === undefined) {
      let st = ownerOf.get(tbl);
      if (!st) ownerOf.set(tbl, (st = sqlite.prepare(`SELECT branch_id FROM ${tbl} WHERE id = ?`).pluck()));
      const owner = st.get(rowId) as string | undefined;
      v = owner !== undefined && owner !== to.orgId && owner !== node.hqOrgId;
      away.set(key, v);
    }
    return v;
  };
  for (const origin of originsFor(sqlite, node, to)) {
    const upto = (cursorOf.get(to.nodeId, origin) as number | undefined) ?? 0;
    const top = (maxSeq.get(origin) as number | null) ?? 0;
    if (top <= upto) continue;
    cursors.set(origin, top);
    if (node.role === 'branch') {
      // Our own ops are contiguous per origin (capture's invariant) and in HLC order.
      entries.push({ origin, originSeq: upto + 1, count: top - upto, hlc: '', snapshot: null, snapTable: null });
      continue;
    }
    type R = { origin: string; origin_seq: number; hlc: string; tbl: string; col: string | null; row_id: string; branch_id: string; prev_branch_id: string | null };
    for (const r of routed.all(origin, upto, to.orgId, node.hqOrgId, to.orgId) as R[]) {
      // A row arriving from another branch: the branch has none of it, so it gets it whole. A
      // customer brings its child rows; a child row moves alone when it followed its customer
      // late (apply.ts re-homes it), else it travels in its customer's snapshot. A merge record
      // follows its survivor (customers/transfer-branch.job.ts) as a row of its own.
      const movedIn = r.col === 'branch_id' && r.branch_id === to.orgId && r.prev_branch_id !== to.orgId && (r.tbl === 'customers' || r.tbl === 'customer_merges' || isCustomerChild(r.tbl));
      // An op routed to the peer by its row's owner when it was logged (a branch's late edit,
      // re-homed to the branch the customer had moved to) whose row has moved on since: the peer
      // no longer holds it, and gets none of it (nor a snapshot: see `movedIn`, read at writing).
      if (!movedIn && r.branch_id === to.orgId && r.prev_branch_id !== to.orgId && movedAway(r.tbl, r.row_id)) continue;
      const snapshot = movedIn ? r.row_id : null;
      entries.push({ origin: r.origin, originSeq: r.origin_seq, count: 1, hlc: r.hlc, snapshot, snapTable: snapshot ? r.tbl : null });
    }
  }
  dropChildSnapshotsInCustomers(sqlite, entries);
  entries.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  return { entries, cursors };
}

/**
 * Whether an op this node originated has gone out: a peer's link has considered it (its cursor
 * passed it, in a bundle or an enrollment) and routing gives it to that peer. A branch gives HQ
 * all it originates; HQ gives a branch what `pendingForLink` selects (the row's branch is the
 * peer's or HQ's, or the op moved the row away from the peer).
 */
export function hasGoneOut(sqlite: Sqlite, node: NodeInfo, op: { origin_seq: number; branch_id: string; prev_branch_id: string | null }): boolean {
  const peers = sqlite
    .prepare(`SELECT p.org_id FROM sync_link_cursor c JOIN sync_peers p ON p.node_id = c.peer_id WHERE c.origin = ? AND c.upto >= ?`)
    .pluck()
    .all(node.nodeId, op.origin_seq) as string[];
  if (node.role === 'branch') return peers.length > 0;
  return peers.some((org) => op.branch_id === org || op.branch_id === node.hqOrgId || op.prev_branch_id === org);
}

const CHILD_TABLES: ReadonlySet<string> = new Set(CUSTOMER_CHILD_TABLES);

/** Whether rows of `table` hang off a customer (CUSTOMER_CHILD_TABLES). */
export function isCustomerChild(table: string): boolean {
  return CHILD_TABLES.has(table);
}

/** A child row whose customer's snapshot is on the link too (a move of the whole customer) goes as its plain op. */
function dropChildSnapshotsInCustomers(sqlite: Sqlite, entries: LinkEntry[]): void {
  const customers = new Set(entries.filter((e) => e.snapTable === 'customers').map((e) => e.snapshot));
  const customerOf = new Map<string, BetterSqlite3.Statement>();
  for (const e of entries) {
    // A merge record is no child row: it is in no customer's snapshot, and keeps its own.
    if (!e.snapshot || !e.snapTable || !isCustomerChild(e.snapTable)) continue;
    let st = customerOf.get(e.snapTable);
    if (!st) customerOf.set(e.snapTable, (st = sqlite.prepare(`SELECT customer_id FROM ${e.snapTable} WHERE id = ?`).pluck()));
    const customerId = st.get(e.snapshot) as string | undefined;
    if (customerId !== undefined && customers.has(customerId)) {
      e.snapshot = null;
      e.snapTable = null;
    }
  }
}

/** Whether a node serving `orgId` may hold a row owned by `branchId` (a branch: its own rows and HQ's). */
export function mayHold(node: NodeInfo, branchId: string | null): boolean {
  if (node.role === 'hq') return true;
  return branchId === node.orgId || branchId === node.hqOrgId;
}
