import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { CompiledQuery } from 'kysely';
import { selectCustomerRows, searchSeqs } from '../../src-main/customers/customers.queries';
import type { Actor } from '../../src-main/ipc/types';
import { sql } from 'kysely';

/**
 * The hot customer queries must be index searches: no full scan of a million rows, no temp
 * B-tree for the sort. Plans are checked with statistics that look like a large branch.
 */
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  // Representative statistics: 1M customers over ~100 branches and ~2,000 managers.
  t.db.sqlite.exec(`ANALYZE sqlite_schema;
    INSERT OR REPLACE INTO sqlite_stat1 (tbl, idx, stat) VALUES
      ('customers', 'customers_id', '1000000 1'),
      ('customers', 'customers_no', '1000000 1'),
      ('customers', 'customers_phone_rev', '1000000 1'),
      ('customers', 'customers_id_no_rev', '1000000 1'),
      ('customers', 'customers_py', '1000000 3'),
      ('customers', 'customers_initials', '1000000 40'),
      ('customers', 'customers_branch_assets', '1000000 10000 2 1'),
      ('customers', 'customers_manager_assets', '1000000 500 2 1'),
      ('customers', 'customers_assets', '1000000 2 1');`);
});
afterAll(() => t?.close());

function actor(scope: Actor['scope']): Actor {
  return { sessionId: 's', userId: t.users.am1!.id, login: 'am1', displayName: 'x', role: 'account_manager', branchId: t.org.b1, branchName: 'b', orgKind: 'branch', scope, permissions: new Set(), locked: false, mustChangePassword: false };
}

function plan(q: { compile(): CompiledQuery }): string {
  const c = q.compile();
  const rows = t.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

describe('customer query plans', () => {
  for (const [scope, index] of [['own', 'customers_manager_assets'], ['branch', 'customers_branch_assets'], ['all', 'customers_assets']] as const) {
    it(`the ${scope}-scope list page is an index range in sort order (${index})`, () => {
      const q = selectCustomerRows(t.db.kysely, actor(scope))
        .where(sql<boolean>`(customers.assets_fen, customers.seq) < (${1000}, ${5})`)
        .orderBy('customers.assets_fen', 'desc')
        .orderBy('customers.seq', 'desc')
        .limit(51);
      const p = plan(q);
      expect(p).toContain(`customers USING INDEX ${index}`);
      expect(p).not.toMatch(/TEMP B-TREE/);
      expect(p).not.toMatch(/SCAN customers(?! USING)/);
    });
  }

  for (const term of ['张', '张三', '张三丰', 'zs', 'zhangsan', '5678', '100000001', '12345X']) {
    it(`search "${term}" reads an index, never scans the table`, () => {
      const q = selectCustomerRows(t.db.kysely, actor('branch')).where('customers.seq', 'in', searchSeqs(t.db.kysely, term)).limit(51);
      const p = plan(q);
      expect(p).not.toMatch(/SCAN customers(?! USING)/);
      expect(p).toMatch(/VIRTUAL TABLE INDEX|USING INDEX customers_(py|initials|no|phone_rev|id_no_rev)|USING INTEGER PRIMARY KEY/);
    });
  }
});
