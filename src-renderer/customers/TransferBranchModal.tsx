import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TRANSFER_REASONS } from '../../src-shared/customers/customers.contract';
import { rpc } from '../platform/rpc';
import { callErrorText } from '../i18n/callErrorText';
import { useRpcQuery } from '../data/useRpcQuery';
import { PendingApprovalNotice } from '../approvals/PendingApprovalNotice';
import { useCan } from '../session/useCan';
import { useCanHqData } from '../session/useCanHqData';
import { useSessionStore } from '../session/useSessionStore';

type Reason = (typeof TRANSFER_REASONS)[number];

/** Moving customers between branches is HQ's: at HQ's installation, by HQ's staff (main checks both). */
export function useCanTransfer(): boolean {
  const hqStaff = useSessionStore((s) => s.session?.scope === 'all');
  return useCanHqData('customers.transfer') && hqStaff;
}


/**
 * Move customers to another branch (客户转营业部): the branch, optionally one of its account
 * managers, and why. A four-eyes request to HQ's checkers; the modal then says so.
 */
export function TransferBranchModal({ ids, onClose, onDone }: { ids: string[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const org = useRpcQuery('org.list', {});
  const users = useRpcQuery('users.list', {}, { enabled: useCan('users.read') });
  const [branchId, setBranchId] = useState<string | null>(null);
  const [managerId, setManagerId] = useState<string | null>(null);
  const [reason, setReason] = useState<Reason | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const count = ids.length;

  const run = async () => {
    if (!branchId || !reason) return;
    setBusy(true);
    setError(null);
    try {
      await rpc.call('customers.transferBranch', { ids, branchId, managerId, reason });
      setSent(true);
    } catch (e) {
      setError(callErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={sent ? onDone : onClose} title={t('customers.bulk.transfer')} size="md">
      {sent ? (
        <PendingApprovalNotice title={t('customers.transfer.pendingTitle')} message={t('customers.transfer.pending', { count })} testId="transfer-pending" onClose={onDone} />
      ) : (
        <Stack>
          <Select
            label={t('customers.transfer.branch')}
            data={(org.data ?? []).filter((b) => b.kind === 'branch' && b.status === 'active').map((b) => ({ value: b.id, label: `${b.name} · ${b.code}` }))}
            value={branchId}
            onChange={(v) => {
              setBranchId(v);
              setManagerId(null);
            }}
            searchable
            required
            data-autofocus
          />
          <Select
            label={t('customers.transfer.manager')}
            description={t('customers.transfer.managerHint')}
            data={(users.data ?? []).filter((m) => m.role === 'account_manager' && m.status === 'active' && m.branchId === branchId).map((m) => ({ value: m.id, label: m.displayName }))}
            value={managerId}
            onChange={setManagerId}
            disabled={!branchId}
            searchable
            clearable
          />
          <Select
            label={t('customers.transfer.reason')}
            data={TRANSFER_REASONS.map((r) => ({ value: r, label: t(`transferReason.${r}`) }))}
            value={reason}
            onChange={(v) => setReason(TRANSFER_REASONS.find((r) => r === v) ?? null)}
            required
          />
          <Alert color="blue" data-testid="transfer-confirm">
            {t('customers.transfer.confirm', { count })}
            <Text size="sm" mt={4}>
              {t('customers.transfer.fourEyes')}
            </Text>
          </Alert>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => void run()} loading={busy} disabled={!branchId || !reason}>
              {t('customers.bulk.submitForApproval')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
