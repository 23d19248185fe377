import { useState } from 'react';
import { Group, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { ProductDto } from '../../src-shared/suitability/suitability.contract';
import { useRpcQuery } from '../data/useRpcQuery';
import { RiskLevelBadge } from '../products/RiskLevelBadge';

const label = (p: ProductDto) => `${p.code} ${p.name}`;

/**
 * Choose a product on sale, searched on the server by code or name as the person types (the list
 * can be long); each option shows its risk level. The chosen product stays in the options so the
 * field keeps showing it.
 */
export function ProductPicker({ value, onChange, error }: { value: ProductDto | null; onChange(p: ProductDto | null): void; error?: string | undefined }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  // Typing searches; the chosen product's own label in the box is not a search.
  const typed = value && search === label(value) ? '' : search.trim();
  const [q] = useDebouncedValue(typed, 200);
  const found = useRpcQuery('products.list', { ...(q ? { q } : {}), status: 'on_sale', limit: 30 });
  const rows = found.data?.rows ?? [];
  const all = value && !rows.some((r) => r.id === value.id) ? [value, ...rows] : rows;
  const byId = new Map(all.map((p) => [p.id, p]));

  return (
    <Select
      label={t('suitUi.rec.product')}
      placeholder={t('suitUi.rec.productHint')}
      withAsterisk
      searchable
      clearable
      data={all.map((p) => ({ value: p.id, label: label(p) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(id ? (byId.get(id) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={found.loading ? t('common.loading') : t('suitUi.rec.noProduct')}
      renderOption={({ option }) => {
        const p = byId.get(option.value);
        return p ? (
          <Group gap={8} wrap="nowrap">
            <RiskLevelBadge level={p.riskLevel} />
            <Text size="sm" ff="monospace">
              {p.code}
            </Text>
            <Text size="sm">{p.name}</Text>
          </Group>
        ) : (
          option.label
        );
      }}
      leftSection={value ? <RiskLevelBadge level={value.riskLevel} size="xs" /> : undefined}
      leftSectionWidth={value ? 44 : undefined}
      error={error}
      data-testid="product-picker"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
