import type { Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';
import type { Actor } from '../ipc/types';
import { AppError } from '../../src-shared/rpc/errors';
import type { JobScope } from '../jobs/job-types';

/**
 * Data scope (architecture.md "Security baseline"): the one helper every customer-facing
 * query starts from. `own`: the customers the user manages; `branch`: the user's branch;
 * `all`: every branch. Deleted rows are never in scope.
 */
export function customersInScope(db: Kysely<Schema>, actor: Actor, opts: { withMergeTombstones?: boolean } = {}) {
  // A merged-away customer is a tombstone (deleted, pointing at its survivor); the merge
  // history (duplicate pairs marked merged, unmerge) needs to show it, nothing else does.
  const q = opts.withMergeTombstones
    ? db.selectFrom('customers').where((eb) => eb.or([eb('customers.deleted_at', 'is', null), eb('customers.merged_into', 'is not', null)]))
    : db.selectFrom('customers').where('customers.deleted_at', 'is', null);
  switch (actor.scope) {
    case 'own':
      return q.where('customers.manager_id', '=', actor.userId);
    case 'branch':
      return q.where('customers.branch_id', '=', actor.branchId);
    case 'all':
      return q;
  }
}

/** Does the actor's scope cover records owned by this branch (users, approvals, org)? */
export function coversBranch(actor: Actor, branchId: string): boolean {
  return actor.scope === 'all' || actor.branchId === branchId;
}

export function assertCoversBranch(actor: Actor, branchId: string): void {
  if (!coversBranch(actor, branchId)) throw new AppError('OUT_OF_SCOPE', 'error.OUT_OF_SCOPE');
}

/** A single customer the actor is about to touch: in scope, or OUT_OF_SCOPE (and audited as denied). */
export function assertCustomerInScope(actor: Actor, c: { branch_id: string; manager_id: string | null }): void {
  if (!isCustomerInScope(actor, c)) throw new AppError('OUT_OF_SCOPE', 'error.OUT_OF_SCOPE');
}

export function isCustomerInScope(actor: Actor, c: { branch_id: string; manager_id: string | null }): boolean {
  return actor.scope === 'all' || (actor.scope === 'branch' ? c.branch_id === actor.branchId : c.manager_id === actor.userId);
}

/** The scope a job started by this actor works within, fixed when it starts (jobs/README.md). */
export function jobScopeOf(actor: Actor): JobScope {
  switch (actor.scope) {
    case 'all':
      return { kind: 'all' };
    case 'branch':
      return { kind: 'branch', branchId: actor.branchId };
    case 'own':
      return { kind: 'own', managerId: actor.userId };
  }
}
