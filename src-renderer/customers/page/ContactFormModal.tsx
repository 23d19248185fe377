import { Checkbox, Group, Select, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { CONTACT_KINDS, zContactInput, type ContactDto } from '../../../src-shared/customers/customers.contract';
import type { MethodInput } from '../../../src-shared/contract';
import { rpc } from '../../platform/rpc';
import { zodValidator } from '../../forms/zodValidator';
import { SaveFormModal } from '../../forms/SaveFormModal';

type Kind = (typeof CONTACT_KINDS)[number];
type Values = { kind: Kind; name: string; relation: string; position: string; phone: string; email: string; notes: string; isPrimary: boolean };

const isKind = (v: string | null): v is Kind => v !== null && (CONTACT_KINDS as readonly string[]).includes(v);
/** A masked value main sent (`138****5678`) is not an edit: leave the stored one alone. */
const isMasked = (v: string) => v.includes('*');
const clearable = (v: string) => (v.trim() === '' ? null : isMasked(v) ? undefined : v);

/** Add or edit a contact person (institution contacts, relatives, emergency contacts). */
export function ContactFormModal({ customerId, contact, onClose, onSaved }: { customerId: string; contact: ContactDto | null; onClose(): void; onSaved(c: ContactDto): void }) {
  const { t } = useTranslation();
  const toInput = (v: Values): MethodInput<'customers.contacts.save'> => {
    const phone = clearable(v.phone);
    const email = clearable(v.email);
    return {
      ...(contact ? { id: contact.id } : {}),
      customerId,
      kind: v.kind,
      name: v.name,
      relation: v.relation.trim() || null,
      position: v.position.trim() || null,
      ...(phone !== undefined ? { phone } : {}),
      ...(email !== undefined ? { email } : {}),
      notes: v.notes.trim() || null,
      isPrimary: v.isPrimary,
    };
  };
  const form = useForm<Values>({
    initialValues: {
      kind: contact?.kind ?? 'contact',
      name: contact?.name ?? '',
      relation: contact?.relation ?? '',
      position: contact?.position ?? '',
      phone: contact?.phone ?? '',
      email: contact?.email ?? '',
      notes: contact?.notes ?? '',
      isPrimary: contact?.isPrimary ?? false,
    },
    validate: zodValidator<Values>(zContactInput, toInput),
  });

  return (
    <SaveFormModal form={form} title={t(contact ? 'customer.contacts.edit' : 'customer.contacts.add')} save={async (v) => onSaved(await rpc.call('customers.contacts.save', toInput(v)))} onClose={onClose}>
      <Select
        label={t('customer.contact.kind')}
        data={CONTACT_KINDS.map((k) => ({ value: k, label: t(`customer.contactKind.${k}`) }))}
        allowDeselect={false}
        value={form.values.kind}
        onChange={(v) => isKind(v) && form.setFieldValue('kind', v)}
      />
      <TextInput label={t('customer.contact.name')} data-autofocus withAsterisk {...form.getInputProps('name')} />
      <Group grow>
        <TextInput label={t('customer.contact.relation')} {...form.getInputProps('relation')} />
        <TextInput label={t('customer.contact.position')} {...form.getInputProps('position')} />
      </Group>
      <Group grow>
        <TextInput label={t('customer.field.phone')} inputMode="tel" {...form.getInputProps('phone')} />
        <TextInput label={t('customer.field.email')} {...form.getInputProps('email')} />
      </Group>
      <Textarea label={t('common.note')} autosize minRows={2} {...form.getInputProps('notes')} />
      <Checkbox label={t('customer.contact.primary')} {...form.getInputProps('isPrimary', { type: 'checkbox' })} />
    </SaveFormModal>
  );
}
