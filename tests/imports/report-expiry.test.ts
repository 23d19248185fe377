import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { purgeExpiredReports, reportPath, reportsDir, REPORT_KEEP_DAYS } from '../../src-main/imports/report';
import { makeTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
afterEach(() => t?.close());

const DAY = 86_400_000;

function run(t: TestApp, id: string, createdAt: Date): string {
  const path = reportPath(t.file, id);
  mkdirSync(reportsDir(t.file), { recursive: true });
  writeFileSync(path, 'report');
  t.db.sqlite
    .prepare(
      `INSERT INTO import_runs (id, kind, status, user_id, branch_id, file_name, file_sha256, file_size, format, header_row, mapping, report_path, created_at)
       VALUES (?, 'customers', 'previewed', ?, ?, 'f.xlsx', 'x', 1, 'xlsx', 1, '{}', ?, ?)`,
    )
    .run(id, t.users.op1!.id, t.org.b1, path, createdAt.toISOString());
  return path;
}

describe('import error reports are kept for a week', () => {
  it('deletes older reports and their pointers, keeps recent ones, and sweeps orphan files by age', async () => {
    t = await makeTestApp();
    const now = new Date('2026-11-25T08:00:00Z');
    const oldPath = run(t, 'old-run', new Date(now.getTime() - (REPORT_KEEP_DAYS + 1) * DAY));
    const newPath = run(t, 'new-run', new Date(now.getTime() - DAY));
    const orphan = join(reportsDir(t.file), 'orphan.xlsx');
    writeFileSync(orphan, 'x');
    const past = new Date(now.getTime() - (REPORT_KEEP_DAYS + 2) * DAY);
    utimesSync(orphan, past, past);
    const youngOrphan = join(reportsDir(t.file), 'young.xlsx');
    writeFileSync(youngOrphan, 'x');

    expect(purgeExpiredReports(t.db.sqlite, t.file, now)).toBe(2);
    expect(existsSync(oldPath)).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(newPath)).toBe(true);
    expect(existsSync(youngOrphan)).toBe(true);
    const pointers = t.db.sqlite.prepare(`SELECT id, report_path IS NOT NULL AS has FROM import_runs ORDER BY id`).all();
    expect(pointers).toEqual([
      { id: 'new-run', has: 1 },
      { id: 'old-run', has: 0 },
    ]);
  });
});
