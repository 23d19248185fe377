import type { Icon } from '@tabler/icons-react';
import {
  IconAddressBook,
  IconArrowMerge,
  IconBook2,
  IconBuildingCommunity,
  IconChartPie,
  IconChecklist,
  IconFileImport,
  IconGitMerge,
  IconHeadset,
  IconHome,
  IconListSearch,
  IconPackage,
  IconRefresh,
  IconSettings,
  IconShieldCheck,
  IconSpeakerphone,
  IconTargetArrow,
  IconUsers,
} from '@tabler/icons-react';
import type { Permission } from '../../src-shared/auth/roles';

export type PageId =
  | 'home'
  | 'customers'
  | 'analysis'
  | 'service'
  | 'marketing'
  | 'products'
  | 'knowledge'
  | 'announcements'
  | 'users'
  | 'org'
  | 'approvals'
  | 'compliance'
  | 'duplicates'
  | 'imports'
  | 'audit'
  | 'settings'
  | 'sync'
  | 'conflicts';

export type NavItem = {
  id: PageId;
  labelKey: `nav.${PageId}`;
  icon: Icon;
  /** Hidden without it; `null` for pages every signed-in user may open. */
  permission: Permission | null;
  group: 'main' | 'system';
};

/** Every module of domain.md, in the order the branch reads them. */
export const navItems: readonly NavItem[] = [
  { id: 'home', labelKey: 'nav.home', icon: IconHome, permission: null, group: 'main' },
  { id: 'customers', labelKey: 'nav.customers', icon: IconAddressBook, permission: 'customers.read', group: 'main' },
  { id: 'analysis', labelKey: 'nav.analysis', icon: IconChartPie, permission: 'customers.read', group: 'main' },
  { id: 'service', labelKey: 'nav.service', icon: IconHeadset, permission: 'customers.read', group: 'main' },
  { id: 'marketing', labelKey: 'nav.marketing', icon: IconTargetArrow, permission: 'customers.read', group: 'main' },
  { id: 'products', labelKey: 'nav.products', icon: IconPackage, permission: 'products.read', group: 'main' },
  { id: 'compliance', labelKey: 'nav.compliance', icon: IconShieldCheck, permission: 'compliance.review', group: 'main' },
  { id: 'knowledge', labelKey: 'nav.knowledge', icon: IconBook2, permission: null, group: 'main' },
  { id: 'announcements', labelKey: 'nav.announcements', icon: IconSpeakerphone, permission: null, group: 'main' },
  { id: 'imports', labelKey: 'nav.imports', icon: IconFileImport, permission: 'imports.run', group: 'main' },
  { id: 'users', labelKey: 'nav.users', icon: IconUsers, permission: 'users.read', group: 'system' },
  { id: 'org', labelKey: 'nav.org', icon: IconBuildingCommunity, permission: 'org.manage', group: 'system' },
  { id: 'duplicates', labelKey: 'nav.duplicates', icon: IconArrowMerge, permission: 'customers.merge', group: 'system' },
  { id: 'approvals', labelKey: 'nav.approvals', icon: IconChecklist, permission: 'approvals.read', group: 'system' },
  { id: 'audit', labelKey: 'nav.audit', icon: IconListSearch, permission: 'audit.read', group: 'system' },
  { id: 'settings', labelKey: 'nav.settings', icon: IconSettings, permission: 'settings.manage', group: 'system' },
  { id: 'sync', labelKey: 'nav.sync', icon: IconRefresh, permission: 'sync.view', group: 'main' },
  { id: 'conflicts', labelKey: 'nav.conflicts', icon: IconGitMerge, permission: 'sync.conflicts', group: 'main' },
];

export function isPageId(s: string): s is PageId {
  return navItems.some((n) => n.id === s);
}
