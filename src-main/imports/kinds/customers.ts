import { newRowId } from '../ids';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import {
  CUSTOMER_KINDS,
  CUSTOMER_LEVELS,
  CUSTOMER_STATUSES,
  EDUCATION,
  ID_TYPES,
  INCOME_BANDS,
  INVEST_EXPERIENCE,
  INVEST_HORIZONS,
  INVESTOR_CATEGORIES,
  SOURCE_CHANNELS,
  VARIETIES,
  identityProblems,
} from '../../../src-shared/customers/customer-fields';
import { birthDateFromId, checkIdNumber, checkUscc, sexFromId } from '../../../src-shared/lib/id-number';
import type { ChangeRecorder } from '../changes';
import { replayStatements } from '../../demo/bulk-load';
import { deferInsertCapture } from '../../sync/capture';
import { CUSTOMER_FIELD_COLUMNS } from '../../customers/customer-columns';
import { CodeLengths, DEFER_MIN_ROWS, field, inScope } from './common';
import { KeySet } from '../key-set';
import * as f from './fields';
import { err, warn, type Issue, type KindDef, type Outcome, type TargetEnv, type ValidRow, type Values } from './types';

/**
 * Customers: created and updated. A row is matched by customer number; a row without one, by
 * ID type and number. Scope is checked row by row: a customer outside the importer's scope is
 * `outOfScope`; new customers are created in the importer's branch (an HQ user names the
 * branch in a column). Business keys are checked as the form checks them (architecture.md: no
 * UNIQUE constraint, so the import refuses): an ID number that belongs to another customer is
 * an error naming that customer; a phone shared with another customer is allowed (families
 * share phones) but reported (`dupExisting`).
 *
 * An empty cell never clears a stored value: files from trading systems often leave columns
 * empty that the CRM knows better. A file column that is not mapped is not touched either.
 */

const L = (k: string) => [`customer.field.${k}`];

export const customerFields = [
  field({ key: 'customerNo', matchKey: true, parse: f.customerNo, labelKeys: L('customerNo'), synonyms: ['客户号', '客户编号', '客户代码', '客户号码', '客户ID', '客户id', '客户编码', '客户帐号', 'customerno', 'customer no', 'customer number', 'cust no', 'custno', 'client no'] }),
  field({ key: 'name', required: true, parse: f.personName, labelKeys: L('name'), synonyms: ['客户姓名', '姓名', '客户名称', '名称', '客户名', '户名', '投资者姓名', '投资者名称', '机构名称', 'name', 'customer name', 'full name', 'client name'] }),
  field({ key: 'kind', parse: f.enumOf(CUSTOMER_KINDS, 'customerKind.', { 自然人: 'individual', 个人客户: 'individual', 个人投资者: 'individual', 机构客户: 'institution', 法人: 'institution', 企业: 'institution', 机构投资者: 'institution', 产品: 'institution' }), labelKeys: L('kind'), synonyms: ['客户类型', '客户类别', '客户性质', '投资者类型', '个人/机构', 'customer type', 'customer kind'] }),
  field({ key: 'idType', parse: f.enumOf(ID_TYPES, 'idType.', { 身份证: 'resident_id', 二代身份证: 'resident_id', 居民身份证号: 'resident_id', 营业执照: 'uscc', 统一社会信用代码证: 'uscc', 港澳居民来往内地通行证: 'hk_mo_tw_permit', 台湾居民来往大陆通行证: 'hk_mo_tw_permit', 港澳通行证: 'hk_mo_tw_permit', 台胞证: 'hk_mo_tw_permit', 回乡证: 'hk_mo_tw_permit', 外国护照: 'passport' }), labelKeys: L('idType'), synonyms: ['证件类型', '证件种类', '证件类别', 'id type', 'document type'] }),
  field({ key: 'idNo', required: true, matchKey: true, parse: f.maskableIdNumber, labelKeys: L('idNo'), synonyms: ['证件号码', '身份证号', '证件号', '身份证号码', '证件编号', '身份证', '证件代码', 'id no', 'id number', 'idno', 'document no', 'document number'] }),
  field({ key: 'gender', parse: f.enumOf(['M', 'F'] as const, 'gender.', { 男性: 'M', 女性: 'F', male: 'M', female: 'F' }), labelKeys: L('gender'), synonyms: ['性别', 'sex', 'gender'] }),
  field({ key: 'birthDate', parse: f.date, labelKeys: L('birthDate'), synonyms: ['出生日期', '生日', '出生年月日', 'birth date', 'birthday', 'date of birth', 'dob'] }),
  field({ key: 'idExpiry', parse: f.idExpiry, labelKeys: L('idExpiry'), synonyms: ['证件有效期', '证件有效期至', '证件到期日', '证件到期日期', '有效期至', '证件截止日期', '证件失效日期', 'id expiry', 'id expiry date'] }),
  field({ key: 'nationality', parse: f.text(40), labelKeys: L('nationality'), synonyms: ['国籍', '国家/地区', 'nationality', 'country'] }),
  field({ key: 'occupation', parse: f.text(40), labelKeys: L('occupation'), synonyms: ['职业', '职业类别', 'occupation', 'profession'] }),
  field({ key: 'education', parse: f.enumOf(EDUCATION, 'customer.education.', { 初中: 'secondary', 高中: 'secondary', 中专: 'secondary', 专科: 'college', 大学本科: 'bachelor', 研究生: 'master', 硕士研究生: 'master', 博士研究生: 'doctor' }), labelKeys: L('education'), synonyms: ['学历', '文化程度', '最高学历', 'education'] }),
  field({ key: 'incomeBand', parse: f.enumOf(INCOME_BANDS, 'customer.incomeBand.'), labelKeys: L('incomeBand'), synonyms: ['年收入', '收入', '年收入水平', '个人年收入', 'income', 'annual income'] }),
  field({ key: 'address', parse: f.address, labelKeys: L('address'), synonyms: ['地址', '联系地址', '通讯地址', '住址', '家庭地址', '居住地址', 'address'] }),
  field({ key: 'phone', parse: f.maskablePhone, labelKeys: L('phone'), synonyms: ['手机', '手机号码', '手机号', '联系电话', '移动电话', '电话', '联系方式', '电话号码', 'mobile', 'phone', 'cell phone', 'mobile phone', 'mobile no'] }),
  field({ key: 'phone2', parse: f.maskablePhone, labelKeys: L('phone2'), synonyms: ['备用电话', '其他电话', '电话2', '第二联系电话', '备用手机', 'phone2', 'alt phone', 'other phone'] }),
  field({ key: 'email', parse: f.email, labelKeys: L('email'), synonyms: ['邮箱', '电子邮箱', '电子邮件', '邮件地址', 'email', 'e-mail', 'mail'] }),
  field({ key: 'wechat', parse: f.text(40), labelKeys: L('wechat'), synonyms: ['微信', '微信号', 'wechat', 'weixin'] }),
  field({ key: 'openDate', parse: f.date, labelKeys: L('openDate'), synonyms: ['开户日期', '开户时间', '开户日', '建档日期', 'open date', 'opened'] }),
  field({ key: 'sourceChannel', parse: f.enumOf(SOURCE_CHANNELS, 'customer.sourceChannel.', { 临柜: 'branch', 柜台: 'branch', 线上: 'online', 网上开户: 'online', 手机开户: 'online', 介绍: 'referral', 活动: 'event', 银行: 'bank', 银证: 'bank' }), labelKeys: L('sourceChannel'), synonyms: ['客户来源', '来源', '开户渠道', '来源渠道', '渠道', 'source', 'channel'] }),
  field({ key: 'investExperience', parse: f.enumOf(INVEST_EXPERIENCE, 'customer.investExperience.', { 无: 'none', 没有: 'none' }), labelKeys: L('investExperience'), synonyms: ['投资经验', '投资年限', '证券投资经验', 'investment experience', 'experience'] }),
  field({ key: 'investHorizon', parse: f.enumOf(INVEST_HORIZONS, 'customer.investHorizon.', { 短期: 'short', 中期: 'medium', 长期: 'long' }), labelKeys: L('investHorizon'), synonyms: ['投资期限', '计划投资期限', 'investment horizon', 'horizon'] }),
  field({ key: 'preferredVarieties', parse: f.listOf(f.enumOf(VARIETIES, 'customer.variety.', { 理财: 'wealth', 两融: 'margin', 期权: 'derivative', 期货: 'derivative' })), labelKeys: L('preferredVarieties'), synonyms: ['偏好品种', '投资品种', '投资偏好', '拟投资品种', 'preferred varieties', 'varieties'] }),
  field({ key: 'investorCategory', parse: f.enumOf(INVESTOR_CATEGORIES, 'customer.investorCategory.', { 普通: 'ordinary', 专业: 'professional' }), labelKeys: L('investorCategory'), synonyms: ['投资者类别', '投资者分类', '投资者类型（普通/专业）', 'investor category', 'investor type'] }),
  field({ key: 'riskLevel', parse: f.riskLevel, labelKeys: L('riskLevel'), synonyms: ['风险等级', '风险承受能力', '风险测评等级', '风险类型', '风险承受等级', '客户风险等级', '风险偏好', 'risk level', 'risk tolerance'] }),
  field({ key: 'riskAssessedAt', parse: f.date, labelKeys: L('riskAssessedAt'), synonyms: ['测评日期', '风险测评日期', '评估日期', '风测日期', 'risk assessed', 'assessment date'] }),
  field({ key: 'riskExpiresAt', parse: f.date, labelKeys: L('riskExpiresAt'), synonyms: ['测评有效期', '测评有效期至', '测评到期日', '风险测评有效期', '风测到期日', 'risk expires', 'assessment expiry'] }),
  field({ key: 'level', parse: f.enumOf(CUSTOMER_LEVELS, 'customerLevel.', { 普通客户: 'normal', 银卡客户: 'silver', 金卡客户: 'gold', 白金客户: 'platinum', 白金卡: 'platinum', 钻石客户: 'diamond', 钻石卡: 'diamond' }), labelKeys: L('level'), synonyms: ['客户等级', '客户级别', '等级', 'level', 'customer level'] }),
  field({ key: 'status', parse: f.enumOf(CUSTOMER_STATUSES, 'customerStatus.', { 活跃: 'active', 有效: 'active', 睡眠: 'dormant', 休眠户: 'dormant', 不活跃: 'dormant', 已销户: 'closed', 注销: 'closed', 销户客户: 'closed' }), labelKeys: L('status'), synonyms: ['客户状态', '状态', 'status', 'customer status'] }),
  field({ key: 'notes', parse: f.text(2000), labelKeys: L('notes'), synonyms: ['备注', '说明', '备注信息', 'notes', 'remark', 'remarks', 'memo'] }),
  field({ key: 'branch', parse: f.text(60), labelKeys: ['customer.field.branch'], synonyms: ['营业部', '营业部代码', '营业部名称', '机构', '机构代码', '机构名称', '所属营业部', '开户营业部', '分支机构', '所属机构', 'branch', 'branch code', 'branch name'] }),
  field({ key: 'manager', parse: f.text(60), labelKeys: ['customer.field.manager'], synonyms: ['客户经理', '经纪人', '服务经理', '所属客户经理', '客户经理工号', '客户经理姓名', '经理', 'manager', 'account manager'] }),
];

/** Identity as the form checks it; derived birth date and sex are the create handler's rule too. */
function identityIssues(v: { kind: string; idType: string; idNo: string; birthDate: string | null }): Issue[] {
  return identityProblems(v).map((p) => err(p.path[0] ?? null, p.message));
}

type Existing = {
  id: string;
  customer_no: string;
  branch_id: string;
  manager_id: string | null;
  version: number;
  kind: string;
  id_type: string;
  id_no: string;
  birth_date: string | null;
  phone: string | null;
  investor_category: string;
  [col: string]: unknown;
};

export type CustomerPlan =
  | { op: 'insert'; row: Record<string, unknown> }
  | { op: 'update'; id: string; version: number; branchId: string; set: Record<string, unknown>; before: Record<string, unknown>; manager?: { to: string | null } };

const SELECT_COLS = ['id', 'customer_no', 'branch_id', 'manager_id', 'version', ...new Set(Object.values(CUSTOMER_FIELD_COLUMNS))].filter((c, i, a) => a.indexOf(c) === i);
const INSERT_COLS = ['id', ...Object.values(CUSTOMER_FIELD_COLUMNS), 'branch_id', 'manager_id', 'assets_fen', 'created_at', 'updated_at', 'updated_by', 'deleted_at'];

const reverse = (s: string) => [...s].reverse().join('');

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** A value as the column stores it (varieties are a JSON array, empty → NULL). */
function toColumn(key: string, v: unknown): unknown {
  if (key === 'preferredVarieties') return Array.isArray(v) && v.length ? JSON.stringify(v) : null;
  return v;
}

function openCustomers(env: TargetEnv) {
  const { sqlite, scope, directory, mapped } = env;
  const sel = SELECT_COLS.map((c) => `c.${c}`).join(', ');
  const byNoSql = sqlite.prepare(`SELECT ${sel} FROM json_each(?) j CROSS JOIN customers c ON c.customer_no = j.value WHERE c.deleted_at IS NULL`);
  const byIdSql = sqlite.prepare(`SELECT ${sel} FROM json_each(?) j CROSS JOIN customers c ON c.id_no_rev = j.value ->> 1 AND c.id_no = j.value ->> 0 WHERE c.deleted_at IS NULL`);
  const byPhoneSql = sqlite.prepare(`SELECT c.id, c.customer_no, c.branch_id, c.manager_id, c.phone FROM json_each(?) j CROSS JOIN customers c ON c.phone_rev = j.value ->> 1 AND c.phone = j.value ->> 0 WHERE c.deleted_at IS NULL`);
  // Probes in index order: neighbouring keys share pages, so a batch decrypts each page once.
  const pairs = (xs: string[]) =>
    JSON.stringify(
      [...new Set(xs)]
        .map((x) => [x, reverse(x)] as const)
        .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)),
    );

  let stmts: ReturnType<typeof prepareWrites> | null = null;
  /**
   * The existing customers this run's rows have named so far, with the first row that did. Two
   * rows with different keys can name one customer (one by customer number, another by the ID
   * number it had): the later one is refused, else both would write the same customer.
   */
  const claimed = new Map<string, number>();
  /**
   * Keys earlier rows of this run take away from their customer (an ID number or mobile changed
   * to another): `customer id NUL old value` → that row. A preview writes nothing, and an apply
   * commits in several transactions, so a later row would see the customer still holding the key
   * in a preview (or the same transaction) and not in a later transaction: preview and apply
   * would disagree. Both read the key as given up.
   */
  const released = new Map<string, number>();
  /** ID numbers earlier rows took away from their customer → that row (a row naming a customer by one names that row's). */
  const releasedIds = new Map<string, number>();
  const givenUp = (customerId: string, value: string, rowNo: number) => (released.get(`${customerId}\u0000${value}`) ?? rowNo) < rowNo;
  /** Live customers holding an ID number, but those that earlier rows of this run took it from. */
  const holders = (byId: Map<string, Existing[]>, idNo: string, rowNo: number) => (byId.get(idNo) ?? []).filter((c) => !givenUp(c.id, idNo, rowNo));
  /**
   * Mobiles earlier rows of this run give a customer (new or updated). A later new customer with
   * one shares it whether or not the earlier row's transaction has committed: for the same
   * reason, preview and apply say so alike.
   */
  const phonesTaken = new KeySet();
  const noLengths = new CodeLengths(sqlite, 'customers', 'customer_no');

  return {
    classify(rows: readonly ValidRow[]): Outcome<CustomerPlan>[] {
      const nos = rows.map((r) => r.values.customerNo).filter((x): x is string => typeof x === 'string');
      const ids = rows.map((r) => r.values.idNo).filter((x): x is string => typeof x === 'string' && !f.isMasked(x));
      const byNo = group(nos.length ? (byNoSql.all(JSON.stringify(noLengths.withPaddings(nos).sort())) as Existing[]) : [], (r) => r.customer_no);
      const byId = group(ids.length ? (byIdSql.all(pairs(ids)) as Existing[]) : [], (r) => r.id_no);
      const outcomes = rows.map((r) => {
        const o = classifyRow(r.values, byNo, byId, r.rowNo);
        const p = o.plan;
        if (p?.op === 'insert' && typeof p.row.customer_no === 'string') noLengths.noteCreated(p.row.customer_no);
        if (p?.op === 'update') {
          for (const col of ['id_no', 'phone'] as const) if (col in p.set && typeof p.before[col] === 'string') released.set(`${p.id}\u0000${p.before[col] as string}`, r.rowNo);
          if ('id_no' in p.set) releasedIds.set(p.before.id_no as string, r.rowNo);
        }
        return o;
      });
      // Phones of new customers: one more lookup, for the rows that are new.
      const newPhone = (r: ValidRow, o: Outcome<CustomerPlan>) => (o.plan?.op === 'insert' && typeof r.values.phone === 'string' && !f.isMasked(r.values.phone) ? r.values.phone : null);
      const newPhones = rows.flatMap((r, i) => newPhone(r, outcomes[i]!) ?? []);
      const byPhone = group(newPhones.length ? (byPhoneSql.all(pairs(newPhones)) as { id: string; customer_no: string; branch_id: string; manager_id: string | null; phone: string }[]) : [], (r) => r.phone);
      rows.forEach((r, i) => {
        const o = outcomes[i]!;
        const p = o.plan;
        if (p?.op === 'update' && typeof p.set.phone === 'string') phonesTaken.add(p.set.phone);
        const phone = newPhone(r, o);
        if (phone === null) return;
        if (!phonesTaken.add(phone)) {
          o.status = 'dupExisting';
          o.issues.push(warn('phone', 'import.warn.phoneSharedInFile'));
          return;
        }
        const other = byPhone.get(phone)?.find((c) => !givenUp(c.id, phone, r.rowNo));
        if (!other) return;
        o.status = 'dupExisting';
        o.issues.push(inScope(scope, other) ? warn('phone', 'import.warn.phoneShared', { customerNo: other.customer_no }) : warn('phone', 'import.warn.phoneSharedElsewhere', { branch: directory.branchCode(other.branch_id) }));
      });
      return outcomes;
    },

    write(plans: readonly CustomerPlan[], rec: ChangeRecorder): void {
      stmts ??= prepareWrites(sqlite);
      const inserts = plans.reduce((n, p) => n + (p.op === 'insert' ? 1 : 0), 0);
      const bulk = inserts >= DEFER_MIN_ROWS;
      const deferred = bulk ? deferNameIndex(sqlite) : null;
      // A batch's new rows are captured together (capture.ts deferInsertCapture). A row is
      // inserted or updated, never both, in one batch: a file names each customer once (key-set.ts).
      const captured = bulk ? deferInsertCapture(sqlite, ['customers', 'customer_ownership']) : null;
      const openOwnership = (customerId: unknown, branchId: unknown, managerId: unknown) => {
        const oid = newRowId();
        const info = stmts!.openOwnership.run(oid, customerId, branchId, managerId, env.stamp, env.userId, env.stamp);
        captured?.record('customer_ownership', info.lastInsertRowid);
        rec.insert('customer_ownership', oid);
      };
      for (const p of plans) {
        if (p.op === 'insert') {
          p.row.id = newRowId();
          const info = stmts.insert.run(INSERT_COLS.map((c) => p.row[c] ?? null));
          captured?.record('customers', info.lastInsertRowid);
          rec.insert('customers', p.row.id as string, 1);
          if (p.row.manager_id) openOwnership(p.row.id, p.row.branch_id, p.row.manager_id);
          continue;
        }
        const cols = Object.keys(p.set);
        const res = prepared(sqlite, `UPDATE customers SET ${cols.map((c) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`).run(
          ...cols.map((c) => p.set[c]),
          env.stamp,
          env.userId,
          p.id,
          p.version,
        );
        // Classified in this same transaction, so the version cannot have moved; a miss is a bug.
        if (res.changes !== 1) throw new Error('customer changed during its import batch');
        rec.update('customers', p.id, p.before, p.version + 1);
        if (p.manager) {
          for (const o of stmts.openOwnershipOf.all(p.id) as { id: string }[]) {
            stmts.closeOwnership.run(env.stamp, o.id);
            rec.update('customer_ownership', o.id, { valid_to: null });
          }
          if (p.manager.to) openOwnership(p.id, p.branchId, p.manager.to);
        }
      }
      captured?.finish();
      deferred?.finish();
    },
  };

  function classifyRow(v: Values, byNo: Map<string, Existing[]>, byId: Map<string, Existing[]>, rowNo: number): Outcome<CustomerPlan> {
    const issues: Issue[] = [];
    const fail = (i: Issue): Outcome<CustomerPlan> => ({ status: 'error', issues: [...issues, i] });
    const no = (v.customerNo as string | null | undefined) ?? null;
    const maskedId = f.isMasked(v.idNo);
    let idNo = v.idNo as string;
    const keyField = no !== null ? 'customerNo' : 'idNo';
    // A masked ID number can only refer to the customer the customer number names.
    if (maskedId && no === null) return fail(err('idNo', 'error.import.value.masked'));

    // 1. Which customer is this row?
    let e: Existing | null = null;
    const sameId = holders(byId, idNo, rowNo).filter((c) => (v.idType == null ? true : c.id_type === v.idType));
    if (no !== null) {
      const hits = byNo.get(no) ?? [];
      if (hits.length > 1) return fail(err('customerNo', 'error.import.customer.noAmbiguous', { count: hits.length }));
      e = hits[0] ?? null;
      const zeros = e ? null : noLengths.zerosLostIssue(no, byNo, scope, 'customerNo');
      if (zeros !== null) return fail(zeros);
    } else {
      if (sameId.length > 1) return fail(err('idNo', 'error.import.customer.idAmbiguous', { count: sameId.length }));
      e = sameId[0] ?? null;
      // The ID number an earlier row took from its customer: this row names that customer too.
      const giver = e ? undefined : releasedIds.get(idNo);
      if (giver !== undefined) return fail(err('idNo', 'error.import.customer.sameAsRow', { row: giver }));
      if (!e) return fail(err('customerNo', mapped.has('customerNo') ? 'error.import.customer.noRequired' : 'error.import.customer.noColumn'));
    }
    if (e && !inScope(scope, e)) return fail(err(keyField, 'error.import.outOfScope'));
    if (e) {
      const first = claimed.get(e.id);
      if (first !== undefined) return fail(err(keyField, 'error.import.customer.sameAsRow', { row: first }));
      claimed.set(e.id, rowNo);
    }
    // Masked values (an exported list coming back): the stored value stands, if the mask fits it.
    const kept = new Set<string>();
    for (const [k, col] of [['idNo', 'id_no'], ['phone', 'phone'], ['phone2', 'phone2']] as const) {
      if (!f.isMasked(v[k])) continue;
      if (!e) return fail(err(k, 'error.import.value.masked'));
      if (!f.maskFits(v[k], e[col] as string | null)) return fail(err(k, 'error.import.value.maskMismatch'));
      kept.add(k);
    }
    if (maskedId) idNo = e!.id_no;
    // An ID number that is another customer's: refused, naming that customer (or only the branch, outside the scope).
    const other = holders(byId, idNo, rowNo).find((c) => c.id !== e?.id);
    if (other && (e === null || e.id_no !== idNo)) {
      return fail(inScope(scope, other) ? err('idNo', 'error.import.customer.idNoTaken', { customerNo: other.customer_no }) : err('idNo', 'error.import.customer.idNoTakenElsewhere', { branch: directory.branchCode(other.branch_id) }));
    }

    // 2. Branch: the importer's for a branch user, named in the file for HQ; never moved by an import.
    let branchId: string;
    if (typeof v.branch === 'string' && e && directory.isBranch(v.branch, e.branch_id)) {
      branchId = e.branch_id;
    } else if (typeof v.branch === 'string') {
      const b = directory.branch(v.branch);
      if (!b.ok) return fail(err('branch', b.key));
      branchId = b.value.id;
      if (e && e.branch_id !== branchId) return fail(err('branch', 'error.import.customer.branchChange'));
      if (!e && scope.kind !== 'all' && branchId !== env.userBranchId) return fail(err('branch', 'error.import.outOfScope'));
    } else if (e) {
      branchId = e.branch_id;
    } else if (scope.kind === 'all') {
      return fail(err('branch', mapped.has('branch') ? 'error.import.branch.required' : 'error.import.branch.column'));
    } else {
      branchId = env.userBranchId;
    }

    // 3. Manager, by login or name, an active account manager of that branch.
    // The customer's manager now, by any name, is no change, even one the lookup would refuse (disabled, ambiguous).
    let managerId: string | null | undefined;
    if (typeof v.manager === 'string' && e?.manager_id && directory.isUser(v.manager, e.manager_id)) {
      managerId = e.manager_id;
    } else if (typeof v.manager === 'string') {
      const m = directory.manager(v.manager, branchId);
      if (!m.ok) return fail(err('manager', m.key));
      managerId = m.value.id;
    }
    if (scope.kind === 'own') {
      if (managerId !== undefined && managerId !== scope.managerId) return fail(err('manager', 'validation.manager.notSelf'));
      if (!e) managerId = scope.managerId;
    }

    // 4. Identity rules on the values the record will have.
    const kind = (v.kind as string | null) ?? e?.kind ?? 'individual';
    // Without an ID-type column: a resident ID for a person; for an institution a credit code,
    // unless the number is plainly a resident ID (then the message says the type is wrong).
    const idType = (v.idType as string | null) ?? e?.id_type ?? (kind === 'institution' && (checkUscc(idNo) === null || checkIdNumber(idNo) !== null) ? 'uscc' : 'resident_id');
    // A new resident ID number brings its own birth date and sex unless the file gives them (the form's rule).
    const derive = e !== null && idNo !== e.id_no && idType === 'resident_id';
    const birthDate = (v.birthDate as string | null) ?? (derive ? birthDateFromId(idNo) : (e?.birth_date ?? null));
    // A rule on a field the file has no column for (the ID type, a derived birth date) is shown on the column that made it fail.
    const identity = identityIssues({ kind, idType, idNo, birthDate }).map((i) =>
      i.field === null || mapped.has(i.field) ? i : { ...i, field: i.field === 'idType' && mapped.has('kind') ? 'kind' : 'idNo' },
    );
    if (identity.length) return { status: 'error', issues: [...issues, ...identity] };

    if (!e) {
      // A professional investor is one by an approved request (四眼复核, assess.handlers.ts), a new customer as much as an existing one.
      if (v.investorCategory === 'professional') return fail(err('investorCategory', 'error.import.customer.professionalNeedsApproval'));
      // The id is drawn at write time: a dry run needs none.
      const row: Record<string, unknown> = {};
      for (const [k, col] of Object.entries(CUSTOMER_FIELD_COLUMNS)) if (v[k] !== undefined) row[col] = toColumn(k, v[k]);
      row.kind = kind;
      row.id_type = idType;
      row.investor_category = v.investorCategory ?? 'ordinary';
      row.level = v.level ?? 'normal';
      row.status = v.status ?? 'active';
      // A resident ID gives birth date and sex when the file does not (the create form's rule).
      if (idType === 'resident_id') {
        row.birth_date ??= birthDateFromId(idNo);
        row.gender ??= sexFromId(idNo);
      }
      Object.assign(row, { branch_id: branchId, manager_id: managerId ?? null, assets_fen: 0, created_at: env.stamp, updated_at: env.stamp, updated_by: env.userId, deleted_at: null });
      return { status: 'new', issues, plan: { op: 'insert', row } };
    }

    // 5. An update: the columns whose file value differs from the stored one.
    const set: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const [k, col] of Object.entries(CUSTOMER_FIELD_COLUMNS)) {
      const fv = v[k];
      if (fv === undefined || fv === null || kept.has(k)) continue;
      const nv = toColumn(k, fv);
      if (nv !== e[col]) {
        set[col] = nv;
        before[col] = e[col];
      }
    }
    if (derive) {
      for (const [k, col, value] of [['birthDate', 'birth_date', birthDate], ['gender', 'gender', sexFromId(idNo)]] as const) {
        if (v[k] == null && value !== e[col]) {
          set[col] = value;
          before[col] = e[col];
        }
      }
    }
    if (set.investor_category === 'professional') return fail(err('investorCategory', 'error.import.customer.professionalNeedsApproval'));
    const managerChanges = managerId !== undefined && managerId !== e.manager_id;
    if (managerChanges) {
      set.manager_id = managerId;
      before.manager_id = e.manager_id;
    }
    if (Object.keys(set).length === 0) return { status: 'unchanged', issues };
    return { status: 'update', issues, plan: { op: 'update', id: e.id, version: e.version, branchId: e.branch_id, set, before, ...(managerChanges ? { manager: { to: managerId ?? null } } : {}) } };
  }
}

/**
 * The name index, batched. customers_fts_ins writes both FTS5 tables row by row, and FTS5
 * flushes its pending terms at every statement a trigger runs (~19 µs a row, measured for the
 * demo load, src-main/demo/bulk-load.ts). For a batch, inside its write transaction: drop the
 * trigger, insert the rows, fill both tables with one INSERT … SELECT each over the batch's new
 * rowids (the trigger's own statements, replayed: bulk-load.ts replayStatements), and recreate
 * the trigger from its stored SQL. All in the one transaction, so no other connection ever sees
 * the table without its trigger, and a rollback (cancel, failure) restores it with the rows.
 * New rowids are above the table's largest: the batch holds the write lock, and seq is a plain
 * INTEGER PRIMARY KEY (max + 1). A trigger whose shape we cannot replay is left alone.
 */
const NAME_TRIGGER = 'customers_fts_ins';

function deferNameIndex(sqlite: BetterSqlite3.Database): { finish(): void } | null {
  if (process.env.BD_IMPORT_FTS_DEFER === '0') return null;
  const ddl = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck().get(NAME_TRIGGER) as string | undefined;
  const replay = (ddl ? (replayStatements(ddl, 'customers') ?? []) : []).map((st) => st.replace(/ ORDER BY customers\.rowid$/, ' WHERE customers.rowid > ? ORDER BY customers.rowid'));
  // Each replayed statement must be limited to the batch's rows, or it would index the table again.
  if (!ddl || replay.length === 0 || !replay.every((st) => st.includes('WHERE customers.rowid > ?'))) return null;
  const since = sqlite.prepare(`SELECT coalesce(max(seq), 0) FROM customers`).pluck().get() as number;
  sqlite.exec(`DROP TRIGGER ${NAME_TRIGGER}`);
  return {
    finish() {
      for (const st of replay) sqlite.prepare(st).run(since);
      sqlite.exec(ddl);
    },
  };
}

const cache = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
/** Update statements differ by the set of columns a row changes: prepared once per shape. */
function prepared(sqlite: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let m = cache.get(sqlite);
  if (!m) cache.set(sqlite, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = sqlite.prepare(sql)));
  return s;
}

function prepareWrites(sqlite: BetterSqlite3.Database) {
  return {
    insert: sqlite.prepare(`INSERT INTO customers (${INSERT_COLS.join(', ')}) VALUES (${INSERT_COLS.map(() => '?').join(', ')})`),
    openOwnership: sqlite.prepare(
      `INSERT INTO customer_ownership (id, customer_id, branch_id, manager_id, valid_from, valid_to, reason, assigned_by, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, NULL, 'import', ?, ?, NULL)`,
    ),
    openOwnershipOf: sqlite.prepare(`SELECT id FROM customer_ownership WHERE customer_id = ? AND valid_to IS NULL AND deleted_at IS NULL`),
    closeOwnership: sqlite.prepare(`UPDATE customer_ownership SET valid_to = ? WHERE id = ?`),
  };
}

export const customersKind: KindDef<CustomerPlan> = {
  kind: 'customers',
  fields: customerFields,
  keys: (v) => [...(typeof v.customerNo === 'string' ? [`no:${v.customerNo}`] : []), ...(f.isMasked(v.idNo) ? [] : [`id:${String(v.idNo)}`])],
  target: { open: openCustomers },
  readerThread: true,
  applyCacheMiB: 512,
  // Paced write transactions (engine.ts txUnits), grown in steps of 1,000 rows.
  applyBatchRows: 1000,
  applyTxMaxRows: 20_000,
};
