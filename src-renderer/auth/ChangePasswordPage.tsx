import { useState } from 'react';
import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { zodValidator } from '../forms/zodValidator';
import { applyServerErrors } from '../forms/applyServerErrors';
import { useSessionStore } from '../session/useSessionStore';
import { i18n } from '../i18n/i18n';
import { AuthLayout } from './AuthLayout';

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };
const toInput = ({ confirmPassword: _confirm, ...input }: Values) => input;

/** Shown instead of the app while the account must change its password (new account, reset). */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const signedIn = useSessionStore((s) => s.signedIn);
  const signedOut = useSessionStore((s) => s.signedOut);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: zodValidator<Values>(contract['auth.changePassword'].input, toInput, (v): Record<string, string> =>
      v.confirmPassword !== v.newPassword ? { confirmPassword: i18n.t('validation.password.mismatch') } : {},
    ),
  });

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await rpc.call('auth.changePassword', toInput(values)));
      notifications.show({ color: 'green', message: t('changePassword.done') });
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  const logout = async () => {
    await rpc.call('auth.logout', {}).catch(() => undefined);
    signedOut();
  };

  return (
    <AuthLayout title={t('changePassword.title')}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('changePassword.intro')}
          </Text>
          {error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          <PasswordInput label={t('changePassword.current')} autoFocus autoComplete="current-password" {...form.getInputProps('currentPassword')} />
          <PasswordInput label={t('changePassword.new')} description={t('setup.passwordHint')} autoComplete="new-password" {...form.getInputProps('newPassword')} />
          <PasswordInput label={t('changePassword.confirm')} autoComplete="new-password" {...form.getInputProps('confirmPassword')} />
          <Group justify="space-between" mt="xs">
            <Button variant="subtle" color="gray" onClick={() => void logout()}>
              {t('header.logout')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('changePassword.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
