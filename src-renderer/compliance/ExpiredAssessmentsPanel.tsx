import { useState } from 'react';
import { Anchor, EmptyState, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { IconCalendarCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { KeysetListFrame } from '../suitability/KeysetListFrame';
import type { MethodOutput } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { useFormat } from '../format/useFormat';
import { useNavStore } from '../nav/useNavStore';
import { RiskLevelBadge } from '../products/RiskLevelBadge';
import { useKeysetList } from '../suitability/useKeysetList';
import { SuitabilityExportButton } from './SuitabilityExportButton';

type Row = MethodOutput<'suitability.expired'>['rows'][number];
const WINDOWS = ['0', '30', '90'] as const;

/** Customers whose assessment has expired (or will within 30/90 days), soonest first: they must be re-assessed before any new recommendation. */
export function ExpiredAssessmentsPanel({ branchId }: { branchId: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openCustomer = useNavStore((s) => s.openCustomer);
  const [within, setWithin] = useState<(typeof WINDOWS)[number]>('0');
  const filters = { withinDays: Number(within), ...(branchId ? { branchId } : {}) };
  const list = useKeysetList<Row>(JSON.stringify(filters), (after) => rpc.call('suitability.expired', { ...filters, ...(after ? { after } : {}), limit: 50 }));
  const today = fmt.date(new Date());

  return (
    <>
      <Group mb="md" justify="space-between">
        <SegmentedControl
          value={within}
          onChange={(v) => setWithin(v === '30' ? '30' : v === '90' ? '90' : '0')}
          data={WINDOWS.map((w) => ({ value: w, label: t(w === '0' ? 'complianceUi.expired.now' : 'complianceUi.expired.within', { n: Number(w) }) }))}
        />
        <SuitabilityExportButton view="expired" branchId={branchId} />
      </Group>
      <KeysetListFrame list={list} empty={<EmptyState py={48} icon={<IconCalendarCheck size={30} stroke={1.5} />} withIndicatorBackground title={t('complianceUi.expired.empty')} />}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="expired-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('complianceUi.queue.col.customer')}</Table.Th>
              <Table.Th>{t('complianceUi.queue.col.branch')}</Table.Th>
              <Table.Th>{t('complianceUi.expired.col.manager')}</Table.Th>
              <Table.Th>{t('customer.field.riskLevel')}</Table.Th>
              <Table.Th>{t('customer.field.riskExpiresAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((r) => (
              <Table.Tr key={r.customerId}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Anchor component="button" size="sm" fw={500} onClick={() => openCustomer(r.customerId)}>
                      {r.customerName}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {r.customerNo}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.branchName}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.managerName ?? t('customer.unassigned')}</Text>
                </Table.Td>
                <Table.Td>{r.riskLevel ? <RiskLevelBadge level={r.riskLevel} /> : '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={r.riskExpiresAt < today ? 'red' : 'orange'}>
                    {r.riskExpiresAt}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </KeysetListFrame>
    </>
  );
}
