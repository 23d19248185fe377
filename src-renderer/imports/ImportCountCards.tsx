import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportCounts } from '../../src-shared/imports/imports.contract';
import { useFormat } from '../format/useFormat';

type CountKey = 'new' | 'update' | 'unchanged' | 'error' | 'dupInFile' | 'dupExisting';
const CARDS: readonly { key: CountKey; color: string }[] = [
  { key: 'new', color: 'teal' },
  { key: 'update', color: 'blue' },
  { key: 'unchanged', color: 'gray' },
  { key: 'error', color: 'red' },
  { key: 'dupInFile', color: 'orange' },
  { key: 'dupExisting', color: 'yellow' },
];

/** A dry run's or an import's counts as cards: what would be (or was) new, updated, unchanged, wrong, duplicated. */
export function ImportCountCards({ counts }: { counts: ImportCounts }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
      {CARDS.map(({ key, color }) => (
        <Paper key={key} withBorder radius="md" p="sm" data-testid={`count-${key}`} style={{ borderTop: `3px solid var(--mantine-color-${color}-filled)` }}>
          <Text size="xs" c="dimmed" truncate title={t(`importUi.count.${key}`)}>
            {t(`importUi.count.${key}`)}
          </Text>
          <Text fz={24} fw={600} lh={1.3} c={counts[key] > 0 && key === 'error' ? 'red' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }} data-value={counts[key]}>
            {fmt.number(counts[key])}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
