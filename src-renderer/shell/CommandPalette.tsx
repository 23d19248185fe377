import { useEffect, useState } from 'react';
import { Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from '@mantine/spotlight';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerListRow } from '../../src-shared/customers/customers.contract';
import { rpc } from '../platform/rpc';
import { useCan } from '../session/useCan';
import { useNavStore } from '../nav/useNavStore';
import { useVisibleNavItems } from '../nav/useVisibleNavItems';

/** Ctrl+K: jump to any page the user may open, or to a customer found by the list's own search. */
export function CommandPalette() {
  const { t } = useTranslation();
  const go = useNavStore((s) => s.go);
  const openCustomer = useNavStore((s) => s.openCustomer);
  const items = useVisibleNavItems();
  const canSeeCustomers = useCan('customers.read');
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const [customers, setCustomers] = useState<CustomerListRow[]>([]);

  useEffect(() => {
    if (!canSeeCustomers || debounced.length < 1) {
      setCustomers([]);
      return;
    }
    let stale = false;
    rpc.call('customers.list', { q: debounced, limit: 8 }).then(
      (r) => !stale && setCustomers(r.rows),
      () => !stale && setCustomers([]),
    );
    return () => {
      stale = true;
    };
  }, [debounced, canSeeCustomers]);

  const pages: SpotlightActionData[] = items.map((i) => ({
    id: `page:${i.id}`,
    label: t(i.labelKey),
    keywords: [i.id],
    leftSection: <i.icon size={20} stroke={1.5} />,
    onClick: () => go(i.id),
  }));
  const actions: SpotlightActionGroupData[] = [{ group: t('palette.pages'), actions: pages }];
  if (customers.length) {
    actions.push({
      group: t('palette.customers'),
      actions: customers.map((c) => ({
        id: `customer:${c.id}`,
        label: c.name,
        description: `${c.customerNo} · ${c.phone ?? c.idNo}`,
        // Found by the server's search, so the local filter must not hide it again.
        keywords: [debounced, query],
        leftSection: <IconUser size={20} stroke={1.5} />,
        onClick: () => openCustomer(c.id),
      })),
    });
  }

  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      nothingFound={t('palette.nothing')}
      highlightQuery
      limit={20}
      searchProps={{ leftSection: <IconSearch size={18} />, placeholder: t('palette.placeholder') }}
    />
  );
}
