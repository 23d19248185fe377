import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { writeTx, writeTxSync } from '../../src-main/db/tx';
import { openDatabase } from '../../src-main/db/open';
import { SYNCED_TABLES } from '../../src-main/sync/synced-tables';
import { parseHlc } from '../../src-main/sync/hlc';
import { deferInsertCapture, suspendUpdateCapture } from '../../src-main/sync/capture';
import { v7 as uuidv7 } from 'uuid';

let t: TestApp;
afterEach(() => {
  vi.restoreAllMocks();
  t?.close();
});

type Op = { origin_seq: number; tbl: string; row_id: string; kind: string; col: string | null; value: string | null; hlc: string; base_hlc: string | null; author: string; branch_id: string };
const ops = (t: TestApp): Op[] => t.db.sqlite.prepare('SELECT origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author, branch_id FROM sync_ops ORDER BY origin_seq').all() as Op[];

async function newCustomer(t: TestApp, login = 'am1') {
  const c = await t.login(login);
  return t.ok(c, 'customers.create', { customerNo: '500000001', name: '欧阳娜娜', idType: 'resident_id', idNo: makeIdNumber('19850607', 21), phone: '13912345678', branchId: t.org.b1 });
}

describe('change capture', () => {
  it('a handler insert is one op carrying the whole row, its author and owning branch', async () => {
    t = await makeTestApp();
    const c = await newCustomer(t);
    // The customer, then its first ownership row (客户归属 'open'): one op each.
    const [op, own, ...rest] = ops(t);
    expect(rest).toEqual([]);
    expect(op).toMatchObject({ origin_seq: 1, tbl: 'customers', row_id: c.id, kind: 'insert', col: null, base_hlc: null, author: t.users.am1!.id, branch_id: t.org.b1 });
    expect(own).toMatchObject({ origin_seq: 2, tbl: 'customer_ownership', kind: 'insert', author: t.users.am1!.id, branch_id: t.org.b1 });
    expect(JSON.parse(op!.value!)).toEqual({
      id: c.id,
      customer_no: '500000001',
      name: '欧阳娜娜',
      id_type: 'resident_id',
      id_no: makeIdNumber('19850607', 21),
      phone: '13912345678',
      branch_id: t.org.b1,
      manager_id: t.users.am1!.id,
      status: 'active',
      created_at: c.createdAt,
      deleted_at: null,
      kind: 'individual',
      // Birth date and sex come from the resident ID when the form leaves them empty.
      gender: 'M',
      birth_date: '1985-06-07',
      id_expiry: null,
      nationality: null,
      occupation: null,
      education: null,
      income_band: null,
      address: null,
      phone2: null,
      email: null,
      wechat: null,
      open_date: null,
      source_channel: null,
      investor_category: 'ordinary',
      risk_level: null,
      risk_lowest: 0,
      risk_assessed_at: null,
      risk_expires_at: null,
      invest_experience: null,
      invest_horizon: null,
      preferred_varieties: null,
      notes: null,
      merged_into: null,
    });
    // The row's cells take the row's clock.
    expect(t.db.sqlite.prepare('SELECT col, hlc FROM sync_cell_clock WHERE row_id = ?').all(c.id)).toEqual([{ col: '', hlc: op!.hlc }]);
  });

  it("an insert's history row holds the op's image, with secret columns redacted there only", async () => {
    t = await makeTestApp();
    const c = await newCustomer(t);
    const hist = (id: string) => t.db.sqlite.prepare(`SELECT kind, new_value, hlc, author, origin FROM history WHERE row_id = ? AND kind = 'insert'`).get(id) as Record<string, string>;
    const opOf = (id: string) => t.db.sqlite.prepare(`SELECT value, hlc, author, origin FROM sync_ops WHERE row_id = ? AND kind = 'insert'`).get(id) as Record<string, string>;
    const op = opOf(c.id);
    expect(hist(c.id)).toEqual({ kind: 'insert', new_value: op.value, hlc: op.hlc, author: op.author, origin: op.origin });
    // users has a secret column: the op carries the hash (the user's own), history never does.
    const admin = await t.login('admin');
    const u = await t.ok(admin, 'users.create', { login: 'newam', displayName: '新经理', role: 'account_manager', branchId: t.org.b1, password: 'Passw0rd-new1' });
    const userOp = JSON.parse(opOf(u.id).value!) as Record<string, unknown>;
    const userHist = JSON.parse(hist(u.id).new_value!) as Record<string, unknown>;
    expect(typeof userOp.password_hash).toBe('string');
    expect(userOp.password_hash).not.toBe('[redacted]');
    expect(userHist).toEqual({ ...userOp, password_hash: '[redacted]' });
  });

  it('an update is one op per changed column, each with the clock of the value it overwrote', async () => {
    t = await makeTestApp();
    const c = await newCustomer(t);
    const insertHlc = ops(t)[0]!.hlc;
    writeTxSync(t.db, t.users.bm1!.id, () => {
      t.db.sqlite.prepare(`UPDATE customers SET name = '欧阳娜', phone = '13912345678', status = 'dormant' WHERE id = ?`).run(c.id);
    });
    // Trigger order within one statement is SQLite's business: compare by column.
    // After the customer's insert and its ownership row's.
    const updates = ops(t).slice(2).sort((a, b) => a.col!.localeCompare(b.col!));
    expect(updates.map((o) => [o.kind, o.col, o.value, o.base_hlc, o.author])).toEqual([
      ['update', 'name', '"欧阳娜"', insertHlc, t.users.bm1!.id],
      ['update', 'status', '"dormant"', insertHlc, t.users.bm1!.id],
    ]);
    const nameHlc = updates[0]!.hlc;
    writeTxSync(t.db, t.users.am1!.id, () => t.db.sqlite.prepare(`UPDATE customers SET name = '欧阳娜娜' WHERE id = ?`).run(c.id));
    expect(ops(t).at(-1)).toMatchObject({ col: 'name', base_hlc: nameHlc });
    const hist = t.db.sqlite.prepare(`SELECT kind, col, old_value, new_value, author FROM history WHERE row_id = ? ORDER BY id`).all(c.id);
    expect(hist.length).toBe(4);
    expect(hist.slice(1, 3)).toEqual(
      expect.arrayContaining([
        { kind: 'update', col: 'name', old_value: '"欧阳娜娜"', new_value: '"欧阳娜"', author: t.users.bm1!.id },
        { kind: 'update', col: 'status', old_value: '"active"', new_value: '"dormant"', author: t.users.bm1!.id },
      ]),
    );
    expect(hist[3]).toEqual({ kind: 'update', col: 'name', old_value: '"欧阳娜"', new_value: '"欧阳娜娜"', author: t.users.am1!.id });
  });

  it('local columns (assets, level, version, updated_at) are not captured', async () => {
    t = await makeTestApp();
    const c = await newCustomer(t);
    writeTxSync(t.db, 'importer', () => t.db.sqlite.prepare(`UPDATE customers SET assets_fen = 123456, level = 'gold', version = version + 1, updated_at = 'x' WHERE id = ?`).run(c.id));
    // Only the create's two inserts (customer, ownership row).
    expect(ops(t).length).toBe(2);
  });

  it('a soft delete is a tombstone op; a hard delete of a synced row is refused', async () => {
    t = await makeTestApp();
    const c = await newCustomer(t);
    writeTxSync(t.db, t.users.bm1!.id, () => t.db.sqlite.prepare(`UPDATE customers SET deleted_at = '2026-11-25T01:00:00.000Z' WHERE id = ?`).run(c.id));
    expect(ops(t).at(-1)).toMatchObject({ kind: 'delete', col: 'deleted_at', value: '"2026-11-25T01:00:00.000Z"' });
    expect(() => writeTxSync(t.db, 'x', () => t.db.sqlite.prepare('DELETE FROM customers WHERE id = ?').run(c.id))).toThrow(/soft-deleted/);
  });

  it('a bulk insert on the raw connection is captured row by row with its author', async () => {
    t = await makeTestApp();
    const now = new Date().toISOString();
    writeTxSync(t.db, t.users.op1!.id, () => {
      const ins = t.db.sqlite.prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, manager_id, created_at, updated_at) VALUES (?, ?, ?, 'resident_id', ?, NULL, ?, NULL, ?, ?)`);
      for (let i = 0; i < 500; i++) ins.run(uuidv7(), String(600000000 + i), `批量${i}`, makeIdNumber('19900101', i), t.org.b1, now, now);
    });
    const all = ops(t);
    expect(all.length).toBe(500);
    expect(new Set(all.map((o) => o.author))).toEqual(new Set([t.users.op1!.id]));
    expect(all.map((o) => o.origin_seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const hlcs = all.map((o) => o.hlc);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(new Set(hlcs).size).toBe(500);
  });

  it('a batch whose inserts are captured together (deferInsertCapture) writes what the row triggers write, in the same order', async () => {
    t = await makeTestApp();
    // One wall time for both runs, so both draw the same clocks.
    t.db.close();
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-26T08:00:00.000Z'));
    t.db = openDatabase({ file: t.file, key: t.key });
    const now = '2026-11-26T08:00:00.000Z';
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: uuidv7(), own: i % 3 === 1 ? null : uuidv7(), no: String(610000000 + i), idNo: makeIdNumber('19900101', i) }));
    const sql = t.db.sqlite;
    const triggerSql = () => sql.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('bd_cap_customers_ins', 'bd_cap_customer_ownership_ins') ORDER BY name`).all();
    const installed = triggerSql();
    expect(installed).toHaveLength(2);
    class Rollback extends Error {
      constructor(readonly state: unknown) {
        super('rollback');
      }
    }
    // The same inserts, row-captured or deferred; what they wrote is read, then rolled back.
    const run = (defer: boolean) => {
      try {
        writeTxSync(t.db, t.users.op1!.id, () => {
          const captured = defer ? deferInsertCapture(sql, ['customers', 'customer_ownership']) : null;
          if (defer) {
            expect(captured).not.toBeNull();
            expect(triggerSql()).toEqual([]);
          }
          const ins = sql.prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, manager_id, created_at, updated_at) VALUES (?, ?, ?, 'resident_id', ?, '13900000000', ?, ?, ?, ?)`);
          const own = sql.prepare(`INSERT INTO customer_ownership (id, customer_id, branch_id, manager_id, valid_from, reason, assigned_by, created_at) VALUES (?, ?, ?, ?, ?, 'import', ?, ?)`);
          for (const r of rows) {
            const c = ins.run(r.id, r.no, `合并${r.no}`, r.idNo, t.org.b1, r.own ? t.users.am1!.id : null, now, now);
            captured?.record('customers', c.lastInsertRowid);
            if (!r.own) continue;
            const o = own.run(r.own, r.id, t.org.b1, t.users.am1!.id, now, t.users.op1!.id, now);
            captured?.record('customer_ownership', o.lastInsertRowid);
          }
          captured?.finish();
          throw new Rollback({
            ops: sql.prepare(`SELECT rowid, * FROM sync_ops ORDER BY rowid`).all(),
            clocks: sql.prepare(`SELECT * FROM sync_cell_clock ORDER BY tbl, row_id, col`).all(),
            history: sql.prepare(`SELECT * FROM history ORDER BY id`).all(),
            triggers: triggerSql(),
          });
        });
      } catch (e) {
        if (e instanceof Rollback) return e.state as { ops: Op[]; history: unknown[]; triggers: unknown[] };
        throw e;
      }
      throw new Error('not rolled back');
    };
    const byRow = run(false);
    const deferred = run(true);
    // 7 customers and 5 ownership rows, interleaved: customer, its ownership row, next customer.
    expect(byRow.ops.map((o) => o.tbl)).toEqual(rows.flatMap((r) => (r.own ? ['customers', 'customer_ownership'] : ['customers'])));
    expect(byRow.history).toHaveLength(12);
    expect(deferred).toEqual(byRow);
    expect(triggerSql()).toEqual(installed);
    // Rolled back both times: nothing written, no sequence number used.
    expect(ops(t)).toEqual([]);
  });

  it('deferred insert capture: null when capture is off, nothing captured in an uncaptured write, the triggers back after a rollback', async () => {
    t = await makeTestApp();
    const sql = t.db.sqlite;
    const count = () => sql.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'bd_cap_customers_ins'`).pluck().get();
    const now = new Date().toISOString();
    const insert = (no: string) => sql.prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, branch_id, created_at, updated_at) VALUES (?, ?, '延后', 'resident_id', ?, ?, ?, ?)`).run(uuidv7(), no, makeIdNumber('19900101', Number(no) % 1000), t.org.b1, now, now);
    // Uncaptured (a bundle being applied): the trigger is dropped for the batch and put back, no op.
    writeTxSync(t.db, 'bundle-apply', () => {
      const d = deferInsertCapture(sql, ['customers'])!;
      d.record('customers', insert('620000001').lastInsertRowid);
      d.finish();
    }, 'uncaptured');
    expect(ops(t)).toEqual([]);
    expect(count()).toBe(1);
    // A failure before finish: the rollback puts the trigger back with everything else.
    expect(() =>
      writeTxSync(t.db, t.users.op1!.id, () => {
        deferInsertCapture(sql, ['customers'])!.record('customers', insert('620000002').lastInsertRowid);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(count()).toBe(1);
    expect(ops(t)).toEqual([]);
    // Capture off (the trigger is not there): nothing to defer.
    let off: unknown;
    expect(() =>
      writeTxSync(t.db, 'x', () => {
        sql.exec(`DROP TRIGGER bd_cap_customers_ins`);
        off = deferInsertCapture(sql, ['customers']);
        throw new Error('undo the drop');
      }),
    ).toThrow('undo the drop');
    expect(off).toBeNull();
    expect(count()).toBe(1);
  });

  it('suspended update capture (a big bundle): null while capturing; the update triggers gone until restored, then exactly as generated; back after a rollback', async () => {
    t = await makeTestApp();
    const sql = t.db.sqlite;
    const c = await newCustomer(t);
    const triggers = () => sql.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'customers' ORDER BY name`).all();
    const updates = () => sql.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bd_cap_customers_upd_%'`).pluck().get() as number;
    const installed = triggers();
    const columns = SYNCED_TABLES.find((x) => x.table === 'customers')!.columns.length;
    expect(updates()).toBe(columns);
    const before = ops(t).length;
    // Capturing: the triggers are what captures, so they stay.
    writeTxSync(t.db, t.users.op1!.id, () => expect(suspendUpdateCapture(sql, ['customers'])).toBeNull());
    // Uncaptured: gone while suspended (the FTS and conflicts-follow triggers stay), back on restore.
    writeTxSync(t.db, 'bundle-apply', () => {
      const s = suspendUpdateCapture(sql, ['customers'])!;
      expect(updates()).toBe(0);
      expect(sql.prepare(`SELECT count(*) FROM sqlite_master WHERE name IN ('customers_fts_upd', 'bd_cap_customers_conflicts', 'bd_cap_customers_ins')`).pluck().get()).toBe(3);
      sql.prepare(`UPDATE customers SET phone = '13900000001' WHERE id = ?`).run(c.id);
      s.restore();
    }, 'uncaptured');
    expect(triggers()).toEqual(installed);
    // A failure before restore: the rollback brings them back with everything else.
    expect(() =>
      writeTxSync(t.db, 'bundle-apply', () => {
        suspendUpdateCapture(sql, ['customers']);
        throw new Error('boom');
      }, 'uncaptured'),
    ).toThrow('boom');
    expect(triggers()).toEqual(installed);
    // And they capture again: the uncaptured edit wrote no op, the next captured one does.
    expect(ops(t)).toHaveLength(before);
    writeTxSync(t.db, t.users.op1!.id, () => sql.prepare(`UPDATE customers SET phone = '13900000002' WHERE id = ?`).run(c.id));
    expect(ops(t).slice(before)).toMatchObject([{ tbl: 'customers', row_id: c.id, col: 'phone', value: '"13900000002"' }]);
  });

  it('apply mode and demo generation (uncaptured) write no ops and no history', async () => {
    t = await makeTestApp();
    const now = new Date().toISOString();
    writeTxSync(t.db, 'bundle-apply', () => {
      t.db.sqlite.prepare(`INSERT INTO customers (id, customer_no, name, id_type, id_no, branch_id, created_at, updated_at) VALUES (?, '700000001', '应用', 'resident_id', ?, ?, ?, ?)`).run(uuidv7(), makeIdNumber(), t.org.b1, now, now);
      t.db.sqlite.prepare(`UPDATE customers SET name = '应用二'`).run();
    }, 'uncaptured');
    expect(ops(t)).toEqual([]);
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM history').get()).toEqual({ n: 0 });
    // ...but the search structures still follow, because they are not capture.
    const c = await t.login('bm1');
    expect((await t.ok(c, 'customers.list', { q: '应用二' })).rows.length).toBe(1);
  });

  it('a write to a synced table outside a write transaction fails instead of going uncaptured', () => {
    return makeTestApp().then((app) => {
      t = app;
      expect(() => t.db.sqlite.prepare(`UPDATE users SET display_name = 'x'`).run()).toThrow(/outside a write transaction/);
    });
  });

  it('a rolled-back transaction leaves no op and does not consume a sequence number', async () => {
    t = await makeTestApp();
    await expect(
      writeTx(t.db, 'someone', async (tx) => {
        await tx.updateTable('users').set({ display_name: '回滚' }).where('login', '=', 'am1').execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(ops(t)).toEqual([]);
    await writeTx(t.db, 'someone', (tx) => tx.updateTable('users').set({ display_name: '提交' }).where('login', '=', 'am1').execute());
    expect(ops(t).map((o) => o.origin_seq)).toEqual([1]);
  });

  it('the HLC survives a restart and never goes backwards, even when the wall clock does', async () => {
    t = await makeTestApp();
    writeTxSync(t.db, 'a', () => t.db.sqlite.prepare(`UPDATE users SET display_name = '一' WHERE login = 'am1'`).run());
    const first = ops(t)[0]!;
    t.db.close();
    // Reopen with the wall clock an hour behind the last stamp.
    vi.spyOn(Date, 'now').mockReturnValue(parseHlc(first.hlc).wall - 3_600_000);
    t.db = openDatabase({ file: t.file, key: t.key });
    writeTxSync(t.db, 'b', () => t.db.sqlite.prepare(`UPDATE users SET display_name = '二' WHERE login = 'am1'`).run());
    const second = ops(t)[1]!;
    expect(second.origin_seq).toBe(2);
    expect(second.hlc > first.hlc).toBe(true);
    expect(parseHlc(second.hlc)).toMatchObject({ wall: parseHlc(first.hlc).wall, counter: parseHlc(first.hlc).counter + 1 });
    expect(second.base_hlc).toBe(first.hlc);
  });

  it('every synced table has its insert, per-column update and delete-guard triggers, and one with a branch its conflicts-follow trigger', () => {
    return makeTestApp().then((app) => {
      t = app;
      const names = new Set(t.db.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bd_cap_%'`).pluck().all() as string[]);
      const expected = SYNCED_TABLES.flatMap((s) => [
        `bd_cap_${s.table}_ins`,
        `bd_cap_${s.table}_del`,
        ...s.columns.map((c) => `bd_cap_${s.table}_upd_${c}`),
        ...(s.columns.includes('branch_id') ? [`bd_cap_${s.table}_conflicts`] : []),
      ]);
      expect(names).toEqual(new Set(expected));
    });
  });
});
