import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { toHalfWidth } from '../../src-shared/lib/normalize';

/**
 * Branches and account managers, loaded once per import run (a firm has hundreds of branches
 * and a few thousand managers: a map each, not a query per row). Files name them the way
 * people do: a branch by its code or its name, a manager by login or display name.
 */
export type BranchRef = { id: string; code: string; name: string; status: 'active' | 'closed' };
export type ManagerRef = { id: string; login: string; name: string; branchId: string };

export type Lookup<T> = { ok: true; value: T } | { ok: false; key: string };

const norm = (s: string) => toHalfWidth(s).replace(/\s+/g, '').toLowerCase();

export class Directory {
  private readonly branches = new Map<string, BranchRef[]>();
  private readonly branchById = new Map<string, BranchRef>();
  private readonly managers = new Map<string, ManagerRef[]>();
  private readonly managerById = new Map<string, ManagerRef>();
  /** Every user's login and name, normalised (whatever their role or status): who a customer's manager is now. */
  private readonly userNames = new Map<string, string[]>();

  constructor(sqlite: BetterSqlite3.Database) {
    const bs = sqlite.prepare(`SELECT id, code, name, status FROM org_units WHERE kind = 'branch' AND deleted_at IS NULL`).all() as BranchRef[];
    for (const b of bs) {
      this.branchById.set(b.id, b);
      for (const k of new Set([norm(b.code), norm(b.name)])) this.add(this.branches, k, b);
    }
    const ms = sqlite
      .prepare(`SELECT id, login, display_name AS name, branch_id AS branchId FROM users WHERE role = 'account_manager' AND status = 'active' AND deleted_at IS NULL`)
      .all() as ManagerRef[];
    for (const m of ms) {
      this.managerById.set(m.id, m);
      for (const k of new Set([norm(m.login), norm(m.name)])) this.add(this.managers, k, m);
    }
    for (const u of sqlite.prepare(`SELECT id, login, display_name AS name FROM users`).all() as { id: string; login: string; name: string }[]) {
      this.userNames.set(u.id, [norm(u.login), norm(u.name)]);
    }
  }

  /**
   * Whether `text` names the branch `id` (its code or name), open or closed: an exported list
   * names a customer's branch as it is, and that is no change.
   */
  isBranch(text: string, id: string): boolean {
    const b = this.branchById.get(id);
    return b !== undefined && (norm(text) === norm(b.code) || norm(text) === norm(b.name));
  }

  /**
   * Whether `text` names the user `id` (login or name), whatever their role or status now: an
   * exported list names a customer's manager as they are (a manager since disabled, a branch
   * manager who keeps customers, a name two managers share), and that is no change.
   */
  isUser(text: string, id: string): boolean {
    const names = this.userNames.get(id);
    return names !== undefined && names.includes(norm(text));
  }

  private add<T>(map: Map<string, T[]>, k: string, v: T): void {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  }

  branch(text: string): Lookup<BranchRef> {
    const hits = this.branches.get(norm(text)) ?? [];
    if (hits.length === 0) return { ok: false, key: 'error.import.branch.unknown' };
    if (hits.length > 1) return { ok: false, key: 'error.import.branch.ambiguous' };
    if (hits[0]!.status !== 'active') return { ok: false, key: 'error.import.branch.closed' };
    return { ok: true, value: hits[0]! };
  }

  branchCode(id: string): string {
    return this.branchById.get(id)?.code ?? '';
  }

  /** An active account manager of `branchId`, by login or display name. */
  manager(text: string, branchId: string): Lookup<ManagerRef> {
    const hits = (this.managers.get(norm(text)) ?? []).filter((m) => m.branchId === branchId);
    if (hits.length === 0) return { ok: false, key: 'error.import.manager.unknown' };
    if (hits.length > 1) return { ok: false, key: 'error.import.manager.ambiguous' };
    return { ok: true, value: hits[0]! };
  }

  managerLogin(id: string | null): string | null {
    return id === null ? null : (this.managerById.get(id)?.login ?? null);
  }
}
