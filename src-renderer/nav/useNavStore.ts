import { create } from 'zustand';
import { isPageId, type PageId } from './navItems';

const fromHash = (): PageId => {
  const id = window.location.hash.replace(/^#\/?/, '');
  return isPageId(id) ? id : 'home';
};

type NavState = { page: PageId; go(page: PageId): void; syncFromHash(): void };

/**
 * The current page. Mirrored in the URL hash so reloads and the back key keep their place
 * (a hash works the same under file:// in Electron and http:// in the test host).
 */
export const useNavStore = create<NavState>((set) => ({
  page: fromHash(),
  go(page) {
    if (window.location.hash !== `#/${page}`) window.location.hash = `/${page}`;
    set({ page });
  },
  syncFromHash: () => set({ page: fromHash() }),
}));
