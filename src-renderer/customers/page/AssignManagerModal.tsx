import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { RpcCallError } from '../../platform/RpcCallError';
import { translateError } from '../../i18n/translateMessage';
import { useRpcQuery } from '../../data/useRpcQuery';

const NONE = 'none';

/** Hand the customer to another account manager of their branch (writes the ownership history). */
export function AssignManagerModal({ customer, onClose, onAssigned }: { customer: CustomerDto; onClose(): void; onAssigned(c: CustomerDto): void }) {
  const { t } = useTranslation();
  const users = useRpcQuery('users.list', { branchId: customer.branchId });
  const [managerId, setManagerId] = useState<string>(customer.managerId ?? NONE);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const managers = (users.data ?? []).filter((u) => u.status === 'active' && (u.role === 'account_manager' || u.role === 'branch_manager'));

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onAssigned(await rpc.call('customers.assign', { id: customer.id, managerId: managerId === NONE ? null : managerId }));
      onClose();
    } catch (e) {
      setError(e instanceof RpcCallError ? translateError(e.rpc) : t('error.INTERNAL'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('customer.assign.title', { name: customer.name })}>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          {t('customer.assign.current', { name: customer.managerName ?? t('customer.unassigned') })}
        </Text>
        <Select
          label={t('customer.assign.to')}
          data-autofocus
          searchable
          allowDeselect={false}
          value={managerId}
          onChange={(v) => setManagerId(v ?? NONE)}
          data={[{ value: NONE, label: t('customer.unassigned') }, ...managers.map((u) => ({ value: u.id, label: `${u.displayName} · ${t(`role.${u.role}`)}` }))]}
        />
        <Text size="xs" c="dimmed">
          {t('customer.assign.hint')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={managerId === (customer.managerId ?? NONE)}>
            {t('customer.assign.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
