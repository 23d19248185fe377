import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconKey, IconRotateClockwise } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../src-shared/sync/sync.contract';
import { useFormat } from '../format/useFormat';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { ConfirmDialog } from './ConfirmDialog';

/** This installation: its role, org unit and node id, its own keys, and (sync.admin) a key rotation. */
export function NodeCard({ node, canAdmin, onChanged }: { node: SyncStatusDto['node']; canAdmin: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [confirm, setConfirm] = useState(false);
  return (
    <Paper withBorder radius="md" p="md" data-testid="sync-node">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={3} size="h5">
          {t('syncUi.node.title')}
        </Title>
        <Badge variant="light" color={node.role === 'hq' ? 'indigo' : 'teal'} data-testid="sync-node-role">
          {t(`syncUi.role.${node.role}`)}
        </Badge>
      </Group>
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed" w={88} style={{ flex: 'none' }}>
            {t('syncUi.node.org')}
          </Text>
          <Text size="sm" fw={500} truncate>
            {node.orgName ?? '—'}
            {node.orgCode && (
              <Text span size="sm" c="dimmed" ff="monospace">
                {' '}
                {node.orgCode}
              </Text>
            )}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed" w={88} style={{ flex: 'none' }}>
            {t('syncUi.node.nodeId')}
          </Text>
          <Text size="sm" ff="monospace" data-testid="sync-node-id">
            {node.nodeId}
          </Text>
        </Group>
      </Stack>
      <Group justify="space-between" mt="md" mb={4} wrap="nowrap">
        <Group gap={6}>
          <IconKey size={16} stroke={1.6} />
          <Text size="sm" fw={600}>
            {t('syncUi.keys.title')}
          </Text>
        </Group>
        {canAdmin && (
          <Button size="xs" variant="default" leftSection={<IconRotateClockwise size={14} />} onClick={() => setConfirm(true)}>
            {t('syncUi.keys.rotate')}
          </Button>
        )}
      </Group>
      <Table verticalSpacing={4} horizontalSpacing="xs" fz="sm" data-testid="sync-own-keys">
        <Table.Tbody>
          {node.keys.map((k) => (
            <Table.Tr key={k.keyId}>
              <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                {k.keyId.slice(0, 12)}
              </Table.Td>
              <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {t('syncUi.keys.created', { date: fmt.date(k.createdAt) })}
              </Table.Td>
              <Table.Td ta="right">
                {k.retiredAt ? (
                  <Badge size="sm" variant="outline" color="gray">
                    {t('syncUi.keys.retired')}
                  </Badge>
                ) : k.signing ? (
                  <Badge size="sm" variant="light" color="green">
                    {t('syncUi.keys.signing')}
                  </Badge>
                ) : (
                  <Badge size="sm" variant="light" color="yellow">
                    {t('syncUi.keys.announced')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {node.keys.length === 0 && (
            <Table.Tr>
              <Table.Td c="dimmed">{t('syncUi.keys.none')}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {node.rotation && (
        <Alert color="yellow" mt="sm" p="xs" data-testid="sync-rotation">
          <Text size="sm">{t('syncUi.keys.rotationPending', { done: node.rotation.peersDone, total: node.rotation.peersTotal, date: fmt.date(node.rotation.startedAt) })}</Text>
        </Alert>
      )}
      <ConfirmDialog
        opened={confirm}
        title={t('syncUi.keys.rotateTitle')}
        confirmLabel={t('syncUi.keys.rotate')}
        color="blue"
        onClose={() => setConfirm(false)}
        onConfirm={async () => {
          try {
            await rpc.call('sync.keys.rotate', {});
            setConfirm(false);
            onChanged();
          } catch (e) {
            showError(e);
          }
        }}
      >
        {t('syncUi.keys.rotateBody')}
      </ConfirmDialog>
    </Paper>
  );
}
