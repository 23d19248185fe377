import { filesContract } from '../../src-shared/files/files.contract';
import type { HandlersFor } from '../ipc/types';

export const filesHandlers = {
  'files.chooseOpen': async (input, { app, clientId }) => {
    const path = await app.platform.chooseOpenFile(clientId, input);
    return path ? app.files.issue(clientId, path, 'read') : null;
  },
  'files.chooseSave': async (input, { app, clientId }) => {
    const path = await app.platform.chooseSaveFile(clientId, input);
    return path ? app.files.issue(clientId, path, 'write') : null;
  },
  'files.stat': async (input, { app, clientId }) => app.files.info(input.handle, clientId),
} satisfies HandlersFor<typeof filesContract>;
