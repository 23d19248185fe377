import { Button, Group, Paper, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JobProgress } from '../jobs/useJobProgress';
import { useFormat } from '../format/useFormat';
import { i18n } from '../i18n/i18n';
import { useJobRate } from './useJobRate';

/** What the job is doing now: the engine's own phase label if the catalogue has one, else ours, else nothing. */
function phaseLabel(phase: string): string {
  if (!phase) return '';
  const key = [`import.phase.${phase}`, `importUi.phase.${phase}`].find((k) => i18n.exists(k));
  return key ? i18n.t(key) : '';
}

/** "约 3 分 20 秒" from a count of seconds. */
function timeLeft(seconds: number): string {
  if (seconds < 1) return i18n.t('importUi.progress.lessThanSecond');
  if (seconds < 60) return i18n.t('importUi.progress.seconds', { s: seconds });
  const m = Math.floor(seconds / 60);
  if (m >= 60) return i18n.t('importUi.progress.hours', { h: Math.floor(m / 60), m: m % 60 });
  return i18n.t('importUi.progress.minutes', { m, s: seconds % 60 });
}

/**
 * A running job (a preview, an import, an export, an undo): a bar, rows done out of the total,
 * rows per second and time left, what it is doing now, and cancel.
 */
export function JobRateProgress({
  jobId,
  job,
  title,
  onCancel,
  cancelling,
  testId,
}: {
  jobId: string;
  job: JobProgress | null;
  title: string;
  onCancel?: () => void;
  cancelling?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { rowsPerSecond, secondsLeft } = useJobRate(jobId, job);
  const done = job?.done ?? 0;
  const total = job?.total ?? null;
  const pct = total ? Math.min(100, (done / total) * 100) : 0;
  const phase = phaseLabel(job?.phase ?? '');
  const started = job !== null && job.status === 'running';
  const facts = [
    started ? (total !== null ? t('importUi.progress.rowsOf', { done: fmt.number(done), total: fmt.number(total) }) : t('importUi.progress.rows', { done: fmt.number(done) })) : t('importUi.progress.starting'),
    rowsPerSecond !== null ? t('importUi.progress.rate', { rate: fmt.number(Math.round(rowsPerSecond)) }) : null,
    secondsLeft !== null ? t('importUi.progress.left', { time: timeLeft(secondsLeft) }) : null,
  ].filter((x): x is string => x !== null);
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId ?? 'job-progress'}>
      <Group justify="space-between" mb="xs" wrap="nowrap" gap="sm">
        <Text size="sm" fw={500} style={{ flex: 'none' }}>
          {title}
          {phase ? ` · ${phase}` : ''}
        </Text>
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed" truncate data-testid="job-progress-facts" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {facts.join(' · ')}
          </Text>
          {onCancel && (
            <Button size="xs" variant="default" color="red" loading={cancelling} onClick={onCancel} style={{ flex: 'none' }}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Group>
      <Progress value={total ? pct : 100} animated striped={!total} aria-label={title} transitionDuration={200} />
    </Paper>
  );
}
