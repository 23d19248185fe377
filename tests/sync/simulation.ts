import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { newDbKey, openDatabase, type Db } from '../../src-main/db/open';
import { writeTxSync } from '../../src-main/db/tx';
import { moveCustomers } from '../../src-main/customers/transfer-branch.job';
import { dispatch } from '../../src-main/ipc/dispatch';
import { receiveBundle, type ReceiveResult } from '../../src-main/sync/apply';
import { createEnrollment, ensureRecoveryKey, installEnrollment, type Enrollment } from '../../src-main/sync/enroll';
import { createBundle, SyncRefusal } from '../../src-main/sync/outbox';
import { CUSTOMER_CHILD_TABLES, isHqOwned } from '../../src-main/sync/routing';
import { SYNCED_TABLES } from '../../src-main/sync/synced-tables';
import { EDUCATION, INCOME_BANDS, INVEST_HORIZONS } from '../../src-shared/customers/customer-fields';
import { PRODUCT_STATUSES, PRODUCT_TYPES } from '../../src-shared/suitability/suitability-fields';
import type { Method, MethodInput, MethodOutput } from '../../src-shared/contract';
import type { RpcResult } from '../../src-shared/rpc/errors';
import type { Role } from '../../src-shared/auth/roles';
import { makeIdNumber, TEST_PASSWORD, testPasswordHash } from '../helpers/app';
import { nodeOf, type SyncNode } from './nodes';

/**
 * The deterministic sync simulation (issue 6, "Tests that must exist"): HQ and N branches
 * (5 by default) do random work through the real handlers (`dispatch`), each on its own
 * skewed clock, and exchange bundles over a network that loses, duplicates, reorders and
 * delays them. At the end the network quiesces and five checks run (see `check*` below).
 *
 * Everything random comes from one seeded PRNG, so a seed replays the same actions, network
 * and clocks. Node ids are fixed too (HQ's is set, each branch's enrollment is redrawn until
 * its id falls in its slot's range): a tie between two nodes' HLCs (equal wall time and
 * counter, common when a node's clock runs behind what it has received) breaks by node id,
 * so the order of node ids must not vary between runs. Row ids (UUIDv7) do vary; nothing the
 * harness chooses depends on them (it picks rows in local insertion order).
 *
 * Paths that are not a handler, and why:
 * * **import**: a batch of customer creates (with their ownership rows) in one captured
 *   `writeTxSync` transaction, the bulk path the import job takes; the job itself needs a
 *   worker thread and a source file, too heavy for a step.
 * * **delete a customer**: no handler deletes a customer (a merge tombstones the loser); a
 *   captured `writeTxSync` sets `deleted_at`, as a future delete handler would.
 * * **move a customer between branches**: the writes of `customers.transferBranch`'s job
 *   (`moveCustomers`, unassigned at the new branch) in a captured `writeTxSync`, without the
 *   four-eyes request and the worker around them.
 */

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: small, fast, and good enough to drive a simulation. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
  /** A weighted choice among `[item, weight]` pairs. */
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    return xs[xs.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------------------------
// Options, report, failure

export type SimOptions = {
  seed: number;
  /** Steps of random work before the network quiesces. */
  steps: number;
  branches?: number;
  /** Progress lines (bench runs); tests leave it unset. */
  log?: (s: string) => void;
  /** Keep the databases (and a keys.json to open them) for a post-mortem; the directory is logged. */
  keep?: boolean;
};

export type SimReport = {
  seed: number;
  steps: number;
  branches: number;
  actions: Record<string, number>;
  network: { created: number; delivered: number; dropped: number; duplicated: number; applied: number; duplicates: number; gaps: number; quiesceRounds: number };
  /** Sums over every bundle applied (ApplyStats). */
  apply: { ops: number; rows: number; applied: number; stale: number; conflicts: number; purged: number; refusedHqOwned: number };
  ops: number;
  conflicts: number;
  concurrentPairs: number;
  loggedEdits: number;
  /** Child rows HQ re-homed to their customer's branch (an edit that crossed a move). */
  rehomed: number;
  cellsChecked: number;
  rowsCompared: number;
  seconds: number;
};

/** A failed run: names the seed and the step, so `BD_SIM_SEED=<seed>` replays it. */
export class SimulationFailure extends Error {
  constructor(
    readonly seed: number,
    readonly step: number | 'setup' | 'quiesce' | 'final',
    readonly reason: string,
    readonly trace: readonly string[],
  ) {
    super(`sync simulation failed: seed ${seed}, step ${step}: ${reason}\n  (replay: BD_SIM_SEED=${seed})\n  last events:\n    ${trace.slice(-40).join('\n    ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Nodes

const HOUR = 3600_000;
const MAX_SKEW = 3 * HOUR;
const START = Date.UTC(2025, 5, 2, 1, 0, 0);
/** HQ's node id: above every branch slot's range (see `slotRange`). */
const HQ_NODE_ID = 'f000000000000000';

type Clock = { skew: number };

type SimNode = {
  name: string;
  /** 0: HQ; 1..N: branches. */
  slot: number;
  orgId: string;
  nodeId: string;
  node: SyncNode;
  db: Db;
  clock: Clock;
  now: () => Date;
  /** login → clientId of a signed-in session. */
  clients: Map<string, string>;
};

type UserFixture = { id: string; login: string; role: Role; orgId: string };

/** One intended change the harness made through a successful action (the oracle log). */
type LoggedEdit = { step: number; node: string; origin: string; author: string; tbl: string; row: string; col: string | null; value: unknown };

type OpRow = { origin: string; origin_seq: number; tbl: string; row_id: string; kind: string; col: string | null; value: string | null; hlc: string; base_hlc: string | null; author: string };

type Parcel = { id: number; file: Buffer; from: SimNode; to: SimNode; due: number };

/** A branch slot's node ids start with a byte in [lo, hi): slots sort in order, HQ (0xf0…) after them. */
function slotRange(slot: number, branches: number): [number, number] {
  return [Math.floor((240 * (slot - 1)) / branches), Math.floor((240 * slot) / branches)];
}

class Retry extends Error {}

const PHONES = Array.from({ length: 24 }, (_, i) => `13${String(800000000 + i * 7919).padStart(9, '0')}`);
const ADDRESSES = ['上海市浦东新区世纪大道100号', '上海市黄浦区南京东路1号', '北京市西城区金融大街7号', '深圳市福田区深南大道6008号', '杭州市西湖区文三路90号', '广州市天河区珠江新城8号'];
const OCCUPATIONS = ['教师', '工程师', '医生', '退休', '个体经营', '公务员', '财务'];
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴霞', '徐丽', '孙涛'];
const CONTACT_NAMES = ['张小明', '李小红', '王建国', '赵秀英', '钱多多', '孙二娘'];
const TAGS = ['VIP', '养老规划', '两融意向', '新开户', '休眠唤醒'];
const MERGE_PICKS = ['name', 'phone', 'phone2', 'address', 'email', 'occupation', 'notes', 'wechat', 'managerId'] as const;

/** The customer fields an edit touches: column, contract key, and a value drawn from a small pool (so equal values happen too). */
const CUSTOMER_EDITS: readonly { col: string; key: string; gen: (r: Rng) => string | null }[] = [
  { col: 'phone', key: 'phone', gen: (r) => r.pick(PHONES) },
  { col: 'phone2', key: 'phone2', gen: (r) => (r.chance(0.3) ? null : r.pick(PHONES)) },
  { col: 'address', key: 'address', gen: (r) => `${r.pick(ADDRESSES)}${r.int(1, 20)}室` },
  { col: 'email', key: 'email', gen: (r) => (r.chance(0.2) ? null : `c${r.int(0, 40)}@example.com`) },
  { col: 'occupation', key: 'occupation', gen: (r) => r.pick(OCCUPATIONS) },
  { col: 'notes', key: 'notes', gen: (r) => `备注 ${r.int(0, 60)}` },
  { col: 'wechat', key: 'wechat', gen: (r) => (r.chance(0.2) ? null : `wx${r.int(0, 40)}`) },
  { col: 'education', key: 'education', gen: (r) => r.pick(EDUCATION) },
  { col: 'income_band', key: 'incomeBand', gen: (r) => r.pick(INCOME_BANDS) },
  { col: 'invest_horizon', key: 'investHorizon', gen: (r) => r.pick(INVEST_HORIZONS) },
  { col: 'name', key: 'name', gen: (r) => r.pick(NAMES) },
];

/** A column's value as SQLite holds it, from an op's JSON value. */
function sqlValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

const same = (a: unknown, b: unknown) => sqlValue(a) === sqlValue(b);
const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));

// ---------------------------------------------------------------------------------------------
// The simulation

export class Simulation {
  readonly rng: Rng;
  readonly branchCount: number;
  private T = START;
  private step = 0;
  private readonly dir: string;
  private hq!: SimNode;
  private readonly branches: SimNode[] = [];
  private readonly users = new Map<string, UserFixture>();
  private readonly edits: LoggedEdit[] = [];
  readonly trace: string[] = [];
  private readonly queue: Parcel[] = [];
  private parcelIds = 0;
  /** Per branch: the steps until its link is back (a branch offline for a while). */
  private readonly offlineUntil = new Map<string, number>();
  private readonly passwords = new Map<string, string>();
  private counter = 0;
  private readonly report: SimReport;
  private readonly started = performance.now();

  private constructor(readonly opts: SimOptions) {
    this.rng = new Rng(opts.seed);
    this.branchCount = opts.branches ?? 5;
    this.dir = mkdtempSync(join(tmpdir(), 'bd-sim-'));
    this.report = {
      seed: opts.seed,
      steps: opts.steps,
      branches: this.branchCount,
      actions: {},
      network: { created: 0, delivered: 0, dropped: 0, duplicated: 0, applied: 0, duplicates: 0, gaps: 0, quiesceRounds: 0 },
      apply: { ops: 0, rows: 0, applied: 0, stale: 0, conflicts: 0, purged: 0, refusedHqOwned: 0 },
      ops: 0,
      conflicts: 0,
      concurrentPairs: 0,
      loggedEdits: 0,
      rehomed: 0,
      cellsChecked: 0,
      rowsCompared: 0,
      seconds: 0,
    };
  }

  private note(s: string): void {
    this.trace.push(`[${this.step}] ${s}`);
    if (this.trace.length > 400) this.trace.splice(0, 100);
  }

  private fail(reason: string): never {
    throw new Error(reason);
  }

  // -------------------------------------------------------------------------------------------
  // Set-up: HQ's database as tests/helpers/app.ts builds it, then one enrollment per branch.

  static async create(opts: SimOptions): Promise<Simulation> {
    const sim = new Simulation(opts);
    try {
      await sim.setUp();
    } catch (e) {
      sim.close();
      throw new SimulationFailure(opts.seed, 'setup', e instanceof Error ? (e.stack ?? e.message) : String(e), sim.trace);
    }
    return sim;
  }

  private skew(): Clock {
    return { skew: this.rng.int(-MAX_SKEW, MAX_SKEW) };
  }

  private async setUp(): Promise<void> {
    const key = newDbKey();
    const file = join(this.dir, 'hq.db');
    // A fixed node id, set before anything is captured (installEnrollment does the same for a branch).
    const first = openDatabase({ file, key });
    first.sqlite.prepare(`UPDATE sync_state SET value = ? WHERE key = 'node_id'`).run(HQ_NODE_ID);
    first.close();
    const clock = this.skew();
    const now = () => new Date(this.T + clock.skew);
    const db = openDatabase({ file, key, clock: () => this.T + clock.skew });
    const hash = await testPasswordHash();
    this.passwords.set(hash, TEST_PASSWORD);
    const iso = now().toISOString();
    const hqOrg = uuidv7();
    const orgs = Array.from({ length: this.branchCount }, () => uuidv7());
    writeTxSync(
      db,
      'sim-fixture',
      () => {
        const org = db.sqlite.prepare(`INSERT INTO org_units (id, kind, code, name, parent_id, branch_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)`);
        org.run(hqOrg, 'hq', 'HQ', '总部', null, hqOrg, iso, iso);
        orgs.forEach((id, i) => org.run(id, 'branch', `B0${i + 1}`, `第${i + 1}营业部`, hqOrg, id, iso, iso));
        const u = db.sqlite.prepare(
          `INSERT INTO users (id, login, display_name, role, branch_id, status, password_hash, must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, 0, ?, ?)`,
        );
        const add = (login: string, role: Role, orgId: string, name: string) => {
          const id = uuidv7();
          u.run(id, login, name, role, orgId, hash, iso, iso);
          this.users.set(login, { id, login, role, orgId });
        };
        add('admin', 'admin', hqOrg, '系统管理员');
        add('analyst', 'hq_analyst', hqOrg, '总部分析师');
        add('hqop', 'operator', hqOrg, '总部运营');
        orgs.forEach((id, i) => {
          const p = `b${i + 1}`;
          add(`${p}.bm`, 'branch_manager', id, `${p}经理`);
          add(`${p}.am1`, 'account_manager', id, `${p}客户经理甲`);
          add(`${p}.am2`, 'account_manager', id, `${p}客户经理乙`);
          add(`${p}.comp`, 'compliance', id, `${p}合规`);
          add(`${p}.op`, 'operator', id, `${p}运营`);
          add(`${p}.cs`, 'customer_service', id, `${p}客服`);
        });
        // Two customers per branch as a fixture (uncaptured: no clocks, as after an upgrade).
        const c = db.sqlite.prepare(
          `INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, manager_id, address, created_at, updated_at) VALUES (?, ?, ?, 'resident_id', ?, ?, ?, ?, ?, ?, ?)`,
        );
        orgs.forEach((orgId, i) => {
          for (let k = 0; k < 2; k++) {
            const n = this.counter++;
            c.run(uuidv7(), this.customerNo(i + 1, n), NAMES[k]!, this.idNo(i + 1, n), PHONES[k]!, orgId, this.users.get(`b${i + 1}.am1`)!.id, ADDRESSES[k]!, iso, iso);
          }
        });
      },
      'uncaptured',
    );
    const node = await nodeOf('hq', db, file, key, now);
    this.hq = { name: 'hq', slot: 0, orgId: hqOrg, nodeId: HQ_NODE_ID, node, db, clock, now, clients: new Map() };
    this.relaxIdleLock(this.hq);
    for (const login of ['admin', 'analyst', 'hqop']) this.hq.clients.set(login, await node.login(login));

    // Captured work at HQ before enrollment: products, and customers HQ opens for each branch
    // (these reach the branch in its enrollment snapshot, with their clocks and history).
    for (let i = 0; i < 3; i++) await this.productCreate(this.hq);
    for (let i = 0; i < this.branchCount; i++) {
      const id = await this.createCustomer(this.hq, 'hqop', orgs[i]!, i + 1, null);
      await this.contactCreate(this.hq, 'hqop', id);
    }

    writeTxSync(db, 'sim', () => ensureRecoveryKey(db.sqlite), 'uncaptured');
    for (let i = 0; i < this.branchCount; i++) await this.enroll(i + 1, orgs[i]!);
  }

  /** Simulated hours pass between calls: sessions must not lock for idleness (the lock is not what this tests). */
  private relaxIdleLock(n: SimNode): void {
    n.node.app.settings = { ...n.node.app.settings, idleLockMinutes: 1_000_000_000 };
  }

  private async enroll(slot: number, orgId: string): Promise<void> {
    const [lo, hi] = slotRange(slot, this.branchCount);
    let e: Enrollment | null = null;
    for (let attempt = 0; attempt < 500 && !e; attempt++) {
      try {
        // Drawn again (rolled back) until the new node id falls in this slot's range.
        this.hq.db.sqlite.transaction(() => {
          const got = createEnrollment(this.hq.db, orgId, this.hq.now());
          const b = parseInt(got.nodeId.slice(0, 2), 16);
          if (b < lo || b >= hi) throw new Retry();
          e = got;
        })();
      } catch (x) {
        if (!(x instanceof Retry)) throw x;
      }
    }
    const got = e as Enrollment | null;
    if (!got) throw new Error(`no enrollment for slot ${slot} in 500 draws`);
    const clock = this.skew();
    const now = () => new Date(this.T + clock.skew);
    const file = join(this.dir, `b${slot}.db`);
    const { dbKey, nodeId } = installEnrollment(file, got.file, got.passphrase, now());
    const db = openDatabase({ file, key: dbKey, clock: () => this.T + clock.skew });
    const node = await nodeOf(`b${slot}`, db, file, dbKey, now);
    const n: SimNode = { name: `b${slot}`, slot, orgId, nodeId, node, db, clock, now, clients: new Map() };
    this.relaxIdleLock(n);
    for (const r of ['bm', 'am1', 'am2', 'comp', 'op', 'cs']) n.clients.set(`b${slot}.${r}`, await node.login(`b${slot}.${r}`));
    this.branches.push(n);
    this.note(`enrolled ${n.name} as node ${nodeId}, skew ${(clock.skew / HOUR).toFixed(2)} h`);
  }

  close(): void {
    for (const n of [this.hq, ...this.branches]) n?.node.close();
    if (this.opts.keep) {
      const keys = Object.fromEntries([this.hq, ...this.branches].filter(Boolean).map((n) => [n.name, { file: n.node.file, key: n.node.key, nodeId: n.nodeId, orgId: n.orgId }]));
      writeFileSync(join(this.dir, 'keys.json'), JSON.stringify(keys, null, 1));
      this.opts.log?.(`databases kept in ${this.dir}`);
    } else rmSync(this.dir, { recursive: true, force: true });
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private uid(login: string): string {
    const u = this.users.get(login);
    if (!u) throw new Error(`no user ${login}`);
    return u.id;
  }

  private async call<M extends Method>(n: SimNode, login: string, method: M, input: MethodInput<M>): Promise<RpcResult<MethodOutput<M>>> {
    const clientId = n.clients.get(login);
    if (!clientId) throw new Error(`${n.name}: ${login} is not signed in`);
    return (await dispatch(n.node.app, clientId, method, input)) as RpcResult<MethodOutput<M>>;
  }

  private async ok<M extends Method>(n: SimNode, login: string, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const r = await this.call(n, login, method, input);
    if (!r.ok) this.fail(`${n.name}: ${login} ${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.issues ?? r.error.params ?? '')}`);
    return r.value;
  }

  private logEdit(n: SimNode, login: string, tbl: string, row: string, col: string | null, value: unknown): void {
    this.edits.push({ step: this.step, node: n.name, origin: n.nodeId, author: this.uid(login), tbl, row, col, value: sqlValue(value) });
  }

  private row(n: SimNode, tbl: string, id: string): Record<string, unknown> | undefined {
    return n.db.sqlite.prepare(`SELECT * FROM ${tbl} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  }

  private customerNo(slot: number, n: number): string {
    return `9${String(slot).padStart(2, '0')}${String(n).padStart(6, '0')}`;
  }

  private idNo(slot: number, n: number): string {
    // A birth date per number (unique per slot for 20,000 customers), a region per slot.
    const d = new Date(Date.UTC(1940, 0, 1) + n * 86_400_000);
    const birth = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    return makeIdNumber(birth, slot * 7, `3101${String(slot).padStart(2, '0')}`);
  }

  /** Half the time one of the first few: edits crowd on the same customers, so concurrent edits happen. */
  private pickCustomer<T>(cs: readonly T[]): T {
    return this.rng.chance(0.5) ? this.rng.pick(cs.slice(0, 4)) : this.rng.pick(cs);
  }

  /** Live customers a node holds, in local insertion order (deterministic for a seed). */
  private liveCustomers(n: SimNode, branchId: string | null): { id: string; manager_id: string | null; branch_id: string }[] {
    const sql = `SELECT id, manager_id, branch_id FROM customers WHERE deleted_at IS NULL AND merged_into IS NULL${branchId ? ' AND branch_id = ?' : ''} ORDER BY seq`;
    return n.db.sqlite.prepare(sql).all(...(branchId ? [branchId] : [])) as { id: string; manager_id: string | null; branch_id: string }[];
  }

  /** Who edits a branch customer: its account manager sometimes, else the manager or operator. */
  private editorAt(n: SimNode, managerId: string | null): string {
    const p = n.name;
    for (const am of ['am1', 'am2']) if (managerId === this.uid(`${p}.${am}`) && this.rng.chance(0.5)) return `${p}.${am}`;
    return this.rng.chance(0.7) ? `${p}.bm` : `${p}.op`;
  }

  // -------------------------------------------------------------------------------------------
  // Actions

  private async createCustomer(n: SimNode, login: string, branchId: string, slot: number, managerId: string | null): Promise<string> {
    const k = this.counter++;
    const input: MethodInput<'customers.create'> = {
      customerNo: this.customerNo(slot, k),
      name: this.rng.pick(NAMES),
      idType: 'resident_id',
      idNo: this.idNo(slot, k),
      branchId,
      ...(managerId !== null ? { managerId } : {}),
      ...(this.rng.chance(0.7) ? { phone: this.rng.pick(PHONES) } : {}),
      ...(this.rng.chance(0.5) ? { address: this.rng.pick(ADDRESSES) } : {}),
      ...(this.rng.chance(0.3) ? { tags: [this.rng.pick(TAGS)] } : {}),
    };
    const c = await this.ok(n, login, 'customers.create', input);
    this.logEdit(n, login, 'customers', c.id, null, null);
    this.note(`${n.name} ${login} customers.create ${c.id}`);
    return c.id;
  }

  private async branchCreate(n: SimNode): Promise<void> {
    const am = this.rng.pick(['am1', 'am2']);
    if (this.rng.chance(0.5)) await this.createCustomer(n, `${n.name}.${am}`, n.orgId, n.slot, null);
    else await this.createCustomer(n, `${n.name}.bm`, n.orgId, n.slot, this.rng.chance(0.8) ? this.uid(`${n.name}.${am}`) : null);
  }

  /** customers.update of 1–4 fields; only the fields whose value changes are logged (no change, no op). */
  private async updateCustomer(n: SimNode, login: string, id: string): Promise<void> {
    const before = this.row(n, 'customers', id)!;
    const fields = this.rng.shuffle([...CUSTOMER_EDITS]).slice(0, this.rng.int(1, 4));
    const patch: Record<string, string | null> = {};
    const values = fields.map((f) => [f, f.gen(this.rng)] as const);
    for (const [f, v] of values) patch[f.key] = v;
    await this.ok(n, login, 'customers.update', { id, version: before.version as number, patch } as MethodInput<'customers.update'>);
    const changed = values.filter(([f, v]) => !same(before[f.col], v));
    for (const [f, v] of changed) this.logEdit(n, login, 'customers', id, f.col, v);
    this.note(`${n.name} ${login} customers.update ${id} ${changed.map(([f]) => f.col).join(',') || '(no change)'}`);
  }

  private async branchUpdate(n: SimNode): Promise<void> {
    const cs = this.liveCustomers(n, n.orgId);
    if (!cs.length) return this.branchCreate(n);
    const c = this.pickCustomer(cs);
    await this.updateCustomer(n, this.editorAt(n, c.manager_id), c.id);
  }

  private async hqUpdate(): Promise<void> {
    const cs = this.liveCustomers(this.hq, null);
    if (!cs.length) return;
    await this.updateCustomer(this.hq, 'hqop', this.pickCustomer(cs).id);
  }

  /** A soft delete, captured (no handler deletes a customer; see the header). */
  private branchDelete(n: SimNode): void {
    const cs = this.liveCustomers(n, n.orgId);
    if (cs.length < 4) return;
    const c = this.rng.pick(cs);
    const login = `${n.name}.bm`;
    const at = n.now().toISOString();
    writeTxSync(n.db, this.uid(login), () => {
      n.db.sqlite.prepare(`UPDATE customers SET deleted_at = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`).run(at, at, this.uid(login), c.id);
    });
    this.logEdit(n, login, 'customers', c.id, 'deleted_at', at);
    this.note(`${n.name} delete customer ${c.id}`);
  }

  private contactValues(): Omit<MethodInput<'customers.contacts.save'>, 'customerId' | 'id'> {
    return {
      kind: this.rng.pick(['contact', 'relative', 'emergency'] as const),
      name: this.rng.pick(CONTACT_NAMES),
      relation: this.rng.chance(0.5) ? this.rng.pick(['配偶', '子女', '父母']) : null,
      phone: this.rng.chance(0.7) ? this.rng.pick(PHONES) : null,
      notes: this.rng.chance(0.5) ? `联系备注 ${this.rng.int(0, 30)}` : null,
      isPrimary: this.rng.chance(0.3),
    };
  }

  private async contactCreate(n: SimNode, login: string, customerId: string): Promise<void> {
    const saved = await this.ok(n, login, 'customers.contacts.save', { customerId, ...this.contactValues() });
    this.logEdit(n, login, 'contacts', saved.id, null, null);
    this.note(`${n.name} ${login} contacts.save new ${saved.id} of ${customerId}`);
  }

  private async contactEdit(n: SimNode, login: string, scopeBranch: string | null): Promise<void> {
    const contacts = n.db.sqlite
      .prepare(
        `SELECT k.id, k.customer_id FROM contacts k JOIN customers c ON c.id = k.customer_id
          WHERE k.deleted_at IS NULL AND c.deleted_at IS NULL AND c.merged_into IS NULL${scopeBranch ? ' AND c.branch_id = ?' : ''} ORDER BY k.rowid`,
      )
      .all(...(scopeBranch ? [scopeBranch] : [])) as { id: string; customer_id: string }[];
    const cs = this.liveCustomers(n, scopeBranch);
    if (!cs.length) return;
    if (!contacts.length || this.rng.chance(0.4)) return this.contactCreate(n, login, this.pickCustomer(cs).id);
    const k = this.pickCustomer(contacts);
    if (this.rng.chance(0.2)) {
      await this.ok(n, login, 'customers.contacts.remove', { id: k.id });
      this.logEdit(n, login, 'contacts', k.id, 'deleted_at', n.now().toISOString());
      this.note(`${n.name} ${login} contacts.remove ${k.id}`);
      return;
    }
    const before = this.row(n, 'contacts', k.id)!;
    const v = this.contactValues();
    await this.ok(n, login, 'customers.contacts.save', { id: k.id, customerId: k.customer_id, ...v });
    const want: Record<string, unknown> = { kind: v.kind, name: v.name, relation: v.relation, phone: v.phone, notes: v.notes, is_primary: v.isPrimary ? 1 : 0 };
    for (const [col, val] of Object.entries(want)) if (!same(before[col], val)) this.logEdit(n, login, 'contacts', k.id, col, val);
    this.note(`${n.name} ${login} contacts.save ${k.id}`);
  }

  private async branchAssign(n: SimNode): Promise<void> {
    const cs = this.liveCustomers(n, n.orgId);
    if (!cs.length) return;
    const c = this.rng.pick(cs);
    const to = this.rng.chance(0.15) ? null : this.uid(`${n.name}.${this.rng.pick(['am1', 'am2'])}`);
    if (to === c.manager_id) return;
    await this.ok(n, `${n.name}.bm`, 'customers.assign', { id: c.id, managerId: to });
    this.logEdit(n, `${n.name}.bm`, 'customers', c.id, 'manager_id', to);
    this.note(`${n.name} assign ${c.id} → ${to}`);
  }

  private async branchTags(n: SimNode): Promise<void> {
    const cs = this.liveCustomers(n, n.orgId);
    if (!cs.length) return;
    const c = this.rng.pick(cs);
    const tags = this.rng.shuffle([...TAGS]).slice(0, this.rng.int(0, 2));
    await this.ok(n, `${n.name}.bm`, 'customers.setTags', { id: c.id, tags });
    this.note(`${n.name} setTags ${c.id} ${tags.join(',')}`);
  }

  /** Four-eyes: compliance asks, the branch manager approves. */
  private async branchMerge(n: SimNode): Promise<void> {
    const cs = this.liveCustomers(n, n.orgId);
    if (cs.length < 6) return;
    const [survivor, loser] = this.rng.shuffle([...cs]).slice(0, 2) as [(typeof cs)[number], (typeof cs)[number]];
    const picks: Record<string, 'survivor' | 'loser'> = {};
    for (const f of MERGE_PICKS) if (this.rng.chance(0.3)) picks[f] = 'loser';
    const s = this.row(n, 'customers', survivor.id)!;
    const l = this.row(n, 'customers', loser.id)!;
    const children = CUSTOMER_CHILD_TABLES.flatMap((t) => (n.db.sqlite.prepare(`SELECT id FROM ${t} WHERE customer_id = ? ORDER BY rowid`).pluck().all(loser.id) as string[]).map((id) => [t, id] as const));
    const req = await this.ok(n, `${n.name}.comp`, 'customers.merge', { survivorId: survivor.id, loserId: loser.id, picks } as MethodInput<'customers.merge'>);
    const pending = (req as unknown as { pendingApprovalId: string }).pendingApprovalId;
    await this.ok(n, `${n.name}.bm`, 'approvals.approve', { id: pending });
    const maker = `${n.name}.comp`;
    const cols: Record<string, string> = { name: 'name', phone: 'phone', phone2: 'phone2', address: 'address', email: 'email', occupation: 'occupation', notes: 'notes', wechat: 'wechat', managerId: 'manager_id' };
    for (const f of Object.keys(picks)) {
      const col = cols[f]!;
      if (!same(s[col], l[col])) this.logEdit(n, maker, 'customers', survivor.id, col, l[col]);
    }
    this.logEdit(n, maker, 'customers', loser.id, 'merged_into', survivor.id);
    for (const [t, id] of children) if (t !== 'customer_tags') this.logEdit(n, maker, t, id, 'customer_id', survivor.id);
    this.note(`${n.name} merge ${loser.id} into ${survivor.id} (${children.length} children)`);
  }

  /** The bulk path of an import: creates in one captured transaction (see the header). */
  private branchImport(n: SimNode): void {
    const login = `${n.name}.op`;
    const author = this.uid(login);
    const count = this.rng.int(2, 8);
    const at = n.now().toISOString();
    const rows = Array.from({ length: count }, () => {
      const k = this.counter++;
      return { id: uuidv7(), no: this.customerNo(n.slot, k), idNo: this.idNo(n.slot, k), name: this.rng.pick(NAMES), phone: this.rng.chance(0.6) ? this.rng.pick(PHONES) : null, manager: this.rng.chance(0.5) ? this.uid(`${n.name}.am2`) : null };
    });
    writeTxSync(n.db, author, () => {
      const ins = n.db.sqlite.prepare(
        `INSERT INTO customers (id, customer_no, name, id_type, id_no, phone, branch_id, manager_id, created_at, updated_at, updated_by) VALUES (?, ?, ?, 'resident_id', ?, ?, ?, ?, ?, ?, ?)`,
      );
      const own = n.db.sqlite.prepare(
        `INSERT INTO customer_ownership (id, customer_id, branch_id, manager_id, valid_from, valid_to, reason, assigned_by, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL, 'import', ?, ?, NULL)`,
      );
      for (const r of rows) {
        ins.run(r.id, r.no, r.name, r.idNo, r.phone, n.orgId, r.manager, at, at, author);
        if (r.manager) own.run(uuidv7(), r.id, n.orgId, r.manager, at, author, at);
      }
    });
    for (const r of rows) this.logEdit(n, login, 'customers', r.id, null, null);
    this.note(`${n.name} import ${count} customers`);
  }

  /** The customer-service user changes their own password at the branch (a user-owned column: last writer wins). */
  private async branchPassword(n: SimNode): Promise<void> {
    const login = `${n.name}.cs`;
    const id = this.uid(login);
    const hash = n.db.sqlite.prepare(`SELECT password_hash FROM users WHERE id = ?`).pluck().get(id) as string;
    const current = this.passwords.get(hash);
    if (!current) return;
    const next = `Branch${String(this.rng.int(0, 9999)).padStart(4, '0')}pw`;
    await this.ok(n, login, 'auth.changePassword', { currentPassword: current, newPassword: next });
    const after = n.db.sqlite.prepare(`SELECT password_hash FROM users WHERE id = ?`).pluck().get(id) as string;
    this.passwords.set(after, next);
    this.logEdit(n, login, 'users', id, 'password_hash', after);
    this.note(`${n.name} ${login} changes own password`);
  }

  private async productCreate(n: SimNode): Promise<void> {
    const k = this.counter++;
    const r = await this.ok(n, 'admin', 'products.save', {
      code: `P${k}`,
      name: `产品${k}`,
      type: this.rng.pick(PRODUCT_TYPES),
      riskLevel: this.rng.pick(['R1', 'R2', 'R3', 'R4', 'R5'] as const),
      status: this.rng.pick(PRODUCT_STATUSES),
    });
    this.logEdit(n, 'admin', 'products', r.product.id, null, null);
    this.note(`hq products.save new ${r.product.id}`);
  }

  /** HQ-owned master data: a new product, or an edit (risk level only downwards: a rise starts a cascade job). */
  private async productEdit(): Promise<void> {
    const products = this.hq.db.sqlite.prepare(`SELECT * FROM products WHERE deleted_at IS NULL ORDER BY rowid`).all() as Record<string, unknown>[];
    if (!products.length || this.rng.chance(0.25)) return this.productCreate(this.hq);
    const p = this.rng.pick(products);
    const login = this.rng.pick(['admin', 'analyst']);
    const lower = this.rng.chance(0.2) && p.risk_level !== 'R1' ? (`R${Number(String(p.risk_level).slice(1)) - 1}` as 'R1' | 'R2' | 'R3' | 'R4') : null;
    const next = {
      name: this.rng.chance(0.6) ? `产品${this.rng.int(0, 50)}` : (p.name as string),
      issuer: this.rng.chance(0.5) ? this.rng.pick(['甲基金', '乙资管', '丙证券']) : ((p.issuer as string | null) ?? null),
      status: this.rng.chance(0.4) ? this.rng.pick(PRODUCT_STATUSES) : (p.status as (typeof PRODUCT_STATUSES)[number]),
      risk_level: lower ?? (p.risk_level as string),
    };
    await this.ok(this.hq, login, 'products.save', {
      id: p.id as string,
      version: p.version as number,
      code: p.code as string,
      name: next.name,
      type: p.type as (typeof PRODUCT_TYPES)[number],
      issuer: next.issuer,
      riskLevel: next.risk_level as 'R1',
      status: next.status,
      ...(lower ? { riskChangeReason: '模拟调整' } : {}),
    } as MethodInput<'products.save'>);
    for (const col of ['name', 'issuer', 'status', 'risk_level'] as const) if (!same(p[col], next[col])) this.logEdit(this.hq, login, 'products', p.id as string, col, next[col]);
    this.note(`hq ${login} products.save ${String(p.id)}`);
  }

  /** HQ moves a customer to another branch: the customer, its child rows and open tasks (captured; see the header). */
  private hqMove(): void {
    const cs = this.liveCustomers(this.hq, null);
    if (!cs.length) return;
    const c = this.rng.pick(cs);
    const to = this.rng.pick(this.branches.filter((b) => b.orgId !== c.branch_id));
    const login = 'admin';
    const author = this.uid(login);
    const at = this.hq.now().toISOString();
    writeTxSync(this.hq.db, author, () => moveCustomers(this.hq.db.sqlite, { ids: [c.id], branchId: to.orgId, managerId: null }, author, at));
    this.logEdit(this.hq, login, 'customers', c.id, 'branch_id', to.orgId);
    if (c.manager_id !== null) this.logEdit(this.hq, login, 'customers', c.id, 'manager_id', null);
    this.note(`hq moves ${c.id} to ${to.name}`);
  }

  private async hqCreate(): Promise<void> {
    const b = this.rng.pick(this.branches);
    await this.createCustomer(this.hq, 'hqop', b.orgId, b.slot, null);
  }

  /** Shared data: HQ adds a user at a branch, or disables/enables one it added, or resets a password. */
  private async hqUsers(): Promise<void> {
    const b = this.rng.pick(this.branches);
    const added = [...this.users.values()].filter((u) => u.login.startsWith('x'));
    const what = this.rng.weighted([
      ['create', added.length < 8 ? 1 : 0],
      ['status', added.length ? 3 : 0],
      ['reset', 1],
    ] as const);
    if (what === 'create') {
      const login = `x${b.slot}u${this.counter++}`;
      const u = await this.ok(this.hq, 'admin', 'users.create', { login, displayName: `新员工${login}`, role: 'account_manager', branchId: b.orgId, password: 'Simulated1pw' });
      this.users.set(login, { id: u.id, login, role: 'account_manager', orgId: b.orgId });
      this.logEdit(this.hq, 'admin', 'users', u.id, null, null);
      this.note(`hq users.create ${login} at ${b.name}`);
    } else if (what === 'status') {
      const u = this.rng.pick(added);
      const cur = this.hq.db.sqlite.prepare(`SELECT status FROM users WHERE id = ?`).pluck().get(u.id) as string;
      const status = cur === 'active' ? 'disabled' : 'active';
      await this.ok(this.hq, 'admin', 'users.setStatus', { userId: u.id, status });
      this.logEdit(this.hq, 'admin', 'users', u.id, 'status', status);
      this.note(`hq users.setStatus ${u.login} ${status}`);
    } else {
      const id = this.uid(`${b.name}.cs`);
      const pw = `Reset${String(this.rng.int(0, 9999)).padStart(4, '0')}pw`;
      await this.ok(this.hq, 'admin', 'users.resetPassword', { userId: id, newPassword: pw });
      const hash = this.hq.db.sqlite.prepare(`SELECT password_hash FROM users WHERE id = ?`).pluck().get(id) as string;
      this.passwords.set(hash, pw);
      this.logEdit(this.hq, 'admin', 'users', id, 'password_hash', hash);
      this.note(`hq users.resetPassword ${b.name}.cs`);
    }
  }

  private async act(): Promise<void> {
    const atHq = this.rng.chance(0.3);
    if (atHq) {
      const what = this.rng.weighted([
        ['hq.update', 10],
        ['hq.contact', 4],
        ['hq.create', 3],
        ['hq.product', 4],
        ['hq.move', 2],
        ['hq.users', 0.6],
      ] as const);
      this.report.actions[what] = (this.report.actions[what] ?? 0) + 1;
      if (what === 'hq.update') await this.hqUpdate();
      else if (what === 'hq.contact') await this.contactEdit(this.hq, 'hqop', null);
      else if (what === 'hq.create') await this.hqCreate();
      else if (what === 'hq.product') await this.productEdit();
      else if (what === 'hq.move') this.hqMove();
      else await this.hqUsers();
      return;
    }
    const n = this.rng.pick(this.branches);
    const what = this.rng.weighted([
      ['branch.create', 8],
      ['branch.update', 22],
      ['branch.contact', 10],
      ['branch.delete', 2],
      ['branch.assign', 3],
      ['branch.tags', 2],
      ['branch.merge', 1.5],
      ['branch.import', 1.5],
      ['branch.password', 0.4],
    ] as const);
    this.report.actions[what] = (this.report.actions[what] ?? 0) + 1;
    if (what === 'branch.create') await this.branchCreate(n);
    else if (what === 'branch.update') await this.branchUpdate(n);
    else if (what === 'branch.contact') await this.contactEdit(n, this.editorAt(n, null), n.orgId);
    else if (what === 'branch.delete') this.branchDelete(n);
    else if (what === 'branch.assign') await this.branchAssign(n);
    else if (what === 'branch.tags') await this.branchTags(n);
    else if (what === 'branch.merge') await this.branchMerge(n);
    else if (what === 'branch.import') this.branchImport(n);
    else await this.branchPassword(n);
  }

  // -------------------------------------------------------------------------------------------
  // Network: per directed link a queue of bundles, lost, duplicated, reordered and delayed.

  private send(from: SimNode, to: SimNode, due: number): void {
    const b = createBundle(from.db.sqlite, to.nodeId, from.now());
    this.report.network.created += 1;
    const carries = b.manifest.link.from <= b.manifest.link.to;
    if (this.rng.chance(0.12)) {
      this.report.network.dropped += 1;
      this.note(`${from.name}→${to.name} bundle ${b.manifest.link.from}..${b.manifest.link.to} ack ${b.manifest.ack} lost`);
      return;
    }
    const copies = this.rng.chance(0.1) ? 2 : 1;
    if (copies === 2) this.report.network.duplicated += 1;
    for (let i = 0; i < copies; i++) this.queue.push({ id: this.parcelIds++, file: b.file, from, to, due: due + this.rng.int(0, 4) });
    if (carries || this.rng.chance(0.1)) this.note(`${from.name}→${to.name} bundle ${b.manifest.link.from}..${b.manifest.link.to} ack ${b.manifest.ack}${copies === 2 ? ' ×2' : ''}`);
  }

  private deliver(p: Parcel): ReceiveResult | 'gap' {
    this.report.network.delivered += 1;
    try {
      const r = receiveBundle(p.to.db, p.file, p.to.now);
      if (r.status === 'duplicate') this.report.network.duplicates += 1;
      else {
        this.report.network.applied += 1;
        for (const k of Object.keys(this.report.apply) as (keyof SimReport['apply'])[]) this.report.apply[k] += r[k];
        this.note(`${p.from.name}→${p.to.name} applied ..${r.linkTo} ack ${r.ack}: ops ${r.ops} rows ${r.rows} applied ${r.applied} stale ${r.stale} conflicts ${r.conflicts} purged ${r.purged} parked ${r.parked}`);
      }
      return r;
    } catch (e) {
      // A gap is refused and covered by the sender's next bundle (it carries everything unacknowledged).
      if (e instanceof SyncRefusal && e.key === 'error.sync.bundle.gap') {
        this.report.network.gaps += 1;
        this.note(`${p.from.name}→${p.to.name} refused: gap ${JSON.stringify(e.params)}`);
        return 'gap';
      }
      if (e instanceof SyncRefusal) this.fail(`${p.from.name}→${p.to.name}: bundle refused: ${e.key} ${JSON.stringify(e.params)}`);
      throw e;
    }
  }

  private network(): void {
    for (const b of this.branches) {
      const off = this.offlineUntil.get(b.name) ?? -1;
      if (off >= this.step) continue;
      if (this.rng.chance(0.01)) {
        const until = this.step + this.rng.int(5, 40);
        this.offlineUntil.set(b.name, until);
        this.note(`${b.name} offline until step ${until}`);
        continue;
      }
      if (this.rng.chance(0.25)) this.send(b, this.hq, this.step);
      if (this.rng.chance(0.25)) this.send(this.hq, b, this.step);
    }
    const due = this.rng.shuffle(this.queue.filter((p) => p.due <= this.step && (this.offlineUntil.get(p.from.slot === 0 ? p.to.name : p.from.name) ?? -1) < this.step));
    for (const p of due) {
      this.queue.splice(this.queue.indexOf(p), 1);
      this.deliver(p);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Run

  /** Play every step, check everything; the report. */
  async run(): Promise<SimReport> {
    await this.play();
    this.verify();
    return this.report;
  }

  /** The steps, then quiesce; no checks yet (a test may plant a fault in between). */
  async play(): Promise<void> {
    try {
      for (this.step = 1; this.step <= this.opts.steps; this.step++) {
        this.T += this.rng.int(1, 20) * 60_000;
        for (const n of [this.hq, ...this.branches]) {
          // Clocks drift; now and then one is set anew (by hand, by hours), within ±3 h of true time.
          if (this.rng.chance(0.003)) {
            n.clock.skew = this.rng.int(-MAX_SKEW, MAX_SKEW);
            this.note(`${n.name}'s clock set to ${(n.clock.skew / HOUR).toFixed(2)} h off`);
          } else n.clock.skew = Math.max(-MAX_SKEW, Math.min(MAX_SKEW, n.clock.skew + this.rng.int(-30_000, 30_000)));
        }
        const actions = this.rng.int(1, 3);
        for (let i = 0; i < actions; i++) {
          this.T += this.rng.int(1, 120) * 1000;
          await this.act();
        }
        this.network();
        if (this.opts.log && this.step % 100 === 0) this.opts.log(`step ${this.step}/${this.opts.steps}: ${this.report.network.applied} bundles applied`);
      }
    } catch (e) {
      throw new SimulationFailure(this.opts.seed, this.step, e instanceof Error ? (e.stack ?? e.message) : String(e), this.trace);
    }
    try {
      this.quiesce();
    } catch (e) {
      throw new SimulationFailure(this.opts.seed, 'quiesce', e instanceof Error ? (e.stack ?? e.message) : String(e), this.trace);
    }
  }

  /** The five checks (below), as a SimulationFailure naming the seed. */
  verify(): void {
    try {
      this.check();
    } catch (e) {
      throw new SimulationFailure(this.opts.seed, 'final', e instanceof Error ? (e.stack ?? e.message) : String(e), this.trace);
    }
    this.report.seconds = (performance.now() - this.started) / 1000;
  }

  /** Each node's database, by name (`hq`, `b1` …): for a test that plants a fault. */
  databases(): Map<string, Db> {
    return new Map([this.hq, ...this.branches].map((n) => [n.name, n.db]));
  }

  /** The org unit a node serves. */
  orgOf(name: string): string {
    const n = [this.hq, ...this.branches].find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n.orgId;
  }

  /** Exchange until nothing is pending either way (HQ relaying), then once more for the acknowledgements. */
  private quiesce(): void {
    this.queue.length = 0;
    this.offlineUntil.clear();
    for (let round = 1; round <= 30; round++) {
      this.T += 10 * 60_000;
      this.report.network.quiesceRounds = round;
      let carried = false;
      const pass = (from: SimNode, to: SimNode) => {
        const b = createBundle(from.db.sqlite, to.nodeId, from.now());
        if (b.manifest.link.from <= b.manifest.link.to) carried = true;
        const r = this.deliver({ id: this.parcelIds++, file: b.file, from, to, due: 0 });
        if (r === 'gap') this.fail(`quiesce: ${from.name}→${to.name} refused as a gap`);
      };
      for (const b of this.branches) pass(b, this.hq);
      for (const b of this.branches) pass(this.hq, b);
      if (!carried) return;
    }
    this.fail('the network did not quiesce in 30 rounds');
  }

  // -------------------------------------------------------------------------------------------
  // Checks

  private check(): void {
    this.checkRoutesDelivered();
    this.checkHoldings();
    const ops = this.checkOpsUnion();
    this.checkConcurrentLosers(ops);
    this.checkOracle(ops);
  }

  /** 1. Every link delivered: each side's out_acked equals its out_seq, and the receiver applied all of it. */
  private checkRoutesDelivered(): void {
    const link = (n: SimNode, peer: SimNode) =>
      n.db.sqlite.prepare(`SELECT out_seq, out_acked, in_applied FROM sync_links WHERE peer_id = ?`).get(peer.nodeId) as { out_seq: number; out_acked: number; in_applied: number };
    for (const b of this.branches) {
      const up = link(b, this.hq);
      const down = link(this.hq, b);
      if (up.out_acked !== up.out_seq || down.in_applied !== up.out_seq) this.fail(`route ${b.name}→hq not delivered: out_seq ${up.out_seq}, acked ${up.out_acked}, HQ applied ${down.in_applied}`);
      if (down.out_acked !== down.out_seq || up.in_applied !== down.out_seq) this.fail(`route hq→${b.name} not delivered: out_seq ${down.out_seq}, acked ${down.out_acked}, ${b.name} applied ${up.in_applied}`);
      const parked = b.db.sqlite.prepare(`SELECT count(*) FROM sync_parked`).pluck().get() as number;
      if (parked) this.fail(`${b.name} holds ${parked} parked ops`);
    }
    const parked = this.hq.db.sqlite.prepare(`SELECT count(*) FROM sync_parked`).pluck().get() as number;
    if (parked) this.fail(`hq holds ${parked} parked ops`);
  }

  /**
   * 2 and 3. A branch holds exactly HQ's rows owned by it or by HQ (its customers with their
   * child rows, and master data), no other branch's; and each of those rows equals HQ's
   * in every captured column.
   */
  private checkHoldings(): void {
    for (const t of SYNCED_TABLES) {
      const cols = ['id', ...t.columns];
      const sql = `SELECT id, branch_id, json_array(${cols.join(', ')}) AS v FROM ${t.table}`;
      const hqRows = new Map((this.hq.db.sqlite.prepare(sql).all() as { id: string; branch_id: string; v: string }[]).map((r) => [r.id, r]));
      for (const b of this.branches) {
        const mine = new Map((b.db.sqlite.prepare(sql).all() as { id: string; branch_id: string; v: string }[]).map((r) => [r.id, r]));
        for (const [id, r] of mine) {
          const h = hqRows.get(id);
          if (!h) this.fail(`${b.name} holds ${t.table} ${id}, which HQ does not`);
          if (h.branch_id !== b.orgId && h.branch_id !== this.hq.orgId) this.fail(`${b.name} holds ${t.table} ${id} of another branch (${this.orgName(h.branch_id)}; its copy says ${this.orgName(r.branch_id)})`);
          if (h.v !== r.v) {
            const a = JSON.parse(h.v) as unknown[];
            const c = JSON.parse(r.v) as unknown[];
            const diff = cols.filter((_, i) => !same(a[i], c[i])).map((col) => `${col}: hq ${show(a[cols.indexOf(col)])} vs ${show(c[cols.indexOf(col)])}`);
            this.fail(`${b.name}'s ${t.table} ${id} differs from HQ's: ${diff.join('; ')}`);
          }
          this.report.rowsCompared += 1;
        }
        for (const [id, h] of hqRows) {
          if ((h.branch_id === b.orgId || h.branch_id === this.hq.orgId) && !mine.has(id)) this.fail(`${b.name} lacks ${t.table} ${id} (owned by ${this.orgName(h.branch_id)})`);
        }
      }
    }
  }

  private orgName(id: string): string {
    if (id === this.hq.orgId) return 'hq';
    return this.branches.find((b) => b.orgId === id)?.name ?? id;
  }

  /** Every op any node holds is at HQ (HQ receives everything); returns HQ's log. */
  private checkOpsUnion(): OpRow[] {
    const sql = `SELECT origin, origin_seq, tbl, row_id, kind, col, value, hlc, base_hlc, author FROM sync_ops ORDER BY hlc`;
    const ops = this.hq.db.sqlite.prepare(sql).all() as OpRow[];
    const keys = new Set(ops.map((o) => `${o.origin}/${o.origin_seq}`));
    for (const b of this.branches) {
      for (const o of b.db.sqlite.prepare(`SELECT origin, origin_seq FROM sync_ops`).all() as { origin: string; origin_seq: number }[]) {
        if (!keys.has(`${o.origin}/${o.origin_seq}`)) this.fail(`${b.name} holds op ${o.origin}/${o.origin_seq}, which HQ does not`);
      }
    }
    this.report.ops = ops.length;
    // HQ's moves are the administrator's; a re-homing carries the author of the edit that crossed the move.
    const childTables = new Set<string>(CUSTOMER_CHILD_TABLES);
    this.report.rehomed = ops.filter((o) => o.origin === this.hq.nodeId && o.col === 'branch_id' && childTables.has(o.tbl) && o.author !== this.uid('admin')).length;
    return ops;
  }

  /**
   * 4. Every concurrent loser is in an inbox.
   *
   * Edits of one cell (update or delete ops on the same table, row and column), in HLC order.
   * Two edits x < y are **concurrent** when y's author had not seen x: y.base_hlc (the clock
   * of the value y overwrote on its node) is older than x.hlc, or absent. (Had y's node held
   * x, or any later value of the cell, y's base would be ≥ x.hlc.) Last writer wins, so x
   * lost to y without either author knowing, and x must be in a conflict inbox
   * (`sync_conflicts.loser_hlc`): in HQ's, which applies every edit — unless:
   * * x's line went on: some edit z was based on x itself (z.base_hlc = x.hlc), i.e. a person
   *   who saw x's value changed it knowingly; the line's last edit is judged in x's place;
   * * nothing of x is lost: y has x's value, or another edit with x's value is the cell's
   *   final one or is itself in an inbox (an equal value is never a conflict);
   * * the cell is HQ-owned: HQ's value stands by rule; a branch's edit is refused, not a loser.
   */
  private checkConcurrentLosers(ops: readonly OpRow[]): void {
    // HQ's inbox alone: HQ applies every edit (and never purges a row), so it must hold them all.
    const losers = new Set<string>();
    for (const c of this.hq.db.sqlite.prepare(`SELECT tbl, row_id, col, loser_hlc FROM sync_conflicts`).all() as { tbl: string; row_id: string; col: string; loser_hlc: string }[]) {
      losers.add(`${c.tbl}/${c.row_id}/${c.col}/${c.loser_hlc}`);
    }
    this.report.conflicts = this.hq.db.sqlite.prepare(`SELECT count(*) FROM sync_conflicts`).pluck().get() as number;
    const cells = new Map<string, OpRow[]>();
    for (const o of ops) {
      if (o.kind === 'insert' || o.col === null || isHqOwned(o.tbl, o.col)) continue;
      const k = `${o.tbl}/${o.row_id}/${o.col}`;
      let list = cells.get(k);
      if (!list) cells.set(k, (list = []));
      list.push(o);
    }
    for (const [cell, list] of cells) {
      // `list` is in HLC order (the log was read ORDER BY hlc).
      const continued = new Set(list.map((o) => o.base_hlc));
      const final = list[list.length - 1]!;
      for (let i = 0; i < list.length - 1; i++) {
        const x = list[i]!;
        if (continued.has(x.hlc)) continue;
        const y = list.slice(i + 1).find((o) => (o.base_hlc ?? '') < x.hlc && o.value !== x.value);
        if (!y) continue;
        this.report.concurrentPairs += 1;
        if (losers.has(`${cell}/${x.hlc}`)) continue;
        const kept = list.some((o) => o !== x && o.value === x.value && (o === final || losers.has(`${cell}/${o.hlc}`)));
        if (!kept) {
          this.fail(`concurrent edits of ${cell}: ${x.origin}/${x.origin_seq} (${x.hlc}, ${x.value}) lost to ${y.origin}/${y.origin_seq} (${y.hlc} based on ${y.base_hlc}, ${y.value}), and no inbox holds the loser`);
        }
      }
    }
  }

  /**
   * 5. No edit lost. Each cell's value at HQ (and so, by check 3, at every branch holding it)
   * is the value of the op with the highest HLC among all ops on that cell (an insert sets
   * every cell of its row); for HQ-owned cells, among HQ's own ops. And every edit the harness
   * made through a successful action has its op, by its node and author, in HQ's log.
   */
  private checkOracle(ops: readonly OpRow[]): void {
    const winners = new Map<string, { hlc: string; value: unknown; op: OpRow }>();
    const offer = (tbl: string, row: string, col: string, hlc: string, value: unknown, op: OpRow) => {
      if (isHqOwned(tbl, col) && op.origin !== this.hq.nodeId) return;
      const k = `${tbl}/${row}/${col}`;
      const w = winners.get(k);
      if (!w || hlc > w.hlc) winners.set(k, { hlc, value, op });
    };
    for (const o of ops) {
      if (o.kind === 'insert') {
        const image = JSON.parse(o.value ?? '{}') as Record<string, unknown>;
        for (const [col, v] of Object.entries(image)) if (col !== 'id') offer(o.tbl, o.row_id, col, o.hlc, v, o);
      } else if (o.col !== null) offer(o.tbl, o.row_id, o.col, o.hlc, o.value === null ? null : (JSON.parse(o.value) as unknown), o);
    }
    const rows = new Map<string, Map<string, Record<string, unknown>>>();
    const rowOf = (tbl: string, id: string) => {
      let m = rows.get(tbl);
      if (!m) rows.set(tbl, (m = new Map((this.hq.db.sqlite.prepare(`SELECT * FROM ${tbl}`).all() as Record<string, unknown>[]).map((r) => [r.id as string, r]))));
      return m.get(id);
    };
    for (const [k, w] of winners) {
      const [tbl, row, col] = k.split('/') as [string, string, string];
      const r = rowOf(tbl, row);
      if (!r) this.fail(`HQ lacks ${tbl} ${row}, which ops name`);
      if (!same(r[col], w.value)) this.fail(`${k} at HQ is ${show(r[col])}, but the newest op (${w.op.origin}/${w.op.origin_seq} ${w.hlc}) wrote ${show(w.value)}`);
      this.report.cellsChecked += 1;
    }
    const byKey = new Map<string, OpRow[]>();
    for (const o of ops) {
      const k = `${o.origin}/${o.tbl}/${o.row_id}/${o.kind === 'insert' ? '' : o.col}`;
      let l = byKey.get(k);
      if (!l) byKey.set(k, (l = []));
      l.push(o);
    }
    for (const e of this.edits) {
      const candidates = byKey.get(`${e.origin}/${e.tbl}/${e.row}/${e.col ?? ''}`) ?? [];
      const found = candidates.some((o) => o.author === e.author && (e.col === null ? o.kind === 'insert' : same(o.value === null ? null : (JSON.parse(o.value) as unknown), e.value)));
      if (!found) this.fail(`the edit of step ${e.step} at ${e.node} (${e.tbl} ${e.row} ${e.col ?? 'insert'} = ${show(e.value)}) has no op in HQ's log`);
    }
    this.report.loggedEdits = this.edits.length;
  }
}

/** Set up, run `steps` steps, quiesce, check; always cleans up. Throws SimulationFailure naming seed and step. */
export async function runSimulation(opts: SimOptions): Promise<SimReport> {
  const sim = await Simulation.create(opts);
  try {
    return await sim.run();
  } finally {
    sim.close();
  }
}
