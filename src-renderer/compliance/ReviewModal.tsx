import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import type { ReviewDto } from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { zodValidator } from '../forms/zodValidator';
import { applyServerErrors } from '../forms/applyServerErrors';

type Values = { note: string };

/** Close a compliance review item with the reviewer's note (what was checked, what was done). */
export function ReviewModal({ review, summary, onClose, onDone }: { review: ReviewDto; summary: string; onClose(): void; onDone(r: ReviewDto): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { note: '' },
    validate: zodValidator<Values>(contract['compliance.review'].input, (v) => ({ id: review.id, note: v.note })),
  });
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await rpc.call('compliance.review', { id: review.id, note: v.note }));
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('complianceUi.review.title')} data-testid="review-modal">
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <Text size="sm">{summary}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Textarea label={t('complianceUi.review.note')} placeholder={t('complianceUi.review.noteHint')} withAsterisk autosize minRows={3} maxLength={1000} data-autofocus {...form.getInputProps('note')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="green" loading={busy}>
              {t('complianceUi.review.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
