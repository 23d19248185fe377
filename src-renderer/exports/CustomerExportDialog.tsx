import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { IconAlertTriangle, IconChecklist, IconCircleCheck, IconLock } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_EXPORT_COLUMNS, type CustomerExportColumn, type ExportFormat } from '../../src-shared/exports/exports.contract';
import type { FileInfo } from '../../src-shared/files/files.contract';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { useRpcQuery } from '../data/useRpcQuery';
import { useJobCancel } from '../jobs/useJobCancel';
import { useJobProgress, type JobProgress } from '../jobs/useJobProgress';
import { useFormat } from '../format/useFormat';
import { useCan } from '../session/useCan';
import { useCustomerListStore } from '../customers/list/useCustomerListStore';
import { JobRateProgress } from '../imports/JobRateProgress';
import { importText } from '../imports/importText';
import { saveFile } from './saveFile';
import { exportColumnsFromList } from '../../src-shared/exports/list-columns';
import { describeCustomerQuery } from './describeCustomerQuery';
import { StagedExports } from './StagedExports';

export type NamedBranch = { id: string; name: string };
export type NamedManager = { id: string; displayName: string };

/** `客户列表-20250105-1030.xlsx`, in Shanghai time like every business date. */
function suggestedName(format: ExportFormat, now: Date, base: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((x) => [x.type, x.value]),
  );
  return `${base}-${p.year}${p.month}${p.day}-${p.hour}${p.minute}.${format}`;
}

/**
 * Export the customer list as the person sees it: the same search, filters and sort, the
 * visible columns by default (changeable), masked personal data unless their role may export
 * it unmasked and they ask for it. Runs as a job with progress and cancel; the dialog may be
 * closed meanwhile and the file is handed over when it is written.
 */
export function CustomerExportDialog({
  opened,
  onClose,
  branches,
  managers,
}: {
  opened: boolean;
  onClose(): void;
  branches: readonly NamedBranch[] | null;
  managers: readonly NamedManager[] | null;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canUnmasked = useCan('exports.unmasked');
  const { q, filter, sort, columns: listColumns } = useCustomerListStore();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [columns, setColumns] = useState<CustomerExportColumn[]>(() => exportColumnsFromList(listColumns));
  const [unmasked, setUnmasked] = useState(false);
  const [starting, setStarting] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [target, setTarget] = useState<FileInfo | null>(null);
  const [ended, setEnded] = useState<JobProgress | null>(null);
  const { cancelling, cancel, settled } = useJobCancel();
  const count = useRpcQuery('customers.count', { ...(q.trim() ? { q: q.trim() } : {}), filter }, { enabled: opened });
  // Approved unmasked exports waiting for this user to save them (four-eyes).
  const staged = useRpcQuery('exports.staged.list', {}, { enabled: opened && canUnmasked });
  const [submitted, setSubmitted] = useState(false);
  // One being made after its approval: looked at again until it is ready.
  const making = opened && (staged.data ?? []).some((x) => x.status === 'running');
  useEffect(() => {
    if (!making) return;
    const h = setInterval(() => staged.reload(), 2000);
    return () => clearInterval(h);
  }, [making]);

  // Each opening starts from the list's visible columns and masked data.
  useEffect(() => {
    if (!opened || jobId) return;
    setColumns(exportColumnsFromList(listColumns));
    setUnmasked(false);
    setEnded(null);
    setSubmitted(false);
  }, [opened]);

  const job = useJobProgress(jobId, (j) => {
    setEnded(j);
    setJobId(null);
    settled();
    if (j.status === 'done' && target) saveFile.deliver(target);
    if (!opened) {
      // Closed while it ran: say how it ended.
      if (j.status === 'done') notifications.show({ color: 'green', message: t('exportUi.done', { rows: fmt.number(Number(j.result?.rows ?? 0)), name: target?.name ?? '' }) });
      else if (j.status === 'failed') notifications.show({ color: 'red', message: importText.jobFailure(j) });
    }
  });

  const names = useMemo(
    () => ({ branches: new Map((branches ?? []).map((b) => [b.id, b.name])), managers: new Map((managers ?? []).map((m) => [m.id, m.displayName])) }),
    [branches, managers],
  );
  const described = describeCustomerQuery(q, filter, sort, names, fmt);
  const countText = count.data ? (count.data.capped ? t('customers.count.capped', { n: fmt.number(count.data.count) }) : t('customers.count', { n: fmt.number(count.data.count) })) : '…';

  /** Unmasked: no file yet; the request goes for 复核, and the file is saved from here once approved. */
  const submit = async () => {
    setStarting(true);
    try {
      await rpc.call('exports.customersUnmasked', {
        format,
        ...(q.trim() ? { q: q.trim() } : {}),
        filter,
        sort: { field: sort.field, dir: sort.dir },
        columns: CUSTOMER_EXPORT_COLUMNS.filter((c) => columns.includes(c)),
      });
      setSubmitted(true);
      setUnmasked(false);
    } catch (e) {
      showError(e);
    } finally {
      setStarting(false);
    }
  };

  const start = async () => {
    if (canUnmasked && unmasked) return submit();
    setStarting(true);
    setEnded(null);
    setSubmitted(false);
    try {
      const info = await saveFile.choose(suggestedName(format, new Date(), t('exportUi.customers.fileBase')), [format]);
      if (!info) return;
      const r = await rpc.call('exports.customers', {
        handle: info.handle,
        format,
        ...(q.trim() ? { q: q.trim() } : {}),
        filter,
        sort: { field: sort.field, dir: sort.dir },
        columns: CUSTOMER_EXPORT_COLUMNS.filter((c) => columns.includes(c)),
        unmasked: false,
      });
      setTarget(info);
      setJobId(r.jobId);
    } catch (e) {
      showError(e);
    } finally {
      setStarting(false);
    }
  };

  const running = jobId !== null;
  return (
    <Modal opened={opened} onClose={onClose} title={t('exportUi.customers.title')} size="lg" centered>
      <Stack gap="md" data-testid="export-dialog">
        {canUnmasked && staged.data && <StagedExports items={staged.data} fileBase={t('exportUi.customers.fileBase')} onSaved={staged.reload} />}
        <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)" data-testid="export-scope">
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={500}>
                {t('exportUi.customers.what')}
              </Text>
              <Text size="sm" fw={600} data-testid="export-count">
                {countText}
              </Text>
            </Group>
            {described.search && (
              <Text size="sm">
                {t('exportUi.search', { q: described.search })}
                {count.data?.capped ? ` ${t('exportUi.searchCapped')}` : ''}
              </Text>
            )}
            <Text size="sm" data-testid="export-filters">
              {described.filters.length ? t('exportUi.filters', { filters: described.filters.join('；') }) : t('exportUi.noFilters')}
            </Text>
            <Text size="sm">{described.sort}</Text>
          </Stack>
        </Paper>
        <Group gap="md" align="flex-end">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('exportUi.format')}
            </Text>
            <SegmentedControl
              value={format}
              onChange={(v) => setFormat(v === 'csv' ? 'csv' : 'xlsx')}
              disabled={running}
              data={[
                { value: 'xlsx', label: t('exportUi.format.xlsx') },
                { value: 'csv', label: t('exportUi.format.csv') },
              ]}
            />
          </Stack>
        </Group>
        <Checkbox.Group
          label={t('exportUi.columns')}
          description={t('exportUi.columnsHint')}
          value={columns}
          onChange={(v) => setColumns(CUSTOMER_EXPORT_COLUMNS.filter((c) => v.includes(c)))}
          error={columns.length === 0 ? t('exportUi.columnsNone') : undefined}
        >
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing={8} mt="xs" data-testid="export-columns">
            {CUSTOMER_EXPORT_COLUMNS.map((c) => (
              <Checkbox key={c} value={c} label={t(`exports.customers.col.${c}`)} disabled={running} size="sm" />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {canUnmasked ? (
          <Switch
            checked={unmasked}
            onChange={(e) => setUnmasked(e.currentTarget.checked)}
            disabled={running}
            label={t('exportUi.unmasked')}
            description={t('exportUi.unmaskedHint')}
            color="red"
          />
        ) : (
          <Group gap={6} wrap="nowrap">
            <IconLock size={14} style={{ flex: 'none' }} />
            <Text size="xs" c="dimmed">
              {t('exportUi.maskedOnly')}
            </Text>
          </Group>
        )}
        {format === 'csv' && unmasked && canUnmasked && columns.some((c) => c === 'idNo' || c === 'phone') && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="export-csv-numbers">
            {t('exportUi.csvNumbers')}
          </Alert>
        )}
        {running && <JobRateProgress jobId={jobId} job={job} title={t('exportUi.running')} onCancel={() => cancel(jobId)} cancelling={cancelling} testId="export-progress" />}
        {ended?.status === 'done' && (
          <Alert color="green" icon={<IconCircleCheck size={18} />} data-testid="export-done">
            {t('exportUi.done', { rows: fmt.number(Number(ended.result?.rows ?? 0)), name: target?.name ?? '' })}
          </Alert>
        )}
        {submitted && (
          <Alert color="violet" icon={<IconChecklist size={18} />} title={t('exportUi.submitted.title')} data-testid="export-submitted">
            {t('exportUi.submitted.body')}
          </Alert>
        )}
        {ended?.status === 'cancelled' && (
          <Alert color="gray" data-testid="export-cancelled">
            {t('exportUi.cancelled')}
          </Alert>
        )}
        {ended?.status === 'failed' && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="export-failed">
            {importText.jobFailure(ended)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {running ? t('exportUi.background') : t('common.close')}
          </Button>
          <Button onClick={() => void start()} loading={starting} disabled={running || columns.length === 0}>
            {canUnmasked && unmasked ? t('exportUi.submit') : t('exportUi.start')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
