import { notifications } from '@mantine/notifications';
import { RpcCallError } from '../platform/RpcCallError';
import { i18n } from './i18n';
import { translateError } from './translateMessage';

/** Any failure as a notification in the user's language; never a raw code or stack. */
export function showError(e: unknown): void {
  const message = e instanceof RpcCallError ? translateError(e.rpc) : i18n.t('error.INTERNAL');
  if (!(e instanceof RpcCallError)) console.error(e);
  notifications.show({ color: 'red', title: i18n.t('common.error'), message, autoClose: 8000 });
}
