import { useState } from 'react';
import { Alert, Button, Group, Loader, Modal, Radio, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { translateError } from '../i18n/translateMessage';
import { showError } from '../i18n/showError';
import { useRpcQuery } from '../data/useRpcQuery';
import type { JobProgress } from '../jobs/useJobProgress';
import { useFormat } from '../format/useFormat';
import { useImportWizardStore, type ApplyMode } from './useImportWizardStore';
import { ImportJobProgress } from './ImportJobProgress';
import { ImportCountCards } from './ImportCountCards';
import { ImportErrorTable } from './ImportErrorTable';
import { downloadErrorReport } from './downloadErrorReport';
import { ImportFailureLines } from './ImportFailureLines';
import { importText } from './importText';
import { importNewRows, importWrites } from '../../src-shared/imports/imports.contract';

/**
 * Step 3: the dry run over the whole file (a job: progress, cancel), then its counts, the
 * first errors, the full error report, and the choice of how to import: everything (refused
 * while any row has an error) or only the valid rows, confirmed with the counts.
 */
export function ImportPreviewStep() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { kind, importId, jobId, mode, setMode, goTo, startApply } = useImportWizardStore();
  const [ended, setEnded] = useState<JobProgress | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const run = useRpcQuery('imports.get', { id: importId ?? '' }, { enabled: importId !== null && jobId === null });

  if (jobId) {
    return <ImportJobProgress jobId={jobId} title={t('importUi.preview.running')} testId="preview-progress" onEnd={setEnded} />;
  }

  const back = (
    <Button variant="default" onClick={() => goTo('mapping')}>
      {t('importUi.preview.backToMapping')}
    </Button>
  );
  if (ended && ended.status === 'cancelled') {
    return (
      <Stack gap="md">
        <Alert color="gray" data-testid="preview-cancelled">
          {t('importUi.preview.cancelled')}
        </Alert>
        <Group>{back}</Group>
      </Stack>
    );
  }
  const r = run.data;
  if (!r || r.id !== importId) {
    if (run.error) {
      return (
        <Stack gap="md">
          <Alert color="red">{run.error instanceof RpcCallError ? translateError(run.error.rpc) : t('error.INTERNAL')}</Alert>
          <Group>{back}</Group>
        </Stack>
      );
    }
    return <Loader size="sm" data-testid="preview-loading" />;
  }
  if (r.status !== 'previewed' || !r.counts) {
    return (
      <Stack gap="md">
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('importUi.preview.failed')} data-testid="preview-failed">
          <Stack gap={2}>
            <ImportFailureLines run={r} ended={ended} />
          </Stack>
        </Alert>
        <Group>{back}</Group>
      </Stack>
    );
  }

  const c = r.counts;
  const shownErrors = r.firstErrors.filter((e) => e.severity === 'error').length;
  const problemsTitle =
    shownErrors < c.error
      ? t('importUi.errors.firstOf', { shown: r.firstErrors.length, total: fmt.number(c.error) })
      : c.error > 0
        ? t('importUi.errors.title', { count: c.error })
        : t('importUi.errors.warningsOnly');
  const writes = importWrites(c);
  const effective: ApplyMode = c.error > 0 ? 'validOnly' : mode;
  const download = async () => {
    setDownloading(true);
    try {
      await downloadErrorReport(r);
    } catch (e) {
      showError(e);
    } finally {
      setDownloading(false);
    }
  };
  const apply = async () => {
    setApplying(true);
    setApplyError(null);
    try {
      const res = await rpc.call('imports.apply', { importId: r.id, mode: effective });
      setConfirming(false);
      startApply(res.jobId);
    } catch (e) {
      setConfirming(false);
      setApplyError(importText.refusal(e));
    } finally {
      setApplying(false);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" data-testid="preview-total">
          {t('importUi.preview.total', { total: fmt.number(c.total), name: r.fileName })}
          {c.skipped > 0 ? t('importUi.preview.skipped', { skipped: fmt.number(c.skipped) }) : ''}
        </Text>
      </Group>
      <ImportCountCards counts={c} />
      {r.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} title={t('importUi.mapping.warnings')} data-testid="preview-warnings">
          <Stack gap={2}>
            {r.warnings.map((w, i) => (
              <Text key={i} size="sm">
                {importText.message(w)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {r.firstErrors.length > 0 && (
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" fw={500}>
              {problemsTitle}
            </Text>
            {r.hasReport && (
              <Button size="xs" variant="light" leftSection={<IconDownload size={14} />} loading={downloading} onClick={() => void download()}>
                {t('importUi.report.download')}
              </Button>
            )}
          </Group>
          <ImportErrorTable kind={kind} errors={r.firstErrors} />
        </Stack>
      )}
      <Radio.Group value={effective} onChange={(v) => setMode(v === 'validOnly' ? 'validOnly' : 'all')} label={t('importUi.apply.modeLabel')}>
        <Stack gap="xs" mt="xs">
          <Radio value="all" label={t('importUi.apply.modeAll')} description={c.error > 0 ? t('importUi.apply.modeAllBlocked', { count: c.error }) : t('importUi.apply.modeAllHint')} disabled={c.error > 0} />
          <Radio value="validOnly" label={t('importUi.apply.modeValidOnly')} description={t('importUi.apply.modeValidOnlyHint')} />
        </Stack>
      </Radio.Group>
      {writes === 0 && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />} data-testid="preview-nothing">
          {t('importUi.apply.nothing')}
        </Alert>
      )}
      {applyError && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="apply-refused">
          {applyError}
        </Alert>
      )}
      <Group justify="space-between">
        {back}
        <Button onClick={() => setConfirming(true)} disabled={writes === 0}>
          {t('importUi.apply.start')}
        </Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('importUi.apply.confirmTitle')} centered>
        <Stack gap="md">
          <Text size="sm" data-testid="apply-confirm-text">
            {t('importUi.apply.confirm', { kind: importText.kind(kind), new: fmt.number(importNewRows(c)), update: fmt.number(c.update) })}
            {effective === 'validOnly' && c.error > 0 ? t('importUi.apply.confirmSkip', { error: fmt.number(c.error) }) : ''}
          </Text>
          <Text size="xs" c="dimmed">
            {t('importUi.apply.confirmHint')}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => void apply()} loading={applying}>
              {t('importUi.apply.confirmButton')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
