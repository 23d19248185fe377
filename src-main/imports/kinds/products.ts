import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { INVEST_HORIZONS, VARIETIES } from '../../../src-shared/customers/customer-fields';
import { issueFromZod } from '../../../src-shared/rpc/zod-issues';
import { PRODUCT_RISK_LEVELS, PRODUCT_STATUSES, PRODUCT_TYPES, zProductSave, type ProductSaveInput } from '../../../src-shared/suitability/suitability.contract';
import { PRODUCT_COLUMNS, type ProductRow } from '../../suitability/suitability.queries';
import type { ChangeRecorder } from '../changes';
import { newRowId } from '../ids';
import { cellText, parseInteger } from '../read/cells';
import { ImportFileError, type RawCell } from '../read/types';
import { field } from './common';
import * as f from './fields';
import { nodeInfo } from '../../sync/node';
import { err, type Issue, type KindDef, type Outcome, type Parsed, type TargetEnv, type ValidRow } from './types';

/**
 * Products (issue 7): HQ-owned master data, created and updated by product code.
 *
 * * **Who.** Only a user who may save products (`products.manage`, and HQ: scope `all` at an HQ
 *   org unit, products.handlers.ts assertHq), at HQ's node, may import them. The engine has no per-kind
 *   permission, so the target checks when it opens, before the first row, in the preview and
 *   again in the apply; a refusal fails the run with `error.import.product.hqOnly`.
 * * **Rules.** A row is validated as `products.save` validates its input: the record it will
 *   be (the stored product with the file's non-empty cells over it) goes through zProductSave,
 *   the contract's schema, so code, lengths, enums, term, amount and sale window follow one set
 *   of rules. Code uniqueness is the save handler's too: two live products with one code make
 *   the code ambiguous (refused).
 * * **Risk level.** A new product gets its first risk-history row (none → level), as a save
 *   does. An existing product's level is never changed by an import: a change needs a reason
 *   in the history and a rise starts the suitability cascade (products.riskRise), which only
 *   `products.save` does. Such a row is refused (`error.import.product.riskChange`).
 *
 * An empty cell never clears a stored value, and documents are not imported (kept as stored).
 */

/** The type labels of the catalogue (基金, 理财产品 …) and what product lists call them. */
const TYPE_WORDS: Record<string, (typeof PRODUCT_TYPES)[number]> = {
  公募基金: 'fund',
  私募基金: 'fund',
  证券投资基金: 'fund',
  开放式基金: 'fund',
  货币基金: 'fund',
  货币市场基金: 'fund',
  债券基金: 'fund',
  债券型基金: 'fund',
  股票基金: 'fund',
  股票型基金: 'fund',
  混合基金: 'fund',
  混合型基金: 'fund',
  指数基金: 'fund',
  ETF: 'fund',
  理财: 'wealth',
  银行理财: 'wealth',
  理财计划: 'wealth',
  资管产品: 'wealth',
  资管计划: 'wealth',
  集合资产管理计划: 'wealth',
  国债: 'bond',
  公司债: 'bond',
  企业债: 'bond',
  可转债: 'bond',
  收益凭证产品: 'income_cert',
  浮动收益凭证: 'income_cert',
  固定收益凭证: 'income_cert',
};

/** Risk labels without the code (the catalogue's are `R3 中风险`). */
const RISK_WORDS: Record<string, (typeof PRODUCT_RISK_LEVELS)[number]> = {
  低风险: 'R1',
  中低风险: 'R2',
  中风险: 'R3',
  中高风险: 'R4',
  高风险: 'R5',
  低: 'R1',
  中低: 'R2',
  中: 'R3',
  中高: 'R4',
  高: 'R5',
};

const STATUS_WORDS: Record<string, (typeof PRODUCT_STATUSES)[number]> = {
  草稿: 'draft',
  未上架: 'draft',
  待发布: 'draft',
  销售中: 'on_sale',
  发行中: 'on_sale',
  募集中: 'on_sale',
  开放: 'on_sale',
  暂停: 'suspended',
  停售: 'suspended',
  暂停销售: 'suspended',
  暂停申购: 'suspended',
  结束: 'closed',
  已到期: 'closed',
  到期: 'closed',
  终止: 'closed',
  已清盘: 'closed',
  清盘: 'closed',
};

const byRiskLabel = f.enumOf(PRODUCT_RISK_LEVELS, 'suitability.productRisk.', RISK_WORDS);
/** `R3`, `R3 中风险`, `R3（中风险）`, `R3级`, or a label alone (`中风险`). */
const productRisk = (c: RawCell): Parsed<(typeof PRODUCT_RISK_LEVELS)[number]> => {
  const m = /^r([1-5])(?:[^0-9]|$)/.exec(f.normLabel(cellText(c)));
  return m ? { ok: true, value: `R${m[1]}` as 'R1' } : byRiskLabel(c);
};

const codeText = f.viaZod(zProductSave.shape.code);
/**
 * Product codes are text, checked by the product form's schema. A number cell is a code Excel
 * converted: fine while it still has six digits (fund codes) and no more than Excel keeps,
 * refused otherwise (`codeDamage`), like every other code.
 */
const productCode = (c: RawCell): Parsed<string> => {
  const damage = f.codeDamage(c, f.PRODUCT_CODE_DIGITS);
  return damage ? { ok: false, key: damage } : codeText(c);
};

/** Whole days: `365`, `365天`. The range is the save schema's. */
const termDays = (c: RawCell): Parsed<number> => parseInteger(typeof c === 'string' ? c.replace(/\s*天\s*$/, '') : c);

const L = (k: string) => [`import.field.products.${k}`, `productUi.field.${k}`];

/** Field keys are zProductSave's, so a schema issue's path names the field (and its column). */
export const productFields = [
  field({ key: 'code', required: true, matchKey: true, parse: productCode, labelKeys: L('code'), synonyms: ['产品代码', '代码', '产品编码', '产品编号', '基金代码', '理财代码', 'code', 'product code'] }),
  field({ key: 'name', parse: f.viaZod(zProductSave.shape.name), labelKeys: L('name'), synonyms: ['产品名称', '名称', '产品全称', '产品简称', '基金名称', '基金简称', 'name', 'product name'] }),
  field({ key: 'type', parse: f.enumOf(PRODUCT_TYPES, 'suitability.productType.', TYPE_WORDS), labelKeys: L('type'), synonyms: ['产品类型', '类型', '产品类别', '类别', '产品种类', 'type', 'product type'] }),
  field({ key: 'issuer', parse: f.viaZod(zProductSave.shape.issuer), labelKeys: L('issuer'), synonyms: ['发行人', '管理人', '发行机构', '管理机构', '基金管理人', '产品管理人', '基金公司', 'issuer'] }),
  field({ key: 'riskLevel', parse: productRisk, labelKeys: L('riskLevel'), synonyms: ['风险等级', '产品风险等级', '风险级别', '产品风险', '风险评级', 'risk level', 'risk'] }),
  field({ key: 'variety', parse: f.enumOf(VARIETIES, 'customer.variety.', { 理财: 'wealth', 两融: 'margin', 期权: 'derivative', 期货: 'derivative' }), labelKeys: L('variety'), synonyms: ['投资品种', '品种', 'variety'] }),
  field({ key: 'horizon', parse: f.enumOf(INVEST_HORIZONS, 'customer.investHorizon.', { 短期: 'short', 中期: 'medium', 长期: 'long' }), labelKeys: L('horizon'), synonyms: ['投资期限', 'horizon', 'investment horizon'] }),
  field({ key: 'termDays', parse: termDays, labelKeys: L('termDays'), synonyms: ['期限(天)', '期限', '期限天数', '产品期限(天)', '封闭期(天)', 'term days', 'term'] }),
  field({ key: 'minAmountFen', parse: f.nonNegativeMoney, unit: 'yuan', labelKeys: [...L('minAmountFen'), 'productUi.field.minAmount', 'productUi.field.minAmountYuan'], synonyms: ['起购金额', '起购金额(元)', '起投金额', '认购起点', '起点金额', '最低认购金额', '最低购买金额', 'min amount', 'minimum amount'] }),
  field({ key: 'saleStart', parse: f.date, labelKeys: L('saleStart'), synonyms: ['销售开始', '销售开始日', '销售开始日期', '销售起始日', '发行开始日', '募集开始日', '认购开始日', 'sale start'] }),
  field({ key: 'saleEnd', parse: f.date, labelKeys: L('saleEnd'), synonyms: ['销售结束', '销售结束日', '销售结束日期', '销售截止日', '发行结束日', '募集结束日', '认购结束日', 'sale end'] }),
  field({ key: 'status', parse: f.enumOf(PRODUCT_STATUSES, 'suitability.productStatus.', STATUS_WORDS), labelKeys: L('status'), synonyms: ['状态', '产品状态', '销售状态', 'status'] }),
];

/** Field key → products column, for the fields a row may give. */
const COLUMNS = {
  code: 'code',
  name: 'name',
  type: 'type',
  issuer: 'issuer',
  riskLevel: 'risk_level',
  variety: 'variety',
  horizon: 'horizon',
  termDays: 'term_days',
  minAmountFen: 'min_amount_fen',
  saleStart: 'sale_start',
  saleEnd: 'sale_end',
  status: 'status',
} as const satisfies Record<string, keyof ProductRow>;
type FieldKey = keyof typeof COLUMNS;
const FIELD_KEYS = Object.keys(COLUMNS) as FieldKey[];

export type ProductPlan =
  | { op: 'insert'; row: Record<string, unknown> }
  | { op: 'update'; id: string; version: number; set: Record<string, unknown>; before: Record<string, unknown> };

const INSERT_COLS = ['id', ...Object.values(COLUMNS), 'documents', 'branch_id', 'version', 'created_at', 'updated_at', 'updated_by', 'deleted_at'];

/** The stored product as products.save's input: what the editor would send unchanged. */
function asSaveInput(e: ProductRow): ProductSaveInput {
  return {
    id: e.id,
    version: e.version,
    code: e.code,
    name: e.name,
    type: e.type,
    issuer: e.issuer,
    riskLevel: e.risk_level,
    variety: e.variety,
    horizon: e.horizon,
    termDays: e.term_days,
    minAmountFen: e.min_amount_fen,
    saleStart: e.sale_start,
    saleEnd: e.sale_end,
    status: e.status,
    documents: JSON.parse(e.documents) as string[],
  };
}

/** May this user save products (products.save: `products.manage`, and HQ)? Read from the database: a job has no actor. */
function mayManageProducts(sqlite: BetterSqlite3.Database, env: TargetEnv): boolean {
  // At HQ's node only: at a branch, where HQ's staff sign in too, HQ would never take the change (dispatch `hqData`).
  if (env.scope.kind !== 'all' || nodeInfo(sqlite).role !== 'hq') return false;
  const r = sqlite
    .prepare(
      `SELECT o.kind AS org_kind, EXISTS (SELECT 1 FROM role_permissions rp WHERE rp.role_id = u.role AND rp.permission = 'products.manage') AS may
         FROM users u JOIN org_units o ON o.id = u.branch_id WHERE u.id = ? AND u.status = 'active' AND u.deleted_at IS NULL`,
    )
    .get(env.userId) as { org_kind: string; may: number } | undefined;
  return r !== undefined && r.org_kind === 'hq' && r.may === 1;
}

function openProducts(env: TargetEnv) {
  const { sqlite } = env;
  // The job's thread reads files but not actors: the refusal is a run-level message, as a refused file's is.
  if (!mayManageProducts(sqlite, env)) throw new ImportFileError('error.import.product.hqOnly');
  const byCodeSql = sqlite.prepare(`SELECT ${PRODUCT_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')} FROM json_each(?) j CROSS JOIN products p ON p.code = j.value WHERE p.deleted_at IS NULL`);
  const insert = sqlite.prepare(`INSERT INTO products (${INSERT_COLS.join(', ')}) VALUES (${INSERT_COLS.map(() => '?').join(', ')})`);
  const insertRisk = sqlite.prepare(
    `INSERT INTO product_risk_changes (id, product_id, branch_id, from_level, to_level, changed_at, changed_by, reason, deleted_at) VALUES (?, ?, ?, NULL, ?, ?, ?, NULL, NULL)`,
  );
  const stmts = new Map<string, BetterSqlite3.Statement>();

  return {
    classify(rows: readonly ValidRow[]): Outcome<ProductPlan>[] {
      const byCode = new Map<string, ProductRow[]>();
      for (const p of byCodeSql.all(JSON.stringify([...new Set(rows.map((r) => r.values.code as string))])) as ProductRow[]) {
        const l = byCode.get(p.code);
        if (l) l.push(p);
        else byCode.set(p.code, [p]);
      }
      return rows.map(({ values: v }): Outcome<ProductPlan> => {
        const hits = byCode.get(v.code as string) ?? [];
        if (hits.length > 1) return { status: 'error', issues: [err('code', 'error.import.product.ambiguous', { count: hits.length })] };
        const e = hits[0];
        if (e && v.riskLevel != null && v.riskLevel !== e.risk_level) return { status: 'error', issues: [err('riskLevel', 'error.import.product.riskChange')] };

        // The record as it will be, checked by the save's own schema.
        const input: Record<string, unknown> = e ? { ...asSaveInput(e) } : {};
        for (const k of FIELD_KEYS) if (v[k] !== undefined && v[k] !== null) input[k] = v[k];
        const parsed = zProductSave.safeParse(input);
        if (!parsed.success) return { status: 'error', issues: parsed.error.issues.map((i) => schemaIssue(i, input)) };
        const d = parsed.data;
        const cols: Record<FieldKey, unknown> = {
          code: d.code,
          name: d.name,
          type: d.type,
          issuer: d.issuer ?? null,
          riskLevel: d.riskLevel,
          variety: d.variety ?? null,
          horizon: d.horizon ?? null,
          termDays: d.termDays ?? null,
          minAmountFen: d.minAmountFen ?? null,
          saleStart: d.saleStart ?? null,
          saleEnd: d.saleEnd ?? null,
          status: d.status,
        };

        if (!e) {
          // The id is drawn at write time: a dry run needs none.
          const row: Record<string, unknown> = { documents: JSON.stringify(d.documents), branch_id: env.userBranchId, version: 1, created_at: env.stamp, updated_at: env.stamp, updated_by: env.userId, deleted_at: null };
          for (const k of FIELD_KEYS) row[COLUMNS[k]] = cols[k];
          return { status: 'new', issues: [], plan: { op: 'insert', row } };
        }
        const set: Record<string, unknown> = {};
        const before: Record<string, unknown> = {};
        for (const k of FIELD_KEYS) {
          const col = COLUMNS[k];
          if (cols[k] !== e[col]) {
            set[col] = cols[k];
            before[col] = e[col];
          }
        }
        if (Object.keys(set).length === 0) return { status: 'unchanged', issues: [] };
        return { status: 'update', issues: [], plan: { op: 'update', id: e.id, version: e.version, set, before } };
      });
    },

    write(plans: readonly ProductPlan[], rec: ChangeRecorder): void {
      for (const p of plans) {
        if (p.op === 'insert') {
          const id = newRowId();
          p.row.id = id;
          insert.run(INSERT_COLS.map((c) => p.row[c] ?? null));
          rec.insert('products', id, 1);
          // Its first risk-history row, as products.save writes for a new product (no reason, no cascade).
          const changeId = newRowId();
          insertRisk.run(changeId, id, env.userBranchId, p.row.risk_level, env.stamp, env.userId);
          rec.insert('product_risk_changes', changeId);
          continue;
        }
        const cols = Object.keys(p.set);
        const sql = `UPDATE products SET ${cols.map((c) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`;
        let st = stmts.get(sql);
        if (!st) stmts.set(sql, (st = sqlite.prepare(sql)));
        // Classified in this same transaction, so the version cannot have moved; a miss is a bug.
        if (st.run(...cols.map((c) => p.set[c]), env.stamp, env.userId, p.id, p.version).changes !== 1) throw new Error('product changed during its import batch');
        rec.update('products', p.id, p.before, p.version + 1);
      }
    },
  };
}

/** A schema issue on the row's field (same key); a value the record lacks is "required", as the form shows it. */
function schemaIssue(i: Parameters<typeof issueFromZod>[0], input: Record<string, unknown>): Issue {
  const key = typeof i.path[0] === 'string' ? i.path[0] : null;
  const fieldKey = key !== null && key in COLUMNS ? key : null;
  if (fieldKey !== null && (input[fieldKey] === undefined || input[fieldKey] === null) && i.code === 'invalid_type') return err(fieldKey, 'validation.required');
  const r = issueFromZod(i);
  return err(fieldKey, r.message, r.params);
}

export const productsKind: KindDef<ProductPlan> = {
  kind: 'products',
  fields: productFields,
  keys: (v) => [String(v.code)],
  target: { open: openProducts },
};
