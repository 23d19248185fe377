import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { zodValidator } from '../forms/zodValidator';
import { applyServerErrors } from '../forms/applyServerErrors';
import { useSessionStore } from '../session/useSessionStore';
import { AuthLayout } from './AuthLayout';

type Values = { login: string; password: string };

export function LoginPage() {
  const { t } = useTranslation();
  const signedIn = useSessionStore((s) => s.signedIn);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { login: '', password: '' },
    validate: zodValidator<Values>(contract['auth.login'].input),
  });

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await rpc.call('auth.login', values));
    } catch (e) {
      setError(applyServerErrors(form, e));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('login.title')}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="login-error">
              {error}
            </Alert>
          )}
          {/* Focus lands in the login field: the first thing a person types. */}
          <TextInput label={t('login.login')} autoFocus autoComplete="username" autoCapitalize="off" spellCheck={false} {...form.getInputProps('login')} />
          <PasswordInput label={t('login.password')} autoComplete="current-password" {...form.getInputProps('password')} />
          <Button type="submit" loading={busy} fullWidth mt="xs">
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
