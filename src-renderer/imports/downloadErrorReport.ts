import type { ImportRunDto } from '../../src-shared/imports/imports.contract';
import { rpc } from '../platform/rpc';
import { i18n } from '../i18n/i18n';
import { saveFile } from '../exports/saveFile';

/**
 * The full error report of an import (.xlsx: the file's rows with a row number and an error
 * column): the person chooses where, main copies it there. Resolves false when they cancelled.
 */
export async function downloadErrorReport(run: Pick<ImportRunDto, 'id' | 'fileName'>): Promise<boolean> {
  const base = run.fileName.replace(/\.[^.]{1,8}$/, '') || 'import';
  const info = await saveFile.choose(i18n.t('importUi.report.fileName', { name: base }), ['xlsx']);
  if (!info) return false;
  await rpc.call('imports.errorReport', { id: run.id, handle: info.handle });
  saveFile.deliver(info);
  return true;
}
