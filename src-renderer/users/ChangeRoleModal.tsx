import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconHourglass } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { ROLES, type Role } from '../../src-shared/auth/roles';
import type { UserDto } from '../../src-shared/users/users.contract';
import { rpc } from '../platform/rpc';
import { zodValidator } from '../forms/zodValidator';
import { applyServerErrors } from '../forms/applyServerErrors';

type Values = { userId: string; role: Role };

/** users.changeRole is four-eyes: the answer is a pending request, and nothing changes until a checker approves it. */
export function ChangeRoleModal({ user, onClose, onSubmitted }: { user: UserDto; onClose(): void; onSubmitted(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { userId: user.id, role: user.role },
    validate: zodValidator<Values>(contract['users.changeRole'].input),
  });

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await rpc.call('users.changeRole', values);
      notifications.show({ color: 'blue', icon: <IconHourglass size={18} />, message: t('users.changeRole.pending'), autoClose: 8000 });
      onSubmitted();
      onClose();
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('users.changeRole.title', { name: user.displayName })}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
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
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={form.values.role === user.role}>
              {t('users.changeRole.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
