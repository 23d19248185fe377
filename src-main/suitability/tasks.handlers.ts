import type { suitabilityContract, TaskCustomerDto } from '../../src-shared/suitability/suitability.contract';
import { AppError } from '../../src-shared/rpc/errors';
import type { HandlersFor } from '../ipc/types';
import { coversBranch } from '../scope/scope';
import { jobScopeOf } from '../scope/scope';
import { TASK_SELECT, all, customerInScope, decodeCursor, one, page, run, toTaskDto, type TaskRow } from './suitability.queries';

type C = typeof suitabilityContract;
type Only<K extends keyof C> = { [M in K]: C[M] };

export const taskHandlers = {
  /**
   * Due soonest first, keyset on (due_date, id): the caller's own tasks (owner index), one
   * customer's (customer index), or everything in the caller's scope (branch index; firm-wide
   * by status). An account manager's scope is their own tasks.
   */
  'tasks.list': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    const after = decodeCursor(input.after, 2);
    const where: string[] = ['t.status = ?', 't.deleted_at IS NULL'];
    const params: unknown[] = [input.status];
    if (input.customerId) {
      customerInScope(db, actor, input.customerId);
      (where.push('t.customer_id = ?'), params.push(input.customerId));
      if (input.mine) (where.push('t.owner_id = ?'), params.push(actor.userId));
    } else if (input.mine || actor.scope === 'own') {
      (where.push('t.owner_id = ?'), params.push(actor.userId));
    } else if (actor.scope === 'branch') {
      (where.push('t.branch_id = ?'), params.push(actor.branchId));
    }
    if (input.kind) (where.push('t.kind = ?'), params.push(input.kind));
    if (after) (where.push('(t.due_date, t.id) > (?, ?)'), params.push(after[0], after[1]));
    const rows = all<TaskRow>(db, `${TASK_SELECT} WHERE ${where.join(' AND ')} ORDER BY t.due_date, t.id LIMIT ?`, ...params, input.limit + 1);
    return page(rows, input.limit, (r) => [r.due_date, r.id], toTaskDto);
  },

  /**
   * A risk-rise task's customers: the change's reviews of customers the task's owner manages,
   * in customer id order (keyset). The owner, or someone whose scope covers the task's branch.
   */
  'tasks.customers': async (input, { app, actor }) => {
    const db = app.db.sqlite;
    const t = one<{ owner_id: string | null; branch_id: string; source: string; source_id: string | null }>(db, `SELECT owner_id, branch_id, source, source_id FROM tasks WHERE id = ? AND deleted_at IS NULL`, input.id);
    if (!t) throw new AppError('NOT_FOUND', 'error.suitability.taskNotFound');
    const mayRead = t.owner_id === actor.userId || (actor.scope !== 'own' && coversBranch(actor, t.branch_id));
    if (!mayRead) throw new AppError('OUT_OF_SCOPE', 'error.OUT_OF_SCOPE');
    if (t.source !== 'product_risk_rise' || t.source_id === null || t.owner_id === null) return { rows: [], nextCursor: null };
    const after = decodeCursor(input.after, 1);
    const rows = all<{ customer_id: string; customer_no: string; name: string; customer_level: string | null; status: TaskCustomerDto['reviewStatus'] }>(
      db,
      `SELECT r.customer_id, c.customer_no, c.name, r.customer_level, r.status FROM compliance_reviews r JOIN customers c ON c.id = r.customer_id
        WHERE r.source_id = ? AND r.deleted_at IS NULL AND c.manager_id = ? AND c.deleted_at IS NULL ${after ? 'AND r.customer_id > ?' : ''}
        ORDER BY r.customer_id LIMIT ?`,
      ...(after ? [t.source_id, t.owner_id, after[0], input.limit + 1] : [t.source_id, t.owner_id, input.limit + 1]),
    );
    return page(rows, input.limit, (r) => [r.customer_id], (r) => ({ customerId: r.customer_id, customerNo: r.customer_no, customerName: r.name, customerLevel: r.customer_level, reviewStatus: r.status }));
  },

  /** The owner, or someone whose scope covers the task's branch (an account manager only their own). */
  'tasks.setStatus': async (input, { app, actor, audit }) => {
    const db = app.db.sqlite;
    const t = one<{ owner_id: string | null; branch_id: string; customer_id: string | null }>(db, `SELECT owner_id, branch_id, customer_id FROM tasks WHERE id = ? AND deleted_at IS NULL`, input.id);
    if (!t) throw new AppError('NOT_FOUND', 'error.suitability.taskNotFound');
    const mayTouch = t.owner_id === actor.userId || (actor.scope !== 'own' && coversBranch(actor, t.branch_id));
    if (!mayTouch) throw new AppError('OUT_OF_SCOPE', 'error.OUT_OF_SCOPE');
    // Its owner may close it (an import that changed the manager leaves it with them: only
    // assign, bulk assign, a merge and a branch move hand tasks over); anyone else needs its customer in scope.
    if (t.customer_id !== null && t.owner_id !== actor.userId) customerInScope(db, actor, t.customer_id);
    run(db, `UPDATE tasks SET status = ?, updated_at = ? WHERE id = ?`, input.status, app.now().toISOString(), input.id);
    audit.targetType = 'task';
    audit.targetId = input.id;
    audit.detail = { status: input.status };
    return toTaskDto(one<TaskRow>(db, `${TASK_SELECT} WHERE t.id = ?`, input.id)!);
  },

  'tasks.generateReassessments': async (_input, { app, db, actor, audit, clientId, afterCommit }) => {
    const jobId = await app.jobs.enqueue(db, afterCommit, { kind: 'suitability.expiring', params: { scope: jobScopeOf(actor) }, userId: actor.userId, clientId });
    audit.targetType = 'job';
    audit.targetId = jobId;
    return { jobId };
  },

  'suitability.recompute': async (_input, { app, db, actor, audit, clientId, afterCommit }) => {
    const jobId = await app.jobs.enqueue(db, afterCommit, { kind: 'suitability.recompute', params: {}, userId: actor.userId, clientId });
    audit.targetType = 'job';
    audit.targetId = jobId;
    return { jobId };
  },
} satisfies HandlersFor<Only<'tasks.list' | 'tasks.customers' | 'tasks.setStatus' | 'tasks.generateReassessments' | 'suitability.recompute'>>;
