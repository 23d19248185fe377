import type { customersContract } from '../../src-shared/customers/customers.contract';
import { itemList, keyList } from '../../src-shared/i18n/catalogues';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import type { HandlerCtx, HandlersFor } from '../ipc/types';
import { bulkTargets, checkManager } from './customers-record.handlers';

type Input = { ids: string[]; branchId: string; managerId: string | null; reason: string };

/** Source branches named in the checker's summary; more are counted, not listed. */
const NAMED_SOURCES = 8;

/**
 * What a transfer would do, checked on the maker's call and again when the checker approves
 * (customers may have moved, the manager left, the branch closed in between): the maker sits at
 * HQ, the target is an open branch, the manager one of its active account managers, and every
 * customer exists. Customers already at the target are left alone; none left to move is refused.
 */
async function transferPlan(ctx: HandlerCtx, input: Input) {
  const { db, actor, app } = ctx;
  // A branch's staff see one branch's customers and staff: moving customers is HQ's decision.
  if (actor.scope !== 'all') throw new AppError('FORBIDDEN', 'error.customers.transferAtHq');
  const to = await db.selectFrom('org_units').select(['name', 'kind', 'status']).where('id', '=', input.branchId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!to || to.kind !== 'branch') throw fieldError(['branchId'], 'validation.branch.unknown');
  if (to.status !== 'active') throw fieldError(['branchId'], 'validation.branch.closed');
  const manager = input.managerId === null ? null : await checkManager(db, input.managerId, input.branchId);
  const rows = bulkTargets(ctx, input.ids);
  const moving = rows.filter((r) => r.branch_id !== input.branchId);
  if (moving.length === 0) throw fieldError(['branchId'], 'validation.transfer.alreadyThere');
  const sources = [...new Set(moving.map((r) => r.branch_id))];
  const name = app.db.sqlite.prepare(`SELECT name FROM org_units WHERE id = ?`).pluck();
  const names = sources.slice(0, NAMED_SOURCES).map((id) => (name.get(id) as string | undefined) ?? '—');
  if (sources.length > NAMED_SOURCES) names.push('…');
  return {
    moving: moving.map((r) => r.id),
    summary: {
      count: moving.length,
      fromItems: itemList(names),
      toItems: itemList([to.name]),
      ...(manager ? { managerItems: itemList([manager.display_name]) } : { managerKeys: keyList(['customers.transfer.unassigned']) }),
      reasonKeys: keyList([`transferReason.${input.reason}`]),
    },
  };
}

/** Customers moved to another branch (客户转营业部): four-eyes, HQ's installation only (contract `hqData`). */
export const customersTransferHandlers = {
  'customers.transferBranch': {
    // The request is HQ's: HQ's checkers decide it, as its summary reads (from which branches,
    // how many, to whom): customers moved elsewhere meanwhile make it another request.
    prepare: async (input, ctx) => ({ branchId: ctx.actor.branchId, summary: (await transferPlan(ctx, input)).summary }),
    sameSummary: true,
    run: async (input, ctx) => {
      const { app, db, actor, audit, clientId, afterCommit } = ctx;
      const plan = await transferPlan(ctx, input);
      // The writes run as a job in the worker (transfer-branch.job.ts), captured with the maker as author.
      const jobId = await app.jobs.enqueue(db, afterCommit, {
        kind: 'customers.transferBranch',
        params: { ids: plan.moving, branchId: input.branchId, managerId: input.managerId },
        userId: actor.userId,
        clientId,
      });
      audit.targetType = 'customers';
      audit.detail = { count: input.ids.length, updated: plan.moving.length, branchId: input.branchId, ...(input.managerId ? { managerId: input.managerId } : {}), reason: input.reason };
      return { updated: plan.moving.length, jobId };
    },
  },
} satisfies HandlersFor<Pick<typeof customersContract, 'customers.transferBranch'>>;
