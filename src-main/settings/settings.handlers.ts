import { settingsContract } from '../../src-shared/settings/settings.contract';
import type { HandlersFor } from '../ipc/types';
import { readSettings, writeSettings } from './settings.queries';

export const settingsHandlers = {
  'settings.get': async (_input, { app }) => app.settings,
  'settings.update': async (input, { app, db, actor, audit, afterCommit }) => {
    await writeSettings(db, input, actor.userId, app.now());
    const next = await readSettings(db);
    // The cache follows the committed value: set once the transaction commits, so a rollback (or a
    // failure after this) leaves the old one.
    if (afterCommit) afterCommit(() => (app.settings = next));
    else app.settings = next;
    audit.detail = Object.fromEntries(Object.keys(input).map((k) => [k, true]));
    return next;
  },
} satisfies HandlersFor<typeof settingsContract>;
