import { useMemo } from 'react';
import { useSessionStore } from '../session/useSessionStore';
import { navItems, type NavItem } from './navItems';

/** The pages this user may open: a hidden item is a page whose calls main would refuse anyway. */
export function useVisibleNavItems(): NavItem[] {
  const permissions = useSessionStore((s) => s.session?.permissions);
  return useMemo(() => navItems.filter((i) => i.permission === null || (permissions ?? []).includes(i.permission)), [permissions]);
}
