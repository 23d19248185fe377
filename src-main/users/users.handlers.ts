import { endSessionsOfUser } from '../auth/auth.handlers';
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { usersContract } from '../../src-shared/users/users.contract';
import { AppError, fieldError } from '../../src-shared/rpc/errors';
import { BRANCH_ONLY_ROLES, HQ_ONLY_ROLES, type Role } from '../../src-shared/auth/roles';
import { OK } from '../../src-shared/lib/common';
import type { Database as Schema } from '../db/schema';
import type { Actor, HandlersFor } from '../ipc/types';
import { assertCoversBranch } from '../scope/scope';
import { hashPassword } from '../auth/password';
import { refuseOtherOrgsUserAtBranch } from '../sync/node';
import { getUser, selectUsers, toUserDto } from './users.queries';

/** A role must fit where the person sits: admins and analysts at HQ, branch staff at a branch. */
async function checkRoleFitsOrg(db: Kysely<Schema>, role: Role, branchId: string, path: string): Promise<void> {
  const org = await db.selectFrom('org_units').select(['kind', 'status']).where('id', '=', branchId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!org || org.kind === 'team') throw fieldError(['branchId'], 'validation.branch.unknown');
  if (org.status !== 'active') throw fieldError(['branchId'], 'validation.branch.closed');
  if (org.kind === 'hq' && BRANCH_ONLY_ROLES.includes(role)) throw fieldError([path], 'validation.role.branchOnly');
  if (org.kind === 'branch' && HQ_ONLY_ROLES.includes(role)) throw fieldError([path], 'validation.role.hqOnly');
}

async function targetUser(db: Kysely<Schema>, actor: Actor, userId: string) {
  const u = await db.selectFrom('users').select(['id', 'branch_id', 'role', 'status']).where('id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!u) throw new AppError('NOT_FOUND', 'error.users.notFound');
  assertCoversBranch(actor, u.branch_id);
  return u;
}

export const usersHandlers = {
  'users.list': async (input, { db, actor }) => {
    let q = selectUsers(db).orderBy('o.code').orderBy('u.role').orderBy('u.login');
    if (actor.scope !== 'all') q = q.where('u.branch_id', '=', actor.branchId);
    if (input.branchId) q = q.where('u.branch_id', '=', input.branchId);
    return (await q.execute()).map(toUserDto);
  },

  'users.create': async (input, { app, db, actor, audit }) => {
    assertCoversBranch(actor, input.branchId);
    await checkRoleFitsOrg(db, input.role, input.branchId, 'role');
    const taken = await db.selectFrom('users').select('id').where('login', '=', input.login).where('deleted_at', 'is', null).executeTakeFirst();
    if (taken) throw fieldError(['login'], 'validation.login.taken');
    if (input.teamId) {
      const team = await db.selectFrom('org_units').select(['parent_id', 'kind']).where('id', '=', input.teamId).executeTakeFirst();
      if (!team || team.kind !== 'team' || team.parent_id !== input.branchId) throw fieldError(['teamId'], 'validation.team.unknown');
    }
    const id = uuidv7();
    const now = app.now().toISOString();
    await db
      .insertInto('users')
      .values({ id, login: input.login, display_name: input.displayName, role: input.role, branch_id: input.branchId, team_id: input.teamId ?? null, status: 'active', password_hash: await hashPassword(input.password), must_change_password: 1, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    audit.targetType = 'user';
    audit.targetId = id;
    audit.detail = { role: input.role };
    return (await getUser(db, id))!;
  },

  'users.changeRole': {
    prepare: async (input, { db, actor }) => {
      const u = await targetUser(db, actor, input.userId);
      if (u.role === input.role) throw fieldError(['role'], 'validation.role.unchanged');
      if (u.id === actor.userId) throw new AppError('CONFLICT', 'error.users.ownRole');
      await checkRoleFitsOrg(db, input.role, u.branch_id, 'role');
      return { branchId: u.branch_id, summary: { userId: u.id, from: u.role, to: input.role } };
    },
    run: async (input, { app, db, audit }) => {
      await db.updateTable('users').set({ role: input.role, updated_at: app.now().toISOString() }).where('id', '=', input.userId).execute();
      audit.targetType = 'user';
      audit.targetId = input.userId;
      audit.detail = { role: input.role };
      return (await getUser(db, input.userId))!;
    },
  },

  'users.setStatus': async (input, { app, db, actor, audit }) => {
    const u = await targetUser(db, actor, input.userId);
    if (u.id === actor.userId) throw new AppError('CONFLICT', 'error.users.ownStatus');
    await db.updateTable('users').set({ status: input.status, updated_at: app.now().toISOString() }).where('id', '=', u.id).execute();
    // A disabled account's open sessions end at their next call (loadActor finds it inactive).
    audit.targetType = 'user';
    audit.targetId = u.id;
    audit.detail = { status: input.status };
    return (await getUser(db, u.id))!;
  },

  'users.resetPassword': async (input, { app, db, actor, audit, afterCommit }) => {
    const u = await targetUser(db, actor, input.userId);
    refuseOtherOrgsUserAtBranch(app.db.sqlite, u.branch_id);
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(input.newPassword), must_change_password: 1, updated_at: app.now().toISOString() })
      .where('id', '=', u.id)
      .execute();
    await db.updateTable('login_throttle').set({ failures: 0, locked_until: null }).where('user_id', '=', u.id).execute();
    await endSessionsOfUser(app, db, u.id, null, afterCommit);
    audit.targetType = 'user';
    audit.targetId = u.id;
    return OK;
  },
} satisfies HandlersFor<typeof usersContract>;

export { toUserDto };
