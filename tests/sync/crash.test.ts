import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/db/open';
import { writeTxSync } from '../../src-main/db/tx';
import { receiveBundle } from '../../src-main/sync/apply';
import { createBundle } from '../../src-main/sync/outbox';
import { makeIdNumber, makeTestApp, type TestApp } from '../helpers/app';
import { dbDigest } from './bundle-fixtures';
import { enrollBranch, type SyncNode } from './nodes';

/**
 * Kill the process in the middle of applying a bundle (issue 6): a child process applies a
 * 50,000-op bundle to a copy of HQ's database and is SIGKILLed inside the applying
 * transaction. Reopened, the database is exactly as before the bundle (every table's rows
 * hashed); applying the bundle again succeeds.
 */
const CUSTOMERS = 5_000;
/** Per customer: its insert, then this many updates of two columns (two ops each): 11 ops, 55,000 in all. */
const UPDATES_EACH = 5;

let hq: TestApp;
let b1: SyncNode;
let bundlePath: string;
let ops: number;

beforeAll(async () => {
  hq = await makeTestApp();
  b1 = await enrollBranch(hq, hq.org.b1, 'b1');
  // A week of a branch's work, in miniature: new customers, each edited a few times (captured).
  const am1 = hq.users.am1!.id;
  writeTxSync(b1.db, am1, () => {
    const ins = b1.db.sqlite.prepare(
      `INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, manager_id, created_at, updated_at) VALUES (?, ?, ?, 'resident_id', ?, ?, ?, ?, ?, ?)`,
    );
    const upd = b1.db.sqlite.prepare(`UPDATE customers SET phone = ?, address = ? WHERE id = ?`);
    const at = new Date().toISOString();
    for (let i = 0; i < CUSTOMERS; i++) {
      const id = uuidv7();
      ins.run(id, String(400_000_000 + i), `客户${i}`, makeIdNumber('19800101', i % 1000, String(110101 + (i % 7))), `138${String(i).padStart(8, '0')}`, hq.org.b1, am1, at, at);
      for (let e = 0; e < UPDATES_EACH; e++) upd.run(`139${String(i * 10 + e).padStart(8, '0')}`, `地址 ${i}-${e}`, id);
    }
  });
  const b = createBundle(b1.db.sqlite, hq.db.nodeId, new Date());
  ops = b.manifest.link.to;
  bundlePath = join(hq.dir, 'big.bdsync');
  writeFileSync(bundlePath, b.file);
}, 120_000);
afterAll(() => {
  b1?.close();
  hq?.close();
});

function applyInChildAndKill(file: string): Promise<{ signal: NodeJS.Signals | null; heard: string }> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BD_')));
    // tsx as a loader in this very process (its CLI would run the script in a grandchild, out of SIGKILL's reach).
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/sync/crash-child.ts', file, bundlePath], { env: { ...env, BD_DB_KEY: hq.key }, cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let heard = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      heard += d.toString();
      if (heard.includes('progress')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === null && !heard.includes('progress') ? reject(new Error(`child ended without applying: ${stderr}`)) : resolve({ signal, heard })));
  });
}

describe('a process killed while applying a bundle', () => {
  it('leaves the database as it was before the bundle; applying it again succeeds', async () => {
    expect(ops).toBe(CUSTOMERS * (1 + 2 * UPDATES_EACH));
    // The copy HQ's database would be, with its WAL folded in.
    hq.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const copy = join(hq.dir, 'copy.db');
    copyFileSync(hq.file, copy);
    const before = openDatabase({ file: copy, key: hq.key });
    const digest = dbDigest(before.sqlite);
    const linkBefore = before.sqlite.prepare(`SELECT in_applied, last_received_bundle FROM sync_links WHERE peer_id = ?`).get(b1.db.nodeId);
    before.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    before.close();

    const { signal, heard } = await applyInChildAndKill(copy);
    expect(signal).toBe('SIGKILL');
    expect(heard).toMatch(/^progress 5000 \d+\n$/);
    // The transaction had written to disk (uncommitted WAL frames) when it was killed.
    expect(existsSync(`${copy}-wal`) ? statSync(`${copy}-wal`).size : 0).toBeGreaterThan(100 * 1024);

    const after = openDatabase({ file: copy, key: hq.key });
    try {
      expect(dbDigest(after.sqlite)).toEqual(digest);
      expect(after.sqlite.prepare(`SELECT in_applied, last_received_bundle FROM sync_links WHERE peer_id = ?`).get(b1.db.nodeId)).toEqual(linkBefore);
      expect(after.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

      const r = receiveBundle(after, readFileSync(bundlePath), () => new Date());
      expect(r).toMatchObject({ status: 'applied', linkTo: ops, ops, conflicts: 0, parked: 0 });
      expect(after.sqlite.prepare(`SELECT count(*) FROM customers WHERE branch_id = ? AND customer_no LIKE '4%'`).pluck().get(hq.org.b1)).toBe(CUSTOMERS);
      expect(after.sqlite.prepare(`SELECT in_applied FROM sync_links WHERE peer_id = ?`).pluck().get(b1.db.nodeId)).toBe(ops);
    } finally {
      after.close();
    }
  }, 120_000);
});
