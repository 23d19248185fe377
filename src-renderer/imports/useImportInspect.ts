import { useState } from 'react';
import type { FileInfo } from '../../src-shared/files/files.contract';
import type { ImportKind } from '../../src-shared/imports/imports.contract';
import { rpc } from '../platform/rpc';
import { useImportWizardStore, type ReadChoice } from './useImportWizardStore';
import { importText } from './importText';

/**
 * `imports.inspect` for the wizard: reads the file's sheets, header and samples with the
 * settings the person chose, and puts the answer (with the suggested or template mapping) in
 * the wizard's store. A refused file (zip bomb, password, empty sheet …) becomes `error`.
 */
export function useImportInspect() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (kind: ImportKind, file: FileInfo, read: ReadChoice): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const r = await rpc.call('imports.inspect', {
        handle: file.handle,
        kind,
        encoding: read.encoding,
        ...(read.sheet !== undefined ? { sheet: read.sheet } : {}),
        ...(read.headerRow !== undefined ? { headerRow: read.headerRow } : {}),
      });
      useImportWizardStore.getState().setInspected(r);
      return true;
    } catch (e) {
      setError(importText.refusal(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, clearError: () => setError(null) };
}
