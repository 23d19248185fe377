import { create } from 'zustand';
import type { CUSTOMER_STATUSES } from '../../src-shared/customers/customers.contract';

type Status = (typeof CUSTOMER_STATUSES)[number];
type CustomerSearchState = { q: string; status: Status | null; setQ(q: string): void; setStatus(s: Status | null): void };

/** The customer list's filters: kept across page switches, and set by the command palette. */
export const useCustomerSearchStore = create<CustomerSearchState>((set) => ({
  q: '',
  status: null,
  setQ: (q) => set({ q }),
  setStatus: (status) => set({ status }),
}));
