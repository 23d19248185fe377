import { create } from 'zustand';
import { isPageId, type PageId } from './navItems';

type Route = { page: PageId; customerId: string | null };

/** `#/customers/<id>` is one customer's page; `#/<page>` any other page. */
const fromHash = (): Route => {
  const path = window.location.hash.replace(/^#\/?/, '');
  const customer = /^customers\/([0-9a-f-]{36})$/.exec(path);
  if (customer) return { page: 'customers', customerId: customer[1]! };
  return { page: isPageId(path) ? path : 'home', customerId: null };
};

type NavState = Route & { go(page: PageId): void; openCustomer(id: string): void; syncFromHash(): void };

/**
 * The current page. Mirrored in the URL hash so reloads and the back key keep their place
 * (a hash works the same under file:// in Electron and http:// in the test host).
 */
export const useNavStore = create<NavState>((set) => ({
  ...fromHash(),
  go(page) {
    if (window.location.hash !== `#/${page}`) window.location.hash = `/${page}`;
    set({ page, customerId: null });
  },
  openCustomer(id) {
    if (window.location.hash !== `#/customers/${id}`) window.location.hash = `/customers/${id}`;
    set({ page: 'customers', customerId: id });
  },
  syncFromHash: () => set(fromHash()),
}));
