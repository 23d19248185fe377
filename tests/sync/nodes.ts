import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/db/open';
import { createAppContext, type AppContext } from '../../src-main/ipc/context';
import { dispatch } from '../../src-main/ipc/dispatch';
import { createEnrollment, installEnrollment } from '../../src-main/sync/enroll';
import { createBundle } from '../../src-main/sync/outbox';
import { Applier, receiveBundle, type ApplyStats, type ReceiveResult } from '../../src-main/sync/apply';
import { writeTxSync } from '../../src-main/db/tx';
import { formatHlc } from '../../src-main/sync/hlc';
import { nodeInfo } from '../../src-main/sync/node';
import type { Method, MethodInput, MethodOutput } from '../../src-shared/contract';
import { TEST_PASSWORD, type TestApp } from '../helpers/app';

/** A node of a sync test: its database, an app context over it, and calls as a logged-in user. */
export type SyncNode = {
  name: string;
  db: Db;
  app: AppContext;
  file: string;
  key: string;
  ok<M extends Method>(clientId: string, method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  login(login: string): Promise<string>;
  close(): void;
};

export async function nodeOf(name: string, db: Db, file: string, key: string, now?: () => Date): Promise<SyncNode> {
  const app = await createAppContext({ db, dbKey: key, validateOutput: true, ...(now ? { now } : {}) });
  const ok = (async <M extends Method>(clientId: string, method: M, input: MethodInput<M>) => {
    const r = await dispatch(app, clientId, method, input);
    if (!r.ok) throw new Error(`${name}: ${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.issues ?? r.error.params ?? '')}`);
    return r.value;
  }) as SyncNode['ok'];
  return {
    name,
    db,
    app,
    file,
    key,
    ok,
    async login(login: string) {
      const clientId = `${name}-${login}`;
      await ok(clientId, 'auth.login', { login, password: TEST_PASSWORD });
      return clientId;
    },
    close() {
      void app.jobs.close();
      if (db.sqlite.open) db.close();
    },
  };
}

/** Enroll a branch of the HQ test app into a new database in the test's directory. */
export async function enrollBranch(hq: TestApp, branchOrgId: string, name: string, now = () => new Date()): Promise<SyncNode> {
  const e = createEnrollment(hq.db, branchOrgId, now());
  const file = join(hq.dir, `${name}.db`);
  const { dbKey } = installEnrollment(file, e.file, e.passphrase, now());
  return nodeOf(name, openDatabase({ file, key: dbKey }), file, dbKey, now);
}

/** One bundle from `from` to the peer `toNodeId`, received there. */
export function exchange(from: Db, to: Db, now = () => new Date()): ReceiveResult {
  const b = createBundle(from.sqlite, to.nodeId, now());
  return receiveBundle(to, b.file, now);
}

export function readBack(path: string): Buffer {
  return readFileSync(path);
}

/** A node already on a newer app version (its ops name columns this version does not know). */
export const NEWER_NODE = 'f0e1d2c3b4a59687';

/**
 * Ops of `NEWER_NODE` received by `db` as a bundle's are (the Applier, one uncaptured
 * transaction): `q` its origin sequence, stamped `wall` (default: a second ago). The Applier's figures.
 */
export function opsFromNewerNode(db: Db, ops: readonly { q: number; tb: string; r: string; k?: 'insert' | 'update'; c: string | null; v: string; br: string; wall?: number }[]): ApplyStats {
  return writeTxSync(
    db,
    'sync',
    () => {
      const applier = new Applier(db, nodeInfo(db.sqlite), () => new Date());
      for (const o of ops) {
        applier.op({ t: 'op', s: o.q, o: NEWER_NODE, q: o.q, tb: o.tb, r: o.r, k: o.k ?? 'update', c: o.c, v: o.v, h: formatHlc({ wall: o.wall ?? Date.now() - 1000, counter: o.q, node: NEWER_NODE }), b: null, a: 'someone', br: o.br, pb: null });
      }
      return applier.stats;
    },
    'uncaptured',
  );
}
