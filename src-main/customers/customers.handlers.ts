import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { customersContract } from '../../src-shared/customers/customers.contract';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';
import { assertCoversBranch, assertCustomerInScope } from '../scope/scope';
import { searchSeqs, selectCustomerRows, toCustomerDto, toListRow } from './customers.queries';

export const customersHandlers = {
  /** Richest first, keyset-paginated on (assets_fen, seq) so every page is an index range. */
  'customers.list': async (input, { db, actor }) => {
    let q = selectCustomerRows(db, actor).orderBy('customers.assets_fen', 'desc').orderBy('customers.seq', 'desc').limit(input.limit + 1);
    if (input.q) q = q.where('customers.seq', 'in', searchSeqs(db, input.q));
    if (input.status) q = q.where('customers.status', '=', input.status);
    if (input.branchId) q = q.where('customers.branch_id', '=', input.branchId);
    if (input.after) q = q.where(sql<boolean>`(customers.assets_fen, customers.seq) < (${input.after.assetsFen}, ${input.after.seq})`);
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return { rows: page.map(toListRow), nextCursor: rows.length > input.limit && last ? { assetsFen: last.assets_fen, seq: last.seq } : null };
  },

  'customers.get': async (input, { db, actor, audit }) => {
    audit.targetType = 'customer';
    audit.targetId = input.id;
    const row = await db.selectFrom('customers').select(['branch_id', 'manager_id']).where('id', '=', input.id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'error.customers.notFound');
    assertCustomerInScope(actor, row);
    return toCustomerDto((await selectCustomerRows(db, actor).where('customers.id', '=', input.id).executeTakeFirst())!);
  },

  'customers.create': async (input, { app, db, actor, audit }) => {
    assertCoversBranch(actor, input.branchId);
    const managerId = input.managerId ?? (actor.role === 'account_manager' ? actor.userId : null);
    if (actor.scope === 'own' && managerId !== actor.userId) throw fieldError(['managerId'], 'validation.manager.notSelf');
    if (managerId) {
      const m = await db.selectFrom('users').select(['branch_id', 'role', 'status']).where('id', '=', managerId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!m || m.status !== 'active' || m.role !== 'account_manager' || m.branch_id !== input.branchId) throw fieldError(['managerId'], 'validation.manager.unknown');
    }
    // Business keys are checked here, not by a UNIQUE constraint (architecture.md): sync must never block.
    const dup = await db.selectFrom('customers').select('id').where('deleted_at', 'is', null).where((eb) => eb.or([eb('customer_no', '=', input.customerNo), eb('id_no', '=', input.idNo)])).executeTakeFirst();
    if (dup) throw new AppError('CONFLICT', 'error.customers.duplicate', { params: { id: dup.id } });
    const id = uuidv7();
    const now = app.now().toISOString();
    await db
      .insertInto('customers')
      .values({ id, customer_no: input.customerNo, name: input.name, id_type: input.idType, id_no: input.idNo, phone: input.phone ?? null, branch_id: input.branchId, manager_id: managerId, level: 'normal', status: 'active', assets_fen: 0, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    audit.targetType = 'customer';
    audit.targetId = id;
    return toCustomerDto((await selectCustomerRows(db, actor).where('customers.id', '=', id).executeTakeFirst())!);
  },
} satisfies HandlersFor<typeof customersContract>;
