import { v7 as uuidv7 } from 'uuid';
import type { JobCtx, JobParams, JobResult } from '../jobs/job-types';
import { handOverOpenTasks } from './hand-over-tasks';

/**
 * Bulk reassignment (issue 4 §2), approved by a second person, runs here in the worker: moving
 * 10,000 customers rewrites seven manager-prefixed indexes and the change capture of each row
 * (~0.7 s), which would freeze every window if it ran in the approval call on main.
 *
 * One transaction (the job's `ctx.write`, captured with the maker as author): the reassignment
 * is all or nothing, and a cancel before it commits leaves everything as it was. The rows are
 * read again here: a customer deleted, moved to another branch or already given to that manager
 * since the approval is left alone.
 */
export function bulkAssignJob(p: JobParams['customers.bulkAssign'], ctx: JobCtx): JobResult {
  const sqlite = ctx.db.sqlite;
  ctx.progress(0, p.ids.length, 'assign');
  const updated = ctx.write(() => {
    const now = ctx.now().toISOString();
    const moved = sqlite
      .prepare(
        `SELECT c.id, c.branch_id FROM json_each(?) j CROSS JOIN customers c ON c.id = j.value
         WHERE c.deleted_at IS NULL AND c.branch_id = ? AND c.manager_id IS NOT ?`,
      )
      .all(JSON.stringify(p.ids), p.branchId, p.managerId) as { id: string; branch_id: string }[];
    const ids = JSON.stringify(moved.map((r) => r.id));
    sqlite.prepare(`UPDATE customer_ownership SET valid_to = ? WHERE customer_id IN (SELECT value FROM json_each(?)) AND valid_to IS NULL AND deleted_at IS NULL`).run(now, ids);
    sqlite
      .prepare(
        `INSERT INTO customer_ownership (id, customer_id, branch_id, manager_id, valid_from, valid_to, reason, assigned_by, created_at, deleted_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, ?, ?, NULL, 'bulk_assign', ?, ?, NULL FROM json_each(?)`,
      )
      .run(p.managerId, now, ctx.userId, now, JSON.stringify(moved.map((r) => [uuidv7(), r.id, r.branch_id])));
    sqlite.prepare(`UPDATE customers SET manager_id = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id IN (SELECT value FROM json_each(?))`).run(p.managerId, now, ctx.userId, ids);
    handOverOpenTasks(sqlite, ids, p.managerId, now);
    return moved.length;
  });
  ctx.progress(p.ids.length, p.ids.length, 'assign');
  return { updated };
}
