import { PasswordInput, Select, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { ROLES, type Role } from '../../src-shared/auth/roles';
import type { OrgUnitDto } from '../../src-shared/org/org.contract';
import { rpc } from '../platform/rpc';
import { zodValidator } from '../forms/zodValidator';
import { SaveFormModal } from '../forms/SaveFormModal';

type Values = { login: string; displayName: string; role: Role; branchId: string; password: string };

/** users.create, validated in the browser with the contract's schema and again by main. */
export function CreateUserModal({ opened, onClose, onCreated, orgs }: { opened: boolean; onClose(): void; onCreated(): void; orgs: OrgUnitDto[] }) {
  const { t } = useTranslation();
  const units = orgs.filter((o) => o.kind !== 'team' && o.status === 'active');
  const form = useForm<Values>({
    initialValues: { login: '', displayName: '', role: 'account_manager', branchId: units.find((o) => o.kind === 'branch')?.id ?? '', password: '' },
    validate: zodValidator<Values>(contract['users.create'].input),
  });

  const save = async (values: Values) => {
    await rpc.call('users.create', values);
    notifications.show({ color: 'green', message: t('users.created') });
    form.reset();
    onCreated();
  };

  return (
    <SaveFormModal form={form} title={t('users.create')} save={save} onClose={onClose} opened={opened} size="md">
      <TextInput label={t('users.form.login')} data-autofocus autoCapitalize="off" spellCheck={false} {...form.getInputProps('login')} />
      <TextInput label={t('users.form.displayName')} {...form.getInputProps('displayName')} />
      <Select
        label={t('users.form.branch')}
        data={units.map((o) => ({ value: o.id, label: `${o.name} · ${t(`orgKind.${o.kind}`)}` }))}
        allowDeselect={false}
        searchable
        {...form.getInputProps('branchId')}
      />
      <Select label={t('users.form.role')} data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} allowDeselect={false} {...form.getInputProps('role')} />
      <PasswordInput label={t('users.form.password')} description={t('users.form.passwordHint')} autoComplete="new-password" {...form.getInputProps('password')} />
    </SaveFormModal>
  );
}
