import type { HandlersFor } from '../ipc/types';
import type { syncContract } from '../../src-shared/sync/sync.contract';
import { zCustomerUpdate } from '../../src-shared/customers/customers.contract';
import { AppError, type RpcIssue } from '../../src-shared/rpc/errors';
import { issueFromZod } from '../../src-shared/rpc/zod-issues';
import { OK } from '../../src-shared/lib/common';
import { customersRecordHandlers } from '../customers/customers-record.handlers';
import { snakeToCamel } from '../customers/customers-record.queries';
import { nodeInfo, peers, retirePeer, retirePeerKey, rotateOwnKeys } from './node';
import { conflictById, conflictInScope, EDITABLE_CUSTOMER_COLUMNS, listConflicts, markResolved, readWarnDays, syncStatus, writeWarnDays, type ConflictRow } from './status.queries';

/**
 * The sync page and the conflict inbox (README "Bundles"; bundles and enrollment are in
 * bundles.handlers.ts). Key material never leaves main: the page sees key ids and dates.
 */

/** A captured cell value (JSON) as the customer form's patch value: the varieties list is stored as JSON text. */
function patchValueOf(column: string, json: string | null): unknown {
  const v: unknown = json === null ? null : JSON.parse(json);
  if (column !== 'preferred_varieties') return v;
  if (typeof v !== 'string') return [];
  const list: unknown = JSON.parse(v);
  return Array.isArray(list) ? list : [];
}

/** Field issues of the patch, as issues on the resolution's `value`. */
function valueIssues(issues: RpcIssue[]): RpcIssue[] {
  return issues.map((i) => ({ ...i, path: ['value', ...i.path.slice(2)] }));
}

function refuseIfNotHq(sqlite: Parameters<typeof nodeInfo>[0]): void {
  if (nodeInfo(sqlite).role !== 'hq') throw new AppError('CONFLICT', 'error.sync.admin.hqOnly');
}

export const syncHandlers: HandlersFor<typeof syncContract> = {
  'sync.status': async (_input, { app, actor }) => syncStatus(app.db.sqlite, actor, app.now()),

  'sync.conflicts.list': async (input, { app, actor }) => listConflicts(app.db.sqlite, actor, { status: input.status, limit: input.limit, ...(input.after ? { after: input.after } : {}) }),

  'sync.conflicts.resolve': async (input, ctx) => {
    const { app, actor, audit } = ctx;
    const sqlite = app.db.sqlite;
    const k: ConflictRow | null = conflictById(sqlite, input.id);
    if (!k) throw new AppError('NOT_FOUND', 'error.sync.inbox.notFound');
    audit.targetType = 'sync_conflict';
    audit.targetId = k.id;
    if (!conflictInScope(actor, k)) throw new AppError('OUT_OF_SCOPE', 'error.OUT_OF_SCOPE');
    if (k.status !== 'open') throw new AppError('CONFLICT', 'error.sync.inbox.alreadyResolved');
    // Field names and the choice only: never either value.
    audit.detail = { table: k.tbl, field: snakeToCamel(k.col), choice: input.choice, ...(k.customer_id ? { customerId: k.customer_id } : {}) };
    if (input.choice === 'keep') {
      markResolved(sqlite, k.id, 'kept', actor.userId, app.now());
      return { id: k.id, status: 'kept' as const };
    }
    // Writing a value is an edit of the customer: the customer form's permission, validation and scope.
    if (k.tbl !== 'customers' || !EDITABLE_CUSTOMER_COLUMNS.has(k.col) || !k.customer_id) throw new AppError('CONFLICT', 'error.sync.inbox.notEditable');
    if (!actor.permissions.has('customers.write')) throw new AppError('FORBIDDEN', 'error.FORBIDDEN');
    const field = snakeToCamel(k.col);
    const value = input.choice === 'loser' ? patchValueOf(k.col, k.loser_value) : input.value;
    const version = sqlite.prepare(`SELECT version FROM customers WHERE id = ? AND deleted_at IS NULL`).pluck().get(k.row_id) as number | undefined;
    if (version === undefined) throw new AppError('NOT_FOUND', 'error.customers.notFound');
    const parsed = zCustomerUpdate.safeParse({ id: k.row_id, version, patch: { [field]: value } });
    if (!parsed.success) throw new AppError('VALIDATION', 'error.VALIDATION', { issues: valueIssues(parsed.error.issues.map(issueFromZod)) });
    let written: boolean;
    try {
      // The update handler runs inside this call's transaction: its change is captured as a new edit, stamped with this user.
      const updated = await customersRecordHandlers['customers.update'](parsed.data, { ...ctx, audit: {} });
      written = updated.version !== version;
    } catch (e) {
      if (e instanceof AppError && e.code === 'VALIDATION' && e.issues) throw new AppError('VALIDATION', e.messageKey, { issues: valueIssues(e.issues), ...(e.params ? { params: e.params } : {}) });
      throw e;
    }
    // The chosen value may already stand (the field was changed to it since): nothing was written, the current value is kept.
    const status = written ? ('replaced' as const) : ('kept' as const);
    markResolved(sqlite, k.id, status, actor.userId, app.now());
    audit.detail = { ...audit.detail, written: status === 'replaced' };
    return { id: k.id, status };
  },

  'sync.keys.rotate': async (_input, { app, audit }) => {
    const now = app.now().toISOString();
    const k = rotateOwnKeys(app.db.sqlite, now);
    audit.targetType = 'sync_key';
    audit.targetId = k.keyId;
    return { keyId: k.keyId, createdAt: now, retiredAt: null };
  },

  'sync.peers.retireKey': async (input, { app, audit }) => {
    const sqlite = app.db.sqlite;
    refuseIfNotHq(sqlite);
    audit.targetType = 'sync_peer_key';
    audit.targetId = input.keyId;
    const owner = sqlite.prepare(`SELECT node_id FROM sync_peer_keys WHERE key_id = ?`).pluck().get(input.keyId) as string | undefined;
    if (!owner) throw new AppError('NOT_FOUND', 'error.sync.admin.keyUnknown');
    if (!retirePeerKey(sqlite, input.keyId, app.now().toISOString())) throw new AppError('CONFLICT', 'error.sync.admin.keyRetired');
    audit.detail = { nodeId: owner };
    return OK;
  },

  'sync.peers.retire': async (input, { app, audit }) => {
    const sqlite = app.db.sqlite;
    refuseIfNotHq(sqlite);
    audit.targetType = 'sync_peer';
    audit.targetId = input.nodeId;
    const p = peers(sqlite).find((x) => x.nodeId === input.nodeId);
    if (!p || p.role !== 'branch') throw new AppError('NOT_FOUND', 'error.sync.admin.peerUnknown');
    if (!retirePeer(sqlite, p.nodeId, app.now().toISOString())) throw new AppError('CONFLICT', 'error.sync.admin.peerRetired');
    audit.detail = { orgId: p.orgId };
    return OK;
  },

  'sync.settings.get': async (_input, { app }) => ({ warnDays: readWarnDays(app.db.sqlite) }),

  'sync.settings.set': async (input, { app, actor, audit }) => {
    writeWarnDays(app.db.sqlite, input.warnDays, actor.userId, app.now());
    audit.detail = { warnDays: input.warnDays };
    return { warnDays: readWarnDays(app.db.sqlite) };
  },
};
