import { Badge, Group, List, Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireDefinition } from '../../src-shared/suitability/suitability.contract';
import { RiskLevelBadge } from '../products/RiskLevelBadge';
import { maxScore } from './blankDefinition';

/** A questionnaire's content, read-only: questions with their options and scores, bands, the lowest-category rule. */
export function QuestionnaireView({ definition: d }: { definition: QuestionnaireDefinition }) {
  const { t } = useTranslation();
  const max = maxScore(d);
  return (
    <Stack gap="md">
      {d.questions.map((q, i) => (
        <Paper key={q.key} withBorder radius="md" p="sm">
          <Group gap={6} mb={6}>
            <Text size="sm" fw={600}>
              {t('questionnaireUi.questionNo', { n: i + 1 })} {q.text}
            </Text>
            {q.multi && (
              <Badge size="xs" variant="light">
                {t('questionnaireUi.multi')}
              </Badge>
            )}
          </Group>
          <List size="sm" spacing={2} listStyleType="none">
            {q.options.map((o) => (
              <List.Item key={o.key}>
                <Group gap={6}>
                  <Text size="sm">
                    {o.key}. {o.text}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('questionnaireUi.points', { n: o.score })}
                  </Text>
                  {o.lowest && (
                    <Badge size="xs" color="red" variant="light">
                      {t('questionnaireUi.lowestOption')}
                    </Badge>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        </Paper>
      ))}
      <Table withTableBorder verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('questionnaireUi.band.level')}</Table.Th>
            <Table.Th>{t('questionnaireUi.band.range')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.bands.map((b, i) => {
            const next = d.bands[i + 1];
            return (
              <Table.Tr key={b.level}>
                <Table.Td>
                  <RiskLevelBadge level={b.level} full />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{next ? t('questionnaireUi.band.between', { from: b.minScore, to: next.minScore - 1 }) : t('questionnaireUi.band.from', { from: b.minScore, max })}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        {d.lowestBelow !== null ? t('questionnaireUi.lowestRuleBelow', { n: d.lowestBelow }) : t('questionnaireUi.lowestRuleOptions')}
      </Text>
    </Stack>
  );
}
