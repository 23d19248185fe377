import { useState } from 'react';
import { Alert, Badge, Button, EmptyState, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconEye, IconFilePlus, IconPencil, IconPlayerPlay, IconClipboardList } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireDto, QuestionnaireStatus, QuestionnaireSummaryDto } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { useRpcQuery } from '../data/useRpcQuery';
import { showError } from '../i18n/showError';
import { translateError } from '../i18n/translateMessage';
import { useFormat } from '../format/useFormat';
import { QuestionnaireEditor } from './QuestionnaireEditor';
import { QuestionnaireView } from './QuestionnaireView';
import { blankDefinition } from './blankDefinition';

const statusColor: Record<QuestionnaireStatus, string> = { draft: 'gray', active: 'green', retired: 'dark' };

/** What the editor opens with: an existing draft, or the content of a new one (blank or a copy). */
type Editing = { id: string | null; name: string; definition: QuestionnaireDto['definition'] };

/**
 * Risk questionnaires (HQ, questionnaires.manage): every version, the active one first. A draft is
 * edited freely; an active or retired version is read-only and is changed by copying it into a
 * new draft; activating a draft (after a confirmation) retires the active one.
 */
export function QuestionnairesPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useRpcQuery('questionnaires.list', {});
  const [editing, setEditing] = useState<Editing | null>(null);
  const [viewing, setViewing] = useState<QuestionnaireDto | null>(null);
  const [activating, setActivating] = useState<QuestionnaireSummaryDto | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = async (id: string): Promise<QuestionnaireDto | null> => {
    setBusy(id);
    try {
      return await rpc.call('questionnaires.get', { id });
    } catch (e) {
      showError(e);
      return null;
    } finally {
      setBusy(null);
    }
  };
  const edit = async (q: QuestionnaireSummaryDto) => {
    const full = await load(q.id);
    if (full) setEditing({ id: full.id, name: full.name, definition: full.definition });
  };
  const copy = async (q: QuestionnaireSummaryDto) => {
    const full = await load(q.id);
    if (full) setEditing({ id: null, name: full.name, definition: full.definition });
  };
  const view = async (q: QuestionnaireSummaryDto) => {
    const full = await load(q.id);
    if (full) setViewing(full);
  };
  const activate = async (q: QuestionnaireSummaryDto) => {
    setBusy(q.id);
    try {
      const a = await rpc.call('questionnaires.activate', { id: q.id });
      notifications.show({ color: 'green', message: t('questionnaireUi.activated', { name: a.name, version: a.version }) });
      setActivating(null);
      list.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const rows = [...(list.data ?? [])].sort((a, b) => (a.status === 'active' ? -1 : b.status === 'active' ? 1 : b.version - a.version));
  const active = rows.find((r) => r.status === 'active');
  return (
    <>
      <Group justify="space-between" mb="md">
        <Text size="sm" c="dimmed">
          {active ? t('questionnaireUi.activeNow', { name: active.name, version: active.version }) : t('questionnaireUi.noneActive')}
        </Text>
        <Group gap="xs">
          {active && (
            <Button variant="default" leftSection={<IconCopy size={16} />} loading={busy === active.id} onClick={() => void copy(active)}>
              {t('questionnaireUi.copyActive')}
            </Button>
          )}
          <Button leftSection={<IconFilePlus size={16} />} onClick={() => setEditing({ id: null, name: t('questionnaireUi.defaultName'), definition: blankDefinition() })}>
            {t('questionnaireUi.newDraft')}
          </Button>
        </Group>
      </Group>
      {list.error && (
        <Alert color="red" mb="md">
          {translateError(list.error.rpc)}
        </Alert>
      )}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="questionnaires-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('questionnaireUi.col.name')}</Table.Th>
              <Table.Th>{t('questionnaireUi.col.version')}</Table.Th>
              <Table.Th>{t('questionnaireUi.col.status')}</Table.Th>
              <Table.Th ta="right">{t('questionnaireUi.col.questions')}</Table.Th>
              <Table.Th>{t('questionnaireUi.col.createdAt')}</Table.Th>
              <Table.Th>{t('questionnaireUi.col.activatedAt')}</Table.Th>
              <Table.Th aria-label={t('common.actions')} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((q) => (
              <Table.Tr key={q.id} data-status={q.status}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {q.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">v{q.version}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={statusColor[q.status]}>
                    {t(`suitability.questionnaireStatus.${q.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{fmt.number(q.questionCount)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {fmt.dateTime(q.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {q.activatedAt ? fmt.dateTime(q.activatedAt) : '—'}
                    {q.retiredAt ? ` ~ ${fmt.dateTime(q.retiredAt)}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    {q.status === 'draft' ? (
                      <>
                        <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} loading={busy === q.id} onClick={() => void edit(q)}>
                          {t('questionnaireUi.edit')}
                        </Button>
                        <Button size="xs" color="green" leftSection={<IconPlayerPlay size={14} />} onClick={() => setActivating(q)}>
                          {t('questionnaireUi.activate')}
                        </Button>
                      </>
                    ) : (
                      <>
                        <Button size="xs" variant="subtle" leftSection={<IconEye size={14} />} loading={busy === q.id} onClick={() => void view(q)}>
                          {t('questionnaireUi.view')}
                        </Button>
                        <Button size="xs" variant="default" leftSection={<IconCopy size={14} />} onClick={() => void copy(q)}>
                          {t('questionnaireUi.copy')}
                        </Button>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.data && rows.length === 0 && (
          <EmptyState py={48} icon={<IconClipboardList size={30} stroke={1.5} />} withIndicatorBackground title={t('questionnaireUi.empty')} description={t('questionnaireUi.emptyHint')} />
        )}
      </Paper>
      {editing && (
        <QuestionnaireEditor
          initial={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      {viewing && (
        <Modal opened onClose={() => setViewing(null)} size="xl" title={t('questionnaireUi.viewTitle', { name: viewing.name, version: viewing.version })}>
          <QuestionnaireView definition={viewing.definition} />
        </Modal>
      )}
      {activating && (
        <Modal opened onClose={() => setActivating(null)} title={t('questionnaireUi.activateTitle')} data-testid="activate-confirm">
          <Stack>
            <Text size="sm">{t('questionnaireUi.activateBody', { name: activating.name, version: activating.version })}</Text>
            {active && (
              <Alert color="orange">{t('questionnaireUi.activateRetires', { name: active.name, version: active.version })}</Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setActivating(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="green" loading={busy === activating.id} onClick={() => void activate(activating)}>
                {t('questionnaireUi.activateConfirm')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}
