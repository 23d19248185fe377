import { v7 as uuidv7 } from 'uuid';
import { sql, type Kysely, type Updateable } from 'kysely';
import { customersContract, MERGE_FIELDS, type DuplicatePairDto } from '../../src-shared/customers/customers.contract';
import { AppError } from '../../src-shared/rpc/errors';
import { keyList } from '../../src-shared/i18n/catalogues';
import { OK } from '../../src-shared/lib/common';
import type { CustomersTable, Database as Schema } from '../db/schema';
import type { Actor, HandlerCtx, HandlersFor } from '../ipc/types';
import { assertCustomerInScope, customersInScope, jobScopeOf } from '../scope/scope';
import { selectCustomerFull, selectCustomerRows, shanghaiToday, tagsOf, toCustomerDto, toListRow } from './customers.queries';
import { recomputeDerived, type Sqlite } from '../suitability/suitability.queries';
import { handOverOpenTasks } from './hand-over-tasks';
import { CHILD_TABLES, MERGE_COLUMNS, type ChildTable, type CustomerRecord, type MergeMoved, type SurvivorBefore, isBundled } from './merge.queries';

type C = typeof customersContract;
type Only<K extends keyof C> = { [M in K]: C[M] };
type Reason = 'id_no' | 'name_birth' | 'phone';

/** The data scope a scan covers: the caller's, fixed when it starts. */
/** duplicate_pairs keys a pair with a_id < b_id. */
const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

/** Both parties of a merge: present, neither merged away nor deleted, both in the caller's scope. */
async function mergeParties(db: Kysely<Schema>, actor: Actor, survivorId: string, loserId: string): Promise<{ survivor: CustomerRecord; loser: CustomerRecord }> {
  const rows = await db.selectFrom('customers').selectAll().where('id', 'in', [survivorId, loserId]).execute();
  const survivor = rows.find((r) => r.id === survivorId);
  const loser = rows.find((r) => r.id === loserId);
  if (!survivor || !loser) throw new AppError('NOT_FOUND', 'error.customers.notFound');
  assertCustomerInScope(actor, survivor);
  assertCustomerInScope(actor, loser);
  for (const c of [survivor, loser]) {
    if (c.merged_into !== null) throw new AppError('CONFLICT', 'error.customers.merged');
    if (c.deleted_at !== null) throw new AppError('NOT_FOUND', 'error.customers.notFound');
  }
  // One branch's: its checkers decide (the request is filed under the survivor's branch) and
  // its staff keep the result. Customers of two branches are first moved to one
  // (customers.transferBranch, at HQ), then merged there.
  if (survivor.branch_id !== loser.branch_id) throw new AppError('CONFLICT', 'error.customers.mergeAcrossBranches');
  return { survivor, loser };
}

/**
 * Child rows by raw SQL over the table list (the suitability tables are not in the Kysely
 * schema); table names come only from CHILD_TABLES, never from input.
 */
function childIds(sqlite: Sqlite, table: ChildTable, customerId: string): string[] {
  return sqlite.prepare(`SELECT id FROM ${table} WHERE customer_id = ? ORDER BY id`).pluck().all(customerId) as string[];
}

/**
 * A move is an edit of the row: where the table keeps `updated_at` it is set, as every edit path
 * sets it (an import's undo tells by it that something newer touched the row: imports/changes.ts).
 */
function moveChildren(sqlite: Sqlite, table: ChildTable, ids: readonly string[], to: { id: string; branch_id: string }, now: string): void {
  if (!ids.length) return;
  const stamped = sqlite.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = 'updated_at'`).pluck().get(table) !== undefined;
  sqlite
    .prepare(`UPDATE ${table} SET customer_id = ?, branch_id = ?${stamped ? ', updated_at = ?' : ''} WHERE id IN (SELECT value FROM json_each(?))`)
    .run(...[to.id, to.branch_id, ...(stamped ? [now] : []), JSON.stringify(ids)]);
}

async function survivorDto(ctx: HandlerCtx, id: string) {
  const row = await selectCustomerFull(ctx.db, ctx.actor).where('customers.id', '=', id).executeTakeFirstOrThrow();
  return toCustomerDto(row, await tagsOf(ctx.db, id), shanghaiToday(ctx.app.now()));
}

/** Duplicates: the finder job, candidate pairs, merge (four-eyes) and undo. */
export const customersMergeHandlers = {
  /**
   * Start the duplicate finder over the caller's scope (duplicates.job.ts, in a worker).
   * A scan of the same user still running is answered with its id rather than a second one.
   */
  'customers.duplicates.scan': async (_input, { app, db, actor, clientId, audit, afterCommit }) => {
    const running = await db
      .selectFrom('jobs')
      .select('id')
      .where('created_by', '=', actor.userId)
      .where('kind', '=', 'customers.duplicates')
      .where('status', 'in', ['queued', 'running'])
      .execute();
    const live = running.find((r) => app.jobs.isLive(r.id));
    const jobId = live ? live.id : await app.jobs.enqueue(db, afterCommit, { kind: 'customers.duplicates', params: { scope: jobScopeOf(actor) }, userId: actor.userId, clientId });
    audit.targetType = 'job';
    audit.targetId = jobId;
    return { jobId };
  },

  /** Candidate pairs whose two customers are both in the caller's scope, both as masked list rows. */
  'customers.duplicates.list': async (input, { app, db, actor }) => {
    const withTombstones = input.status === 'merged';
    const inScope = (col: 'p.a_id' | 'p.b_id') => customersInScope(db, actor, { withMergeTombstones: withTombstones }).select('customers.id').where('customers.id', '=', sql.ref<string>(col));
    let q = db
      .selectFrom('duplicate_pairs as p')
      .where('p.status', '=', input.status)
      .where((eb) => eb.exists(inScope('p.a_id')))
      .where((eb) => eb.exists(inScope('p.b_id')));
    // A branch's pairs carry its id (the first customer's branch): served by duplicate_pairs_branch.
    if (actor.scope === 'branch') q = q.where('p.branch_id', '=', actor.branchId);
    if (input.reason) q = q.where('p.reason', '=', input.reason);
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const page = await q.select(['p.a_id', 'p.b_id', 'p.reason', 'p.status']).orderBy('p.reason').orderBy('p.a_id').orderBy('p.b_id').limit(input.limit).offset(input.offset).execute();
    const ids = [...new Set(page.flatMap((p) => [p.a_id, p.b_id]))];
    const rows = ids.length ? await selectCustomerRows(db, actor, { withMergeTombstones: withTombstones }).where('customers.id', 'in', ids).execute() : [];
    const today = shanghaiToday(app.now());
    const byId = new Map(rows.map((r) => [r.id, toListRow(r, today)]));
    const pairs: DuplicatePairDto[] = [];
    for (const p of page) {
      const a = byId.get(p.a_id);
      const b = byId.get(p.b_id);
      if (a && b) pairs.push({ reason: p.reason, status: p.status, a, b });
    }
    return { pairs, total };
  },

  /** Not a duplicate: the pair stays dismissed through later scans. Dismissing it again is a no-op. */
  'customers.duplicates.dismiss': async (input, { db, actor, audit }) => {
    const [a, b] = ordered(input.aId, input.bId);
    const pair = await db.selectFrom('duplicate_pairs').select(['status']).where('a_id', '=', a).where('b_id', '=', b).where('reason', '=', input.reason).executeTakeFirst();
    if (!pair) throw new AppError('NOT_FOUND', 'error.customers.pairNotFound');
    const parties = await customersInScope(db, actor, { withMergeTombstones: true }).select(['customers.id']).where('customers.id', 'in', [a, b]).execute();
    if (parties.length !== 2) throw new AppError('NOT_FOUND', 'error.customers.pairNotFound');
    if (pair.status === 'merged') throw new AppError('CONFLICT', 'error.customers.pairMerged');
    await db.updateTable('duplicate_pairs').set({ status: 'dismissed' }).where('a_id', '=', a).where('b_id', '=', b).where('reason', '=', input.reason).execute();
    audit.targetType = 'customer';
    audit.targetId = a;
    audit.detail = { other: b, reason: input.reason };
    return OK;
  },

  'customers.merge': {
    /** The maker's call (and again at approval): both customers mergeable and in scope; what the checker sees. */
    prepare: async (input, { app, db, actor }) => {
      const { survivor, loser } = await mergeParties(db, actor, input.survivorId, input.loserId);
      let children = 0;
      for (const t of CHILD_TABLES) children += childIds(app.db.sqlite, t, loser.id).length;
      // Which of the survivor's fields take the merged-away customer's value: the checker sees
      // that the manager or an identity field changes, not only that two records become one.
      const taken = MERGE_FIELDS.filter((f) => input.picks[f] === 'loser' && survivor[MERGE_COLUMNS[f]] !== loser[MERGE_COLUMNS[f]]);
      return {
        branchId: survivor.branch_id,
        summary: {
          survivorId: survivor.id,
          loserId: loser.id,
          survivorNo: survivor.customer_no,
          loserNo: loser.customer_no,
          children,
          takenKeys: keyList(taken.length ? taken.map((f) => `customer.field.${f === 'managerId' ? 'manager' : f}`) : ['approval.summary.mergeNothingTaken']),
        },
      };
    },

    /**
     * After a checker approved, in the dispatcher's transaction (capture records every change
     * with the maker as author): picks, children, ownership, tombstone, merge record. Every
     * check is in prepare (which runs again just before), so nothing here fails half-way.
     */
    run: async (input, ctx) => {
      const { app, db, actor, approver, audit } = ctx;
      const { survivor, loser } = await mergeParties(db, actor, input.survivorId, input.loserId);
      const now = app.now().toISOString();

      // Per-field picks: the loser's value where picked and different; keep what it replaces.
      const before: SurvivorBefore = {};
      const set: Updateable<CustomersTable> = {};
      for (const f of MERGE_FIELDS) {
        const col = MERGE_COLUMNS[f];
        if (input.picks[f] !== 'loser' || survivor[col] === loser[col]) continue;
        before[col] = survivor[col];
        Object.assign(set, { [col]: loser[col] });
      }

      // Children: all of the loser's rows move, but a tag the survivor already has is dropped.
      const tables = {} as Record<ChildTable, string[]>;
      for (const t of CHILD_TABLES) tables[t] = childIds(app.db.sqlite, t, loser.id);
      const survivorTags = new Set((await db.selectFrom('customer_tags').select('tag').where('customer_id', '=', survivor.id).where('deleted_at', 'is', null).execute()).map((r) => r.tag));
      const loserTags = await db.selectFrom('customer_tags').select(['id', 'tag', 'deleted_at']).where('customer_id', '=', loser.id).orderBy('id').execute();
      const tagsDropped = loserTags.filter((r) => r.deleted_at === null && survivorTags.has(r.tag)).map((r) => r.id);
      tables.customer_tags = tables.customer_tags.filter((id) => !tagsDropped.includes(id));

      // Ownership: the loser is no longer served; when the manager changes, the survivor's
      // current period ends and a 'merge' period begins.
      const openOwnership = (customerId: string) =>
        db.selectFrom('customer_ownership').select('id').where('customer_id', '=', customerId).where('valid_to', 'is', null).where('deleted_at', 'is', null).orderBy('id').execute();
      const managerChanges = 'manager_id' in before;
      const ownershipClosed = [...(await openOwnership(loser.id)), ...(managerChanges ? await openOwnership(survivor.id) : [])].map((r) => r.id);
      const ownershipAdded = managerChanges ? uuidv7() : null;

      const [a, b] = ordered(survivor.id, loser.id);
      const pairRows = await db.selectFrom('duplicate_pairs').select(['reason', 'status']).where('a_id', '=', a).where('b_id', '=', b).execute();
      const pairStatus: MergeMoved['pairStatus'] = Object.fromEntries(pairRows.map((r) => [r.reason, r.status]));

      // The merge record first: its insert is the merge's first op (see isBundled).
      const mergeId = uuidv7();
      const moved: MergeMoved = { tables, tagsDropped, ownershipClosed, ownershipAdded, pairStatus };
      await db
        .insertInto('customer_merges')
        .values({
          id: mergeId,
          survivor_id: survivor.id,
          loser_id: loser.id,
          branch_id: survivor.branch_id,
          picks: JSON.stringify(input.picks),
          survivor_before: JSON.stringify(before),
          moved: JSON.stringify(moved),
          merged_by: actor.userId,
          approved_by: approver?.userId ?? null,
          created_at: now,
          undone_at: null,
          deleted_at: null,
        })
        .execute();

      await db.updateTable('customers').set({ ...set, version: survivor.version + 1, updated_at: now, updated_by: actor.userId }).where('id', '=', survivor.id).execute();
      if (ownershipClosed.length) await db.updateTable('customer_ownership').set({ valid_to: now }).where('id', 'in', ownershipClosed).execute();
      for (const t of CHILD_TABLES) moveChildren(app.db.sqlite, t, tables[t], survivor, now);
      // The loser's open tasks (moved above) go to the survivor's manager, as the merge leaves it.
      handOverOpenTasks(app.db.sqlite, JSON.stringify([survivor.id]), 'manager_id' in set ? (set.manager_id ?? null) : survivor.manager_id, now);
      if (tables.risk_assessments.length) recomputeDerived(app.db.sqlite, survivor.id);
      if (tagsDropped.length) await db.updateTable('customer_tags').set({ deleted_at: now }).where('id', 'in', tagsDropped).execute();
      if (ownershipAdded) {
        await db
          .insertInto('customer_ownership')
          .values({ id: ownershipAdded, customer_id: survivor.id, branch_id: survivor.branch_id, manager_id: loser.manager_id, valid_from: now, valid_to: null, reason: 'merge', assigned_by: actor.userId, created_at: now, deleted_at: null })
          .execute();
      }
      await db.updateTable('customers').set({ merged_into: survivor.id, deleted_at: now, version: loser.version + 1, updated_at: now, updated_by: actor.userId }).where('id', '=', loser.id).execute();
      if (pairRows.length) await db.updateTable('duplicate_pairs').set({ status: 'merged' }).where('a_id', '=', a).where('b_id', '=', b).execute();

      audit.targetType = 'customer';
      audit.targetId = survivor.id;
      audit.detail = { loserId: loser.id, mergeId };
      return { mergeId, survivor: await survivorDto(ctx, survivor.id) };
    },
  },

  /**
   * Undo a merge that has not gone into a bundle (isBundled): the survivor's overwritten
   * fields come back, moved children go back, the loser is live again. Refused when the
   * survivor's merged fields were edited since (undoing would silently drop that edit).
   */
  'customers.unmerge': async (input, { app, db, actor, audit }) => {
    const m = await db.selectFrom('customer_merges').selectAll().where('id', '=', input.mergeId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!m) throw new AppError('NOT_FOUND', 'error.customers.mergeNotFound');
    const rows = await db.selectFrom('customers').selectAll().where('id', 'in', [m.survivor_id, m.loser_id]).execute();
    const survivor = rows.find((r) => r.id === m.survivor_id);
    const loser = rows.find((r) => r.id === m.loser_id);
    if (!survivor || !loser) throw new AppError('NOT_FOUND', 'error.customers.mergeNotFound');
    assertCustomerInScope(actor, survivor);
    assertCustomerInScope(actor, loser);
    if (m.undone_at !== null) throw new AppError('CONFLICT', 'error.customers.mergeUndone');
    if (isBundled(app.db.sqlite, m.id)) throw new AppError('CONFLICT', 'error.customers.mergeBundled');
    const before = JSON.parse(m.survivor_before) as SurvivorBefore;
    const moved = JSON.parse(m.moved) as MergeMoved;
    const cols = Object.keys(before) as (keyof SurvivorBefore)[];
    // The merge set each of these to the loser's value; the tombstone still holds it.
    if (cols.some((c) => survivor[c] !== loser[c])) throw new AppError('CONFLICT', 'error.customers.mergeChangedSince');

    const now = app.now().toISOString();
    await db.updateTable('customers').set({ ...(before as Updateable<CustomersTable>), version: survivor.version + 1, updated_at: now, updated_by: actor.userId }).where('id', '=', survivor.id).execute();
    // A merge recorded before a table was a child table has no list for it.
    for (const t of CHILD_TABLES) moveChildren(app.db.sqlite, t, moved.tables[t] ?? [], loser, now);
    if ((moved.tables.risk_assessments ?? []).length) {
      recomputeDerived(app.db.sqlite, survivor.id);
      recomputeDerived(app.db.sqlite, loser.id);
    }
    if (moved.tagsDropped.length) await db.updateTable('customer_tags').set({ deleted_at: null }).where('id', 'in', moved.tagsDropped).execute();
    if (moved.ownershipAdded) await db.updateTable('customer_ownership').set({ deleted_at: now }).where('id', '=', moved.ownershipAdded).execute();
    if (moved.ownershipClosed.length) await db.updateTable('customer_ownership').set({ valid_to: null }).where('id', 'in', moved.ownershipClosed).execute();
    await db.updateTable('customers').set({ merged_into: null, deleted_at: null, version: loser.version + 1, updated_at: now, updated_by: actor.userId }).where('id', '=', loser.id).execute();
    const [a, b] = ordered(survivor.id, loser.id);
    for (const [reason, status] of Object.entries(moved.pairStatus) as [Reason, 'open' | 'dismissed' | 'merged'][]) {
      await db.updateTable('duplicate_pairs').set({ status }).where('a_id', '=', a).where('b_id', '=', b).where('reason', '=', reason).execute();
    }
    await db.updateTable('customer_merges').set({ undone_at: now }).where('id', '=', m.id).execute();
    audit.targetType = 'customer';
    audit.targetId = survivor.id;
    audit.detail = { loserId: loser.id, mergeId: m.id };
    return OK;
  },
} satisfies HandlersFor<Only<'customers.duplicates.scan' | 'customers.duplicates.list' | 'customers.duplicates.dismiss' | 'customers.merge' | 'customers.unmerge'>>;
