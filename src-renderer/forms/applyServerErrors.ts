import { RpcCallError } from '../platform/RpcCallError';
import { translateError, translateIssue } from '../i18n/translateMessage';
import { showError } from '../i18n/showError';

type FormLike<V> = { values: V; setFieldError(path: string, error: string): void };

/**
 * Put a server's field issues next to the fields they name (path[0]); anything that names no
 * field of this form is returned as one message for the form's alert. Not an RpcCallError:
 * shown as a notification, and null returned.
 */
export function applyServerErrors<V extends object>(form: FormLike<V>, e: unknown): string | null {
  if (!(e instanceof RpcCallError)) {
    showError(e);
    return null;
  }
  const rest: string[] = [];
  for (const issue of e.rpc.issues ?? []) {
    const field = String(issue.path[0] ?? '');
    if (field && field in form.values) form.setFieldError(field, translateIssue(issue));
    else rest.push(translateIssue(issue));
  }
  if (e.rpc.issues?.length) return rest.length ? rest.join('；') : null;
  return translateError(e.rpc);
}
