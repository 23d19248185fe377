import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { widenJobWal } from '../../src-main/jobs/job-cache';
import type { JobCtx } from '../../src-main/jobs/job-types';

let t: TestApp;
afterEach(() => t?.close());

const ctxOf = (t: TestApp) => ({ db: t.db }) as unknown as JobCtx;
const walPages = (t: TestApp) => t.db.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;

describe('widenJobWal', () => {
  it('keeps the default window for a small database', async () => {
    t = await makeTestApp();
    expect(walPages(t)).toBe(1000);
    const restore = widenJobWal(ctxOf(t));
    expect(walPages(t)).toBe(1000);
    restore();
    expect(walPages(t)).toBe(1000);
  });

  it('widens the window to a quarter of the file, then puts the default back and truncates the WAL', async () => {
    t = await makeTestApp();
    const { sqlite } = t.db;
    sqlite.exec(`CREATE TABLE filler (b BLOB)`);
    const ins = sqlite.prepare(`INSERT INTO filler (b) VALUES (randomblob(3000))`);
    sqlite.transaction(() => {
      for (let i = 0; i < 8000; i++) ins.run();
    })();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pages = Math.floor(statSync(t.db.file).size / 4096 / 4);
    expect(pages).toBeGreaterThan(1000);

    const fileBefore = statSync(t.db.file).size;
    const restore = widenJobWal(ctxOf(t));
    expect(walPages(t)).toBe(pages);
    // A commit of more pages than the default window stays in the WAL: no checkpoint copied it into the file.
    sqlite.transaction(() => {
      for (let i = 0; i < 1500; i++) ins.run();
    })();
    expect(statSync(`${t.db.file}-wal`).size).toBeGreaterThan(1000 * 4096);
    expect(statSync(t.db.file).size).toBe(fileBefore);

    restore();
    expect(walPages(t)).toBe(1000);
    expect(statSync(`${t.db.file}-wal`).size).toBe(0);
    expect(statSync(t.db.file).size).toBeGreaterThan(fileBefore + 1000 * 4096);
  });
});
