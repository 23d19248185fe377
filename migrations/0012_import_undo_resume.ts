import type { Migration } from './types';

/**
 * An import's undo runs in paced write transactions (src-main/imports/import.jobs.ts `undoJob`),
 * so that a person's save never waits out main's busy timeout behind it. `undo_below` is where it
 * goes on: the changes numbered from it up are taken back (NULL: no undo has started). An undo cut
 * off by a crash resumes there. `undo_done` and `undo_kept` count what it took back and what it
 * left as it was (changed by someone while the undo ran).
 *
 * `assets_stale`: a daily-assets apply has committed facts whose customers' `assets_fen` it has
 * not refreshed yet (it refreshes them once, at its end). Cleared by that refresh; a run left
 * with it set (the app quit mid-way) is refreshed at the next start (`refreshStaleAssets`).
 */
export const m0012: Migration = {
  version: 12,
  name: 'import_undo_resume',
  up(db) {
    db.exec(`
ALTER TABLE import_runs ADD COLUMN undo_below INTEGER;
ALTER TABLE import_runs ADD COLUMN undo_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_runs ADD COLUMN undo_kept INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_runs ADD COLUMN assets_stale INTEGER NOT NULL DEFAULT 0;
`);
  },
};
