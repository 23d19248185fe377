import { useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { RpcCallError } from '../platform/RpcCallError';
import { translateError } from '../i18n/translateMessage';
import { useRpcQuery } from '../data/useRpcQuery';
import type { JobProgress } from '../jobs/useJobProgress';
import { useFormat } from '../format/useFormat';
import { useImportWizardStore } from './useImportWizardStore';
import { ImportJobProgress } from './ImportJobProgress';
import { ImportCountCards } from './ImportCountCards';
import { ImportFailureLines } from './ImportFailureLines';

/**
 * Step 4: the import itself (a job writing in batches: progress, cancel, which takes back what
 * it wrote), then how it ended.
 */
export function ImportApplyStep({ onShowHistory }: { onShowHistory(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { importId, jobId, reset } = useImportWizardStore();
  const [ended, setEnded] = useState<JobProgress | null>(null);
  const run = useRpcQuery('imports.get', { id: importId ?? '' }, { enabled: importId !== null && jobId === null });

  if (jobId) {
    return (
      <Stack gap="xs">
        <ImportJobProgress jobId={jobId} title={t('importUi.apply.running')} testId="apply-progress" onEnd={setEnded} />
        <Text size="xs" c="dimmed">
          {t('importUi.apply.cancelHint')}
        </Text>
      </Stack>
    );
  }

  const r = run.data;
  const actions = (
    <Group gap="sm">
      <Button variant="default" leftSection={<IconHistory size={16} />} onClick={onShowHistory}>
        {t('importUi.apply.toHistory')}
      </Button>
      <Button onClick={reset}>{t('importUi.apply.another')}</Button>
    </Group>
  );
  if (!r || r.id !== importId) {
    if (run.error) return <Alert color="red">{run.error instanceof RpcCallError ? translateError(run.error.rpc) : t('error.INTERNAL')}</Alert>;
    return <Loader size="sm" data-testid="apply-loading" />;
  }
  if (r.status === 'applied' && r.counts) {
    return (
      <Stack gap="md">
        <Alert color="green" icon={<IconCircleCheck size={18} />} title={t('importUi.apply.doneTitle')} data-testid="apply-done">
          {t('importUi.apply.done', { applied: fmt.number(r.counts.applied ?? 0), new: fmt.number(r.counts.new), update: fmt.number(r.counts.update), error: fmt.number(r.counts.error) })}
        </Alert>
        <ImportCountCards counts={r.counts} />
        {actions}
      </Stack>
    );
  }
  if (r.status === 'cancelled' || ended?.status === 'cancelled') {
    return (
      <Stack gap="md">
        <Alert color="gray" data-testid="apply-cancelled">
          {t('importUi.apply.cancelled')}
        </Alert>
        {actions}
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <Alert color="red" title={t('importUi.apply.failed')} data-testid="apply-failed">
        <Stack gap={2}>
          <ImportFailureLines run={r} ended={ended} />
          <Text size="sm">{t('importUi.apply.failedNothing')}</Text>
        </Stack>
      </Alert>
      {actions}
    </Stack>
  );
}
