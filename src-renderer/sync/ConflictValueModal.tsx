import { useState } from 'react';
import { Alert, Button, Group, Modal, MultiSelect, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS, EDUCATION, ID_TYPES, INCOME_BANDS, INVEST_EXPERIENCE, INVEST_HORIZONS, SOURCE_CHANNELS, VARIETIES } from '../../src-shared/customers/customer-fields';
import { ACCOUNT_STATUSES, ACCOUNT_TYPES, CONTACT_KINDS } from '../../src-shared/customers/customers.contract';
import { conflictFieldSchema } from '../../src-shared/sync/conflict-fields';
import type { ConflictDto } from '../../src-shared/sync/sync.contract';
import { issueFromZod } from '../../src-shared/rpc/zod-issues';
import { DateField } from '../forms/DateField';
import { translateError, translateIssue } from '../i18n/translateMessage';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { showError } from '../i18n/showError';
import { conflictFieldLabel, conflictValueText, enumPrefixOf, isFlagField } from './conflictValueText';

/** Select fields and their allowed values (as the record's form has them), by `table.field`; their labels' catalogue prefix is `enumPrefixOf`'s. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  'customers.kind': CUSTOMER_KINDS,
  'customers.gender': ['M', 'F'],
  'customers.idType': ID_TYPES,
  'customers.education': EDUCATION,
  'customers.incomeBand': INCOME_BANDS,
  'customers.sourceChannel': SOURCE_CHANNELS,
  'customers.investExperience': INVEST_EXPERIENCE,
  'customers.investHorizon': INVEST_HORIZONS,
  'contacts.kind': CONTACT_KINDS,
  'accounts.type': ACCOUNT_TYPES,
  'accounts.status': ACCOUNT_STATUSES,
};
const DATES: ReadonlySet<string> = new Set(['customers.birthDate', 'customers.idExpiry', 'customers.openDate', 'accounts.openedAt', 'accounts.closedAt']);
const LONG: ReadonlySet<string> = new Set(['customers.notes', 'customers.address', 'contacts.notes']);

/**
 * "Type a value" for a field in conflict (a customer's, a contact's or an account's): the
 * field's own input (a list for choices, a date picker for dates, yes/no for a flag), checked
 * with the record form's schema here and by main again (main's field message lands under the
 * input). The value becomes a new edit that syncs.
 */
export function ConflictValueModal({ conflict, onClose, onResolved }: { conflict: ConflictDto | null; onClose(): void; onResolved(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [list, setList] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = conflict?.field ?? '';
  const key = conflict ? `${conflict.table}.${field}` : '';
  const label = conflict ? conflictFieldLabel(conflict.table, conflict.field) : '';
  const choices = CHOICES[key];
  const prefix = conflict ? enumPrefixOf(conflict.table, field) : null;
  const flag = conflict !== null && isFlagField(conflict.table, field);

  const close = () => {
    setText('');
    setList([]);
    setError(null);
    setFormError(null);
    onClose();
  };

  const value = (): string | string[] | boolean | null => (key === 'customers.preferredVarieties' ? list : flag ? text === 'true' : text.trim() === '' ? null : text);

  const submit = async () => {
    const schema = conflict ? conflictFieldSchema(conflict.table, field) : null;
    if (!conflict || !schema) return;
    const v = value();
    const local = schema.safeParse(v);
    if (!local.success) {
      const first = local.error.issues[0];
      setError(first ? translateIssue(issueFromZod(first)) : t('error.VALIDATION'));
      return;
    }
    setBusy(true);
    setError(null);
    setFormError(null);
    try {
      await rpc.call('sync.conflicts.resolve', { id: conflict.id, choice: 'value', value: v, seen: conflict.cellClock });
      close();
      onResolved();
    } catch (e) {
      if (e instanceof RpcCallError && e.rpc.message === 'error.sync.inbox.changedMeanwhile') {
        // Decided on a value that is no longer there: back to the list, read again.
        showError(e);
        close();
        onResolved();
      } else if (e instanceof RpcCallError) {
        const mine = (e.rpc.issues ?? []).find((i) => i.path[0] === 'value');
        if (mine) setError(translateIssue(mine));
        else setFormError(translateError(e.rpc));
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const input = (() => {
    const common = { label: t('syncUi.inbox.newValue', { field: label }), error, 'data-autofocus': true };
    if (key === 'customers.preferredVarieties')
      return <MultiSelect {...common} data={VARIETIES.map((v) => ({ value: v, label: t(`customer.variety.${v}`) }))} value={list} onChange={setList} comboboxProps={{ withinPortal: true }} />;
    if (choices)
      return (
        <Select
          {...common}
          data={choices.map((v) => ({ value: v, label: prefix ? t(`${prefix}.${v}`) : v }))}
          value={text || null}
          onChange={(v) => setText(v ?? '')}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      );
    if (flag)
      return (
        <Select
          {...common}
          data={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
          value={text || null}
          onChange={(v) => setText(v ?? '')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    if (DATES.has(key)) return <DateField {...common} value={text || null} onChange={(v) => setText(v ?? '')} />;
    if (LONG.has(key)) return <Textarea {...common} autosize minRows={2} maxRows={6} value={text} onChange={(e) => setText(e.currentTarget.value)} />;
    return <TextInput {...common} value={text} onChange={(e) => setText(e.currentTarget.value)} />;
  })();

  return (
    <Modal opened={conflict !== null} onClose={close} title={<Text fw={600}>{t('syncUi.inbox.typeTitle')}</Text>} centered>
      {conflict && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              {t('syncUi.inbox.typeIntro', { record: conflict.label ?? '', current: conflictValueText(conflict.table, conflict.field, conflict.changedSince ? conflict.nowValue : conflict.winner.value), other: conflictValueText(conflict.table, conflict.field, conflict.loser.value) })}
            </Text>
            {input}
            {formError && <Alert color="red">{formError}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('syncUi.inbox.saveValue')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
