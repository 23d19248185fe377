import { useState } from 'react';
import { ActionBar, Alert, Anchor, Button, Group, Modal, Select, Stack, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuildingArch, IconHourglass, IconTagMinus, IconTagPlus, IconToggleRight, IconUserShare } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_STATUSES } from '../../../src-shared/customers/customers.contract';
import type { UserDto } from '../../../src-shared/users/users.contract';
import { rpc } from '../../platform/rpc';
import { callErrorText } from '../../i18n/callErrorText';
import { useNavStore } from '../../nav/useNavStore';
import { useCan } from '../../session/useCan';
import { TransferBranchModal, useCanTransfer } from '../TransferBranchModal';

type Action = 'assign' | 'addTag' | 'removeTag' | 'status' | 'transfer';
type Status = (typeof CUSTOMER_STATUSES)[number];

type Props = {
  ids: string[];
  onClear(): void;
  /** Called after a change went through, to reload the list and the count. */
  onDone(): void;
  managers: UserDto[] | null;
  tags: string[];
  /** A tag picker opened: time to fetch the tags in use. */
  onTagsOpen(): void;
};


/** Bulk actions on the selected customers: each behind a confirmation that says how many will change. */
export function CustomerBulkBar({ ids, onClear, onDone, managers, tags, onTagsOpen }: Props) {
  const { t } = useTranslation();
  const canWrite = useCan('customers.write');
  const canAssign = useCan('customers.assign') && managers !== null;
  const canTransfer = useCanTransfer();
  const [action, setAction] = useState<Action | null>(null);
  // A change went through: close, clear the selection, reload.
  const finish = () => {
    setAction(null);
    onClear();
    onDone();
  };

  return (
    <>
      <ActionBar opened={ids.length > 0 && action === null} onClose={onClear} closeOnEscape aria-label={t('customers.bulk.label')} data-testid="bulk-bar">
        <Text size="sm" fw={500} px="xs">
          {t('customers.bulk.selected', { count: ids.length })}
        </Text>
        <ActionBar.Divider />
        {canAssign && (
          <Button variant="subtle" size="compact-sm" leftSection={<IconUserShare size={16} />} onClick={() => setAction('assign')}>
            {t('customers.bulk.assign')}
          </Button>
        )}
        {canTransfer && (
          <Button variant="subtle" size="compact-sm" leftSection={<IconBuildingArch size={16} />} onClick={() => setAction('transfer')}>
            {t('customers.bulk.transfer')}
          </Button>
        )}
        {canWrite && (
          <>
            <Button variant="subtle" size="compact-sm" leftSection={<IconTagPlus size={16} />} onClick={() => {
                onTagsOpen();
                setAction('addTag');
              }}>
              {t('customers.bulk.addTag')}
            </Button>
            <Button variant="subtle" size="compact-sm" leftSection={<IconTagMinus size={16} />} onClick={() => {
                onTagsOpen();
                setAction('removeTag');
              }}>
              {t('customers.bulk.removeTag')}
            </Button>
            <Button variant="subtle" size="compact-sm" leftSection={<IconToggleRight size={16} />} onClick={() => setAction('status')}>
              {t('customers.bulk.status')}
            </Button>
          </>
        )}
        <ActionBar.Divider />
        <ActionBar.CloseButton aria-label={t('customers.bulk.clear')} />
      </ActionBar>
      {action === 'transfer' && <TransferBranchModal ids={ids} onClose={() => setAction(null)} onDone={finish} />}
      {action && action !== 'transfer' && <BulkModal action={action} ids={ids} managers={managers ?? []} tags={tags} onClose={() => setAction(null)} onDone={finish} />}
    </>
  );
}

function BulkModal({ action, ids, managers, tags, onClose, onDone }: { action: Exclude<Action, 'transfer'>; ids: string[]; managers: UserDto[]; tags: string[]; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const go = useNavStore((s) => s.go);
  const [managerId, setManagerId] = useState<string | null>(null);
  const [tagValues, setTagValues] = useState<string[]>([]);
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const count = ids.length;
  const ready = action === 'assign' ? managerId !== null : action === 'status' ? status !== null : tagValues.length > 0;

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      if (action === 'assign' && managerId) {
        await rpc.call('customers.bulkAssign', { ids, managerId });
        notifications.show({
          color: 'blue',
          icon: <IconHourglass size={18} />,
          autoClose: 10000,
          message: (
            <>
              {t('customers.bulk.assignPending', { count })}{' '}
              <Anchor component="button" size="sm" onClick={() => go('approvals')}>
                {t('customers.bulk.openApprovals')}
              </Anchor>
            </>
          ),
        });
      } else {
        const r =
          action === 'status' && status
            ? await rpc.call('customers.bulkStatus', { ids, status })
            : await rpc.call('customers.bulkTags', action === 'addTag' ? { ids, add: tagValues } : { ids, remove: tagValues });
        notifications.show({ color: 'green', message: t('customers.bulk.done', { count: r.updated }) });
      }
      onDone();
    } catch (e) {
      setError(callErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const title = { assign: t('customers.bulk.assign'), addTag: t('customers.bulk.addTag'), removeTag: t('customers.bulk.removeTag'), status: t('customers.bulk.status') }[action];
  const confirm = {
    assign: t('customers.bulk.confirmAssign', { count }),
    addTag: t('customers.bulk.confirmAddTag', { count }),
    removeTag: t('customers.bulk.confirmRemoveTag', { count }),
    status: t('customers.bulk.confirmStatus', { count }),
  }[action];

  return (
    <Modal opened onClose={onClose} title={title} size="md">
      <Stack>
        {action === 'assign' && (
          <Select
            label={t('customers.bulk.newManager')}
            data={managers.filter((m) => m.role === 'account_manager' && m.status === 'active').map((m) => ({ value: m.id, label: `${m.displayName} · ${m.branchName}` }))}
            value={managerId}
            onChange={setManagerId}
            searchable
            data-autofocus
          />
        )}
        {(action === 'addTag' || action === 'removeTag') && (
          <TagsInput
            label={t('customers.bulk.tags')}
            description={action === 'addTag' ? t('customers.bulk.tagsHint') : undefined}
            data={tags}
            value={tagValues}
            onChange={setTagValues}
            maxTags={10}
            acceptValueOnBlur
            data-autofocus
          />
        )}
        {action === 'status' && (
          <Select
            label={t('customers.bulk.newStatus')}
            data={CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customerStatus.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(CUSTOMER_STATUSES.find((s) => s === v) ?? null)}
            data-autofocus
          />
        )}
        <Alert color={action === 'assign' ? 'blue' : 'yellow'} data-testid="bulk-confirm">
          {confirm}
          {action === 'assign' && <Text size="sm" mt={4}>{t('customers.bulk.assignFourEyes')}</Text>}
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
          <Button onClick={() => void run()} loading={busy} disabled={!ready}>
            {action === 'assign' ? t('customers.bulk.submitForApproval') : t('customers.bulk.apply', { count })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
