import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeTestApp, type TestApp } from '../helpers/app';
import { WAL_UNTIL_REPORTED, widenJobWal } from '../../src-main/jobs/job-cache';
import { executeJob } from '../../src-main/jobs/job-exec';
import { JOB_KINDS } from '../../src-main/jobs/job-kinds';
import type { JobCtx, WorkerMessage } from '../../src-main/jobs/job-types';

let t: TestApp;
afterEach(() => t?.close());

/** A job context with the after-report steps collected, to run when the test says. */
function ctxOf(t: TestApp): { ctx: JobCtx; report(): void; steps: number } {
  const after: (() => void)[] = [];
  const ctx = { db: t.db, afterReport: (fn: () => void) => after.push(fn) } as unknown as JobCtx;
  return {
    ctx,
    report: () => {
      for (const fn of after.splice(0)) fn();
    },
    get steps() {
      return after.length;
    },
  };
}
const walPages = (t: TestApp) => t.db.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
const walBytes = (t: TestApp) => statSync(`${t.db.file}-wal`).size;

const pageSize = (t: TestApp) => t.db.sqlite.pragma('page_size', { simple: true }) as number;

/** A database of 6,000 pages, all in the file (a quarter of it is more than the default window), and a statement that writes a row of most of a page. */
function filled(t: TestApp) {
  const { sqlite } = t.db;
  const ps = pageSize(t);
  sqlite.exec(`CREATE TABLE filler (b BLOB)`);
  const ins = sqlite.prepare(`INSERT INTO filler (b) VALUES (randomblob(${ps - 1000}))`);
  sqlite.transaction(() => {
    for (let i = 0; i < 6000; i++) ins.run();
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { sqlite, ins, ps, fileBefore: statSync(t.db.file).size };
}

describe('widenJobWal', () => {
  it('keeps the default window for a small database, with nothing to do after the report', async () => {
    t = await makeTestApp();
    expect(walPages(t)).toBe(1000);
    const c = ctxOf(t);
    widenJobWal(c.ctx);
    expect(walPages(t)).toBe(1000);
    expect(c.steps).toBe(0);
  });

  it('batches: a window of a quarter of the file; after the report the default is back and the WAL copied into the file', async () => {
    t = await makeTestApp();
    const { sqlite, ins, ps, fileBefore } = filled(t);
    const pages = Math.floor(fileBefore / ps / 4);
    expect(pages).toBeGreaterThan(1000);

    const c = ctxOf(t);
    widenJobWal(c.ctx);
    expect(walPages(t)).toBe(pages);
    // A commit of more pages than the default window stays in the WAL: no checkpoint copied it into the file.
    sqlite.transaction(() => {
      for (let i = 0; i < 1200; i++) ins.run();
    })();
    expect(walBytes(t)).toBeGreaterThan(1000 * ps);
    expect(statSync(t.db.file).size).toBe(fileBefore);

    c.report();
    expect(walPages(t)).toBe(1000);
    expect(statSync(t.db.file).size).toBeGreaterThan(fileBefore + 1000 * ps);
    // Every frame is in the file now: a further checkpoint has nothing left to copy.
    const [r] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    expect(r).toMatchObject({ busy: 0 });
    expect(r!.checkpointed).toBe(r!.log);
  });

  it('one transaction (WAL_UNTIL_REPORTED): however big its commit, no checkpoint before the report', async () => {
    t = await makeTestApp();
    const { sqlite, ins, ps, fileBefore } = filled(t);
    const c = ctxOf(t);
    widenJobWal(c.ctx, WAL_UNTIL_REPORTED);
    expect(walPages(t)).toBe(0);
    sqlite.transaction(() => {
      for (let i = 0; i < 4500; i++) ins.run();
    })();
    expect(walBytes(t)).toBeGreaterThan(4000 * ps);
    expect(statSync(t.db.file).size).toBe(fileBefore);
    c.report();
    expect(walPages(t)).toBe(1000);
    expect(statSync(t.db.file).size).toBeGreaterThan(fileBefore + 4000 * ps);
  });

  it('the WAL file is cut back when it restarts (journal_size_limit on every connection)', async () => {
    t = await makeTestApp();
    expect(t.db.sqlite.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
  });
});

describe('executeJob and after-report steps', () => {
  it('posts the outcome first, then runs the steps (one that throws does not change the outcome), then returns', async () => {
    t = await makeTestApp();
    const events: string[] = [];
    const kinds = JOB_KINDS as unknown as Record<string, (p: unknown, ctx: JobCtx) => unknown>;
    const real = kinds['customers.duplicates']!;
    kinds['customers.duplicates'] = (_p, ctx) => {
      ctx.afterReport(() => {
        events.push('step 1');
        throw new Error('upkeep failed');
      });
      ctx.afterReport(() => events.push('step 2'));
      events.push('job');
      return { status: 'done' };
    };
    try {
      const jobId = uuidv7();
      t.db.sqlite.prepare(`INSERT INTO jobs (id, kind, status, created_by, created_at) VALUES (?, 'customers.duplicates', 'queued', ?, ?)`).run(jobId, t.users.bm1!.id, new Date().toISOString());
      const posted: WorkerMessage[] = [];
      const end = await executeJob(t.db, { jobId, kind: 'customers.duplicates', params: { scope: { kind: 'all' } }, userId: t.users.bm1!.id }, {
        post: (m) => {
          posted.push(m);
          // When main hears of the outcome, the row already says it.
          events.push(`post ${m.type} (row ${(t.db.sqlite.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(jobId) as string)})`);
        },
        cancelRequested: () => false,
      });
      expect(events).toEqual(['job', 'post done (row done)', 'step 1', 'step 2']);
      expect(end).toEqual({ type: 'done', result: { status: 'done' } });
      expect(posted.at(-1)).toEqual(end);
    } finally {
      kinds['customers.duplicates'] = real;
    }
  });
});
