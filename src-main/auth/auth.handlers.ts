import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { authContract } from '../../src-shared/auth/auth.contract';
import { AppError } from '../../src-shared/rpc/errors';
import { OK } from '../../src-shared/lib/common';
import type { Database as Schema } from '../db/schema';
import type { AppContext } from '../ipc/context';
import type { Actor, HandlersFor } from '../ipc/types';
import { writeAudit } from '../audit/audit';
import { DUMMY_HASH, hashPassword, lockoutSeconds, verifyPassword } from './password';
import { isOtherOrgsUserAtBranch, refuseOtherOrgsUserAtBranch } from '../sync/node';
import { loadActor, sessionInfo } from './actor';

const MAX_UNLOCK_FAILURES = 5;

async function startSession(app: AppContext, db: Kysely<Schema>, clientId: string, userId: string) {
  const now = app.now();
  const previous = app.sessions.end(clientId);
  if (previous) await db.updateTable('sessions').set({ ended_at: now.toISOString(), end_reason: 'replaced' }).where('id', '=', previous.id).execute();
  const s = app.sessions.start(clientId, userId, now.getTime());
  await db.insertInto('sessions').values({ id: s.id, user_id: userId, client_id: clientId, created_at: now.toISOString(), last_active_at: now.toISOString(), locked_at: null, ended_at: null, end_reason: null }).execute();
  const actor = loadActor(app, s);
  if (!actor) throw new AppError('ACCOUNT_DISABLED');
  return actor;
}

/**
 * Count a wrong password against the user; from the fifth in a row, lock the account with a
 * doubling wait. Returns the error to raise (committed, so the count survives the rollback).
 */
async function recordFailure(app: AppContext, db: Kysely<Schema>, user: { id: string; login: string; branch_id: string }, action: string): Promise<AppError> {
  const now = app.now();
  const row = await db.selectFrom('login_throttle').select(['failures']).where('user_id', '=', user.id).executeTakeFirst();
  const failures = (row?.failures ?? 0) + 1;
  const wait = lockoutSeconds(failures);
  const lockedUntil = wait > 0 ? new Date(now.getTime() + wait * 1000).toISOString() : null;
  await db
    .insertInto('login_throttle')
    .values({ user_id: user.id, failures, locked_until: lockedUntil, last_failure_at: now.toISOString(), last_login_at: null })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ failures, locked_until: lockedUntil, last_failure_at: now.toISOString() }))
    .execute();
  await writeAudit(db, { action, outcome: 'failed', actorId: user.id, actorLogin: user.login, branchId: user.branch_id, errorCode: 'BAD_CREDENTIALS', detail: { failures } }, now);
  if (wait > 0) {
    await writeAudit(db, { action: 'auth.lockout', outcome: 'ok', actorId: user.id, actorLogin: user.login, branchId: user.branch_id, detail: { seconds: wait, failures } }, now);
    return new AppError('LOCKED_OUT', 'error.LOCKED_OUT', { params: { seconds: wait }, commit: true });
  }
  // Attempts left are shown only on the lock screen, where the user is known: at login they
  // would tell a stranger which logins exist.
  return new AppError('BAD_CREDENTIALS', 'error.BAD_CREDENTIALS', action === 'auth.login' ? { commit: true } : { params: { remaining: 5 - failures }, commit: true });
}

/**
 * Wrong passwords for logins nobody has, counted per login in memory with the same doubling
 * wait as a user's (login_throttle): a stranger who locks a login cannot tell by that whether it
 * exists. The seconds to wait, 0 while under the limit. At most MAX_UNKNOWN logins are kept.
 */
const unknownLogins = new WeakMap<AppContext, Map<string, { failures: number; until: number }>>();
const MAX_UNKNOWN = 10_000;
function unknownLoginFailure(app: AppContext, login: string): number {
  let m = unknownLogins.get(app);
  if (!m) unknownLogins.set(app, (m = new Map()));
  const key = createHash('sha256').update(login).digest('base64url');
  const nowMs = app.now().getTime();
  const e = m.get(key) ?? { failures: 0, until: 0 };
  if (e.until > nowMs) return Math.ceil((e.until - nowMs) / 1000);
  e.failures += 1;
  const wait = lockoutSeconds(e.failures);
  e.until = wait > 0 ? nowMs + wait * 1000 : 0;
  if (!m.has(key) && m.size >= MAX_UNKNOWN) m.delete(m.keys().next().value!);
  m.set(key, e);
  return wait;
}

/** Seconds the user is still locked out for by wrong passwords (login_throttle), 0 when not. */
async function lockedOutFor(app: AppContext, db: Kysely<Schema>, userId: string): Promise<number> {
  const row = await db.selectFrom('login_throttle').select(['locked_until']).where('user_id', '=', userId).executeTakeFirst();
  if (!row?.locked_until) return 0;
  return Math.max(0, Math.ceil((Date.parse(row.locked_until) - app.now().getTime()) / 1000));
}

/**
 * A password set anew (a reset, or its owner's change) ends the user's other sessions: whoever
 * held the old one keeps nothing open with it. Recorded in the transaction; the sessions in
 * memory end, and their windows hear of it, once it commits.
 */
export async function endSessionsOfUser(app: AppContext, db: Kysely<Schema>, userId: string, keep: string | null, afterCommit: ((fn: () => void) => void) | undefined): Promise<void> {
  const others = app.sessions.ofUser(userId).filter((s) => s.clientId !== keep);
  if (others.length === 0) return;
  await db.updateTable('sessions').set({ ended_at: app.now().toISOString(), end_reason: 'passwordChanged' }).where('id', 'in', others.map((s) => s.id)).execute();
  const end = () => {
    for (const s of others) {
      // Only if still the same session (the window may have signed in anew meanwhile).
      if (app.sessions.get(s.clientId)?.id !== s.id) continue;
      app.sessions.end(s.clientId);
      app.events.emit(s.clientId, 'session.ended', { reason: 'logout' });
    }
  };
  if (afterCommit) afterCommit(end);
  else end();
}

async function endSession(app: AppContext, db: Kysely<Schema>, clientId: string, actor: Actor, reason: 'logout' | 'unlockFailures'): Promise<void> {
  const s = app.sessions.end(clientId);
  if (s) await db.updateTable('sessions').set({ ended_at: app.now().toISOString(), end_reason: reason }).where('id', '=', s.id).execute();
  // A plain logout is audited by the dispatcher; a forced one says why here.
  if (reason !== 'logout') await writeAudit(db, { action: 'auth.logout', outcome: 'ok', actorId: actor.userId, actorLogin: actor.login, branchId: actor.branchId, detail: { reason } }, app.now());
}

export const authHandlers = {
  'auth.status': async (_input, { app, db, actor }) => {
    const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    return { needsSetup: !anyUser, session: actor ? sessionInfo(app, actor) : null };
  },

  'auth.setupAdmin': async (input, { app, db, clientId }) => {
    const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyUser) throw new AppError('SETUP_DONE', 'error.SETUP_DONE');
    const now = app.now().toISOString();
    let hq = await db.selectFrom('org_units').select('id').where('kind', '=', 'hq').executeTakeFirst();
    if (!hq) {
      const id = uuidv7();
      await db.insertInto('org_units').values({ id, kind: 'hq', code: 'HQ', name: input.hqName, parent_id: null, branch_id: id, status: 'active', created_at: now, updated_at: now, deleted_at: null }).execute();
      hq = { id };
    }
    const userId = uuidv7();
    app.db.capture.setAuthor(userId);
    await db
      .insertInto('users')
      .values({ id: userId, login: input.login, display_name: input.displayName, role: 'admin', branch_id: hq.id, team_id: null, status: 'active', password_hash: await hashPassword(input.password), must_change_password: 0, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    const actor = await startSession(app, db, clientId, userId);
    await writeAudit(db, { action: 'auth.setupAdmin', outcome: 'ok', actorId: userId, actorLogin: input.login, branchId: hq.id, targetType: 'user', targetId: userId }, app.now());
    return sessionInfo(app, actor);
  },

  'auth.login': async (input, { app, db, clientId }) => {
    const user = await db
      .selectFrom('users')
      .select(['id', 'login', 'branch_id', 'password_hash', 'status', 'must_change_password'])
      .where('login', '=', input.login)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!user) {
      await verifyPassword(input.password, DUMMY_HASH); // same time as a known login
      // Not the text typed: a password typed into the login field would be kept in the audit log.
      await writeAudit(db, { action: 'auth.login', outcome: 'failed', errorCode: 'BAD_CREDENTIALS', detail: { unknownLogin: true } }, app.now());
      // Locked out as a known login would be, so that a lockout does not tell which logins exist.
      const wait = unknownLoginFailure(app, input.login);
      if (wait > 0) throw new AppError('LOCKED_OUT', 'error.LOCKED_OUT', { params: { seconds: wait }, commit: true });
      throw new AppError('BAD_CREDENTIALS', 'error.BAD_CREDENTIALS', { commit: true });
    }
    const wait = await lockedOutFor(app, db, user.id);
    if (wait > 0) {
      // The same answer, and the same time, whatever the password: a locked login is no oracle.
      await verifyPassword(input.password, DUMMY_HASH);
      await writeAudit(db, { action: 'auth.login', outcome: 'denied', actorId: user.id, actorLogin: user.login, branchId: user.branch_id, errorCode: 'LOCKED_OUT' }, app.now());
      throw new AppError('LOCKED_OUT', 'error.LOCKED_OUT', { params: { seconds: wait }, commit: true });
    }
    if (!(await verifyPassword(input.password, user.password_hash))) throw await recordFailure(app, db, user, 'auth.login');
    if (user.status !== 'active') {
      await writeAudit(db, { action: 'auth.login', outcome: 'denied', actorId: user.id, actorLogin: user.login, branchId: user.branch_id, errorCode: 'ACCOUNT_DISABLED' }, app.now());
      throw new AppError('ACCOUNT_DISABLED', 'error.ACCOUNT_DISABLED', { commit: true });
    }
    // A password to change first, of HQ's staff at a branch's installation: changed at HQ's only
    // (HQ keeps the password it holds), so the session it would open could do nothing.
    if (user.must_change_password === 1 && isOtherOrgsUserAtBranch(app.db.sqlite, user.branch_id)) {
      await writeAudit(db, { action: 'auth.login', outcome: 'denied', actorId: user.id, actorLogin: user.login, branchId: user.branch_id, errorCode: 'FORBIDDEN' }, app.now());
      throw new AppError('FORBIDDEN', 'error.auth.changePasswordAtHq', { commit: true });
    }
    const now = app.now().toISOString();
    await db
      .insertInto('login_throttle')
      .values({ user_id: user.id, failures: 0, locked_until: null, last_failure_at: null, last_login_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ failures: 0, locked_until: null, last_login_at: now }))
      .execute();
    const actor = await startSession(app, db, clientId, user.id);
    await writeAudit(db, { action: 'auth.login', outcome: 'ok', actorId: user.id, actorLogin: user.login, branchId: user.branch_id }, app.now());
    return sessionInfo(app, actor);
  },

  'auth.logout': async (_input, { app, db, clientId, actor }) => {
    await endSession(app, db, clientId, actor, 'logout');
    return OK;
  },

  'auth.lock': async (input, { app, db, clientId, actor, audit }) => {
    const s = app.sessions.get(clientId);
    if (s && !s.locked) {
      s.locked = true;
      await db.updateTable('sessions').set({ locked_at: app.now().toISOString() }).where('id', '=', s.id).execute();
      app.events.emit(clientId, 'session.locked', { reason: input.reason });
    }
    audit.detail = { reason: input.reason };
    void actor;
    return OK;
  },

  'auth.unlock': async (input, { app, db, clientId, actor }) => {
    const s = app.sessions.get(clientId);
    if (!s) throw new AppError('UNAUTHENTICATED');
    const user = await db.selectFrom('users').select(['id', 'login', 'branch_id', 'password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(input.password, user.password_hash))) {
      s.unlockFailures += 1;
      const err = await recordFailure(app, db, user, 'auth.unlock');
      if (s.unlockFailures >= MAX_UNLOCK_FAILURES || err.code === 'LOCKED_OUT') {
        await endSession(app, db, clientId, actor, 'unlockFailures');
        app.events.emit(clientId, 'session.ended', { reason: 'logout' });
      }
      throw err;
    }
    s.locked = false;
    s.unlockFailures = 0;
    s.lastActive = app.now().getTime();
    await db.updateTable('sessions').set({ locked_at: null, last_active_at: app.now().toISOString() }).where('id', '=', s.id).execute();
    await db.updateTable('login_throttle').set({ failures: 0, locked_until: null }).where('user_id', '=', user.id).execute();
    return sessionInfo(app, { ...actor, locked: false });
  },

  'auth.touch': async () => OK,

  'auth.changePassword': async (input, { app, db, clientId, actor, audit, afterCommit }) => {
    const user = await db.selectFrom('users').select(['id', 'login', 'branch_id', 'password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    refuseOtherOrgsUserAtBranch(app.db.sqlite, user.branch_id);
    // Locked out by wrong passwords (here, at login or on the lock screen): no more guesses here either.
    const wait = await lockedOutFor(app, db, user.id);
    if (wait > 0) throw new AppError('LOCKED_OUT', 'error.LOCKED_OUT', { params: { seconds: wait } });
    if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
      const err = await recordFailure(app, db, user, 'auth.changePassword');
      // As on the lock screen: guessing in an open window ends it.
      if (err.code === 'LOCKED_OUT') {
        await endSession(app, db, clientId, actor, 'unlockFailures');
        app.events.emit(clientId, 'session.ended', { reason: 'logout' });
      }
      throw err;
    }
    if (input.currentPassword === input.newPassword) {
      throw new AppError('VALIDATION', 'error.VALIDATION', { issues: [{ path: ['newPassword'], message: 'validation.password.same' }] });
    }
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(input.newPassword), must_change_password: 0, updated_at: app.now().toISOString() })
      .where('id', '=', actor.userId)
      .execute();
    await endSessionsOfUser(app, db, actor.userId, clientId, afterCommit);
    audit.targetType = 'user';
    audit.targetId = actor.userId;
    return sessionInfo(app, { ...actor, mustChangePassword: false });
  },
} satisfies HandlersFor<typeof authContract>;
