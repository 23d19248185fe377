import { useEffect, useState } from 'react';
import { Alert, Badge, Button, EmptyState, Group, Modal, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconDownload, IconFileImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ImportRunDto, ImportStatus } from '../../src-shared/imports/imports.contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { translateError, translateMessage } from '../i18n/translateMessage';
import { showError } from '../i18n/showError';
import { useRpcQuery } from '../data/useRpcQuery';
import { useJobProgress } from '../jobs/useJobProgress';
import { useFormat } from '../format/useFormat';
import { JobRateProgress } from './JobRateProgress';
import { downloadErrorReport } from './downloadErrorReport';
import { importText } from './importText';

const PAGE = 50;
const statusColor: Record<ImportStatus, string> = {
  previewing: 'blue',
  previewed: 'cyan',
  applying: 'blue',
  applied: 'green',
  cancelled: 'gray',
  failed: 'red',
  undoing: 'orange',
  undone: 'gray',
};

/**
 * Who imported what, when: file name and short hash, counts, status; the error report of each
 * run, and undo of a whole import while nothing newer touched its rows (confirmed; a job).
 */
export function ImportHistory() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const first = useRpcQuery('imports.list', { limit: PAGE });
  const [more, setMore] = useState<ImportRunDto[]>([]);
  const [exhausted, setExhausted] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [undoing, setUndoing] = useState<ImportRunDto | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [undoStarting, setUndoStarting] = useState(false);
  const [undoJob, setUndoJob] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const job = useJobProgress(undoJob, (j) => {
    setUndoJob(null);
    const kept = Number((j.result as { kept?: number } | null)?.kept ?? 0);
    const refused = j.status === 'done' ? (j.result as { status?: string; key?: string; count?: number } | null) : null;
    if (refused?.status === 'refused' && refused.key) notifications.show({ color: 'red', message: translateMessage(refused.key, { count: Number(refused.count ?? 0) }) });
    else if (j.status === 'done') notifications.show({ color: kept > 0 ? 'orange' : 'green', message: kept > 0 ? t('importUi.undo.doneKept', { kept: fmt.number(kept) }) : t('importUi.undo.done') });
    else if (j.status === 'failed') notifications.show({ color: 'red', message: importText.jobFailure(j) });
    reload();
  });

  // A reload starts again from the newest page.
  useEffect(() => {
    setMore([]);
    setExhausted(false);
  }, [first.data]);

  const reload = () => first.reload();
  const rows = [...(first.data?.rows ?? []), ...more];
  const hasMore = !exhausted && (first.data?.rows.length ?? 0) === PAGE;

  const loadMore = async () => {
    const last = rows[rows.length - 1];
    if (!last) return;
    setLoadingMore(true);
    try {
      const r = await rpc.call('imports.list', { limit: PAGE, before: last.id });
      setMore((m) => [...m, ...r.rows]);
      if (r.rows.length < PAGE) setExhausted(true);
    } catch (e) {
      showError(e);
    } finally {
      setLoadingMore(false);
    }
  };
  const download = async (run: ImportRunDto) => {
    setDownloading(run.id);
    try {
      await downloadErrorReport(run);
    } catch (e) {
      showError(e);
    } finally {
      setDownloading(null);
    }
  };
  const undo = async () => {
    if (!undoing) return;
    setUndoStarting(true);
    setUndoError(null);
    try {
      const r = await rpc.call('imports.undo', { id: undoing.id });
      setUndoing(null);
      setUndoJob(r.jobId);
    } catch (e) {
      setUndoError(importText.refusal(e));
    } finally {
      setUndoStarting(false);
    }
  };

  return (
    <Stack gap="md">
      {undoJob && <JobRateProgress jobId={undoJob} job={job} title={t('importUi.undo.running')} testId="undo-progress" />}
      {first.error && <Alert color="red">{first.error instanceof RpcCallError ? translateError(first.error.rpc) : t('error.INTERNAL')}</Alert>}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={980}>
          <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="import-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={160}>{t('importUi.history.when')}</Table.Th>
                <Table.Th w={110}>{t('importUi.history.who')}</Table.Th>
                <Table.Th w={130}>{t('importUi.history.kind')}</Table.Th>
                <Table.Th>{t('importUi.history.file')}</Table.Th>
                <Table.Th w={210}>{t('importUi.history.counts')}</Table.Th>
                <Table.Th w={96}>{t('importUi.history.status')}</Table.Th>
                <Table.Th w={150} aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const c = r.counts;
                return (
                  <Table.Tr key={r.id} data-import-id={r.id} data-status={r.status}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                        {fmt.dateTime(r.appliedAt ?? r.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate>
                        {r.userName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{importText.kind(r.kind)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500} truncate title={r.fileName}>
                        {r.fileName}
                      </Text>
                      <Tooltip label={t('importUi.history.hash', { hash: r.fileSha256 })} withinPortal>
                        <Text size="xs" c="dimmed" ff="monospace" span>
                          {r.fileSha256.slice(0, 12)} · {r.format.toUpperCase()} · {t('importUi.source.size', { size: fmt.number(Math.max(1, Math.round(r.fileSize / 1024))) })}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      {c ? (
                        <>
                          <Text size="xs" style={{ fontVariantNumeric: 'tabular-nums' }}>
                            {t('importUi.history.countsLine', { new: fmt.number(c.new), update: fmt.number(c.update), error: fmt.number(c.error) })}
                          </Text>
                          {c.applied !== null && (
                            <Text size="xs" c="dimmed">
                              {t('importUi.history.applied', { applied: fmt.number(c.applied) })}
                            </Text>
                          )}
                          {r.undo !== null && r.status !== 'undone' && (
                            <Text size="xs" c="dimmed" data-testid="undo-done">
                              {t('importUi.history.undoDone', { done: fmt.number(r.undo.done) })}
                            </Text>
                          )}
                          {r.undo !== null && r.undo.kept > 0 && (
                            <Text size="xs" c="orange" data-testid="undo-kept">
                              {t('importUi.history.undoKept', { kept: fmt.number(r.undo.kept) })}
                            </Text>
                          )}
                        </>
                      ) : (
                        <Text size="xs" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={r.failure ? importText.message(r.failure) : ''} disabled={!r.failure} withinPortal multiline maw={360}>
                        <Badge size="sm" variant="light" color={statusColor[r.status]}>
                          {t(`importUi.status.${r.status}`)}
                        </Badge>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {r.hasReport && (
                          <Tooltip label={t('importUi.report.download')} withinPortal>
                            <Button size="compact-xs" variant="subtle" aria-label={t('importUi.report.download')} loading={downloading === r.id} onClick={() => void download(r)}>
                              <IconDownload size={16} />
                            </Button>
                          </Tooltip>
                        )}
                        {r.undoable && (
                          <Button
                            size="compact-xs"
                            variant="light"
                            color="orange"
                            leftSection={<IconArrowBackUp size={14} />}
                            disabled={undoJob !== null}
                            onClick={() => {
                              setUndoError(null);
                              setUndoing(r);
                            }}
                          >
                            {t('importUi.undo.button')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {first.data && rows.length === 0 && (
          <EmptyState py={48} icon={<IconFileImport size={30} stroke={1.5} />} withIndicatorBackground title={t('importUi.history.empty')} description={t('importUi.history.emptyHint')} />
        )}
      </Paper>
      {hasMore && (
        <Group justify="center">
          <Button variant="default" loading={loadingMore} onClick={() => void loadMore()}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
      <Modal opened={undoing !== null} onClose={() => setUndoing(null)} title={t('importUi.undo.title')} centered>
        {undoing && (
          <Stack gap="md">
            <Text size="sm" data-testid="undo-confirm-text">
              {t('importUi.undo.confirm', {
                name: undoing.fileName,
                when: fmt.dateTime(undoing.appliedAt ?? undoing.createdAt),
                new: fmt.number(undoing.counts?.new ?? 0),
                update: fmt.number(undoing.counts?.update ?? 0),
              })}
            </Text>
            {undoError && (
              <Alert color="red" data-testid="undo-refused">
                {undoError}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setUndoing(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="orange" loading={undoStarting} onClick={() => void undo()}>
                {t('importUi.undo.confirmButton')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
