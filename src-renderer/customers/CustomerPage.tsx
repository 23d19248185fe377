import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Center, Group, Loader, Tabs } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconBuildingArch, IconPencil, IconReload, IconUserShare } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { maskIdNumber, maskPhone } from '../../src-shared/lib/mask';
import type { CustomerDto } from '../../src-shared/customers/customers.contract';
import type { MethodInput } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { showError } from '../i18n/showError';
import { translateError } from '../i18n/translateMessage';
import { useCan } from '../session/useCan';
import { useNavStore } from '../nav/useNavStore';
import { useFormat } from '../format/useFormat';
import { useCustomerRecord } from './page/useCustomerRecord';
import { usePiiReveal } from './page/usePiiReveal';
import { CustomerHeader } from './page/CustomerHeader';
import { TagsEditor } from './page/TagsEditor';
import { ProfileTab } from './page/ProfileTab';
import { ContactsTab } from './page/ContactsTab';
import { AccountsTab } from './page/AccountsTab';
import { AssetsTab } from './page/AssetsTab';
import { TimelineTab } from './page/TimelineTab';
import { FeedbackTab } from './page/FeedbackTab';
import { HistoryTab } from './page/HistoryTab';
import { EditCustomerDrawer } from './page/EditCustomerDrawer';
import { AssignManagerModal } from './page/AssignManagerModal';
import { TransferBranchModal, useCanTransfer } from './TransferBranchModal';
import { MergedAwayNotice } from './page/MergedAwayNotice';
import { MergeUndoBanner } from './page/MergeUndoBanner';
import { SuitabilityTab } from '../suitability/SuitabilityTab';

type Patch = MethodInput<'customers.update'>['patch'];
type Tab = 'profile' | 'suitability' | 'contacts' | 'accounts' | 'assets' | 'timeline' | 'feedback' | 'history';
const TABS: readonly Tab[] = ['profile', 'suitability', 'contacts', 'accounts', 'assets', 'timeline', 'feedback', 'history'];
const isTab = (v: string | null): v is Tab => v !== null && (TABS as readonly string[]).includes(v);

/** What is shown while a save is in flight: the patch over the record, personal data masked as main would. */
function applyPatch(c: CustomerDto, patch: Patch): CustomerDto {
  const next: CustomerDto = { ...c };
  const { idNo, phone, phone2, address, email, ...plain } = patch;
  Object.assign(next, plain);
  if (idNo !== undefined) next.idNo = maskIdNumber(idNo);
  if (phone !== undefined) next.phone = phone === null ? null : maskPhone(phone);
  if (phone2 !== undefined) next.phone2 = phone2 === null ? null : maskPhone(phone2);
  // Address and e-mail have no client-side mask: keep the old masked value until main answers.
  if (address === null) next.address = null;
  if (email === null) next.email = null;
  return next;
}

/** One customer, everything about them: header and badges, then tabs. Loads with one customers.get. */
export function CustomerPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const go = useNavStore((s) => s.go);
  const record = useCustomerRecord(id);
  const pii = usePiiReveal(id);
  const canWrite = useCan('customers.write');
  const canAssign = useCan('customers.assign');
  const canTransfer = useCanTransfer();
  const [transferring, setTransferring] = useState(false);
  const [tab, setTab] = useState<Tab>('profile');
  const [editing, setEditing] = useState(false);
  // A new edit session (a fresh form) after every successful save.
  const [editSession, setEditSession] = useState(0);
  const [assigning, setAssigning] = useState(false);
  const [stale, setStale] = useState<{ by: string; at: string } | null>(null);
  const { page, update } = record;

  const back = (
    <Anchor component="button" size="sm" onClick={() => go('customers')} mb="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} /> {t('customer.back')}
    </Anchor>
  );

  // A merged-away customer: main names the survivor (see MergedAwayNotice).
  const mergedInto = record.error?.rpc.message === 'error.customers.merged' ? record.error.rpc.params?.mergedInto : undefined;
  if (!page || typeof mergedInto === 'string') {
    return (
      <>
        {back}
        {typeof mergedInto === 'string' ? (
          <MergedAwayNotice survivorId={mergedInto} />
        ) : record.error ? (
          <Alert color="red" data-testid="customer-error">
            {translateError(record.error.rpc)}
          </Alert>
        ) : (
          <Center mih={300}>
            <Loader />
          </Center>
        )}
      </>
    );
  }

  const c = page.customer;
  const readOnly = c.mergedInto !== null;

  const reload = () => {
    setStale(null);
    pii.forget();
    setEditSession((s) => s + 1);
    record.reload();
  };

  const save = async (patch: Patch): Promise<unknown> => {
    const before = c;
    setEditing(false);
    setStale(null);
    update((p) => ({ ...p, customer: applyPatch(p.customer, patch) }));
    try {
      const saved = await rpc.call('customers.update', { id: c.id, version: before.version, patch });
      update((p) => ({ ...p, customer: saved }));
      pii.forget();
      setEditSession((s) => s + 1);
      notifications.show({ color: 'green', message: t('customer.edit.saved') });
      // The change is the newest timeline event: refresh the first page (history refetches on the new version).
      rpc.call('customers.timeline', { id: c.id }).then((timeline) => update((p) => ({ ...p, timeline })), showError);
      return null;
    } catch (e) {
      update((p) => ({ ...p, customer: before }));
      if (e instanceof RpcCallError && e.code === 'STALE') {
        const by = e.rpc.params?.by;
        const at = e.rpc.params?.at;
        setStale({ by: String(by ?? t('common.unknown')), at: at ? fmt.dateTime(String(at)) : '' });
        return null;
      }
      if (e instanceof RpcCallError && (e.code === 'VALIDATION' || e.code === 'CONFLICT')) {
        setEditing(true);
        return e;
      }
      showError(e);
      return null;
    }
  };

  const actions = (
    <>
      {canTransfer && !readOnly && (
        <Button variant="default" leftSection={<IconBuildingArch size={16} />} onClick={() => setTransferring(true)}>
          {t('customers.bulk.transfer')}
        </Button>
      )}
      {canAssign && !readOnly && (
        <Button variant="default" leftSection={<IconUserShare size={16} />} onClick={() => setAssigning(true)}>
          {t('customer.assign.open')}
        </Button>
      )}
      {canWrite && !readOnly && (
        <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
          {t('customer.edit.open')}
        </Button>
      )}
    </>
  );
  const count = (n: number) =>
    n > 0 ? (
      <Badge size="xs" variant="light" circle={n < 10}>
        {n}
      </Badge>
    ) : null;

  return (
    <div data-testid="customer-page" data-customer-id={c.id}>
      {back}
      <MergeUndoBanner page={page} reload={reload} />
      {stale && (
        <Alert color="orange" mb="md" title={t('customer.stale.title')} data-testid="stale-alert">
          <Group justify="space-between">
            <span>{t('customer.stale.body', { by: stale.by, at: stale.at })}</span>
            <Button size="xs" leftSection={<IconReload size={14} />} onClick={reload}>
              {t('customer.stale.reload')}
            </Button>
          </Group>
        </Alert>
      )}
      <CustomerHeader customer={c} actions={actions}>
        <div style={{ marginTop: 12 }}>
          <TagsEditor customerId={c.id} tags={c.tags} canEdit={canWrite && !readOnly} onChange={(tags) => update((p) => ({ ...p, customer: { ...p.customer, tags } }))} />
        </div>
      </CustomerHeader>
      <Tabs value={tab} onChange={(v) => isTab(v) && setTab(v)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="profile">{t('customer.tab.profile')}</Tabs.Tab>
          <Tabs.Tab value="suitability">{t('suitUi.tab')}</Tabs.Tab>
          <Tabs.Tab value="contacts" rightSection={count(page.contacts.length)}>
            {t('customer.tab.contacts')}
          </Tabs.Tab>
          <Tabs.Tab value="accounts" rightSection={count(page.accounts.length)}>
            {t('customer.tab.accounts')}
          </Tabs.Tab>
          <Tabs.Tab value="assets">{t('customer.tab.assets')}</Tabs.Tab>
          <Tabs.Tab value="timeline">{t('customer.tab.timeline')}</Tabs.Tab>
          <Tabs.Tab value="feedback" rightSection={count(page.feedback.length)}>
            {t('customer.tab.feedback')}
          </Tabs.Tab>
          <Tabs.Tab value="history">{t('customer.tab.history')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile">
          <ProfileTab page={page} pii={pii} />
        </Tabs.Panel>
        <Tabs.Panel value="suitability">
          <SuitabilityTab page={page} update={update} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts">
          <ContactsTab page={page} update={update} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="accounts">
          <AccountsTab page={page} update={update} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="assets">
          <AssetsTab customerId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline">
          <TimelineTab key={page.timeline.events[0]?.key ?? 'empty'} page={page} />
        </Tabs.Panel>
        <Tabs.Panel value="feedback">
          <FeedbackTab page={page} update={update} readOnly={readOnly} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <HistoryTab customerId={c.id} version={c.version} />
        </Tabs.Panel>
      </Tabs>
      {canWrite && !readOnly && (
        <EditCustomerDrawer key={`${c.id}:${editSession}:${Object.keys(pii.revealed).join(',')}`} customer={c} revealed={pii.revealed} opened={editing} onClose={() => setEditing(false)} onSave={save} />
      )}
      {transferring && <TransferBranchModal ids={[c.id]} onClose={() => setTransferring(false)} onDone={() => setTransferring(false)} />}
      {assigning && (
        <AssignManagerModal
          customer={c}
          onClose={() => setAssigning(false)}
          onAssigned={(saved) => {
            update((p) => ({ ...p, customer: saved }));
            notifications.show({ color: 'green', message: t('customer.assign.done') });
            rpc.call('customers.timeline', { id: c.id }).then((timeline) => update((p) => ({ ...p, timeline })), showError);
          }}
        />
      )}
    </div>
  );
}
