import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { rpc } from '../platform/rpc';
import { zodValidator } from '../forms/zodValidator';
import { applyServerErrors } from '../forms/applyServerErrors';
import { DateField } from '../forms/DateField';
import { useFormat } from '../format/useFormat';
import { PendingApprovalNotice } from '../approvals/PendingApprovalNotice';

type Values = { evidence: string; effectiveDate: string | null };

/**
 * Investor category (投资者分类). To professional (专业投资者): evidence and an effective date,
 * submitted for 复核 (nothing changes until a second person approves). Back to ordinary
 * (普通投资者, at the customer's request): a direct change, audited; evidence optional.
 */
export function InvestorCategoryModal({ customerId, customerName, to, onClose, onChanged }: { customerId: string; customerName: string; to: 'professional' | 'ordinary'; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);
  const professional = to === 'professional';
  const method = professional ? 'investorCategory.requestProfessional' : 'investorCategory.revertToOrdinary';
  const toInput = (v: Values) => ({ customerId, evidence: professional || v.evidence.trim() !== '' ? v.evidence : null, effectiveDate: v.effectiveDate ?? '' });
  const form = useForm<Values>({
    initialValues: { evidence: '', effectiveDate: fmt.date(new Date()) },
    validate: zodValidator<Values>(contract[method].input, toInput),
  });

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      if (professional) {
        await rpc.call('investorCategory.requestProfessional', { customerId, evidence: v.evidence, effectiveDate: v.effectiveDate ?? '' });
        setPending(true);
      } else {
        await rpc.call('investorCategory.revertToOrdinary', { customerId, evidence: v.evidence.trim() === '' ? null : v.evidence, effectiveDate: v.effectiveDate ?? '' });
        onClose();
      }
      onChanged();
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t(professional ? 'suitUi.category.toProfessionalTitle' : 'suitUi.category.toOrdinaryTitle', { name: customerName })} data-testid="category-modal">
      {pending ? (
        <PendingApprovalNotice title={t('suitUi.category.pendingTitle')} message={t('suitUi.category.pending')} testId="category-pending" onClose={onClose} />
      ) : (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t(professional ? 'suitUi.category.toProfessionalHint' : 'suitUi.category.toOrdinaryHint')}
            </Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Textarea
              label={t('suitUi.category.evidence')}
              description={professional ? t('suitUi.category.evidenceHint') : undefined}
              withAsterisk={professional}
              autosize
              minRows={3}
              maxRows={8}
              maxLength={2000}
              data-autofocus
              {...form.getInputProps('evidence')}
            />
            <DateField label={t('suitUi.category.effectiveDate')} withAsterisk {...form.getInputProps('effectiveDate')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} color={professional ? 'violet' : undefined}>
                {t(professional ? 'suitUi.category.submitApproval' : 'suitUi.category.confirmOrdinary')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
