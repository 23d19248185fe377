import { useState } from 'react';
import { Badge, Button, EmptyState, Group, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMessage2 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../src-shared/contract';
import { FEEDBACK_CHANNELS, FEEDBACK_KINDS, type CustomerPageDto, type FeedbackDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { zodValidator } from '../../forms/zodValidator';
import { applyServerErrors } from '../../forms/applyServerErrors';
import { useFormat } from '../../format/useFormat';
import { useCan } from '../../session/useCan';

type Kind = (typeof FEEDBACK_KINDS)[number];
type Channel = (typeof FEEDBACK_CHANNELS)[number];
type Values = { kind: Kind; channel: Channel; content: string };
const kindColor: Record<Kind, string> = { praise: 'green', suggestion: 'blue', complaint: 'red', inquiry: 'cyan', other: 'gray' };
const isKind = (v: string | null): v is Kind => v !== null && (FEEDBACK_KINDS as readonly string[]).includes(v);
const isChannel = (v: string | null): v is Channel => v !== null && (FEEDBACK_CHANNELS as readonly string[]).includes(v);

/** What the customer told us (praise, suggestions, complaints, inquiries), newest first, and a form to record one. */
export function FeedbackTab({ page, update, readOnly }: { page: CustomerPageDto; update(fn: (p: CustomerPageDto) => CustomerPageDto): void; readOnly: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canWrite = useCan('customers.write') && !readOnly;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const customerId = page.customer.id;
  const form = useForm<Values>({
    initialValues: { kind: 'inquiry', channel: 'phone', content: '' },
    validate: zodValidator<Values>(contract['customers.feedback.add'].input, (v) => ({ customerId, ...v })),
  });

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const f: FeedbackDto = await rpc.call('customers.feedback.add', { customerId, ...values });
      update((p) => ({ ...p, feedback: [f, ...p.feedback] }));
      form.reset();
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      {canWrite && (
        <Paper withBorder radius="md" p="md">
          <form onSubmit={form.onSubmit(submit)} noValidate>
            <Stack gap="sm">
              <Group grow align="flex-start">
                <Select
                  label={t('customer.feedback.kind')}
                  data={FEEDBACK_KINDS.map((k) => ({ value: k, label: t(`customer.feedbackKind.${k}`) }))}
                  allowDeselect={false}
                  value={form.values.kind}
                  onChange={(v) => isKind(v) && form.setFieldValue('kind', v)}
                />
                <Select
                  label={t('customer.feedback.channel')}
                  data={FEEDBACK_CHANNELS.map((k) => ({ value: k, label: t(`customer.feedbackChannel.${k}`) }))}
                  allowDeselect={false}
                  value={form.values.channel}
                  onChange={(v) => isChannel(v) && form.setFieldValue('channel', v)}
                />
              </Group>
              <Textarea label={t('customer.feedback.content')} autosize minRows={2} maxRows={6} maxLength={2000} {...form.getInputProps('content')} />
              {error && (
                <Text size="sm" c="red" role="alert">
                  {error}
                </Text>
              )}
              <Group justify="flex-end">
                <Button type="submit" loading={busy}>
                  {t('customer.feedback.add')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      <Paper withBorder radius="md" p="md" data-testid="feedback-list">
        {page.feedback.length === 0 ? (
          <EmptyState py="lg" icon={<IconMessage2 size={26} stroke={1.5} />} withIndicatorBackground title={t('customer.feedback.empty')} />
        ) : (
          <Stack gap="md">
            {page.feedback.map((f) => (
              <div key={f.id}>
                <Group gap="xs" mb={4}>
                  <Badge size="sm" variant="light" color={kindColor[f.kind]}>
                    {t(`customer.feedbackKind.${f.kind}`)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t(`customer.feedbackChannel.${f.channel}`)} · {fmt.dateTime(f.createdAt)}
                    {f.authorName ? ` · ${f.authorName}` : ''}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {f.content}
                </Text>
              </div>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
