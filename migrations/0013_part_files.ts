import type { Migration } from './types';

/**
 * Files being written under a temporary name (an export's, a report's `<path>.part`), with the
 * process writing them: a process killed mid-write (the app quit, the worker hit its memory
 * limit, Ctrl-C in the CLI) leaves its part file, and the next start removes it
 * (src-main/files/part-files.ts). Local to this install: never synced.
 */
export const m0013: Migration = {
  version: 13,
  name: 'part_files',
  up(db) {
    db.exec(`
CREATE TABLE part_files (
  path TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
`);
  },
};
