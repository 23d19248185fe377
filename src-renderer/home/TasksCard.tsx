import { useState } from 'react';
import { Anchor, Badge, Button, Card, EmptyState, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TaskCustomerDto, TaskDto } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { useFormat } from '../format/useFormat';
import { useNavStore } from '../nav/useNavStore';
import { KeysetListFrame } from '../suitability/KeysetListFrame';
import { useKeysetList } from '../suitability/useKeysetList';

/**
 * The caller's open tasks on the home page, due soonest first: a task about one customer opens
 * that customer; a task about several (a product's risk rise) lists them. Done marks it done.
 */
export function TasksCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openCustomer = useNavStore((s) => s.openCustomer);
  const [listing, setListing] = useState<TaskDto | null>(null);
  const list = useKeysetList<TaskDto>('mine-open', (after) => rpc.call('tasks.list', { mine: true, status: 'open', ...(after ? { after } : {}), limit: 20 }));

  const done = async (task: TaskDto) => {
    try {
      await rpc.call('tasks.setStatus', { id: task.id, status: 'done' });
      notifications.show({ color: 'green', message: t('home.tasks.doneSaved') });
      list.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card withBorder radius="md" padding="lg" data-testid="home-tasks">
      <Text fw={600} mb="sm">
        {t('home.tasks.title')}
      </Text>
      <KeysetListFrame
        list={list}
        empty={<EmptyState py="xl" icon={<IconCalendarCheck size={30} stroke={1.5} />} withIndicatorBackground title={t('home.tasks.empty')} description={t('home.tasks.emptyHint')} />}
      >
        <Table verticalSpacing="xs" highlightOnHover>
          <Table.Tbody>
            {list.rows.map((task) => {
              // Due dates are Shanghai calendar days, as fmt.date gives today.
              const overdue = task.dueDate < fmt.date(new Date());
              return (
                <Table.Tr key={task.id} data-testid="task-row">
                  <Table.Td style={{ whiteSpace: 'nowrap', width: 1 }}>
                    <Text size="sm" fw={500} c={overdue ? 'red' : 'blue'}>
                      {t(overdue ? 'home.tasks.overdue' : 'home.tasks.due', { date: fmt.date(task.dueDate) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(task.titleKey, task.titleParams)}</Text>
                    {task.customerId && task.customerName && (
                      <Anchor component="button" size="xs" onClick={() => openCustomer(task.customerId!)}>
                        {task.customerName}（{task.customerNo}）
                      </Anchor>
                    )}
                    {!task.customerId && task.source === 'product_risk_rise' && (
                      <Anchor component="button" size="xs" onClick={() => setListing(task)} data-testid="task-customers">
                        {t('home.tasks.customers', { count: Number(task.titleParams.count ?? 0) })}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td w={90} ta="right">
                    <Button size="compact-sm" variant="light" onClick={() => void done(task)}>
                      {t('home.tasks.done')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </KeysetListFrame>
      {listing && <TaskCustomersModal task={listing} onClose={() => setListing(null)} onOpen={(id) => (setListing(null), openCustomer(id))} />}
    </Card>
  );
}

function TaskCustomersModal({ task, onClose, onOpen }: { task: TaskDto; onClose(): void; onOpen(id: string): void }) {
  const { t } = useTranslation();
  const list = useKeysetList<TaskCustomerDto>(task.id, (after) => rpc.call('tasks.customers', { id: task.id, ...(after ? { after } : {}), limit: 50 }));
  return (
    <Modal opened onClose={onClose} size="lg" title={t('home.tasks.customersTitle')}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t(task.titleKey, task.titleParams)}
        </Text>
        <KeysetListFrame list={list} empty={<Text size="sm">{t('home.tasks.noCustomers')}</Text>}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="task-customers-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.field.name')}</Table.Th>
                <Table.Th>{t('customer.field.customerNo')}</Table.Th>
                <Table.Th>{t('customer.field.riskLevel')}</Table.Th>
                <Table.Th>{t('home.tasks.review')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.rows.map((c) => (
                <Table.Tr key={c.customerId}>
                  <Table.Td>
                    <Anchor component="button" size="sm" onClick={() => onOpen(c.customerId)}>
                      {c.customerName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{c.customerNo}</Table.Td>
                  <Table.Td>{c.customerLevel ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={c.reviewStatus === 'open' ? 'orange' : 'gray'}>
                      {t(`suitability.reviewStatus.${c.reviewStatus}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </KeysetListFrame>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
