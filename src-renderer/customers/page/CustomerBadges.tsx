import { Badge, Group, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LONG_TERM_EXPIRY, type CustomerDto } from '../../../src-shared/customers/customers.contract';
import { useFormat } from '../../format/useFormat';

const levelColor: Record<CustomerDto['level'], string> = { normal: 'gray', silver: 'blue', gold: 'yellow', platinum: 'violet', diamond: 'grape' };
/** Days before an assessment's expiry from which the badge warns. */
const EXPIRY_WARN_DAYS = 30;

/** Level, suitability (risk level or professional), assessment and ID validity, status, elderly: what a person must see first. */
export function CustomerBadges({ customer: c }: { customer: CustomerDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const today = fmt.date(new Date());
  const soon = fmt.date(new Date(Date.now() + EXPIRY_WARN_DAYS * 86_400_000));
  const riskExpiry = c.riskExpiresAt ? fmt.date(c.riskExpiresAt) || c.riskExpiresAt : null;
  const idExpiry = c.idExpiry && c.idExpiry !== LONG_TERM_EXPIRY ? c.idExpiry : null;

  return (
    <Group gap={6} data-testid="customer-badges">
      <Badge variant="light" color={levelColor[c.level]}>
        {t(`customerLevel.${c.level}`)}
      </Badge>
      {c.investorCategory === 'professional' ? (
        <Badge variant="filled" color="indigo">
          {t('customer.badge.professional')}
        </Badge>
      ) : c.riskLevel ? (
        <Tooltip label={t('customer.badge.riskTip')}>
          <Badge variant="outline" color={c.riskLowest ? 'red' : 'blue'}>
            {c.riskLowest ? t('customer.badge.riskLowest', { level: c.riskLevel }) : t('customer.badge.risk', { level: c.riskLevel })}
          </Badge>
        </Tooltip>
      ) : (
        <Badge variant="outline" color="gray">
          {t('customer.badge.riskNone')}
        </Badge>
      )}
      {c.investorCategory !== 'professional' && riskExpiry && (
        riskExpiry < today ? (
          <Badge color="red" variant="light">
            {t('customer.badge.riskExpired', { date: riskExpiry })}
          </Badge>
        ) : (
          <Badge color={riskExpiry <= soon ? 'orange' : 'gray'} variant="light">
            {t('customer.badge.riskValid', { date: riskExpiry })}
          </Badge>
        )
      )}
      {idExpiry && idExpiry < today && (
        <Badge color="red" variant="light">
          {t('customer.badge.idExpired', { date: idExpiry })}
        </Badge>
      )}
      {c.status !== 'active' && (
        <Badge color={c.status === 'dormant' ? 'yellow' : 'gray'} variant="filled">
          {t(`customerStatus.${c.status}`)}
        </Badge>
      )}
      {c.elderly && (
        <Tooltip label={t('customer.badge.elderlyTip')}>
          <Badge color="orange" variant="light">
            {t('customer.badge.elderly')}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
