import { Badge, Tooltip, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProductRiskLevel, CustomerRiskLevel } from '../../src-shared/suitability/suitability.contract';

/**
 * One colour scale for risk everywhere: level 1 (R1 / C1) teal through level 5 red, so a
 * product's R and a customer's C of the same number look alike and a mismatch stands out.
 */
const SCALE = ['teal', 'lime', 'yellow', 'orange', 'red'] as const;

export function riskColor(level: ProductRiskLevel | CustomerRiskLevel): string {
  return SCALE[Number(level.slice(1)) - 1] ?? 'gray';
}

/**
 * A product's risk level (R1–R5) or a customer's risk tolerance (C1–C5) as a badge: the code,
 * or the full label (`full`); the full label is the tooltip otherwise. `lowest` marks the
 * lowest-risk-tolerance category (C1, R1 products only).
 */
export function RiskLevelBadge({ level, full = false, lowest = false, size = 'sm' }: { level: ProductRiskLevel | CustomerRiskLevel; full?: boolean; lowest?: boolean; size?: BadgeProps['size'] }) {
  const { t } = useTranslation();
  const label = level.startsWith('R') ? t(`suitability.productRisk.${level}`) : t(`riskLevel.${level}`);
  const text = full ? label : level;
  const badge = (
    <Badge size={size} color={riskColor(level)} variant={level.startsWith('R') ? 'filled' : 'light'} autoContrast data-risk={level} style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {lowest ? t('suitUi.lowestShort', { level: text }) : text}
    </Badge>
  );
  return full ? badge : (
    <Tooltip label={lowest ? t('suitUi.lowestTip', { level: label }) : label} withinPortal>
      {badge}
    </Tooltip>
  );
}
