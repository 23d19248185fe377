import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { openDatabase, newDbKey, DbOpenError, keyConnection, PAGE_CIPHER, PAGE_SIZE, type PageCipher } from '../../src-main/db/open';
import { LATEST_VERSION } from '../../migrations/index';
import { PERMISSIONS, ROLES } from '../../src-shared/auth/roles';
import { contract } from '../../src-shared/contract';

const dirs: string[] = [];
function tempFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'bd-db-'));
  dirs.push(d);
  return join(d, 'x.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('database file', () => {
  it('migrating an empty database gives exactly the committed schema', async () => {
    const db = openDatabase({ file: tempFile(), key: newDbKey() });
    const rows = db.sqlite
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`)
      .all() as { type: string; name: string; sql: string }[];
    db.close();
    const text = rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql.trim()};\n`).join('\n');
    await expect(text).toMatchFileSnapshot('./schema.snapshot.sql');
  });

  it('records the schema version and a node id', () => {
    const file = tempFile();
    const db = openDatabase({ file, key: newDbKey() });
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.nodeId).toMatch(/^[0-9a-f]{16}$/);
    db.close();
  });

  it('is encrypted: without the key it does not open, and the file holds no plaintext', () => {
    const file = tempFile();
    const key = newDbKey();
    const db = openDatabase({ file, key });
    db.sqlite.exec(`CREATE TABLE probe (v TEXT); INSERT INTO probe VALUES ('明文不应出现-plaintext-marker');`);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const raw = new Database(file);
    expect(() => raw.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/file is not a database/);
    raw.close();
    expect(readFileSync(file).includes(Buffer.from('plaintext-marker'))).toBe(false);
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).not.toContain('SQLite format');
  });

  it('a new file is encrypted with AEGIS; a file made with SQLCipher 4\'s scheme still opens, and keeps it', () => {
    const keyed = (file: string, key: string, cipher: PageCipher) => {
      const raw = new Database(file);
      try {
        keyConnection(raw, key, cipher);
        raw.prepare('SELECT count(*) FROM sqlite_master').get();
        return true;
      } catch {
        return false;
      } finally {
        raw.close();
      }
    };
    expect(PAGE_CIPHER).toBe('aegis');
    const fresh = tempFile();
    const key = newDbKey();
    openDatabase({ file: fresh, key }).close();
    expect(keyed(fresh, key, 'aegis')).toBe(true);
    expect(keyed(fresh, key, 'sqlcipher4')).toBe(false);

    // A file from before: SQLCipher 4's scheme, with a row in it.
    const old = tempFile();
    const raw = new Database(old);
    keyConnection(raw, key, 'sqlcipher4');
    raw.exec(`CREATE TABLE probe (v TEXT); INSERT INTO probe VALUES ('kept')`);
    raw.close();
    const db = openDatabase({ file: old, key });
    expect(db.sqlite.prepare('SELECT v FROM probe').pluck().get()).toBe('kept');
    expect(db.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get()).toBe(0);
    db.close();
    expect(keyed(old, key, 'sqlcipher4')).toBe(true);
    expect(keyed(old, key, 'aegis')).toBe(false);
    // A wrong key is refused for either scheme.
    expect(() => openDatabase({ file: old, key: newDbKey() })).toThrow(/wrong key/);
    expect(() => openDatabase({ file: fresh, key: newDbKey() })).toThrow(/wrong key/);
  });

  it('a new file has pages of PAGE_SIZE; a file made with 4 KiB pages keeps them', () => {
    const pageSize = (db: { sqlite: Database.Database }) => db.sqlite.pragma('page_size', { simple: true }) as number;
    expect(PAGE_SIZE).toBe(16384);
    const key = newDbKey();
    const fresh = tempFile();
    openDatabase({ file: fresh, key }).close();
    const again = openDatabase({ file: fresh, key });
    expect(pageSize(again)).toBe(PAGE_SIZE);
    expect(again.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    again.close();

    // A file from before (SQLite's default 4 KiB), with a row in it: opened, migrated, its pages as they were.
    const old = tempFile();
    const raw = new Database(old);
    keyConnection(raw, key);
    raw.exec(`CREATE TABLE probe (v TEXT); INSERT INTO probe VALUES ('kept')`);
    expect(raw.pragma('page_size', { simple: true })).toBe(4096);
    raw.close();
    const db = openDatabase({ file: old, key });
    expect(pageSize(db)).toBe(4096);
    expect(db.sqlite.prepare('SELECT v FROM probe').pluck().get()).toBe('kept');
    expect(db.sqlite.prepare(`SELECT count(*) FROM customers`).pluck().get()).toBe(0);
    db.close();
  });

  it('a wrong key is refused with a clear error', () => {
    const file = tempFile();
    openDatabase({ file, key: newDbKey() }).close();
    expect(() => openDatabase({ file, key: newDbKey() })).toThrow(DbOpenError);
    expect(() => openDatabase({ file, key: newDbKey() })).toThrow(/wrong key/);
  });

  it('keys are 64 hex characters', () => {
    expect(() => openDatabase({ file: tempFile(), key: 'secret' })).toThrow(/64 hex/);
    expect(() => openDatabase({ file: tempFile(), key: 'g'.repeat(64) })).toThrow(/64 hex/);
  });

  it('a database from a newer app is refused, never repaired', () => {
    const file = tempFile();
    const key = newDbKey();
    const db = openDatabase({ file, key });
    db.sqlite.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => openDatabase({ file, key })).toThrow(/newer BrokerDesk/);
  });

  it('reopening runs no migration twice and keeps the node id', () => {
    const file = tempFile();
    const key = newDbKey();
    const a = openDatabase({ file, key });
    const id = a.nodeId;
    a.close();
    const b = openDatabase({ file, key });
    expect(b.nodeId).toBe(id);
    expect(b.sqlite.prepare('SELECT count(*) AS n FROM roles').get()).toEqual({ n: ROLES.length });
    b.close();
  });

  it('uses the pragmas architecture.md asks for', () => {
    const db = openDatabase({ file: tempFile(), key: newDbKey() });
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('cache_size', { simple: true })).toBe(-262144);
    db.close();
    const job = openDatabase({ file: tempFile(), key: newDbKey(), role: 'job' });
    expect(job.sqlite.pragma('cache_size', { simple: true })).toBe(-65536);
    job.close();
  });

  it('every role is seeded, and every permission a contract names is granted to some role', () => {
    const db = openDatabase({ file: tempFile(), key: newDbKey() });
    const grants = db.sqlite.prepare('SELECT DISTINCT permission FROM role_permissions').pluck().all() as string[];
    db.close();
    const named = new Set(Object.values(contract).map((m) => m.access).filter((a) => a !== 'public' && a !== 'session'));
    for (const p of named) expect(grants).toContain(p);
    for (const g of grants) expect(PERMISSIONS as readonly string[]).toContain(g);
  });
});
