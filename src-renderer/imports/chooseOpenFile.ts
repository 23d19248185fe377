import { BRIDGE_GLOBAL } from '../../src-shared/rpc/bridge';
import { zFileInfo, type FileInfo } from '../../src-shared/files/files.contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';

/** The browser's file picker, for the test host: resolves null when the person cancels. */
function pickInBrowser(extensions: readonly string[]): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = extensions.map((e) => `.${e}`).join(',');
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

/**
 * Let the person choose a file to read and get its opaque handle (files cross as handles,
 * never paths). In the app, main shows the native dialog; in the browser test host there is no
 * dialog on main's side, so the browser's own picker is shown and the file is uploaded to the
 * host, which answers with a read handle. Must be called from a click (browsers open pickers
 * only on a user gesture): nothing is awaited before the picker opens.
 */
export async function chooseOpenFile(extensions: readonly string[]): Promise<FileInfo | null> {
  if (BRIDGE_GLOBAL in window) return rpc.call('files.chooseOpen', { extensions: [...extensions] });
  const file = await pickInBrowser(extensions);
  if (!file) return null;
  let res: Response;
  try {
    res = await fetch(`/files?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, credentials: 'same-origin' });
  } catch {
    throw new RpcCallError('files.chooseOpen', { code: 'INTERNAL', message: 'error.NETWORK' });
  }
  if (res.status === 413) throw new RpcCallError('files.chooseOpen', { code: 'VALIDATION', message: 'importUi.file.uploadTooLarge' });
  if (!res.ok) throw new RpcCallError('files.chooseOpen', { code: 'INTERNAL', message: 'error.NETWORK' });
  return zFileInfo.parse(await res.json());
}
