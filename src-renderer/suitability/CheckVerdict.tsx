import { Alert, Checkbox, Group, List, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconBan, IconCircleCheck, IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CheckResultDto, RuleCode } from '../../src-shared/suitability/suitability.contract';
import { RiskLevelBadge } from '../products/RiskLevelBadge';

function Reasons({ reasons }: { reasons: readonly RuleCode[] }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <List size="sm" spacing={2} mt={4} data-testid="verdict-reasons">
      {reasons.map((r) => (
        <List.Item key={r} data-reason={r}>
          {t(`suitability.rule.${r}`)}
        </List.Item>
      ))}
    </List>
  );
}

/**
 * What suitability.check said, before anything is saved: allowed (green), blocked (red, with
 * every reason; nothing can be saved), a customer-initiated mismatch (the risk warning with its
 * version and the customer's acknowledgement), or a high-risk purchase by an elderly investor
 * (a second person approves). The levels compared are shown side by side.
 */
export function CheckVerdict({ check, acknowledged, onAcknowledge }: { check: CheckResultDto; acknowledged: boolean; onAcknowledge(v: boolean): void }) {
  const { t } = useTranslation();
  const p = check.profile;
  const compared = (
    <Group gap={6} mb={4}>
      <Text size="sm">{t('suitUi.check.product')}</Text>
      <RiskLevelBadge level={check.productLevel} />
      <Text size="sm">{t('suitUi.check.customer')}</Text>
      {p.category === 'professional' ? (
        <Text size="sm" fw={500}>
          {t('customer.investorCategory.professional')}
        </Text>
      ) : p.riskLevel ? (
        <RiskLevelBadge level={p.riskLevel} lowest={p.riskLowest} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('customer.badge.riskNone')}
        </Text>
      )}
      {p.category !== 'professional' && p.assessmentStatus !== 'valid' && (
        <Text size="sm" c="red">
          {t(`suitability.assessmentStatus.${p.assessmentStatus}`)}
        </Text>
      )}
    </Group>
  );

  if (check.outcome === 'blocked') {
    return (
      <Alert color="red" icon={<IconBan size={18} />} title={t('suitUi.check.blocked')} data-testid="verdict" data-outcome="blocked">
        {compared}
        <Text size="sm">{t('suitUi.check.blockedHint')}</Text>
        <Reasons reasons={check.reasons} />
      </Alert>
    );
  }
  if (check.outcome === 'allowed') {
    return (
      <Alert color="green" icon={<IconCircleCheck size={18} />} title={t('suitUi.check.allowed')} data-testid="verdict" data-outcome="allowed">
        {compared}
        <Text size="sm">{t('suitUi.check.allowedHint')}</Text>
      </Alert>
    );
  }
  return (
    <Stack gap="sm" data-testid="verdict" data-outcome={check.outcome}>
      {check.requiresApproval && (
        <Alert color="violet" icon={<IconUserCheck size={18} />} title={t('suitUi.check.needsApproval')}>
          {!check.requiresAck && compared}
          <Text size="sm">{t('suitUi.check.needsApprovalHint')}</Text>
          <Reasons reasons={check.reasons.filter((r) => r === 'elderly_high_risk')} />
        </Alert>
      )}
      {check.requiresAck && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('suitUi.check.warn')}>
          {compared}
          <Text size="sm">{t('suitUi.check.warnHint')}</Text>
          <Reasons reasons={check.reasons.filter((r) => r !== 'elderly_high_risk')} />
        </Alert>
      )}
      {check.requiresAck && check.warningVersion && (
        <Paper withBorder radius="md" p="sm" data-testid="risk-warning" data-version={check.warningVersion}>
          <Text size="sm" fw={600} mb={4}>
            {t('suitUi.check.warningTitle', { version: check.warningVersion })}
          </Text>
          <ScrollArea.Autosize mah={160} offsetScrollbars>
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {t(`suitability.warning.text.${check.warningVersion}`)}
            </Text>
          </ScrollArea.Autosize>
          <Checkbox mt="sm" label={t('suitUi.check.ack')} checked={acknowledged} onChange={(e) => onAcknowledge(e.currentTarget.checked)} data-testid="warning-ack" />
        </Paper>
      )}
    </Stack>
  );
}
