import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Center, Group, Loader, Modal, Radio, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LONG_TERM_EXPIRY, MERGE_FIELDS, type CustomerDto, type DuplicatePairDto, type MergeField } from '../../../src-shared/customers/customers.contract';
import { rpc } from '../../platform/rpc';
import { RpcCallError } from '../../platform/RpcCallError';
import { translateError } from '../../i18n/translateMessage';
import { PendingApprovalNotice } from '../../approvals/PendingApprovalNotice';
import { CUSTOMER_ENUM_PREFIX } from '../page/fieldLabel';

type Side = 'a' | 'b';
const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');


/** Each field's survivor by default; the other record's where the survivor has none. */
function defaultPicks(survivor: Side, a: CustomerDto, b: CustomerDto): Record<MergeField, Side> {
  const rec = { a, b };
  const out = {} as Record<MergeField, Side>;
  for (const f of MERGE_FIELDS) out[f] = rec[survivor][f] === null && rec[other(survivor)][f] !== null ? other(survivor) : survivor;
  return out;
}

/**
 * Merge two customers: both records side by side, the user picks which one survives and, per
 * field, whose value it keeps. Submitting asks for 复核: a second person approves it on the
 * approvals page, and only then are the child rows moved and the other record made a tombstone.
 */
export function MergeDialog({ pair, onClose, onSubmitted }: { pair: DuplicatePairDto; onClose(): void; onSubmitted(): void }) {
  const { t } = useTranslation();
  const [records, setRecords] = useState<{ a: CustomerDto; b: CustomerDto } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [survivor, setSurvivor] = useState<Side>('a');
  const [picks, setPicks] = useState<Record<MergeField, Side> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let stale = false;
    Promise.all([rpc.call('customers.get', { id: pair.a.id }), rpc.call('customers.get', { id: pair.b.id })]).then(
      ([a, b]) => {
        if (stale) return;
        setRecords({ a: a.customer, b: b.customer });
        setPicks(defaultPicks('a', a.customer, b.customer));
      },
      (e: unknown) => !stale && setLoadError(e instanceof RpcCallError ? translateError(e.rpc) : t('error.INTERNAL')),
    );
    return () => {
      stale = true;
    };
  }, [pair.a.id, pair.b.id, t]);

  const show = (c: CustomerDto, f: MergeField): string => {
    if (f === 'managerId') return c.managerName ?? t('customer.unassigned');
    const v = c[f];
    if (v === null || v === '') return '—';
    if (f === 'idExpiry' && v === LONG_TERM_EXPIRY) return t('customer.longTerm');
    const prefix = CUSTOMER_ENUM_PREFIX[f];
    return prefix ? t(`${prefix}.${v}`) : v;
  };

  const submit = async () => {
    if (!records || !picks) return;
    setBusy(true);
    setError(null);
    const loser = other(survivor);
    const out: Partial<Record<MergeField, 'survivor' | 'loser'>> = {};
    for (const f of MERGE_FIELDS) out[f] = picks[f] === survivor ? 'survivor' : 'loser';
    try {
      await rpc.call('customers.merge', { survivorId: records[survivor].id, loserId: records[loser].id, picks: out });
      setPending(true);
      onSubmitted();
    } catch (e) {
      setError(e instanceof RpcCallError ? translateError(e.rpc) : t('error.INTERNAL'));
    } finally {
      setBusy(false);
    }
  };

  const heading = (side: Side, c: CustomerDto) => (
    <Stack gap={2}>
      <Group gap={6}>
        <Text fw={600} size="sm">
          {c.name}
        </Text>
        {survivor === side ? (
          <Badge size="xs" color="green">
            {t('customer.merge.survivor')}
          </Badge>
        ) : (
          <Badge size="xs" color="gray" variant="light">
            {t('customer.merge.loser')}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {c.customerNo} · {c.branchName}
      </Text>
    </Stack>
  );

  return (
    <Modal opened onClose={onClose} size="xl" title={t('customer.merge.title')} data-testid="merge-dialog">
      {pending ? (
        <PendingApprovalNotice color="green" title={t('customer.merge.pendingTitle')} message={t('customer.merge.pending')} testId="merge-pending" onClose={onClose} />
      ) : loadError ? (
        <Alert color="red">{loadError}</Alert>
      ) : !records || !picks ? (
        <Center mih={200}>
          <Loader />
        </Center>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('customer.merge.intro')}
          </Text>
          <Group gap="sm">
            <Text size="sm" fw={500}>
              {t('customer.merge.keep')}
            </Text>
            <SegmentedControl
              value={survivor}
              onChange={(v) => {
                const s: Side = v === 'b' ? 'b' : 'a';
                setSurvivor(s);
                setPicks(defaultPicks(s, records.a, records.b));
              }}
              data={[
                { value: 'a', label: `${records.a.name} · ${records.a.customerNo}` },
                { value: 'b', label: `${records.b.name} · ${records.b.customerNo}` },
              ]}
            />
          </Group>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Table.ScrollContainer minWidth={640} mah="55vh">
            <Table verticalSpacing={6} stickyHeader data-testid="merge-fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>{t('customer.merge.field')}</Table.Th>
                  <Table.Th>{heading('a', records.a)}</Table.Th>
                  <Table.Th>{heading('b', records.b)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {MERGE_FIELDS.map((f) => {
                  const va = show(records.a, f);
                  const vb = show(records.b, f);
                  const same = va === vb;
                  return (
                    <Table.Tr key={f} data-field={f} bg={same ? undefined : 'var(--mantine-color-yellow-light)'}>
                      <Table.Td>
                        <Text size="sm">{t(`customer.field.${f === 'managerId' ? 'manager' : f}`)}</Text>
                      </Table.Td>
                      {(['a', 'b'] as const).map((side) => (
                        <Table.Td key={side}>
                          {same ? (
                            <Text size="sm" c="dimmed" ff={f === 'idNo' || f === 'phone' ? 'monospace' : undefined}>
                              {side === 'a' ? va : vb}
                            </Text>
                          ) : (
                            <Radio
                              name={`pick-${f}`}
                              value={side}
                              checked={picks[f] === side}
                              onChange={() => setPicks({ ...picks, [f]: side })}
                              label={side === 'a' ? va : vb}
                              aria-label={`${t(`customer.field.${f === 'managerId' ? 'manager' : f}`)}: ${side === 'a' ? va : vb}`}
                            />
                          )}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            {t('customer.merge.note')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button leftSection={<IconArrowMerge size={16} />} loading={busy} onClick={() => void submit()}>
              {t('customer.merge.submit')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
