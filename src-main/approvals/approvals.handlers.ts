import type { Kysely } from 'kysely';
import { approvalsContract } from '../../src-shared/approvals/approvals.contract';
import { AppError } from '../../src-shared/rpc/errors';
import { OK } from '../../src-shared/lib/common';
import type { Database as Schema } from '../db/schema';
import type { Actor, HandlersFor } from '../ipc/types';
import { coversBranch } from '../scope/scope';
import { loadActor } from '../auth/actor';
import { selectApprovals, toApprovalDto } from './approvals.queries';
import type { AppContext } from '../ipc/context';

async function pendingInScope(db: Kysely<Schema>, actor: Actor, id: string) {
  const a = await selectApprovals(db).where('a.id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('NOT_FOUND', 'error.approvals.notFound');
  if (!coversBranch(actor, a.branch_id)) throw new AppError('OUT_OF_SCOPE');
  if (a.status !== 'pending') throw new AppError('CONFLICT', 'error.approvals.notPending', { params: { status: a.status } });
  // Neither its maker nor the user it is about (a role change) decides a request.
  if (a.maker_id === actor.userId) throw new AppError('SELF_APPROVAL', 'error.SELF_APPROVAL');
  if ((JSON.parse(a.input) as { userId?: unknown }).userId === actor.userId) throw new AppError('SELF_APPROVAL', 'error.approvals.aboutSelf');
  return a;
}

/** The maker as they are now (role, scope, permissions), to run their request under. */
function makerActor(app: AppContext, makerId: string): Actor {
  const maker = loadActor(app, { id: 'approval', userId: makerId, clientId: '', createdAt: 0, lastActive: 0, locked: false, unlockFailures: 0 });
  if (!maker) throw new AppError('CONFLICT', 'error.approvals.makerInactive');
  return maker;
}

export const approvalsHandlers = {
  'approvals.list': async (input, { db, actor }) => {
    let q = selectApprovals(db).orderBy('a.created_at', 'desc').limit(500);
    if (actor.scope !== 'all') q = q.where('a.branch_id', '=', actor.branchId);
    if (input.status) q = q.where('a.status', '=', input.status);
    return (await q.execute()).map(toApprovalDto);
  },

  'approvals.approve': async (input, { app, db, actor, audit, runApproved, onFailure, settledInput }) => {
    const a = await pendingInScope(db, actor, input.id);
    audit.targetType = 'approval';
    audit.targetId = a.id;
    // Decided either way, the request keeps only what its handler keeps of its input (`settle`).
    const decided = { checker_id: actor.userId, decided_at: app.now().toISOString(), note: input.note ?? null, input: settledInput!(a.method, a.input) };
    // When the request can no longer be carried out (target gone, maker lost the permission),
    // everything it wrote rolls back; the approval is then marked failed, and the checker told why.
    onFailure!(async (fresh, e) => {
      await fresh.updateTable('approvals').set({ ...decided, status: 'failed', error_code: e.code }).where('id', '=', a.id).where('status', '=', 'pending').execute();
    });
    await runApproved!(a.method, JSON.parse(a.input) as unknown, makerActor(app, a.maker_id), a.branch_id, a.summary);
    await db.updateTable('approvals').set({ ...decided, status: 'approved' }).where('id', '=', a.id).execute();
    return toApprovalDto((await selectApprovals(db).where('a.id', '=', a.id).executeTakeFirstOrThrow()));
  },

  'approvals.reject': async (input, { app, db, actor, audit, settledInput }) => {
    const a = await pendingInScope(db, actor, input.id);
    await db
      .updateTable('approvals')
      .set({ status: 'rejected', checker_id: actor.userId, decided_at: app.now().toISOString(), note: input.note, input: settledInput!(a.method, a.input) })
      .where('id', '=', a.id)
      .execute();
    audit.targetType = 'approval';
    audit.targetId = a.id;
    return toApprovalDto((await selectApprovals(db).where('a.id', '=', a.id).executeTakeFirstOrThrow()));
  },

  'approvals.cancel': async (input, { app, db, actor, audit, settledInput }) => {
    const a = await selectApprovals(db).where('a.id', '=', input.id).executeTakeFirst();
    if (!a || a.maker_id !== actor.userId) throw new AppError('NOT_FOUND', 'error.approvals.notFound');
    if (a.status !== 'pending') throw new AppError('CONFLICT', 'error.approvals.notPending', { params: { status: a.status } });
    await db.updateTable('approvals').set({ status: 'cancelled', decided_at: app.now().toISOString(), input: settledInput!(a.method, a.input) }).where('id', '=', a.id).execute();
    audit.targetType = 'approval';
    audit.targetId = a.id;
    return OK;
  },
} satisfies HandlersFor<typeof approvalsContract>;
