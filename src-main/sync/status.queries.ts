import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Actor } from '../ipc/types';
import type { ConflictDto, ConflictStatus, SyncPeerDto, SyncStatusDto } from '../../src-shared/sync/sync.contract';
import { WARN_DAYS_MAX, WARN_DAYS_MIN } from '../../src-shared/sync/sync.contract';
import { conflictFieldSchema } from '../../src-shared/sync/conflict-fields';
import { displayValue, snakeToCamel } from '../customers/customers-record.queries';
import { parseHlc } from './hlc';
import { nodeInfo, type NodeInfo } from './node';
import { CUSTOMER_CHILD_TABLES } from './routing';
import { syncedTable } from './synced-tables';
import { syncFolderSetting } from './watch';

/**
 * What the sync page and the conflict inbox read (src-main/sync/README.md). Everything is an
 * index seek or a scan of a small local table (peers, keys, parked ops, open conflicts): no
 * count over the op log or history, which hold millions of rows at HQ.
 */
type Sqlite = BetterSqlite3.Database;

const DAY_MS = 86_400_000;
export const DEFAULT_WARN_DAYS = 7;

export function readWarnDays(sqlite: Sqlite): number {
  const raw = sqlite.prepare(`SELECT value FROM settings WHERE key = 'sync.warnDays'`).pluck().get() as string | undefined;
  const n = raw === undefined ? DEFAULT_WARN_DAYS : Number(JSON.parse(raw));
  return Number.isInteger(n) && n >= WARN_DAYS_MIN && n <= WARN_DAYS_MAX ? n : DEFAULT_WARN_DAYS;
}

export function writeWarnDays(sqlite: Sqlite, days: number, userId: string, now: Date): void {
  sqlite
    .prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('sync.warnDays', ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
    .run(JSON.stringify(days), now.toISOString(), userId);
}

type KeyRow = { key_id: string; created_at: string; retired_at: string | null };
type PeerRow = {
  node_id: string;
  org_id: string;
  role: 'hq' | 'branch';
  status: 'active' | 'retired';
  created_at: string;
  code: string | null;
  name: string | null;
  out_seq: number;
  out_acked: number;
  in_applied: number;
  last_sent_at: string | null;
  last_sent_to: number | null;
  last_received_at: string | null;
};

/** The highest origin_seq held per origin: one primary-key seek each. */
function topOf(sqlite: Sqlite): (origin: string) => number {
  const st = sqlite.prepare(`SELECT max(origin_seq) FROM sync_ops WHERE origin = ?`).pluck();
  const cache = new Map<string, number>();
  return (origin) => {
    let v = cache.get(origin);
    if (v === undefined) cache.set(origin, (v = (st.get(origin) as number | null) ?? 0));
    return v;
  };
}

/**
 * Ops written since the link to `peer` was last extended (README "Links": `assignLink` runs
 * when a bundle is made): per origin the link may carry, the held top above the link's cursor.
 * A branch sends HQ every op it originates, so there it is exact; HQ routes, so it is an upper
 * bound (counting the routed ones would scan every op since the last bundle).
 */
function unassigned(sqlite: Sqlite, node: NodeInfo, peerId: string, top: (o: string) => number): number {
  const origins = node.role === 'branch' ? [node.nodeId] : [node.nodeId, ...(sqlite.prepare(`SELECT node_id FROM sync_peers WHERE node_id <> ?`).pluck().all(peerId) as string[])];
  const cursor = sqlite.prepare(`SELECT upto FROM sync_link_cursor WHERE peer_id = ? AND origin = ?`).pluck();
  let n = 0;
  for (const o of origins) n += Math.max(0, top(o) - ((cursor.get(peerId, o) as number | undefined) ?? 0));
  return n;
}

/**
 * Log size without counting: per origin (found by skipping through the primary key) the span
 * of sequences held, and the span of history ids. Exact for an origin's own contiguous log,
 * an upper bound where routing or trimming left gaps.
 */
function logSize(sqlite: Sqlite): { ops: number; history: number } {
  const ops =
    (sqlite
      .prepare(
        `WITH RECURSIVE o(origin) AS (
           SELECT (SELECT min(origin) FROM sync_ops)
           UNION ALL
           SELECT (SELECT min(origin) FROM sync_ops WHERE origin > o.origin) FROM o WHERE o.origin IS NOT NULL
         )
         SELECT coalesce(sum((SELECT max(origin_seq) FROM sync_ops s WHERE s.origin = o.origin) - (SELECT min(origin_seq) FROM sync_ops s WHERE s.origin = o.origin) + 1), 0)
           FROM o WHERE origin IS NOT NULL`,
      )
      .pluck()
      .get() as number | null) ?? 0;
  const h = sqlite.prepare(`SELECT max(id) AS hi, min(id) AS lo FROM history`).get() as { hi: number | null; lo: number | null };
  return { ops, history: h.hi === null || h.lo === null ? 0 : h.hi - h.lo + 1 };
}

/** The sync page's figures, for the peers the actor may see (a branch user at HQ: their branch's node only). */
export function syncStatus(sqlite: Sqlite, actor: Actor, now: Date): SyncStatusDto {
  const node = nodeInfo(sqlite);
  const org = sqlite.prepare(`SELECT code, name FROM org_units WHERE id = ?`).get(node.orgId) as { code: string; name: string } | undefined;
  const ownKeys = sqlite.prepare(`SELECT key_id, created_at, retired_at FROM sync_keys ORDER BY created_at, key_id`).all() as KeyRow[];
  const signing = ownKeys.find((k) => k.retired_at === null)?.key_id ?? null;
  const rotationRaw = sqlite.prepare(`SELECT value FROM sync_state WHERE key = 'key_rotation'`).pluck().get() as string | undefined;
  const activePeers = sqlite.prepare(`SELECT node_id FROM sync_peers WHERE status = 'active'`).pluck().all() as string[];
  let rotation: SyncStatusDto['node']['rotation'] = null;
  if (rotationRaw) {
    const r = JSON.parse(rotationRaw) as { keyId: string; at: string; peers: Record<string, true> };
    rotation = { keyId: r.keyId, startedAt: r.at, peersDone: activePeers.filter((p) => r.peers[p]).length, peersTotal: activePeers.length };
  }
  const warnDays = readWarnDays(sqlite);
  const onlyOwnBranch = node.role === 'hq' && actor.orgKind === 'branch';
  const peerRows = sqlite
    .prepare(
      `SELECT p.node_id, p.org_id, p.role, p.status, p.created_at, o.code, o.name, l.out_seq, l.out_acked, l.in_applied, l.last_sent_at, l.last_sent_to, l.last_received_at
         FROM sync_peers p JOIN sync_links l ON l.peer_id = p.node_id LEFT JOIN org_units o ON o.id = p.org_id
        ${onlyOwnBranch ? 'WHERE p.org_id = ?' : ''}
        ORDER BY p.status, p.role DESC, o.code, p.node_id`,
    )
    .all(...(onlyOwnBranch ? [actor.branchId] : [])) as PeerRow[];
  const peerKeys = sqlite.prepare(`SELECT key_id, created_at, retired_at FROM sync_peer_keys WHERE node_id = ? ORDER BY created_at, key_id`);
  const top = topOf(sqlite);
  const peers = peerRows.map((p): SyncPeerDto => {
    const since = p.last_received_at ?? p.created_at;
    const days = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / DAY_MS));
    return {
      nodeId: p.node_id,
      orgId: p.org_id,
      orgCode: p.code,
      orgName: p.name,
      role: p.role,
      status: p.status,
      enrolledAt: p.created_at,
      lastSentAt: p.last_sent_at,
      lastSentLinkTo: p.last_sent_to,
      lastReceivedAt: p.last_received_at,
      outSeq: p.out_seq,
      outAcked: p.out_acked,
      inApplied: p.in_applied,
      pendingAssigned: Math.max(0, p.out_seq - p.out_acked),
      pendingUnassigned: p.status === 'active' ? unassigned(sqlite, node, p.node_id, top) : 0,
      pendingUnassignedExact: node.role === 'branch',
      daysSinceExchange: days,
      warn: p.status === 'active' && days >= warnDays,
      keys: (peerKeys.all(p.node_id) as KeyRow[]).map((k) => ({ keyId: k.key_id, createdAt: k.created_at, retiredAt: k.retired_at })),
    };
  });
  const parked = { drift: 0, table: 0, column: 0 };
  for (const r of sqlite.prepare(`SELECT reason, count(*) AS n FROM sync_parked GROUP BY reason`).all() as { reason: keyof typeof parked; n: number }[]) parked[r.reason] = r.n;
  return {
    node: {
      nodeId: node.nodeId,
      role: node.role,
      orgId: node.orgId,
      orgCode: org?.code ?? null,
      orgName: org?.name ?? null,
      keys: ownKeys.map((k) => ({ keyId: k.key_id, createdAt: k.created_at, retiredAt: k.retired_at, signing: k.key_id === signing })),
      rotation,
    },
    warnDays,
    sharedFolder: syncFolderSetting(sqlite) !== null,
    peers,
    parked,
    log: logSize(sqlite),
    conflictsOpen: countConflicts(sqlite, actor),
  };
}

// ---------------------------------------------------------------------------------------------
// The conflict inbox.

/** Tables whose rows belong to a customer: their conflicts are the customer's, in scope as the customer is. */
export const CUSTOMER_TABLES: readonly string[] = ['customers', ...CUSTOMER_CHILD_TABLES];

/** The customer a conflict's row belongs to: the row itself, or a child row's customer_id. */
const CUSTOMER_OF = `CASE k.tbl WHEN 'customers' THEN k.row_id ${CUSTOMER_CHILD_TABLES.map((t) => `WHEN '${t}' THEN (SELECT customer_id FROM ${t} WHERE id = k.row_id)`).join(' ')} END`;

const CONFLICT_SELECT = `
  SELECT k.id, k.tbl, k.row_id, k.col, k.branch_id, k.winner_value, k.winner_hlc, k.winner_author, k.loser_value, k.loser_hlc, k.loser_author,
         k.detected_at, k.status, k.resolved_at,
         c.id AS customer_id, c.name AS customer_name, c.customer_no, c.manager_id,
         CASE k.tbl WHEN 'users' THEN (SELECT display_name FROM users WHERE id = k.row_id) END AS user_label,
         wu.display_name AS winner_name, lu.display_name AS loser_name, ru.display_name AS resolved_name,
         (SELECT hlc FROM sync_cell_clock WHERE tbl = k.tbl AND row_id = k.row_id AND col IN (k.col, '') ORDER BY col DESC LIMIT 1) AS cell_hlc
    FROM sync_conflicts k
    LEFT JOIN customers c ON c.id = ${CUSTOMER_OF}
    LEFT JOIN users wu ON wu.id = k.winner_author
    LEFT JOIN users lu ON lu.id = k.loser_author
    LEFT JOIN users ru ON ru.id = k.resolved_by`;

export type ConflictRow = {
  id: string;
  tbl: string;
  row_id: string;
  col: string;
  branch_id: string;
  winner_value: string | null;
  winner_hlc: string;
  winner_author: string;
  loser_value: string | null;
  loser_hlc: string;
  loser_author: string;
  detected_at: string;
  status: ConflictStatus;
  resolved_at: string | null;
  customer_id: string | null;
  customer_name: string | null;
  customer_no: string | null;
  manager_id: string | null;
  user_label: string | null;
  winner_name: string | null;
  loser_name: string | null;
  resolved_name: string | null;
  cell_hlc: string | null;
};

/**
 * The inbox's data scope, as SQL over `k` (the conflict) and `c` (its customer): HQ all; a
 * branch user their branch's rows (branch_id as the conflict recorded it); an own-scope user
 * the customers they manage. Customer rows only for those who may read customers.
 */
function scopeSql(actor: Actor): { where: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (!actor.permissions.has('customers.read')) parts.push(`k.tbl NOT IN (${CUSTOMER_TABLES.map((t) => `'${t}'`).join(', ')})`);
  if (actor.scope === 'branch') {
    parts.push('k.branch_id = ?');
    params.push(actor.branchId);
  } else if (actor.scope === 'own') {
    parts.push('k.branch_id = ?', 'c.manager_id = ?');
    params.push(actor.branchId, actor.userId);
  }
  return { where: parts.length ? parts.join(' AND ') : '1', params };
}

export function conflictInScope(actor: Actor, r: ConflictRow): boolean {
  if (!actor.permissions.has('customers.read') && CUSTOMER_TABLES.includes(r.tbl)) return false;
  if (actor.scope === 'all') return true;
  if (r.branch_id !== actor.branchId) return false;
  return actor.scope === 'branch' || (r.manager_id !== null && r.manager_id === actor.userId);
}

const hlcIso = (hlc: string): string => new Date(parseHlc(hlc).wall).toISOString();

/** The cell's value now, as shown: only for a captured column of a synced table (names come from our own rows, checked anyway). */
function nowValueOf(sqlite: Sqlite, r: ConflictRow): string | null {
  if (!syncedTable(r.tbl)?.columns.includes(r.col)) return null;
  const v = sqlite.prepare(`SELECT json_quote(${r.col}) FROM ${r.tbl} WHERE id = ?`).pluck().get(r.row_id) as string | undefined;
  return v === undefined ? null : displayValue(r.tbl, r.col, v);
}

export function toConflictDto(sqlite: Sqlite, r: ConflictRow): ConflictDto {
  const changedSince = r.cell_hlc !== null && r.cell_hlc > (r.winner_hlc > r.loser_hlc ? r.winner_hlc : r.loser_hlc);
  const author = (id: string, name: string | null) => (id === '' ? null : name);
  return {
    id: r.id,
    table: r.tbl,
    rowId: r.row_id,
    column: r.col,
    field: snakeToCamel(r.col),
    label: r.customer_name ?? r.user_label,
    customerId: r.customer_id,
    customerNo: r.customer_no,
    winner: { value: displayValue(r.tbl, r.col, r.winner_value), authorName: author(r.winner_author, r.winner_name), at: hlcIso(r.winner_hlc) },
    loser: { value: displayValue(r.tbl, r.col, r.loser_value), authorName: author(r.loser_author, r.loser_name), at: hlcIso(r.loser_hlc) },
    detectedAt: r.detected_at,
    status: r.status,
    resolvedByName: r.resolved_name,
    resolvedAt: r.resolved_at,
    editable: conflictEditable(r),
    changedSince,
    nowValue: changedSince ? nowValueOf(sqlite, r) : null,
    cellClock: r.cell_hlc,
  };
}

/** Whether a resolution may write a value (a field a person edits in its record's form, of a customer's record), not only keep. */
export function conflictEditable(r: ConflictRow): boolean {
  return conflictFieldSchema(r.tbl, snakeToCamel(r.col)) !== null && r.customer_id !== null;
}

export function conflictById(sqlite: Sqlite, id: string): ConflictRow | null {
  return (sqlite.prepare(`${CONFLICT_SELECT} WHERE k.id = ?`).get(id) as ConflictRow | undefined) ?? null;
}

const STATUS_SQL = { open: `k.status = 'open'`, resolved: `k.status IN ('kept', 'replaced')` } as const;

/** Keyset cursor: `detected_at|id` of the last row shown, newest first. */
export function listConflicts(sqlite: Sqlite, actor: Actor, opts: { status: 'open' | 'resolved'; after?: string; limit: number }): { rows: ConflictDto[]; nextCursor: string | null } {
  const scope = scopeSql(actor);
  const params: (string | number)[] = [...scope.params];
  let keyset = '';
  if (opts.after) {
    const bar = opts.after.indexOf('|');
    if (bar > 0) {
      keyset = ' AND (k.detected_at, k.id) < (?, ?)';
      params.push(opts.after.slice(0, bar), opts.after.slice(bar + 1));
    }
  }
  params.push(opts.limit + 1);
  const rows = sqlite.prepare(`${CONFLICT_SELECT} WHERE ${STATUS_SQL[opts.status]} AND ${scope.where}${keyset} ORDER BY k.detected_at DESC, k.id DESC LIMIT ?`).all(...params) as ConflictRow[];
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return { rows: page.map((r) => toConflictDto(sqlite, r)), nextCursor: rows.length > opts.limit && last ? `${last.detected_at}|${last.id}` : null };
}

export function countConflicts(sqlite: Sqlite, actor: Actor): number {
  const scope = scopeSql(actor);
  const own = actor.scope === 'own';
  // The customer join is needed only to test the manager; otherwise the count is an index range.
  const sqlText = own
    ? `SELECT count(*) FROM sync_conflicts k LEFT JOIN customers c ON c.id = ${CUSTOMER_OF} WHERE ${STATUS_SQL.open} AND ${scope.where}`
    : `SELECT count(*) FROM sync_conflicts k WHERE ${STATUS_SQL.open} AND ${scope.where}`;
  return sqlite.prepare(sqlText).pluck().get(...scope.params) as number;
}
