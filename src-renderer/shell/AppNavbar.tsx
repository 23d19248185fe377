import { NavLink, ScrollArea, Text } from '@mantine/core';
import { IconShieldCog } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavStore } from '../nav/useNavStore';
import { useVisibleNavItems } from '../nav/useVisibleNavItems';
import type { NavItem } from '../nav/navItems';

export function AppNavbar({ onNavigate }: { onNavigate(): void }) {
  const { t } = useTranslation();
  const page = useNavStore((s) => s.page);
  const go = useNavStore((s) => s.go);
  const items = useVisibleNavItems();
  const main = items.filter((i) => i.group === 'main');
  const system = items.filter((i) => i.group === 'system');

  const link = (item: NavItem) => (
    <NavLink
      key={item.id}
      component="button"
      label={t(item.labelKey)}
      leftSection={<item.icon size={18} stroke={1.6} />}
      active={page === item.id}
      aria-current={page === item.id ? 'page' : undefined}
      onClick={() => {
        go(item.id);
        onNavigate();
      }}
    />
  );

  return (
    <ScrollArea type="scroll" h="100%" p="xs" component="nav" aria-label={t('app.name')}>
      {main.map(link)}
      {system.length > 0 && (
        <NavLink
          label={t('nav.system')}
          leftSection={<IconShieldCog size={18} stroke={1.6} />}
          defaultOpened
          childrenOffset={18}
          active={system.some((s) => s.id === page)}
          variant="subtle"
        >
          {system.map(link)}
        </NavLink>
      )}
      <Text size="xs" c="dimmed" px="sm" pt="md" visibleFrom="sm">
        {t('palette.hint')}
      </Text>
    </ScrollArea>
  );
}
