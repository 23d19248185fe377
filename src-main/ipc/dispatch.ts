import type { Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';
import { contract, type Method } from '../../src-shared/contract';
import { AppError, type RpcError, type RpcResult } from '../../src-shared/rpc/errors';
import { issueFromZod } from '../../src-shared/rpc/zod-issues';
import type { MethodSpec } from '../../src-shared/rpc/define';
import { writeTx } from '../db/tx';
import { writeAudit } from '../audit/audit';
import { loadActor } from '../auth/actor';
import type { AppContext } from './context';
import type { Actor, AuditNote, HandlerCtx, PublicHandlerCtx } from './types';
import { nodeInfo } from '../sync/node';
import { handlers } from './handlers';
import { createApproval } from '../approvals/approvals.queries';
import { errorForLog } from '../lib/system-error';

type AnyFn = (input: unknown, ctx: HandlerCtx | PublicHandlerCtx) => Promise<unknown>;
type AnyFourEyes = { prepare: (input: unknown, ctx: HandlerCtx) => Promise<{ branchId: string; summary: Record<string, string | number> }>; run: AnyFn; settle?: (input: unknown) => unknown; sameSummary?: true };

function specOf(method: string): MethodSpec | undefined {
  return Object.prototype.hasOwnProperty.call(contract, method) ? (contract as Record<string, MethodSpec>)[method] : undefined;
}

/** How often at most the renderer reports a person's input (src-renderer/session/useIdleLock.ts). */
const TOUCH_GRACE_MS = 60_000;

function fail(error: RpcError): RpcResult<never> {
  return { ok: false, error };
}

/**
 * Resolve the caller's session: locks it when it has been idle too long, ends it when the
 * account can no longer sign in.
 */
async function resolveActor(app: AppContext, clientId: string, method: string, spec: MethodSpec): Promise<Actor | null> {
  const s = app.sessions.get(clientId);
  if (!s) return null;
  const actor = loadActor(app, s);
  if (!actor) {
    app.sessions.end(clientId);
    app.events.emit(clientId, 'session.ended', { reason: 'disabled' });
    return null;
  }
  const now = app.now().getTime();
  // The renderer locks at idleLockMinutes of no input and reports input at most once a minute
  // (useIdleLock TOUCH_EVERY_MS): main allows that minute more, so it never locks first.
  if (!s.locked && now - s.lastActive > app.settings.idleLockMinutes * 60_000 + TOUCH_GRACE_MS) {
    s.locked = true;
    await app.db.kysely.updateTable('sessions').set({ locked_at: new Date(now).toISOString() }).where('id', '=', s.id).execute();
    await writeAudit(app.db.kysely, { action: 'auth.lock', outcome: 'ok', actorId: actor.userId, actorLogin: actor.login, branchId: actor.branchId, detail: { reason: 'idle' } }, new Date(now));
    app.events.emit(clientId, 'session.locked', { reason: 'idle' });
    return { ...actor, locked: true };
  }
  // Activity is what a person does: a change, or the renderer's heartbeat of their input
  // (auth.touch). Reads are not: a screen polling a job's progress would keep an abandoned
  // session open for good.
  if (!s.locked && (method === 'auth.touch' || spec.kind === 'mutation')) s.lastActive = now;
  return actor;
}

/**
 * The one entry point for every call, from IPC, the test host and the CLI: parse input,
 * check session, permission and data scope, run the handler (in a transaction for mutations),
 * audit, and answer `{ ok, value } | { ok: false, error }`.
 */
export async function dispatch(app: AppContext, clientId: string, method: string, rawInput: unknown): Promise<RpcResult<unknown>> {
  const spec = specOf(method);
  if (!spec) return fail({ code: 'UNKNOWN_METHOD', message: 'error.UNKNOWN_METHOD' });
  let actor: Actor | null = null;
  try {
    actor = await resolveActor(app, clientId, method, spec);
    if (spec.access !== 'public') {
      if (!actor) return fail({ code: 'UNAUTHENTICATED', message: 'error.UNAUTHENTICATED' });
      if (actor.locked && !spec.whileLocked) return fail({ code: 'SESSION_LOCKED', message: 'error.SESSION_LOCKED' });
      // A temporary password (set by an administrator) opens nothing but its own change
      // (audited as denied below, as every FORBIDDEN).
      if (actor.mustChangePassword && !spec.beforePasswordChange) throw new AppError('FORBIDDEN', 'error.auth.mustChangePassword');
      if (spec.access !== 'session' && !actor.permissions.has(spec.access)) {
        await writeAudit(app.db.kysely, { action: method, outcome: 'denied', actorId: actor.userId, actorLogin: actor.login, branchId: actor.branchId, errorCode: 'FORBIDDEN' });
        return fail({ code: 'FORBIDDEN', message: 'error.FORBIDDEN' });
      }
    }
    if (spec.hqData && nodeInfo(app.db.sqlite).role !== 'hq') throw new AppError('FORBIDDEN', 'error.sync.hqDataAtBranch');
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) return fail({ code: 'VALIDATION', message: 'error.VALIDATION', issues: parsed.error.issues.map(issueFromZod) });
    const input: unknown = parsed.data;

    if (spec.fourEyes && actor) return { ok: true, value: await submitForApproval(app, clientId, method, input, actor) };
    const value = await runMethod(app, clientId, method, spec, input, actor, undefined);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof AppError) {
      // A committed error was audited by its handler.
      if (actor && !e.commit && (spec.kind === 'mutation' || e.code === 'OUT_OF_SCOPE' || e.code === 'FORBIDDEN')) {
        const outcome = e.code === 'OUT_OF_SCOPE' || e.code === 'FORBIDDEN' ? 'denied' : 'failed';
        await writeAudit(app.db.kysely, { action: method, outcome, actorId: actor.userId, actorLogin: actor.login, branchId: actor.branchId, errorCode: e.code }).catch(() => undefined);
      }
      return fail(e.toRpcError());
    }
    // A job held the write lock past the busy timeout (a bundle is applied in one transaction):
    // nothing was written, and trying again shortly will do.
    if (e instanceof Error && (e as { code?: unknown }).code === 'SQLITE_BUSY') return fail({ code: 'INTERNAL', message: 'error.db.busy' });
    // Never log input or row data: only where it broke.
    // A system error's message holds its path: its code only.
    console.error(`[dispatch] ${method} failed: ${errorForLog(e)}`);
    return fail({ code: 'INTERNAL', message: 'error.INTERNAL' });
  }
}

/** An AppError raised with `commit` keeps the transaction's writes (failed-login counters, audit). */
class CommittedError {
  constructor(readonly error: AppError) {}
}

async function runMethod(
  app: AppContext,
  clientId: string,
  method: string,
  spec: MethodSpec,
  input: unknown,
  actor: Actor | null,
  approver: Actor | undefined,
): Promise<unknown> {
  const entry = (handlers as Record<string, AnyFn | AnyFourEyes>)[method]!;
  const fn: AnyFn = typeof entry === 'function' ? entry : entry.run;
  const audit: AuditNote = {};
  const checkOutput = (v: unknown) => {
    if (app.validateOutput) spec.output.parse(v);
    return v;
  };
  if (spec.kind === 'query') {
    const value = await fn(input, { app, clientId, db: app.db.kysely, actor: actor as Actor, audit });
    if (spec.auditReads && actor) {
      await writeAudit(app.db.kysely, { action: method, outcome: 'ok', actorId: actor.userId, actorLogin: actor.login, branchId: actor.branchId, targetType: audit.targetType, targetId: audit.targetId, detail: audit.detail });
    }
    return checkOutput(value);
  }
  const author = actor?.userId ?? 'anonymous';
  const committed: (() => void)[] = [];
  const afterCommit = (f: () => void) => void committed.push(f);
  const failed: ((db: Kysely<Schema>, error: AppError) => Promise<void>)[] = [];
  const onFailure = (f: (db: Kysely<Schema>, error: AppError) => Promise<void>) => void failed.push(f);
  const rolledBack: (() => void)[] = [];
  const afterRollback = (f: () => void) => void rolledBack.push(f);
  const result = await writeTx(app.db, author, async (db) => {
    const ctx: HandlerCtx = {
      app,
      clientId,
      db,
      actor: actor as Actor,
      audit,
      ...(approver ? { approver } : {}),
      runApproved: (m, i, maker, branchId, summary) => runApprovedInTx(app, clientId, db, m, i, maker, actor as Actor, afterCommit, branchId, summary),
      settledInput,
      afterCommit,
      onFailure,
      afterRollback,
    };
    let value: unknown;
    try {
      value = await fn(input, ctx);
    } catch (e) {
      if (e instanceof AppError && e.commit) return new CommittedError(e);
      throw e;
    }
    // A public mutation (login, set-up) writes its own audit rows: it knows who it was.
    if (actor) {
      await writeAudit(db, { action: method, outcome: 'ok', actorId: actor.userId, actorLogin: actor.login, approverId: approver?.userId ?? null, branchId: actor.branchId, targetType: audit.targetType, targetId: audit.targetId, detail: audit.detail });
    }
    return value;
  }).catch(async (e: unknown) => {
    // Best effort: a clean-up that fails (a file held open) must not hide why the call failed.
    for (const f of rolledBack) {
      try {
        f();
      } catch (cleanup) {
        console.error(`[dispatch] ${method}: clean-up after rollback failed: ${errorForLog(cleanup)}`);
      }
    }
    // The transaction rolled back whole; what must be remembered of the failure (an approval
    // marked failed) is written now, in a transaction of its own.
    if (e instanceof AppError && failed.length > 0) {
      await writeTx(app.db, author, async (db) => {
        for (const f of failed) await f(db, e);
      });
    }
    throw e;
  });
  if (result instanceof CommittedError) throw result.error;
  for (const f of committed) f();
  return checkOutput(result);
}

/**
 * Four-eyes, maker's side: the input is valid and the maker may call the method; `prepare`
 * checks the target and scope. The request is stored; nothing else changes until a checker
 * approves it.
 */
async function submitForApproval(app: AppContext, clientId: string, method: string, input: unknown, maker: Actor): Promise<{ pendingApprovalId: string }> {
  const entry = (handlers as Record<string, AnyFn | AnyFourEyes>)[method] as AnyFourEyes;
  return writeTx(app.db, maker.userId, async (db) => {
    const audit: AuditNote = {};
    const prepared = await entry.prepare(input, { app, clientId, db, actor: maker, audit });
    const id = await createApproval(db, { method, input, maker, branchId: prepared.branchId, summary: prepared.summary, now: app.now() });
    await writeAudit(db, { action: `${method}.request`, outcome: 'ok', actorId: maker.userId, actorLogin: maker.login, branchId: maker.branchId, targetType: 'approval', targetId: id });
    return { pendingApprovalId: id };
  });
}

/**
 * Four-eyes, checker's side (called by approvals.approve inside its transaction): re-validate
 * the stored input against today's contract, re-check that the maker may still call it, and
 * run the handler as the maker, with the checker named in capture and audit.
 */
async function runApprovedInTx(
  app: AppContext,
  clientId: string,
  db: HandlerCtx['db'],
  method: string,
  stored: unknown,
  maker: Actor,
  checker: Actor,
  afterCommit: (fn: () => void) => void,
  branchId: string,
  summary: string,
): Promise<unknown> {
  const spec = specOf(method);
  if (!spec?.fourEyes) throw new AppError('NOT_FOUND', 'error.approvals.unknownMethod');
  if (spec.access !== 'public' && spec.access !== 'session' && !maker.permissions.has(spec.access)) throw new AppError('FORBIDDEN', 'error.approvals.makerLostPermission');
  if (spec.hqData && nodeInfo(app.db.sqlite).role !== 'hq') throw new AppError('FORBIDDEN', 'error.sync.hqDataAtBranch');
  if (!checker.permissions.has(spec.fourEyes.approver)) throw new AppError('FORBIDDEN', 'error.FORBIDDEN');
  const input: unknown = spec.input.parse(stored);
  const entry = (handlers as Record<string, AnyFn | AnyFourEyes>)[method] as AnyFourEyes;
  const audit: AuditNote = {};
  app.db.capture.setAuthor(maker.userId);
  try {
    // What the checker's scope covered is the branch the request was stored under: when the
    // request now names another (the maker moved, the customers moved), it is not what was approved.
    const prepared = await entry.prepare(input, { app, clientId, db, actor: maker, audit });
    if (prepared.branchId !== branchId) throw new AppError('CONFLICT', 'error.approvals.scopeChanged');
    if (entry.sameSummary && JSON.stringify(prepared.summary) !== summary) throw new AppError('CONFLICT', 'error.approvals.scopeChanged');
    const value = await entry.run(input, { app, clientId, db, actor: maker, approver: checker, audit, afterCommit });
    await writeAudit(db, { action: method, outcome: 'ok', actorId: maker.userId, actorLogin: maker.login, approverId: checker.userId, branchId: maker.branchId, targetType: audit.targetType, targetId: audit.targetId, detail: audit.detail });
    return value;
  } finally {
    app.db.capture.setAuthor(checker.userId);
  }
}

/** A decided four-eyes request's input as kept: its handler's `settle`, when it has one, of the input as stored. */
function settledInput(method: string, storedJson: string): string {
  const entry = (handlers as Record<string, AnyFn | AnyFourEyes>)[method];
  if (!entry || typeof entry === 'function' || !entry.settle) return storedJson;
  return JSON.stringify(entry.settle(JSON.parse(storedJson)));
}

export { specOf };
export type { Method };
