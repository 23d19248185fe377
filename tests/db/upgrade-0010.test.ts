import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index';
import { migrate } from '../../src-main/db/migrate';
import { OPS_OF_ROW } from '../../src-main/sync/capture';
import { databaseAtSchema } from '../helpers/schema-at';

/** 0010 keys the op log's row index on the row id's suffix: a row's ops are found through it, and only that row's. */
describe('migration 0010 on a schema-9 database', () => {
  it('finds one row’s ops through the new index, not another row’s with the same suffix', () => {
    const db = databaseAtSchema(9);
    const op = db.prepare(
      `INSERT INTO sync_ops (origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id, prev_branch_id) VALUES ('n1', ?, ?, ?, 'update', 'phone', '"1"', ?, ?, 'u1', 'b1', NULL)`,
    );
    // Same last six characters, other row; same row, other table.
    op.run(1, 'customers', '0190aaaa-0000-7000-8000-00000000abcdef', '001767571200000-000001-n1', '001767571200000-000000-n1');
    op.run(2, 'customers', '0190bbbb-0000-7000-8000-00000000abcdef', '001767571200000-000002-n1', '001767571200000-000000-n1');
    op.run(3, 'contacts', '0190aaaa-0000-7000-8000-00000000abcdef', '001767571200000-000003-n1', '001767571200000-000000-n1');
    // Other rows (the statistics the migration's ANALYZE records then say a suffix is nearly unique).
    for (let i = 4; i < 40; i++) op.run(i, 'customers', `0190cccc-0000-7000-8000-0000000${String(i).padStart(5, '0')}`, `001767571200000-0000${String(i).padStart(2, '0')}-n1`, null);

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const query = `SELECT origin_seq FROM sync_ops WHERE ${OPS_OF_ROW} AND col = ? AND base_hlc = ?`;
    const row = '0190aaaa-0000-7000-8000-00000000abcdef';
    expect(db.prepare(query).pluck().all(row, 'customers', row, 'phone', '001767571200000-000000-n1')).toEqual([1]);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(row, 'customers', row, 'phone', 'x') as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan).toMatch(/SEARCH sync_ops USING INDEX sync_ops_row/);
    db.close();
  });
});
