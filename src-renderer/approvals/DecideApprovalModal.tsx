import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { ApprovalDto } from '../../src-shared/approvals/approvals.contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { translateError, translateIssue } from '../i18n/translateMessage';
import { showError } from '../i18n/showError';

/**
 * Approve or reject one request, with a note (required to reject). The rules live in main:
 * the maker approving their own request comes back as SELF_APPROVAL and is shown here.
 */
export function DecideApprovalModal({ approval, decision, summary, onClose, onDone }: { approval: ApprovalDto; decision: 'approve' | 'reject'; summary: string; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    setNoteError(null);
    if (decision === 'reject' && !note.trim()) {
      setNoteError(t('approvals.noteRequired'));
      return;
    }
    setBusy(true);
    try {
      if (decision === 'approve') await rpc.call('approvals.approve', { id: approval.id, ...(note.trim() ? { note } : {}) });
      else await rpc.call('approvals.reject', { id: approval.id, note });
      notifications.show({ color: decision === 'approve' ? 'green' : 'gray', message: t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected') });
      onDone();
      onClose();
    } catch (e) {
      if (!(e instanceof RpcCallError)) {
        showError(e);
        return;
      }
      const noteIssue = e.rpc.issues?.find((i) => i.path[0] === 'note');
      if (noteIssue) setNoteError(translateIssue(noteIssue));
      else setError(translateError(e.rpc));
      // A request that failed on approval is settled; the list must show it.
      if (e.code !== 'SELF_APPROVAL' && e.code !== 'VALIDATION') onDone();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t(decision === 'approve' ? 'approvals.approve.title' : 'approvals.reject.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{summary}</Text>
          <Text size="xs" c="dimmed">
            {t('approvals.col.maker')}: {approval.makerName}
          </Text>
          {error && (
            <Alert color="red" role="alert" data-testid="approval-error">
              {error}
            </Alert>
          )}
          <Textarea label={t('approvals.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={noteError} maxLength={200} autosize minRows={2} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={decision === 'approve' ? 'green' : 'red'} loading={busy}>
              {t(decision === 'approve' ? 'approvals.approve' : 'approvals.reject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
