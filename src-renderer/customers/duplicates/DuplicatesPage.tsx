import { useState } from 'react';
import { Alert, Anchor, Badge, Button, EmptyState, Group, Pagination, Paper, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge, IconCopy, IconScan } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerListRow, DuplicatePairDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { RpcCallError } from '../../platform/RpcCallError';
import { showError } from '../../i18n/showError';
import { translateError } from '../../i18n/translateMessage';
import { useRpcQuery } from '../../data/useRpcQuery';
import { useNavStore } from '../../nav/useNavStore';
import { useJobCancel } from '../../jobs/useJobCancel';
import { useJobProgress, type JobProgress } from '../../jobs/useJobProgress';
import { PageTitle } from '../../shell/PageTitle';
import { useDuplicateScanStore } from './useDuplicateScanStore';
import { ScanProgress } from './ScanProgress';
import { MergeDialog } from './MergeDialog';

type Reason = DuplicatePairDto['reason'];
type Status = DuplicatePairDto['status'];
const REASONS: readonly Reason[] = ['id_no', 'name_birth', 'phone'];
const STATUSES: readonly Status[] = ['open', 'dismissed', 'merged'];
const PAGE = 50;
const reasonColor: Record<Reason, string> = { id_no: 'red', name_birth: 'orange', phone: 'blue' };
const isReason = (v: string): v is Reason => (REASONS as readonly string[]).includes(v);
const isStatus = (v: string | null): v is Status => v !== null && (STATUSES as readonly string[]).includes(v);

/** The duplicate finder: scan the user's scope (a job with progress), review likely pairs by reason, dismiss or merge. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const openCustomer = useNavStore((s) => s.openCustomer);
  const { jobId, setJobId } = useDuplicateScanStore();
  const [reason, setReason] = useState<Reason | 'all'>('all');
  const [status, setStatus] = useState<Status>('open');
  const [pageNo, setPageNo] = useState(1);
  const [ended, setEnded] = useState<JobProgress | null>(null);
  const [starting, setStarting] = useState(false);
  const { cancelling, cancel, settled } = useJobCancel();
  const [merging, setMerging] = useState<DuplicatePairDto | null>(null);
  const list = useRpcQuery('customers.duplicates.list', { ...(reason !== 'all' ? { reason } : {}), status, limit: PAGE, offset: (pageNo - 1) * PAGE });
  const job = useJobProgress(jobId, (j) => {
    setEnded(j);
    settled();
    setJobId(null);
    list.reload();
  });
  const running = jobId !== null;

  const scan = async () => {
    setStarting(true);
    setEnded(null);
    try {
      const r = await rpc.call('customers.duplicates.scan', {});
      setJobId(r.jobId);
    } catch (e) {
      showError(e);
    } finally {
      setStarting(false);
    }
  };
  const dismiss = async (p: DuplicatePairDto) => {
    try {
      await rpc.call('customers.duplicates.dismiss', { aId: p.a.id, bId: p.b.id, reason: p.reason });
      notifications.show({ message: t('customer.dupes.dismissed') });
      list.reload();
    } catch (e) {
      showError(e);
    }
  };

  const who = (c: CustomerListRow) => (
    <Stack gap={0}>
      <Group gap={6} wrap="nowrap">
        <Anchor component="button" size="sm" fw={500} onClick={() => openCustomer(c.id)}>
          {c.name}
        </Anchor>
        <Text size="xs" ff="monospace" c="dimmed">
          {c.customerNo}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" ff="monospace">
        {c.idNo} · {c.phone ?? '—'}
      </Text>
      <Text size="xs" c="dimmed">
        {c.branchName} · {c.managerName ?? t('customer.unassigned')}
      </Text>
    </Stack>
  );

  const pairs = list.data?.pairs ?? [];
  const total = list.data?.total ?? 0;
  return (
    <>
      <PageTitle title={t('customer.dupes.pageTitle')}>
        <Button leftSection={<IconScan size={16} />} loading={starting} disabled={running} onClick={() => void scan()}>
          {t('customer.dupes.scan')}
        </Button>
      </PageTitle>
      {running && job && <ScanProgress job={job} cancelling={cancelling} onCancel={() => cancel(jobId)} />}
      {running && !job && <ScanProgress job={{ status: 'queued', done: 0, total: null, phase: '', result: null, errorCode: null }} cancelling={cancelling} onCancel={() => cancel(jobId)} />}
      {ended && (
        <Alert
          mb="md"
          color={ended.status === 'done' ? 'green' : ended.status === 'cancelled' ? 'gray' : 'red'}
          withCloseButton
          onClose={() => setEnded(null)}
          data-testid="scan-result"
        >
          {ended.status === 'done'
            ? t('customer.dupes.scanDone', {
                idNo: Number(ended.result?.idNo ?? 0),
                nameBirth: Number(ended.result?.nameBirth ?? 0),
                phone: Number(ended.result?.phone ?? 0),
                open: Number(ended.result?.open ?? 0),
              })
            : ended.status === 'cancelled'
              ? t('customer.dupes.scanCancelled')
              : t('customer.dupes.scanFailed')}
        </Alert>
      )}
      <Group mb="md" gap="sm">
        <SegmentedControl
          aria-label={t('customer.dupes.reason')}
          value={reason}
          onChange={(v) => {
            setReason(isReason(v) ? v : 'all');
            setPageNo(1);
          }}
          data={[{ value: 'all', label: t('common.all') }, ...REASONS.map((r) => ({ value: r, label: t(`customer.dupes.reason.${r}`) }))]}
        />
        <Select
          w={140}
          aria-label={t('customer.dupes.status')}
          value={status}
          allowDeselect={false}
          onChange={(v) => {
            if (isStatus(v)) setStatus(v);
            setPageNo(1);
          }}
          data={STATUSES.map((s) => ({ value: s, label: t(`customer.dupes.status.${s}`) }))}
        />
        <Text size="sm" c="dimmed" data-testid="dupes-total">
          {t('customer.dupes.total', { count: total })}
        </Text>
      </Group>
      {list.error && (
        <Alert color="red" mb="md">
          {list.error instanceof RpcCallError ? translateError(list.error.rpc) : t('error.INTERNAL')}
        </Alert>
      )}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={880}>
          <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="dupes-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={170}>{t('customer.dupes.reason')}</Table.Th>
                <Table.Th>{t('customer.dupes.a')}</Table.Th>
                <Table.Th>{t('customer.dupes.b')}</Table.Th>
                <Table.Th aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pairs.map((p) => (
                <Table.Tr key={`${p.a.id}:${p.b.id}:${p.reason}`} data-reason={p.reason}>
                  <Table.Td>
                    <Badge variant="light" color={reasonColor[p.reason]}>
                      {t(`customer.dupes.reason.${p.reason}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{who(p.a)}</Table.Td>
                  <Table.Td>{who(p.b)}</Table.Td>
                  <Table.Td>
                    {p.status === 'open' && (
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" leftSection={<IconArrowMerge size={14} />} onClick={() => setMerging(p)}>
                          {t('customer.dupes.merge')}
                        </Button>
                        <Button size="xs" variant="subtle" color="gray" onClick={() => void dismiss(p)}>
                          {t('customer.dupes.dismiss')}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.data && pairs.length === 0 && (
          <EmptyState py={48} icon={<IconCopy size={30} stroke={1.5} />} withIndicatorBackground title={t('customer.dupes.empty')} description={t('customer.dupes.emptyHint')} />
        )}
      </Paper>
      {total > PAGE && (
        <Group justify="center" mt="md">
          <Pagination total={Math.ceil(total / PAGE)} value={pageNo} onChange={setPageNo} />
        </Group>
      )}
      {merging && <MergeDialog pair={merging} onClose={() => setMerging(null)} onSubmitted={list.reload} />}
    </>
  );
}
