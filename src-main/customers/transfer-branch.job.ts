import { v7 as uuidv7 } from 'uuid';
import type { JobCtx, JobParams, JobResult } from '../jobs/job-types';
import type { Sqlite } from '../suitability/suitability.queries';
import { FACT_TABLES } from '../imports/changes';
import { CUSTOMER_CHILD_TABLES } from '../sync/routing';
import { handOverOpenTasks } from './hand-over-tasks';

/**
 * Customers moved to another branch (客户转营业部), approved by a second person, run here in the
 * worker: a branch closed into another moves tens of thousands of customers, each rewriting the
 * customers table's branch-prefixed indexes and its child rows, with the change capture of each.
 *
 * One transaction (the job's `ctx.write`, captured with the maker as author), all or nothing; a
 * cancel before it commits leaves everything as it was. The rows are read again here: a customer
 * deleted or already at that branch since the approval is left alone. For each customer moved:
 * * the customer's `branch_id` and manager (null: unassigned at the new branch);
 * * every child row's `branch_id` (sync routes rows by it: the new branch receives the customer
 *   with its history, the old one purges it; architecture.md "Routing");
 * * the open manager period closed and one opened at the new branch;
 * * open tasks handed to the new manager (or left unassigned): their owner, at the old branch,
 *   loses the customer;
 * * HQ's trading facts (not synced: each node imports its own), so that HQ's branch reports
 *   count the customer where it now is;
 * * customers merged into it (tombstones) and the merge records, which its page shows.
 */
export function transferBranchJob(p: JobParams['customers.transferBranch'], ctx: JobCtx): JobResult {
  ctx.progress(0, p.ids.length, 'transfer');
  const updated = ctx.write(() => moveCustomers(ctx.db.sqlite, p, ctx.userId, ctx.now().toISOString()));
  ctx.progress(p.ids.length, p.ids.length, 'transfer');
  return { updated };
}

/** The writes of a transfer, inside the caller's captured transaction; the number of customers moved. */
export function moveCustomers(sqlite: Sqlite, p: JobParams['customers.transferBranch'], userId: string, now: string): number {
  const moving = sqlite
    .prepare(`SELECT c.id FROM json_each(?) j CROSS JOIN customers c ON c.id = j.value WHERE c.deleted_at IS NULL AND c.branch_id <> ?`)
    .pluck()
    .all(JSON.stringify(p.ids), p.branchId) as string[];
  const ids = JSON.stringify(moving);
  // Customers merged into them go too (their tombstones, and the merge records the survivor's
  // page reads), by the merge records' survivor index; and those merged into these, and so on.
  // Not a merge undone since: its loser is a customer of its own again.
  const mergedInto = sqlite.prepare(
    `SELECT m.loser_id FROM customer_merges m JOIN customers l ON l.id = m.loser_id
     WHERE m.survivor_id IN (SELECT value FROM json_each(?)) AND m.undone_at IS NULL AND m.deleted_at IS NULL AND l.merged_into = m.survivor_id`,
  );
  const tombstones = new Set<string>();
  for (let frontier = moving; frontier.length > 0; ) {
    frontier = (mergedInto.pluck().all(JSON.stringify(frontier)) as string[]).filter((id) => !tombstones.has(id));
    for (const id of frontier) tombstones.add(id);
  }
  const losers = JSON.stringify([...tombstones]);
  const survivors = JSON.stringify([...moving, ...tombstones]);
  sqlite
    .prepare(`UPDATE customer_merges SET branch_id = ? WHERE survivor_id IN (SELECT value FROM json_each(?)) AND undone_at IS NULL AND deleted_at IS NULL AND branch_id <> ?`)
    .run(p.branchId, survivors, p.branchId);
  for (const t of [...CUSTOMER_CHILD_TABLES, ...Object.keys(FACT_TABLES)]) {
    const move = sqlite.prepare(`UPDATE ${t} SET branch_id = ? WHERE customer_id IN (SELECT value FROM json_each(?)) AND branch_id <> ?`);
    move.run(p.branchId, ids, p.branchId);
    move.run(p.branchId, losers, p.branchId);
  }
  sqlite.prepare(`UPDATE customers SET branch_id = ? WHERE id IN (SELECT value FROM json_each(?)) AND branch_id <> ?`).run(p.branchId, losers, p.branchId);
  sqlite.prepare(`UPDATE customer_ownership SET valid_to = ? WHERE customer_id IN (SELECT value FROM json_each(?)) AND valid_to IS NULL AND deleted_at IS NULL`).run(now, ids);
  sqlite
    .prepare(
      `INSERT INTO customer_ownership (id, customer_id, branch_id, manager_id, valid_from, valid_to, reason, assigned_by, created_at, deleted_at)
       SELECT value ->> 0, value ->> 1, ?, ?, ?, NULL, 'assign', ?, ?, NULL FROM json_each(?)`,
    )
    .run(p.branchId, p.managerId, now, userId, now, JSON.stringify(moving.map((id) => [uuidv7(), id])));
  handOverOpenTasks(sqlite, ids, p.managerId, now);
  sqlite
    .prepare(`UPDATE customers SET branch_id = ?, manager_id = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id IN (SELECT value FROM json_each(?))`)
    .run(p.branchId, p.managerId, now, userId, ids);
  return moving.length;
}
