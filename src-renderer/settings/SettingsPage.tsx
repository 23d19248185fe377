import { useEffect, useState } from 'react';
import { Alert, Button, Group, NumberInput, Paper, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { useRpcQuery } from '../data/useRpcQuery';
import { zodValidator } from '../forms/zodValidator';
import { applyServerErrors } from '../forms/applyServerErrors';
import { useSessionStore } from '../session/useSessionStore';
import { useCan } from '../session/useCan';
import { PageTitle } from '../shell/PageTitle';

type Values = { idleLockMinutes: number };

export function SettingsPage() {
  const { t } = useTranslation();
  const canManage = useCan('settings.manage');
  const settings = useRpcQuery('settings.get', {});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { idleLockMinutes: 10 },
    validate: zodValidator<Values>(contract['settings.update'].input),
  });
  const loaded = settings.data?.idleLockMinutes;
  useEffect(() => {
    if (loaded !== undefined) form.setValues({ idleLockMinutes: loaded });
    // Only when the server's value arrives; the form object is stable.
  }, [loaded]);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const next = await rpc.call('settings.update', values);
      // The idle timer follows the new value at once, not at the next sign-in.
      const s = useSessionStore.getState().session;
      if (s) useSessionStore.getState().signedIn({ ...s, idleLockMinutes: next.idleLockMinutes });
      notifications.show({ color: 'green', message: t('common.saved') });
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title={t('settings.title')} />
      <Paper withBorder radius="md" p="lg" maw={560}>
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            {!canManage && <Alert color="gray">{t('settings.readOnly')}</Alert>}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <NumberInput
              label={t('settings.idleLockMinutes')}
              description={t('settings.idleLockMinutes.hint')}
              min={1}
              max={240}
              allowDecimal={false}
              disabled={!canManage || !settings.data}
              {...form.getInputProps('idleLockMinutes')}
            />
            {canManage && (
              <Group justify="flex-end">
                <Button type="submit" loading={busy} disabled={!settings.data}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      </Paper>
    </>
  );
}
