import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useNavStore } from '../nav/useNavStore';
import { navItems } from '../nav/navItems';
import { useVisibleNavItems } from '../nav/useVisibleNavItems';
import { HomePage } from '../home/HomePage';
import { CustomerListPage } from '../customers/CustomerListPage';
import { CustomerPage } from '../customers/CustomerPage';
import { DuplicatesPage } from '../customers/duplicates/DuplicatesPage';
import { ImportsPage } from '../imports/ImportsPage';
import { UserListPage } from '../users/UserListPage';
import { ProductsPage } from '../products/ProductsPage';
import { CompliancePage } from '../compliance/CompliancePage';
import { ApprovalListPage } from '../approvals/ApprovalListPage';
import { AuditLogPage } from '../audit/AuditLogPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SyncPage } from '../sync/SyncPage';
import { ConflictInboxPage } from '../sync/ConflictInboxPage';
import { AppHeader } from './AppHeader';
import { AppNavbar } from './AppNavbar';
import { ComingSoonPage } from './ComingSoonPage';
import { CommandPalette } from './CommandPalette';

function CurrentPage() {
  const page = useNavStore((s) => s.page);
  const customerId = useNavStore((s) => s.customerId);
  const visible = useVisibleNavItems();
  // A page the user may not open (an old bookmark, a role change) falls back to home.
  const item = visible.find((i) => i.id === page) ?? navItems[0]!;
  switch (item.id) {
    case 'home':
      return <HomePage />;
    case 'customers':
      return customerId ? <CustomerPage key={customerId} id={customerId} /> : <CustomerListPage />;
    case 'duplicates':
      return <DuplicatesPage />;
    case 'imports':
      return <ImportsPage />;
    case 'products':
      return <ProductsPage />;
    case 'compliance':
      return <CompliancePage />;
    case 'users':
      return <UserListPage />;
    case 'approvals':
      return <ApprovalListPage />;
    case 'audit':
      return <AuditLogPage />;
    case 'settings':
      return <SettingsPage />;
    case 'sync':
      return <SyncPage />;
    case 'conflicts':
      return <ConflictInboxPage />;
    default:
      return <ComingSoonPage item={item} />;
  }
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <AppHeader navOpened={opened} toggleNav={toggle} />
      </AppShell.Header>
      <AppShell.Navbar>
        <AppNavbar onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <CurrentPage />
      </AppShell.Main>
      <CommandPalette />
    </AppShell>
  );
}
