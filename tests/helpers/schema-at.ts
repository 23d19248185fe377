import Database from 'better-sqlite3-multiple-ciphers';
import { MIGRATIONS } from '../../migrations/index';
import { registerSearchFunctions } from '../../src-main/db/search-functions';

/** An in-memory database at schema `version` (migrations up to it, none after), for an upgrade test to fill and then migrate. */
export function databaseAtSchema(version: number): Database.Database {
  const db = new Database(':memory:');
  registerSearchFunctions(db);
  db.transaction(() => {
    for (const m of MIGRATIONS.filter((x) => x.version <= version)) m.up(db);
    db.pragma(`user_version = ${version}`);
  })();
  return db;
}
