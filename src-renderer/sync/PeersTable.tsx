import { useState } from 'react';
import { ActionIcon, Badge, Button, EmptyState, Group, Menu, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconDots, IconFileExport, IconKeyOff, IconPlugConnectedX, IconTopologyStar3 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SyncKeyDto, SyncPeerDto } from '../../src-shared/sync/sync.contract';
import { useFormat } from '../format/useFormat';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { ConfirmDialog } from './ConfirmDialog';

type Pending = { kind: 'key'; peer: SyncPeerDto; key: SyncKeyDto } | { kind: 'peer'; peer: SyncPeerDto } | null;

export const peerName = (p: SyncPeerDto) => p.orgName ?? p.orgCode ?? p.nodeId;

/**
 * Each peer with the link's figures: last bundle sent (up to which link sequence) and received,
 * what it acknowledged of what we numbered, what waits for it, and days since it was last heard
 * from (warned past the setting). Per row: make its bundle; at HQ (sync.admin) retire a key or the branch.
 */
export function PeersTable({
  peers,
  isHq,
  canExchange,
  canAdmin,
  busy,
  onCreate,
  onChanged,
}: {
  peers: SyncPeerDto[];
  isHq: boolean;
  canExchange: boolean;
  canAdmin: boolean;
  busy: boolean;
  onCreate(peer: SyncPeerDto): void;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [pending, setPending] = useState<Pending>(null);
  const never = t('syncUi.peers.never');

  const retire = async () => {
    if (!pending) return;
    try {
      if (pending.kind === 'key') await rpc.call('sync.peers.retireKey', { keyId: pending.key.keyId });
      else await rpc.call('sync.peers.retire', { nodeId: pending.peer.nodeId });
      setPending(null);
      onChanged();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Group px="md" pt="md" pb="xs" justify="space-between">
        <Title order={3} size="h5">
          {t('syncUi.peers.title')}
        </Title>
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="sync-peers">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('syncUi.peers.col.peer')}</Table.Th>
              <Table.Th>{t('syncUi.peers.col.sent')}</Table.Th>
              <Table.Th>{t('syncUi.peers.col.received')}</Table.Th>
              <Table.Th ta="right">{t('syncUi.peers.col.pending')}</Table.Th>
              <Table.Th>{t('syncUi.peers.col.since')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {peers.map((p) => {
              const active = p.status === 'active';
              const unassigned = p.pendingUnassignedExact ? fmt.number(p.pendingUnassigned) : `≤ ${fmt.number(p.pendingUnassigned)}`;
              return (
                <Table.Tr key={p.nodeId} data-peer={p.orgCode ?? p.nodeId} data-warn={p.warn ? 'true' : 'false'} style={active ? undefined : { opacity: 0.6 }}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                        {peerName(p)}
                      </Text>
                      {p.orgCode && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {p.orgCode}
                        </Text>
                      )}
                    </Group>
                    <Group gap={4} mt={2} wrap="nowrap">
                      <Badge size="xs" variant="light" color={p.role === 'hq' ? 'indigo' : 'teal'}>
                        {t(`syncUi.role.${p.role}`)}
                      </Badge>
                      {!active && (
                        <Badge size="xs" variant="outline" color="gray">
                          {t('syncUi.peers.retired')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{p.lastSentAt ? fmt.dateTime(p.lastSentAt) : never}</Text>
                    {p.lastSentLinkTo !== null && (
                      <Text size="xs" c="dimmed">
                        {t('syncUi.peers.upTo', { seq: fmt.number(p.lastSentLinkTo) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{p.lastReceivedAt ? fmt.dateTime(p.lastReceivedAt) : never}</Text>
                    <Text size="xs" c="dimmed">
                      {t('syncUi.peers.applied', { seq: fmt.number(p.inApplied) })}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    <Text size="sm" fw={500} data-testid="peer-pending">
                      {fmt.number(p.pendingAssigned)}
                    </Text>
                    <Text size="xs" c="dimmed" data-testid="peer-acked">
                      {t('syncUi.peers.acked', { acked: fmt.number(p.outAcked), seq: fmt.number(p.outSeq) })}
                    </Text>
                    <Tooltip label={t(p.pendingUnassignedExact ? 'syncUi.peers.unassignedExact' : 'syncUi.peers.unassignedBound')} multiline w={260} withArrow>
                      <Text size="xs" c="dimmed">
                        {t('syncUi.peers.unassigned', { n: unassigned })}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{t('syncUi.peers.days', { count: p.daysSinceExchange })}</Text>
                      {p.warn && (
                        <Badge color="orange" variant="light" size="sm" leftSection={<IconAlertTriangle size={12} />} data-testid="peer-warn">
                          {t('syncUi.peers.warn')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {canExchange && active && (
                        <Button size="xs" variant="light" leftSection={<IconFileExport size={14} />} disabled={busy} onClick={() => onCreate(p)} style={{ flex: 'none' }}>
                          {t('syncUi.peers.create', { name: peerName(p) })}
                        </Button>
                      )}
                      {isHq && canAdmin && active && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('syncUi.peers.more', { name: peerName(p) })}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Label>{t('syncUi.peers.keys')}</Menu.Label>
                            {p.keys.map((k) => (
                              <Menu.Item key={k.keyId} leftSection={<IconKeyOff size={14} />} disabled={k.retiredAt !== null} onClick={() => setPending({ kind: 'key', peer: p, key: k })}>
                                {t(k.retiredAt ? 'syncUi.peers.keyRetired' : 'syncUi.peers.retireKey', { key: k.keyId.slice(0, 12), date: fmt.date(k.createdAt) })}
                              </Menu.Item>
                            ))}
                            <Menu.Divider />
                            <Menu.Item color="red" leftSection={<IconPlugConnectedX size={14} />} onClick={() => setPending({ kind: 'peer', peer: p })}>
                              {t('syncUi.peers.retire')}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {peers.length === 0 && <EmptyState py={40} icon={<IconTopologyStar3 size={30} stroke={1.5} />} withIndicatorBackground title={t('syncUi.peers.empty')} description={t(isHq ? 'syncUi.peers.emptyHq' : 'syncUi.peers.emptyBranch')} />}
      <ConfirmDialog
        opened={pending !== null}
        title={pending?.kind === 'key' ? t('syncUi.peers.retireKeyTitle') : t('syncUi.peers.retireTitle')}
        confirmLabel={pending?.kind === 'key' ? t('syncUi.peers.retireKeyConfirm') : t('syncUi.peers.retireConfirm')}
        onClose={() => setPending(null)}
        onConfirm={retire}
      >
        {pending?.kind === 'key'
          ? t('syncUi.peers.retireKeyBody', { name: peerName(pending.peer), key: pending.key.keyId.slice(0, 12) })
          : pending
            ? t('syncUi.peers.retireBody', { name: peerName(pending.peer) })
            : ''}
      </ConfirmDialog>
    </Paper>
  );
}
