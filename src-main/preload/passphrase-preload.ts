/**
 * Preload of the passphrase prompt window: two one-way messages, nothing else. Sandboxed;
 * the page never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { PASSPHRASE_CHANNEL, PASSPHRASE_GLOBAL, type PassphraseMessage } from '../window/passphrase-ipc';

const send = (m: PassphraseMessage) => ipcRenderer.send(PASSPHRASE_CHANNEL, m);

contextBridge.exposeInMainWorld(PASSPHRASE_GLOBAL, {
  submit(value: unknown) {
    if (typeof value === 'string') send({ action: 'submit', value });
  },
  cancel() {
    send({ action: 'cancel' });
  },
});
