import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from './applyServerErrors';

/**
 * A modal with one form (the fields are `children`), cancel and save. `save` gets the validated
 * values; the modal closes when it resolves, and what it throws is shown next to the fields it
 * names, the rest in the form's alert. `submitLabel` and `submitDisabled` for a submit that is
 * not a plain save (a request for approval).
 */
export function SaveFormModal<V extends object>({
  form,
  title,
  save,
  onClose,
  children,
  opened = true,
  size,
  submitLabel,
  submitDisabled = false,
}: {
  form: UseFormReturnType<V>;
  title: string;
  save(values: V): Promise<void>;
  onClose(): void;
  children: ReactNode;
  opened?: boolean;
  size?: string;
  submitLabel?: string;
  submitDisabled?: boolean;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      await save(values);
      onClose();
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={submitDisabled}>
              {submitLabel ?? t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
