import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Center, Checkbox, Group, Loader, Modal, Paper, Radio, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Answer, AssessmentDto, QuestionnaireDto, SuitabilityProfileDto } from '../../src-shared/suitability/suitability.contract';
import { levelForScore, scoreAnswers } from '../../src-shared/suitability/scoring';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { useRpcQuery } from '../data/useRpcQuery';
import { showError } from '../i18n/showError';
import { translateError, translateIssue } from '../i18n/translateMessage';
import { RiskLevelBadge } from '../products/RiskLevelBadge';

type Picks = Record<string, string[]>;

/** The running total of what is answered so far, and whether an answer already makes the customer lowest-category. */
function partial(q: QuestionnaireDto, picks: Picks) {
  let score = 0;
  let lowest = false;
  let answered = 0;
  for (const question of q.definition.questions) {
    const chosen = picks[question.key] ?? [];
    if (chosen.length === 0) continue;
    answered++;
    const opts = question.options.filter((o) => chosen.includes(o.key));
    score += Math.max(0, ...opts.map((o) => o.score));
    if (opts.some((o) => o.lowest)) lowest = true;
  }
  return { score, lowest, answered };
}

/**
 * A risk assessment (风险测评) filled in with the customer: the active questionnaire, one radio
 * group per question (checkboxes where several answers are allowed), the score and the resulting
 * level live as answers are picked (scored with the same function main uses; main scores again
 * on save and its answer is what counts).
 */
export function AssessmentModal({ customerId, customerName, onClose, onSaved }: { customerId: string; customerName: string; onClose(): void; onSaved(a: AssessmentDto, p: SuitabilityProfileDto): void }) {
  const { t } = useTranslation();
  const active = useRpcQuery('questionnaires.active', {});
  const [picks, setPicks] = useState<Picks>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const q = active.data ?? null;

  const answers: Answer[] = useMemo(() => Object.entries(picks).filter(([, o]) => o.length > 0).map(([question, options]) => ({ question, options })), [picks]);
  const live = q ? partial(q, picks) : null;
  const total = q?.definition.questions.length ?? 0;
  const complete = q !== null && live !== null && live.answered === total;
  const result = complete ? scoreAnswers(q.definition, answers) : null;
  const level = result?.ok ? result.level : q && live ? (live.lowest ? 'C1' : levelForScore(q.definition, live.score)) : null;
  const lowest = result?.ok ? result.lowest : (live?.lowest ?? false);

  const save = async () => {
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      const r = await rpc.call('suitability.assess', { customerId, questionnaireId: q.id, answers });
      onSaved(r.assessment, r.profile);
    } catch (e) {
      if (e instanceof RpcCallError) setError(e.rpc.issues?.length ? e.rpc.issues.map(translateIssue).join('；') : translateError(e.rpc));
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={t('suitUi.assess.title', { name: customerName })} data-testid="assessment-modal" closeOnClickOutside={false}>
      {active.error ? (
        <Alert color="red">{translateError(active.error.rpc)}</Alert>
      ) : !active.data && active.loading ? (
        <Center mih={200}>
          <Loader />
        </Center>
      ) : !q ? (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('suitUi.assess.noQuestionnaire')} data-testid="no-questionnaire">
          {t('suitUi.assess.noQuestionnaireHint')}
        </Alert>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('suitUi.assess.intro', { name: q.name, version: q.version })}
          </Text>
          <ScrollArea.Autosize mah="calc(100vh - 320px)" offsetScrollbars>
            <Stack gap="sm">
              {q.definition.questions.map((question, i) => {
                const chosen = picks[question.key] ?? [];
                const label = (
                  <Text size="sm" fw={600} component="span">
                    {t('questionnaireUi.questionNo', { n: i + 1 })} {question.text}
                    {question.multi && (
                      <Badge ml={6} size="xs" variant="light">
                        {t('questionnaireUi.multi')}
                      </Badge>
                    )}
                  </Text>
                );
                return (
                  <Paper key={question.key} withBorder radius="md" p="sm" data-question={question.key}>
                    {question.multi ? (
                      <Checkbox.Group label={label} value={chosen} onChange={(v) => setPicks((p) => ({ ...p, [question.key]: v }))}>
                        <Stack gap={6} mt={6}>
                          {question.options.map((o) => (
                            <Checkbox key={o.key} value={o.key} label={`${o.key}. ${o.text}`} />
                          ))}
                        </Stack>
                      </Checkbox.Group>
                    ) : (
                      <Radio.Group label={label} value={chosen[0] ?? null} onChange={(v) => setPicks((p) => ({ ...p, [question.key]: [v] }))}>
                        <Stack gap={6} mt={6}>
                          {question.options.map((o) => (
                            <Radio key={o.key} value={o.key} label={`${o.key}. ${o.text}`} />
                          ))}
                        </Stack>
                      </Radio.Group>
                    )}
                  </Paper>
                );
              })}
            </Stack>
          </ScrollArea.Autosize>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)" data-testid="assessment-live">
            <Group justify="space-between" wrap="nowrap">
              <Group gap="lg">
                <Text size="sm">{t('suitUi.assess.answered', { n: live?.answered ?? 0, total })}</Text>
                <Text size="sm">
                  {t('suitUi.assess.score')}{' '}
                  <Text span fw={700} data-testid="assessment-score">
                    {live?.score ?? 0}
                  </Text>
                </Text>
                <Group gap={6}>
                  <Text size="sm">{complete ? t('suitUi.assess.result') : t('suitUi.assess.provisional')}</Text>
                  {level && <RiskLevelBadge level={level} full lowest={lowest} size="lg" />}
                </Group>
              </Group>
              <Group gap="xs" wrap="nowrap">
                <Button variant="default" onClick={onClose}>
                  {t('common.cancel')}
                </Button>
                <Button onClick={() => void save()} loading={busy} disabled={!complete}>
                  {t('suitUi.assess.save')}
                </Button>
              </Group>
            </Group>
          </Paper>
        </Stack>
      )}
    </Modal>
  );
}
