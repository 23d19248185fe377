import { auditContract } from '../../src-shared/audit/audit.contract';
import type { HandlersFor } from '../ipc/types';

export const auditHandlers = {
  /** Newest first, keyset by id (UUIDv7 sorts by time); branch roles see their branch's rows. */
  'audit.list': async (input, { db, actor }) => {
    let q = db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor_id', 'actor_login', 'approver_id', 'action', 'target_type', 'target_id', 'outcome', 'error_code', 'branch_id'])
      .orderBy('id', 'desc')
      .limit(input.limit + 1);
    if (actor.scope !== 'all') q = q.where('branch_id', '=', actor.branchId);
    if (input.action) q = q.where('action', '=', input.action);
    if (input.actorId) q = q.where('actor_id', '=', input.actorId);
    if (input.outcome) q = q.where('outcome', '=', input.outcome);
    if (input.before) q = q.where('id', '<', input.before);
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    return {
      rows: page.map((r) => ({
        id: r.id,
        at: r.at,
        actorId: r.actor_id,
        actorLogin: r.actor_login,
        approverId: r.approver_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        outcome: r.outcome,
        errorCode: r.error_code,
        branchId: r.branch_id,
      })),
      nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
    };
  },
} satisfies HandlersFor<typeof auditContract>;
