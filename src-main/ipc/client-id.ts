/**
 * In Electron a client is a window's webContents. The id is derived in main from the IPC
 * event, never sent by the renderer, so a page cannot claim another window's session.
 */
const PREFIX = 'wc-';

export function clientIdOf(webContentsId: number): string {
  return `${PREFIX}${webContentsId}`;
}

/** The webContents id behind a client id, or null for a client that is not a window (test host, CLI). */
export function webContentsIdOf(clientId: string): number | null {
  if (!clientId.startsWith(PREFIX)) return null;
  const n = Number(clientId.slice(PREFIX.length));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
