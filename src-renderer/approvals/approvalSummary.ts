import type { ApprovalDto } from '../../src-shared/approvals/approvals.contract';
import { i18n } from '../i18n/i18n';
import { translateMessage } from '../i18n/translateMessage';

/**
 * What a pending request asks for, from `approval.summary.<method>` and its params. Params that
 * are role ids are shown as role names (translateMessage); a user id as that user's name when
 * the list of users is at hand.
 */
export function approvalSummary(a: ApprovalDto, userNames: ReadonlyMap<string, string>): string {
  const params: Record<string, string | number> = { ...a.summaryParams };
  const userId = a.summaryParams.userId;
  if (typeof userId === 'string') params.user = userNames.get(userId) ?? `#${userId.slice(-6)}`;
  const key = `approval.summary.${a.method}`;
  if (!i18n.exists(key)) return i18n.t('approval.summary.unknown', { method: a.method });
  return translateMessage(key, params);
}
