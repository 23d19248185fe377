import { RpcCallError } from '../platform/RpcCallError';
import { i18n } from './i18n';
import { translateError, translateIssue } from './translateMessage';

/** A failed call in a dialog's words: its field issues, else its error; anything not from main as INTERNAL. */
export function callErrorText(e: unknown): string {
  if (!(e instanceof RpcCallError)) return i18n.t('error.INTERNAL');
  if (e.rpc.issues?.length) return e.rpc.issues.map(translateIssue).join('；');
  return translateError(e.rpc);
}
