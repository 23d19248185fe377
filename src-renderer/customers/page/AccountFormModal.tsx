import { DateField } from '../../forms/DateField';
import { Group, Select, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_STATUSES, ACCOUNT_TYPES, zAccountInput, type AccountDto } from '../../../src-shared/customers/customers.contract';
import type { MethodInput } from '../../../src-shared/contract';
import { rpc } from '../../platform/rpc';
import { zodValidator } from '../../forms/zodValidator';
import { SaveFormModal } from '../../forms/SaveFormModal';

type AccountType = (typeof ACCOUNT_TYPES)[number];
type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
type Values = { accountNo: string; type: AccountType; status: AccountStatus; openedAt: string; closedAt: string };

const isType = (v: string | null): v is AccountType => v !== null && (ACCOUNT_TYPES as readonly string[]).includes(v);
const isStatus = (v: string | null): v is AccountStatus => v !== null && (ACCOUNT_STATUSES as readonly string[]).includes(v);

/** Add or edit a capital account (资金账号) of the customer. */
export function AccountFormModal({ customerId, account, onClose, onSaved }: { customerId: string; account: AccountDto | null; onClose(): void; onSaved(a: AccountDto): void }) {
  const { t } = useTranslation();
  const toInput = (v: Values): MethodInput<'customers.accounts.save'> => ({
    ...(account ? { id: account.id } : {}),
    customerId,
    accountNo: v.accountNo,
    type: v.type,
    status: v.status,
    openedAt: v.openedAt || null,
    closedAt: v.closedAt || null,
  });
  const form = useForm<Values>({
    initialValues: {
      accountNo: account?.accountNo ?? '',
      type: account?.type ?? 'normal',
      status: account?.status ?? 'active',
      openedAt: account?.openedAt ?? '',
      closedAt: account?.closedAt ?? '',
    },
    validate: zodValidator<Values>(zAccountInput, toInput),
  });

  return (
    <SaveFormModal form={form} title={t(account ? 'customer.accounts.edit' : 'customer.accounts.add')} save={async (v) => onSaved(await rpc.call('customers.accounts.save', toInput(v)))} onClose={onClose}>
      <TextInput label={t('customer.account.no')} data-autofocus withAsterisk inputMode="numeric" {...form.getInputProps('accountNo')} />
      <Group grow>
        <Select
          label={t('customer.account.type')}
          data={ACCOUNT_TYPES.map((k) => ({ value: k, label: t(`customer.accountType.${k}`) }))}
          allowDeselect={false}
          value={form.values.type}
          onChange={(v) => isType(v) && form.setFieldValue('type', v)}
        />
        <Select
          label={t('customer.account.status')}
          data={ACCOUNT_STATUSES.map((k) => ({ value: k, label: t(`customer.accountStatus.${k}`) }))}
          allowDeselect={false}
          value={form.values.status}
          onChange={(v) => isStatus(v) && form.setFieldValue('status', v)}
        />
      </Group>
      <Group grow>
        <DateField label={t('customer.account.openedAt')} {...form.getInputProps('openedAt')} />
        <DateField label={t('customer.account.closedAt')} {...form.getInputProps('closedAt')} />
      </Group>
    </SaveFormModal>
  );
}
