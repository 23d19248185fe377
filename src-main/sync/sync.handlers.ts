import type { HandlersFor } from '../ipc/types';
import type { SyncFolderDto, syncContract } from '../../src-shared/sync/sync.contract';
import type { z } from 'zod';
import { zAccountInput, zContactInput, zCustomerUpdate } from '../../src-shared/customers/customers.contract';
import { AppError, fieldError, type RpcIssue } from '../../src-shared/rpc/errors';
import { issueFromZod } from '../../src-shared/rpc/zod-issues';
import { OK } from '../../src-shared/lib/common';
import { customersRecordHandlers } from '../customers/customers-record.handlers';
import { snakeToCamel } from '../customers/customers-record.queries';
import { nodeInfo, peers, retirePeer, retirePeerKey, rotateOwnKeys } from './node';
import { markResolved } from './conflict-resolutions';
import { folderProblem, syncFolderSetting, watchUser, writeSyncFolder } from './watch';
import type { AppContext } from '../ipc/context';
import { conflictById, conflictEditable, conflictInScope, listConflicts, readWarnDays, syncStatus, writeWarnDays, type ConflictRow } from './status.queries';

/**
 * The sync page and the conflict inbox (README "Bundles"; bundles and enrollment are in
 * bundles.handlers.ts). Key material never leaves main: the page sees key ids and dates.
 */

/**
 * A captured cell value (JSON) as the record's form has it: the varieties list is stored as
 * JSON text, a contact's primary flag as 0/1.
 */
function formValueOf(table: string, column: string, json: string | null): unknown {
  const v: unknown = json === null ? null : JSON.parse(json);
  if (table === 'contacts' && column === 'is_primary') return v === 1 || v === true;
  if (table !== 'customers' || column !== 'preferred_varieties') return v;
  if (typeof v !== 'string') return [];
  const list: unknown = JSON.parse(v);
  return Array.isArray(list) ? list : [];
}

/** Issues on the field (path `at` in the form's input) as issues on the resolution's `value`; others as they are. */
function valueIssues(issues: RpcIssue[], at: readonly (string | number)[]): RpcIssue[] {
  return issues.map((i) => (at.every((p, n) => i.path[n] === p) ? { ...i, path: ['value', ...i.path.slice(at.length)] } : i));
}

/** A form handler's field error, re-aimed at the resolution's `value`. */
function reaimed(e: unknown, at: readonly (string | number)[]): unknown {
  if (e instanceof AppError && e.code === 'VALIDATION' && e.issues) return new AppError('VALIDATION', e.messageKey, { issues: valueIssues(e.issues, at), ...(e.params ? { params: e.params } : {}) });
  return e;
}

type Ctx = Parameters<(typeof syncHandlers)['sync.conflicts.resolve']>[1];

/** Write a customer field through the customer form's update (its permission, validation and scope). True when it changed. */
async function writeCustomerField(ctx: Ctx, k: ConflictRow, field: string, value: unknown): Promise<boolean> {
  const version = ctx.app.db.sqlite.prepare(`SELECT version FROM customers WHERE id = ? AND deleted_at IS NULL`).pluck().get(k.row_id) as number | undefined;
  if (version === undefined) throw new AppError('NOT_FOUND', 'error.customers.notFound');
  const parsed = zCustomerUpdate.safeParse({ id: k.row_id, version, patch: { [field]: value } });
  if (!parsed.success) throw new AppError('VALIDATION', 'error.VALIDATION', { issues: valueIssues(parsed.error.issues.map(issueFromZod), ['patch', field]) });
  try {
    // The update handler runs inside this call's transaction: its change is captured as a new edit, stamped with this user.
    const updated = await customersRecordHandlers['customers.update'](parsed.data, { ...ctx, audit: {} });
    return updated.version !== version;
  } catch (e) {
    throw reaimed(e, ['patch', field]);
  }
}

type ChildRow = Record<string, unknown> & { id: string; customer_id: string };

/**
 * A form's save called past the dispatcher: its schema checks the input first (the issues, or
 * null once saved); the handler runs in this call's transaction, its audit left to the resolution's.
 */
function formSave<T>(schema: z.ZodType<T>, save: (input: T, ctx: Ctx) => Promise<unknown>) {
  return async (input: unknown, ctx: Ctx): Promise<z.ZodError | null> => {
    const parsed = schema.safeParse(input);
    if (parsed.success) await save(parsed.data, { ...ctx, audit: {} });
    return parsed.error ?? null;
  };
}

/** The contact and account forms: the row as the form's input, and the form's save. */
const CHILD_FORMS = {
  contacts: {
    notFound: 'error.customers.contactNotFound',
    input: (r: ChildRow) => ({ id: r.id, customerId: r.customer_id, kind: r.kind, name: r.name, relation: r.relation, position: r.position, phone: r.phone, email: r.email, notes: r.notes, isPrimary: r.is_primary === 1 }),
    save: formSave(zContactInput, customersRecordHandlers['customers.contacts.save']),
  },
  accounts: {
    notFound: 'error.customers.accountNotFound',
    input: (r: ChildRow) => ({ id: r.id, customerId: r.customer_id, accountNo: r.account_no, type: r.type, status: r.status, openedAt: r.opened_at, closedAt: r.closed_at }),
    save: formSave(zAccountInput, customersRecordHandlers['customers.accounts.save']),
  },
} as const;

/** Write a contact's or account's field through its form's save, the whole row as it stands with the one field replaced. True when it changed. */
async function writeChildField(ctx: Ctx, k: ConflictRow & { tbl: keyof typeof CHILD_FORMS }, field: string, value: unknown): Promise<boolean> {
  const form = CHILD_FORMS[k.tbl];
  const sqlite = ctx.app.db.sqlite;
  const row = sqlite.prepare(`SELECT * FROM ${k.tbl} WHERE id = ? AND deleted_at IS NULL`).get(k.row_id) as ChildRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', form.notFound);
  let invalid: z.ZodError | null;
  try {
    invalid = await form.save({ ...form.input(row), [field]: value }, ctx);
  } catch (e) {
    throw reaimed(e, [field]);
  }
  if (invalid) throw new AppError('VALIDATION', 'error.VALIDATION', { issues: valueIssues(invalid.issues.map(issueFromZod), [field]) });
  return sqlite.prepare(`SELECT ${k.col} FROM ${k.tbl} WHERE id = ?`).pluck().get(k.row_id) !== row[k.col];
}

const isChildForm = (k: ConflictRow): k is ConflictRow & { tbl: keyof typeof CHILD_FORMS } => Object.hasOwn(CHILD_FORMS, k.tbl);

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
      markResolved(sqlite, k, 'kept', actor.userId, app.now());
      return { id: k.id, status: 'kept' as const };
    }
    // Writing a value is an edit of the record through its form: the form's permission, validation and scope.
    const field = snakeToCamel(k.col);
    if (!conflictEditable(k)) throw new AppError('CONFLICT', 'error.sync.inbox.notEditable');
    if (!actor.permissions.has('customers.write')) throw new AppError('FORBIDDEN', 'error.FORBIDDEN');
    // Decided on what the inbox showed: an edit received since (the shared folder receives every
    // 30 s) is not overwritten unseen; the person looks again.
    if (k.cell_hlc !== (input.seen ?? null)) throw new AppError('CONFLICT', 'error.sync.inbox.changedMeanwhile');
    const value = input.choice === 'loser' ? formValueOf(k.tbl, k.col, k.loser_value) : input.value;
    const written = isChildForm(k) ? await writeChildField(ctx, k, field, value) : await writeCustomerField(ctx, k, field, value);
    // The chosen value may already stand (the field was changed to it since): nothing was written, the current value is kept.
    const status = written ? ('replaced' as const) : ('kept' as const);
    markResolved(sqlite, k, status, actor.userId, app.now());
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

  'sync.folder.get': async (_input, { app }) => folderDto(app),

  'sync.folder.set': async (input, { app, actor, audit }) => {
    const problem = input.path === null ? null : folderProblem(input.path);
    if (problem) throw fieldError(['path'], problem);
    writeSyncFolder(app.db.sqlite, input.path, actor.userId, app.now());
    // The path stays out of the audit row (it can name a person's folder); whether it is on is enough.
    audit.detail = { on: input.path !== null };
    return folderDto(app);
  },

  'sync.settings.set': async (input, { app, actor, audit }) => {
    writeWarnDays(app.db.sqlite, input.warnDays, actor.userId, app.now());
    audit.detail = { warnDays: input.warnDays };
    return { warnDays: readWarnDays(app.db.sqlite) };
  },
};

function folderDto(app: AppContext): SyncFolderDto {
  const setting = syncFolderSetting(app.db.sqlite);
  if (!setting) return { path: null, setBy: null, receiving: false };
  const setBy = setting.userId ? ((app.db.sqlite.prepare(`SELECT display_name FROM users WHERE id = ?`).pluck().get(setting.userId) as string | undefined) ?? null) : null;
  return { path: setting.path, setBy, receiving: watchUser(app, setting.userId) !== null };
}
