import { create } from 'zustand';

type DuplicateScanState = { jobId: string | null; setJobId(id: string | null): void };

/** The duplicate finder job this window started: kept across page switches so its progress is still shown on return. */
export const useDuplicateScanStore = create<DuplicateScanState>((set) => ({
  jobId: null,
  setJobId: (jobId) => set({ jobId }),
}));
