import { Button, Center, EmptyState, Paper } from '@mantine/core';
import { IconHome } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NavItem } from '../nav/navItems';
import { useNavStore } from '../nav/useNavStore';

/** A module of domain.md that is not built yet: say so plainly instead of a blank or broken page. */
export function ComingSoonPage({ item }: { item: NavItem }) {
  const { t } = useTranslation();
  const go = useNavStore((s) => s.go);
  const Icon = item.icon;
  return (
    <Paper withBorder radius="md" p="xl" data-testid="coming-soon">
      <Center mih={360}>
        <EmptyState
          variant="light"
          size="lg"
          icon={<Icon size={34} stroke={1.5} />}
          title={t('comingSoon.title', { module: t(item.labelKey) })}
          description={t('comingSoon.description')}
        >
          <EmptyState.Actions>
            <Button variant="light" leftSection={<IconHome size={16} />} onClick={() => go('home')}>
              {t('nav.home')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Center>
    </Paper>
  );
}
