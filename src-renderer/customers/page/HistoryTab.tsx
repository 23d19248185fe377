import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Center, EmptyState, Loader, Paper, Table, Text } from '@mantine/core';
import { IconArrowRight, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { HistoryRowDto } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { RpcCallError } from '../../platform/RpcCallError';
import { translateError } from '../../i18n/translateMessage';
import { useFormat } from '../../format/useFormat';
import { fieldLabel } from './fieldLabel';
import { i18n } from '../../i18n/i18n';

/** Columns of an inserted row's image that say nothing to a person. */
const HIDDEN = new Set(['id', 'customerId', 'branchId', 'authorId', 'createdAt', 'updatedAt', 'deletedAt', 'seq', 'version']);

/** Enum-valued columns (table.field) and the catalogue prefix of their labels: shown by name, not code. */
const ENUM_PREFIX: Record<string, string> = {
  'customers.kind': 'customerKind',
  'customers.gender': 'gender',
  'customers.idType': 'idType',
  'customers.education': 'customer.education',
  'customers.incomeBand': 'customer.incomeBand',
  'customers.sourceChannel': 'customer.sourceChannel',
  'customers.investExperience': 'customer.investExperience',
  'customers.investHorizon': 'customer.investHorizon',
  'customers.investorCategory': 'customer.investorCategory',
  'customers.status': 'customerStatus',
  'customers.level': 'customerLevel',
  'accounts.type': 'customer.accountType',
  'accounts.status': 'customer.accountStatus',
  'contacts.kind': 'customer.contactKind',
  'customer_feedback.kind': 'customer.feedbackKind',
  'customer_feedback.channel': 'customer.feedbackChannel',
};

/** A stored value as a person reads it: enum codes by name, flags as yes/no. */
function shown(table: string, field: string, v: string): string {
  const prefix = ENUM_PREFIX[`${table}.${field}`];
  if (prefix && i18n.exists(`${prefix}.${v}`)) return i18n.t(`${prefix}.${v}`);
  if (field.startsWith('is') && (v === '0' || v === '1')) return i18n.t(v === '1' ? 'customer.history.yes' : 'customer.history.no');
  return v;
}

/** An inserted row (JSON image, masked by main) as "label: value · …". */
function imageText(json: string | null, table: string): string | null {
  if (!json) return null;
  try {
    const image: unknown = JSON.parse(json);
    if (typeof image !== 'object' || image === null) return null;
    return Object.entries(image)
      .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== '' && !/(Rev|Pinyin|Initials|Norm)$/.test(k))
      .slice(0, 6)
      .map(([k, v]) => `${fieldLabel(k, table)}: ${shown(table, k, String(v))}`)
      .join(' · ');
  } catch {
    return null;
  }
}

const kindColor: Record<HistoryRowDto['kind'], string> = { insert: 'green', update: 'blue', delete: 'red' };

/** Field history from change capture: who, when, which field, old → new (personal data masked by main). */
export function HistoryTab({ customerId, version }: { customerId: string; version: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [rows, setRows] = useState<HistoryRowDto[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (before: number | null, reset: boolean) => {
      setLoading(true);
      try {
        const r = await rpc.call('customers.history', { id: customerId, ...(before !== null ? { before } : {}) });
        setRows((prev) => (reset ? r.rows : [...prev, ...r.rows]));
        setCursor(r.nextCursor);
        setError(null);
      } catch (e) {
        setError(e instanceof RpcCallError ? translateError(e.rpc) : t('error.INTERNAL'));
      } finally {
        setLoading(false);
      }
    },
    [customerId, t],
  );
  // A saved edit bumps the version: start over so the newest change is on top.
  useEffect(() => void load(null, true), [load, version]);

  const value = (v: string | null, r: HistoryRowDto) =>
    v === null || v === '' ? (
      <Text span c="dimmed" size="sm">
        {t('customer.history.emptyValue')}
      </Text>
    ) : (
      <Text span size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
        {r.field ? shown(r.table, r.field, v) : v}
      </Text>
    );

  if (error) return <Alert color="red">{error}</Alert>;
  if (!loading && rows.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <EmptyState icon={<IconHistory size={28} stroke={1.5} />} withIndicatorBackground title={t('customer.history.empty')} />
      </Paper>
    );
  }
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="history-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>{t('customer.history.at')}</Table.Th>
              <Table.Th w={120}>{t('customer.history.who')}</Table.Th>
              <Table.Th w={160}>{t('customer.history.field')}</Table.Th>
              <Table.Th>{t('customer.history.change')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id} data-field={r.field ?? ''}>
                <Table.Td>
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {fmt.dateTime(r.at)}
                  </Text>
                </Table.Td>
                <Table.Td>{r.authorName ?? t('customer.history.system')}</Table.Td>
                <Table.Td>
                  {r.field ? (
                    fieldLabel(r.field, r.table)
                  ) : (
                    <Badge size="sm" variant="light" color={kindColor[r.kind]}>
                      {t(`customer.history.kind.${r.kind}`, { table: t(`customer.history.table.${r.table}`, { defaultValue: r.table }) })}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {r.kind === 'update' ? (
                    <Text span size="sm">
                      {value(r.oldValue, r)} <IconArrowRight size={12} style={{ verticalAlign: 'middle', margin: '0 6px' }} /> {value(r.newValue, r)}
                    </Text>
                  ) : r.field === null ? (
                    <Text size="sm" c="dimmed" lineClamp={2}>
                      {imageText(r.kind === 'delete' ? r.oldValue : r.newValue, r.table) ?? ''}
                    </Text>
                  ) : (
                    value(r.kind === 'delete' ? r.oldValue : r.newValue, r)
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Center py="sm">
        {loading ? (
          <Loader size="sm" />
        ) : cursor !== null ? (
          <Button variant="subtle" onClick={() => void load(cursor, false)}>
            {t('common.loadMore')}
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {t('common.noMore')}
          </Text>
        )}
      </Center>
    </Paper>
  );
}
