import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LONG_TERM_EXPIRY, type CustomerPageDto } from '../../../src-shared/customers/customers.contract';
import { useFormat } from '../../format/useFormat';
import { PiiValue } from './PiiValue';
import { ProfileSection, type ProfileItem } from './ProfileSection';
import type { PiiReveal } from './usePiiReveal';

/** Every field of the record, grouped as a branch reads them; personal data masked with a reveal per field. */
export function ProfileTab({ page, pii }: { page: CustomerPageDto; pii: PiiReveal }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = page.customer;
  const opt = (prefix: string, v: string | null) => (v ? t(`${prefix}.${v}`) : '—');
  const text = (v: string | null) => v ?? '—';
  const label = (f: string) => t(`customer.field.${f}`);
  const item = (key: string, value: ProfileItem['value'], span = false): ProfileItem => ({ key, label: label(key), value, span });
  const pi = (key: 'idNo' | 'phone' | 'phone2' | 'email' | 'address', masked: string | null, span = false) =>
    item(key, <PiiValue field={key} masked={masked} pii={pii} label={label(key)} />, span);

  const basic = [
    item('customerNo', c.customerNo),
    item('kind', t(`customerKind.${c.kind}`)),
    item('name', c.name),
    item('gender', opt('gender', c.gender)),
    item('birthDate', text(c.birthDate)),
    item('nationality', text(c.nationality)),
    item('occupation', text(c.occupation)),
    item('education', opt('customer.education', c.education)),
    item('incomeBand', opt('customer.incomeBand', c.incomeBand)),
  ];
  const identity = [
    item('idType', t(`idType.${c.idType}`)),
    pi('idNo', c.idNo),
    item('idExpiry', c.idExpiry === LONG_TERM_EXPIRY ? t('customer.longTerm') : text(c.idExpiry)),
  ];
  const contact = [pi('phone', c.phone), pi('phone2', c.phone2), pi('email', c.email), item('wechat', text(c.wechat)), pi('address', c.address, true)];
  const service = [
    item('branch', c.branchName),
    item('manager', c.managerName ?? t('customer.unassigned')),
    item('openDate', text(c.openDate)),
    item('sourceChannel', opt('customer.sourceChannel', c.sourceChannel)),
    item('status', t(`customerStatus.${c.status}`)),
    item('level', t(`customerLevel.${c.level}`)),
    item('assets', <Text size="sm" ff="monospace">{fmt.money(c.assetsFen)}</Text>),
    item('lastContactAt', c.lastContactAt ? fmt.dateTime(c.lastContactAt) : '—'),
  ];
  const suitability = [
    item('investorCategory', t(`customer.investorCategory.${c.investorCategory}`)),
    item('riskLevel', c.investorCategory === 'professional' ? t('customer.riskNotApplicable') : c.riskLevel ? `${c.riskLevel}${c.riskLowest ? ` · ${t('customer.riskLowest')}` : ''}` : t('customer.badge.riskNone')),
    item('riskAssessedAt', c.riskAssessedAt ? fmt.date(c.riskAssessedAt) : '—'),
    item('riskExpiresAt', c.riskExpiresAt ? fmt.date(c.riskExpiresAt) : '—'),
    item('investExperience', opt('customer.investExperience', c.investExperience)),
    item('investHorizon', opt('customer.investHorizon', c.investHorizon)),
    item(
      'preferredVarieties',
      c.preferredVarieties.length ? (
        <Group gap={4}>
          {c.preferredVarieties.map((v) => (
            <Badge key={v} size="sm" variant="light" color="gray">
              {t(`customer.variety.${v}`)}
            </Badge>
          ))}
        </Group>
      ) : (
        '—'
      ),
      true,
    ),
  ];
  const other = [
    item('notes', text(c.notes), true),
    item('createdAt', fmt.dateTime(c.createdAt)),
    item('updatedAt', c.updatedByName ? t('customer.updatedBy', { at: fmt.dateTime(c.updatedAt), by: c.updatedByName }) : fmt.dateTime(c.updatedAt)),
  ];

  return (
    <Stack gap="md" data-testid="customer-profile">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ProfileSection title={t('customer.section.basic')} items={basic} />
        <Stack gap="md">
          <ProfileSection title={t('customer.section.identity')} items={identity} />
          <ProfileSection title={t('customer.section.contact')} items={contact} />
        </Stack>
        <ProfileSection title={t('customer.section.service')} items={service} />
        <ProfileSection title={t('customer.section.suitability')} items={suitability} />
      </SimpleGrid>
      <ProfileSection title={t('customer.section.other')} items={other} />
      {page.ownership.length > 0 && (
        <ProfileSection
          title={t('customer.section.ownership')}
          items={[
            {
              key: 'ownership',
              label: t('customer.ownership.hint'),
              span: true,
              value: (
                <Table mt={4} fz="sm" verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('customer.field.manager')}</Table.Th>
                      <Table.Th>{t('customer.ownership.from')}</Table.Th>
                      <Table.Th>{t('customer.ownership.to')}</Table.Th>
                      <Table.Th>{t('customer.ownership.reason')}</Table.Th>
                      <Table.Th>{t('customer.ownership.by')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.ownership.map((o) => (
                      <Table.Tr key={o.id}>
                        <Table.Td>{o.managerName ?? t('customer.unassigned')}</Table.Td>
                        <Table.Td>{fmt.date(o.validFrom)}</Table.Td>
                        <Table.Td>{o.validTo ? fmt.date(o.validTo) : t('customer.ownership.current')}</Table.Td>
                        <Table.Td>{t(`customer.ownershipReason.${o.reason}`)}</Table.Td>
                        <Table.Td>{o.assignedByName ?? '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ),
            },
          ]}
        />
      )}
    </Stack>
  );
}
