import { useState } from 'react';
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { zodValidator } from '../forms/zodValidator';
import { applyServerErrors } from '../forms/applyServerErrors';
import { useSessionStore } from '../session/useSessionStore';
import { i18n } from '../i18n/i18n';
import { AuthLayout } from './AuthLayout';

type Values = { hqName: string; login: string; displayName: string; password: string; confirmPassword: string };
const toInput = ({ confirmPassword: _confirm, ...input }: Values) => input;

/** First run: an empty database gets its head office and first administrator. */
export function SetupPage() {
  const { t } = useTranslation();
  const signedIn = useSessionStore((s) => s.signedIn);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { hqName: '', login: '', displayName: '', password: '', confirmPassword: '' },
    validate: zodValidator<Values>(contract['auth.setupAdmin'].input, toInput, (v): Record<string, string> =>
      v.confirmPassword !== v.password ? { confirmPassword: i18n.t('validation.password.mismatch') } : {},
    ),
  });

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await rpc.call('auth.setupAdmin', toInput(values)));
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('setup.title')} width={460}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('setup.intro')}
          </Text>
          {error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          <TextInput label={t('setup.hqName')} placeholder={t('setup.hqName.placeholder')} autoFocus {...form.getInputProps('hqName')} />
          <TextInput label={t('setup.login')} autoComplete="username" autoCapitalize="off" spellCheck={false} {...form.getInputProps('login')} />
          <TextInput label={t('setup.displayName')} {...form.getInputProps('displayName')} />
          <PasswordInput label={t('setup.password')} description={t('setup.passwordHint')} autoComplete="new-password" {...form.getInputProps('password')} />
          <PasswordInput label={t('setup.confirmPassword')} autoComplete="new-password" {...form.getInputProps('confirmPassword')} />
          <Button type="submit" loading={busy} fullWidth mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
