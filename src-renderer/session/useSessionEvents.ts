import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';
import { eventSchemas } from '../../src-shared/rpc/events';
import { bridge } from '../platform/bridge';
import { rpc } from '../platform/rpc';
import { i18n } from '../i18n/i18n';
import { useSessionStore } from './useSessionStore';

/**
 * Follow what main decides about the session: locked (idle, or by the user in another way),
 * ended (logout elsewhere, account disabled, too many unlock failures), or a password to change
 * first. A call refused with UNAUTHENTICATED or SESSION_LOCKED means the same thing, so both
 * paths update the store.
 */
export function useSessionEvents(): void {
  useEffect(() => {
    const ended = () => {
      if (useSessionStore.getState().phase !== 'signedIn') return;
      useSessionStore.getState().signedOut();
      notifications.show({ color: 'yellow', message: i18n.t('session.ended') });
    };
    const offLocked = bridge.on('session.locked', (p) => {
      const parsed = eventSchemas['session.locked'].safeParse(p);
      useSessionStore.getState().locked(parsed.success ? parsed.data.reason : 'user');
    });
    const offEnded = bridge.on('session.ended', ended);
    const offErrors = rpc.onError((method, e) => {
      if (e.code === 'UNAUTHENTICATED' && method !== 'auth.logout') ended();
      if (e.code === 'SESSION_LOCKED') useSessionStore.getState().locked('idle');
      // The password was reset meanwhile (here, or by a bundle from HQ): main now opens nothing
      // but its change, so the session is read again and the change page shows.
      if (e.code === 'FORBIDDEN' && e.message === 'error.auth.mustChangePassword') {
        rpc.call('auth.status', {}).then((s) => useSessionStore.getState().setStatus(s), () => undefined);
      }
    });
    return () => {
      offLocked();
      offEnded();
      offErrors();
    };
  }, []);
}
