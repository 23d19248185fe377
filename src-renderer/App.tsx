import { useEffect } from 'react';
import { Center, Loader } from '@mantine/core';
import { rpc } from './platform/rpc';
import { showError } from './i18n/showError';
import { useSessionStore } from './session/useSessionStore';
import { useSessionEvents } from './session/useSessionEvents';
import { useIdleLock } from './session/useIdleLock';
import { useNavStore } from './nav/useNavStore';
import { SetupPage } from './auth/SetupPage';
import { LoginPage } from './auth/LoginPage';
import { ChangePasswordPage } from './auth/ChangePasswordPage';
import { LockOverlay } from './auth/LockOverlay';
import { AppLayout } from './shell/AppLayout';

/** Which screen: first-run set-up, sign-in, forced password change, or the app (under the lock overlay when locked). */
export function App() {
  const phase = useSessionStore((s) => s.phase);
  const mustChange = useSessionStore((s) => s.session?.mustChangePassword ?? false);
  useSessionEvents();
  useIdleLock();

  useEffect(() => {
    rpc.call('auth.status', {}).then((s) => useSessionStore.getState().setStatus(s), showError);
    const onHash = () => useNavStore.getState().syncFromHash();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  switch (phase) {
    case 'loading':
      return (
        <Center h="100vh">
          <Loader />
        </Center>
      );
    case 'setup':
      return <SetupPage />;
    case 'signedOut':
      return <LoginPage />;
    case 'signedIn':
      if (mustChange) return <ChangePasswordPage />;
      return (
        <>
          <AppLayout />
          <LockOverlay />
        </>
      );
  }
}
