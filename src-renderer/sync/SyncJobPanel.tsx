import { useState } from 'react';
import { Alert, CloseButton, Group, List, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { JobRateProgress } from '../imports/JobRateProgress';
import { useFormat } from '../format/useFormat';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { describeSyncJob } from './syncJobResult';
import type { SyncJobState } from './useSyncJob';

const ICONS = { green: IconCircleCheck, blue: IconInfoCircle, red: IconAlertTriangle } as const;

/** The running sync job's progress bar (the import/export one), then how it ended: counts, or the refusal in words. */
export function SyncJobPanel({ state }: { state: SyncJobState }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [cancelling, setCancelling] = useState(false);
  const { run, job, ended } = state;
  if (!run) return null;
  if (!ended) {
    return (
      <JobRateProgress
        jobId={run.jobId}
        job={job}
        title={run.title}
        testId="sync-job-progress"
        cancelling={cancelling}
        onCancel={() => {
          setCancelling(true);
          rpc
            .call('jobs.cancel', { id: run.jobId })
            .catch(showError)
            .finally(() => setCancelling(false));
        }}
      />
    );
  }
  const s = describeSyncJob(run.kind, ended, fmt);
  const Icon = ICONS[s.color];
  return (
    <Alert color={s.color} icon={<Icon size={18} />} data-testid="sync-job-result" data-outcome={s.color === 'red' ? 'refused' : 'ok'}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" data-testid="sync-job-result-title">
            {s.title}
          </Text>
          {s.lines.length > 0 && (
            <List size="sm" mt={4} spacing={2}>
              {s.lines.map((l, i) => (
                <List.Item key={i} style={{ overflowWrap: 'anywhere' }}>
                  {l}
                </List.Item>
              ))}
            </List>
          )}
        </div>
        <CloseButton aria-label={t('common.close')} onClick={state.clear} />
      </Group>
    </Alert>
  );
}
