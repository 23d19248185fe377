import { DateField } from '../../forms/DateField';
import { useState } from 'react';
import { Alert, Anchor, Button, Drawer, Group, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  CUSTOMER_KINDS,
  EDUCATION,
  ID_TYPES,
  INCOME_BANDS,
  INVEST_EXPERIENCE,
  INVEST_HORIZONS,
  PII_FIELDS,
  SOURCE_CHANNELS,
  VARIETIES,
  zCustomerUpdate,
  type CustomerDto,
  type DuplicateMatch,
  type PiiField,
} from '../../../src-shared/customers/customers.contract';
import type { MethodInput } from '../../../src-shared/contract';
import { issueFromZod } from '../../../src-shared/rpc/zod-issues';
import { rpc } from '../../platform/rpc';
import { RpcCallError } from '../../platform/RpcCallError';
import { applyServerErrors } from '../../forms/applyServerErrors';
import { translateIssue } from '../../i18n/translateMessage';
import { showError } from '../../i18n/showError';
import { useNavStore } from '../../nav/useNavStore';

type Patch = MethodInput<'customers.update'>['patch'];
type Variety = (typeof VARIETIES)[number];

/** The edit form's values: text inputs hold strings ('' for none), the varieties a list. */
type EditValues = {
  customerNo: string;
  kind: string;
  name: string;
  gender: string;
  birthDate: string;
  idType: string;
  idNo: string;
  idExpiry: string;
  nationality: string;
  occupation: string;
  education: string;
  incomeBand: string;
  address: string;
  phone: string;
  phone2: string;
  email: string;
  wechat: string;
  openDate: string;
  sourceChannel: string;
  investExperience: string;
  investHorizon: string;
  notes: string;
  preferredVarieties: Variety[];
};
type TextField = Exclude<keyof EditValues, 'preferredVarieties'>;

/** Select fields: their allowed values and the catalogue prefix of their labels. */
const EDIT_ENUMS = {
  kind: { values: CUSTOMER_KINDS, prefix: 'customerKind', required: true },
  gender: { values: ['M', 'F'], prefix: 'gender', required: false },
  idType: { values: ID_TYPES, prefix: 'idType', required: true },
  education: { values: EDUCATION, prefix: 'customer.education', required: false },
  incomeBand: { values: INCOME_BANDS, prefix: 'customer.incomeBand', required: false },
  sourceChannel: { values: SOURCE_CHANNELS, prefix: 'customer.sourceChannel', required: false },
  investExperience: { values: INVEST_EXPERIENCE, prefix: 'customer.investExperience', required: false },
  investHorizon: { values: INVEST_HORIZONS, prefix: 'customer.investHorizon', required: false },
} as const satisfies Partial<Record<TextField, { values: readonly string[]; prefix: string; required: boolean }>>;

const REQUIRED: readonly TextField[] = ['customerNo', 'kind', 'name', 'idType', 'idNo'];
const TEXT_FIELDS: readonly TextField[] = [
  'customerNo', 'kind', 'name', 'gender', 'birthDate', 'idType', 'idNo', 'idExpiry', 'nationality', 'occupation', 'education', 'incomeBand',
  'address', 'phone', 'phone2', 'email', 'wechat', 'openDate', 'sourceChannel', 'investExperience', 'investHorizon', 'notes',
];
const isPii = (f: string): f is PiiField => (PII_FIELDS as readonly string[]).includes(f);

/**
 * The form's starting values. Personal data arrives masked: a field starts empty (the mask as its
 * placeholder, "leave empty to keep") unless the user revealed it on this page.
 */
function editValuesFrom(c: CustomerDto, revealed: Partial<Record<PiiField, string | null>>): EditValues {
  const pii = (f: PiiField) => (f in revealed ? (revealed[f] ?? '') : '');
  return {
    customerNo: c.customerNo,
    kind: c.kind,
    name: c.name,
    gender: c.gender ?? '',
    birthDate: c.birthDate ?? '',
    idType: c.idType,
    idNo: pii('idNo'),
    idExpiry: c.idExpiry ?? '',
    nationality: c.nationality ?? '',
    occupation: c.occupation ?? '',
    education: c.education ?? '',
    incomeBand: c.incomeBand ?? '',
    address: pii('address'),
    phone: pii('phone'),
    phone2: pii('phone2'),
    email: pii('email'),
    wechat: c.wechat ?? '',
    openDate: c.openDate ?? '',
    sourceChannel: c.sourceChannel ?? '',
    investExperience: c.investExperience ?? '',
    investHorizon: c.investHorizon ?? '',
    notes: c.notes ?? '',
    preferredVarieties: [...c.preferredVarieties],
  };
}

/**
 * What changed, as the contract's patch. A masked personal field left empty is unchanged. The
 * identity rules are cross-field, so a changed ID number carries its type (and the type its
 * kind, and the birth date when known) for the schema to check them together, as main will.
 */
function patchFrom(initial: EditValues, v: EditValues, known: ReadonlySet<PiiField>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const f of TEXT_FIELDS) {
    const now = v[f].trim();
    if (isPii(f) && !known.has(f) && now === '') continue;
    if (now === initial[f].trim()) continue;
    patch[f] = now === '' && !REQUIRED.includes(f) ? null : v[f];
  }
  const a = [...initial.preferredVarieties].sort().join(',');
  const b = [...v.preferredVarieties].sort().join(',');
  if (a !== b) patch.preferredVarieties = v.preferredVarieties;
  if ('idNo' in patch || 'kind' in patch) patch.idType = v.idType;
  if ('idType' in patch) patch.kind = v.kind;
  if ('idNo' in patch && v.birthDate.trim()) patch.birthDate = v.birthDate.trim();
  return patch;
}

/** Zod's paths name `patch.<field>`; the form's fields are the patch's. */
const stripPatch = (path: (string | number)[]): (string | number)[] => (path[0] === 'patch' ? path.slice(1) : path);
const isVariety = (v: string): v is Variety => (VARIETIES as readonly string[]).includes(v);

type Props = {
  customer: CustomerDto;
  revealed: Partial<Record<PiiField, string | null>>;
  opened: boolean;
  onClose(): void;
  /** Show the patch at once and save it; resolves with the failure to show in the form, or null. */
  onSave(patch: Patch): Promise<unknown>;
};

/**
 * The profile editor: the contract's own schema (customers.update's patch) validates in the
 * browser, main validates again and its field issues land next to the fields. A changed
 * customer number, ID number or phone is checked for duplicates first, and a match is shown
 * (with links) before the user saves anyway.
 */
export function EditCustomerDrawer({ customer: c, revealed, opened, onClose, onSave }: Props) {
  const { t } = useTranslation();
  const openCustomer = useNavStore((s) => s.openCustomer);
  // Fixed for this form's life (the page remounts it for a new session): the baseline the patch is taken against.
  const [known] = useState(() => new Set(PII_FIELDS.filter((f) => f in revealed)));
  const [initial] = useState(() => editValuesFrom(c, revealed));
  const [formError, setFormError] = useState<string | null>(null);
  const [dupes, setDupes] = useState<{ key: string; matches: DuplicateMatch[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const parse = (values: EditValues) => zCustomerUpdate.safeParse({ id: c.id, version: c.version, patch: patchFrom(initial, values, known) });
  const form = useForm<EditValues>({
    initialValues: initial,
    validate: (values) => {
      const r = parse(values);
      const errors: Record<string, string> = {};
      if (!r.success) {
        for (const zi of r.error.issues) {
          const issue = issueFromZod(zi);
          const field = String(stripPatch(issue.path)[0] ?? '');
          if (field && !(field in errors)) errors[field] = translateIssue(issue);
        }
      }
      return errors;
    },
  });

  const submit = async (values: EditValues) => {
    setFormError(null);
    const r = parse(values);
    if (!r.success) return;
    const patch: Patch = r.data.patch;
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    // Business keys: warn about another customer with the same number before saving.
    const check: MethodInput<'customers.checkDuplicates'> = {
      ...(patch.customerNo ? { customerNo: patch.customerNo } : {}),
      ...(patch.idNo ? { idNo: patch.idNo } : {}),
      ...(patch.phone ? { phone: patch.phone } : {}),
    };
    const key = JSON.stringify(check);
    if (Object.keys(check).length > 0 && dupes?.key !== key) {
      setBusy(true);
      try {
        const found = await rpc.call('customers.checkDuplicates', { ...check, excludeId: c.id });
        if (found.matches.length > 0) {
          setDupes({ key, matches: found.matches });
          return;
        }
      } catch (e) {
        showError(e);
        return;
      } finally {
        setBusy(false);
      }
    }
    setBusy(true);
    const failure = await onSave(patch);
    setBusy(false);
    if (failure) {
      const e = failure instanceof RpcCallError ? new RpcCallError(failure.method, { ...failure.rpc, issues: failure.rpc.issues?.map((i) => ({ ...i, path: stripPatch(i.path) })) }) : failure;
      setFormError(applyServerErrors(form, e));
    } else {
      setDupes(null);
    }
  };

  const date = (f: keyof EditValues) => <DateField label={t(`customer.field.${f}`)} {...form.getInputProps(f)} />;
  const text = (f: keyof EditValues, extra: { type?: string; placeholder?: string; withAsterisk?: boolean; inputMode?: 'tel' | 'numeric' | 'email' } = {}) => (
    <TextInput label={t(`customer.field.${f}`)} {...extra} {...form.getInputProps(f)} />
  );
  const pii = (f: PiiField, extra: { inputMode?: 'tel' | 'email' } = {}) => {
    const masked = c[f];
    return text(f, { ...extra, placeholder: known.has(f) || !masked ? '' : t('customer.edit.keepMasked', { masked }) });
  };
  const select = (f: keyof typeof EDIT_ENUMS) => {
    const spec = EDIT_ENUMS[f];
    return (
      <Select
        label={t(`customer.field.${f}`)}
        data={spec.values.map((v) => ({ value: v, label: t(`${spec.prefix}.${v}`) }))}
        clearable={!spec.required}
        allowDeselect={!spec.required}
        withAsterisk={spec.required}
        {...form.getInputProps(f)}
        value={form.values[f] || null}
        onChange={(v) => form.setFieldValue(f, v ?? '')}
      />
    );
  };
  const section = (title: string) => (
    <Title order={4} size="h6" mt="xs">
      {title}
    </Title>
  );

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="xl" title={t('customer.edit.title', { name: c.name })}>
      <form onSubmit={form.onSubmit(submit)} noValidate data-testid="customer-edit-form">
        <Stack gap="sm">
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          {section(t('customer.section.basic'))}
          <SimpleGrid cols={2}>
            {text('customerNo', { withAsterisk: true, inputMode: 'numeric' })}
            {select('kind')}
            {text('name', { withAsterisk: true })}
            {select('gender')}
            {date('birthDate')}
            {text('nationality')}
            {text('occupation')}
            {select('education')}
            {select('incomeBand')}
          </SimpleGrid>
          {section(t('customer.section.identity'))}
          <SimpleGrid cols={2}>
            {select('idType')}
            {pii('idNo')}
            {date('idExpiry')}
          </SimpleGrid>
          {section(t('customer.section.contact'))}
          <SimpleGrid cols={2}>
            {pii('phone', { inputMode: 'tel' })}
            {pii('phone2', { inputMode: 'tel' })}
            {pii('email', { inputMode: 'email' })}
            {text('wechat')}
          </SimpleGrid>
          {pii('address')}
          {section(t('customer.section.service'))}
          <SimpleGrid cols={2}>
            {date('openDate')}
            {select('sourceChannel')}
            {select('investExperience')}
            {select('investHorizon')}
          </SimpleGrid>
          <MultiSelect
            label={t('customer.field.preferredVarieties')}
            data={VARIETIES.map((v) => ({ value: v, label: t(`customer.variety.${v}`) }))}
            value={form.values.preferredVarieties}
            onChange={(v) => form.setFieldValue('preferredVarieties', v.filter(isVariety))}
            clearable
          />
          <Textarea label={t('customer.field.notes')} autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
          {dupes && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('customer.dupes.title')} data-testid="duplicate-warning">
              <Stack gap={4}>
                {dupes.matches.map((m, i) => (
                  <Text size="sm" key={m.id ?? `hidden-${i}`}>
                    {m.id ? (
                      <Anchor component="button" type="button" size="sm" onClick={() => openCustomer(m.id!)}>
                        {m.name ?? m.customerNo}
                      </Anchor>
                    ) : (
                      t('customer.dupes.outOfScope')
                    )}
                    {m.customerNo ? ` · ${m.customerNo}` : ''} · {m.branchName} · {t('customer.dupes.matchedOn', { fields: m.matchedOn.map((f) => t(`customer.field.${f}`)).join('、') })}
                  </Text>
                ))}
                <Text size="xs" c="dimmed">
                  {t('customer.dupes.hint')}
                </Text>
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} color={dupes ? 'orange' : undefined}>
              {dupes ? t('customer.dupes.saveAnyway') : t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
