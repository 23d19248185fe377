import { useState } from 'react';
import { ActionIcon, Button, Group, Progress, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileExport, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FileInfo } from '../../src-shared/files/files.contract';
import type { SuitabilityExportView } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { translateMessage } from '../i18n/translateMessage';
import { useFormat } from '../format/useFormat';
import { useCan } from '../session/useCan';
import { useJobProgress } from '../jobs/useJobProgress';
import { saveFile } from '../exports/saveFile';

/**
 * Export one compliance view to .xlsx (suitability.export, a job in the worker): choose where,
 * watch its progress, cancel it; the file is handed over when the job is done. Shown only to
 * those who may export (exports.run).
 */
export function SuitabilityExportButton({ view, branchId }: { view: SuitabilityExportView; branchId: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canExport = useCan('exports.run');
  const [jobId, setJobId] = useState<string | null>(null);
  const [file, setFile] = useState<FileInfo | null>(null);
  const [starting, setStarting] = useState(false);
  const job = useJobProgress(jobId, (j) => {
    setJobId(null);
    if (j.status === 'done' && file) saveFile.deliver(file);
    else if (j.status === 'failed') notifications.show({ color: 'red', title: t('common.error'), message: translateMessage(j.errorCode?.startsWith('error.') ? j.errorCode : `error.${j.errorCode ?? 'INTERNAL'}`) });
    else if (j.status === 'cancelled') notifications.show({ message: t('complianceUi.export.cancelled') });
  });
  if (!canExport) return null;

  const start = async () => {
    setStarting(true);
    try {
      const info = await saveFile.choose(`${t(`complianceUi.export.fileName.${view}`)}_${fmt.date(new Date())}.xlsx`, ['xlsx']);
      if (!info) return;
      setFile(info);
      const r = await rpc.call('suitability.export', { handle: info.handle, format: 'xlsx', view, ...(branchId ? { branchId } : {}) });
      setJobId(r.jobId);
    } catch (e) {
      showError(e);
    } finally {
      setStarting(false);
    }
  };
  const cancel = async () => {
    if (!jobId) return;
    try {
      await rpc.call('jobs.cancel', { id: jobId });
    } catch (e) {
      showError(e);
    }
  };

  if (jobId) {
    const pct = job?.total ? Math.min(100, (job.done / job.total) * 100) : 0;
    return (
      <Group gap="xs" wrap="nowrap" data-testid={`export-${view}-running`}>
        <Text size="xs" c="dimmed">
          {t('complianceUi.export.running', { done: fmt.number(job?.done ?? 0) })}
        </Text>
        <Progress value={pct} w={120} animated />
        <Tooltip label={t('common.cancel')}>
          <ActionIcon variant="subtle" color="gray" aria-label={t('common.cancel')} onClick={() => void cancel()}>
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
    );
  }
  return (
    <Button variant="default" leftSection={<IconFileExport size={16} />} loading={starting} onClick={() => void start()} data-testid={`export-${view}`}>
      {t('complianceUi.export.button')}
    </Button>
  );
}
