import { useState } from 'react';
import { Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconCheck, IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../src-shared/contract';
import type { SavedViewDto } from '../../../src-shared/views/views.contract';
import { rpc } from '../../platform/rpc';
import { useRpcQuery } from '../../data/useRpcQuery';
import { RpcCallError } from '../../platform/RpcCallError';
import { translateError, translateIssue } from '../../i18n/translateMessage';
import { showError } from '../../i18n/showError';
import { parseViewState } from './parseViewState';
import { useCustomerListStore, type CustomerViewState } from './useCustomerListStore';

const sameState = (a: CustomerViewState, b: CustomerViewState) => JSON.stringify(a) === JSON.stringify(b);

/** Saved named views (filters, sort, columns) per user: apply, save as, overwrite, delete. */
export function CustomerViewsMenu() {
  const { t } = useTranslation();
  const views = useRpcQuery('views.list', { page: 'customers' });
  const { filter, sort, columns, viewId, applyView } = useCustomerListStore();
  const current: CustomerViewState = { filter, sort, columns };
  const active = views.data?.find((v) => v.id === viewId) ?? null;
  const modified = active ? !sameState(parseViewState(active.state), current) : false;
  const [saveAs, setSaveAs] = useState(false);
  const [removing, setRemoving] = useState<SavedViewDto | null>(null);

  const save = async (name: string) => {
    const saved = await rpc.call('views.save', { page: 'customers', name, state: { ...current } });
    useCustomerListStore.setState({ viewId: saved.id });
    notifications.show({ color: 'green', message: t('customers.views.saved', { name: saved.name }) });
    views.reload();
  };

  const remove = async (v: SavedViewDto) => {
    try {
      await rpc.call('views.remove', { id: v.id });
      if (viewId === v.id) useCustomerListStore.setState({ viewId: null });
      notifications.show({ message: t('customers.views.removed', { name: v.name }) });
      views.reload();
    } catch (e) {
      showError(e);
    }
    setRemoving(null);
  };

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={260} withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />} data-testid="views-menu">
            {active ? `${active.name}${modified ? ' *' : ''}` : t('customers.views')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('customers.views.mine')}</Menu.Label>
          {views.data?.length ? (
            views.data.map((v) => (
              <Menu.Item key={v.id} leftSection={v.id === viewId ? <IconCheck size={16} /> : <span style={{ width: 16 }} />} onClick={() => applyView(v.id, parseViewState(v.state))}>
                {v.name}
              </Menu.Item>
            ))
          ) : (
            <Menu.Item disabled>{views.error ? translateError(views.error.rpc) : t('customers.views.none')}</Menu.Item>
          )}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => setSaveAs(true)}>
            {t('customers.views.saveAs')}
          </Menu.Item>
          {active && (
            <Menu.Item leftSection={<IconDeviceFloppy size={16} />} disabled={!modified} onClick={() => void save(active.name).catch(showError)}>
              {t('customers.views.overwrite', { name: active.name })}
            </Menu.Item>
          )}
          {active && (
            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setRemoving(active)}>
              {t('customers.views.remove', { name: active.name })}
            </Menu.Item>
          )}
          {active && (
            <Menu.Item onClick={() => useCustomerListStore.setState({ viewId: null })}>{t('customers.views.detach')}</Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {saveAs && <SaveViewModal initial={active?.name ?? ''} onClose={() => setSaveAs(false)} onSave={save} />}
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t('customers.views.removeTitle')} size="sm">
        <Stack>
          <Text size="sm">{t('customers.views.removeConfirm', { name: removing?.name ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={() => removing && void remove(removing)} data-autofocus>
              {t('customers.views.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function SaveViewModal({ initial, onClose, onSave }: { initial: string; onClose(): void; onSave(name: string): Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const parsed = contract['views.save'].input.shape.name.safeParse(name);
    if (!parsed.success) {
      setError(translateIssue({ path: [], message: parsed.error.issues[0]?.message ?? 'validation.custom' }));
      return;
    }
    setBusy(true);
    try {
      await onSave(parsed.data);
      onClose();
    } catch (e) {
      setError(e instanceof RpcCallError ? (e.rpc.issues?.[0] ? translateIssue(e.rpc.issues[0]) : translateError(e.rpc)) : t('error.INTERNAL'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('customers.views.saveAs')} size="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          <TextInput label={t('customers.views.name')} description={t('customers.views.nameHint')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} maxLength={40} data-autofocus />
          {error === null && initial && name.trim() === initial && (
            <Alert color="yellow" p="xs">
              {t('customers.views.willOverwrite')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
