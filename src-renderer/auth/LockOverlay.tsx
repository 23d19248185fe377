import { useState } from 'react';
import { Avatar, Button, Group, Modal, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { translateError } from '../i18n/translateMessage';
import { showError } from '../i18n/showError';
import { useSessionStore } from '../session/useSessionStore';

/**
 * Covers the app while the session is locked. The backdrop is opaque enough that customer data
 * behind it cannot be read over a shoulder; only the password (or signing out) gets past it.
 */
export function LockOverlay() {
  const { t } = useTranslation();
  const session = useSessionStore((s) => s.session);
  const reason = useSessionStore((s) => s.lockReason);
  const signedIn = useSessionStore((s) => s.signedIn);
  const signedOut = useSessionStore((s) => s.signedOut);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const opened = !!session?.locked;

  const unlock = async () => {
    if (!password) return;
    setBusy(true);
    setError(null);
    try {
      const s = await rpc.call('auth.unlock', { password });
      setPassword('');
      signedIn(s);
    } catch (e) {
      setPassword('');
      if (e instanceof RpcCallError) setError(translateError(e.rpc));
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const logout = async () => {
    await rpc.call('auth.logout', {}).catch(() => undefined);
    signedOut();
  };

  if (!session) return null;
  return (
    <Modal
      opened={opened}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      centered
      size="sm"
      overlayProps={{ backgroundOpacity: 0.7, blur: 14 }}
      data-testid="lock-overlay"
      title={
        <Group gap="sm" wrap="nowrap">
          <Avatar color="indigo" radius="xl">
            <IconLock size={20} />
          </Avatar>
          <div>
            <Title order={4} component="span" display="block">
              {t('lock.title')}
            </Title>
            <Text size="xs" c="dimmed" component="span" display="block">
              {reason === 'idle' ? t('lock.byIdle') : t('lock.byUser')}
            </Text>
          </div>
        </Group>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        <Stack align="stretch" gap="md" p="xs">
          <Text size="sm">{t('lock.who', { name: session.user.displayName, login: session.user.login })}</Text>
          <PasswordInput
            label={t('lock.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={error}
            data-autofocus
            autoComplete="current-password"
          />
          <Group justify="space-between">
            <Button variant="subtle" color="gray" onClick={() => void logout()}>
              {t('lock.signOut')}
            </Button>
            <Button type="submit" loading={busy} disabled={!password}>
              {t('lock.unlock')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
