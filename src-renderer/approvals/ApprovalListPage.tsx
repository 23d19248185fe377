import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SegmentedControl, Table, Text, EmptyState } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecklist } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ApprovalDto } from '../../src-shared/approvals/approvals.contract';
import { rpc } from '../platform/rpc';
import { useRpcQuery } from '../data/useRpcQuery';
import { showError } from '../i18n/showError';
import { translateError } from '../i18n/translateMessage';
import { useSessionStore } from '../session/useSessionStore';
import { useCan } from '../session/useCan';
import { useFormat } from '../format/useFormat';
import { PageTitle } from '../shell/PageTitle';
import { approvalSummary } from './approvalSummary';
import { DecideApprovalModal } from './DecideApprovalModal';

type Filter = 'pending' | 'all';
const statusColor: Record<ApprovalDto['status'], string> = { pending: 'orange', approved: 'green', rejected: 'red', cancelled: 'gray', failed: 'red' };

/** 复核: requests that need a second person, and what became of them. */
export function ApprovalListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSessionStore((s) => s.session?.user.id);
  const canDecide = useCan('approvals.decide');
  const canUsers = useCan('users.read');
  const [filter, setFilter] = useState<Filter>('pending');
  const approvals = useRpcQuery('approvals.list', filter === 'pending' ? { status: 'pending' } : {});
  const users = useRpcQuery('users.list', {}, { enabled: canUsers });
  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.displayName])), [users.data]);
  const [deciding, setDeciding] = useState<{ approval: ApprovalDto; decision: 'approve' | 'reject' } | null>(null);

  const cancel = async (a: ApprovalDto) => {
    try {
      await rpc.call('approvals.cancel', { id: a.id });
      notifications.show({ message: t('approvals.cancelled') });
      approvals.reload();
    } catch (e) {
      showError(e);
    }
  };

  const rows = approvals.data ?? [];
  return (
    <>
      <PageTitle title={t('approvals.title')}>
        <SegmentedControl
          aria-label={t('approvals.filter')}
          value={filter}
          onChange={(v) => setFilter(v === 'all' ? 'all' : 'pending')}
          data={[
            { value: 'pending', label: t('approvalStatus.pending') },
            { value: 'all', label: t('common.all') },
          ]}
        />
      </PageTitle>
      {approvals.error && (
        <Alert color="red" mb="md">
          {translateError(approvals.error.rpc)}
        </Alert>
      )}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="approvals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('approvals.col.request')}</Table.Th>
                <Table.Th>{t('approvals.col.maker')}</Table.Th>
                <Table.Th>{t('approvals.col.createdAt')}</Table.Th>
                <Table.Th>{t('approvals.col.status')}</Table.Th>
                <Table.Th>{t('approvals.col.checker')}</Table.Th>
                <Table.Th aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => {
                const summary = approvalSummary(a, names);
                const own = a.makerId === me;
                return (
                  <Table.Tr key={a.id} data-status={a.status}>
                    <Table.Td>
                      <Text size="sm">{summary}</Text>
                      {a.note && (
                        <Text size="xs" c="dimmed">
                          {t('common.note')}: {a.note}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{a.makerName}</Text>
                        {own && (
                          <Badge size="xs" variant="outline">
                            {t('approvals.ownRequest')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {fmt.dateTime(a.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {/* Never cut short: a long request squeezed "Pending" to "Pendi…" in English. */}
                      <Badge size="sm" variant="light" color={statusColor[a.status]} styles={{ label: { overflow: 'visible' } }}>
                        {t(`approvalStatus.${a.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{a.checkerName ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      {a.status === 'pending' && (
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          {canDecide && (
                            <>
                              <Button size="xs" color="green" variant="light" onClick={() => setDeciding({ approval: a, decision: 'approve' })}>
                                {t('approvals.approve')}
                              </Button>
                              <Button size="xs" color="red" variant="subtle" onClick={() => setDeciding({ approval: a, decision: 'reject' })}>
                                {t('approvals.reject')}
                              </Button>
                            </>
                          )}
                          {own && (
                            <Button size="xs" variant="default" onClick={() => void cancel(a)}>
                              {t('approvals.cancel')}
                            </Button>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {approvals.data && rows.length === 0 && (
          <EmptyState py={48} icon={<IconChecklist size={30} stroke={1.5} />} withIndicatorBackground title={t('approvals.empty')} description={t('approvals.emptyHint')} />
        )}
      </Paper>
      {deciding && (
        <DecideApprovalModal
          approval={deciding.approval}
          decision={deciding.decision}
          summary={approvalSummary(deciding.approval, names)}
          onClose={() => setDeciding(null)}
          onDone={approvals.reload}
        />
      )}
    </>
  );
}
