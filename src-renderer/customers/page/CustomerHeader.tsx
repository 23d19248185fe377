import type { ReactNode } from 'react';
import { Avatar, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../../src-shared/customers/customers.contract';
import { CustomerBadges } from './CustomerBadges';

/** Who this is at a glance: name, number, kind, branch, manager, badges; the page's actions on the right. */
export function CustomerHeader({ customer: c, actions, children }: { customer: CustomerDto; actions: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" mb="md" data-testid="customer-header">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Group align="flex-start" wrap="nowrap" gap="md" style={{ minWidth: 0 }}>
          <Avatar size={52} radius="xl" color={c.kind === 'institution' ? 'indigo' : 'blue'}>
            {c.name.slice(0, 1)}
          </Avatar>
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Group gap="sm" align="baseline" wrap="wrap">
              <Title order={2} size="h3">
                {c.name}
              </Title>
              <Text ff="monospace" c="dimmed" size="sm" data-testid="customer-no">
                {c.customerNo}
              </Text>
            </Group>
            <Text size="sm" c="dimmed">
              {[t(`customerKind.${c.kind}`), c.branchName, t('customer.header.manager', { name: c.managerName ?? t('customer.unassigned') })].join(' · ')}
            </Text>
            <CustomerBadges customer={c} />
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {actions}
        </Group>
      </Group>
      {children}
    </Paper>
  );
}
