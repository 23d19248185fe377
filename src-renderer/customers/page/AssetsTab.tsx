import { Center, EmptyState, Group, Loader, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { IconChartLine } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useRpcQuery } from '../../data/useRpcQuery';
import { useFormat } from '../../format/useFormat';
import { showError } from '../../i18n/showError';

/**
 * Assets, commission and volume, and holdings: facts imported from the trading system's exports
 * (the import module), read-only here. Opening the tab reads sensitive financial information,
 * which the server audits; the tab mounts only when chosen, so a page view alone does not.
 */
export function AssetsTab({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useRpcQuery('customers.trading', { id: customerId });
  if (q.error) showError(q.error);
  if (q.loading || !q.data) {
    return (
      <Center mih={220}>
        <Loader size="sm" />
      </Center>
    );
  }
  const d = q.data;
  if (d.assets.accounts.length === 0 && d.monthly.length === 0 && d.holdings.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl" data-testid="assets-empty">
        <Center mih={220}>
          <EmptyState variant="light" icon={<IconChartLine size={30} stroke={1.5} />} withIndicatorBackground title={t('customer.assets.emptyTitle')} description={t('customer.assets.emptyHint')} />
        </Center>
      </Paper>
    );
  }
  const money = (fen: number | null) => (fen === null ? '—' : fmt.money(fen));
  const stat = (label: string, fen: number) => (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" ff="monospace">
        {money(fen)}
      </Text>
    </Paper>
  );
  return (
    <Paper withBorder radius="md" p="md" data-testid="assets-tab">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('customer.assets.title')}</Text>
        {d.assets.asOf && (
          <Text size="sm" c="dimmed">
            {t('customer.assets.asOf', { date: d.assets.asOf })}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={3} mb="md">
        {stat(t('customer.assets.total'), d.assets.totalFen)}
        {stat(t('customer.assets.marketValue'), d.assets.marketValueFen)}
        {stat(t('customer.assets.cash'), d.assets.cashFen)}
      </SimpleGrid>
      {d.assets.accounts.length > 0 && (
        <Table striped withTableBorder mb="md" data-testid="assets-accounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customer.assets.accountNo')}</Table.Th>
              <Table.Th>{t('customer.assets.date')}</Table.Th>
              <Table.Th ta="right">{t('customer.assets.total')}</Table.Th>
              <Table.Th ta="right">{t('customer.assets.marketValue')}</Table.Th>
              <Table.Th ta="right">{t('customer.assets.cash')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.assets.accounts.map((a) => (
              <Table.Tr key={a.accountNo}>
                <Table.Td ff="monospace">{a.accountNo}</Table.Td>
                <Table.Td>{a.asOf}</Table.Td>
                <Table.Td ta="right" ff="monospace">{money(a.totalFen)}</Table.Td>
                <Table.Td ta="right" ff="monospace">{money(a.marketValueFen)}</Table.Td>
                <Table.Td ta="right" ff="monospace">{money(a.cashFen)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {d.monthly.length > 0 && (
        <>
          <Text fw={600} size="sm" mb={6}>
            {t('customer.assets.monthly')}
          </Text>
          <Table striped withTableBorder mb="md" data-testid="assets-monthly">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.assets.month')}</Table.Th>
                <Table.Th ta="right">{t('customer.assets.commission')}</Table.Th>
                <Table.Th ta="right">{t('customer.assets.volume')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.monthly.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Td>{m.month}</Table.Td>
                  <Table.Td ta="right" ff="monospace">{money(m.commissionFen)}</Table.Td>
                  <Table.Td ta="right" ff="monospace">{money(m.volumeFen)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      {d.holdings.length > 0 && (
        <>
          <Text fw={600} size="sm" mb={6}>
            {t('customer.assets.holdings')}
          </Text>
          <Table striped withTableBorder data-testid="assets-holdings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.assets.product')}</Table.Th>
                <Table.Th>{t('customer.assets.accountNo')}</Table.Th>
                <Table.Th>{t('customer.assets.date')}</Table.Th>
                <Table.Th ta="right">{t('customer.assets.quantity')}</Table.Th>
                <Table.Th ta="right">{t('customer.assets.marketValue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.holdings.map((h) => (
                <Table.Tr key={`${h.accountNo}/${h.productCode}`}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" span>
                      {h.productCode}
                    </Text>{' '}
                    {h.productName ?? ''}
                  </Table.Td>
                  <Table.Td ff="monospace">{h.accountNo}</Table.Td>
                  <Table.Td>{h.asOf}</Table.Td>
                  <Table.Td ta="right" ff="monospace">{fmt.number(h.quantity)}</Table.Td>
                  <Table.Td ta="right" ff="monospace">{money(h.marketValueFen)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}
