import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index';
import { migrate } from '../../src-main/db/migrate';
import { databaseAtSchema } from '../helpers/schema-at';

/** 0009 adds the synced conflict_resolutions table: a schema-8 database keeps its inbox and captures the new table. */
describe('migration 0009 on a schema-8 database', () => {
  it('keeps open conflicts, and the new table is captured like every synced table', () => {
    const db = databaseAtSchema(8);
    db.prepare(
      `INSERT INTO sync_conflicts (id, tbl, row_id, col, branch_id, winner_value, winner_hlc, winner_author, loser_value, loser_hlc, loser_author, detected_at, status)
       VALUES ('k1', 'customers', 'c1', 'occupation', 'b1', '"医生"', '001767571200000-000001-a', 'u1', '"教师"', '001767571200000-000000-b', 'u2', '2026-01-05T00:00:00.000Z', 'open')`,
    ).run();
    const before = db.prepare(`SELECT * FROM sync_conflicts`).all();

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare(`SELECT * FROM sync_conflicts`).all()).toEqual(before);
    const triggers = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bd_cap_conflict_resolutions_%' ORDER BY name`).pluck().all() as string[];
    expect(triggers).toContain('bd_cap_conflict_resolutions_ins');
    expect(triggers).toContain('bd_cap_conflict_resolutions_upd_status');
    db.close();
  });
});
