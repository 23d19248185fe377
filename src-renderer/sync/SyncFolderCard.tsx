import { useState } from 'react';
import { Alert, Button, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { SYNC_FOLDER_PATH_MAX, type SyncFolderDto } from '../../src-shared/sync/sync.contract';
import { useRpcQuery } from '../data/useRpcQuery';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { translateError, translateIssue } from '../i18n/translateMessage';

/**
 * Shared-folder mode (sync.exchange): the folder the watch receives bundles from, as the user who
 * saved it, and where "put in the shared folder" writes them. Main checks the folder (absolute,
 * there, a folder, writable) and says which of those failed, under the field.
 */
export function SyncFolderCard({ onChanged }: { onChanged(): void }) {
  const folder = useRpcQuery('sync.folder.get', {});
  return folder.data ? <FolderForm key={folder.data.path ?? ''} folder={folder.data} onChanged={() => (folder.reload(), onChanged())} /> : null;
}

function FolderForm({ folder, onChanged }: { folder: SyncFolderDto; onChanged(): void }) {
  const { t } = useTranslation();
  const [path, setPath] = useState(folder.path ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const trimmed = path.trim();

  const save = async (next: string | null) => {
    setSaving(true);
    setError(null);
    try {
      await rpc.call('sync.folder.set', { path: next });
      notifications.show({ color: 'green', message: t(next === null ? 'syncUi.folder.turnedOff' : 'syncUi.folder.saved') });
      onChanged();
    } catch (e) {
      setError(e instanceof RpcCallError ? (e.rpc.issues?.[0] ? translateIssue(e.rpc.issues[0]) : translateError(e.rpc)) : t('error.INTERNAL'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="sync-folder">
      <Title order={3} size="h5" mb={4}>
        {t('syncUi.folder.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('syncUi.folder.hint')}
      </Text>
      {folder.path !== null && !folder.receiving && (
        <Alert color="orange" mb="sm" data-testid="sync-folder-not-receiving">
          {t('syncUi.folder.notReceiving', { name: folder.setBy ?? '—' })}
        </Alert>
      )}
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <TextInput
          label={t('syncUi.folder.path')}
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          error={error}
          maxLength={SYNC_FOLDER_PATH_MAX}
          style={{ flex: 1 }}
          size="sm"
          data-testid="sync-folder-path"
        />
        <Button size="sm" mt={25} variant="default" disabled={trimmed === '' || trimmed === folder.path} loading={saving} onClick={() => void save(trimmed)}>
          {t('common.save')}
        </Button>
        {folder.path !== null && (
          <Button size="sm" mt={25} variant="subtle" color="red" disabled={saving} onClick={() => void save(null)}>
            {t('syncUi.folder.turnOff')}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" mt={6} data-testid="sync-folder-state">
        {folder.path === null ? t('syncUi.folder.off') : folder.receiving ? t('syncUi.folder.on', { name: folder.setBy ?? '—' }) : null}
      </Text>
    </Paper>
  );
}
