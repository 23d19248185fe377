import { notifications } from '@mantine/notifications';
import { BRIDGE_GLOBAL } from '../../src-shared/rpc/bridge';
import type { FileInfo } from '../../src-shared/files/files.contract';
import { rpc } from '../platform/rpc';
import { i18n } from '../i18n/i18n';

const inApp = () => BRIDGE_GLOBAL in window;

/**
 * Files the app writes (exports, error reports): the person chooses where, main writes there
 * through an opaque write handle. In the app the file is in place once main has written it; in
 * the browser test host it lives on the host and is downloaded from `/files/<handle>`.
 */
export const saveFile = {
  /** Ask where to save; null when the person cancelled (in the browser: when the host cannot offer a place, said in a notice). */
  async choose(suggestedName: string, extensions: readonly string[]): Promise<FileInfo | null> {
    const info = await rpc.call('files.chooseSave', { suggestedName, extensions: [...extensions] });
    if (!info && !inApp()) notifications.show({ color: 'yellow', message: i18n.t('importUi.file.saveUnavailable') });
    return info;
  },
  /** The file behind a write handle is complete: hand it to the person (a download in the browser, a notice in the app). */
  deliver(info: FileInfo): void {
    if (inApp()) {
      notifications.show({ color: 'green', message: i18n.t('importUi.file.saved', { name: info.name }) });
      return;
    }
    const a = document.createElement('a');
    a.href = `/files/${encodeURIComponent(info.handle)}`;
    a.download = info.name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  },
};
