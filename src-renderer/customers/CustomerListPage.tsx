import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Badge, Box, Button, Center, Checkbox, Collapse, EmptyState, Group, Kbd, Loader, Paper, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconFilter, IconPlus, IconSearch, IconSelector, IconUsersGroup } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { CustomerFilter, CustomerListRow } from '../../src-shared/customers/customers.contract';
import { useFormat } from '../format/useFormat';
import type { Formatter } from '../format/makeFormatter';
import { PageTitle } from '../shell/PageTitle';
import { useRpcQuery } from '../data/useRpcQuery';
import { useCan } from '../session/useCan';
import { useSessionStore } from '../session/useSessionStore';
import { useNavStore } from '../nav/useNavStore';
import { customerColumns, type ColumnDef, type ColumnId } from './list/customerColumns';
import { useCustomerListStore } from './list/useCustomerListStore';
import { useCustomerPages } from './list/useCustomerPages';
import { CustomerFilterPanel } from './list/CustomerFilterPanel';
import { CustomerColumnChooser } from './list/CustomerColumnChooser';
import { CustomerViewsMenu } from './list/CustomerViewsMenu';
import { CustomerBulkBar } from './list/CustomerBulkBar';
import { CreateCustomerModal } from './list/CreateCustomerModal';
import { CustomerExportButton } from '../exports/CustomerExportButton';

const ROW_HEIGHT = 44;
const CHECK_COL = '28px';
const GAP = 10;

const statusColor: Record<CustomerListRow['status'], string> = { active: 'green', dormant: 'yellow', closed: 'gray' };
const levelColor: Record<CustomerListRow['level'], string> = { normal: 'gray', silver: 'blue', gold: 'yellow', platinum: 'violet', diamond: 'grape' };
const riskColor: Record<NonNullable<CustomerListRow['riskLevel']>, string> = { C1: 'teal', C2: 'green', C3: 'yellow', C4: 'orange', C5: 'red' };

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('[role="dialog"]') !== null);

/** Count of filter fields in use (a range or a pair of dates counts once). */
function activeFilters(f: CustomerFilter): number {
  const keys = new Set(Object.keys(f).map((k) => k.replace(/(Min|Max)Fen$|From$|To$/, '').replace(/^unassigned$/, 'managerId')));
  return keys.size;
}

function Cell({ col, c, fmt, today, t }: { col: ColumnId; c: CustomerListRow; fmt: Formatter; today: string; t: (k: string) => string }): ReactNode {
  const mono = { ff: 'monospace', size: 'sm', truncate: true } as const;
  switch (col) {
    case 'customerNo':
      return <Text {...mono}>{c.customerNo}</Text>;
    case 'name':
      return (
        <Text size="sm" fw={500} truncate title={c.name}>
          {c.name}
        </Text>
      );
    case 'idNo':
      return (
        <Text {...mono} c="dimmed" title={t(`idType.${c.idType}`)}>
          {c.idNo}
        </Text>
      );
    case 'phone':
      return (
        <Text {...mono} c="dimmed">
          {c.phone ?? '—'}
        </Text>
      );
    case 'branch':
      return (
        <Text size="sm" truncate>
          {c.branchName}
        </Text>
      );
    case 'manager':
      return (
        <Text size="sm" truncate c={c.managerName ? undefined : 'dimmed'}>
          {c.managerName ?? t('customers.unassigned')}
        </Text>
      );
    case 'level':
      return (
        <Badge size="sm" variant="light" color={levelColor[c.level]}>
          {t(`customerLevel.${c.level}`)}
        </Badge>
      );
    case 'status':
      return (
        <Badge size="sm" variant="dot" color={statusColor[c.status]}>
          {t(`customerStatus.${c.status}`)}
        </Badge>
      );
    case 'risk':
      return c.riskLevel ? (
        <Badge size="sm" variant="outline" color={riskColor[c.riskLevel]} title={t(`riskLevel.${c.riskLevel}`)}>
          {c.riskLevel}
        </Badge>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      );
    case 'alerts': {
      // One badge fits the column; further flags collapse into "+n" with the full list as its title.
      const flags = [
        c.elderly && t('customers.badge.elderly'),
        c.riskExpiresAt !== null && c.riskExpiresAt.slice(0, 10) < today && t('customers.badge.riskExpired'),
        c.idExpiry !== null && c.idExpiry.slice(0, 10) < today && t('customers.badge.idExpired'),
      ].filter((f): f is string => typeof f === 'string');
      if (!flags.length) return null;
      return (
        <Group gap={4} wrap="nowrap" title={flags.join(' · ')}>
          <Badge size="xs" variant="light" color={c.elderly ? 'orange' : 'red'} style={{ flex: 'none' }}>
            {flags[0]}
          </Badge>
          {flags.length > 1 && (
            <Badge size="xs" variant="outline" color="red" style={{ flex: 'none' }}>
              +{flags.length - 1}
            </Badge>
          )}
        </Group>
      );
    }
    case 'openDate':
      return <Text {...mono}>{c.openDate ?? '—'}</Text>;
    case 'lastContact':
      return (
        <Text {...mono} c={c.lastContactAt ? undefined : 'dimmed'}>
          {c.lastContactAt ? fmt.date(c.lastContactAt) : '—'}
        </Text>
      );
    case 'assets':
      return (
        <Text size="sm" ta="right" ff="monospace" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {fmt.money(c.assetsFen)}
        </Text>
      );
  }
}

/**
 * The customer list: search, declared filters and sorts over keyset pages in a virtualized
 * table, a count of matches, saved views, bulk actions on selected rows, and "new customer".
 * Keyboard: `/` focuses the search, ↑/↓ move, Enter opens, Space selects.
 */
export function CustomerListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const session = useSessionStore((s) => s.session);
  const openCustomer = useNavStore((s) => s.openCustomer);
  const { q, filter, sort, columns, setQ, setFilter, clearFilter, toggleSort, setColumns } = useCustomerListStore();
  const canWrite = useCan('customers.write');
  const canUsers = useCan('users.read');
  const isHq = session?.scope === 'all';

  const [debouncedKey] = useDebouncedValue(JSON.stringify({ q: q.trim(), filter }), 250);
  const query = useMemo(() => {
    const parsed = JSON.parse(debouncedKey) as { q: string; filter: CustomerFilter };
    return { ...parsed, sort };
  }, [debouncedKey, sort]);
  const { rows, loading, done, loadMore, reload } = useCustomerPages(query);
  const count = useRpcQuery('customers.count', { ...(query.q ? { q: query.q } : {}), filter: query.filter });
  const org = useRpcQuery('org.list', {}, { enabled: isHq });
  const users = useRpcQuery('users.list', {}, { enabled: canUsers });
  const branches = isHq ? (org.data ?? []) : null;
  const managers = canUsers ? (users.data ?? []).filter((u) => u.role === 'account_manager') : null;

  const [filtersOpen, setFiltersOpen] = useState(() => Object.keys(useCustomerListStore.getState().filter).length > 0);
  const [createOpen, setCreateOpen] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Tags in use is an aggregate over the whole scope: asked for only when a tag picker opens,
  // so it never delays the list.
  const [wantTags, setWantTags] = useState(false);
  const requestTags = useCallback(() => setWantTags(true), []);
  const tags = useRpcQuery('customers.tagsInUse', {}, { enabled: wantTags });
  const tagNames = (tags.data ?? []).map((x) => x.tag);
  const [active, setActive] = useState(-1);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const visible: ColumnDef[] = customerColumns.filter((c) => c.fixed || columns.includes(c.id));
  const grid = [CHECK_COL, ...visible.map((c) => c.width)].join(' ');
  const minWidth = visible.reduce((n, c) => n + c.min + GAP, 28 + 32);
  const today = fmt.date(new Date());

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
  // A new query starts at the top with nothing selected.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setSelected(new Set());
    setActive(-1);
  }, [query]);

  // `/` anywhere on the page (outside a field or dialog) jumps to the search box.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const moveTo = useCallback(
    (i: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, i));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [rows.length, virtualizer],
  );
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1),
      ArrowUp: () => (active <= 0 ? searchRef.current?.focus() : moveTo(active - 1)),
      PageDown: () => moveTo(active + page),
      PageUp: () => moveTo(active - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => rows[active] && openCustomer(rows[active].id),
      ' ': () => rows[active] && toggle(rows[active].id),
    };
    const f = keys[e.key];
    if (f && rows.length) {
      e.preventDefault();
      f();
    }
  };

  const allLoadedSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = rows.some((r) => selected.has(r.id));
  const nFilters = activeFilters(filter);
  const countText = count.loading
    ? '…'
    : count.data
    ? count.data.capped
      ? t('customers.count.capped', { n: fmt.number(count.data.count) })
      : t('customers.count', { n: fmt.number(count.data.count) })
    : count.error
      ? t('customers.count.unknown')
      : '…';

  return (
    <Box h="calc(100dvh - var(--app-shell-header-height, 60px) - 2 * var(--mantine-spacing-lg))" mih={420} style={{ display: 'flex', flexDirection: 'column' }}>
      <PageTitle title={t('customers.title')}>
        <Text size="sm" c="dimmed" data-testid="customers-count">
          {countText}
        </Text>
        {query.q && done && count.data && count.data.count > rows.length ? (
          // A search shows its first SEARCH_CAP matches (list-shapes.ts): say so, and what to do.
          <Text size="xs" c="orange" data-testid="customers-loaded">
            {t('customers.searchCapped', { count: rows.length })}
          </Text>
        ) : (
          <Text size="xs" c="dimmed" data-testid="customers-loaded">
            {t('customers.loaded', { count: rows.length })}
          </Text>
        )}
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreateOpen(true)}>
            {t('customers.create')}
          </Button>
        )}
      </PageTitle>
      <Group mb="sm" gap="sm" wrap="wrap">
        <TextInput
          ref={searchRef}
          style={{ flex: '1 1 320px' }}
          maw={520}
          leftSection={<IconSearch size={16} />}
          rightSection={<Kbd size="xs">/</Kbd>}
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('common.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && rows.length) {
              e.preventDefault();
              scrollRef.current?.focus();
              moveTo(active < 0 ? 0 : active);
            } else if (e.key === 'Escape' && q) setQ('');
          }}
          maxLength={40}
        />
        <Button
          variant={filtersOpen ? 'light' : 'default'}
          leftSection={<IconFilter size={16} />}
          rightSection={nFilters ? <Badge size="sm" circle>{nFilters}</Badge> : undefined}
          onClick={() => setFiltersOpen((o) => !o)}
          aria-expanded={filtersOpen}
          data-testid="filters-toggle"
        >
          {t('customers.filters')}
        </Button>
        <Group gap="sm" ml="auto">
          <CustomerExportButton branches={branches} managers={managers} />
          <CustomerViewsMenu />
          <CustomerColumnChooser columns={columns} onChange={setColumns} />
        </Group>
      </Group>
      <Collapse expanded={filtersOpen}>
        <CustomerFilterPanel filter={filter} onChange={setFilter} onClear={clearFilter} branches={branches} managers={managers} tags={tags.data ?? []} onTagsOpen={requestTags} />
      </Collapse>
      <Paper withBorder radius="md" style={{ overflow: 'hidden', flex: 1, minHeight: 240, display: 'flex', flexDirection: 'column' }}>
        <Box style={{ overflowX: 'auto', flex: 1, display: 'flex', flexDirection: 'column' }}>
          <Box miw={minWidth} style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }} role="table" aria-label={t('customers.title')} aria-rowcount={count.data?.count ?? -1}>
            <Box
              role="row"
              px="md"
              py={8}
              style={{ display: 'grid', gridTemplateColumns: grid, gap: GAP, alignItems: 'center', borderBottom: '1px solid var(--mantine-color-default-border)', background: 'var(--mantine-color-default-hover)' }}
            >
              <Checkbox
                size="xs"
                aria-label={t('customers.selectAllLoaded')}
                title={t('customers.selectAllLoaded')}
                checked={allLoadedSelected}
                indeterminate={someSelected && !allLoadedSelected}
                onChange={() => setSelected(allLoadedSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                disabled={rows.length === 0}
              />
              {visible.map((col) => {
                const label = t(`customers.col.${col.id}`);
                const sorted = col.sort && sort.field === col.sort ? sort.dir : null;
                if (!col.sort) {
                  return (
                    <Text key={col.id} size="xs" fw={600} c="dimmed" ta={col.align ?? 'left'} role="columnheader" truncate title={label}>
                      {label}
                    </Text>
                  );
                }
                const Arrow = sorted === 'asc' ? IconArrowUp : sorted === 'desc' ? IconArrowDown : IconSelector;
                const field = col.sort;
                return (
                  <Box key={col.id} role="columnheader" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'} style={{ minWidth: 0 }}>
                    <Tooltip label={t('customers.sortBy', { column: label })} openDelay={600} withinPortal>
                      <UnstyledButton onClick={() => toggleSort(field)} style={{ display: 'flex', alignItems: 'center', gap: 4, width: '100%', justifyContent: col.align === 'right' ? 'flex-end' : 'flex-start' }}>
                        <Text size="xs" fw={600} c={sorted ? undefined : 'dimmed'} truncate title={label}>
                          {label}
                        </Text>
                        <Arrow size={14} stroke={1.8} style={{ flex: 'none', opacity: sorted ? 1 : 0.45 }} />
                      </UnstyledButton>
                    </Tooltip>
                  </Box>
                );
              })}
            </Box>
            <Box
              ref={scrollRef}
              style={{ overflowY: 'auto', flex: 1, minHeight: 0, outline: 'none' }}
              role="rowgroup"
              tabIndex={0}
              onKeyDown={onListKey}
              onFocus={() => active < 0 && rows.length && setActive(0)}
              aria-activedescendant={active >= 0 && rows[active] ? `customer-row-${active}` : undefined}
              data-testid="customer-list"
            >
              {rows.length === 0 && done && !loading ? (
                <Center h="100%">
                  <EmptyState icon={<IconUsersGroup size={30} stroke={1.5} />} withIndicatorBackground title={t('customers.empty')} description={t('customers.emptyHint')} />
                </Center>
              ) : (
                <Box h={virtualizer.getTotalSize() + (selected.size ? 64 : 0)} pos="relative">
                  {items.map((vi) => {
                    const c = rows[vi.index];
                    const isActive = vi.index === active;
                    const isSelected = c ? selected.has(c.id) : false;
                    return (
                      <Box
                        key={vi.key}
                        id={`customer-row-${vi.index}`}
                        role="row"
                        aria-selected={isSelected}
                        data-active={isActive || undefined}
                        px="md"
                        onClick={c ? () => openCustomer(c.id) : undefined}
                        onMouseMove={c && !isActive ? () => setActive(vi.index) : undefined}
                        style={{
                          position: 'absolute',
                          top: 0,
                          left: 0,
                          right: 0,
                          height: ROW_HEIGHT,
                          transform: `translateY(${vi.start}px)`,
                          display: 'grid',
                          gridTemplateColumns: grid,
                          gap: GAP,
                          alignItems: 'center',
                          cursor: c ? 'pointer' : undefined,
                          borderBottom: '1px solid var(--mantine-color-default-border)',
                          background: isSelected ? 'var(--mantine-primary-color-light)' : isActive ? 'var(--mantine-color-default-hover)' : undefined,
                          boxShadow: isActive ? 'inset 3px 0 0 var(--mantine-primary-color-filled)' : undefined,
                        }}
                      >
                        {c ? (
                          <>
                            <Checkbox size="xs" aria-label={t('customers.select', { name: c.name })} checked={isSelected} onChange={() => toggle(c.id)} onClick={(e) => e.stopPropagation()} tabIndex={-1} />
                            {visible.map((col) => (
                              <Box key={col.id} role="cell" style={{ minWidth: 0, overflow: 'hidden' }}>
                                <Cell col={col.id} c={c} fmt={fmt} today={today} t={t} />
                              </Box>
                            ))}
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
      <Text size="xs" c="dimmed" mt={6}>
        {t('customers.keyboardHint')}
      </Text>
      <CustomerBulkBar
        ids={createOpen ? [] : [...selected]}
        onClear={() => setSelected(new Set())}
        onDone={() => {
          reload();
          count.reload();
          if (wantTags) tags.reload();
        }}
        managers={managers}
        tags={tagNames}
        onTagsOpen={requestTags}
      />
      <CreateCustomerModal
        opened={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={() => {
          reload();
          count.reload();
          if (wantTags) tags.reload();
        }}
        branches={branches}
        managers={managers}
      />
    </Box>
  );
}
