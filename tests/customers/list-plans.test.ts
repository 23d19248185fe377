import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledQuery } from 'kysely';
import { makeTestApp, type TestApp } from '../helpers/app';
import type { Actor } from '../../src-main/ipc/types';
import { SORT_FIELDS, type CustomerFilter } from '../../src-shared/customers/customers.contract';
import {
  LIST_SHAPES,
  SORT_SPECS,
  buildCount,
  buildListSegment,
  prefixFor,
  segmentsFor,
  shapeFor,
  type Cursor,
  type ListRequest,
} from '../../src-main/customers/list-shapes';

/**
 * The list's declared shapes are index searches with no temporary B-tree for the sort, in every
 * scope, and counts never fall into a skip-scan (limits.md: a skip-scan count took 5.7 s on the
 * encrypted 1M file). The planner decides with statistics, so these plans are taken with the
 * sqlite_stat1 of a 1M-customer demo (`cli demo --customers 1000000`, then ANALYZE), committed
 * beside this test because CI cannot build one. The SQL comes from the builders the handlers run.
 */
type Stat = { tbl: string; idx: string; stat: string };
const STATS = JSON.parse(readFileSync(join(import.meta.dirname, 'sqlite-stat1-1m.json'), 'utf8')) as Stat[];
const TODAY = '2026-11-01';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  t.db.sqlite.exec('ANALYZE sqlite_schema'); // creates sqlite_stat1, empty on an empty database
  const ins = t.db.sqlite.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
  t.db.sqlite.transaction(() => {
    t.db.sqlite.exec('DELETE FROM sqlite_stat1');
    for (const s of STATS) ins.run(s.tbl, s.idx, s.stat);
  })();
  // Makes the planner re-read the statistics tables.
  t.db.sqlite.exec('ANALYZE sqlite_schema');
});
afterAll(() => t?.close());

function actor(scope: Actor['scope']): Actor {
  const login = scope === 'own' ? 'am1' : scope === 'branch' ? 'bm1' : 'analyst';
  const u = t.users[login]!;
  return { sessionId: 's', userId: u.id, login, displayName: login, role: u.role, branchId: u.branchId, branchName: 'b', orgKind: scope === 'all' ? 'hq' : 'branch', scope, permissions: new Set(), locked: false, mustChangePassword: false };
}

function planRows(q: { compile(): CompiledQuery }) {
  const c = q.compile();
  return t.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as { parent: number; detail: string }[];
}
function plan(q: { compile(): CompiledQuery }): string {
  return planRows(q).map((r) => r.detail).join('\n');
}
/** The outer statement's steps only: a search's UNION de-duplicates its matches in a B-tree of its own. */
function outerPlan(q: { compile(): CompiledQuery }): string {
  return planRows(q).filter((r) => r.parent === 0).map((r) => r.detail).join('\n');
}

const FULL_SCAN = /SCAN customers(?! USING)/;
const SKIP_SCAN = /ANY\(/;

/** One filter at a time, and the pairs people use most; ids are filled in per test. */
function filters(): [string, CustomerFilter][] {
  return [
    ['no filter', {}],
    ['branch', { branchId: t.org.b1 }],
    ['manager', { managerId: t.users.am1!.id }],
    ['unassigned', { unassigned: true }],
    ['assigned', { unassigned: false }],
    ['kind', { kinds: ['institution'] }],
    ['level', { levels: ['gold', 'platinum'] }],
    ['status', { statuses: ['active'] }],
    ['risk level', { riskLevels: ['C4', 'C5'] }],
    ['tags', { tags: ['高净值', '两融意向'] }],
    ['assets range', { assetsMinFen: 1_000_000, assetsMaxFen: 90_000_000 }],
    ['open date range', { openFrom: '2020-01-01', openTo: '2024-12-31' }],
    ['last contact range', { lastContactFrom: '2026-01-01', lastContactTo: '2026-10-31' }],
    ['risk assessment expired', { riskExpired: true }],
    ['ID expired', { idExpired: true }],
    ['elderly', { elderly: true }],
    ['not elderly', { elderly: false }],
    ['status + level', { statuses: ['active'], levels: ['gold'] }],
    ['branch + manager', { branchId: t.org.b1, managerId: t.users.am1b!.id }],
  ];
}

describe('the declared list shapes', () => {
  it('cover every prefix and sort once, each with its own index', () => {
    expect(LIST_SHAPES.length).toBe(15);
    expect(new Set(LIST_SHAPES.map((s) => `${s.prefix}/${s.sort}`)).size).toBe(15);
    expect(new Set(LIST_SHAPES.map((s) => s.index)).size).toBe(15);
    const indexes = new Set(t.db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'`).pluck().all() as string[]);
    expect(LIST_SHAPES.filter((s) => !indexes.has(s.index))).toEqual([]);
  });

  it('the prefix is the narrowest equality: own scope or a manager filter, then branch, then none', () => {
    expect(prefixFor({ scope: 'own' }, {})).toBe('manager');
    expect(prefixFor({ scope: 'branch' }, {})).toBe('branch');
    expect(prefixFor({ scope: 'branch' }, { unassigned: true })).toBe('manager');
    expect(prefixFor({ scope: 'all' }, {})).toBe('all');
    expect(prefixFor({ scope: 'all' }, { branchId: 'x' })).toBe('branch');
    expect(prefixFor({ scope: 'all' }, { managerId: 'x', branchId: 'y' })).toBe('manager');
  });
});

describe('list pages are a search of the shape index, never a scan or a sort', () => {
  for (const scope of ['own', 'branch', 'all'] as const) {
    for (const field of SORT_FIELDS) {
      for (const dir of ['asc', 'desc'] as const) {
        it(`${scope} scope, sort ${field} ${dir}: every filter, first page and next pages`, () => {
          const a = actor(scope);
          const spec = SORT_SPECS[field];
          const key = spec.key === 'number' ? 1_000_000 : field === 'lastContact' ? '2026-05-01T00:00:00.000Z' : field === 'openDate' ? '2022-01-01' : '31010001';
          const cursors: (Cursor | undefined)[] = [undefined, { f: field, d: dir, k: key, s: 500_000 }];
          if (spec.nullable) cursors.push({ f: field, d: dir, k: null, s: 500_000 });
          const problems: string[] = [];
          for (const [name, filter] of filters()) {
            const prefix = prefixFor(a, filter);
            // A branch role filtering one manager constrains both columns: the manager's index and
            // the branch's index of the same sort are both a seek in sort order, and the planner
            // takes either (for the NULL segment the branch's looks narrower to it).
            const both = scope === 'branch' && prefix === 'manager';
            const index = both ? `(${shapeFor('manager', field).index}|${shapeFor('branch', field).index})` : shapeFor(prefix, field).index;
            for (const after of cursors) {
              const req: ListRequest = { filter, sort: { field, dir }, after, limit: 50 };
              for (const segment of segmentsFor(req.sort, after)) {
                const p = plan(buildListSegment(t.db.kysely, a, req, TODAY, segment, 51));
                const ok = new RegExp(`SEARCH customers USING (COVERING )?INDEX ${index} \\(|SCAN customers USING (COVERING )?INDEX ${index}\\b`).test(p) && !/TEMP B-TREE/.test(p) && !FULL_SCAN.test(p) && !SKIP_SCAN.test(p);
                if (!ok) problems.push(`${name} / ${after ? `after ${String(after.k)}` : 'first'} / ${segment}: want ${index}\n${p}`);
              }
            }
          }
          expect(problems).toEqual([]);
        });
      }
    }
  }

  it('every scope seeks to its prefix: the account manager and the branch are index equalities', () => {
    const req: ListRequest = { filter: {}, sort: { field: 'name', dir: 'asc' }, limit: 50 };
    expect(plan(buildListSegment(t.db.kysely, actor('own'), req, TODAY, 'values', 51))).toMatch(/SEARCH customers USING INDEX customers_manager_name \(manager_id=\?\)/);
    expect(plan(buildListSegment(t.db.kysely, actor('branch'), req, TODAY, 'values', 51))).toMatch(/SEARCH customers USING INDEX customers_branch_name \(branch_id=\?\)/);
    const next = { ...req, after: { f: 'name' as const, d: 'asc' as const, k: 'zhang', s: 9 } };
    expect(plan(buildListSegment(t.db.kysely, actor('all'), next, TODAY, 'values', 51))).toMatch(/SEARCH customers USING INDEX customers_py \(name_py>\?\)/);
  });
});

describe('search', () => {
  // Pinyin arms seek the scope's column first (0004's (manager_id|branch_id, name_initials), the name sort's (…, name_py)).
  const pinyinIndex = (scope: 'own' | 'branch' | 'all', column: 'name_initials' | 'name_py') => {
    const idx = { own: { name_initials: 'customers_manager_initials', name_py: 'customers_manager_name' }, branch: { name_initials: 'customers_branch_initials', name_py: 'customers_branch_name' }, all: { name_initials: 'customers_initials', name_py: 'customers_py' } }[scope][column];
    const eq = scope === 'own' ? 'manager_id=\\? AND ' : scope === 'branch' ? 'branch_id=\\? AND ' : '';
    return `${idx} \\(${eq}${column}>\\? AND ${column}<\\?\\)`;
  };
  const TERMS: [string, (scope: 'own' | 'branch' | 'all') => RegExp][] = [
    ['张伟', () => /customer_name_gram VIRTUAL TABLE INDEX/],
    ['欧阳娜娜', () => /customer_name_tri VIRTUAL TABLE INDEX/],
    ['zs', (scope) => new RegExp(`${pinyinIndex(scope, 'name_initials')}[\\s\\S]*${pinyinIndex(scope, 'name_py')}`)],
    ['zhangsan', (scope) => new RegExp(pinyinIndex(scope, 'name_py'))],
    ['5678', () => /customers_phone_rev[\s\S]*customers_id_no_rev/],
    ['310100000123', () => /customers_no \(customer_no>\? AND customer_no<\?\)/],
    ['6310100000123', () => /accounts_no \(account_no=\?\)/],
  ];
  for (const [term, structure] of TERMS) {
    for (const scope of ['own', 'branch', 'all'] as const) {
      it(`"${term}" (${scope}): the matches come from the search structure, are cut to scope by rowid, and only they are sorted`, () => {
        const a = actor(scope);
        const req: ListRequest = { q: term, filter: { statuses: ['active'] }, sort: { field: 'assets', dir: 'desc' }, limit: 50 };
        const q = buildListSegment(t.db.kysely, a, req, TODAY, 'values', 51);
        const p = plan(q);
        expect(p).toMatch(structure(scope));
        // The page reads the matches by rowid: first the capped in-scope list, then the rows themselves.
        expect(p).toMatch(/LIST SUBQUERY \d+\nSEARCH customers USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        expect(outerPlan(q)).toMatch(/SEARCH customers USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        expect(p).not.toMatch(FULL_SCAN);
        expect(p).not.toMatch(SKIP_SCAN);
      });
    }
  }
  for (const term of ['zs', 'zhangsan']) {
    for (const scope of ['own', 'branch', 'all'] as const) {
      it(`"${term}" (${scope}) with no filter: the scope-prefixed pinyin arms stop at the cap and feed the page directly`, () => {
        const q = buildListSegment(t.db.kysely, actor(scope), { q: term, filter: {}, sort: { field: 'assets', dir: 'desc' }, limit: 50 }, TODAY, 'values', 51);
        const p = plan(q);
        expect(p).toMatch(new RegExp(pinyinIndex(scope, 'name_py')));
        expect(q.compile().sql).toMatch(/LIMIT \?\) UNION ALL/);
        expect(outerPlan(q)).toMatch(/SEARCH customers USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        expect(p).not.toMatch(FULL_SCAN);
        expect(p).not.toMatch(SKIP_SCAN);
      });
    }
  }
});

describe('counts', () => {
  const ENUMERATED = ['kind', 'level', 'status', 'risk level', 'status + level'];
  for (const scope of ['own', 'branch'] as const) {
    it(`${scope} scope: every filter is counted from a seek to the scope's prefix, enumerations on its facets index, never by a skip-scan`, () => {
      const a = actor(scope);
      const problems: string[] = [];
      for (const [name, filter] of filters()) {
        const p = plan(buildCount(t.db.kysely, a, { filter }, TODAY));
        const prefix = prefixFor(a, filter);
        const seek = prefix === 'manager' ? /SEARCH customers USING (COVERING )?INDEX customers_(manager|branch)_\w+ \((manager|branch)_id=\?/ : /SEARCH customers USING (COVERING )?INDEX customers_branch_\w+ \(branch_id=\?/;
        if (!seek.test(p) || SKIP_SCAN.test(p) || FULL_SCAN.test(p)) problems.push(`${name}:\n${p}`);
        if (ENUMERATED.includes(name) && !/SEARCH customers USING COVERING INDEX customers_(manager|branch)_facets \(\w+_id=\? AND status=\?/.test(p)) problems.push(`${name} does not read only the facets index:\n${p}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('firm-wide: enumerations seek the facets index, a branch or manager filter its prefix, and nothing skip-scans', () => {
    const a = actor('all');
    const problems: string[] = [];
    for (const [name, filter] of filters()) {
      const p = plan(buildCount(t.db.kysely, a, { filter }, TODAY, [t.org.b1, t.org.b2]));
      const prefix = prefixFor(a, filter);
      if (SKIP_SCAN.test(p)) problems.push(`${name} skip-scans:\n${p}`);
      if (prefix !== 'all' && (FULL_SCAN.test(p) || !/SEARCH customers USING (COVERING )?INDEX customers_(manager|branch)_\w+ \((manager|branch)_id=\?/.test(p))) problems.push(`${name} does not seek:\n${p}`);
      if (ENUMERATED.includes(name) && !/SEARCH customers USING COVERING INDEX customers_facets \(status=\?/.test(p)) problems.push(`${name} does not read only the facets index:\n${p}`);
    }
    expect(problems).toEqual([]);
  });

  it('a range or flag with no enumeration drives the count through its own (prefix, column) index, firm-wide branch by branch', () => {
    const DRIVEN: [string, CustomerFilter, RegExp][] = [
      ['risk expired', { riskExpired: true }, /customers_branch_risk_exp \(branch_id=\? AND risk_expires_at<\?\)/],
      ['ID expired', { idExpired: true }, /customers_branch_id_exp \(branch_id=\? AND id_expiry<\?\)/],
      ['elderly', { elderly: true }, /customers_branch_birth \(branch_id=\? AND kind=\? AND birth_date<\?\)/],
      ['open dates', { openFrom: '2020-01-01', openTo: '2020-03-31' }, /customers_(branch_)?open \((branch_id=\? AND )?open_date>\? AND open_date<\?\)/],
      ['last contact', { lastContactFrom: '2026-10-01', lastContactTo: '2026-10-31' }, /customers_(branch_)?contact \((branch_id=\? AND )?last_contact_at>\? AND last_contact_at<\?\)/],
    ];
    const problems: string[] = [];
    for (const scope of ['branch', 'all'] as const) {
      for (const [name, filter, want] of DRIVEN) {
        const p = plan(buildCount(t.db.kysely, actor(scope), { filter }, TODAY, [t.org.b1, t.org.b2]));
        if (!want.test(p) || SKIP_SCAN.test(p) || FULL_SCAN.test(p)) problems.push(`${scope} / ${name}:\n${p}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('spells out every value of an unfiltered facet ahead of a filtered one', () => {
    const c = buildCount(t.db.kysely, actor('branch'), { filter: { levels: ['gold'] } }, TODAY).compile();
    expect(c.sql).toContain('"customers"."status" IN (?, ?, ?) and "customers"."kind" IN (?, ?) and "customers"."level" IN (?)');
    expect(c.parameters).toEqual([t.org.b1, 'active', 'dormant', 'closed', 'individual', 'institution', 'gold', 100_001]);
  });
});

describe('tags in use', () => {
  it("a branch's tags are counted from the covering index alone, never by joining its customers", () => {
    const q = t.db.kysely
      .selectFrom('customer_tags as t')
      .where('t.branch_id', '=', t.org.b1)
      .where('t.deleted_at', 'is', null)
      .select(['t.tag'])
      .groupBy('t.tag');
    const p = plan(q);
    expect(p).toContain('USING COVERING INDEX tags_branch');
    expect(p).not.toMatch(/customers/);
  });
});
