import type { Insertable, Kysely, Updateable } from 'kysely';
import type { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { customersContract, customerFieldShape, identityProblems, type PiiField, type TimelineEvent } from '../../src-shared/customers/customers.contract';
import { AppError, fieldError, type RpcIssue } from '../../src-shared/rpc/errors';
import { OK } from '../../src-shared/lib/common';
import { birthDateFromId, sexFromId } from '../../src-shared/lib/id-number';
import { normalizeIdNumber } from '../../src-shared/lib/normalize';
import type { CustomersTable, Database as Schema } from '../db/schema';
import type { Actor, HandlerCtx, HandlersFor } from '../ipc/types';
import { assertCoversBranch, assertCustomerInScope, isCustomerInScope } from '../scope/scope';
import type { Sqlite } from '../suitability/suitability.queries';
import { isBundled } from './merge.queries';
import { handOverOpenTasks } from './hand-over-tasks';
import {
  accountsOf,
  contactsOf,
  customerDto,
  customerRow,
  feedbackOf,
  historyOf,
  ownershipOf,
  timelineOf,
  toAccountDto,
  toContactDto,
} from './customers-record.queries';

type C = typeof customersContract;
type Only<K extends keyof C> = { [M in K]: C[M] };
type Db = Kysely<Schema>;
type Fields = { [K in keyof typeof customerFieldShape]: z.output<(typeof customerFieldShape)[K]> };

const reverse = (s: string) => [...s].reverse().join('');

/**
 * The customer a call is about to read or change: in the caller's scope, not deleted. A
 * customer merged away (a tombstone pointing at its survivor) answers NOT_FOUND with
 * `params.mergedInto`, so the page can redirect to the survivor; the tombstone's own scope is
 * checked first, so nobody learns where a customer outside their scope went.
 */
export async function customerInScope(db: Db, actor: Actor, id: string) {
  const c = await customerRow(db, id);
  if (!c) throw new AppError('NOT_FOUND', 'error.customers.notFound');
  if (c.deleted_at !== null) {
    if (c.merged_into === null) throw new AppError('NOT_FOUND', 'error.customers.notFound');
    assertCustomerInScope(actor, c);
    throw new AppError('NOT_FOUND', 'error.customers.merged', { params: { mergedInto: c.merged_into } });
  }
  assertCustomerInScope(actor, c);
  return c;
}

/** The manager a customer of `branchId` may be given: an active account manager of that branch. */
export async function checkManager(db: Db, managerId: string, branchId: string, path: (string | number)[] = ['managerId']) {
  const m = await db.selectFrom('users').select(['id', 'branch_id', 'role', 'status', 'display_name']).where('id', '=', managerId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!m || m.status !== 'active' || m.role !== 'account_manager' || m.branch_id !== branchId) throw fieldError(path, 'validation.manager.unknown');
  return m;
}

/**
 * Business keys are checked here, not by a UNIQUE constraint (architecture.md): sync must never
 * block. Both lookups are index searches (customers_no, customers_id_no_rev).
 */
async function refuseDuplicateKeys(db: Db, actor: Actor, keys: { customerNo?: string; idNo?: string }, excludeId?: string): Promise<void> {
  const check = async (field: 'customerNo' | 'idNo', value: string | undefined) => {
    if (value === undefined) return;
    let q = db.selectFrom('customers').select(['id', 'branch_id', 'manager_id']).where('deleted_at', 'is', null);
    q = field === 'customerNo' ? q.where('customer_no', '=', value) : q.where('id_no_rev', '=', reverse(value)).where('id_no', '=', value);
    if (excludeId) q = q.where('id', '!=', excludeId);
    const dup = await q.executeTakeFirst();
    // Which customer holds it, only to whom may see that customer (as customers.checkDuplicates does).
    if (dup) throw new AppError('CONFLICT', 'error.customers.duplicate', { params: { id: isCustomerInScope(actor, dup) ? dup.id : '', field } });
  };
  await check('customerNo', keys.customerNo);
  await check('idNo', keys.idNo);
}

/** Editable fields as columns; only the keys present in `f` appear. */
function toColumns(f: Partial<Fields>): Updateable<CustomersTable> {
  const o: Updateable<CustomersTable> = {};
  if (f.customerNo !== undefined) o.customer_no = f.customerNo;
  if (f.kind !== undefined) o.kind = f.kind;
  if (f.name !== undefined) o.name = f.name;
  if (f.gender !== undefined) o.gender = f.gender;
  if (f.birthDate !== undefined) o.birth_date = f.birthDate;
  if (f.idType !== undefined) o.id_type = f.idType;
  if (f.idNo !== undefined) o.id_no = f.idNo;
  if (f.idExpiry !== undefined) o.id_expiry = f.idExpiry;
  if (f.nationality !== undefined) o.nationality = f.nationality;
  if (f.occupation !== undefined) o.occupation = f.occupation;
  if (f.education !== undefined) o.education = f.education;
  if (f.incomeBand !== undefined) o.income_band = f.incomeBand;
  if (f.address !== undefined) o.address = f.address;
  if (f.phone !== undefined) o.phone = f.phone;
  if (f.phone2 !== undefined) o.phone2 = f.phone2;
  if (f.email !== undefined) o.email = f.email;
  if (f.wechat !== undefined) o.wechat = f.wechat;
  if (f.openDate !== undefined) o.open_date = f.openDate;
  if (f.sourceChannel !== undefined) o.source_channel = f.sourceChannel;
  if (f.investExperience !== undefined) o.invest_experience = f.investExperience;
  if (f.investHorizon !== undefined) o.invest_horizon = f.investHorizon;
  if (f.preferredVarieties !== undefined) o.preferred_varieties = f.preferredVarieties.length ? JSON.stringify(f.preferredVarieties) : null;
  if (f.notes !== undefined) o.notes = f.notes;
  return o;
}

/**
 * A resident ID encodes the birth date and sex: when the person did not type them, take them
 * from the number, so the elderly flag and birthday care work from the ID alone.
 */
function deriveFromId(f: Partial<Fields>, idType: string, idNo: string | undefined): Partial<Fields> {
  if (idType !== 'resident_id' || idNo === undefined) return f;
  return { ...f, ...(f.birthDate == null ? { birthDate: birthDateFromId(idNo) } : {}), ...(f.gender == null ? { gender: sexFromId(idNo) } : {}) };
}

async function replaceTags(db: Db, c: { id: string; branch_id: string }, tags: string[], now: string): Promise<{ added: number; removed: number }> {
  const want = [...new Set(tags)];
  const have = await db.selectFrom('customer_tags').select(['id', 'tag']).where('customer_id', '=', c.id).where('deleted_at', 'is', null).execute();
  const gone = have.filter((h) => !want.includes(h.tag));
  const fresh = want.filter((t) => !have.some((h) => h.tag === t));
  if (gone.length) await db.updateTable('customer_tags').set({ deleted_at: now }).where('id', 'in', gone.map((g) => g.id)).execute();
  if (fresh.length) await db.insertInto('customer_tags').values(fresh.map((tag) => ({ id: uuidv7(), customer_id: c.id, branch_id: c.branch_id, tag, created_at: now, deleted_at: null }))).execute();
  return { added: fresh.length, removed: gone.length };
}

/** Close the open ownership row and open the next (客户归属 is dated history, not a field). */
async function handOver(db: Db, c: { id: string; branch_id: string }, managerId: string | null, reason: 'open' | 'assign', actor: Actor, now: string): Promise<void> {
  if (reason !== 'open') await db.updateTable('customer_ownership').set({ valid_to: now }).where('customer_id', '=', c.id).where('valid_to', 'is', null).where('deleted_at', 'is', null).execute();
  await db
    .insertInto('customer_ownership')
    .values({ id: uuidv7(), customer_id: c.id, branch_id: c.branch_id, manager_id: managerId, valid_from: now, valid_to: null, reason, assigned_by: actor.userId, created_at: now, deleted_at: null })
    .execute();
}

/**
 * Bulk targets: every id exists and is in the caller's scope, or nothing happens. One
 * statement over a JSON array (customers_id index per element), so 10,000 ids are one read.
 * CROSS JOIN pins
 * json_each as the outer loop: the planner otherwise may scan customers and probe the
 * unindexed id list once per row (10,000 × 10,000 probes, measured at over a minute).
 */
export function bulkTargets(ctx: HandlerCtx, ids: string[]): { id: string; branch_id: string; manager_id: string | null }[] {
  const unique = [...new Set(ids)];
  const rows = ctx.app.db.sqlite
    .prepare(`SELECT c.id, c.branch_id, c.manager_id FROM json_each(?) j CROSS JOIN customers c ON c.id = j.value WHERE c.deleted_at IS NULL`)
    .all(JSON.stringify(unique)) as { id: string; branch_id: string; manager_id: string | null }[];
  if (rows.length !== unique.length) throw new AppError('NOT_FOUND', 'error.customers.someNotFound', { params: { count: unique.length - rows.length } });
  for (const r of rows) assertCustomerInScope(ctx.actor, r);
  return rows;
}

async function childOfCustomer(db: Db, table: 'contacts' | 'accounts', id: string) {
  const row = await db.selectFrom(table).select(['id', 'customer_id']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', table === 'contacts' ? 'error.customers.contactNotFound' : 'error.customers.accountNotFound');
  return row;
}

/**
 * A merge into this customer that is not undone says whether it has gone out in a bundle
 * (`summary.bundled`, 1 or 0): the page offers its undo only before (merge.queries.ts isBundled).
 */
function markBundledMerges<T extends { events: TimelineEvent[] }>(sqlite: Sqlite, timeline: T): T {
  for (const e of timeline.events) {
    if (e.kind === 'merge' && e.summary.role === 'survivor' && e.summary.undone !== 1) e.summary.bundled = isBundled(sqlite, e.key.slice('merge:'.length)) ? 1 : 0;
  }
  return timeline;
}

/** One customer: the page, edits, personal data, children, tags, assignment, bulk actions. */
export const customersRecordHandlers = {
  /**
   * The customer page in one call: every lookup below is an index search on the customer's id,
   * so the page costs the same on a million customers as on ten.
   */
  'customers.get': async (input, { app, db, actor, audit }) => {
    audit.targetType = 'customer';
    audit.targetId = input.id;
    await customerInScope(db, actor, input.id);
    const [customer, contacts, accounts, feedback, ownership, timeline] = await Promise.all([
      customerDto(db, actor, input.id, app.now()),
      contactsOf(db, input.id),
      accountsOf(db, input.id),
      feedbackOf(db, input.id),
      ownershipOf(db, input.id),
      timelineOf(db, input.id, undefined),
    ]);
    return { customer, contacts, accounts, feedback, ownership, timeline: markBundledMerges(app.db.sqlite, timeline) };
  },

  'customers.timeline': async (input, { app, db, actor }) => {
    await customerInScope(db, actor, input.id);
    return markBundledMerges(app.db.sqlite, await timelineOf(db, input.id, input.before));
  },

  'customers.history': async (input, { db, actor }) => {
    await customerInScope(db, actor, input.id);
    return historyOf(db, input.id, input.before);
  },

  'customers.revealPii': async (input, { db, actor, audit }) => {
    audit.targetType = 'customer';
    audit.targetId = input.id;
    // The field name only: the audit row must never hold the value it protects.
    audit.detail = { field: input.field };
    const c = await customerInScope(db, actor, input.id);
    const column: Record<PiiField, string | null> = { idNo: c.id_no, phone: c.phone, phone2: c.phone2, address: c.address, email: c.email };
    return { value: column[input.field] };
  },

  /**
   * Firm-wide on purpose: a duplicate in another branch is exactly what the person must hear
   * about. Outside the caller's scope only the branch is told, never who it is.
   */
  'customers.checkDuplicates': async (input, { db, actor }) => {
    const idNo = input.idNo === undefined ? undefined : normalizeIdNumber(input.idNo);
    const probes: { on: 'customerNo' | 'idNo' | 'phone'; value: string | undefined }[] = [
      { on: 'customerNo', value: input.customerNo },
      { on: 'idNo', value: idNo || undefined },
      { on: 'phone', value: input.phone },
    ];
    const found = new Map<string, { row: { id: string; customer_no: string; name: string; branch_id: string; manager_id: string | null; branch_name: string }; on: ('customerNo' | 'idNo' | 'phone')[] }>();
    for (const p of probes) {
      if (p.value === undefined) continue;
      let q = db
        .selectFrom('customers as c')
        .innerJoin('org_units as b', 'b.id', 'c.branch_id')
        .select(['c.id', 'c.customer_no', 'c.name', 'c.branch_id', 'c.manager_id', 'b.name as branch_name'])
        .where('c.deleted_at', 'is', null)
        .limit(20);
      if (p.on === 'customerNo') q = q.where('c.customer_no', '=', p.value);
      else if (p.on === 'idNo') q = q.where('c.id_no_rev', '=', reverse(p.value)).where('c.id_no', '=', p.value);
      else q = q.where('c.phone_rev', '=', reverse(p.value)).where('c.phone', '=', p.value);
      if (input.excludeId) q = q.where('c.id', '!=', input.excludeId);
      for (const row of await q.execute()) {
        const hit = found.get(row.id) ?? { row, on: [] };
        hit.on.push(p.on);
        found.set(row.id, hit);
      }
    }
    const inScope = (r: { branch_id: string; manager_id: string | null }) => actor.scope === 'all' || (actor.scope === 'branch' ? r.branch_id === actor.branchId : r.manager_id === actor.userId);
    return {
      matches: [...found.values()].map(({ row, on }) =>
        inScope(row)
          ? { id: row.id, customerNo: row.customer_no, name: row.name, branchName: row.branch_name, matchedOn: on }
          : { id: null, customerNo: null, name: null, branchName: row.branch_name, matchedOn: on },
      ),
    };
  },

  /** Phone-only duplicates are allowed (family members share phones); the form warns via checkDuplicates. */
  'customers.create': async (input, { app, db, actor, audit }) => {
    assertCoversBranch(actor, input.branchId);
    const branch = await db.selectFrom('org_units').select(['kind', 'status']).where('id', '=', input.branchId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!branch || branch.kind !== 'branch') throw fieldError(['branchId'], 'validation.branch.unknown');
    if (branch.status !== 'active') throw fieldError(['branchId'], 'validation.branch.closed');
    const managerId = input.managerId === undefined ? (actor.role === 'account_manager' ? actor.userId : null) : input.managerId;
    if (actor.scope === 'own' && managerId !== actor.userId) throw fieldError(['managerId'], 'validation.manager.notSelf');
    if (managerId) await checkManager(db, managerId, input.branchId);
    await refuseDuplicateKeys(db, actor, { customerNo: input.customerNo, idNo: input.idNo });
    const { branchId: _b, managerId: _m, tags, ...fields } = input;
    const id = uuidv7();
    const now = app.now().toISOString();
    const values: Insertable<CustomersTable> = {
        customer_no: input.customerNo,
        name: input.name,
        id_type: input.idType,
        id_no: input.idNo,
        phone: null,
        ...toColumns(deriveFromId(fields, input.idType, input.idNo)),
        id,
        branch_id: input.branchId,
        manager_id: managerId,
        level: 'normal',
        status: 'active',
        assets_fen: 0,
        created_at: now,
        updated_at: now,
        updated_by: actor.userId,
        deleted_at: null,
    };
    await db.insertInto('customers').values(values).execute();
    const c = { id, branch_id: input.branchId };
    if (tags?.length) await replaceTags(db, c, tags, now);
    if (managerId) await handOver(db, c, managerId, 'open', actor, now);
    audit.targetType = 'customer';
    audit.targetId = id;
    return customerDto(db, actor, id, app.now());
  },

  /**
   * Optimistic concurrency: the editor saves against the version it loaded; a newer save by
   * anyone answers STALE naming who saved and when, and nothing is overwritten.
   */
  'customers.update': async (input, { app, db, actor, audit }) => {
    const c = await customerInScope(db, actor, input.id);
    audit.targetType = 'customer';
    audit.targetId = c.id;
    if (c.version !== input.version) {
      const by = c.updated_by ? await db.selectFrom('users').select('display_name').where('id', '=', c.updated_by).executeTakeFirst() : undefined;
      throw new AppError('STALE', 'error.customers.stale', { params: { by: by?.display_name ?? '', at: c.updated_at } });
    }
    const p = input.patch;
    const idType = p.idType ?? c.id_type;
    const idNoChanged = p.idNo !== undefined && p.idNo !== c.id_no;
    // A new resident ID brings its own birth date and sex unless the person typed them too.
    const patch = idNoChanged ? deriveFromId(p, idType, p.idNo) : p;
    const touchesIdentity = ['kind', 'idType', 'idNo', 'birthDate'].some((k) => k in patch);
    if (touchesIdentity) {
      const merged = { kind: patch.kind ?? c.kind, idType, idNo: patch.idNo ?? c.id_no, birthDate: patch.birthDate === undefined ? c.birth_date : patch.birthDate };
      const problems = identityProblems(merged);
      if (problems.length) {
        const issues: RpcIssue[] = problems.map((pr) => ({ path: ['patch', ...pr.path], message: pr.message }));
        throw new AppError('VALIDATION', 'error.VALIDATION', { issues });
      }
    }
    const cols = toColumns(patch);
    const changed = (Object.keys(cols) as (keyof typeof cols & keyof typeof c)[]).filter((k) => cols[k] !== c[k]);
    if (changed.length === 0) return customerDto(db, actor, c.id, app.now());
    await refuseDuplicateKeys(db, actor, { ...(changed.includes('customer_no') ? { customerNo: cols.customer_no as string } : {}), ...(changed.includes('id_no') ? { idNo: cols.id_no as string } : {}) }, c.id);
    const set: Updateable<CustomersTable> = {};
    for (const k of changed) Object.assign(set, { [k]: cols[k] });
    const now = app.now().toISOString();
    const res = await db
      .updateTable('customers')
      .set({ ...set, version: c.version + 1, updated_at: now, updated_by: actor.userId })
      .where('id', '=', c.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (res.numUpdatedRows !== 1n) throw new AppError('STALE', 'error.customers.stale', { params: { by: '', at: now } });
    // Field names only: the audit log says what kind of data changed, never the data.
    audit.detail = { fields: changed.map((k) => k.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase())).join(',') };
    return customerDto(db, actor, c.id, app.now());
  },

  'customers.setTags': async (input, { app, db, actor, audit }) => {
    const c = await customerInScope(db, actor, input.id);
    const { added, removed } = await replaceTags(db, c, input.tags, app.now().toISOString());
    audit.targetType = 'customer';
    audit.targetId = c.id;
    audit.detail = { added, removed };
    return [...new Set(input.tags)].sort();
  },

  'customers.assign': async (input, { app, db, actor, audit }) => {
    const c = await customerInScope(db, actor, input.id);
    audit.targetType = 'customer';
    audit.targetId = c.id;
    if (input.managerId) await checkManager(db, input.managerId, c.branch_id);
    // Handing a customer to the manager who already has them changes nothing and writes no history.
    if (input.managerId === c.manager_id) return customerDto(db, actor, c.id, app.now());
    const now = app.now().toISOString();
    await handOver(db, c, input.managerId, 'assign', actor, now);
    await db.updateTable('customers').set({ manager_id: input.managerId, version: c.version + 1, updated_at: now, updated_by: actor.userId }).where('id', '=', c.id).execute();
    handOverOpenTasks(app.db.sqlite, JSON.stringify([c.id]), input.managerId, now);
    audit.detail = { managerId: input.managerId ?? '' };
    return customerDto(db, actor, c.id, app.now());
  },

  /**
   * Four-eyes (复核). `prepare` runs on the maker's call and again when the checker approves
   * (the book may have changed in between); `run` reassigns everything in the one transaction
   * the dispatcher opened, with prepared statements so 10,000 customers take one pass.
   */
  'customers.bulkAssign': {
    prepare: async (input, ctx) => {
      const rows = bulkTargets(ctx, input.ids);
      const branchId = rows[0]!.branch_id;
      const m = await checkManager(ctx.db, input.managerId, branchId);
      if (rows.some((r) => r.branch_id !== branchId)) throw fieldError(['managerId'], 'validation.manager.unknown');
      return { branchId, summary: { count: rows.length, managerId: m.id, managerName: m.display_name } };
    },
    run: async (input, ctx) => {
      const { app, db, actor, audit, clientId, afterCommit } = ctx;
      const rows = bulkTargets(ctx, input.ids);
      const branchId = rows[0]!.branch_id;
      await checkManager(db, input.managerId, branchId);
      const moving = rows.filter((r) => r.manager_id !== input.managerId).map((r) => r.id);
      // The writes run as a job in the worker (bulk-assign.job.ts), captured with the maker as author.
      const jobId = moving.length === 0 ? null : await app.jobs.enqueue(db, afterCommit, { kind: 'customers.bulkAssign', params: { ids: moving, managerId: input.managerId, branchId }, userId: actor.userId, clientId });
      audit.targetType = 'customers';
      audit.detail = { count: rows.length, updated: moving.length, managerId: input.managerId };
      return { updated: moving.length, jobId };
    },
  },

  'customers.bulkTags': async (input, ctx) => {
    const rows = bulkTargets(ctx, input.ids);
    const now = ctx.app.now().toISOString();
    const sqlite = ctx.app.db.sqlite;
    const add = [...new Set(input.add)];
    const remove = [...new Set(input.remove)].filter((t) => !add.includes(t));
    const have = sqlite.prepare(`SELECT tag FROM customer_tags WHERE customer_id = ? AND deleted_at IS NULL`).pluck();
    const ins = sqlite.prepare(`INSERT INTO customer_tags (id, customer_id, branch_id, tag, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL)`);
    const del = sqlite.prepare(`UPDATE customer_tags SET deleted_at = ? WHERE customer_id = ? AND tag = ? AND deleted_at IS NULL`);
    let updated = 0;
    for (const r of rows) {
      const tags = new Set(have.all(r.id) as string[]);
      let touched = false;
      for (const t of add) {
        if (tags.has(t)) continue;
        ins.run(uuidv7(), r.id, r.branch_id, t, now);
        touched = true;
      }
      for (const t of remove) {
        if (!tags.has(t)) continue;
        del.run(now, r.id, t);
        touched = true;
      }
      if (touched) updated += 1;
    }
    ctx.audit.targetType = 'customers';
    ctx.audit.detail = { count: rows.length };
    return { updated };
  },

  'customers.bulkStatus': async (input, ctx) => {
    const rows = bulkTargets(ctx, input.ids);
    const now = ctx.app.now().toISOString();
    const set = ctx.app.db.sqlite.prepare(`UPDATE customers SET status = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND status IS NOT ?`);
    let updated = 0;
    for (const r of rows) updated += set.run(input.status, now, ctx.actor.userId, r.id, input.status).changes;
    ctx.audit.targetType = 'customers';
    ctx.audit.detail = { count: rows.length };
    return { updated };
  },

  'customers.contacts.save': async (input, { app, db, actor, audit }) => {
    const c = await customerInScope(db, actor, input.customerId);
    if (input.id) {
      const existing = await childOfCustomer(db, 'contacts', input.id);
      if (existing.customer_id !== c.id) throw new AppError('NOT_FOUND', 'error.customers.contactNotFound');
    }
    const id = input.id ?? uuidv7();
    const now = app.now().toISOString();
    const values = {
      kind: input.kind,
      name: input.name,
      relation: input.relation ?? null,
      position: input.position ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      notes: input.notes ?? null,
      is_primary: input.isPrimary ? 1 : 0,
      updated_at: now,
    };
    // One primary contact per customer: choosing a new one demotes the old.
    if (input.isPrimary) await db.updateTable('contacts').set({ is_primary: 0, updated_at: now }).where('customer_id', '=', c.id).where('id', '!=', id).where('is_primary', '=', 1).execute();
    if (input.id) await db.updateTable('contacts').set(values).where('id', '=', id).execute();
    else await db.insertInto('contacts').values({ ...values, id, customer_id: c.id, branch_id: c.branch_id, created_at: now, deleted_at: null }).execute();
    audit.targetType = 'customer';
    audit.targetId = c.id;
    audit.detail = { contactId: id };
    const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toContactDto(row);
  },

  'customers.contacts.remove': async (input, { app, db, actor, audit }) => {
    const row = await childOfCustomer(db, 'contacts', input.id);
    await customerInScope(db, actor, row.customer_id);
    const now = app.now().toISOString();
    await db.updateTable('contacts').set({ deleted_at: now, updated_at: now }).where('id', '=', row.id).execute();
    audit.targetType = 'customer';
    audit.targetId = row.customer_id;
    audit.detail = { contactId: row.id };
    return OK;
  },

  /** A capital account number is unique firm-wide (domain.md): another row holding it refuses the save. */
  'customers.accounts.save': async (input, { app, db, actor, audit }) => {
    const c = await customerInScope(db, actor, input.customerId);
    if (input.id) {
      const existing = await childOfCustomer(db, 'accounts', input.id);
      if (existing.customer_id !== c.id) throw new AppError('NOT_FOUND', 'error.customers.accountNotFound');
    }
    if (input.openedAt && input.closedAt && input.closedAt < input.openedAt) throw fieldError(['closedAt'], 'validation.date.order');
    let dupQ = db.selectFrom('accounts as a').innerJoin('customers as o', 'o.id', 'a.customer_id').select(['a.id', 'a.customer_id', 'o.branch_id', 'o.manager_id']).where('a.account_no', '=', input.accountNo).where('a.deleted_at', 'is', null);
    if (input.id) dupQ = dupQ.where('a.id', '!=', input.id);
    const dup = await dupQ.executeTakeFirst();
    // The customer's own account under that number: said at the field, not as another customer's.
    if (dup && dup.customer_id === c.id) throw fieldError(['accountNo'], 'validation.accountNo.alreadyHeld');
    if (dup) throw new AppError('CONFLICT', 'error.customers.accountNoTaken', { params: { id: isCustomerInScope(actor, dup) ? dup.customer_id : '' } });
    const id = input.id ?? uuidv7();
    const now = app.now().toISOString();
    const values = { account_no: input.accountNo, type: input.type, status: input.status, opened_at: input.openedAt ?? null, closed_at: input.closedAt ?? null, updated_at: now };
    if (input.id) await db.updateTable('accounts').set(values).where('id', '=', id).execute();
    else await db.insertInto('accounts').values({ ...values, id, customer_id: c.id, branch_id: c.branch_id, created_at: now, deleted_at: null }).execute();
    audit.targetType = 'customer';
    audit.targetId = c.id;
    audit.detail = { accountId: id };
    return toAccountDto(await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  },

  'customers.accounts.remove': async (input, { app, db, actor, audit }) => {
    const row = await childOfCustomer(db, 'accounts', input.id);
    await customerInScope(db, actor, row.customer_id);
    const now = app.now().toISOString();
    await db.updateTable('accounts').set({ deleted_at: now, updated_at: now }).where('id', '=', row.id).execute();
    audit.targetType = 'customer';
    audit.targetId = row.customer_id;
    audit.detail = { accountId: row.id };
    return OK;
  },

  'customers.feedback.add': async (input, { app, db, actor, audit }) => {
    const c = await customerInScope(db, actor, input.customerId);
    const id = uuidv7();
    const now = app.now().toISOString();
    await db
      .insertInto('customer_feedback')
      .values({ id, customer_id: c.id, branch_id: c.branch_id, kind: input.kind, channel: input.channel, content: input.content, author_id: actor.userId, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    audit.targetType = 'customer';
    audit.targetId = c.id;
    audit.detail = { feedbackId: id, kind: input.kind };
    return (await feedbackOf(db, c.id, { id }))[0]!;
  },
} satisfies HandlersFor<Only<'customers.get' | 'customers.timeline' | 'customers.history' | 'customers.revealPii' | 'customers.checkDuplicates' | 'customers.create' | 'customers.update' | 'customers.setTags' | 'customers.assign' | 'customers.bulkAssign' | 'customers.bulkTags' | 'customers.bulkStatus' | 'customers.contacts.save' | 'customers.contacts.remove' | 'customers.accounts.save' | 'customers.accounts.remove' | 'customers.feedback.add'>>;
