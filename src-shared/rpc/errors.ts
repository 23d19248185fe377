/**
 * The closed set of error codes a dispatcher call can return. Every code has a catalogue
 * key `error.<code>` so the renderer and the CLI can show it in the user's language.
 */
export const ERROR_CODES = [
  'VALIDATION', // input failed the contract's schema; `issues` name the fields
  'UNAUTHENTICATED', // no session for this client
  'SESSION_LOCKED', // session exists but is locked (idle or by the user)
  'BAD_CREDENTIALS', // login or current password wrong
  'LOCKED_OUT', // too many failed logins; params.seconds until the next try
  'ACCOUNT_DISABLED',
  'FORBIDDEN', // role lacks the method's permission
  'OUT_OF_SCOPE', // the record is outside the user's data scope
  'NOT_FOUND',
  'CONFLICT', // a business rule or uniqueness check refused the change
  'STALE', // optimistic version check failed: someone else changed the record
  'SETUP_DONE', // first-run set-up is no longer possible
  'SELF_APPROVAL', // the maker of a four-eyes request tried to approve it
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A field-level problem; `path` is the input path, `message` a catalogue key. */
export type RpcIssue = { path: (string | number)[]; message: string; params?: Record<string, string | number> };

export type RpcError = {
  code: ErrorCode;
  /** Catalogue key, e.g. `error.FORBIDDEN` or a more specific `error.users.loginTaken`. */
  message: string;
  params?: Record<string, string | number>;
  issues?: RpcIssue[];
};

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Thrown by handlers and the dispatcher; turned into an `RpcResult` at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params?: Record<string, string | number>;
  readonly issues?: RpcIssue[];
  readonly messageKey: string;
  /** Keep what the transaction wrote before failing (a failed-login counter, an audit row). */
  readonly commit: boolean;
  constructor(
    code: ErrorCode,
    messageKey?: string,
    opts: { params?: Record<string, string | number>; issues?: RpcIssue[]; commit?: boolean } = {},
  ) {
    super(messageKey ?? `error.${code}`);
    this.code = code;
    this.messageKey = messageKey ?? `error.${code}`;
    this.params = opts.params;
    this.issues = opts.issues;
    this.commit = opts.commit ?? false;
  }
  toRpcError(): RpcError {
    const e: RpcError = { code: this.code, message: this.messageKey };
    if (this.params) e.params = this.params;
    if (this.issues) e.issues = this.issues;
    return e;
  }
}

/** A validation error on one field, in the same shape zod failures take. */
export function fieldError(path: (string | number)[], message: string, params?: Record<string, string | number>): AppError {
  return new AppError('VALIDATION', 'error.VALIDATION', { issues: [{ path, message, ...(params ? { params } : {}) }] });
}
