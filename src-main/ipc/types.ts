import type { Kysely } from 'kysely';
import type { AppError } from '../../src-shared/rpc/errors';
import type { DataScope, Permission, Role } from '../../src-shared/auth/roles';
import type { Contract, MethodSpec, OutputOf, ParsedInputOf } from '../../src-shared/rpc/define';
import type { Database as Schema } from '../db/schema';
import type { AppContext } from './context';

/** The signed-in user a call acts for, resolved by the dispatcher from the main-process session. */
export type Actor = {
  sessionId: string;
  userId: string;
  login: string;
  displayName: string;
  role: Role;
  branchId: string;
  branchName: string;
  orgKind: 'hq' | 'branch';
  scope: DataScope;
  permissions: ReadonlySet<Permission>;
  locked: boolean;
  mustChangePassword: boolean;
};

/** What an audit row says about the call; handlers fill in the target. Never personal data. */
export type AuditNote = { targetType?: string; targetId?: string; detail?: Record<string, string | number | boolean> };

export type BaseHandlerCtx = {
  app: AppContext;
  clientId: string;
  /** A transaction for mutations; the plain connection for queries. */
  db: Kysely<Schema>;
  audit: AuditNote;
};
export type PublicHandlerCtx = BaseHandlerCtx & { actor: Actor | null };
export type HandlerCtx = BaseHandlerCtx & {
  actor: Actor;
  /** Set when a checker's approval runs a four-eyes request: the checker. */
  approver?: Actor;
  /** Run a stored four-eyes request's handler now, as its maker (approvals.approve only). */
  /** `branchId`: the branch the request was stored under; `prepare` must name it again. */
  runApproved?: (method: string, input: unknown, maker: Actor, branchId: string, summary: string) => Promise<unknown>;
  /** A decided request's stored input as it is kept (its handler's `settle`), JSON (approvals.* only). */
  settledInput?: (method: string, storedJson: string) => string;
  /**
   * Mutations: run `fn` once the call's transaction has committed (never after a rollback),
   * e.g. to start a job whose worker must see the rows this call wrote.
   */
  afterCommit?: (fn: () => void) => void;
  /**
   * When the call fails with an AppError, its transaction rolls back whole; `fn` then runs in a
   * fresh transaction to record what must survive the failure (e.g. an approval marked failed).
   */
  onFailure?: (fn: (db: Kysely<Schema>, error: AppError) => Promise<void>) => void;
  /**
   * Mutations: run `fn` if the call's transaction rolls back, for any reason, the commit's own
   * failure included: to take back what the call did outside the database (a file it wrote).
   */
  afterRollback?: (fn: () => void) => void;
};

type CtxFor<S extends MethodSpec> = S['access'] extends 'public' ? PublicHandlerCtx : HandlerCtx;
type Fn<S extends MethodSpec> = (input: ParsedInputOf<S>, ctx: CtxFor<S>) => Promise<OutputOf<S>>;

/**
 * A four-eyes method's handler: `prepare` runs on the maker's call (checks the target exists
 * and is in scope, and says what the approval list shows), `run` when a checker approves.
 */
export type FourEyesHandler<S extends MethodSpec> = {
  prepare: (input: ParsedInputOf<S>, ctx: HandlerCtx) => Promise<{ branchId: string; summary: Record<string, string | number> }>;
  run: Fn<S>;
  /**
   * What of the stored input is kept once the request is decided (approved, rejected, cancelled
   * or failed): personal data it needed only to run (a search term) goes. Kept whole without it.
   */
  settle?: (input: ParsedInputOf<S>) => ParsedInputOf<S>;
  /**
   * Approved only as its summary read: when `prepare` at approval reads otherwise (the customers
   * moved meanwhile, say), the request is not what the checker saw, and fails as scopeChanged.
   */
  sameSummary?: true;
};

export type HandlerFor<S extends MethodSpec> = S extends { fourEyes: object } ? FourEyesHandler<S> : Fn<S>;
export type HandlersFor<C extends Contract> = { [M in keyof C]: HandlerFor<C[M]> };
export type { Permission };
