import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { writeTxSync } from '../../src-main/db/tx';
import { SORT_FIELDS, type CustomerFilter, type SortField } from '../../src-shared/customers/customers.contract';
import { encodeCursor } from '../../src-main/customers/list-shapes';

/**
 * customers.list / count / tagsInUse through dispatch, on fixture rows written directly (so
 * these tests do not depend on customers.create). Today is 2026-11-01 in Shanghai; the
 * elderly cut-off is therefore 1956-11-01.
 */
const NOW = new Date('2026-11-01T04:00:00.000Z');

type Fx = {
  key: string;
  name: string;
  branch: 'b1' | 'b2';
  manager: 'am1' | 'am1b' | 'am2' | null;
  kind?: 'individual' | 'institution';
  level?: 'normal' | 'silver' | 'gold' | 'platinum' | 'diamond';
  status?: 'active' | 'dormant' | 'closed';
  risk?: 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | null;
  tags?: string[];
  assets: number;
  open: string | null;
  contact: string | null;
  riskExp?: string | null;
  idExp?: string | null;
  birth?: string | null;
  phone?: string | null;
  account?: string;
  deleted?: boolean;
};

// The named customers every filter and search is checked against.
const NAMED: Fx[] = [
  { key: 'c1', name: '张三', branch: 'b1', manager: 'am1', level: 'gold', risk: 'C3', tags: ['高净值'], assets: 80_000_000, open: '2015-03-01', contact: '2026-10-30T02:00:00.000Z', riskExp: '2027-01-01', idExp: '2030-01-01', birth: '1950-05-05', phone: '13800001234', account: '6100000001' },
  { key: 'c2', name: '张三丰', branch: 'b1', manager: 'am1', level: 'diamond', risk: 'C5', tags: ['高净值', '两融意向'], assets: 600_000_000, open: null, contact: null, riskExp: '2026-10-31', idExp: '9999-12-31', birth: '1960-01-01', phone: '13900002222' },
  { key: 'c3', name: '张伟', branch: 'b1', manager: 'am1b', status: 'dormant', risk: 'C1', tags: ['休眠唤醒'], assets: 100_000, open: '2020-06-15', contact: '2025-01-01T00:00:00.000Z', riskExp: '2025-06-01', idExp: '2026-10-31', birth: '1956-11-01', phone: '13700003333' },
  { key: 'c4', name: '王芳', branch: 'b1', manager: null, level: 'silver', risk: 'C2', assets: 6_000_000, open: '2026-09-01', contact: null, riskExp: null, idExp: '2031-05-05', birth: '1956-11-02', phone: null },
  { key: 'c5', name: '华信科技有限公司', branch: 'b1', manager: 'am1', kind: 'institution', level: 'platinum', risk: null, assets: 150_000_000, open: '2018-01-01', contact: '2026-10-01T10:00:00.000Z', idExp: '9999-12-31', birth: null, phone: '13600004444' },
  { key: 'c6', name: '李娜', branch: 'b2', manager: 'am2', risk: 'C4', tags: ['新开户'], assets: 10_000, open: '2026-10-20', contact: '2026-10-31T17:00:00.000Z', riskExp: '2028-01-01', idExp: '2029-01-01', birth: '1990-01-01', phone: '13500005555', account: '6200000006' },
  { key: 'c7', name: '欧阳娜娜', branch: 'b2', manager: 'am2', level: 'gold', status: 'closed', risk: 'C3', assets: 0, open: null, contact: '2026-06-01T00:00:00.000Z', riskExp: '2027-03-03', idExp: '2024-01-01', birth: '1985-07-07', phone: '13400006666' },
  { key: 'c8', name: '张珊', branch: 'b1', manager: 'am1', risk: 'C2', assets: 100_000, open: '2020-06-15', contact: '2026-10-15T00:00:00.000Z', riskExp: '2027-05-05', idExp: '2035-01-01', birth: '1970-02-02', phone: '13300007777' },
  { key: 'gone', name: '张三', branch: 'b1', manager: 'am1', assets: 999_000_000, open: '2019-01-01', contact: null, phone: '13200008888', deleted: true },
];

let t: TestApp;
/** Fixture key → customer id and seq. */
const ids: Record<string, string> = {};
const fx: (Fx & { id: string; seq: number; customerNo: string; idNo: string })[] = [];

function insert(rows: Fx[]) {
  writeTxSync(
    t.db,
    'test-fixture',
    () => {
      const ins = t.db.sqlite.prepare(`INSERT INTO customers (id, customer_no, name, kind, id_type, id_no, phone, branch_id, manager_id, level, status, assets_fen,
        open_date, last_contact_at, risk_level, risk_expires_at, id_expiry, birth_date, created_at, updated_at, deleted_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const tag = t.db.sqlite.prepare(`INSERT INTO customer_tags (id, customer_id, branch_id, tag, created_at) VALUES (?, ?, ?, ?, ?)`);
      const acct = t.db.sqlite.prepare(`INSERT INTO accounts (id, customer_id, branch_id, account_no, type, created_at, updated_at) VALUES (?, ?, ?, ?, 'normal', ?, ?)`);
      for (const r of rows) {
        const n = fx.length + 1;
        const id = uuidv7();
        const kind = r.kind ?? 'individual';
        const idNo = kind === 'institution' ? '91310115MA1K3YJ12X' : makeIdNumber((r.birth ?? '1980-01-01').replace(/-/g, ''), n);
        const customerNo = String(100_000_000 + n);
        const branchId = t.org[r.branch];
        const seq = Number(
          ins.run(id, customerNo, r.name, kind, kind === 'institution' ? 'uscc' : 'resident_id', idNo, r.phone ?? null, branchId, r.manager ? t.users[r.manager]!.id : null,
            r.level ?? 'normal', r.status ?? 'active', r.assets, r.open, r.contact, r.risk ?? null, r.riskExp ?? null, r.idExp ?? null, r.birth ?? null,
            NOW.toISOString(), NOW.toISOString(), r.deleted ? NOW.toISOString() : null).lastInsertRowid,
        );
        for (const g of r.tags ?? []) tag.run(uuidv7(), id, branchId, g, NOW.toISOString());
        if (r.account) acct.run(uuidv7(), id, branchId, r.account, NOW.toISOString(), NOW.toISOString());
        ids[r.key] = id;
        fx.push({ ...r, id, seq, customerNo, idNo });
      }
    },
    'uncaptured',
  );
}

// A book of 24 more customers of am1 with repeated and missing sort keys, so every sort pages
// across ties and NULLs.
const BOOK: Fx[] = Array.from({ length: 24 }, (_, i) => ({
  key: `p${i}`,
  name: ['陈', '林', '黄', '周'][i % 4]! + ['一', '二', '三'][i % 3]!,
  branch: 'b1' as const,
  manager: 'am1' as const,
  assets: [500, 500, 7_000, 0][i % 4]!,
  open: i % 5 === 0 ? null : `2021-0${1 + (i % 3)}-01`,
  contact: i % 3 === 0 ? null : `2026-0${1 + (i % 4)}-10T00:00:00.000Z`,
  phone: null,
}));

const clients: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp({ now: () => NOW });
  insert(NAMED);
  insert(BOOK);
  for (const login of ['am1', 'am1b', 'am2', 'bm1', 'cs1', 'comp1', 'op1', 'bm2', 'analyst', 'hqcomp']) clients[login] = await t.login(login);
});
afterAll(() => t?.close());

const keysOf = (rows: { id: string }[]) => rows.map((r) => fx.find((f) => f.id === r.id)!.key);
const live = () => fx.filter((f) => !f.deleted);
const inScope = (login: string) => {
  const u = t.users[login]!;
  if (u.role === 'account_manager') return live().filter((f) => f.manager === login);
  if (u.branchId === t.org.hq) return live();
  return live().filter((f) => t.org[f.branch] === u.branchId);
};

/** Every row of a listing, page by page, with the cursors handed back as given. */
async function walk(login: string, input: { q?: string; filter?: CustomerFilter; sort?: { field: SortField; dir: 'asc' | 'desc' }; limit?: number }) {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await t.ok(clients[login]!, 'customers.list', { ...input, ...(after ? { after } : {}) });
    seen.push(...keysOf(page.rows));
    if (!page.nextCursor) return seen;
    after = page.nextCursor;
  }
  throw new Error('more than 100 pages');
}

/** The order a sort promises: the key, NULLs first ascending and last descending, then seq. */
function expectedOrder(rows: typeof fx, field: SortField, dir: 'asc' | 'desc'): string[] {
  const keyOf = (f: (typeof fx)[number]): string | number | null =>
    field === 'assets' ? f.assets : field === 'openDate' ? f.open : field === 'lastContact' ? f.contact : field === 'customerNo' ? f.customerNo : pinyin[f.key]!;
  const cmp = (a: (typeof fx)[number], b: (typeof fx)[number]) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    let c = 0;
    if (ka === null && kb !== null) c = -1;
    else if (ka !== null && kb === null) c = 1;
    else if (ka !== null && kb !== null) c = ka < kb ? -1 : ka > kb ? 1 : 0;
    if (c === 0) c = a.seq - b.seq;
    return dir === 'asc' ? c : -c;
  };
  return [...rows].sort(cmp).map((f) => f.key);
}
let pinyin: Record<string, string> = {};
beforeAll(() => {
  const rows = t.db.sqlite.prepare(`SELECT id, name_py FROM customers`).all() as { id: string; name_py: string }[];
  pinyin = Object.fromEntries(rows.map((r) => [fx.find((f) => f.id === r.id)!.key, r.name_py]));
});

describe('customers.list: scope', () => {
  it('an account manager sees only their own customers', async () => {
    expect(new Set(await walk('am1', { limit: 200 }))).toEqual(new Set(inScope('am1').map((f) => f.key)));
    expect(await walk('am1b', {})).toEqual(['c3']);
    expect(new Set(await walk('am2', {}))).toEqual(new Set(['c6', 'c7']));
  });

  it('branch roles see their whole branch (the unassigned too) and nothing of another', async () => {
    const b1 = new Set(live().filter((f) => f.branch === 'b1').map((f) => f.key));
    for (const login of ['bm1', 'cs1', 'comp1', 'op1']) expect(new Set(await walk(login, { limit: 200 }))).toEqual(b1);
    expect(new Set(await walk('bm2', {}))).toEqual(new Set(['c6', 'c7']));
  });

  it('HQ roles see every branch; deleted customers are never listed', async () => {
    for (const login of ['analyst', 'hqcomp']) {
      const all = await walk(login, { limit: 200 });
      expect(all.length).toBe(live().length);
      expect(new Set(all)).toEqual(new Set(live().map((f) => f.key)));
      expect(all).not.toContain('gone');
    }
  });

  it('a filter cannot widen the scope: another branch or manager answers nothing', async () => {
    expect(await walk('am1', { filter: { managerId: t.users.am2!.id } })).toEqual([]);
    expect(await walk('bm1', { filter: { branchId: t.org.b2 } })).toEqual([]);
    expect(await walk('am1', { filter: { unassigned: true } })).toEqual([]);
  });
});

describe('customers.list: filters (as HQ, so the filter alone decides)', () => {
  const cases: [string, CustomerFilter, string[]][] = [
    ['branch', { branchId: 'B2' }, ['c6', 'c7']],
    ['manager', { managerId: 'AM1B' }, ['c3']],
    ['unassigned', { unassigned: true }, ['c4']],
    ['kind', { kinds: ['institution'] }, ['c5']],
    ['level', { levels: ['gold', 'diamond'] }, ['c1', 'c2', 'c7']],
    ['status', { statuses: ['dormant', 'closed'] }, ['c3', 'c7']],
    ['risk level', { riskLevels: ['C1', 'C5'] }, ['c2', 'c3']],
    ['one tag', { tags: ['高净值'] }, ['c1', 'c2']],
    ['every tag asked for', { tags: ['高净值', '两融意向'] }, ['c2']],
    ['assets range', { assetsMinFen: 6_000_000, assetsMaxFen: 150_000_000 }, ['c1', 'c4', 'c5']],
    ['open date range (inclusive)', { openFrom: '2018-01-01', openTo: '2026-09-01' }, ['c3', 'c4', 'c5', 'c8']],
    // 2026-10-31T17:00Z is 01:00 on 1 November in Shanghai.
    ['last contact range in Shanghai days', { lastContactFrom: '2026-10-30', lastContactTo: '2026-10-31' }, ['c1']],
    ['last contact on one Shanghai day', { lastContactFrom: '2026-11-01', lastContactTo: '2026-11-01' }, ['c6']],
    ['risk assessment expired (before today)', { riskExpired: true }, ['c2', 'c3']],
    ['ID expired (before today)', { idExpired: true }, ['c3', 'c7']],
    ['elderly: born on or before 1956-11-01, individuals only', { elderly: true }, ['c1', 'c3']],
    ['two filters together', { statuses: ['active'], levels: ['gold', 'platinum'] }, ['c1', 'c5']],
  ];
  for (const [name, filter, expected] of cases) {
    it(name, async () => {
      const resolved: CustomerFilter = { ...filter };
      if (filter.branchId === 'B2') resolved.branchId = t.org.b2;
      if (filter.managerId === 'AM1B') resolved.managerId = t.users.am1b!.id;
      const got = (await walk('analyst', { filter: resolved, limit: 200 })).filter((k) => !k.startsWith('p'));
      expect(new Set(got)).toEqual(new Set(expected));
      expect(got.length).toBe(expected.length);
    });
  }

  it('the flags set to false keep the others', async () => {
    const named = async (filter: CustomerFilter) => new Set((await walk('analyst', { filter, limit: 200 })).filter((k) => !k.startsWith('p')));
    expect(await named({ riskExpired: false })).toEqual(new Set(['c1', 'c4', 'c5', 'c6', 'c7', 'c8']));
    expect(await named({ idExpired: false })).toEqual(new Set(['c1', 'c2', 'c4', 'c5', 'c6', 'c8']));
    expect(await named({ elderly: false })).toEqual(new Set(['c2', 'c4', 'c5', 'c6', 'c7', 'c8']));
    expect(await named({ unassigned: false, branchId: t.org.b1 })).toEqual(new Set(['c1', 'c2', 'c3', 'c5', 'c8']));
  });
});

describe('customers.list: sorts and keyset pages', () => {
  for (const field of SORT_FIELDS) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`${field} ${dir}: pages of 4 walk the whole book in order, without repeats or gaps, NULL keys included`, async () => {
        const got = await walk('am1', { sort: { field, dir }, limit: 4 });
        expect(got).toEqual(expectedOrder(inScope('am1'), field, dir));
      });
    }
  }

  it('sorts by name in pinyin order', async () => {
    const got = (await walk('bm1', { sort: { field: 'name', dir: 'asc' }, limit: 50 })).filter((k) => !k.startsWith('p'));
    // 华信 (huaxin) < 王芳 (wangfang) < 张三 (zhangsan) < 张三丰 (zhangsanfeng) < 张珊 (zhangshan) < 张伟 (zhangwei)
    expect(got).toEqual(['c5', 'c4', 'c1', 'c2', 'c8', 'c3']);
  });

  it('the default is the richest first', async () => {
    const page = await t.ok(clients.analyst!, 'customers.list', { limit: 3 });
    expect(keysOf(page.rows)).toEqual(['c2', 'c5', 'c1']);
  });

  it('walks with a filter and a search too', async () => {
    // 周三 (p11, p23: zs too) opened 2021-03-01, tied, so the later seq first; 张三丰 has no open date: last.
    expect(await walk('bm1', { q: 'zs', filter: { statuses: ['active'] }, sort: { field: 'openDate', dir: 'desc' }, limit: 1 })).toEqual(['p23', 'p11', 'c8', 'c1', 'c2']);
  });

  it('a cursor that is not one the list made answers VALIDATION on `after`', async () => {
    const bad = [
      'not a cursor!',
      Buffer.from('{"f":"assets"').toString('base64url'),
      encodeCursor({ f: 'name', d: 'asc', k: 'zhang', s: 1 }), // another sort's cursor
      encodeCursor({ f: 'assets', d: 'desc', k: 'x', s: 1 }), // a text key for a number sort
      encodeCursor({ f: 'assets', d: 'desc', k: null, s: 1 }), // NULL for a key that is never NULL
      Buffer.from(JSON.stringify({ f: 'assets', d: 'desc', k: 1, s: 1, extra: 1 })).toString('base64url'),
    ];
    for (const after of bad) {
      const r = await t.call(clients.am1!, 'customers.list', { after });
      expect(r).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'error.VALIDATION', issues: [{ path: ['after'], message: 'validation.cursor' }] } });
    }
  });
});

describe('customers.list: search', () => {
  const search = async (login: string, q: string, filter: CustomerFilter = {}) => new Set((await walk(login, { q, filter, limit: 200 })).filter((k) => !k.startsWith('p')));

  it('finds by two- and three-character Chinese names (substring)', async () => {
    expect(await search('analyst', '张三')).toEqual(new Set(['c1', 'c2']));
    expect(await search('analyst', '张三丰')).toEqual(new Set(['c2']));
    expect(await search('analyst', '娜娜')).toEqual(new Set(['c7']));
    expect(await search('analyst', '欧阳娜')).toEqual(new Set(['c7']));
  });

  it('finds by pinyin initials and full pinyin (prefix)', async () => {
    expect(await search('analyst', 'zs')).toEqual(new Set(['c1', 'c2', 'c8']));
    expect(await search('analyst', 'ZS')).toEqual(new Set(['c1', 'c2', 'c8']));
    expect(await search('analyst', 'zhangsan')).toEqual(new Set(['c1', 'c2']));
    expect(await search('analyst', 'zhangshan')).toEqual(new Set(['c8']));
  });

  it('finds by phone tail, ID tail, customer number and capital account', async () => {
    expect(await search('analyst', '1234')).toEqual(new Set(['c1']));
    const c3 = fx.find((f) => f.key === 'c3')!;
    expect(await search('analyst', c3.idNo.slice(-6))).toEqual(new Set(['c3']));
    const c5 = fx.find((f) => f.key === 'c5')!;
    expect(await search('analyst', c5.customerNo)).toEqual(new Set(['c5']));
    expect(await search('analyst', '6200000006')).toEqual(new Set(['c6']));
  });

  it('finds a phone by at most the four digits its mask shows, an ID number by at most six, else only whole: a longer tail would unmask them a digit at a time, unaudited', async () => {
    for (const login of ['analyst', 'bm1']) {
      expect(await search(login, '01234')).toEqual(new Set());
      expect(await search(login, '00001234')).toEqual(new Set());
      expect(await search(login, '13800001234')).toEqual(new Set(['c1']));
      const c3 = fx.find((f) => f.key === 'c3')!;
      expect(await search(login, c3.idNo.slice(-7))).toEqual(new Set());
      expect(await search(login, c3.idNo.slice(-12))).toEqual(new Set());
      expect(await search(login, c3.idNo)).toEqual(new Set(['c3']));
    }
    const n = async (q: string) => (await t.ok(clients.analyst!, 'customers.count', { q })).count;
    expect([await n('01234'), await n('13800001234')]).toEqual([0, 1]);
  });

  it('combines with filters and scope', async () => {
    expect(await search('analyst', '张', { statuses: ['active'] })).toEqual(new Set(['c1', 'c2', 'c8']));
    expect(await search('am1b', '张')).toEqual(new Set(['c3']));
    expect(await search('am2', '张三')).toEqual(new Set());
    expect(await search('bm2', '6100000001')).toEqual(new Set());
    expect(await search('bm1', 'zs', { tags: ['两融意向'] })).toEqual(new Set(['c2']));
  });

  it('anything that is neither a name, pinyin nor digits finds nothing', async () => {
    expect(await search('analyst', '张s')).toEqual(new Set());
  });
});

describe('customers.list: rows', () => {
  it('masks the ID number and phone, and flags the elderly', async () => {
    const page = await t.ok(clients.am1!, 'customers.list', { q: '张三', limit: 10, sort: { field: 'assets', dir: 'asc' } });
    const c1 = fx.find((f) => f.key === 'c1')!;
    expect(page.rows[0]).toEqual({
      id: c1.id,
      customerNo: c1.customerNo,
      kind: 'individual',
      name: '张三',
      idType: 'resident_id',
      idNo: `${c1.idNo.slice(0, 3)}***********${c1.idNo.slice(-4)}`,
      phone: '138****1234',
      branchId: t.org.b1,
      branchName: '上海浦东营业部',
      managerId: t.users.am1!.id,
      managerName: '李客户经理',
      level: 'gold',
      status: 'active',
      riskLevel: 'C3',
      riskExpiresAt: '2027-01-01',
      idExpiry: '2030-01-01',
      assetsFen: 80_000_000,
      openDate: '2015-03-01',
      lastContactAt: '2026-10-30T02:00:00.000Z',
      elderly: true,
    });
    expect(JSON.stringify(page)).not.toContain(c1.idNo);
    expect(JSON.stringify(page)).not.toContain('13800001234');
  });
});

describe('customers.count', () => {
  it('counts the scope with the filter and search, exactly below the cap', async () => {
    expect(await t.ok(clients.am1!, 'customers.count', {})).toEqual({ count: inScope('am1').length, capped: false });
    expect(await t.ok(clients.bm1!, 'customers.count', { filter: { statuses: ['active'], levels: ['gold', 'diamond', 'platinum'] } })).toEqual({ count: 3, capped: false });
    expect(await t.ok(clients.analyst!, 'customers.count', { filter: { riskExpired: true } })).toEqual({ count: 2, capped: false });
    expect(await t.ok(clients.analyst!, 'customers.count', { q: '张', filter: { idExpired: true } })).toEqual({ count: 1, capped: false });
    expect(await t.ok(clients.am2!, 'customers.count', { q: '张' })).toEqual({ count: 0, capped: false });
    expect(await t.ok(clients.bm2!, 'customers.count', { filter: { tags: ['新开户'] } })).toEqual({ count: 1, capped: false });
  });
});

describe('customers.tagsInUse', () => {
  it('counts the tags of the customers in scope, most used first', async () => {
    expect(await t.ok(clients.analyst!, 'customers.tagsInUse', {})).toEqual([
      { tag: '高净值', count: 2 },
      { tag: '两融意向', count: 1 },
      { tag: '休眠唤醒', count: 1 },
      { tag: '新开户', count: 1 },
    ]);
    expect(await t.ok(clients.am1b!, 'customers.tagsInUse', {})).toEqual([{ tag: '休眠唤醒', count: 1 }]);
    expect(await t.ok(clients.bm2!, 'customers.tagsInUse', {})).toEqual([{ tag: '新开户', count: 1 }]);
  });
});
