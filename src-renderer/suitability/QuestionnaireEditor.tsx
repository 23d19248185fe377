import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, Divider, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import type { QuestionnaireDefinition } from '../../src-shared/suitability/suitability.contract';
import type { RpcIssue } from '../../src-shared/rpc/errors';
import { issueFromZod } from '../../src-shared/rpc/zod-issues';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { showError } from '../i18n/showError';
import { translateError, translateIssue } from '../i18n/translateMessage';
import { RiskLevelBadge } from '../products/RiskLevelBadge';
import { blankQuestion, maxScore, optionKey } from './blankDefinition';

type Values = QuestionnaireDefinition & { name: string };
type Props = { initial: { id: string | null; name: string; definition: QuestionnaireDefinition }; onClose(): void; onSaved(): void };

/** Form paths for the contract's issue paths: `definition.questions.0.text` is the form's `questions.0.text`. */
function issuesToErrors(issues: readonly RpcIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path[0] === 'definition' ? issue.path.slice(1) : issue.path;
    const key = path.join('.') || '_form';
    if (!(key in out)) out[key] = translateIssue(issue);
  }
  return out;
}

const toInput = (v: Values, id: string | null) => ({
  ...(id ? { id } : {}),
  name: v.name,
  definition: { questions: v.questions, bands: v.bands, lowestBelow: v.lowestBelow },
});

/**
 * The draft editor (HQ): questions with options and scores (a multi-choice question scores its
 * best chosen option), the five score bands C1…C5, and the lowest-risk-tolerance rule (options
 * flagged "lowest", and/or a total below a threshold). Validated with the contract's schema;
 * saving replaces the draft (or creates the next version). Activation is separate.
 */
export function QuestionnaireEditor({ initial, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Values>({
    initialValues: { name: initial.name, ...structuredClone(initial.definition) },
    validate: (v) => {
      const r = contract['questionnaires.saveDraft'].input.safeParse(toInput(v, initial.id));
      return r.success ? {} : issuesToErrors(r.error.issues.map(issueFromZod));
    },
  });
  const v = form.values;
  const max = maxScore(v);
  const listError = (path: string) => form.errors[path];

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await rpc.call('questionnaires.saveDraft', toInput(values, initial.id));
      notifications.show({ color: 'green', message: t('questionnaireUi.saved', { name: saved.name, version: saved.version }) });
      onSaved();
    } catch (e) {
      if (e instanceof RpcCallError && e.rpc.issues?.length) {
        form.setErrors(issuesToErrors(e.rpc.issues));
        setError(translateError(e.rpc));
      } else if (e instanceof RpcCallError) setError(translateError(e.rpc));
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const addOption = (qi: number) => form.insertListItem(`questions.${qi}.options`, { key: optionKey(v.questions[qi]!.options.length), text: '', score: 0 });
  const removeOption = (qi: number, oi: number) => {
    form.removeListItem(`questions.${qi}.options`, oi);
    // Keep the printed letters in order: A, B, C… (answers refer to these keys).
    form.setFieldValue(`questions.${qi}.options`, (form.getValues().questions[qi]?.options ?? []).map((o, i) => ({ ...o, key: optionKey(i) })));
  };

  return (
    <Modal opened onClose={onClose} size="min(1100px, 96vw)" title={initial.id ? t('questionnaireUi.editTitle') : t('questionnaireUi.newTitle')} data-testid="questionnaire-editor" closeOnClickOutside={false}>
      <form onSubmit={form.onSubmit(submit, () => setError(t('error.VALIDATION')))} noValidate>
        <Stack gap="md">
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label={t('questionnaireUi.field.name')} withAsterisk maw={420} {...form.getInputProps('name')} />
          <Group justify="space-between">
            <Text fw={600}>{t('questionnaireUi.questions', { n: v.questions.length })}</Text>
            <Text size="sm" c="dimmed">
              {t('questionnaireUi.maxScore', { n: max })}
            </Text>
          </Group>
          {listError('questions') && (
            <Text size="sm" c="red">
              {listError('questions')}
            </Text>
          )}
          {v.questions.map((q, qi) => (
            <Paper key={qi} withBorder radius="md" p="sm" data-testid={`question-${qi}`}>
              <Group justify="space-between" mb="xs" wrap="nowrap">
                <Group gap={6}>
                  <Text fw={600} size="sm">
                    {t('questionnaireUi.questionNo', { n: qi + 1 })}
                  </Text>
                  <Badge size="xs" variant="outline" color="gray" ff="monospace">
                    {q.key}
                  </Badge>
                </Group>
                <Group gap={4} wrap="nowrap">
                  <Switch size="xs" label={t('questionnaireUi.multi')} checked={q.multi ?? false} onChange={(e) => form.setFieldValue(`questions.${qi}.multi`, e.currentTarget.checked || undefined)} />
                  <Tooltip label={t('questionnaireUi.moveUp')}>
                    <ActionIcon variant="subtle" color="gray" disabled={qi === 0} aria-label={t('questionnaireUi.moveUp')} onClick={() => form.reorderListItem('questions', { from: qi, to: qi - 1 })}>
                      <IconArrowUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t('questionnaireUi.moveDown')}>
                    <ActionIcon variant="subtle" color="gray" disabled={qi === v.questions.length - 1} aria-label={t('questionnaireUi.moveDown')} onClick={() => form.reorderListItem('questions', { from: qi, to: qi + 1 })}>
                      <IconArrowDown size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t('questionnaireUi.removeQuestion')}>
                    <ActionIcon variant="subtle" color="red" disabled={v.questions.length === 1} aria-label={t('questionnaireUi.removeQuestion')} onClick={() => form.removeListItem('questions', qi)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
              <Textarea placeholder={t('questionnaireUi.questionText')} aria-label={t('questionnaireUi.questionText')} autosize minRows={1} maxLength={300} mb="xs" {...form.getInputProps(`questions.${qi}.text`)} />
              <Stack gap={6}>
                {q.options.map((o, oi) => (
                  <Group key={oi} gap="xs" wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={500} w={18} pt={6}>
                      {o.key}
                    </Text>
                    <TextInput placeholder={t('questionnaireUi.optionText')} aria-label={t('questionnaireUi.optionTextOf', { n: qi + 1, key: o.key })} style={{ flex: 1 }} maxLength={200} {...form.getInputProps(`questions.${qi}.options.${oi}.text`)} />
                    <NumberInput w={96} min={0} max={100} allowDecimal={false} suffix={t('questionnaireUi.pointsSuffix')} aria-label={t('questionnaireUi.optionScoreOf', { n: qi + 1, key: o.key })} {...form.getInputProps(`questions.${qi}.options.${oi}.score`)} onChange={(x) => form.setFieldValue(`questions.${qi}.options.${oi}.score`, typeof x === 'number' ? x : 0)} />
                    <Tooltip label={t('questionnaireUi.lowestOptionHint')} multiline w={260}>
                      <Checkbox mt={8} size="xs" label={t('questionnaireUi.lowestOption')} checked={o.lowest ?? false} onChange={(e) => form.setFieldValue(`questions.${qi}.options.${oi}.lowest`, e.currentTarget.checked || undefined)} />
                    </Tooltip>
                    <ActionIcon mt={4} variant="subtle" color="gray" disabled={q.options.length <= 2} aria-label={t('questionnaireUi.removeOption')} onClick={() => removeOption(qi, oi)}>
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Group>
                ))}
                {listError(`questions.${qi}.options`) && (
                  <Text size="xs" c="red">
                    {listError(`questions.${qi}.options`)}
                  </Text>
                )}
                <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} w="fit-content" disabled={q.options.length >= 10} onClick={() => addOption(qi)}>
                  {t('questionnaireUi.addOption')}
                </Button>
              </Stack>
            </Paper>
          ))}
          <Button variant="light" leftSection={<IconPlus size={16} />} w="fit-content" disabled={v.questions.length >= 60} onClick={() => form.insertListItem('questions', blankQuestion(v.questions.map((q) => q.key)))}>
            {t('questionnaireUi.addQuestion')}
          </Button>

          <Divider label={t('questionnaireUi.bands')} labelPosition="left" />
          <Text size="sm" c="dimmed">
            {t('questionnaireUi.bandsHint')}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            {v.bands.map((b, i) => {
              const next = v.bands[i + 1];
              return (
                <NumberInput
                  key={b.level}
                  label={<RiskLevelBadge level={b.level} full />}
                  description={next ? t('questionnaireUi.band.between', { from: b.minScore, to: next.minScore - 1 }) : t('questionnaireUi.band.from', { from: b.minScore, max })}
                  min={0}
                  allowDecimal={false}
                  disabled={i === 0}
                  aria-label={t('questionnaireUi.bandMinOf', { level: b.level })}
                  {...form.getInputProps(`bands.${i}.minScore`)}
                  onChange={(x) => form.setFieldValue(`bands.${i}.minScore`, typeof x === 'number' ? x : 0)}
                />
              );
            })}
          </SimpleGrid>

          <Divider label={t('questionnaireUi.lowestRule')} labelPosition="left" />
          <Text size="sm" c="dimmed">
            {t('questionnaireUi.lowestRuleHint')}
          </Text>
          <Group gap="sm" align="center">
            <Checkbox
              label={t('questionnaireUi.lowestBelowToggle')}
              checked={v.lowestBelow !== null}
              onChange={(e) => form.setFieldValue('lowestBelow', e.currentTarget.checked ? (v.bands[1]?.minScore ?? 10) : null)}
            />
            {v.lowestBelow !== null && (
              <NumberInput
                w={120}
                min={0}
                allowDecimal={false}
                suffix={t('questionnaireUi.pointsSuffix')}
                aria-label={t('questionnaireUi.lowestBelowValue')}
                {...form.getInputProps('lowestBelow')}
                onChange={(x) => form.setFieldValue('lowestBelow', typeof x === 'number' ? x : 0)}
              />
            )}
          </Group>

          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('questionnaireUi.saveDraft')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
