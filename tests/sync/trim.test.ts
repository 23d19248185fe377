import { afterEach, describe, expect, it } from 'vitest';
import { trimLog } from '../../src-main/sync/trim';
import { createBundle } from '../../src-main/sync/outbox';
import { makeTestApp, makeIdNumber, type TestApp } from '../helpers/app';
import { enrollBranch, exchange, type SyncNode } from './nodes';

let hq: TestApp;
let br: SyncNode | null = null;
afterEach(() => {
  br?.close();
  br = null;
  hq?.close();
});

const DAY = 86_400_000;
const count = (n: { sqlite: { prepare(s: string): { pluck(): { get(): unknown } } } }, sql: string) => n.sqlite.prepare(sql).pluck().get() as number;

describe('trimming the op log', () => {
  it('drops acknowledged link entries at once, and delivered ops only after the keeping period', async () => {
    hq = await makeTestApp();
    br = await enrollBranch(hq, hq.org.b1, 'b1');
    const am = await br.login('am1');
    for (let i = 0; i < 3; i++) await br.ok(am, 'customers.create', { customerNo: `30000000${i}`, name: `客户${i}号`, idType: 'resident_id', idNo: makeIdNumber('19800101', 10 + i), branchId: hq.org.b1 });
    const own = count(br.db, `SELECT count(*) FROM sync_ops`);
    expect(own).toBeGreaterThan(0);
    // Sent, not yet acknowledged: nothing may go.
    createBundle(br.db.sqlite, hq.db.nodeId, new Date());
    expect(trimLog(br.db.sqlite, new Date(Date.now() + 40 * DAY))).toEqual({ linkEntries: 0, ops: 0 });
    expect(exchange(br.db, hq.db).status).toBe('applied');
    // HQ's next bundle carries the acknowledgement back.
    expect(exchange(hq.db, br.db).status).toBe('applied');
    // Receiving the acknowledgement trimmed the link entries at once; the ops stay for the keeping period.
    expect(count(br.db, `SELECT count(*) FROM sync_link_ops`)).toBe(0);
    expect(count(br.db, `SELECT count(*) FROM sync_ops`)).toBe(own);
    expect(trimLog(br.db.sqlite, new Date()).ops).toBe(0);
    expect(trimLog(br.db.sqlite, new Date(Date.now() + 31 * DAY)).ops).toBe(own);
    expect(count(br.db, `SELECT count(*) FROM sync_ops`)).toBe(0);
    // History, the record, is untouched; a resent bundle is still recognised by its link sequence.
    expect(count(br.db, `SELECT count(*) FROM history WHERE tbl = 'customers'`)).toBeGreaterThanOrEqual(3);
    // At HQ: the branch's ops were considered for every other link (there is none) and are trimmed after the period.
    const atHq = count(hq.db, `SELECT count(*) FROM sync_ops WHERE origin = '${br.db.nodeId}'`);
    expect(atHq).toBe(own);
    expect(trimLog(hq.db.sqlite, new Date(Date.now() + 31 * DAY)).ops).toBeGreaterThanOrEqual(own);
  });
});
