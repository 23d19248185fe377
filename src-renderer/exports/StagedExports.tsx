import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StagedExportDto } from '../../src-shared/exports/exports.contract';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { useFormat } from '../format/useFormat';
import { saveFile } from './saveFile';

/**
 * The caller's approved unmasked exports not yet saved: each waits in the app's folder until
 * its maker saves it, once, where they choose (exports.staged.save). Shown in the export
 * dialog, where the request was made.
 */
export function StagedExports({ items, fileBase, onSaved }: { items: readonly StagedExportDto[]; fileBase: string; onSaved(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [saving, setSaving] = useState<string | null>(null);
  const open = items.filter((s) => s.status !== 'saved');
  if (open.length === 0) return null;

  const save = async (s: StagedExportDto) => {
    setSaving(s.id);
    try {
      const info = await saveFile.choose(`${fileBase}-${s.createdAt.slice(0, 10).replace(/-/g, '')}.${s.format}`, [s.format]);
      if (!info) return;
      await rpc.call('exports.staged.save', { id: s.id, handle: info.handle });
      saveFile.deliver(info);
      notifications.show({ color: 'green', message: t('exportUi.staged.saved', { name: info.name }) });
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(null);
    }
  };

  return (
    <Paper withBorder radius="md" p="sm" data-testid="export-staged">
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('exportUi.staged.title')}
        </Text>
        {open.map((s) => (
          <Group key={s.id} justify="space-between" wrap="nowrap" data-testid="export-staged-item" data-status={s.status}>
            <Stack gap={0}>
              <Text size="sm">{t('exportUi.staged.item', { at: fmt.dateTime(s.createdAt), approver: s.approverName, format: s.format.toUpperCase() })}</Text>
              {s.rows !== null && (
                <Text size="xs" c="dimmed">
                  {t('exportUi.staged.rows', { rows: fmt.number(s.rows) })}
                </Text>
              )}
            </Stack>
            {s.status === 'ready' ? (
              <Button size="xs" leftSection={<IconDownload size={14} />} loading={saving === s.id} onClick={() => void save(s)}>
                {t('exportUi.staged.save')}
              </Button>
            ) : (
              <Badge color={s.status === 'failed' ? 'red' : 'gray'} variant="light">
                {t(`exportUi.staged.status.${s.status}`)}
              </Badge>
            )}
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          {t('exportUi.staged.hint')}
        </Text>
      </Stack>
    </Paper>
  );
}
