import { useState } from 'react';
import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerPageDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { showError } from '../../i18n/showError';
import { RpcCallError } from '../../platform/RpcCallError';
import { useCan } from '../../session/useCan';
import { useFormat } from '../../format/useFormat';

/**
 * On a survivor: the merges into it that can still be undone (timeline events `merge:<id>`, not
 * undone, not yet gone out in a bundle: `summary.bundled`), each with undo. A merge that goes out
 * while the page is open is refused by main: the refusal is shown and the page read again.
 */
export function MergeUndoBanner({ page, reload }: { page: CustomerPageDto; reload(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canMerge = useCan('customers.merge');
  const [busy, setBusy] = useState<string | null>(null);
  const merges = page.timeline.events.filter((e) => e.kind === 'merge' && e.summary.role === 'survivor' && e.summary.undone !== 1 && e.summary.bundled !== 1 && e.key.startsWith('merge:'));
  if (!canMerge || merges.length === 0) return null;

  const undo = async (mergeId: string) => {
    setBusy(mergeId);
    try {
      await rpc.call('customers.unmerge', { mergeId });
      notifications.show({ color: 'green', message: t('customer.merged.undone') });
      reload();
    } catch (e) {
      showError(e);
      // Gone out meanwhile: the page, read again, no longer offers it.
      if (e instanceof RpcCallError && e.rpc.message === 'error.customers.mergeBundled') reload();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Alert color="blue" variant="light" icon={<IconArrowMerge size={18} />} mb="md" data-testid="merge-undo-banner">
      {merges.map((e) => {
        const mergeId = e.key.slice('merge:'.length);
        return (
          <Group key={e.key} justify="space-between" gap="sm">
            <Text size="sm">{t('customer.merged.survivor', { at: fmt.dateTime(e.at), by: e.actorName ?? t('common.unknown') })}</Text>
            <Button size="xs" variant="default" leftSection={<IconArrowBackUp size={14} />} loading={busy === mergeId} onClick={() => void undo(mergeId)}>
              {t('customer.merged.undo')}
            </Button>
          </Group>
        );
      })}
    </Alert>
  );
}
