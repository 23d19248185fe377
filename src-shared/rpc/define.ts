import type { z } from 'zod';
import type { Permission } from '../auth/roles';

/**
 * Who may call a method: `public` needs no session (login, first-run set-up), `session` any
 * signed-in user, otherwise the named permission. Deny by default: there is no "anyone".
 */
export type Access = 'public' | 'session' | Permission;

export type MethodSpec = {
  kind: 'query' | 'mutation';
  access: Access;
  input: z.ZodType;
  output: z.ZodType;
  /**
   * Four-eyes (复核): the maker's call is validated and stored as a pending approval; the
   * handler runs only when a second user with `approver` confirms it.
   */
  fourEyes?: { approver: Permission };
  /** Callable while the session is locked (unlock, logout, who-am-I). */
  whileLocked?: boolean;
  /**
   * Callable by a user who must change their password first (a temporary one an administrator
   * set): the change itself, lock, unlock, logout. Everything else waits for the change.
   */
  beforePasswordChange?: true;
  /**
   * Write an audit row for every call, not only for mutations and denials; for reads of
   * personal data.
   */
  auditReads?: boolean;
  /**
   * Writes HQ-owned master data (org units, users, products, questionnaires: architecture.md
   * "Merge"), or decides what only HQ may (which branch a customer belongs to): refused at a
   * branch node, where HQ's users can sign in too. HQ never takes a branch's change to such
   * data, so it would stay at the branch alone.
   */
  hqData?: true;
};

export function method<const S extends MethodSpec>(spec: S): S {
  return spec;
}

export type Contract = Record<string, MethodSpec>;
export type MethodName<C extends Contract> = keyof C & string;
export type InputOf<S extends MethodSpec> = z.input<S['input']>;
export type ParsedInputOf<S extends MethodSpec> = z.output<S['input']>;
export type OutputOf<S extends MethodSpec> = z.output<S['output']>;

/** What the caller receives: a four-eyes method answers with the pending request. */
export type PendingApproval = { pendingApprovalId: string };
export type CallOutputOf<S extends MethodSpec> = S extends { fourEyes: object } ? PendingApproval : OutputOf<S>;
