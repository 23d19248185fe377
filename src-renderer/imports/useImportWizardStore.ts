import { create } from 'zustand';
import type { Encoding, ImportKind, InspectResult, Mapping } from '../../src-shared/imports/imports.contract';
import type { FileInfo } from '../../src-shared/files/files.contract';

/** The wizard's steps: what the user is looking at (a running job keeps its step). */
export type WizardStep = 'source' | 'mapping' | 'preview' | 'apply';
export type ApplyMode = 'all' | 'validOnly';

/** How the file is read: what the user overrode (undefined: let inspect decide). */
export type ReadChoice = { encoding: Encoding; sheet: string | undefined; headerRow: number | undefined };

type ImportWizardState = {
  step: WizardStep;
  kind: ImportKind;
  file: FileInfo | null;
  read: ReadChoice;
  inspected: InspectResult | null;
  mapping: Mapping;
  templateName: string;
  importId: string | null;
  /** The preview or apply job this window started: kept across page switches so its progress is shown on return. */
  jobId: string | null;
  mode: ApplyMode;
  setKind(kind: ImportKind): void;
  setFile(file: FileInfo | null): void;
  setRead(patch: Partial<ReadChoice>): void;
  setInspected(r: InspectResult): void;
  setMapping(index: number, field: string | null): void;
  setTemplateName(name: string): void;
  startPreview(importId: string, jobId: string): void;
  startApply(jobId: string): void;
  setJobId(jobId: string | null): void;
  setMode(mode: ApplyMode): void;
  goTo(step: WizardStep): void;
  reset(): void;
};

const START = {
  step: 'source' as WizardStep,
  kind: 'customers' as ImportKind,
  file: null,
  read: { encoding: 'auto' as Encoding, sheet: undefined, headerRow: undefined },
  inspected: null,
  mapping: [] as Mapping,
  templateName: '',
  importId: null,
  jobId: null,
  mode: 'all' as ApplyMode,
};

/** The import wizard's UI state; server data (counts, errors) is read back through `imports.get`. */
export const useImportWizardStore = create<ImportWizardState>((set) => ({
  ...START,
  // A new kind or file invalidates everything read from the previous one.
  setKind: (kind) => set({ kind, inspected: null, mapping: [], importId: null }),
  setFile: (file) => set({ file, read: START.read, inspected: null, mapping: [], importId: null, templateName: '' }),
  setRead: (patch) => set((s) => ({ read: { ...s.read, ...patch } })),
  setInspected: (r) =>
    set((s) => ({
      inspected: r,
      mapping: r.mapping,
      // The sheet inspect chose stays chosen when another setting changes; the header row stays
      // the person's override (or automatic), since another sheet or encoding may put it elsewhere.
      read: { ...s.read, sheet: r.sheet ?? undefined },
      templateName: r.template?.name ?? s.templateName,
    })),
  setMapping: (index, field) =>
    set((s) => {
      const mapping = [...s.mapping];
      while (mapping.length <= index) mapping.push(null);
      mapping[index] = field;
      return { mapping };
    }),
  setTemplateName: (templateName) => set({ templateName }),
  startPreview: (importId, jobId) => set({ importId, jobId, step: 'preview' }),
  startApply: (jobId) => set({ jobId, step: 'apply' }),
  setJobId: (jobId) => set({ jobId }),
  setMode: (mode) => set({ mode }),
  goTo: (step) => set({ step }),
  reset: () => set(START),
}));
