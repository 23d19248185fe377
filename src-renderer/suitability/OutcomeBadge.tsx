import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RuleCode, SuitabilityOutcome } from '../../src-shared/suitability/suitability.contract';

export const outcomeColor: Record<SuitabilityOutcome, string> = { allowed: 'green', warn: 'orange', needs_approval: 'violet', blocked: 'red' };

/** The rule's outcome as recorded, its reasons in the tooltip. */
export function OutcomeBadge({ outcome, reasons }: { outcome: SuitabilityOutcome; reasons: readonly RuleCode[] }) {
  const { t } = useTranslation();
  const badge = (
    <Badge size="sm" variant="light" color={outcomeColor[outcome]} data-outcome={outcome} style={{ minWidth: 'max-content' }}>
      {t(`suitability.outcome.${outcome}`)}
    </Badge>
  );
  if (reasons.length === 0) return badge;
  return (
    <Tooltip label={reasons.map((r) => t(`suitability.rule.${r}`)).join('；')} multiline maw={320} withinPortal>
      {badge}
    </Tooltip>
  );
}
