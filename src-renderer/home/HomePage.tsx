import { Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAddressBook, IconChecklist } from '@tabler/icons-react';
import { TasksCard } from './TasksCard';
import { useTranslation } from 'react-i18next';
import { useSessionStore } from '../session/useSessionStore';
import { useCan } from '../session/useCan';
import { useNavStore } from '../nav/useNavStore';
import { useFormat } from '../format/useFormat';
import { useRpcQuery } from '../data/useRpcQuery';

/** Hour of the day in Shanghai, for the greeting (a laptop set to another zone greets the same). */
function shanghaiHour(): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
}

/** `value` is a figure (large) or, for a card that states a fact rather than a count, a short label. */
function StatCard({ icon, label, value, valueKind = 'figure', hint, onOpen, testId }: { icon: React.ReactNode; label: string; value: string; valueKind?: 'figure' | 'label'; hint: string; onOpen(): void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text fw={700} fz={valueKind === 'figure' ? 28 : 20} lh={valueKind === 'figure' ? 1.3 : 1.9}>
            {value}
          </Text>
        </div>
        <ThemeIcon variant="light" size={40} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
      <Group justify="space-between" mt="sm" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
        <Button variant="subtle" size="compact-sm" onClick={onOpen} style={{ flexShrink: 0 }}>
          {t('home.open')}
        </Button>
      </Group>
    </Card>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const session = useSessionStore((s) => s.session);
  const go = useNavStore((s) => s.go);
  const canApprovals = useCan('approvals.read');
  const canCustomers = useCan('customers.read');
  const pending = useRpcQuery('approvals.list', { status: 'pending' }, { enabled: canApprovals });
  if (!session) return null;
  const hour = shanghaiHour();
  const greeting = hour < 12 ? 'home.greeting.morning' : hour < 18 ? 'home.greeting.afternoon' : 'home.greeting.evening';

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} size="h3">
          {t(greeting, { name: session.user.displayName })}
        </Title>
        <Text c="dimmed" size="sm">
          {t('home.today', { date: fmt.date(new Date()) })} · {session.user.branchName}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {canApprovals && (
          <StatCard
            testId="card-pending-approvals"
            icon={<IconChecklist size={22} />}
            label={t('home.pendingApprovals')}
            value={pending.data ? fmt.number(pending.data.length) : '–'}
            hint={t('home.pendingApprovals.hint')}
            onOpen={() => go('approvals')}
          />
        )}
        {canCustomers && (
          <StatCard
            testId="card-customers"
            icon={<IconAddressBook size={22} />}
            label={t('home.customers')}
            value={t(`scope.${session.scope}`)}
            valueKind="label"
            hint={t('home.customers.hint')}
            onOpen={() => go('customers')}
          />
        )}
      </SimpleGrid>
      {canCustomers && <TasksCard />}
    </Stack>
  );
}
