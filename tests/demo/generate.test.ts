import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, newDbKey, type Db } from '../../src-main/db/open';
import { generateDemo, type DemoInfo } from '../../src-main/demo/generate';
import { ensureDemoDatabase, readKeyFile } from '../../src-main/demo/demo-files';
import { createAppContext } from '../../src-main/ipc/context';
import { dispatch } from '../../src-main/ipc/dispatch';
import { birthDateFromId, checkIdNumber, checkUscc, sexFromId } from '../../src-shared/lib/id-number';
import { ngrams } from '../../src-main/db/search-functions';
import type { MethodOutput } from '../../src-shared/contract';

const dir = mkdtempSync(join(tmpdir(), 'bd-demo-'));
const key = newDbKey();
const NOW = Date.UTC(2026, 10, 1);
let info: DemoInfo;
let db: Db;

type Row = { seq: number; id: string; customer_no: string; name: string; id_type: string; id_no: string; phone: string | null; branch_id: string; manager_id: string | null; level: string; assets_fen: number; status: string };

beforeAll(async () => {
  const progress: number[] = [];
  info = await generateDemo({ file: join(dir, 'a.db'), key, customers: 600, seed: 9, now: NOW, onProgress: (d) => progress.push(d) });
  expect(progress.at(-1)).toBe(600);
  db = openDatabase({ file: join(dir, 'a.db'), key });
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('generateDemo', () => {
  it('creates the org, one login per role at HQ and every branch, and the customers, capturing nothing', () => {
    expect(info.customers).toBe(600);
    expect(info.logins.map((l) => l.login)).toEqual(
      expect.arrayContaining(['admin', 'analyst', 'hq.compliance', 'sh.manager', 'sh.am1', 'sh.am2', 'sh.service', 'sh.compliance', 'sh.operator', 'bj.am1', 'sz.operator']),
    );
    const q = (sql: string) => db.sqlite.prepare(sql).pluck().get() as number;
    expect(q(`SELECT count(*) FROM customers`)).toBe(600);
    expect(q(`SELECT count(*) FROM org_units WHERE kind = 'branch'`)).toBe(3);
    expect(q(`SELECT count(DISTINCT password_hash) FROM users`)).toBe(info.logins.length);
    expect(q(`SELECT count(*) FROM sync_ops`)).toBe(0);
    expect(q(`SELECT count(*) FROM history`)).toBe(0);
    expect(q(`SELECT count(*) FROM sqlite_stat1`)).toBeGreaterThan(0);
  });

  it('writes valid, unique business keys and consistent levels', () => {
    const rows = db.sqlite.prepare(`SELECT * FROM customers`).all() as Row[];
    const bad = rows.filter((r) => (r.id_type === 'resident_id' ? checkIdNumber(r.id_no) : r.id_type === 'uscc' ? checkUscc(r.id_no) : null) !== null);
    expect(bad).toEqual([]);
    expect(new Set(rows.map((r) => r.customer_no)).size).toBe(600);
    const phones = rows.map((r) => r.phone).filter((p) => p !== null);
    expect(new Set(phones).size).toBe(phones.length);
    // Managers are account managers of the customer's own branch.
    const ams = db.sqlite.prepare(`SELECT id, branch_id FROM users WHERE role = 'account_manager'`).all() as { id: string; branch_id: string }[];
    const amBranch = new Map(ams.map((a) => [a.id, a.branch_id]));
    expect(rows.filter((r) => r.manager_id !== null && amBranch.get(r.manager_id) !== r.branch_id)).toEqual([]);
    expect(rows.filter((r) => r.status === 'closed' && r.assets_fen !== 0)).toEqual([]);
  });

  it('fills the customer 360 columns consistently with the ID, and realistically often', () => {
    type C = { id: string; kind: string; id_type: string; id_no: string; gender: string | null; birth_date: string | null; id_expiry: string | null; open_date: string | null; created_at: string;
      risk_level: string | null; risk_lowest: number; risk_assessed_at: string | null; risk_expires_at: string | null; investor_category: string; last_contact_at: string | null };
    const rows = db.sqlite.prepare(`SELECT * FROM customers`).all() as C[];
    const resident = rows.filter((r) => r.id_type === 'resident_id');
    // Kind follows the ID type; sex and birth date are read from a resident ID.
    expect(rows.filter((r) => (r.id_type === 'uscc') !== (r.kind === 'institution'))).toEqual([]);
    expect(resident.filter((r) => r.birth_date !== birthDateFromId(r.id_no) || r.gender !== sexFromId(r.id_no))).toEqual([]);
    expect(rows.filter((r) => r.kind === 'institution' && (r.gender !== null || r.birth_date !== null || r.risk_level !== null || r.investor_category !== 'professional'))).toEqual([]);
    // Every ID has an expiry; some lapsed before today (2026-11-01), some are long-term.
    const today = '2026-11-01';
    expect(rows.filter((r) => r.id_expiry === null)).toEqual([]);
    const share = (xs: C[], p: (r: C) => boolean) => xs.filter(p).length / xs.length;
    expect(share(rows, (r) => r.id_expiry! < today)).toBeGreaterThan(0.02);
    expect(share(rows, (r) => r.id_expiry === '9999-12-31')).toBeGreaterThan(0.05);
    // Risk: C1–C5 for most individuals, valid two years from the assessment, about a third lapsed.
    const graded = rows.filter((r) => r.risk_level !== null);
    expect(share(rows.filter((r) => r.kind === 'individual'), (r) => r.risk_level !== null)).toBeGreaterThan(0.9);
    expect(new Set(graded.map((r) => r.risk_level))).toEqual(new Set(['C1', 'C2', 'C3', 'C4', 'C5']));
    expect(graded.filter((r) => Date.parse(r.risk_expires_at!) - Date.parse(r.risk_assessed_at!) !== 730 * 86_400_000)).toEqual([]);
    expect(share(graded, (r) => r.risk_expires_at! < today)).toBeGreaterThan(0.15);
    expect(graded.filter((r) => r.risk_lowest === 1 && r.risk_level !== 'C1')).toEqual([]);
    // Open date is the Shanghai day of the opening, missing for a few migrated customers; most were contacted.
    expect(rows.filter((r) => r.open_date !== null && r.open_date !== new Date(Date.parse(r.created_at) + 8 * 3_600_000).toISOString().slice(0, 10))).toEqual([]);
    expect(share(rows, (r) => r.last_contact_at !== null)).toBeGreaterThan(0.7);
    expect(rows.filter((r) => r.last_contact_at !== null && r.last_contact_at < r.created_at)).toEqual([]);
  });

  it('gives every customer a normal capital account, an opening ownership row per managed customer, and tags to some', () => {
    const q = (sql: string) => db.sqlite.prepare(sql).pluck().get() as number;
    expect(q(`SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = c.id AND a.type = 'normal')`)).toBe(0);
    expect(q(`SELECT count(*) FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.account_no != (CASE a.type WHEN 'normal' THEN '6' WHEN 'margin' THEN '8' ELSE '9' END) || c.customer_no OR a.branch_id != c.branch_id`)).toBe(0);
    expect(q(`SELECT count(DISTINCT account_no) FROM accounts`)).toBe(q(`SELECT count(*) FROM accounts`));
    expect(q(`SELECT count(*) FROM accounts WHERE type = 'margin'`)).toBeGreaterThan(0);
    expect(q(`SELECT count(*) FROM customer_ownership`)).toBe(q(`SELECT count(*) FROM customers WHERE manager_id IS NOT NULL`));
    expect(q(`SELECT count(*) FROM customer_ownership o JOIN customers c ON c.id = o.customer_id WHERE o.manager_id IS NOT c.manager_id OR o.reason != 'open' OR o.valid_to IS NOT NULL`)).toBe(0);
    expect(q(`SELECT count(*) FROM customer_ownership o JOIN users u ON u.id = o.assigned_by WHERE u.role = 'branch_manager' AND u.branch_id = o.branch_id`)).toBe(q(`SELECT count(*) FROM customer_ownership`));
    const tags = db.sqlite.prepare(`SELECT tag, count(*) AS n FROM customer_tags GROUP BY tag`).all() as { tag: string; n: number }[];
    expect(tags.map((t) => t.tag).sort()).toEqual(['两融意向', '休眠唤醒', '养老规划', '新开户', '高净值'].sort());
    expect(q(`SELECT count(*) FROM customer_tags t JOIN customers c ON c.id = t.customer_id WHERE t.tag = '高净值' AND c.level NOT IN ('platinum', 'diamond')`)).toBe(0);
    // The child rows were written with foreign keys off: they must all hold.
    expect(db.sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });

  it('leaves the schema exactly as migrations make it, with the search structures filled', () => {
    const fresh = openDatabase({ file: join(dir, 'fresh.db'), key: newDbKey() });
    const schema = (d: Db) => d.sqlite.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name`).all();
    expect(schema(db)).toEqual(schema(fresh));
    fresh.close();
    const rows = db.sqlite.prepare(`SELECT seq, name, name_py, name_initials FROM customers`).all() as { seq: number; name: string; name_py: string; name_initials: string }[];
    const gram = db.sqlite.prepare(`SELECT rowid FROM customer_name_gram WHERE customer_name_gram MATCH ?`).pluck();
    const tri = db.sqlite.prepare(`SELECT rowid FROM customer_name_tri WHERE customer_name_tri MATCH ?`).pluck();
    const missing = rows.filter((r) => {
      const two = [...r.name].slice(0, 2).join('');
      if (!(gram.all(`"${two}"`) as number[]).includes(r.seq)) return true;
      return [...r.name].length >= 3 && !(tri.all(`"${r.name}"`) as number[]).includes(r.seq);
    });
    expect(missing).toEqual([]);
    // Exactly one FTS document per customer (no duplicates from trigger plus replay).
    const sample = rows[0]!;
    const expected = rows.filter((r) => ngrams(r.name).split(' ').includes([...sample.name][0]!)).length;
    expect((gram.all(`"${[...sample.name][0]!}"`) as number[]).length).toBe(expected);
    expect(rows.every((r) => r.name_py.length > 0 || /公司$/.test(r.name))).toBe(true);
  });

  it('serves the same search through dispatch as a hand-made row would get', async () => {
    const app = await createAppContext({ db, validateOutput: true });
    const login = await dispatch(app, 'c1', 'auth.login', { login: 'sh.manager', password: info.password });
    expect(login.ok).toBe(true);
    const one = db.sqlite.prepare(`SELECT c.name, c.name_initials FROM customers c JOIN users u ON u.branch_id = c.branch_id WHERE u.login = 'sh.manager' AND c.id_type = 'resident_id' LIMIT 1`).get() as { name: string; name_initials: string };
    const byName = await dispatch(app, 'c1', 'customers.list', { q: one.name, limit: 200 });
    type List = MethodOutput<'customers.list'>;
    expect(byName.ok && (byName.value as List).rows.some((r) => r.name === one.name)).toBe(true);
    const byPy = await dispatch(app, 'c1', 'customers.list', { q: one.name_initials, limit: 200 });
    expect(byPy.ok && (byPy.value as List).rows.length).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and a clock', async () => {
    await generateDemo({ file: join(dir, 'b.db'), key, customers: 600, seed: 9, now: NOW });
    const b = openDatabase({ file: join(dir, 'b.db'), key });
    const dump = (d: Db) => d.sqlite.prepare(`SELECT * FROM customers ORDER BY seq`).all();
    const children = (d: Db) => ['accounts', 'customer_ownership', 'customer_tags'].map((tb) => d.sqlite.prepare(`SELECT * FROM ${tb} ORDER BY rowid`).all());
    expect(dump(b)).toEqual(dump(db));
    expect(children(b)).toEqual(children(db));
    b.close();
  });

  it('refuses to overwrite a file', async () => {
    await expect(generateDemo({ file: join(dir, 'a.db'), key, customers: 1 })).rejects.toThrow(/overwrite/);
  });
});

describe('ensureDemoDatabase', () => {
  it('creates the demo with a warned key file and a sign-in sheet once, then reuses it', async () => {
    const d = join(dir, 'demo');
    const first = await ensureDemoDatabase(d, 50);
    expect(first.created).toBe(true);
    expect(first.info?.customers).toBe(50);
    const keyText = readFileSync(join(d, 'brokerdesk-demo.key'), 'utf8');
    expect(keyText.split('\n')[0]).toMatch(/^#.*DEMO/);
    expect(keyText).toMatch(/NEVER/);
    expect(readKeyFile(join(d, 'brokerdesk-demo.key'))).toBe(first.key);
    expect(statSync(join(d, 'brokerdesk-demo.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(d, 'DEMO-LOGINS.txt'), 'utf8')).toContain(first.info!.password);
    expect(existsSync(`${first.file}.partial`)).toBe(false);
    const again = await ensureDemoDatabase(d, 50);
    expect(again).toEqual({ file: first.file, key: first.key, created: false, info: null });
  });
});
