import { sql, type Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';
import type { Actor } from '../ipc/types';
import { parseHlc } from '../sync/hlc';
import { syncedTable } from '../sync/synced-tables';
import { maskIdNumber, maskPhone } from '../../src-shared/lib/mask';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import type {
  AccountDto,
  ContactDto,
  CustomerDto,
  FeedbackDto,
  HistoryRowDto,
  OwnershipDto,
  TimelineEvent,
} from '../../src-shared/customers/customers.contract';
import { maskAddress, maskEmail, selectCustomerFull, shanghaiToday, tagsOf, toCustomerDto } from './customers.queries';

/**
 * Queries of one customer's record (the page, its tabs, timeline and history). The list's
 * queries live in customers.queries.ts; the row-to-DTO masking of the customer itself is there.
 */

type Db = Kysely<Schema>;

export const TIMELINE_PAGE = 20;
export const HISTORY_PAGE = 50;
export const FEEDBACK_PAGE = 20;
/** Contacts and accounts are a handful per customer; the cap only guards against bad data. */
const CHILD_CAP = 200;

export const snakeToCamel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The whole stored row of one customer, deleted or not (scope is the caller's next step). */
export function customerRow(db: Db, id: string) {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The customer DTO after the caller has checked scope. Read with scope `all` on purpose: a
 * reassignment may just have moved the customer out of the caller's own book, and the answer
 * must still describe the record they changed.
 */
export async function customerDto(db: Db, actor: Actor, id: string, now: Date): Promise<CustomerDto> {
  const r = await selectCustomerFull(db, { ...actor, scope: 'all' }).where('customers.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', 'error.customers.notFound');
  return toCustomerDto(r, await tagsOf(db, id), shanghaiToday(now));
}

// ---------------------------------------------------------------------------------------------
// Child rows. Contact phones and e-mails are personal data of third persons: masked like the customer's.

type ContactRow = Schema['contacts'];
export function toContactDto(r: Pick<ContactRow, 'id' | 'customer_id' | 'kind' | 'name' | 'relation' | 'position' | 'phone' | 'email' | 'notes' | 'is_primary'>): ContactDto {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    name: r.name,
    relation: r.relation,
    position: r.position,
    phone: r.phone === null ? null : maskPhone(r.phone),
    email: r.email === null ? null : maskEmail(r.email),
    notes: r.notes,
    isPrimary: r.is_primary === 1,
  };
}

export async function contactsOf(db: Db, customerId: string): Promise<ContactDto[]> {
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'customer_id', 'kind', 'name', 'relation', 'position', 'phone', 'email', 'notes', 'is_primary'])
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .limit(CHILD_CAP)
    .execute();
  return rows.map(toContactDto);
}

type AccountRow = Schema['accounts'];
export function toAccountDto(r: Pick<AccountRow, 'id' | 'customer_id' | 'account_no' | 'type' | 'status' | 'opened_at' | 'closed_at'>): AccountDto {
  return { id: r.id, customerId: r.customer_id, accountNo: r.account_no, type: r.type, status: r.status, openedAt: r.opened_at, closedAt: r.closed_at };
}

export async function accountsOf(db: Db, customerId: string): Promise<AccountDto[]> {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'customer_id', 'account_no', 'type', 'status', 'opened_at', 'closed_at', 'created_at'])
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .limit(CHILD_CAP)
    .execute();
  return rows.map(toAccountDto);
}

export async function feedbackOf(db: Db, customerId: string, where?: { id: string }): Promise<FeedbackDto[]> {
  let q = db
    .selectFrom('customer_feedback as f')
    .leftJoin('users as u', 'u.id', 'f.author_id')
    .select(['f.id', 'f.customer_id', 'f.kind', 'f.channel', 'f.content', 'u.display_name as author_name', 'f.created_at'])
    .where('f.customer_id', '=', customerId)
    .where('f.deleted_at', 'is', null)
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(FEEDBACK_PAGE);
  if (where) q = q.where('f.id', '=', where.id);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, kind: r.kind, channel: r.channel, content: r.content, authorName: r.author_name, createdAt: r.created_at }));
}

/** 客户归属, newest first. */
export async function ownershipOf(db: Db, customerId: string): Promise<OwnershipDto[]> {
  const rows = await db
    .selectFrom('customer_ownership as o')
    .leftJoin('users as m', 'm.id', 'o.manager_id')
    .leftJoin('users as a', 'a.id', 'o.assigned_by')
    .select(['o.id', 'o.manager_id', 'm.display_name as manager_name', 'o.valid_from', 'o.valid_to', 'o.reason', 'a.display_name as assigned_by_name'])
    .where('o.customer_id', '=', customerId)
    .where('o.deleted_at', 'is', null)
    .orderBy('o.valid_from', 'desc')
    .orderBy('o.id', 'desc')
    .limit(CHILD_CAP)
    .execute();
  return rows.map((r) => ({ id: r.id, managerId: r.manager_id, managerName: r.manager_name, validFrom: r.valid_from, validTo: r.valid_to, reason: r.reason, assignedByName: r.assigned_by_name }));
}

// ---------------------------------------------------------------------------------------------
// Masking of history values (PIPL): what a person typed into a personal-data field is shown
// masked in the history tab, exactly as on the page; `customers.revealPii` shows today's value.

const MASKS: Record<string, Record<string, (v: string) => string>> = {
  customers: { id_no: maskIdNumber, phone: maskPhone, phone2: maskPhone, address: maskAddress, email: maskEmail },
  contacts: { phone: maskPhone, email: maskEmail },
};

function displayScalar(tbl: string, col: string, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (syncedTable(tbl)?.secret?.includes(col)) return '[redacted]';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const mask = MASKS[tbl]?.[col];
  return mask ? mask(s) : s;
}

/** One column's old or new value (stored as JSON by the capture trigger), masked. */
export function displayValue(tbl: string, col: string, json: string | null): string | null {
  if (json === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    v = json;
  }
  return displayScalar(tbl, col, v);
}

/** An inserted row's image (JSON object), masked column by column, keys as DTO field names. */
export function displayImage(tbl: string, json: string | null): string | null {
  if (json === null) return null;
  let image: unknown;
  try {
    image = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof image !== 'object' || image === null) return null;
  const out: Record<string, string | null> = {};
  for (const [col, v] of Object.entries(image)) out[snakeToCamel(col)] = displayScalar(tbl, col, v);
  return JSON.stringify(out);
}

const hlcIso = (hlc: string): string => new Date(parseHlc(hlc).wall).toISOString();

type HistoryDbRow = { id: number; tbl: string; col: string | null; kind: 'insert' | 'update' | 'delete'; old_value: string | null; new_value: string | null; hlc: string; author_name: string | null };

/**
 * Field history of the customer and of its child rows (through their customer_id), newest
 * first, keyset by history id. Each branch of the union is an index search (history_row and the
 * children's customer_id indexes).
 */
export async function historyOf(db: Db, customerId: string, before: number | undefined): Promise<{ rows: HistoryRowDto[]; nextCursor: number | null }> {
  const below = before ?? Number.MAX_SAFE_INTEGER;
  const child = (table: 'contacts' | 'accounts' | 'customer_tags' | 'customer_feedback') =>
    sql`SELECT h.id FROM ${sql.table(table)} x JOIN history h ON h.tbl = ${table} AND h.row_id = x.id WHERE x.customer_id = ${customerId} AND h.id < ${below}`;
  const { rows } = await sql<HistoryDbRow>`
    SELECT h.id, h.tbl, h.col, h.kind, h.old_value, h.new_value, h.hlc, u.display_name AS author_name
    FROM (
      SELECT id FROM history WHERE tbl = 'customers' AND row_id = ${customerId} AND id < ${below}
      UNION ALL ${child('contacts')}
      UNION ALL ${child('accounts')}
      UNION ALL ${child('customer_tags')}
      UNION ALL ${child('customer_feedback')}
    ) s
    JOIN history h ON h.id = s.id
    LEFT JOIN users u ON u.id = h.author
    ORDER BY h.id DESC
    LIMIT ${HISTORY_PAGE + 1}`.execute(db);
  const page = rows.slice(0, HISTORY_PAGE);
  return {
    rows: page.map((r) => ({
      id: r.id,
      at: hlcIso(r.hlc),
      table: r.tbl,
      field: r.col === null ? null : snakeToCamel(r.col),
      kind: r.kind,
      oldValue: r.col === null ? null : displayValue(r.tbl, r.col, r.old_value),
      newValue: r.col === null ? displayImage(r.tbl, r.new_value) : displayValue(r.tbl, r.col, r.new_value),
      authorName: r.author_name,
    })),
    nextCursor: rows.length > HISTORY_PAGE ? page[page.length - 1]!.id : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Service timeline: several sources merged newest first. Keyset cursor `at|key`, ordered by
// (at desc, key desc); every source applies the same bound in SQL, so a page is a few index
// range reads whatever the customer's age.

type Cursor = { at: string; key: string };

export function parseTimelineCursor(s: string | undefined): Cursor | null {
  if (s === undefined) return null;
  const i = s.indexOf('|');
  const at = s.slice(0, i);
  if (i < 0 || Number.isNaN(Date.parse(at))) throw fieldError(['before'], 'validation.cursor');
  return { at, key: s.slice(i + 1) };
}

const olderThan = (c: Cursor | null, at: string, prefix: string, id: string) =>
  c ? sql<boolean>`(${sql.ref(at)} < ${c.at} OR (${sql.ref(at)} = ${c.at} AND (${prefix} || ${sql.ref(id)}) < ${c.key}))` : sql<boolean>`1 = 1`;

const isOlder = (e: { at: string; key: string }, c: Cursor | null) => !c || e.at < c.at || (e.at === c.at && e.key < c.key);

/** Who inserted a child row: its capture history row (absent for uncaptured demo data). */
const insertAuthorName = (tbl: string, idRef: string) =>
  sql<string | null>`(SELECT u.display_name FROM history h JOIN users u ON u.id = h.author WHERE h.tbl = ${tbl} AND h.row_id = ${sql.ref(idRef)} AND h.kind = 'insert' LIMIT 1)`;

/** A history id padded so keys of the same instant compare in id order. */
const padId = (n: number) => String(n).padStart(12, '0');

/**
 * Field changes come from the capture history of the customer row. Capture stamps each
 * column with its own clock tick, so a save of five fields is five rows: they are grouped
 * into one event by author and wall-clock second (a save takes milliseconds; two saves by the
 * same person within one second read as one event, which is what a person would say anyway).
 * The bucket of a row never depends on its neighbours, so a bucket is the same on every page.
 */
async function changeEvents(db: Db, customerId: string, c: Cursor | null, limit: number): Promise<TimelineEvent[]> {
  const FETCH = 500;
  // Whole seconds up to the cursor's second, so a bucket straddling the cursor is read whole.
  const boundWall = c ? Math.floor(Date.parse(c.at) / 1000) * 1000 + 1000 : Number.MAX_SAFE_INTEGER;
  const bound = String(boundWall).padStart(15, '0');
  const rows = await db
    .selectFrom('history as h')
    .leftJoin('users as u', 'u.id', 'h.author')
    .select(['h.id', 'h.col', 'h.hlc', 'h.author', 'u.display_name as author_name'])
    .where('h.tbl', '=', 'customers')
    .where('h.row_id', '=', customerId)
    .where('h.kind', '!=', 'insert')
    // Told by their own events (ownership, merge): a handover is not also "a field changed".
    .where('h.col', 'not in', ['manager_id', 'merged_into'])
    .where('h.hlc', '<', bound)
    .orderBy('h.hlc', 'desc')
    .orderBy('h.id', 'desc')
    .limit(FETCH + 1)
    .execute();
  type Group = { maxWall: number; maxId: number; fields: string[]; authorName: string | null };
  const groups = new Map<string, Group>();
  for (const r of rows.slice(0, FETCH)) {
    const wall = parseHlc(r.hlc).wall;
    const bucket = `${r.author}|${Math.floor(wall / 1000)}`;
    let g = groups.get(bucket);
    if (!g) groups.set(bucket, (g = { maxWall: wall, maxId: r.id, fields: [], authorName: r.author_name }));
    g.maxWall = Math.max(g.maxWall, wall);
    g.maxId = Math.max(g.maxId, r.id);
    const field = snakeToCamel(r.col ?? '');
    if (!g.fields.includes(field)) g.fields.push(field);
  }
  const list = [...groups.values()];
  // The oldest bucket of a truncated read may be missing rows: leave it for the next page.
  if (rows.length > FETCH && list.length > 1) list.pop();
  return list
    .map((g): TimelineEvent => ({ key: `chg:${padId(g.maxId)}`, at: new Date(g.maxWall).toISOString(), kind: 'changed', actorName: g.authorName, fields: g.fields, summary: { count: g.fields.length } }))
    .filter((e) => isOlder(e, c))
    .slice(0, limit);
}

export async function timelineOf(db: Db, customerId: string, before: string | undefined): Promise<{ events: TimelineEvent[]; nextCursor: string | null }> {
  const c = parseTimelineCursor(before);
  const n = TIMELINE_PAGE + 1;
  const [created, changed, feedback, ownership, survivor, loser, contacts, accounts] = await Promise.all([
    db
      .selectFrom('customers as c')
      .select(['c.id', 'c.created_at', insertAuthorName('customers', 'c.id').as('actor_name')])
      .where('c.id', '=', customerId)
      .where(olderThan(c, 'c.created_at', 'created:', 'c.id'))
      .execute(),
    changeEvents(db, customerId, c, n),
    db
      .selectFrom('customer_feedback as f')
      .leftJoin('users as u', 'u.id', 'f.author_id')
      .select(['f.id', 'f.created_at', 'f.kind', 'f.channel', 'u.display_name as actor_name'])
      .where('f.customer_id', '=', customerId)
      .where('f.deleted_at', 'is', null)
      .where(olderThan(c, 'f.created_at', 'fb:', 'f.id'))
      .orderBy('f.created_at', 'desc')
      .orderBy('f.id', 'desc')
      .limit(n)
      .execute(),
    db
      .selectFrom('customer_ownership as o')
      .leftJoin('users as m', 'm.id', 'o.manager_id')
      .leftJoin('users as a', 'a.id', 'o.assigned_by')
      .select(['o.id', 'o.valid_from', 'o.reason', 'm.display_name as manager_name', 'a.display_name as actor_name'])
      .where('o.customer_id', '=', customerId)
      .where('o.deleted_at', 'is', null)
      .where(olderThan(c, 'o.valid_from', 'own:', 'o.id'))
      .orderBy('o.valid_from', 'desc')
      .orderBy('o.id', 'desc')
      .limit(n)
      .execute(),
    mergesOf(db, 'survivor_id', customerId, c, n),
    mergesOf(db, 'loser_id', customerId, c, n),
    db
      .selectFrom('contacts as x')
      .select(['x.id', 'x.created_at', 'x.kind', insertAuthorName('contacts', 'x.id').as('actor_name')])
      .where('x.customer_id', '=', customerId)
      .where(olderThan(c, 'x.created_at', 'contact:', 'x.id'))
      .orderBy('x.created_at', 'desc')
      .orderBy('x.id', 'desc')
      .limit(n)
      .execute(),
    db
      .selectFrom('accounts as x')
      .select(['x.id', 'x.created_at', 'x.type', insertAuthorName('accounts', 'x.id').as('actor_name')])
      .where('x.customer_id', '=', customerId)
      .where(olderThan(c, 'x.created_at', 'account:', 'x.id'))
      .orderBy('x.created_at', 'desc')
      .orderBy('x.id', 'desc')
      .limit(n)
      .execute(),
  ]);
  const events: TimelineEvent[] = [
    ...created.map((r): TimelineEvent => ({ key: `created:${r.id}`, at: r.created_at, kind: 'created', actorName: r.actor_name, fields: [], summary: {} })),
    ...changed,
    ...feedback.map((r): TimelineEvent => ({ key: `fb:${r.id}`, at: r.created_at, kind: 'feedback', actorName: r.actor_name, fields: [], summary: { kind: r.kind, channel: r.channel } })),
    ...ownership.map((r): TimelineEvent => ({ key: `own:${r.id}`, at: r.valid_from, kind: 'ownership', actorName: r.actor_name, fields: [], summary: { reason: r.reason, manager: r.manager_name ?? '' } })),
    ...survivor.map((r) => mergeEvent(r, 'survivor')),
    ...loser.map((r) => mergeEvent(r, 'loser')),
    ...contacts.map((r): TimelineEvent => ({ key: `contact:${r.id}`, at: r.created_at, kind: 'contact', actorName: r.actor_name, fields: [], summary: { kind: r.kind } })),
    ...accounts.map((r): TimelineEvent => ({ key: `account:${r.id}`, at: r.created_at, kind: 'account', actorName: r.actor_name, fields: [], summary: { type: r.type } })),
  ];
  events.sort((a, b) => (a.at === b.at ? (a.key < b.key ? 1 : a.key > b.key ? -1 : 0) : a.at < b.at ? 1 : -1));
  const page = events.slice(0, TIMELINE_PAGE);
  const last = page[page.length - 1];
  return { events: page, nextCursor: events.length > TIMELINE_PAGE && last ? `${last.at}|${last.key}` : null };
}

type MergeDbRow = { id: string; created_at: string; undone_at: string | null; actor_name: string | null };

function mergesOf(db: Db, side: 'survivor_id' | 'loser_id', customerId: string, c: Cursor | null, n: number): Promise<MergeDbRow[]> {
  return db
    .selectFrom('customer_merges as g')
    .leftJoin('users as u', 'u.id', 'g.merged_by')
    .select(['g.id', 'g.created_at', 'g.undone_at', 'u.display_name as actor_name'])
    .where(`g.${side}`, '=', customerId)
    .where('g.deleted_at', 'is', null)
    .where(olderThan(c, 'g.created_at', 'merge:', 'g.id'))
    .orderBy('g.created_at', 'desc')
    .orderBy('g.id', 'desc')
    .limit(n)
    .execute();
}

function mergeEvent(r: MergeDbRow, role: 'survivor' | 'loser'): TimelineEvent {
  return { key: `merge:${r.id}`, at: r.created_at, kind: 'merge', actorName: r.actor_name, fields: [], summary: { role, undone: r.undone_at ? 1 : 0 } };
}
