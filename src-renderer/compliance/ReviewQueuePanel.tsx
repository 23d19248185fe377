import { useState } from 'react';
import { Anchor, Badge, Button, EmptyState, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { KeysetListFrame } from '../suitability/KeysetListFrame';
import { REVIEW_REASONS, type ReviewDto, type ReviewReason, type ReviewStatus } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { useFormat } from '../format/useFormat';
import { useNavStore } from '../nav/useNavStore';
import { RiskLevelBadge } from '../products/RiskLevelBadge';
import { useKeysetList } from '../suitability/useKeysetList';
import { ReviewModal } from './ReviewModal';
import { SuitabilityExportButton } from './SuitabilityExportButton';

const reasonColor: Record<ReviewReason, string> = { customer_initiated_mismatch: 'orange', risk_rise_holding: 'red', risk_rise_recommendation: 'grape' };
const isReason = (v: string | null): v is ReviewReason => v !== null && (REVIEW_REASONS as readonly string[]).includes(v);

/**
 * The compliance review queue: customer-initiated mismatches recorded with a signed warning, and
 * holders or open recommendations of a product whose risk level rose. Each is looked at and
 * closed with a note; reviewed items stay listed under "reviewed".
 */
export function ReviewQueuePanel({ branchId }: { branchId: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openCustomer = useNavStore((s) => s.openCustomer);
  const [status, setStatus] = useState<ReviewStatus>('open');
  const [reason, setReason] = useState<ReviewReason | null>(null);
  const [reviewing, setReviewing] = useState<ReviewDto | null>(null);
  const filters = { status, ...(reason ? { reason } : {}), ...(branchId ? { branchId } : {}) };
  const list = useKeysetList<ReviewDto>(JSON.stringify(filters), (after) => rpc.call('compliance.queue', { ...filters, ...(after ? { after } : {}), limit: 50 }));

  const summary = (r: ReviewDto) =>
    t('complianceUi.review.summary', { reason: t(`suitability.reviewReason.${r.reason}`), customer: `${r.customerName}（${r.customerNo}）`, product: r.productCode ? `${r.productCode} ${r.productName ?? ''}` : '—' });

  return (
    <>
      <Group mb="md" gap="sm" align="flex-end" justify="space-between">
        <Group gap="sm" align="flex-end">
          <SegmentedControl
            value={status}
            onChange={(v) => setStatus(v === 'reviewed' ? 'reviewed' : 'open')}
            data={[
              { value: 'open', label: t('suitability.reviewStatus.open') },
              { value: 'reviewed', label: t('suitability.reviewStatus.reviewed') },
            ]}
            data-testid="queue-status"
          />
          <Select
            aria-label={t('complianceUi.queue.reason')}
            placeholder={t('complianceUi.queue.allReasons')}
            clearable
            data={REVIEW_REASONS.map((r) => ({ value: r, label: t(`suitability.reviewReason.${r}`) }))}
            value={reason}
            onChange={(v) => setReason(isReason(v) ? v : null)}
            w={240}
          />
        </Group>
        <SuitabilityExportButton view="reviews" branchId={branchId} />
      </Group>
      <KeysetListFrame list={list} minWidth={1000} empty={<EmptyState py={48} icon={<IconShieldCheck size={30} stroke={1.5} />} withIndicatorBackground title={t(status === 'open' ? 'complianceUi.queue.empty' : 'complianceUi.queue.emptyReviewed')} description={status === 'open' ? t('complianceUi.queue.emptyHint') : undefined} />}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="review-queue">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('complianceUi.queue.col.at')}</Table.Th>
              <Table.Th>{t('complianceUi.queue.col.customer')}</Table.Th>
              <Table.Th>{t('complianceUi.queue.col.reason')}</Table.Th>
              <Table.Th>{t('complianceUi.queue.col.product')}</Table.Th>
              <Table.Th>{t('complianceUi.queue.col.levels')}</Table.Th>
              <Table.Th>{status === 'open' ? t('complianceUi.queue.col.branch') : t('complianceUi.queue.col.reviewed')}</Table.Th>
              <Table.Th aria-label={t('common.actions')} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((r) => (
              <Table.Tr key={r.id} data-reason={r.reason} data-status={r.status}>
                <Table.Td>
                  <Text size="sm">{fmt.dateTime(r.createdAt)}</Text>
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
                  <Badge size="sm" variant="light" color={reasonColor[r.reason]} style={{ minWidth: 'max-content' }}>
                    {t(`suitability.reviewReason.${r.reason}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {r.productCode ? (
                      <>
                        <Text span ff="monospace" size="sm">
                          {r.productCode}
                        </Text>{' '}
                        {r.productName}
                      </>
                    ) : (
                      '—'
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {r.productLevel ? <RiskLevelBadge level={r.productLevel} /> : <Text size="sm">—</Text>}
                    <Text size="xs" c="dimmed">
                      {t('complianceUi.queue.vs')}
                    </Text>
                    {r.customerLevel ? <RiskLevelBadge level={r.customerLevel} /> : <Text size="sm">—</Text>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {r.status === 'open' ? (
                    <Text size="sm">{r.branchName}</Text>
                  ) : (
                    <Stack gap={0}>
                      <Text size="sm">
                        {r.reviewerName ?? '—'} · {r.reviewedAt ? fmt.dateTime(r.reviewedAt) : ''}
                      </Text>
                      {r.note && (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          {r.note}
                        </Text>
                      )}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td>
                  {r.status === 'open' && (
                    <Button size="xs" variant="light" color="green" leftSection={<IconShieldCheck size={14} />} onClick={() => setReviewing(r)}>
                      {t('complianceUi.review.open')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </KeysetListFrame>
      {reviewing && (
        <ReviewModal
          review={reviewing}
          summary={summary(reviewing)}
          onClose={() => setReviewing(null)}
          onDone={() => {
            setReviewing(null);
            notifications.show({ color: 'green', message: t('complianceUi.review.done') });
            list.reload();
          }}
        />
      )}
    </>
  );
}
