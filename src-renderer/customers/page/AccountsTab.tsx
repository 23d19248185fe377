import { useState } from 'react';
import { ActionIcon, Badge, Button, EmptyState, Group, Paper, Table, Text } from '@mantine/core';
import { IconPencil, IconPlus, IconWallet } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AccountDto, CustomerPageDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { showError } from '../../i18n/showError';
import { useCan } from '../../session/useCan';
import { AccountFormModal } from './AccountFormModal';
import { RemoveButton } from './RemoveButton';

const statusColor: Record<AccountDto['status'], string> = { active: 'green', frozen: 'orange', closed: 'gray' };

/** Capital accounts by type (普通, 信用, 期权), with open and close dates: list, add, edit, remove. */
export function AccountsTab({ page, update, readOnly }: { page: CustomerPageDto; update(fn: (p: CustomerPageDto) => CustomerPageDto): void; readOnly: boolean }) {
  const { t } = useTranslation();
  const canWrite = useCan('customers.write') && !readOnly;
  const [editing, setEditing] = useState<AccountDto | 'new' | null>(null);

  const saved = (a: AccountDto) =>
    update((p) => ({ ...p, accounts: p.accounts.some((x) => x.id === a.id) ? p.accounts.map((x) => (x.id === a.id ? a : x)) : [...p.accounts, a] }));
  const remove = async (a: AccountDto) => {
    try {
      await rpc.call('customers.accounts.remove', { id: a.id });
      update((p) => ({ ...p, accounts: p.accounts.filter((x) => x.id !== a.id) }));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('customer.tab.accounts')}</Text>
        {canWrite && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
            {t('customer.accounts.add')}
          </Button>
        )}
      </Group>
      {page.accounts.length === 0 ? (
        <EmptyState py="lg" icon={<IconWallet size={26} stroke={1.5} />} withIndicatorBackground title={t('customer.accounts.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="xs" data-testid="accounts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.account.no')}</Table.Th>
                <Table.Th>{t('customer.account.type')}</Table.Th>
                <Table.Th>{t('customer.account.status')}</Table.Th>
                <Table.Th>{t('customer.account.openedAt')}</Table.Th>
                <Table.Th>{t('customer.account.closedAt')}</Table.Th>
                <Table.Th aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.accounts.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td ff="monospace">{a.accountNo}</Table.Td>
                  <Table.Td>{t(`customer.accountType.${a.type}`)}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="dot" color={statusColor[a.status]}>
                      {t(`customer.accountStatus.${a.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{a.openedAt ?? '—'}</Table.Td>
                  <Table.Td>{a.closedAt ?? '—'}</Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={t('customer.accounts.editOne', { no: a.accountNo })} onClick={() => setEditing(a)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                        <RemoveButton label={t('customer.accounts.removeOne', { no: a.accountNo })} onConfirm={() => remove(a)} />
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <AccountFormModal customerId={page.customer.id} account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={saved} />}
    </Paper>
  );
}
