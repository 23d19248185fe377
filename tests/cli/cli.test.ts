import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES } from '../../src-shared/auth/roles';
import { checkIdNumber, checkUscc } from '../../src-shared/lib/id-number';
import { openDatabase } from '../../src-main/db/open';
import { readKeyFile } from '../../src-main/demo/demo-files';

/**
 * The CLI as operators run it: a child process per command (about a second each, so few).
 * tsx's own entry is run with this Node, which is what `npx tsx` does minus npx's start-up.
 */
const tsxCli = join(createRequire(import.meta.url).resolve('tsx/package.json'), '..', 'dist', 'cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'bd-cli-'));
const file = join(dir, 'demo.db');

type Run = { code: number; stdout: string; stderr: string };
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BD_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [tsxCli, 'src-main/cli/cli.ts', ...args], { env: { ...clean, ...env }, cwd: process.cwd(), timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
const errorOf = (r: Run) => (JSON.parse(r.stderr.trim().split('\n').at(-1)!) as { error: { code: string; message: string; issues?: { path: string[]; message: string }[] } }).error;

let demo: { file: string; keyFile: string; password: string; logins: { login: string; role: string; branchCode: string }[]; counts: { customers: number } };
let key: string;

beforeAll(async () => {
  const r = await cli(['demo', '--db', file, '--customers', '200', '--seed', '5']);
  expect(r.stderr.replace(/npm warn.*\n/g, '')).toBe('');
  expect(r.code).toBe(0);
  demo = JSON.parse(r.stdout) as typeof demo;
  key = readKeyFile(demo.keyFile);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli', () => {
  it('demo prints one login per role, the password and a key file; the data is valid and uncaptured', () => {
    expect(demo.logins.map((l) => l.role).sort()).toEqual([...ROLES].sort());
    expect(demo.password.length).toBeGreaterThanOrEqual(10);
    expect(demo.counts.customers).toBe(200);
    expect(existsSync(demo.keyFile)).toBe(true);
    const db = openDatabase({ file, key });
    try {
      const rows = db.sqlite.prepare(`SELECT id_type, id_no FROM customers`).all() as { id_type: string; id_no: string }[];
      expect(rows).toHaveLength(200);
      expect(rows.filter((r) => (r.id_type === 'resident_id' ? checkIdNumber(r.id_no) : r.id_type === 'uscc' ? checkUscc(r.id_no) : null) !== null)).toEqual([]);
      expect(db.sqlite.prepare(`SELECT (SELECT count(*) FROM sync_ops) + (SELECT count(*) FROM history)`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('rpc with a wrong password fails with BAD_CREDENTIALS on stderr', async () => {
    const r = await cli(['rpc', 'auth.status', '{}', '--db', file, '--user', 'admin'], { BD_DB_KEY: key, BD_PASSWORD: 'not-the-password-1' });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(errorOf(r)).toMatchObject({ code: 'BAD_CREDENTIALS', message: expect.any(String) });
  });

  it('rpc users.create as admin goes through dispatch: captured with the admin as author', async () => {
    let branchId: string;
    let adminId: string;
    {
      const db = openDatabase({ file, key });
      branchId = db.sqlite.prepare(`SELECT id FROM org_units WHERE code = 'SZ01'`).pluck().get() as string;
      adminId = db.sqlite.prepare(`SELECT id FROM users WHERE login = 'admin'`).pluck().get() as string;
      db.close();
    }
    const input = { login: 'sz.newop', displayName: '新运营', role: 'operator', branchId, password: 'Welcome2026x' };
    const r = await cli(['rpc', 'users.create', JSON.stringify(input), '--db', file, '--user', 'admin'], { BD_DB_KEY: key, BD_PASSWORD: demo.password });
    expect(r.code).toBe(0);
    const user = JSON.parse(r.stdout) as { id: string; login: string };
    expect(user.login).toBe('sz.newop');
    const db = openDatabase({ file, key });
    try {
      const ops = db.sqlite.prepare(`SELECT tbl, kind, author FROM sync_ops WHERE row_id = ?`).all(user.id);
      expect(ops).toEqual([{ tbl: 'users', kind: 'insert', author: adminId }]);
      const audit = db.sqlite.prepare(`SELECT action, outcome FROM audit_log WHERE actor_id = ? ORDER BY id`).all(adminId) as { action: string }[];
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.login', 'users.create', 'auth.logout']));
    } finally {
      db.close();
    }
  });

  it('rpc with invalid input fails with VALIDATION and the issues', async () => {
    const r = await cli(['rpc', 'users.create', '{"login":"1x","password":"short"}', '--db', file, '--user', 'admin'], { BD_DB_KEY: key, BD_PASSWORD: demo.password });
    expect(r.code).not.toBe(0);
    const e = errorOf(r);
    expect(e.code).toBe('VALIDATION');
    expect(e.issues?.map((i) => i.path[0])).toEqual(expect.arrayContaining(['login', 'password', 'branchId']));
  });

  it('refuses a key that is not 64 hex characters', async () => {
    const r = await cli(['migrate', '--db', file], { BD_DB_KEY: 'not-a-hex-key' });
    expect(r.code).not.toBe(0);
    expect(errorOf(r).code).toBe('BAD_KEY');
  });
});
