import { DateField } from '../../forms/DateField';
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, List, Modal, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { contract, type MethodInput } from '../../../src-shared/contract';
import { CUSTOMER_KINDS, ID_TYPES, zCustomerNo, zPhone, type CustomerDto, type DuplicateMatch, type IdType } from '../../../src-shared/customers/customers.contract';
import type { OrgUnitDto } from '../../../src-shared/org/org.contract';
import type { UserDto } from '../../../src-shared/users/users.contract';
import { rpc } from '../../platform/rpc';
import { RpcCallError } from '../../platform/RpcCallError';
import { zodValidator } from '../../forms/zodValidator';
import { applyServerErrors } from '../../forms/applyServerErrors';
import { showError } from '../../i18n/showError';
import { useNavStore } from '../../nav/useNavStore';
import { useSessionStore } from '../../session/useSessionStore';

type Kind = (typeof CUSTOMER_KINDS)[number];
type Values = {
  kind: Kind;
  customerNo: string;
  name: string;
  idType: IdType;
  idNo: string;
  idExpiry: string;
  gender: string;
  birthDate: string;
  phone: string;
  email: string;
  address: string;
  openDate: string;
  branchId: string;
  managerId: string;
  tags: string[];
};
type Input = MethodInput<'customers.create'>;

const blank = (s: string) => (s.trim() === '' ? undefined : s);

function toInput(v: Values): Input {
  const individual = v.kind === 'individual';
  return {
    kind: v.kind,
    customerNo: v.customerNo,
    name: v.name,
    idType: v.idType,
    idNo: v.idNo,
    idExpiry: blank(v.idExpiry),
    gender: individual && (v.gender === 'M' || v.gender === 'F') ? v.gender : undefined,
    birthDate: individual ? blank(v.birthDate) : undefined,
    phone: blank(v.phone),
    email: blank(v.email),
    address: blank(v.address),
    openDate: blank(v.openDate),
    branchId: v.branchId,
    managerId: v.managerId || null,
    tags: v.tags.length ? v.tags : undefined,
  };
}

/** The fields customers.checkDuplicates looks at, when they are well-formed enough to look. */
function duplicateQuery(v: Values): MethodInput<'customers.checkDuplicates'> {
  const out: MethodInput<'customers.checkDuplicates'> = {};
  if (zCustomerNo.safeParse(v.customerNo).success) out.customerNo = v.customerNo;
  if (v.idNo.trim().length >= 6 && v.idNo.trim().length <= 30) out.idNo = v.idNo.trim();
  if (v.phone.trim() && zPhone.safeParse(v.phone).success) out.phone = v.phone;
  return out;
}

const blocks = (m: DuplicateMatch) => m.matchedOn.includes('customerNo') || m.matchedOn.includes('idNo');

type Props = { opened: boolean; onClose(): void; onCreated(c: CustomerDto): void; branches: OrgUnitDto[] | null; managers: UserDto[] | null };

/**
 * customers.create in a modal: validated in the browser with the contract's own schema, then
 * checked for customers sharing the customer number, ID number or phone before saving. A
 * shared customer or ID number is refused (the server says CONFLICT); a shared phone only warns.
 */
export function CreateCustomerModal({ opened, onClose, onCreated, branches, managers }: Props) {
  const { t } = useTranslation();
  const session = useSessionStore((s) => s.session);
  const openCustomer = useNavStore((s) => s.openCustomer);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dup, setDup] = useState<{ key: string; matches: DuplicateMatch[] } | null>(null);
  const ownBranch = session?.user.orgKind === 'branch' ? session.user.branchId : '';
  const selfManager = managers === null && session?.user.role === 'account_manager' ? session.user.id : '';

  const form = useForm<Values>({
    initialValues: {
      kind: 'individual',
      customerNo: '',
      name: '',
      idType: 'resident_id',
      idNo: '',
      idExpiry: '',
      gender: '',
      birthDate: '',
      phone: '',
      email: '',
      address: '',
      openDate: '',
      branchId: ownBranch,
      managerId: selfManager,
      tags: [],
    },
    validate: zodValidator<Values>(contract['customers.create'].input, toInput),
  });
  const v = form.values;
  const dupKey = JSON.stringify(duplicateQuery(v));
  const shown = dup && dup.key === dupKey ? dup.matches : [];
  const blocked = shown.some(blocks);

  const check = async (values: Values): Promise<DuplicateMatch[]> => {
    const query = duplicateQuery(values);
    const key = JSON.stringify(query);
    if (dup && dup.key === key) return dup.matches;
    const matches = Object.keys(query).length ? (await rpc.call('customers.checkDuplicates', query)).matches : [];
    setDup({ key, matches });
    return matches;
  };
  const checkOnBlur = () => void check(form.getValues()).catch(() => undefined);

  const close = () => {
    form.reset();
    setDup(null);
    setError(null);
    onClose();
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const seen = dup?.key === JSON.stringify(duplicateQuery(values));
      const matches = await check(values);
      // A match the person has not seen yet: show it and let them decide (a phone) or fix (a number).
      if (matches.some(blocks) || (matches.length && !seen)) return;
      const c = await rpc.call('customers.create', toInput(values));
      notifications.show({ color: 'green', message: t('customers.create.done', { name: c.name, customerNo: c.customerNo }) });
      onCreated(c);
      close();
    } catch (e) {
      if (e instanceof RpcCallError && e.code === 'CONFLICT') {
        setError(t('customers.create.conflict', { message: applyServerErrors(form, e) ?? '' }));
        setDup(null);
        void check(values).catch(() => undefined);
      } else if (e instanceof RpcCallError) setError(applyServerErrors(form, e));
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const branchOptions = (branches ?? []).filter((b) => b.kind === 'branch' && b.status === 'active');
  const managerOptions = (managers ?? []).filter((m) => m.role === 'account_manager' && m.status === 'active' && m.branchId === v.branchId);
  const individual = v.kind === 'individual';

  return (
    <Modal opened={opened} onClose={close} title={t('customers.create')} size={880}>
      <form onSubmit={form.onSubmit(submit)} noValidate data-testid="create-customer">
        <Stack>
          {error && (
            <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />}>
              {error}
            </Alert>
          )}
          <SegmentedControl
            data={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`customerKind.${k}`) }))}
            value={v.kind}
            onChange={(k) => {
              const kind = CUSTOMER_KINDS.find((x) => x === k) ?? 'individual';
              form.setValues({ kind, idType: kind === 'institution' ? 'uscc' : 'resident_id' });
            }}
          />
          <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
            <TextInput label={t('customers.form.name')} withAsterisk data-autofocus {...form.getInputProps('name')} />
            <TextInput label={t('customers.form.customerNo')} withAsterisk inputMode="numeric" {...form.getInputProps('customerNo')} onBlur={checkOnBlur} />
            <TextInput label={t('customers.form.phone')} inputMode="tel" {...form.getInputProps('phone')} onBlur={checkOnBlur} />
            <Select
              label={t('customers.form.idType')}
              withAsterisk
              allowDeselect={false}
              data={ID_TYPES.filter((x) => (individual ? x !== 'uscc' : x === 'uscc')).map((x) => ({ value: x, label: t(`idType.${x}`) }))}
              {...form.getInputProps('idType')}
            />
            <TextInput label={t('customers.form.idNo')} withAsterisk autoCapitalize="characters" spellCheck={false} {...form.getInputProps('idNo')} onBlur={checkOnBlur} />
            <DateField label={t('customers.form.idExpiry')} title={t('customers.form.idExpiryHint')} {...form.getInputProps('idExpiry')} />
            {individual && (
              <Select
                label={t('customers.form.gender')}
                data={[
                  { value: 'M', label: t('gender.M') },
                  { value: 'F', label: t('gender.F') },
                ]}
                clearable
                {...form.getInputProps('gender')}
                value={v.gender || null}
                onChange={(g) => form.setFieldValue('gender', g ?? '')}
              />
            )}
            {individual && <DateField label={t('customers.form.birthDate')} {...form.getInputProps('birthDate')} />}
            <DateField label={t('customers.form.openDate')} {...form.getInputProps('openDate')} />
            <TextInput label={t('customers.form.email')} type="email" {...form.getInputProps('email')} />
            {branches && (
              <Select
                label={t('customers.form.branch')}
                withAsterisk
                data={branchOptions.map((b) => ({ value: b.id, label: b.name }))}
                searchable
                allowDeselect={false}
                {...form.getInputProps('branchId')}
                value={v.branchId || null}
                onChange={(id) => form.setValues({ branchId: id ?? '', managerId: '' })}
              />
            )}
            {managers ? (
              <Select
                label={t('customers.form.manager')}
                placeholder={t('customers.form.noManager')}
                data={managerOptions.map((m) => ({ value: m.id, label: m.displayName }))}
                searchable
                clearable
                {...form.getInputProps('managerId')}
                value={v.managerId || null}
                onChange={(id) => form.setFieldValue('managerId', id ?? '')}
              />
            ) : (
              <TextInput label={t('customers.form.manager')} value={session?.user.displayName ?? ''} readOnly variant="filled" error={form.errors.managerId} />
            )}
          </SimpleGrid>
          <TextInput label={t('customers.form.address')} {...form.getInputProps('address')} />
          <TagsInput label={t('customers.form.tags')} description={t('customers.bulk.tagsHint')} maxTags={20} acceptValueOnBlur {...form.getInputProps('tags')} />
          {shown.length > 0 && (
            <Alert
              color={blocked ? 'red' : 'yellow'}
              icon={<IconAlertTriangle size={18} />}
              title={blocked ? t('customers.dup.blocked') : t('customers.dup.warning')}
              data-testid="duplicate-matches"
            >
              <List size="sm" spacing={4}>
                {shown.map((m, i) => (
                  <List.Item key={m.id ?? `hidden-${i}`}>
                    <Group gap={6} wrap="wrap">
                      {m.id ? (
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          onClick={() => {
                            close();
                            openCustomer(m.id!);
                          }}
                        >
                          {m.name ?? m.customerNo}
                        </Anchor>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('customers.dup.outOfScope')}
                        </Text>
                      )}
                      {m.customerNo && (
                        <Text size="sm" ff="monospace">
                          {m.customerNo}
                        </Text>
                      )}
                      <Text size="sm" c="dimmed">
                        {m.branchName}
                      </Text>
                      {m.matchedOn.map((f) => (
                        <Badge key={f} size="xs" variant="light" color={f === 'phone' ? 'yellow' : 'red'}>
                          {t(`customers.dup.on.${f}`)}
                        </Badge>
                      ))}
                    </Group>
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={blocked}>
              {shown.length > 0 && !blocked ? t('customers.create.saveAnyway') : t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
