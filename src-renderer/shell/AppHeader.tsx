import { ActionIcon, Badge, Burger, Group, Kbd, Text, ThemeIcon, Tooltip, UnstyledButton } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { IconBuildingBank, IconLock, IconLogout, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { useSessionStore } from '../session/useSessionStore';
import { ThemeToggle } from '../theme/ThemeToggle';
import { LanguageSwitch } from './LanguageSwitch';

export function AppHeader({ navOpened, toggleNav }: { navOpened: boolean; toggleNav(): void }) {
  const { t } = useTranslation();
  const session = useSessionStore((s) => s.session);
  const locked = useSessionStore((s) => s.locked);
  const signedOut = useSessionStore((s) => s.signedOut);
  if (!session) return null;

  const lock = async () => {
    locked('user');
    await rpc.call('auth.lock', { reason: 'user' }).catch(showError);
  };
  const logout = async () => {
    await rpc.call('auth.logout', {}).catch(() => undefined);
    signedOut();
  };

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
      <Group gap="sm" wrap="nowrap">
        <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label={t('header.toggleNav')} />
        <ThemeIcon size={32} radius="md" variant="filled">
          <IconBuildingBank size={20} />
        </ThemeIcon>
        <Text fw={700} visibleFrom="xs" style={{ whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Text>
        <UnstyledButton
          onClick={() => spotlight.open()}
          visibleFrom="md"
          aria-label={t('header.search')}
          px="sm"
          py={6}
          ml="md"
          w={240}
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}
        >
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap">
              <IconSearch size={16} color="var(--mantine-color-dimmed)" />
              <Text size="sm" c="dimmed">
                {t('header.search')}
              </Text>
            </Group>
            <Kbd size="xs">Ctrl + K</Kbd>
          </Group>
        </UnstyledButton>
      </Group>

      <Group gap="sm" wrap="nowrap">
        <Group gap={8} wrap="nowrap" data-testid="header-user" style={{ minWidth: 0 }}>
          <div style={{ textAlign: 'right', minWidth: 0 }}>
            <Text size="sm" fw={600} lh={1.25} truncate>
              {session.user.displayName}
            </Text>
            <Text size="xs" c="dimmed" lh={1.25} truncate>
              {session.user.branchName}
            </Text>
          </div>
          <Badge variant="light" radius="sm" style={{ flexShrink: 0 }}>
            {t(`role.${session.user.role}`)}
          </Badge>
        </Group>
        <LanguageSwitch />
        <ThemeToggle />
        <Tooltip label={t('header.lock')}>
          <ActionIcon variant="default" size="lg" aria-label={t('header.lock')} onClick={() => void lock()}>
            <IconLock size={18} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('header.logout')}>
          <ActionIcon variant="default" size="lg" aria-label={t('header.logout')} onClick={() => void logout()}>
            <IconLogout size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
