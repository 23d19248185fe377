import { create } from 'zustand';

type Tab = 'products' | 'questionnaires';

type ProductsPageState = {
  tab: Tab;
  /** The product whose page is open, or null for the list. */
  productId: string | null;
  setTab(tab: Tab): void;
  open(productId: string | null): void;
};

/** Where the products page is (list, one product, questionnaires): UI state kept across visits. */
export const useProductsPageStore = create<ProductsPageState>((set) => ({
  tab: 'products',
  productId: null,
  setTab: (tab) => set({ tab, productId: null }),
  open: (productId) => set({ productId }),
}));
