import { useState } from 'react';
import { Anchor, Badge, Button, EmptyState, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPackage, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { KeysetListFrame } from '../suitability/KeysetListFrame';
import {
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  PRODUCT_TYPES,
  type ProductDto,
  type ProductRiskLevel,
  type ProductStatus,
  type ProductType,
} from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { useFormat } from '../format/useFormat';
import { useCanHqData } from '../session/useCanHqData';
import { useKeysetList } from '../suitability/useKeysetList';
import { RiskLevelBadge } from './RiskLevelBadge';
import { ProductStatusBadge } from './ProductStatusBadge';
import { ProductFormModal } from './ProductFormModal';

const isIn = <T extends string>(list: readonly T[], v: string | null): v is T => v !== null && (list as readonly string[]).includes(v);

/** Products (HQ master data): search by code or name, filter by type, risk level and status; HQ creates new ones. */
export function ProductListPanel({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canManage = useCanHqData('products.manage');
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const [type, setType] = useState<ProductType | null>(null);
  const [riskLevel, setRiskLevel] = useState<ProductRiskLevel | null>(null);
  const [status, setStatus] = useState<ProductStatus | null>(null);
  const [creating, setCreating] = useState(false);
  const filters = { ...(debouncedQ ? { q: debouncedQ } : {}), ...(type ? { type } : {}), ...(riskLevel ? { riskLevel } : {}), ...(status ? { status } : {}) };
  const list = useKeysetList<ProductDto>(JSON.stringify(filters), (after) => rpc.call('products.list', { ...filters, ...(after ? { after } : {}), limit: 50 }));

  const saleWindow = (p: ProductDto) => (p.saleStart || p.saleEnd ? `${p.saleStart ?? '…'} ~ ${p.saleEnd ?? '…'}` : '—');

  return (
    <>
      <Group mb="md" gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={t('productUi.search')}
          placeholder={t('productUi.searchHint')}
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
          data-testid="product-search"
        />
        <Select
          label={t('productUi.field.type')}
          placeholder={t('common.all')}
          clearable
          data={PRODUCT_TYPES.map((v) => ({ value: v, label: t(`suitability.productType.${v}`) }))}
          value={type}
          onChange={(v) => setType(isIn(PRODUCT_TYPES, v) ? v : null)}
          w={150}
        />
        <Select
          label={t('productUi.field.riskLevel')}
          placeholder={t('common.all')}
          clearable
          data={PRODUCT_RISK_LEVELS.map((v) => ({ value: v, label: t(`suitability.productRisk.${v}`) }))}
          value={riskLevel}
          onChange={(v) => setRiskLevel(isIn(PRODUCT_RISK_LEVELS, v) ? v : null)}
          w={170}
        />
        <Select
          label={t('productUi.field.status')}
          placeholder={t('common.all')}
          clearable
          data={PRODUCT_STATUSES.map((v) => ({ value: v, label: t(`suitability.productStatus.${v}`) }))}
          value={status}
          onChange={(v) => setStatus(isIn(PRODUCT_STATUSES, v) ? v : null)}
          w={140}
        />
        {canManage && (
          <Button ml="auto" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('productUi.create')}
          </Button>
        )}
      </Group>
      <KeysetListFrame list={list} minWidth={1000} empty={<EmptyState py={48} icon={<IconPackage size={30} stroke={1.5} />} withIndicatorBackground title={t('productUi.empty')} description={canManage ? t('productUi.emptyHintManage') : t('productUi.emptyHint')} />}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="products-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('productUi.field.code')}</Table.Th>
              <Table.Th>{t('productUi.field.name')}</Table.Th>
              <Table.Th>{t('productUi.field.type')}</Table.Th>
              <Table.Th>{t('productUi.field.riskLevel')}</Table.Th>
              <Table.Th>{t('productUi.field.issuer')}</Table.Th>
              <Table.Th ta="right">{t('productUi.field.termDays')}</Table.Th>
              <Table.Th ta="right">{t('productUi.field.minAmount')}</Table.Th>
              <Table.Th>{t('productUi.field.saleWindow')}</Table.Th>
              <Table.Th>{t('productUi.field.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((p) => (
              <Table.Tr key={p.id} data-code={p.code} style={{ cursor: 'pointer' }} onClick={() => onOpen(p.id)}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {p.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor component="button" size="sm" fw={500} onClick={() => onOpen(p.id)}>
                    {p.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="outline" color="gray">
                    {t(`suitability.productType.${p.type}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <RiskLevelBadge level={p.riskLevel} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{p.issuer ?? '—'}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{p.termDays === null ? '—' : t('productUi.days', { n: fmt.number(p.termDays) })}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{p.minAmountFen === null ? '—' : fmt.money(p.minAmountFen)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {saleWindow(p)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ProductStatusBadge status={p.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </KeysetListFrame>
      {creating && (
        <ProductFormModal
          product={null}
          onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            list.reload();
            onOpen(p.id);
          }}
        />
      )}
    </>
  );
}
