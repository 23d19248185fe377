import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Database as Schema } from '../db/schema';
import type { Actor } from '../ipc/types';
import { customersInScope } from '../scope/scope';
import { fieldError } from '../../src-shared/rpc/errors';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_STATUSES, SORT_FIELDS, type CustomerFilter, type SortField } from '../../src-shared/customers/customers.contract';
import { elderlyCutoff, isPinyinTerm, searchSeqs, selectCustomerRows, type SearchPrefix } from './customers.queries';

/**
 * The customer list's declared shapes (architecture.md "Fast by construction").
 *
 * A shape is (prefix, sort): the prefix is the one equality the index seeks to (the account
 * manager, the branch, or nothing for firm-wide), the sort is the key the index then walks in
 * order, with `seq` (the rowid, implicitly last in every SQLite index) as the tie-break that
 * makes the keyset unique. Every other filter is a residual predicate checked on the rows the
 * walk visits, written as `+column` so that SQLite cannot use it to pick a different index
 * and sort the result in a temporary B-tree: the page of 50 stops after the first 51 matches
 * instead of sorting every match. A range filter on the sort column itself (assets range with
 * the assets sort, open dates with the open-date sort, …) stays index-usable: it narrows the
 * same walk.
 *
 * tests/customers/list-plans.test.ts checks with the statistics of a 1M-customer demo that
 * every shape, in every scope and both directions, first page and next page, is a search
 * of exactly the index named here, with no temporary B-tree.
 */
export type Prefix = 'manager' | 'branch' | 'all';

type SortSpec = { column: 'assets_fen' | 'name_py' | 'open_date' | 'last_contact_at' | 'customer_no'; nullable: boolean; key: 'number' | 'string' };
export const SORT_SPECS: Record<SortField, SortSpec> = {
  assets: { column: 'assets_fen', nullable: false, key: 'number' },
  // name_py is the full pinyin (zhangsan): the order people expect for Chinese names.
  name: { column: 'name_py', nullable: false, key: 'string' },
  openDate: { column: 'open_date', nullable: true, key: 'string' },
  lastContact: { column: 'last_contact_at', nullable: true, key: 'string' },
  customerNo: { column: 'customer_no', nullable: false, key: 'string' },
};

export type ListShape = { prefix: Prefix; sort: SortField; index: string };

/** The declared list: 3 prefixes × 5 sorts, each naming its index (0001 made five, 0003 the rest). */
export const LIST_SHAPES: readonly ListShape[] = [
  { prefix: 'manager', sort: 'assets', index: 'customers_manager_assets' },
  { prefix: 'manager', sort: 'name', index: 'customers_manager_name' },
  { prefix: 'manager', sort: 'openDate', index: 'customers_manager_open' },
  { prefix: 'manager', sort: 'lastContact', index: 'customers_manager_contact' },
  { prefix: 'manager', sort: 'customerNo', index: 'customers_manager_no' },
  { prefix: 'branch', sort: 'assets', index: 'customers_branch_assets' },
  { prefix: 'branch', sort: 'name', index: 'customers_branch_name' },
  { prefix: 'branch', sort: 'openDate', index: 'customers_branch_open' },
  { prefix: 'branch', sort: 'lastContact', index: 'customers_branch_contact' },
  { prefix: 'branch', sort: 'customerNo', index: 'customers_branch_no' },
  { prefix: 'all', sort: 'assets', index: 'customers_assets' },
  { prefix: 'all', sort: 'name', index: 'customers_py' },
  { prefix: 'all', sort: 'openDate', index: 'customers_open' },
  { prefix: 'all', sort: 'lastContact', index: 'customers_contact' },
  { prefix: 'all', sort: 'customerNo', index: 'customers_no' },
];

export function shapeFor(prefix: Prefix, sort: SortField): ListShape {
  const s = LIST_SHAPES.find((x) => x.prefix === prefix && x.sort === sort);
  if (!s) throw new Error(`undeclared list shape ${prefix}/${sort}`);
  return s;
}

/**
 * The prefix a request seeks to: the narrowest equality it carries. An account manager's own
 * scope and a manager filter (or "unassigned", manager IS NULL) name a book; a branch scope or
 * branch filter a branch; otherwise the whole firm.
 */
export function prefixFor(actor: Pick<Actor, 'scope'>, filter: CustomerFilter): Prefix {
  if (actor.scope === 'own' || filter.managerId !== undefined || filter.unassigned === true) return 'manager';
  if (actor.scope === 'branch' || filter.branchId !== undefined) return 'branch';
  return 'all';
}

// ---------------------------------------------------------------------------------------------
// Cursor: opaque to the renderer, checked on the way back in.

export type Cursor = { f: SortField; d: 'asc' | 'desc'; k: string | number | null; s: number };
const zCursor = z.object({ f: z.enum(SORT_FIELDS), d: z.enum(['asc', 'desc']), k: z.union([z.string().max(200), z.number().int(), z.null()]), s: z.number().int().positive() }).strict();

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** The cursor of the previous page; VALIDATION on `after` when it is not one we made for this sort. */
export function decodeCursor(raw: string, sort: { field: SortField; dir: 'asc' | 'desc' }): Cursor {
  const bad = () => fieldError(['after'], 'validation.cursor');
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const r = zCursor.safeParse(parsed);
  if (!r.success) throw bad();
  const c = r.data;
  const spec = SORT_SPECS[c.f];
  if (c.f !== sort.field || c.d !== sort.dir) throw bad();
  if (c.k === null ? !spec.nullable : typeof c.k !== spec.key) throw bad();
  return c;
}

// ---------------------------------------------------------------------------------------------
// Filters.

/** Start of a Shanghai calendar day as the UTC ISO instant stored in timestamp columns. */
export function shanghaiDayStartIso(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - 8 * 3_600_000).toISOString();
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The filter as SQL predicates. Columns are written `+customers.x` (not index-usable) except a
 * range on the sort column; see the file comment. Tags: a customer must carry every tag asked for.
 */
export function filterPredicates(filter: CustomerFilter, today: string, sortColumn: SortSpec['column'] | CountDriver | null, prefix: Prefix): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const driven = (c: string) => c === sortColumn || (sortColumn === 'birth_date' && c === 'kind');
  const col = (c: string) => (driven(c) ? sql.ref(`customers.${c}`) : sql.raw(`+customers.${c}`));
  const list = (vs: readonly string[]) => sql.join(vs.map((v) => sql.val(v)));
  if (filter.managerId !== undefined) out.push(sql<SqlBool>`${prefix === 'manager' ? sql.ref('customers.manager_id') : sql.raw('+customers.manager_id')} = ${filter.managerId}`);
  if (filter.unassigned === true) out.push(sql<SqlBool>`${prefix === 'manager' ? sql.ref('customers.manager_id') : sql.raw('+customers.manager_id')} IS NULL`);
  if (filter.unassigned === false) out.push(sql<SqlBool>`+customers.manager_id IS NOT NULL`);
  if (filter.branchId !== undefined) out.push(sql<SqlBool>`${prefix === 'branch' ? sql.ref('customers.branch_id') : sql.raw('+customers.branch_id')} = ${filter.branchId}`);
  if (filter.kinds?.length) out.push(sql<SqlBool>`+customers.kind IN (${list(filter.kinds)})`);
  if (filter.levels?.length) out.push(sql<SqlBool>`+customers.level IN (${list(filter.levels)})`);
  if (filter.statuses?.length) out.push(sql<SqlBool>`+customers.status IN (${list(filter.statuses)})`);
  if (filter.riskLevels?.length) out.push(sql<SqlBool>`+customers.risk_level IN (${list(filter.riskLevels)})`);
  for (const tag of filter.tags ?? []) {
    out.push(sql<SqlBool>`+customers.id IN (SELECT customer_id FROM customer_tags WHERE tag = ${tag} AND deleted_at IS NULL)`);
  }
  if (filter.assetsMinFen !== undefined) out.push(sql<SqlBool>`${col('assets_fen')} >= ${filter.assetsMinFen}`);
  if (filter.assetsMaxFen !== undefined) out.push(sql<SqlBool>`${col('assets_fen')} <= ${filter.assetsMaxFen}`);
  if (filter.openFrom !== undefined) out.push(sql<SqlBool>`${col('open_date')} >= ${filter.openFrom}`);
  if (filter.openTo !== undefined) out.push(sql<SqlBool>`${col('open_date')} <= ${filter.openTo}`);
  // last_contact_at is a UTC instant; the dates people pick are Shanghai days.
  if (filter.lastContactFrom !== undefined) out.push(sql<SqlBool>`${col('last_contact_at')} >= ${shanghaiDayStartIso(filter.lastContactFrom)}`);
  if (filter.lastContactTo !== undefined) out.push(sql<SqlBool>`${col('last_contact_at')} < ${shanghaiDayStartIso(nextDay(filter.lastContactTo))}`);
  // The flags: true keeps the customers it describes, false the others (a NULL date is not expired).
  if (filter.riskExpired !== undefined) out.push(filter.riskExpired ? sql<SqlBool>`${col('risk_expires_at')} < ${today}` : sql<SqlBool>`(+customers.risk_expires_at >= ${today} OR +customers.risk_expires_at IS NULL)`);
  if (filter.idExpired !== undefined) out.push(filter.idExpired ? sql<SqlBool>`${col('id_expiry')} < ${today}` : sql<SqlBool>`(+customers.id_expiry >= ${today} OR +customers.id_expiry IS NULL)`);
  if (filter.elderly !== undefined) {
    const cutoff = elderlyCutoff(today);
    out.push(
      filter.elderly
        ? sql<SqlBool>`(${col('kind')} = 'individual' AND ${col('birth_date')} <= ${cutoff})`
        : sql<SqlBool>`NOT (+customers.kind = 'individual' AND +customers.birth_date IS NOT NULL AND +customers.birth_date <= ${cutoff})`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The builders the handlers run and the plan tests explain.

export type ListRequest = {
  q?: string | undefined;
  filter: CustomerFilter;
  sort: { field: SortField; dir: 'asc' | 'desc' };
  after?: Cursor | undefined;
  limit: number;
};

/**
 * A search meets the sort by fetching its matches by rowid and sorting them: the search
 * structures (FTS, pinyin, reversed phone and ID, customer number, account number) find the
 * matches, the scope and filters keep theirs, and the first SEARCH_CAP of those are sorted for
 * the page. A term that matches more (two initials such as `zs` match 1–2% of a million) shows
 * SEARCH_CAP of them, and `customers.count` with the same term says how many there are, so the
 * UI can ask for a narrower term; sorting every match of such a term would cost tens of
 * milliseconds on every keystroke. Walking the sort index and testing each row against the
 * matches was measured and rejected: with matches spread thin over a 400k-customer branch it
 * visited most of the branch (seconds at p95).
 *
 * Which SEARCH_CAP: with no filter beyond the scope, the first in the pinyin index's order
 * (the pinyin arms stop there, `searchSeqs`' cap: reading all 11,000 `zw` of a branch to keep
 * 1,000 cost 6 ms, and reading the capped rows to sort them costs ~2 µs each: 2.8 ms for 1,000,
 * 1.4 ms for 500, so the cap is 300); otherwise, or
 * for the other structures, the oldest customers first.
 */
export const SEARCH_CAP = 300;

/**
 * The scope column the pinyin arms seek first, and whether any filter is left to apply after
 * it (then the arms must not stop early: the first SEARCH_CAP pinyin matches might all fail it).
 */
export function searchPrefixFor(actor: Pick<Actor, 'scope' | 'userId' | 'branchId'>, filter: CustomerFilter): { prefix: SearchPrefix; residual: boolean } {
  let prefix: SearchPrefix = null;
  let consumed: keyof CustomerFilter | null = null;
  if (actor.scope === 'own') prefix = { column: 'manager_id', value: actor.userId };
  else if (filter.managerId !== undefined) [prefix, consumed] = [{ column: 'manager_id', value: filter.managerId }, 'managerId'];
  else if (actor.scope === 'branch') prefix = { column: 'branch_id', value: actor.branchId };
  else if (filter.branchId !== undefined) [prefix, consumed] = [{ column: 'branch_id', value: filter.branchId }, 'branchId'];
  const residual = (Object.entries(filter) as [keyof CustomerFilter, unknown][]).some(([k, v]) => v !== undefined && k !== consumed && !(Array.isArray(v) && v.length === 0));
  return { prefix, residual };
}

/** One step of a keyset page: nullable sort keys are paged as two segments (NULLs first ascending, last descending). */
export type Segment = 'values' | 'nulls';

export function segmentsFor(sort: ListRequest['sort'], after: Cursor | undefined): Segment[] {
  if (!SORT_SPECS[sort.field].nullable) return ['values'];
  const order: Segment[] = sort.dir === 'asc' ? ['nulls', 'values'] : ['values', 'nulls'];
  if (!after) return order;
  // A cursor in the second segment skips the first.
  const inNulls = after.k === null;
  return order.slice(order.indexOf(inNulls ? 'nulls' : 'values'));
}

/** The query for one segment of a list page. Pure: the handler compiles and runs it, the plan test explains it. */
export function buildListSegment(db: Kysely<Schema>, actor: Actor, req: ListRequest, today: string, segment: Segment, limit: number) {
  const spec = SORT_SPECS[req.sort.field];
  const prefix = prefixFor(actor, req.filter);
  const colRef = sql.ref(`customers.${spec.column}`);
  const seqRef = sql.ref('customers.seq');
  const desc = req.sort.dir === 'desc';
  // name_py is the name sort's key: the cursor needs it.
  let q = selectCustomerRows(db, actor).select('customers.name_py');
  const predicates = filterPredicates(req.filter, today, spec.column, prefix);
  for (const p of predicates) q = q.where(p);
  if (req.q) {
    const { prefix: sp, residual } = searchPrefixFor(actor, req.filter);
    if (!residual && isPinyinTerm(req.q)) {
      // The pinyin arms stop at SEARCH_CAP each within the scope; the page's own scope check does the rest.
      q = q.where(sql<SqlBool>`customers.seq IN ${searchSeqs(db, req.q, sp, SEARCH_CAP)}`);
    } else {
      let matches = customersInScope(db, actor).select('customers.seq').where(sql<SqlBool>`customers.seq IN ${searchSeqs(db, req.q, sp)}`);
      for (const p of filterPredicates(req.filter, today, null, prefix)) matches = matches.where(p);
      q = q.where(sql<SqlBool>`customers.seq IN (${matches.orderBy('customers.seq').limit(SEARCH_CAP)})`);
    }
  }
  const after = req.after;
  if (segment === 'nulls') {
    q = q.where(sql<SqlBool>`${colRef} IS NULL`);
    if (after && after.k === null) q = q.where(desc ? sql<SqlBool>`${seqRef} < ${after.s}` : sql<SqlBool>`${seqRef} > ${after.s}`);
    return q.orderBy(sql`${colRef}`, req.sort.dir).orderBy('customers.seq', req.sort.dir).limit(limit);
  }
  if (after && after.k !== null) {
    q = q.where(desc ? sql<SqlBool>`(${colRef}, ${seqRef}) < (${after.k}, ${after.s})` : sql<SqlBool>`(${colRef}, ${seqRef}) > (${after.k}, ${after.s})`);
  } else if (spec.nullable) {
    q = q.where(sql<SqlBool>`${colRef} IS NOT NULL`);
  }
  return q.orderBy(sql`${colRef}`, req.sort.dir).orderBy('customers.seq', req.sort.dir).limit(limit);
}

/** Counts stop at this many: beyond it the UI says "100,000+" and nobody reads the exact figure. */
export const COUNT_CAP = 100_000;

/** The facet columns of the count indexes (0003: customers_*facets), in index order; all NOT NULL but the last. */
const FACETS = [
  { key: 'statuses', column: 'status', all: CUSTOMER_STATUSES },
  { key: 'kinds', column: 'kind', all: CUSTOMER_KINDS },
  { key: 'levels', column: 'level', all: CUSTOMER_LEVELS },
] as const;

/**
 * The count for a filter: the same scope prefix as the list, then the enumerated filters as
 * index seeks on the facets index of that prefix. An unfiltered column ahead of a filtered
 * one is spelled out with all its values (`status IN ('active','dormant','closed')`), so the
 * planner gets an explicit multi-seek rather than being tempted into a skip-scan (limits.md:
 * a skip-scan count took 5.7 s on the encrypted 1M file). Other filters are residual (`+`),
 * as in the list. Stops at COUNT_CAP + 1 rows.
 */
/**
 * With no enumerated filter, the column whose range narrows a count the most through its own
 * (prefix, column) index: the expiry and elderly flags (0004, branch-prefixed: a firm-wide count
 * seeks every branch in turn), then the open date, last contact and assets ranges (the sort
 * indexes). An account manager's book is small: it is counted from the facets index as before.
 */
export type CountDriver = 'risk_expires_at' | 'id_expiry' | 'birth_date' | 'open_date' | 'last_contact_at' | 'assets_fen';
export function countDriverFor(prefix: Prefix, f: CustomerFilter): CountDriver | null {
  if (prefix === 'manager') return null;
  if (f.riskExpired === true) return 'risk_expires_at';
  if (f.idExpired === true) return 'id_expiry';
  if (f.elderly === true) return 'birth_date';
  if (f.openFrom !== undefined || f.openTo !== undefined) return 'open_date';
  if (f.lastContactFrom !== undefined || f.lastContactTo !== undefined) return 'last_contact_at';
  if (f.assetsMinFen !== undefined || f.assetsMaxFen !== undefined) return 'assets_fen';
  return null;
}
const BRANCH_PREFIXED_ONLY: readonly CountDriver[] = ['risk_expires_at', 'id_expiry', 'birth_date'];

/** `branchIds`: every branch, for a firm-wide count driven by a branch-prefixed flag index (spelled out: an `IN (SELECT …)` skip-scans). */
export function buildCount(db: Kysely<Schema>, actor: Actor, input: { q?: string | undefined; filter: CustomerFilter }, today: string, branchIds: readonly string[] = []) {
  const prefix = prefixFor(actor, input.filter);
  const f = input.filter;
  let inner = customersInScope(db, actor).select(sql<number>`1`.as('one'));
  const lastFiltered = Math.max(-1, ...FACETS.map((x, i) => (f[x.key]?.length ? i : -1)), f.riskLevels?.length ? FACETS.length : -1);
  FACETS.forEach((x, i) => {
    const values: readonly string[] | undefined = f[x.key]?.length ? f[x.key] : i < lastFiltered ? x.all : undefined;
    if (values) inner = inner.where(sql<SqlBool>`${sql.ref(`customers.${x.column}`)} IN (${sql.join(values.map((v) => sql.val(v)))})`);
  });
  if (f.riskLevels?.length) inner = inner.where(sql<SqlBool>`customers.risk_level IN (${sql.join(f.riskLevels.map((v) => sql.val(v)))})`);
  const rest: CustomerFilter = { ...f, statuses: undefined, kinds: undefined, levels: undefined, riskLevels: undefined };
  let driver = lastFiltered < 0 ? countDriverFor(prefix, f) : null;
  if (driver && prefix === 'all' && BRANCH_PREFIXED_ONLY.includes(driver)) {
    if (branchIds.length > 0) inner = inner.where(sql<SqlBool>`customers.branch_id IN (${sql.join(branchIds.map((b) => sql.val(b)))})`);
    else driver = null;
  }
  for (const p of filterPredicates(rest, today, driver, prefix)) inner = inner.where(p);
  if (input.q) inner = inner.where(sql<SqlBool>`customers.seq IN ${searchSeqs(db, input.q, searchPrefixFor(actor, f).prefix)}`);
  return db.selectFrom(inner.limit(COUNT_CAP + 1).as('matches')).select(sql<number>`count(*)`.as('n'));
}

/** The list's count (uncapped) in `actor`'s scope: `buildCount`, given every branch for a firm-wide count. */
export async function countCustomers(db: Kysely<Schema>, actor: Actor, input: { q?: string | undefined; filter: CustomerFilter }, today: string): Promise<number> {
  const branchIds = actor.scope === 'all' ? (await db.selectFrom('org_units').select('id').where('kind', '=', 'branch').where('deleted_at', 'is', null).execute()).map((r) => r.id) : [];
  const { n } = await buildCount(db, actor, input, today, branchIds).executeTakeFirstOrThrow();
  return n;
}

export type ListSegmentRow = Awaited<ReturnType<ReturnType<typeof buildListSegment>['execute']>>[number];
