import { Center, EmptyState, Paper } from '@mantine/core';
import { IconChartLine } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Assets, commission, trades and holdings come from the trading system's exports: read-only, filled by the import module. */
export function AssetsTab() {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="xl" data-testid="assets-empty">
      <Center mih={220}>
        <EmptyState variant="light" icon={<IconChartLine size={30} stroke={1.5} />} withIndicatorBackground title={t('customer.assets.emptyTitle')} description={t('customer.assets.emptyHint')} />
      </Center>
    </Paper>
  );
}
