import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

/** A migration: numbered, `up` only, frozen once landed, run inside the runner's transaction. */
export type Migration = {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
};
