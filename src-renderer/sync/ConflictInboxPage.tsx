import { useState } from 'react';
import { Anchor, Badge, Button, EmptyState, Group, SegmentedControl, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowsExchange, IconCheck, IconGitMerge, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ConflictDto, ResolveChoice } from '../../src-shared/sync/sync.contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { showError } from '../i18n/showError';
import { useFormat } from '../format/useFormat';
import { useNavStore } from '../nav/useNavStore';
import { useCan } from '../session/useCan';
import { PageTitle } from '../shell/PageTitle';
import { KeysetListFrame } from '../suitability/KeysetListFrame';
import { useKeysetList } from '../suitability/useKeysetList';
import { ConflictValueModal } from './ConflictValueModal';
import { conflictFieldLabel, conflictValueText, tableLabel } from './conflictValueText';

type View = 'open' | 'resolved';

/** One side of a conflict: the value, then who wrote it and when (from its clock). */
function Side({ table, field, side, strong, testId }: { table: string; field: string; side: ConflictDto['winner']; strong: boolean; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="sm" fw={strong ? 600 : 400} data-testid={testId} style={{ overflowWrap: 'anywhere' }} lineClamp={3}>
        {conflictValueText(table, field, side.value)}
      </Text>
      <Text size="xs" c="dimmed">
        {side.authorName ?? t('syncUi.inbox.unknownAuthor')} · {fmt.dateTime(side.at)}
      </Text>
    </div>
  );
}

/**
 * 冲突 (sync.conflicts): concurrent edits of one field, the value that stands by clock beside
 * the one that lost, who wrote each and when. Keep the current value, take the other, or type
 * a third; the last two are a new edit of the customer that syncs like any other.
 */
export function ConflictInboxPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openCustomer = useNavStore((s) => s.openCustomer);
  const canWrite = useCan('customers.write');
  const [view, setView] = useState<View>('open');
  const [busy, setBusy] = useState<string | null>(null);
  const [typing, setTyping] = useState<ConflictDto | null>(null);
  const list = useKeysetList<ConflictDto>(view, (after) => rpc.call('sync.conflicts.list', { status: view, ...(after ? { after } : {}), limit: 50 }));

  const resolve = async (c: ConflictDto, choice: Exclude<ResolveChoice, 'value'>) => {
    setBusy(`${c.id}:${choice}`);
    try {
      await rpc.call('sync.conflicts.resolve', { id: c.id, choice, ...(choice === 'keep' ? {} : { seen: c.cellClock }) });
      list.reload();
    } catch (e) {
      showError(e);
      // Changed meanwhile: show what stands now.
      if (e instanceof RpcCallError && e.rpc.message === 'error.sync.inbox.changedMeanwhile') list.reload();
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageTitle title={t('syncUi.inbox.title')}>
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v === 'resolved' ? 'resolved' : 'open')}
          data={[
            { value: 'open', label: t('syncUi.inbox.viewOpen') },
            { value: 'resolved', label: t('syncUi.inbox.viewResolved') },
          ]}
        />
      </PageTitle>
      <Text size="sm" c="dimmed" mb="md">
        {t('syncUi.inbox.intro')}
      </Text>
      <KeysetListFrame
        list={list}
        minWidth={1040}
        empty={<EmptyState py={48} icon={<IconGitMerge size={30} stroke={1.5} />} withIndicatorBackground title={t(view === 'open' ? 'syncUi.inbox.emptyOpen' : 'syncUi.inbox.emptyResolved')} description={view === 'open' ? t('syncUi.inbox.emptyOpenHint') : undefined} />}
      >
        <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="conflict-inbox" layout="fixed">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th w="15%">{t('syncUi.inbox.col.record')}</Table.Th>
              <Table.Th w="15%">{t('syncUi.inbox.col.field')}</Table.Th>
              <Table.Th w="19%">{t('syncUi.inbox.col.current')}</Table.Th>
              <Table.Th w="19%">{t('syncUi.inbox.col.other')}</Table.Th>
              <Table.Th w="32%">{view === 'open' ? t('syncUi.inbox.col.actions') : t('syncUi.inbox.col.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((c) => (
              <Table.Tr key={c.id} data-conflict={c.id} data-field={c.field}>
                <Table.Td>
                  {c.customerId ? (
                    <Anchor component="button" size="sm" fw={500} onClick={() => openCustomer(c.customerId!)} style={{ textAlign: 'left' }}>
                      {c.label ?? '—'}
                    </Anchor>
                  ) : (
                    <Text size="sm" fw={500}>
                      {c.label ?? tableLabel(c.table)}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" ff={c.customerNo ? 'monospace' : undefined}>
                    {c.customerNo ?? tableLabel(c.table)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {/* A customer's child record says which kind: a contact's phone is not the customer's. */}
                    {c.table !== 'customers' && c.customerId !== null ? `${tableLabel(c.table)} · ${conflictFieldLabel(c.table, c.field)}` : conflictFieldLabel(c.table, c.field)}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {t('syncUi.inbox.detected', { at: fmt.dateTime(c.detectedAt) })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Side table={c.table} field={c.field} side={c.winner} strong testId="conflict-current" />
                  {c.changedSince && c.status === 'open' && (
                    <Tooltip label={t('syncUi.inbox.changedSinceHint')} multiline w={240} withArrow>
                      <Badge size="xs" color="gray" variant="light" mt={4} maw="100%" tt="none" data-testid="conflict-now">
                        {t('syncUi.inbox.changedSince', { value: conflictValueText(c.table, c.field, c.nowValue) })}
                      </Badge>
                    </Tooltip>
                  )}
                </Table.Td>
                <Table.Td>
                  <Side table={c.table} field={c.field} side={c.loser} strong={false} testId="conflict-other" />
                </Table.Td>
                <Table.Td>
                  {c.status === 'open' ? (
                    <Group gap={6}>
                      <Button size="xs" variant="light" leftSection={<IconCheck size={14} />} loading={busy === `${c.id}:keep`} disabled={busy !== null} onClick={() => void resolve(c, 'keep')}>
                        {t('syncUi.inbox.keep')}
                      </Button>
                      {c.editable && canWrite && (
                        <>
                          <Button size="xs" variant="light" color="orange" leftSection={<IconArrowsExchange size={14} />} loading={busy === `${c.id}:loser`} disabled={busy !== null} onClick={() => void resolve(c, 'loser')}>
                            {t('syncUi.inbox.takeOther')}
                          </Button>
                          <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} disabled={busy !== null} onClick={() => setTyping(c)}>
                            {t('syncUi.inbox.typeValue')}
                          </Button>
                        </>
                      )}
                    </Group>
                  ) : (
                    <Stack gap={2}>
                      <Badge size="sm" variant="light" color={c.status === 'kept' ? 'blue' : 'orange'}>
                        {t(`syncUi.inbox.status.${c.status}`)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {(c.resolvedByName ?? t('syncUi.inbox.unknownAuthor')) + (c.resolvedAt ? ` · ${fmt.dateTime(c.resolvedAt)}` : '')}
                      </Text>
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </KeysetListFrame>
      <ConflictValueModal conflict={typing} onClose={() => setTyping(null)} onResolved={list.reload} />
    </>
  );
}
