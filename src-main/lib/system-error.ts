/**
 * Node's system errors (ENOENT, EACCES, ENOSPC…) carry the file's path in their message, and a
 * path names a person often enough (张三的客户资料.csv): never log or show the message, only
 * `code` and `syscall`.
 */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** What a log line may say about an unexpected error: a system error's code and syscall, else its name and message. */
export function errorForLog(e: unknown): string {
  if (isSystemError(e)) return `${e.code ?? 'system error'} (${e.syscall})`;
  // JSON.parse's message quotes the text it failed on, which can be a customer's data.
  if (e instanceof SyntaxError) return 'SyntaxError (its text withheld: it may quote data)';
  return e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error';
}
