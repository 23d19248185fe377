import { DateField } from '../../forms/DateField';
import { Button, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_LEVELS, CUSTOMER_STATUSES, RISK_LEVELS, type CustomerFilter } from '../../../src-shared/customers/customers.contract';
import type { OrgUnitDto } from '../../../src-shared/org/org.contract';
import type { UserDto } from '../../../src-shared/users/users.contract';

type Props = {
  filter: CustomerFilter;
  onChange(patch: Partial<CustomerFilter>): void;
  onClear(): void;
  /** Branches to pick from: HQ users only (null hides the field). */
  branches: OrgUnitDto[] | null;
  /** Account managers to pick from (null when the user cannot list users: an account manager sees only their own). */
  managers: UserDto[] | null;
  tags: { tag: string; count: number }[];
  /** The tag picker opened: time to fetch the tags in use. */
  onTagsOpen(): void;
};

const UNASSIGNED = '__unassigned__';
const pick = <T extends string>(all: readonly T[], values: string[]): T[] => all.filter((v) => values.includes(v));
const yuan = (fen: number | undefined) => (fen === undefined ? '' : fen / 100);
const fen = (v: number | string): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v * 100) : undefined);

/** The list's filters, each one of the declared filter shapes; changes apply at once. */
export function CustomerFilterPanel({ filter, onChange, onClear, branches, managers, tags, onTagsOpen }: Props) {
  const { t } = useTranslation();
  const managerValue = filter.unassigned ? UNASSIGNED : (filter.managerId ?? null);
  const managerOptions = (managers ?? []).filter((m) => !filter.branchId || m.branchId === filter.branchId);
  const dateInput = (key: 'openFrom' | 'openTo' | 'lastContactFrom' | 'lastContactTo', label: string) => (
    <DateField label={label} value={filter[key] ?? null} onChange={(v) => onChange({ [key]: v ?? undefined })} />
  );

  return (
    <Paper withBorder radius="md" p="md" mb="md" data-testid="customer-filters">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
        {branches && (
          <Select
            label={t('customers.filter.branch')}
            placeholder={t('common.all')}
            data={branches.filter((b) => b.kind === 'branch').map((b) => ({ value: b.id, label: b.name }))}
            value={filter.branchId ?? null}
            onChange={(v) => onChange({ branchId: v ?? undefined, managerId: undefined })}
            searchable
            clearable
          />
        )}
        {managers && (
          <Select
            label={t('customers.filter.manager')}
            placeholder={t('common.all')}
            data={[{ value: UNASSIGNED, label: t('customers.filter.unassigned') }, ...managerOptions.map((m) => ({ value: m.id, label: m.displayName }))]}
            value={managerValue}
            onChange={(v) => onChange(v === UNASSIGNED ? { unassigned: true, managerId: undefined } : { managerId: v ?? undefined, unassigned: undefined })}
            searchable
            clearable
          />
        )}
        <MultiSelect
          label={t('customers.filter.level')}
          placeholder={filter.levels?.length ? undefined : t('common.all')}
          data={CUSTOMER_LEVELS.map((l) => ({ value: l, label: t(`customerLevel.${l}`) }))}
          value={filter.levels ?? []}
          onChange={(v) => onChange({ levels: pick(CUSTOMER_LEVELS, v) })}
          clearable
        />
        <MultiSelect
          label={t('customers.filter.status')}
          placeholder={filter.statuses?.length ? undefined : t('common.all')}
          data={CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customerStatus.${s}`) }))}
          value={filter.statuses ?? []}
          onChange={(v) => onChange({ statuses: pick(CUSTOMER_STATUSES, v) })}
          clearable
        />
        <MultiSelect
          label={t('customers.filter.risk')}
          placeholder={filter.riskLevels?.length ? undefined : t('common.all')}
          data={RISK_LEVELS.map((r) => ({ value: r, label: t(`riskLevel.${r}`) }))}
          value={filter.riskLevels ?? []}
          onChange={(v) => onChange({ riskLevels: pick(RISK_LEVELS, v) })}
          clearable
        />
        <MultiSelect
          label={t('customers.filter.tags')}
          placeholder={filter.tags?.length ? undefined : t('common.all')}
          data={[...new Set([...tags.map((x) => x.tag), ...(filter.tags ?? [])])].map((tag) => {
            const n = tags.find((x) => x.tag === tag)?.count;
            return { value: tag, label: n === undefined ? tag : `${tag} (${n})` };
          })}
          value={filter.tags ?? []}
          onChange={(v) => onChange({ tags: v.slice(0, 10) })}
          nothingFoundMessage={t('customers.filter.noTags')}
          onDropdownOpen={onTagsOpen}
          searchable
          clearable
        />
        <NumberInput
          label={t('customers.filter.assetsMin')}
          value={yuan(filter.assetsMinFen)}
          onChange={(v) => onChange({ assetsMinFen: fen(v) })}
          min={0}
          thousandSeparator=","
          decimalScale={2}
          hideControls
        />
        <NumberInput
          label={t('customers.filter.assetsMax')}
          value={yuan(filter.assetsMaxFen)}
          onChange={(v) => onChange({ assetsMaxFen: fen(v) })}
          min={0}
          thousandSeparator=","
          decimalScale={2}
          hideControls
        />
        {dateInput('openFrom', t('customers.filter.openFrom'))}
        {dateInput('openTo', t('customers.filter.openTo'))}
        {dateInput('lastContactFrom', t('customers.filter.lastContactFrom'))}
        {dateInput('lastContactTo', t('customers.filter.lastContactTo'))}
      </SimpleGrid>
      <Group mt="md" gap="lg" justify="space-between">
        <Group gap="lg">
          <Switch label={t('customers.filter.riskExpired')} checked={filter.riskExpired ?? false} onChange={(e) => onChange({ riskExpired: e.currentTarget.checked })} />
          <Switch label={t('customers.filter.idExpired')} checked={filter.idExpired ?? false} onChange={(e) => onChange({ idExpired: e.currentTarget.checked })} />
          <Switch label={t('customers.filter.elderly')} checked={filter.elderly ?? false} onChange={(e) => onChange({ elderly: e.currentTarget.checked })} />
        </Group>
        <Button variant="subtle" size="compact-sm" leftSection={<IconFilterOff size={16} />} onClick={onClear} disabled={Object.keys(filter).length === 0}>
          {t('customers.filter.clear')}
        </Button>
      </Group>
    </Paper>
  );
}
