import type { ImportKind, Message } from '../../src-shared/imports/imports.contract';
import { i18n } from '../i18n/i18n';
import { translateError, translateIssue, translateMessage } from '../i18n/translateMessage';
import { RpcCallError } from '../platform/RpcCallError';

/**
 * Texts of the import screens that come from the server as keys: field labels
 * (`import.field.<kind>.<key>`) and row messages. A key the catalogue does not know yet (a
 * newer main process) is shown raw rather than hidden: the person still sees which field.
 */
export const importText = {
  field(kind: ImportKind, key: string): string {
    const k = `import.field.${kind}.${key}`;
    return i18n.exists(k) ? i18n.t(k) : key;
  },
  message(m: Message): string {
    return i18n.exists(m.key) ? translateMessage(m.key, m.params) : m.key;
  },
  kind(kind: ImportKind): string {
    return i18n.t(`importUi.kind.${kind}`);
  },
  /** A refused call in words: the file's own problem (its key names it), else the first field issue. */
  refusal(e: unknown): string {
    if (!(e instanceof RpcCallError)) return i18n.t('error.INTERNAL');
    const issue = e.rpc.issues?.[0];
    return issue && e.rpc.message === 'error.VALIDATION' ? translateIssue(issue) : translateError(e.rpc);
  },
  /** Why a job stopped: the jobs row keeps only the error code. */
  jobFailure(job: { errorCode: string | null }): string {
    if (job.errorCode === 'INTERRUPTED') return i18n.t('importUi.job.interrupted');
    return translateMessage(`error.${job.errorCode ?? 'INTERNAL'}`);
  },
  /** Spreadsheet column letters, as Excel shows them: 0 → A, 25 → Z, 26 → AA. */
  column(index: number): string {
    let n = index + 1;
    let s = '';
    while (n > 0) {
      const r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  },
};
