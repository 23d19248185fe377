/**
 * The seam between the app and its host (architecture.md): native dialogs, paths and the
 * keychain in Electron (platform.electron.ts); nothing native in Node (tests, CLI, the test
 * host), where files arrive as uploads instead of dialog choices.
 */
export type Platform = {
  kind: 'electron' | 'node';
  /** Absolute path the person chose, or null when cancelled or when there is no dialog. */
  chooseOpenFile(clientId: string, opts: { extensions: string[] }): Promise<string | null>;
  chooseSaveFile(clientId: string, opts: { suggestedName: string; extensions: string[] }): Promise<string | null>;
};

export const nodePlatform: Platform = {
  kind: 'node',
  chooseOpenFile: () => Promise.resolve(null),
  chooseSaveFile: () => Promise.resolve(null),
};
