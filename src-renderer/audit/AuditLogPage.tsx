import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Button, Center, EmptyState, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconListSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AUDIT_OUTCOMES, type AuditRowDto } from '../../src-shared/audit/audit.contract';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { useFormat } from '../format/useFormat';
import { PageTitle } from '../shell/PageTitle';

type Outcome = AuditRowDto['outcome'];
const outcomeColor: Record<Outcome, string> = { ok: 'green', denied: 'orange', failed: 'red' };
const isOutcome = (v: string | null): v is Outcome => v !== null && (AUDIT_OUTCOMES as readonly string[]).includes(v);

/** The audit log, newest first, one keyset page at a time ("load more"). */
export function AuditLogPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [action, setAction] = useState('');
  const [debouncedAction] = useDebouncedValue(action.trim(), 300);
  const [rows, setRows] = useState<AuditRowDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const generation = useRef(0);

  const load = useCallback(
    async (before: string | null, gen: number) => {
      setLoading(true);
      try {
        const page = await rpc.call('audit.list', { ...(outcome ? { outcome } : {}), ...(debouncedAction ? { action: debouncedAction } : {}), ...(before ? { before } : {}), limit: 50 });
        if (gen !== generation.current) return;
        setRows((prev) => (before ? [...prev, ...page.rows] : page.rows));
        setCursor(page.nextCursor);
        setLoaded(true);
      } catch (e) {
        if (gen === generation.current) showError(e);
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [outcome, debouncedAction],
  );

  useEffect(() => {
    const gen = ++generation.current;
    setRows([]);
    setCursor(null);
    void load(null, gen);
  }, [load]);

  return (
    <>
      <PageTitle title={t('audit.title')} />
      <Group mb="md" gap="sm">
        <TextInput w={260} placeholder={t('audit.action')} aria-label={t('audit.col.action')} value={action} onChange={(e) => setAction(e.currentTarget.value)} maxLength={60} />
        <Select
          w={160}
          aria-label={t('audit.outcome')}
          value={outcome ?? 'all'}
          allowDeselect={false}
          onChange={(v) => setOutcome(isOutcome(v) ? v : null)}
          data={[{ value: 'all', label: t('common.all') }, ...AUDIT_OUTCOMES.map((o) => ({ value: o, label: t(`auditOutcome.${o}`) }))]}
        />
      </Group>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={860}>
          <Table striped verticalSpacing="xs" horizontalSpacing="md" data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={170}>{t('audit.col.at')}</Table.Th>
                <Table.Th>{t('audit.col.actor')}</Table.Th>
                <Table.Th>{t('audit.col.action')}</Table.Th>
                <Table.Th>{t('audit.col.target')}</Table.Th>
                <Table.Th>{t('audit.col.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {fmt.dateTime(r.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {r.actorLogin ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {r.action}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {r.targetType ? `${r.targetType} #${(r.targetId ?? '').slice(-6)}` : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge size="sm" variant="light" color={outcomeColor[r.outcome]}>
                        {t(`auditOutcome.${r.outcome}`)}
                      </Badge>
                      {r.errorCode && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {r.errorCode}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {loaded && rows.length === 0 && <EmptyState py={48} icon={<IconListSearch size={30} stroke={1.5} />} withIndicatorBackground title={t('audit.empty')} />}
      </Paper>
      <Center mt="md">
        {cursor ? (
          <Button variant="default" loading={loading} onClick={() => void load(cursor, generation.current)}>
            {t('common.loadMore')}
          </Button>
        ) : (
          loaded &&
          rows.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('common.noMore')}
            </Text>
          )
        )}
      </Center>
    </>
  );
}
