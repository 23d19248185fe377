import { Button, Group, Paper, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JobProgress } from '../../jobs/useJobProgress';
import { i18n } from '../../i18n/i18n';

const phaseLabel = (phase: string) => (phase && i18n.exists(`customer.dupes.phase.${phase}`) ? i18n.t(`customer.dupes.phase.${phase}`) : '');

/** The running duplicate finder: a bar with counts, what it is checking now, and cancel. */
export function ScanProgress({ job, onCancel, cancelling }: { job: JobProgress; onCancel(): void; cancelling: boolean }) {
  const { t } = useTranslation();
  const pct = job.total ? Math.min(100, Math.round((job.done / job.total) * 100)) : 0;
  return (
    <Paper withBorder radius="md" p="md" mb="md" data-testid="scan-progress">
      <Group justify="space-between" mb="xs">
        <Text size="sm" fw={500}>
          {t('customer.dupes.scanning')}
          {phaseLabel(job.phase) ? ` · ${phaseLabel(job.phase)}` : ''}
        </Text>
        <Group gap="sm">
          <Text size="sm" c="dimmed" data-testid="scan-counts">
            {job.total ? t('customer.dupes.steps', { done: job.done, total: job.total }) : t('customer.dupes.starting')}
          </Text>
          <Button size="xs" variant="default" color="red" loading={cancelling} onClick={onCancel}>
            {t('customer.dupes.cancel')}
          </Button>
        </Group>
      </Group>
      <Progress value={job.total ? pct : 100} animated striped={!job.total} aria-label={t('customer.dupes.scanning')} />
    </Paper>
  );
}
