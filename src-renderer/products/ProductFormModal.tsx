import { useRef, useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconReload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../src-shared/contract';
import { INVEST_HORIZONS, VARIETIES } from '../../src-shared/customers/customer-fields';
import {
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  PRODUCT_TYPES,
  type ProductDto,
  type ProductRiskLevel,
  type ProductSaveInput,
  type ProductStatus,
  type ProductType,
} from '../../src-shared/suitability/suitability.contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { zodValidator } from '../forms/zodValidator';
import { applyServerErrors } from '../forms/applyServerErrors';
import { DateField } from '../forms/DateField';
import { showError } from '../i18n/showError';
import { translateError } from '../i18n/translateMessage';
import { i18n } from '../i18n/i18n';

type Horizon = (typeof INVEST_HORIZONS)[number];
type Variety = (typeof VARIETIES)[number];
/** Field names are the contract's, so its issues land next to the right field; `minAmountFen` is typed in yuan. */
type Values = {
  code: string;
  name: string;
  type: ProductType;
  issuer: string;
  riskLevel: ProductRiskLevel;
  variety: Variety | null;
  horizon: Horizon | null;
  termDays: number | string;
  minAmountFen: number | string;
  saleStart: string | null;
  saleEnd: string | null;
  status: ProductStatus;
  documents: string[];
  riskChangeReason: string;
};

const isIn = <T extends string>(list: readonly T[], v: string | null): v is T => v !== null && (list as readonly string[]).includes(v);
const num = (v: number | string): number | null => (typeof v === 'number' ? v : v.trim() === '' || Number.isNaN(Number(v)) ? null : Number(v));

function fromProduct(p: ProductDto | null): Values {
  return {
    code: p?.code ?? '',
    name: p?.name ?? '',
    type: p?.type ?? 'fund',
    issuer: p?.issuer ?? '',
    riskLevel: p?.riskLevel ?? 'R3',
    variety: p?.variety ?? null,
    horizon: p?.horizon ?? null,
    termDays: p?.termDays ?? '',
    minAmountFen: p?.minAmountFen === null || p?.minAmountFen === undefined ? '' : p.minAmountFen / 100,
    saleStart: p?.saleStart ?? null,
    saleEnd: p?.saleEnd ?? null,
    status: p?.status ?? 'draft',
    documents: p?.documents ?? [],
    riskChangeReason: '',
  };
}

function toInput(v: Values, base: ProductDto | null): ProductSaveInput {
  const yuan = num(v.minAmountFen);
  const riskChanged = base !== null && base.riskLevel !== v.riskLevel;
  return {
    ...(base ? { id: base.id, version: base.version } : {}),
    code: v.code,
    name: v.name,
    type: v.type,
    issuer: v.issuer.trim() === '' ? null : v.issuer,
    riskLevel: v.riskLevel,
    variety: v.variety,
    horizon: v.horizon,
    termDays: num(v.termDays),
    minAmountFen: yuan === null ? null : Math.round(yuan * 100),
    saleStart: v.saleStart,
    saleEnd: v.saleEnd,
    status: v.status,
    documents: v.documents,
    riskChangeReason: riskChanged && v.riskChangeReason.trim() !== '' ? v.riskChangeReason : null,
  };
}

/**
 * Create or edit a product (HQ, products.manage), validated with the contract's schema. An edit
 * carries the version it loaded: if someone saved in between, main answers STALE and the form
 * offers the newer version (the person's edits are dropped, never silently merged). Changing
 * the risk level asks why; a rise starts the cascade (compliance reviews for holders).
 */
export function ProductFormModal({ product, onClose, onSaved }: { product: ProductDto | null; onClose(): void; onSaved(p: ProductDto, cascadeJobId: string | null): void }) {
  const { t } = useTranslation();
  const [base, setBase] = useState<ProductDto | null>(product);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The form keeps its first validate function: it reads the version loaded last through a ref.
  const baseRef = useRef(base);
  baseRef.current = base;
  const form = useForm<Values>({
    initialValues: fromProduct(product),
    validate: zodValidator<Values>(contract['products.save'].input, (v) => toInput(v, baseRef.current), (v): Record<string, string> =>
      baseRef.current && baseRef.current.riskLevel !== v.riskLevel && v.riskChangeReason.trim() === '' ? { riskChangeReason: i18n.t('validation.suitability.riskChangeReason') } : {},
    ),
  });
  const riskChanged = base !== null && base.riskLevel !== form.values.riskLevel;
  const rises = riskChanged && form.values.riskLevel > base.riskLevel;

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    setStale(null);
    try {
      const r = await rpc.call('products.save', toInput(values, base));
      notifications.show({ color: 'green', message: t(base ? 'productUi.saved' : 'productUi.created', { code: r.product.code }) });
      onSaved(r.product, r.cascadeJobId);
    } catch (e) {
      if (e instanceof RpcCallError && e.code === 'STALE') setStale(translateError(e.rpc));
      else setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  };

  const loadLatest = async () => {
    if (!base) return;
    try {
      const r = await rpc.call('products.get', { id: base.id });
      setBase(r.product);
      form.setValues(fromProduct(r.product));
      form.resetDirty();
      setStale(null);
    } catch (e) {
      showError(e);
    }
  };

  const options = <T extends string>(list: readonly T[], prefix: string) => list.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

  return (
    <Modal opened onClose={onClose} size="xl" title={base ? t('productUi.editTitle', { code: base.code }) : t('productUi.createTitle')} data-testid="product-form">
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {stale && (
            <Alert color="orange" title={t('productUi.staleTitle')} data-testid="product-stale">
              <Stack gap="xs" align="flex-start">
                <span>{stale}</span>
                <Button size="xs" leftSection={<IconReload size={14} />} onClick={() => void loadLatest()}>
                  {t('productUi.loadLatest')}
                </Button>
              </Stack>
            </Alert>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('productUi.field.code')} withAsterisk data-autofocus ff="monospace" {...form.getInputProps('code')} />
            <TextInput label={t('productUi.field.name')} withAsterisk {...form.getInputProps('name')} />
            <Select
              label={t('productUi.field.type')}
              withAsterisk
              allowDeselect={false}
              data={options(PRODUCT_TYPES, 'suitability.productType')}
              value={form.values.type}
              onChange={(v) => isIn(PRODUCT_TYPES, v) && form.setFieldValue('type', v)}
              error={form.errors.type}
            />
            <TextInput label={t('productUi.field.issuer')} {...form.getInputProps('issuer')} />
            <Select
              label={t('productUi.field.riskLevel')}
              withAsterisk
              allowDeselect={false}
              data={options(PRODUCT_RISK_LEVELS, 'suitability.productRisk')}
              value={form.values.riskLevel}
              onChange={(v) => isIn(PRODUCT_RISK_LEVELS, v) && form.setFieldValue('riskLevel', v)}
              error={form.errors.riskLevel}
            />
            <Select
              label={t('productUi.field.status')}
              withAsterisk
              allowDeselect={false}
              data={options(PRODUCT_STATUSES, 'suitability.productStatus')}
              value={form.values.status}
              onChange={(v) => isIn(PRODUCT_STATUSES, v) && form.setFieldValue('status', v)}
              error={form.errors.status}
            />
          </SimpleGrid>
          {riskChanged && (
            <Stack gap="xs">
              {rises && (
                <Alert color="orange" data-testid="risk-rise-warning">
                  {t('productUi.riseWarning', { from: base.riskLevel, to: form.values.riskLevel })}
                </Alert>
              )}
              <Textarea label={t('productUi.field.riskChangeReason')} withAsterisk autosize minRows={2} maxLength={300} {...form.getInputProps('riskChangeReason')} />
            </Stack>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('productUi.field.variety')}
              description={t('productUi.field.varietyHint')}
              clearable
              data={options(VARIETIES, 'customer.variety')}
              value={form.values.variety}
              onChange={(v) => form.setFieldValue('variety', isIn(VARIETIES, v) ? v : null)}
              error={form.errors.variety}
            />
            <Select
              label={t('productUi.field.horizon')}
              description={t('productUi.field.horizonHint')}
              clearable
              data={options(INVEST_HORIZONS, 'customer.investHorizon')}
              value={form.values.horizon}
              onChange={(v) => form.setFieldValue('horizon', isIn(INVEST_HORIZONS, v) ? v : null)}
              error={form.errors.horizon}
            />
            <NumberInput label={t('productUi.field.termDays')} min={0} max={36_500} allowDecimal={false} suffix={t('productUi.daysSuffix')} {...form.getInputProps('termDays')} />
            <NumberInput
              label={t('productUi.field.minAmountYuan')}
              min={0}
              decimalScale={2}
              thousandSeparator=","
              {...form.getInputProps('minAmountFen')}
            />
            <DateField label={t('productUi.field.saleStart')} {...form.getInputProps('saleStart')} />
            <DateField label={t('productUi.field.saleEnd')} {...form.getInputProps('saleEnd')} />
          </SimpleGrid>
          <TagsInput
            label={t('productUi.field.documents')}
            description={t('productUi.field.documentsHint')}
            clearable
            maxTags={30}
            {...form.getInputProps('documents')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={stale !== null}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
