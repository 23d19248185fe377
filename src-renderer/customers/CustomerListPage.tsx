import { useEffect, useRef } from 'react';
import { Badge, Box, Center, EmptyState, Group, Loader, Paper, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_STATUSES, type CustomerListRow } from '../../src-shared/customers/customers.contract';
import { useFormat } from '../format/useFormat';
import { PageTitle } from '../shell/PageTitle';
import { useCustomerSearchStore } from './useCustomerSearchStore';
import { useCustomerPages } from './useCustomerPages';

const ROW_HEIGHT = 44;
/** Column widths: fixed where the content is (numbers, masked ids), flexible for names. */
const GRID = 'minmax(110px, 1fr) minmax(90px, 1.1fr) minmax(170px, 1.6fr) minmax(120px, 1.1fr) minmax(130px, 1fr) 84px 84px minmax(130px, 1.2fr)';

const statusColor: Record<CustomerListRow['status'], string> = { active: 'green', dormant: 'yellow', closed: 'gray' };
const levelColor: Record<CustomerListRow['level'], string> = { normal: 'gray', silver: 'blue', gold: 'yellow', platinum: 'violet', diamond: 'grape' };

function isStatus(v: string | null): v is CustomerListRow['status'] {
  return v !== null && (CUSTOMER_STATUSES as readonly string[]).includes(v);
}

export function CustomerListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { q, status, setQ, setStatus } = useCustomerSearchStore();
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const { rows, loading, done, loadMore } = useCustomerPages(debouncedQ, status);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: rows.length + (done ? 0 : 1),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  // The loader row came into view: fetch the next keyset page.
  useEffect(() => {
    if (last && last.index >= rows.length - 1 && !done) loadMore();
  }, [last, rows.length, done, loadMore]);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [debouncedQ, status]);

  const header = [
    t('customers.col.customerNo'),
    t('customers.col.name'),
    t('customers.col.idNo'),
    t('customers.col.phone'),
    t('customers.col.manager'),
    t('customers.col.level'),
    t('customers.col.status'),
    t('customers.col.assets'),
  ];

  return (
    <Box>
      <PageTitle title={t('customers.title')}>
        <Text size="sm" c="dimmed" data-testid="customers-count">
          {t('customers.loaded', { count: rows.length })}
        </Text>
      </PageTitle>
      <Group mb="md" gap="sm" wrap="wrap">
        <TextInput
          style={{ flex: '1 1 320px' }}
          maw={520}
          leftSection={<IconSearch size={16} />}
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('common.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          maxLength={40}
        />
        <Select
          w={160}
          aria-label={t('customers.status')}
          value={status ?? 'all'}
          onChange={(v) => setStatus(isStatus(v) ? v : null)}
          allowDeselect={false}
          data={[{ value: 'all', label: t('common.all') }, ...CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customerStatus.${s}`) }))]}
        />
      </Group>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Box style={{ overflowX: 'auto' }}>
          <Box miw={980}>
            <Box
              role="row"
              px="md"
              py={10}
              style={{ display: 'grid', gridTemplateColumns: GRID, gap: 12, borderBottom: '1px solid var(--mantine-color-default-border)', background: 'var(--mantine-color-default-hover)' }}
            >
              {header.map((h, i) => (
                <Text key={h} size="xs" fw={600} c="dimmed" ta={i === header.length - 1 ? 'right' : 'left'} role="columnheader" truncate>
                  {h}
                </Text>
              ))}
            </Box>
            <Box ref={scrollRef} h="calc(100vh - 290px)" mih={240} style={{ overflowY: 'auto' }} role="rowgroup" data-testid="customer-list">
              {rows.length === 0 && done && !loading ? (
                <Center h="100%">
                  <EmptyState icon={<IconUsersGroup size={30} stroke={1.5} />} withIndicatorBackground title={t('customers.empty')} description={t('customers.emptyHint')} />
                </Center>
              ) : (
                <Box h={virtualizer.getTotalSize()} pos="relative">
                  {items.map((vi) => {
                    const c = rows[vi.index];
                    return (
                      <Box
                        key={vi.key}
                        role="row"
                        px="md"
                        style={{
                          position: 'absolute',
                          top: 0,
                          left: 0,
                          right: 0,
                          height: ROW_HEIGHT,
                          transform: `translateY(${vi.start}px)`,
                          display: 'grid',
                          gridTemplateColumns: GRID,
                          gap: 12,
                          alignItems: 'center',
                          borderBottom: '1px solid var(--mantine-color-default-border)',
                        }}
                      >
                        {c ? (
                          <>
                            <Text size="sm" ff="monospace" truncate>
                              {c.customerNo}
                            </Text>
                            <Text size="sm" fw={500} truncate>
                              {c.name}
                            </Text>
                            <Text size="sm" ff="monospace" c="dimmed" truncate title={t(`idType.${c.idType}`)}>
                              {c.idNo}
                            </Text>
                            <Text size="sm" ff="monospace" c="dimmed" truncate>
                              {c.phone ?? '—'}
                            </Text>
                            <Text size="sm" truncate>
                              {c.managerName ?? '—'}
                            </Text>
                            <Badge size="sm" variant="light" color={levelColor[c.level]}>
                              {t(`customerLevel.${c.level}`)}
                            </Badge>
                            <Badge size="sm" variant="dot" color={statusColor[c.status]}>
                              {t(`customerStatus.${c.status}`)}
                            </Badge>
                            <Text size="sm" ta="right" ff="monospace" style={{ fontVariantNumeric: 'tabular-nums' }}>
                              {fmt.money(c.assetsFen)}
                            </Text>
                          </>
                        ) : (
                          <Group gap="xs" style={{ gridColumn: '1 / -1' }} justify="center">
                            <Loader size="xs" />
                            <Text size="sm" c="dimmed">
                              {t('common.loading')}
                            </Text>
                          </Group>
                        )}
                      </Box>
                    );
                  })}
                </Box>
              )}
            </Box>
          </Box>
        </Box>
      </Paper>
    </Box>
  );
}
