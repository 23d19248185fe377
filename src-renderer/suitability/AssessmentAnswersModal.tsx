import { Alert, Badge, Center, Group, Loader, Modal, Paper, Stack, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AssessmentDto } from '../../src-shared/suitability/suitability.contract';
import { useRpcQuery } from '../data/useRpcQuery';
import { translateError } from '../i18n/translateMessage';
import { useFormat } from '../format/useFormat';
import { RiskLevelBadge } from '../products/RiskLevelBadge';

/** One assessment's answers as they were given, against the questionnaire version it was taken with (immutable). */
export function AssessmentAnswersModal({ assessment: a, onClose }: { assessment: AssessmentDto; onClose(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useRpcQuery('questionnaires.get', { id: a.questionnaireId });
  const chosen = new Map(a.answers.map((x) => [x.question, x.options]));
  return (
    <Modal opened onClose={onClose} size="lg" title={t('suitUi.answers.title', { date: fmt.date(a.assessedAt) })} data-testid="answers-modal">
      <Stack gap="sm">
        <Group gap="md">
          <Text size="sm">{t('suitUi.answers.questionnaire', { name: a.questionnaireName, version: a.questionnaireVersion })}</Text>
          <Text size="sm">{t('suitUi.answers.score', { score: a.score })}</Text>
          <RiskLevelBadge level={a.level} full lowest={a.lowest} />
        </Group>
        {q.error && <Alert color="red">{translateError(q.error.rpc)}</Alert>}
        {!q.data && !q.error && (
          <Center mih={120}>
            <Loader size="sm" />
          </Center>
        )}
        {q.data?.definition.questions.map((question, i) => {
          const picked = chosen.get(question.key) ?? [];
          return (
            <Paper key={question.key} withBorder radius="md" p="sm">
              <Text size="sm" fw={600} mb={4}>
                {t('questionnaireUi.questionNo', { n: i + 1 })} {question.text}
              </Text>
              <Stack gap={2}>
                {question.options.map((o) => {
                  const on = picked.includes(o.key);
                  return (
                    <Group key={o.key} gap={6} wrap="nowrap">
                      {on ? <IconCheck size={14} color="var(--mantine-color-blue-6)" /> : <span style={{ width: 14 }} />}
                      <Text size="sm" fw={on ? 600 : 400} c={on ? undefined : 'dimmed'}>
                        {o.key}. {o.text}
                      </Text>
                      {on && (
                        <Badge size="xs" variant="light">
                          {t('questionnaireUi.points', { n: o.score })}
                        </Badge>
                      )}
                    </Group>
                  );
                })}
              </Stack>
            </Paper>
          );
        })}
      </Stack>
    </Modal>
  );
}
