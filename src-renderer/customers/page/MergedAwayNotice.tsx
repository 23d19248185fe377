import { Alert, Button, Text } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavStore } from '../../nav/useNavStore';

/**
 * A customer merged away is a tombstone: main answers its page with NOT_FOUND and the survivor's
 * id (only to someone whose scope covers the tombstone). Say so, and link to the survivor.
 */
export function MergedAwayNotice({ survivorId }: { survivorId: string }) {
  const { t } = useTranslation();
  const openCustomer = useNavStore((s) => s.openCustomer);
  return (
    <Alert color="gray" variant="light" icon={<IconArrowMerge size={18} />} title={t('customer.merged.title')} data-testid="merged-banner">
      <Text size="sm" mb="sm">
        {t('customer.merged.body')}
      </Text>
      <Button size="xs" onClick={() => openCustomer(survivorId)}>
        {t('customer.merged.open')}
      </Button>
    </Alert>
  );
}
