import { useState } from 'react';
import { ActionIcon, Badge, Button, EmptyState, Group, Paper, Table, Text } from '@mantine/core';
import { IconAddressBook, IconPencil, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ContactDto, CustomerPageDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { showError } from '../../i18n/showError';
import { useCan } from '../../session/useCan';
import { ContactFormModal } from './ContactFormModal';
import { RemoveButton } from './RemoveButton';

/** Contact persons, relatives and emergency contacts: list, add, edit, remove. */
export function ContactsTab({ page, update, readOnly }: { page: CustomerPageDto; update(fn: (p: CustomerPageDto) => CustomerPageDto): void; readOnly: boolean }) {
  const { t } = useTranslation();
  const canWrite = useCan('customers.write') && !readOnly;
  const [editing, setEditing] = useState<ContactDto | 'new' | null>(null);
  const customerId = page.customer.id;

  const saved = (c: ContactDto) =>
    update((p) => {
      // One primary contact: saving a new primary demotes the others, as main does.
      const rest = p.contacts.map((x) => (c.isPrimary ? { ...x, isPrimary: false } : x));
      return { ...p, contacts: rest.some((x) => x.id === c.id) ? rest.map((x) => (x.id === c.id ? c : x)) : [...rest, c] };
    });
  const remove = async (c: ContactDto) => {
    try {
      await rpc.call('customers.contacts.remove', { id: c.id });
      update((p) => ({ ...p, contacts: p.contacts.filter((x) => x.id !== c.id) }));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{t('customer.tab.contacts')}</Text>
        {canWrite && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
            {t('customer.contacts.add')}
          </Button>
        )}
      </Group>
      {page.contacts.length === 0 ? (
        <EmptyState py="lg" icon={<IconAddressBook size={26} stroke={1.5} />} withIndicatorBackground title={t('customer.contacts.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" data-testid="contacts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.contact.kind')}</Table.Th>
                <Table.Th>{t('customer.contact.name')}</Table.Th>
                <Table.Th>{t('customer.contact.relation')}</Table.Th>
                <Table.Th>{t('customer.field.phone')}</Table.Th>
                <Table.Th>{t('customer.field.email')}</Table.Th>
                <Table.Th>{t('common.note')}</Table.Th>
                <Table.Th aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.contacts.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{t(`customer.contactKind.${c.kind}`)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">{c.name}</Text>
                      {c.isPrimary && (
                        <Badge size="xs" variant="light">
                          {t('customer.contact.primaryBadge')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{[c.relation, c.position].filter(Boolean).join(' · ') || '—'}</Table.Td>
                  <Table.Td ff="monospace">{c.phone ?? '—'}</Table.Td>
                  <Table.Td>{c.email ?? '—'}</Table.Td>
                  <Table.Td maw={240}>
                    <Text size="sm" truncate>
                      {c.notes ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {canWrite && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={t('customer.contacts.editOne', { name: c.name })} onClick={() => setEditing(c)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                        <RemoveButton label={t('customer.contacts.removeOne', { name: c.name })} onConfirm={() => remove(c)} />
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <ContactFormModal customerId={customerId} contact={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={saved} />}
    </Paper>
  );
}
