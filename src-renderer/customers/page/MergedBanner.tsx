import { useState } from 'react';
import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerPageDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { showError } from '../../i18n/showError';
import { useCan } from '../../session/useCan';
import { useNavStore } from '../../nav/useNavStore';

/** The merge that made this customer a tombstone, from its timeline (`merge:<id>`; undo needs the id), unless undone. */
function mergeIdOf(page: CustomerPageDto): string | null {
  const e = page.timeline.events.find((x) => x.kind === 'merge' && x.summary.role === 'loser' && x.summary.undone !== 1);
  return e && e.key.startsWith('merge:') ? e.key.slice('merge:'.length) : null;
}

/**
 * A merged-away customer is a tombstone pointing at its survivor: say so, link there, and offer
 * undo while main still allows it (until the merge has gone into a bundle).
 */
export function MergedBanner({ page, onUndone }: { page: CustomerPageDto; onUndone(): void }) {
  const { t } = useTranslation();
  const openCustomer = useNavStore((s) => s.openCustomer);
  const canMerge = useCan('customers.merge');
  const [busy, setBusy] = useState(false);
  const survivor = page.customer.mergedInto;
  if (!survivor) return null;
  const mergeId = mergeIdOf(page);

  const undo = async () => {
    if (!mergeId) return;
    setBusy(true);
    try {
      await rpc.call('customers.unmerge', { mergeId });
      notifications.show({ color: 'green', message: t('customer.merged.undone') });
      onUndone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Alert color="gray" variant="light" icon={<IconArrowMerge size={18} />} mb="md" title={t('customer.merged.title')} data-testid="merged-banner">
      <Text size="sm" mb="xs">
        {t('customer.merged.body')}
      </Text>
      <Group gap="xs">
        <Button size="xs" onClick={() => openCustomer(survivor)}>
          {t('customer.merged.open')}
        </Button>
        {canMerge && mergeId && (
          <Button size="xs" variant="default" leftSection={<IconArrowBackUp size={14} />} loading={busy} onClick={() => void undo()}>
            {t('customer.merged.undo')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
