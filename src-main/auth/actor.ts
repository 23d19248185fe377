import type Database from 'better-sqlite3-multiple-ciphers';
import { nodeInfo } from '../sync/node';
import type { AppContext } from '../ipc/context';
import type { Actor } from '../ipc/types';
import type { Session } from './sessions';
import { scopeFor, type Role } from '../../src-shared/auth/roles';
import type { SessionInfo } from '../../src-shared/auth/auth.contract';

type UserRow = {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  branch_id: string;
  status: 'active' | 'disabled';
  deleted_at: string | null;
  must_change_password: number;
  org_name: string;
  org_kind: 'hq' | 'branch' | 'team';
};

/**
 * The actor for a session, read fresh on every call (one indexed lookup) so that a role
 * change or a disabled account takes effect at once. Null when the user can no longer sign in.
 */
const statements = new WeakMap<Database.Database, Database.Statement>();

function actorStatement(db: Database.Database): Database.Statement {
  let st = statements.get(db);
  if (!st) {
    st = db.prepare(
      `SELECT u.id, u.login, u.display_name, u.role, u.branch_id, u.status, u.deleted_at, u.must_change_password,
              o.name AS org_name, o.kind AS org_kind
         FROM users u JOIN org_units o ON o.id = u.branch_id WHERE u.id = ?`,
    );
    statements.set(db, st);
  }
  return st;
}

export function loadActor(app: AppContext, s: Session): Actor | null {
  const u = actorStatement(app.db.sqlite).get(s.userId) as UserRow | undefined;
  if (!u || u.status !== 'active' || u.deleted_at !== null) return null;
  const orgKind = u.org_kind === 'hq' ? 'hq' : 'branch';
  return {
    sessionId: s.id,
    userId: u.id,
    login: u.login,
    displayName: u.display_name,
    role: u.role,
    branchId: u.branch_id,
    branchName: u.org_name,
    orgKind,
    scope: scopeFor(u.role, orgKind),
    permissions: app.grants.get(u.role) ?? new Set(),
    locked: s.locked,
    mustChangePassword: u.must_change_password === 1,
  };
}

export function sessionInfo(app: AppContext, a: Actor): SessionInfo {
  return {
    user: { id: a.userId, login: a.login, displayName: a.displayName, role: a.role, branchId: a.branchId, branchName: a.branchName, orgKind: a.orgKind },
    scope: a.scope,
    permissions: [...a.permissions].sort(),
    hqNode: nodeInfo(app.db.sqlite).role === 'hq',
    locked: a.locked,
    mustChangePassword: a.mustChangePassword,
    idleLockMinutes: app.settings.idleLockMinutes,
  };
}
