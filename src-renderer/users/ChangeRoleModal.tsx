import { Select, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconHourglass } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { ROLES, type Role } from '../../src-shared/auth/roles';
import type { UserDto } from '../../src-shared/users/users.contract';
import { rpc } from '../platform/rpc';
import { zodValidator } from '../forms/zodValidator';
import { SaveFormModal } from '../forms/SaveFormModal';

type Values = { userId: string; role: Role };

/** users.changeRole is four-eyes: the answer is a pending request, and nothing changes until a checker approves it. */
export function ChangeRoleModal({ user, onClose, onSubmitted }: { user: UserDto; onClose(): void; onSubmitted(): void }) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: { userId: user.id, role: user.role },
    validate: zodValidator<Values>(contract['users.changeRole'].input),
  });

  const save = async (values: Values) => {
    await rpc.call('users.changeRole', values);
    notifications.show({ color: 'blue', icon: <IconHourglass size={18} />, message: t('users.changeRole.pending'), autoClose: 8000 });
    onSubmitted();
  };

  return (
    <SaveFormModal
      form={form}
      title={t('users.changeRole.title', { name: user.displayName })}
      save={save}
      onClose={onClose}
      submitLabel={t('users.changeRole.submit')}
      submitDisabled={form.values.role === user.role}
    >
      <Text size="sm" c="dimmed">
        {t('users.col.role')}: {t(`role.${user.role}`)}
      </Text>
      <Select
        label={t('users.changeRole.newRole')}
        data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        allowDeselect={false}
        data-autofocus
        {...form.getInputProps('role')}
      />
    </SaveFormModal>
  );
}
