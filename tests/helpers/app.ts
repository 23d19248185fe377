import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase, newDbKey, type Db } from '../../src-main/db/open';
import { createAppContext, type AppContext } from '../../src-main/ipc/context';
import { dispatch } from '../../src-main/ipc/dispatch';
import { hashPassword } from '../../src-main/auth/password';
import { writeTxSync } from '../../src-main/db/tx';
import type { Method, MethodInput, MethodOutput } from '../../src-shared/contract';
import type { RpcResult } from '../../src-shared/rpc/errors';
import type { Role } from '../../src-shared/auth/roles';
import { idCheckChar } from '../../src-shared/lib/id-number';

export const TEST_PASSWORD = 'Passw0rd-test';
let hashOnce: Promise<string> | null = null;
/** One scrypt hash for every fixture user (hashing costs ~60 ms each). */
export const testPasswordHash = () => (hashOnce ??= hashPassword(TEST_PASSWORD));

export type TestApp = {
  app: AppContext;
  db: Db;
  dir: string;
  key: string;
  file: string;
  org: { hq: string; b1: string; b2: string };
  users: Record<string, { id: string; login: string; role: Role; branchId: string }>;
  call<M extends Method>(clientId: string, method: M, input: MethodInput<M>): Promise<RpcResult<MethodOutput<M>>>;
  /** Call and expect success; throws with the error code otherwise. */
  ok<M extends Method>(clientId: string, method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  login(login: string, clientId?: string): Promise<string>;
  close(): void;
};

/**
 * A migrated database in a temp dir with HQ, two branches and one user per role
 * (`admin`, `analyst`, `hqcomp`, `hqop` at HQ; `bm1`, `am1`, `am1b`, `cs1`, `comp1`, `op1` at branch 1; `bm2`, `am2` at branch 2).
 */
export async function makeTestApp(opts: { now?: () => Date } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'bd-test-'));
  const key = newDbKey();
  const file = join(dir, 'test.db');
  const db = openDatabase({ file, key });
  const hash = await testPasswordHash();
  const now = new Date().toISOString();
  const org = { hq: uuidv7(), b1: uuidv7(), b2: uuidv7() };
  const users: TestApp['users'] = {};
  writeTxSync(db, 'test-fixture', () => {
    const ins = db.sqlite.prepare(`INSERT INTO org_units (id, kind, code, name, parent_id, branch_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)`);
    ins.run(org.hq, 'hq', 'HQ', '总部', null, org.hq, now, now);
    ins.run(org.b1, 'branch', 'B01', '上海浦东营业部', org.hq, org.b1, now, now);
    ins.run(org.b2, 'branch', 'B02', '北京金融街营业部', org.hq, org.b2, now, now);
    const u = db.sqlite.prepare(`INSERT INTO users (id, login, display_name, role, branch_id, status, password_hash, must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, 0, ?, ?)`);
    const add = (login: string, role: Role, branchId: string, name: string) => {
      const id = uuidv7();
      u.run(id, login, name, role, branchId, hash, now, now);
      users[login] = { id, login, role, branchId };
    };
    add('admin', 'admin', org.hq, '系统管理员');
    add('analyst', 'hq_analyst', org.hq, '总部分析师');
    add('hqcomp', 'compliance', org.hq, '总部合规');
    add('hqop', 'operator', org.hq, '总部运营');
    add('bm1', 'branch_manager', org.b1, '王经理');
    add('am1', 'account_manager', org.b1, '李客户经理');
    add('am1b', 'account_manager', org.b1, '赵客户经理');
    add('cs1', 'customer_service', org.b1, '陈客服');
    add('comp1', 'compliance', org.b1, '刘合规');
    add('op1', 'operator', org.b1, '孙运营');
    add('bm2', 'branch_manager', org.b2, '周经理');
    add('am2', 'account_manager', org.b2, '吴客户经理');
  }, 'uncaptured');
  const app = await createAppContext({ db, dbKey: key, validateOutput: true, ...(opts.now ? { now: opts.now } : {}) });
  const call = (<M extends Method>(clientId: string, method: M, input: MethodInput<M>) =>
    dispatch(app, clientId, method, input)) as TestApp['call'];
  const ok = (async <M extends Method>(clientId: string, method: M, input: MethodInput<M>) => {
    const r = await dispatch(app, clientId, method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.issues ?? r.error.params ?? '')}`);
    return r.value;
  }) as TestApp['ok'];
  return {
    app,
    db,
    dir,
    key,
    file,
    org,
    users,
    call,
    ok,
    async login(login: string, clientId = `client-${login}`) {
      await ok(clientId, 'auth.login', { login, password: TEST_PASSWORD });
      return clientId;
    },
    close(this: TestApp) {
      // A job still running has its own connection to the file: stop it first (its transaction rolls back).
      void this.app.jobs.close();
      if (this.db.sqlite.open) this.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Sign in as a user just made with users.create (or reset): their first password is temporary
 * and opens nothing but its own change, so it is changed at once (to `password` + '-own').
 */
export async function signInNewUser(t: TestApp, clientId: string, login: string, password: string): Promise<string> {
  await t.ok(clientId, 'auth.login', { login, password });
  await t.ok(clientId, 'auth.changePassword', { currentPassword: password, newPassword: `${password}-own` });
  return clientId;
}

/** A valid 18-digit resident ID for a birth date, with the right check character. */
export function makeIdNumber(birth = '19800101', serial = 123, region = '110101'): string {
  const first17 = `${region}${birth}${String(serial).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
