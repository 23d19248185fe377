import { useState } from 'react';
import { Anchor, EmptyState, Group, Select, Table, Text } from '@mantine/core';
import { IconListDetails } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { KeysetListFrame } from '../suitability/KeysetListFrame';
import { RECOMMENDATION_KINDS, SUITABILITY_OUTCOMES, type RecommendationDto, type RecommendationKind, type SuitabilityOutcome } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { useFormat } from '../format/useFormat';
import { useNavStore } from '../nav/useNavStore';
import { RiskLevelBadge } from '../products/RiskLevelBadge';
import { useKeysetList } from '../suitability/useKeysetList';
import { OutcomeBadge } from '../suitability/OutcomeBadge';
import { SuitabilityExportButton } from './SuitabilityExportButton';

const isIn = <T extends string>(list: readonly T[], v: string | null): v is T => v !== null && (list as readonly string[]).includes(v);
/** Blocked ones are refused, never recorded: not a filter. */
const RECORDED = SUITABILITY_OUTCOMES.filter((o) => o !== 'blocked');

/** Every recommendation and customer-initiated purchase in scope, with the verdict it was recorded under. */
export function RecommendationsPanel({ branchId }: { branchId: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openCustomer = useNavStore((s) => s.openCustomer);
  const [outcome, setOutcome] = useState<SuitabilityOutcome | null>(null);
  const [kind, setKind] = useState<RecommendationKind | null>(null);
  const filters = { ...(outcome ? { outcome } : {}), ...(kind ? { kind } : {}), ...(branchId ? { branchId } : {}) };
  const list = useKeysetList<RecommendationDto>(JSON.stringify(filters), (after) => rpc.call('recommendations.list', { ...filters, ...(after ? { after } : {}), limit: 50 }));

  return (
    <>
      <Group mb="md" justify="space-between" align="flex-end">
        <Group gap="sm">
          <Select
            aria-label={t('suitUi.recs.col.outcome')}
            placeholder={t('complianceUi.recs.allOutcomes')}
            clearable
            data={RECORDED.map((o) => ({ value: o, label: t(`suitability.outcome.${o}`) }))}
            value={outcome}
            onChange={(v) => setOutcome(isIn(SUITABILITY_OUTCOMES, v) ? v : null)}
            w={180}
          />
          <Select
            aria-label={t('suitUi.recs.col.kind')}
            placeholder={t('complianceUi.recs.allKinds')}
            clearable
            data={RECOMMENDATION_KINDS.map((k) => ({ value: k, label: t(`suitability.recKind.${k}`) }))}
            value={kind}
            onChange={(v) => setKind(isIn(RECOMMENDATION_KINDS, v) ? v : null)}
            w={180}
          />
        </Group>
        <SuitabilityExportButton view="recommendations" branchId={branchId} />
      </Group>
      <KeysetListFrame list={list} minWidth={1000} empty={<EmptyState py={48} icon={<IconListDetails size={30} stroke={1.5} />} withIndicatorBackground title={t('complianceUi.recs.empty')} />}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="all-recommendations">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('suitUi.recs.col.at')}</Table.Th>
              <Table.Th>{t('complianceUi.queue.col.customer')}</Table.Th>
              <Table.Th>{t('suitUi.recs.col.product')}</Table.Th>
              <Table.Th>{t('complianceUi.queue.col.levels')}</Table.Th>
              <Table.Th>{t('suitUi.recs.col.kind')}</Table.Th>
              <Table.Th ta="right">{t('suitUi.recs.col.amount')}</Table.Th>
              <Table.Th>{t('suitUi.recs.col.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((r) => (
              <Table.Tr key={r.id} data-outcome={r.outcome}>
                <Table.Td>
                  <Text size="sm">{fmt.dateTime(r.createdAt)}</Text>
                  <Text size="xs" c="dimmed">
                    {r.createdByName ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor component="button" size="sm" fw={500} onClick={() => openCustomer(r.customerId)}>
                    {r.customerName}
                  </Anchor>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {r.customerNo}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <Text span ff="monospace" size="sm">
                      {r.productCode}
                    </Text>{' '}
                    {r.productName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <RiskLevelBadge level={r.productLevel} />
                    <Text size="xs" c="dimmed">
                      {t('complianceUi.queue.vs')}
                    </Text>
                    {r.category === 'professional' ? (
                      <Text size="xs">{t('customer.badge.professional')}</Text>
                    ) : r.customerLevel ? (
                      <RiskLevelBadge level={r.customerLevel} lowest={r.customerLowest} />
                    ) : (
                      <Text size="sm">—</Text>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`suitability.recKind.${r.kind}`)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{r.amountFen === null ? '—' : fmt.money(r.amountFen)}</Text>
                </Table.Td>
                <Table.Td>
                  <OutcomeBadge outcome={r.outcome} reasons={r.reasons} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </KeysetListFrame>
    </>
  );
}
