import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { runCli } from '../../src-main/cli/cli';
import { makeTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app';
import { businessDigest, idOf, writeCsv } from './helpers';

/**
 * `cli import` in-process (runCli), against a test database: the command opens its own
 * connection and runs the jobs in worker threads, as an operator's scheduled task would.
 */
let t: TestApp;
const saved = { key: process.env.BD_DB_KEY, password: process.env.BD_PASSWORD };

beforeAll(async () => {
  t = await makeTestApp();
  process.env.BD_DB_KEY = t.key;
  process.env.BD_PASSWORD = TEST_PASSWORD;
});
afterAll(() => {
  process.env.BD_DB_KEY = saved.key;
  process.env.BD_PASSWORD = saved.password;
  t.close();
});

async function cli(args: string[]): Promise<{ code: number; out: unknown; err: { error: { code: string; message: string; key?: string; params?: Record<string, unknown> } } | null }> {
  let out = '';
  let err = '';
  const code = await runCli(args, (s) => (out += s), (s) => (err += s));
  return { code, out: out ? JSON.parse(out) : null, err: err ? JSON.parse(err) : null };
}

describe('cli import', () => {
  it('dry run: prints the counts and writes nothing; then the import; then a file with errors exits non-zero with the report', async () => {
    const good = writeCsv(t, 'good.csv', [
      ['客户号', '客户姓名', '证件号码', '手机号码'],
      ['810000001', '蒋一', idOf(201), '13100000001'],
      ['810000002', '沈二', idOf(202), '13100000002'],
    ]);
    const before = businessDigest(t);
    const dry = await cli(['import', 'customers', good, '--db', t.file, '--user', 'op1', '--dry-run']);
    expect(dry.err).toBeNull();
    expect(dry.code).toBe(0);
    expect(dry.out).toMatchObject({ status: 'previewed', dryRun: true, new: 2, updated: 0, unchanged: 0, rejected: 0, dupInFile: 0, dupExisting: 0, errorReport: null });
    expect(businessDigest(t)).toBe(before);

    const real = await cli(['import', 'customers', good, '--db', t.file, '--user', 'op1']);
    expect(real.code).toBe(0);
    expect(real.out).toMatchObject({ status: 'applied', new: 2, applied: 2, rejected: 0 });
    expect(t.db.sqlite.prepare(`SELECT count(*) FROM customers WHERE customer_no LIKE '81000000%' AND branch_id = ?`).pluck().get(t.org.b1)).toBe(2);

    const bad = writeCsv(t, 'bad.csv', [
      ['客户号', '客户姓名', '证件号码', '手机号码'],
      ['810000001', '蒋一', idOf(201), '13100000009'],
      ['810000003', '韩三', 'not-an-id', '13100000003'],
    ]);
    const mid = businessDigest(t);
    const refused = await cli(['import', 'customers', bad, '--db', t.file, '--user', 'op1']);
    expect(refused.code).toBe(1);
    expect(refused.out).toBeNull();
    expect(refused.err!.error).toMatchObject({ code: 'CONFLICT', key: 'error.import.apply.hasErrors', params: { rejected: 1, updated: 1 } });
    expect(existsSync(String(refused.err!.error.params!.errorReport))).toBe(true);
    expect(businessDigest(t)).toBe(mid);

    const validOnly = await cli(['import', 'customers', bad, '--db', t.file, '--user', 'op1', '--valid-only']);
    expect(validOnly.code).toBe(0);
    expect(validOnly.out).toMatchObject({ status: 'applied', updated: 1, rejected: 1, applied: 1 });
  }, 60_000);

  it('a refused file (0 bytes) exits non-zero with the reader’s reason; an unknown kind is a usage error', async () => {
    const empty = `${t.dir}/empty.csv`;
    writeFileSync(empty, '');
    const r = await cli(['import', 'customers', empty, '--db', t.file, '--user', 'op1']);
    expect(r.code).not.toBe(0);
    expect(r.err!.error.key).toMatch(/^error\.import\.file\./);
    const u = await cli(['import', 'people', empty, '--db', t.file, '--user', 'op1']);
    expect(u.code).toBe(2);
    expect(u.err!.error.code).toBe('USAGE');
  }, 30_000);
});
