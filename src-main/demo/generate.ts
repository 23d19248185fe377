import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, type Db } from '../db/open';
import { writeTxSync } from '../db/tx';
import { hashPassword } from '../auth/password';
import { deferSearchStructures } from './bulk-load';
import { seedSuitabilityDemo } from '../suitability/demo-seed';
import type { Role } from '../../src-shared/auth/roles';
import type { SettingsDto } from '../../src-shared/settings/settings.contract';
import { LONG_TERM_EXPIRY } from '../../src-shared/customers/customer-fields';
import {
  REGION_CODES,
  Weighted,
  birthDay,
  civilFromDays,
  companyName,
  dateOfDay,
  emailAddress,
  isoAt,
  makeRng,
  normal,
  passportNo,
  permitNo,
  personName,
  pick,
  PhoneSource,
  ResidentIdSource,
  randInt,
  streetAddress,
  uscc,
  type RegionGroup,
  type Rng,
  type Sex,
} from './demo-data';

export type DemoLogin = { login: string; role: string; branchCode: string; branchName: string; displayName: string };
export type DemoInfo = { password: string; logins: DemoLogin[]; customers: number; seconds: number };

export type DemoOptions = {
  file: string;
  key: string;
  customers: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** The clock the ids and dates are drawn from (default: now); fix it to reproduce a file exactly. */
  now?: number;
};

/** One password for every demo login: meets the policy (10+ characters, letters and digits). */
export const DEMO_PASSWORD = 'Demo2026desk';

// ---------------------------------------------------------------------------------------------
// The organisation: HQ and three branches, with readable logins per role.

type BranchPlan = {
  code: string;
  name: string;
  prefix: string; // login prefix
  noPrefix: string; // customer-number prefix
  region: RegionGroup;
  share: number; // share of customers
  teams: string[];
  people: { suffix: string; role: Role; name: string; team?: number }[];
};

const HQ = {
  code: 'HQ',
  name: '总部',
  people: [
    { login: 'admin', role: 'admin' as Role, name: '高建国' },
    { login: 'analyst', role: 'hq_analyst' as Role, name: '林晓雯' },
    { login: 'hq.compliance', role: 'compliance' as Role, name: '郑志明' },
  ],
};

const BRANCHES: BranchPlan[] = [
  {
    code: 'SH01',
    name: '上海浦东营业部',
    prefix: 'sh',
    noPrefix: '3101',
    region: 'shanghai',
    share: 0.4,
    teams: ['财富管理一部', '财富管理二部'],
    people: [
      { suffix: 'manager', role: 'branch_manager', name: '陆文博' },
      { suffix: 'am1', role: 'account_manager', name: '沈佳怡', team: 0 },
      { suffix: 'am2', role: 'account_manager', name: '顾俊杰', team: 1 },
      { suffix: 'service', role: 'customer_service', name: '朱丽华' },
      { suffix: 'compliance', role: 'compliance', name: '徐立新' },
      { suffix: 'operator', role: 'operator', name: '钱晓东' },
    ],
  },
  {
    code: 'BJ01',
    name: '北京金融街营业部',
    prefix: 'bj',
    noPrefix: '1101',
    region: 'beijing',
    share: 0.35,
    teams: ['机构业务部', '零售业务部'],
    people: [
      { suffix: 'manager', role: 'branch_manager', name: '王建华' },
      { suffix: 'am1', role: 'account_manager', name: '赵雨桐', team: 0 },
      { suffix: 'am2', role: 'account_manager', name: '孙浩然', team: 1 },
      { suffix: 'service', role: 'customer_service', name: '刘秀英' },
      { suffix: 'compliance', role: 'compliance', name: '马卫东' },
      { suffix: 'operator', role: 'operator', name: '杨海涛' },
    ],
  },
  {
    code: 'SZ01',
    name: '深圳福田营业部',
    prefix: 'sz',
    noPrefix: '4403',
    region: 'shenzhen',
    share: 0.25,
    teams: ['财富管理部'],
    people: [
      { suffix: 'manager', role: 'branch_manager', name: '黄志强' },
      { suffix: 'am1', role: 'account_manager', name: '陈欣然', team: 0 },
      { suffix: 'am2', role: 'account_manager', name: '林家豪', team: 0 },
      { suffix: 'service', role: 'customer_service', name: '吴婉婷' },
      { suffix: 'compliance', role: 'compliance', name: '梁国强' },
      { suffix: 'operator', role: 'operator', name: '邓春燕' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Ids: UUIDv7 drawn from the seeded generator, so a seed reproduces the whole file's content.

// Hex by byte lookup: Number#toString(16) on large numbers is slow, and the demo makes a million ids.
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const byte = (rng: Rng) => HEX2[(rng() * 256) | 0]!;
/** A UUIDv7 for a millisecond timestamp; ids made in order sort in order (the unique index appends). */
export function uuidv7At(ms: number, rng: Rng): string {
  const t = Math.floor(ms);
  const hi = Math.floor(t / 4294967296); // top 16 of the 48 bits
  const lo = t >>> 0;
  const ts = HEX2[(hi >>> 8) & 255]! + HEX2[hi & 255]! + HEX2[lo >>> 24]! + HEX2[(lo >>> 16) & 255]! + HEX2[(lo >>> 8) & 255]! + HEX2[lo & 255]!;
  const verA = `7${HEX2[(rng() * 16) | 0]!.slice(1)}${byte(rng)}`;
  const varB = `${'89ab'[(rng() * 4) | 0]!}${HEX2[(rng() * 16) | 0]!.slice(1)}${byte(rng)}`;
  return `${ts.slice(0, 8)}-${ts.slice(8)}-${verA}-${varB}-${byte(rng)}${byte(rng)}${byte(rng)}${byte(rng)}${byte(rng)}${byte(rng)}`;
}

// ---------------------------------------------------------------------------------------------
// Customers.

export type Thresholds = SettingsDto['levelThresholdsFen'];
export type Level = 'normal' | 'silver' | 'gold' | 'platinum' | 'diamond';

export function levelFor(assetsFen: number, t: Thresholds): Level {
  if (assetsFen >= t.diamond) return 'diamond';
  if (assetsFen >= t.platinum) return 'platinum';
  if (assetsFen >= t.gold) return 'gold';
  if (assetsFen >= t.silver) return 'silver';
  return 'normal';
}

/** What the customer generator needs to know of a branch. */
export type BranchTarget = {
  id: string;
  noPrefix: string;
  region: RegionGroup;
  share: number;
  managers: readonly string[];
  /** Who recorded the opening handovers (the branch manager); a placeholder when absent. */
  branchManager?: string;
};

/**
 * The columns of one customers row, in CUSTOMER_COLUMNS order, as a positional tuple: the
 * insert loop passes it straight to a prepared statement.
 */
export type CustomerRow = [
  id: string,
  customerNo: string,
  name: string,
  idType: 'resident_id' | 'passport' | 'hk_mo_tw_permit' | 'uscc',
  idNo: string,
  phone: string | null,
  branchId: string,
  managerId: string | null,
  level: Level,
  status: 'active' | 'dormant' | 'closed',
  assetsFen: number,
  createdAt: string,
  updatedAt: string,
  kind: 'individual' | 'institution',
  gender: 'M' | 'F' | null,
  birthDate: string | null,
  idExpiry: string | null,
  openDate: string | null,
  riskLevel: 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | null,
  riskLowest: 0 | 1,
  riskAssessedAt: string | null,
  riskExpiresAt: string | null,
  investorCategory: 'ordinary' | 'professional',
  investExperience: string | null,
  investHorizon: string | null,
  preferredVarieties: string | null,
  lastContactAt: string | null,
  address: string | null,
  email: string | null,
];
export const CUSTOMER_COLUMNS = [
  'id', 'customer_no', 'name', 'id_type', 'id_no', 'phone', 'branch_id', 'manager_id', 'level', 'status', 'assets_fen', 'created_at', 'updated_at',
  'kind', 'gender', 'birth_date', 'id_expiry', 'open_date', 'risk_level', 'risk_lowest', 'risk_assessed_at', 'risk_expires_at', 'investor_category',
  'invest_experience', 'invest_horizon', 'preferred_varieties', 'last_contact_at', 'address', 'email',
] as const;

const ID_KIND = new Weighted([
  ['person', 0.984],
  ['institution', 0.01],
  ['passport', 0.004],
  ['permit', 0.002],
] as const);
const STATUS = new Weighted([
  ['active', 0.85],
  ['dormant', 0.11],
  ['closed', 0.04],
] as const);
const RISK = new Weighted([
  ['C1', 0.12],
  ['C2', 0.2],
  ['C3', 0.35],
  ['C4', 0.23],
  ['C5', 0.1],
] as const);
const EXPERIENCE = ['none', 'lt1y', '1to3y', '3to5y', 'gt5y'] as const;
const HORIZONS = ['short', 'medium', 'long'] as const;
const VARIETY_CODES = ['stock', 'fund', 'bond', 'wealth', 'income_cert', 'derivative', 'margin'] as const;
const REGION_HOME_SHARE = 0.7;
// Assets: log-normal, median ¥30,000, so most accounts are small and a few are very large.
const LN_MEDIAN_FEN = Math.log(3_000_000);
const LN_SIGMA = 1.9;
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;
/** A risk assessment is valid for two years (the default setting). */
const RISK_VALID_DAYS = 730;
const ELDERLY_YEARS = 70;

/**
 * A generator of customer rows, deterministic for its seed. `ids` is called with the row's
 * index so the caller decides the id clock (creation order). Phones are unique across the run.
 *
 * Shares, so the list's filters have something to find: ~1% institutions (USCC, professional,
 * no C-grade), gender and birth date read from the resident ID, ~9% of ID documents expired
 * and most older people's long-term (9999-12-31), risk levels C1–C5 for ~98% of individuals
 * with about a third of assessments past their two years and ~1% lowest-risk C1, a few open
 * dates unknown (migrated), last contact for ~85%, address for ~40%, e-mail for ~25%.
 */
export function makeCustomerSource(opts: { seed: number; branches: readonly BranchTarget[]; thresholds: Thresholds; now: number }) {
  const rng = makeRng(opts.seed);
  const idRng = makeRng(opts.seed ^ 0x5bd1e995);
  const branchPick = new Weighted(opts.branches.map((b, i) => [i, b.share] as const));
  const perBranch = new Uint32Array(opts.branches.length);
  const phones = new PhoneSource(rng);
  const residentIds = new ResidentIdSource(rng);
  // Accounts opened over the last twelve years, in customer order (older customers first).
  const openedFrom = opts.now - 12 * 365 * DAY_MS;
  const idClock = opts.now;
  const today = Math.floor((opts.now + SHANGHAI_MS) / DAY_MS);
  const todayYear = civilFromDays(today).y;
  const regionOf = new Map<string, RegionGroup>(opts.branches.map((b) => [b.id, b.region]));

  return function next(i: number, total: number): CustomerRow {
    const bi = branchPick.draw(rng);
    const b = opts.branches[bi]!;
    perBranch[bi]! += 1;
    const customerNo = `${b.noPrefix}${String(perBranch[bi]!).padStart(8, '0')}`;
    const region = rng() < REGION_HOME_SHARE ? pick(rng, REGION_CODES[b.region]) : pick(rng, REGION_CODES.other);
    const idKind = ID_KIND.draw(rng);
    let name: string;
    let idType: CustomerRow[3];
    let idNo: string;
    let gender: 'M' | 'F' | null = null;
    let birthDate: string | null = null;
    let idExpiry: string;
    if (idKind === 'institution') {
      name = companyName(rng);
      idType = 'uscc';
      idNo = uscc(rng, region);
      // Most business licences run without end (长期).
      idExpiry = rng() < 0.85 ? LONG_TERM_EXPIRY : dateOfDay(today + randInt(rng, -365, 20 * 365));
    } else {
      const sex: Sex = rng() < 0.5 ? 'M' : 'F';
      gender = sex;
      name = personName(rng, sex);
      if (idKind === 'person') {
        idType = 'resident_id';
        idNo = residentIds.next(region, sex);
        birthDate = `${idNo.slice(6, 10)}-${idNo.slice(10, 12)}-${idNo.slice(12, 14)}`;
        // From 46 a resident ID is issued long-term; younger people's run 5–20 years, some lapsed.
        const age = todayYear - Number(idNo.slice(6, 10));
        idExpiry = age >= 46 && rng() < 0.7 ? LONG_TERM_EXPIRY : dateOfDay(today + randInt(rng, -2 * 365, 18 * 365));
      } else {
        birthDate = dateOfDay(birthDay(rng));
        if (idKind === 'passport') {
          idType = 'passport';
          idNo = passportNo(rng);
          idExpiry = dateOfDay(today + randInt(rng, -365, 9 * 365));
        } else {
          idType = 'hk_mo_tw_permit';
          idNo = permitNo(rng);
          idExpiry = dateOfDay(today + randInt(rng, -365, 4 * 365));
        }
      }
    }
    const individual = idKind !== 'institution';
    // A few customers gave no mobile number; every number given is unique.
    const phone = rng() < 0.02 ? null : phones.next();
    const managerId = rng() < 0.03 || b.managers.length === 0 ? null : pick(rng, b.managers);
    const status = STATUS.draw(rng);
    const assetsFen = status === 'closed' ? 0 : Math.round(Math.exp(LN_MEDIAN_FEN + LN_SIGMA * normal(rng)));
    const opened = openedFrom + ((opts.now - openedFrom) * (i + rng())) / Math.max(total, 1);
    const createdAt = isoAt(opened);
    const openDay = Math.floor((opened + SHANGHAI_MS) / DAY_MS);
    // Customers migrated from an older system came without an opening date.
    const openDate = rng() < 0.005 ? null : dateOfDay(openDay);

    // Suitability: institutions and a few wealthy individuals are professional investors (not graded).
    const professional = !individual || (assetsFen >= 500_000_000 && rng() < 0.3);
    let riskLevel: CustomerRow[18] = null;
    let riskLowest: 0 | 1 = 0;
    let riskAssessedAt: string | null = null;
    let riskExpiresAt: string | null = null;
    if (!professional && rng() < 0.98) {
      riskLevel = RISK.draw(rng);
      riskLowest = riskLevel === 'C1' && rng() < 0.08 ? 1 : 0;
      const assessed = Math.max(openDay, today - randInt(rng, 0, 3 * 365));
      riskAssessedAt = dateOfDay(assessed);
      riskExpiresAt = dateOfDay(assessed + RISK_VALID_DAYS);
    }
    let investExperience: string | null = null;
    let investHorizon: string | null = null;
    let preferredVarieties: string | null = null;
    if (individual && rng() < 0.7) {
      investExperience = pick(rng, EXPERIENCE);
      investHorizon = pick(rng, HORIZONS);
      const n = randInt(rng, 1, 3);
      const chosen = new Set<string>();
      for (let k = 0; k < n; k++) chosen.add(pick(rng, VARIETY_CODES));
      preferredVarieties = JSON.stringify(VARIETY_CODES.filter((v) => chosen.has(v)));
    }
    // Last contact: most customers, more often recently; never before the account was opened.
    const lastContactAt = rng() < 0.85 ? isoAt(Math.max(opened, opts.now - Math.floor(rng() * rng() * 730 * DAY_MS))) : null;
    const address = rng() < 0.4 ? streetAddress(rng, regionOf.get(b.id) ?? 'other') : null;
    const email = rng() < 0.25 ? emailAddress(rng) : null;
    const id = uuidv7At(idClock - total + i, idRng);
    return [
      id, customerNo, name, idType, idNo, phone, b.id, managerId, levelFor(assetsFen, opts.thresholds), status, assetsFen, createdAt, createdAt,
      individual ? 'individual' : 'institution', gender, birthDate, idExpiry, openDate, riskLevel, riskLowest, riskAssessedAt, riskExpiresAt,
      professional ? 'professional' : 'ordinary', investExperience, investHorizon, preferredVarieties, lastContactAt, address, email,
    ];
  };
}

// ---------------------------------------------------------------------------------------------
// Child rows: capital accounts, the opening handover, tags.

export type AccountRow = [id: string, customerId: string, branchId: string, accountNo: string, type: 'normal' | 'margin' | 'options', status: 'active' | 'frozen' | 'closed', openedAt: string | null, createdAt: string, updatedAt: string];
export const ACCOUNT_COLUMNS = ['id', 'customer_id', 'branch_id', 'account_no', 'type', 'status', 'opened_at', 'created_at', 'updated_at'] as const;
export type OwnershipRow = [id: string, customerId: string, branchId: string, managerId: string, validFrom: string, reason: 'open', assignedBy: string, createdAt: string];
export const OWNERSHIP_COLUMNS = ['id', 'customer_id', 'branch_id', 'manager_id', 'valid_from', 'reason', 'assigned_by', 'created_at'] as const;
export type TagRow = [id: string, customerId: string, branchId: string, tag: string, createdAt: string];
export const TAG_COLUMNS = ['id', 'customer_id', 'branch_id', 'tag', 'created_at'] as const;
export type ChildRows = { accounts: AccountRow[]; ownership: OwnershipRow | null; tags: TagRow[] };

/** The demo's tags, each given to the customers it describes. */
export const DEMO_TAGS = ['高净值', '新开户', '两融意向', '养老规划', '休眠唤醒'] as const;

/**
 * Children of one customer, deterministic for the seed: a normal capital account for everyone
 * (account number = type digit + customer number, so numbers are unique), a margin account for
 * ~8% and options for ~3% of active individuals; an 'open' ownership row when the customer has
 * a manager; tags for about one customer in six.
 */
export function makeChildSource(opts: { seed: number; branches: readonly BranchTarget[]; now: number }) {
  const rng = makeRng(opts.seed ^ 0x27d4eb2f);
  const idRng = makeRng(opts.seed ^ 0x165667b1);
  const assigner = new Map(opts.branches.map((b) => [b.id, b.branchManager ?? 'demo']));
  const today = Math.floor((opts.now + SHANGHAI_MS) / DAY_MS);
  const recent = dateOfDay(today - 180);
  const elderlyFrom = civilFromDays(today).y - ELDERLY_YEARS;

  return function children(c: CustomerRow, i: number, total: number): ChildRows {
    const [customerId, customerNo, , , , , branchId, managerId, level, status, assetsFen, createdAt, , kind, , birthDate, , openDate] = c;
    const clock = opts.now - total + i;
    const newId = () => uuidv7At(clock, idRng);
    const opened = openDate ?? createdAt.slice(0, 10);
    const accounts: AccountRow[] = [[newId(), customerId, branchId, `6${customerNo}`, 'normal', status === 'closed' ? 'closed' : 'active', opened, createdAt, createdAt]];
    if (kind === 'individual' && status === 'active') {
      if (rng() < 0.08) accounts.push([newId(), customerId, branchId, `8${customerNo}`, 'margin', rng() < 0.03 ? 'frozen' : 'active', opened, createdAt, createdAt]);
      if (rng() < 0.03) accounts.push([newId(), customerId, branchId, `9${customerNo}`, 'options', 'active', opened, createdAt, createdAt]);
    }
    const ownership: OwnershipRow | null = managerId === null ? null : [newId(), customerId, branchId, managerId, opened, 'open', assigner.get(branchId) ?? 'demo', createdAt];
    const tags: TagRow[] = [];
    const tag = (t: string) => tags.push([newId(), customerId, branchId, t, createdAt]);
    if (level === 'platinum' || level === 'diamond') tag('高净值');
    if (opened >= recent) tag('新开户');
    if (status === 'active' && assetsFen >= 10_000_000 && rng() < 0.08) tag('两融意向');
    const birthYear = birthDate === null ? 0 : Number(birthDate.slice(0, 4));
    if (birthYear > elderlyFrom && birthYear <= elderlyFrom + 20 && rng() < 0.2) tag('养老规划');
    if (status === 'dormant' && rng() < 0.3) tag('休眠唤醒');
    return { accounts, ownership, tags };
  };
}

// ---------------------------------------------------------------------------------------------
// The database.

const BATCH = 20_000;

function readThresholds(db: Db): Thresholds {
  const v = db.sqlite.prepare(`SELECT value FROM settings WHERE key = 'levelThresholdsFen'`).pluck().get() as string | undefined;
  if (!v) throw new Error('settings.levelThresholdsFen is missing');
  return JSON.parse(v) as Thresholds;
}

type OrgIds = { hq: string; branches: { plan: BranchPlan; id: string; teams: string[] }[] };
type UserPlan = { id: string; login: string; role: Role; branchId: string; teamId: string | null; displayName: string; branchCode: string; branchName: string };

function planOrg(rng: Rng, now: number): { org: OrgIds; users: UserPlan[] } {
  let clock = now - 60_000;
  const nextId = () => uuidv7At(clock++, rng);
  const org: OrgIds = { hq: nextId(), branches: [] };
  const users: UserPlan[] = HQ.people.map((p) => ({ id: '', login: p.login, role: p.role, branchId: org.hq, teamId: null, displayName: p.name, branchCode: HQ.code, branchName: HQ.name }));
  for (const plan of BRANCHES) {
    const id = nextId();
    const teams = plan.teams.map(() => nextId());
    org.branches.push({ plan, id, teams });
    for (const p of plan.people) {
      users.push({ id: '', login: `${plan.prefix}.${p.suffix}`, role: p.role, branchId: id, teamId: p.team === undefined ? null : teams[p.team]!, displayName: p.name, branchCode: plan.code, branchName: plan.name });
    }
  }
  for (const u of users) u.id = nextId();
  return { org, users };
}

export type DemoPhase = 'setup' | 'customers' | 'search' | 'users' | 'analyze' | 'finish';

/** Tables the demo fills in bulk: their indexes are built once after the rows are in. */
const BULK_TABLES = ['customers', 'accounts', 'customer_ownership', 'customer_tags'] as const;

/**
 * Create a demo database: HQ, three branches with teams and one login per role, and
 * `customers` realistic customers, deterministic for `seed` (row content and ids; password
 * salts are random). Written uncaptured (no ops, no history: it is the initial state, not a
 * change anyone made), into a temporary file that is fsynced and renamed into place when
 * complete, so a crash never leaves a half-built demo under the real name.
 */
export async function generateDemo(opts: DemoOptions & { onPhase?: (phase: DemoPhase, seconds: number) => void }): Promise<DemoInfo> {
  const started = performance.now();
  let lap = started;
  const phase = (p: DemoPhase) => {
    const t = performance.now();
    opts.onPhase?.(p, (t - lap) / 1000);
    lap = t;
  };
  if (existsSync(opts.file)) throw new Error('refusing to overwrite an existing database file');
  const total = Math.max(0, Math.floor(opts.customers));
  const seed = opts.seed ?? 20_260_101;
  const now = opts.now ?? Date.now();
  const tmp = `${opts.file}.partial`;
  removeDbFiles(tmp);
  const rng = makeRng(seed ^ 0x9e3779b9);
  const { org, users } = planOrg(rng, now);
  // Hash on libuv's pool while the main thread writes customers (each hash has its own salt).
  const hashes = Promise.all(users.map(() => hashPassword(DEMO_PASSWORD)));
  hashes.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"

  let db: Db | null = openDatabase({ file: tmp, key: opts.key });
  try {
    const sqlite = db.sqlite;
    // Nobody else can see this file until the rename: no WAL, no fsync per batch, and a page
    // cache big enough to hold the customers table while its indexes are built (each index
    // build scans the table; from the 256 MiB cache every page would be decrypted again).
    sqlite.pragma('journal_mode = MEMORY');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -1048576');
    // CREATE INDEX sorts with helper threads: the second core is otherwise idle here.
    sqlite.pragma('threads = 2');
    const thresholds = readThresholds(db);
    const iso = new Date(now).toISOString();
    writeTxSync(
      db,
      'demo',
      () => {
        const ins = sqlite.prepare(`INSERT INTO org_units (id, kind, code, name, parent_id, branch_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)`);
        ins.run(org.hq, 'hq', HQ.code, HQ.name, null, org.hq, iso, iso);
        for (const b of org.branches) {
          ins.run(b.id, 'branch', b.plan.code, b.plan.name, org.hq, b.id, iso, iso);
          b.teams.forEach((t, i) => ins.run(t, 'team', `${b.plan.code}-T${i + 1}`, b.plan.teams[i]!, b.id, b.id, iso, iso));
        }
      },
      'uncaptured',
    );
    // Child rows reference customers(id), whose unique index is deferred with the others: the
    // generator writes consistent ids by construction, so foreign keys are checked by the demo
    // tests instead of per row here (the pragma is a no-op inside a transaction, so set it now).
    sqlite.pragma('foreign_keys = OFF');
    const deferred = writeTxSync(db, 'demo', () => BULK_TABLES.map((t) => deferSearchStructures(sqlite, t, { uncaptured: true })), 'uncaptured');
    phase('setup');

    const targets: BranchTarget[] = org.branches.map((b) => ({
      id: b.id,
      noPrefix: b.plan.noPrefix,
      region: b.plan.region,
      share: b.plan.share,
      managers: users.filter((u) => u.branchId === b.id && u.role === 'account_manager').map((u) => u.id),
      branchManager: users.find((u) => u.branchId === b.id && u.role === 'branch_manager')?.id ?? 'demo',
    }));
    const next = makeCustomerSource({ seed, branches: targets, thresholds, now });
    const children = makeChildSource({ seed, branches: targets, now });
    await insertCustomers(db, total, next, children, opts.onProgress);
    phase('customers');
    // One transaction per index: in a single one, the dirty pages of the 22 customers indexes
    // outgrow the page cache, spill, and push out the customers table every later index build
    // scans, which is then read and decrypted again each time (measured: a third slower on 1M).
    for (const d of deferred) for (const stmt of d.statements()) writeTxSync(db, 'demo', () => sqlite.exec(stmt), 'uncaptured');
    sqlite.pragma('foreign_keys = ON');
    phase('search');

    const hashed = await hashes;
    writeTxSync(
      db,
      'demo',
      () => {
        const ins = sqlite.prepare(
          `INSERT INTO users (id, login, display_name, role, branch_id, team_id, status, password_hash, must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, 0, ?, ?)`,
        );
        users.forEach((u, i) => ins.run(u.id, u.login, u.displayName, u.role, u.branchId, u.teamId, hashed[i]!, iso, iso));
      },
      'uncaptured',
    );
    // Suitability master data (issue 7): an active risk questionnaire and a shelf of products.
    seedSuitabilityDemo(db, { hqId: org.hq, authorId: users.find((u) => u.role === 'admin')!.id, now, newId: ((r) => () => uuidv7At(now, r))(makeRng(seed ^ 0x5a17)) });
    phase('users');
    // A full ANALYZE (6.5 s on 1M customers). A sampled one (analysis_limit = 2000, 4.3 s) reads
    // the first rows of each index, all of one branch, and records 2,001 customers per branch
    // instead of 333,334: the planner then walked firm-wide lists through the branch indexes and
    // sorted them in a temporary B-tree.
    sqlite.exec('ANALYZE');
    sqlite.pragma('threads = 0');
    phase('analyze');
    sqlite.pragma('cache_size = -262144');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    db.close();
    db = null;
    fsyncPath(tmp);
    renameSync(tmp, opts.file);
    fsyncDir(dirname(opts.file));
    phase('finish');
  } catch (e) {
    db?.sqlite.close();
    removeDbFiles(tmp);
    throw e;
  }
  return {
    password: DEMO_PASSWORD,
    logins: users.map((u) => ({ login: u.login, role: u.role, branchCode: u.branchCode, branchName: u.branchName, displayName: u.displayName })),
    customers: total,
    seconds: (performance.now() - started) / 1000,
  };
}

export function fsyncPath(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Make a rename durable. Directories cannot be opened for fsync on Windows: skip there. */
export function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

async function insertCustomers(
  db: Db,
  total: number,
  next: (i: number, total: number) => CustomerRow,
  children: (c: CustomerRow, i: number, total: number) => ChildRows,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const insertInto = (table: string, cols: readonly string[]) => db.sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const ins = insertInto('customers', CUSTOMER_COLUMNS);
  const insAccount = insertInto('accounts', ACCOUNT_COLUMNS);
  const insOwner = insertInto('customer_ownership', OWNERSHIP_COLUMNS);
  const insTag = insertInto('customer_tags', TAG_COLUMNS);
  onProgress?.(0, total);
  for (let done = 0; done < total; ) {
    const end = Math.min(total, done + BATCH);
    writeTxSync(
      db,
      'demo',
      () => {
        for (let i = done; i < end; i++) {
          const c = next(i, total);
          ins.run(...c);
          const k = children(c, i, total);
          for (const a of k.accounts) insAccount.run(...a);
          if (k.ownership) insOwner.run(...k.ownership);
          for (const t of k.tags) insTag.run(...t);
        }
      },
      'uncaptured',
    );
    done = end;
    onProgress?.(done, total);
    // Let progress reach its listener (and hashing callbacks land) between batches.
    await new Promise<void>((r) => setImmediate(r));
  }
}

function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}
