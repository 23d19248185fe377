import type { Kysely } from 'kysely';
import type { Database as Schema } from '../db/schema';
import type { UserDto } from '../../src-shared/users/users.contract';
import type { Role } from '../../src-shared/auth/roles';

export function selectUsers(db: Kysely<Schema>) {
  return db
    .selectFrom('users as u')
    .innerJoin('org_units as o', 'o.id', 'u.branch_id')
    .leftJoin('login_throttle as t', 't.user_id', 'u.id')
    .select(['u.id', 'u.login', 'u.display_name', 'u.role', 'u.branch_id', 'o.name as branch_name', 'u.team_id', 'u.status', 'u.must_change_password', 't.last_login_at'])
    .where('u.deleted_at', 'is', null);
}

type Row = {
  id: string;
  login: string;
  display_name: string;
  role: string;
  branch_id: string;
  branch_name: string;
  team_id: string | null;
  status: 'active' | 'disabled';
  must_change_password: number;
  last_login_at: string | null;
};

export function toUserDto(r: Row): UserDto {
  return {
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    role: r.role as Role,
    branchId: r.branch_id,
    branchName: r.branch_name,
    teamId: r.team_id,
    status: r.status,
    mustChangePassword: r.must_change_password === 1,
    lastLoginAt: r.last_login_at,
  };
}

export async function getUser(db: Kysely<Schema>, id: string): Promise<UserDto | undefined> {
  const r = await selectUsers(db).where('u.id', '=', id).executeTakeFirst();
  return r ? toUserDto(r) : undefined;
}
