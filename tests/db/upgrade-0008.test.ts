import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index';
import { migrate } from '../../src-main/db/migrate';
import { databaseAtSchema } from '../helpers/schema-at';

/** 0008 rebuilds sync_ops as a rowid table and numbers link entries as runs: a v7 log survives it whole. */
describe('migration 0008 on a schema-7 database', () => {
  it('keeps every op and link entry, with the primary key', () => {
    const db = databaseAtSchema(7);
    const op = db.prepare(
      `INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES (?, ?, 'customers', ?, ?, ?, ?, ?, NULL, 'u1', 'b1', ?)`,
    );
    const image = JSON.stringify({ id: 'c1', name: '张三', notes: 'x'.repeat(1500) });
    op.run('n1', 1, 'c1', 'insert', null, image, '001767571200000-000000-n1', null);
    op.run('n1', 2, 'c1', 'update', 'branch_id', '"b2"', '001767571200000-000001-n1', 'b1');
    op.run('n2', 1, 'c2', 'update', 'phone', '"13800000000"', '001767571200000-000000-n2', null);
    db.prepare(`INSERT INTO sync_link_ops (peer_id, link_seq, origin, origin_seq, snap_tbl, snap_row) VALUES ('p', 1, 'n1', 1, NULL, NULL), ('p', 2, NULL, NULL, 'customers', 'c1')`).run();
    const before = db.prepare(`SELECT * FROM sync_ops ORDER BY origin, origin_seq`).all();

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare(`SELECT * FROM sync_ops ORDER BY origin, origin_seq`).all()).toEqual(before);
    // A rowid table now, and the origin key still refuses a second op under it.
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'sync_ops'`).pluck().get()).not.toMatch(/WITHOUT ROWID/);
    expect(() => op.run('n1', 1, 'c9', 'update', 'phone', '"1"', '001767571200000-000009-n1', null)).toThrow(/UNIQUE/);
    expect(db.prepare(`SELECT link_seq, n, origin, snap_row FROM sync_link_ops ORDER BY link_seq`).all()).toEqual([
      { link_seq: 1, n: 1, origin: 'n1', snap_row: null },
      { link_seq: 2, n: 1, origin: null, snap_row: 'c1' },
    ]);
    // Capture's triggers were put back (they name sync_ops).
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bd_cap_%'`).pluck().get()).toBeGreaterThan(10);
    db.close();
  });
});
