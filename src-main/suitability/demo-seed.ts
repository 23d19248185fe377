import type { Db } from '../db/open';
import { writeTxSync } from '../db/tx';
import type { ProductRiskLevel, ProductType, QuestionnaireDefinition, Variety } from '../../src-shared/suitability/suitability-fields';
import { zQuestionnaireDefinition } from '../../src-shared/suitability/suitability-fields';

/**
 * The demo's suitability master data: one active risk questionnaire (个人投资者风险承受能力评估问卷,
 * modelled on the questionnaires firms publish under the 适当性管理办法) and a shelf of products
 * across types and risk levels, so that a fresh demo can assess, check and recommend at once.
 * HQ-owned (branch_id = HQ), written uncaptured like the rest of the demo.
 */
export const DEMO_QUESTIONNAIRE: QuestionnaireDefinition = zQuestionnaireDefinition.parse({
  questions: [
    { key: 'age', text: '您的年龄是？', options: [
      { key: 'a', text: '18–30 岁', score: 8 }, { key: 'b', text: '31–50 岁', score: 10 }, { key: 'c', text: '51–65 岁', score: 6 }, { key: 'd', text: '65 岁以上', score: 2 },
    ] },
    { key: 'income', text: '您的家庭年收入（折合人民币）为？', options: [
      { key: 'a', text: '10 万元以下', score: 2 }, { key: 'b', text: '10–50 万元', score: 6 }, { key: 'c', text: '50–100 万元', score: 8 }, { key: 'd', text: '100 万元以上', score: 10 },
    ] },
    { key: 'source', text: '您的主要收入来源是？', options: [
      { key: 'a', text: '无固定收入', score: 0 }, { key: 'b', text: '工资、劳务报酬', score: 6 }, { key: 'c', text: '生产经营所得', score: 8 }, { key: 'd', text: '金融资产收益、出租出售房产等', score: 10 },
    ] },
    { key: 'assets', text: '您可用于投资的金融资产为？', options: [
      { key: 'a', text: '50 万元以下', score: 2 }, { key: 'b', text: '50–300 万元', score: 6 }, { key: 'c', text: '300–1000 万元', score: 8 }, { key: 'd', text: '1000 万元以上', score: 10 },
    ] },
    { key: 'experience', text: '您投资股票、基金、外汇、金融衍生品等风险资产的经验是？', options: [
      { key: 'a', text: '没有经验', score: 0 }, { key: 'b', text: '少于 2 年', score: 4 }, { key: 'c', text: '2–5 年', score: 8 }, { key: 'd', text: '5 年以上', score: 10 },
    ] },
    { key: 'knowledge', text: '以下描述中，哪项最符合您的投资知识水平？', options: [
      { key: 'a', text: '缺乏金融产品知识', score: 0 }, { key: 'b', text: '了解基本的金融产品知识', score: 4 }, { key: 'c', text: '较丰富，能理解产品风险', score: 8 }, { key: 'd', text: '丰富，从事或曾从事金融相关工作', score: 10 },
    ] },
    { key: 'horizon', text: '您计划的投资期限是？', options: [
      { key: 'a', text: '1 年以内', score: 2 }, { key: 'b', text: '1–3 年', score: 6 }, { key: 'c', text: '3–5 年', score: 8 }, { key: 'd', text: '5 年以上', score: 10 },
    ] },
    { key: 'goal', text: '您的投资目标是？', options: [
      { key: 'a', text: '保本，不能承受任何本金损失', score: 0, lowest: true }, { key: 'b', text: '资产保值，可承受较小波动', score: 4 }, { key: 'c', text: '资产稳健增长', score: 8 }, { key: 'd', text: '资产迅速增长', score: 10 },
    ] },
    { key: 'loss', text: '您能承受的最大投资损失是？', options: [
      { key: 'a', text: '10% 以内', score: 2 }, { key: 'b', text: '10%–30%', score: 6 }, { key: 'c', text: '30%–50%', score: 8 }, { key: 'd', text: '50% 以上', score: 10 },
    ] },
    { key: 'varieties', text: '您有意投资哪些品种？（可多选）', multi: true, options: [
      { key: 'a', text: '存款、国债、货币基金', score: 2 }, { key: 'b', text: '债券、债券基金、银行理财', score: 5 }, { key: 'c', text: '股票、混合基金、股票基金', score: 8 }, { key: 'd', text: '期货、期权、融资融券等', score: 10 },
    ] },
  ],
  bands: [
    { level: 'C1', minScore: 0 },
    { level: 'C2', minScore: 30 },
    { level: 'C3', minScore: 50 },
    { level: 'C4', minScore: 70 },
    { level: 'C5', minScore: 85 },
  ],
  lowestBelow: 20,
});

type DemoProduct = { code: string; name: string; type: ProductType; issuer: string; level: ProductRiskLevel; variety: Variety; horizon: 'short' | 'medium' | 'long'; termDays: number | null; minYuan: number; documents: string[] };

const FUND_DOCS = ['基金合同', '招募说明书', '产品资料概要', '风险揭示书'];
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { code: 'DM0001', name: '安盈货币市场基金A', type: 'fund', issuer: '安盈基金管理有限公司', level: 'R1', variety: 'fund', horizon: 'short', termDays: null, minYuan: 1, documents: FUND_DOCS },
  { code: 'DM0002', name: '稳享纯债债券型基金', type: 'fund', issuer: '安盈基金管理有限公司', level: 'R2', variety: 'fund', horizon: 'medium', termDays: null, minYuan: 10, documents: FUND_DOCS },
  { code: 'DM0003', name: '均衡优选混合型基金', type: 'fund', issuer: '华信基金管理有限公司', level: 'R3', variety: 'fund', horizon: 'medium', termDays: null, minYuan: 10, documents: FUND_DOCS },
  { code: 'DM0004', name: '沪深300指数增强基金', type: 'fund', issuer: '华信基金管理有限公司', level: 'R4', variety: 'fund', horizon: 'long', termDays: null, minYuan: 10, documents: FUND_DOCS },
  { code: 'DM0005', name: '新能源产业股票型基金', type: 'fund', issuer: '鼎元基金管理有限公司', level: 'R5', variety: 'fund', horizon: 'long', termDays: null, minYuan: 10, documents: FUND_DOCS },
  { code: 'DM0101', name: '本金保障型收益凭证第 128 期', type: 'income_cert', issuer: '本公司', level: 'R1', variety: 'income_cert', horizon: 'short', termDays: 91, minYuan: 50_000, documents: ['产品说明书', '认购协议', '风险揭示书'] },
  { code: 'DM0102', name: '浮动收益凭证（挂钩中证500）第 36 期', type: 'income_cert', issuer: '本公司', level: 'R3', variety: 'income_cert', horizon: 'medium', termDays: 365, minYuan: 50_000, documents: ['产品说明书', '认购协议', '风险揭示书'] },
  { code: 'DM0201', name: '稳健增利集合资产管理计划', type: 'wealth', issuer: '本公司资产管理部', level: 'R3', variety: 'wealth', horizon: 'medium', termDays: 365, minYuan: 1_000_000, documents: ['资产管理合同', '说明书', '风险揭示书'] },
  { code: 'DM0202', name: '量化对冲一号集合资产管理计划', type: 'wealth', issuer: '本公司资产管理部', level: 'R5', variety: 'wealth', horizon: 'long', termDays: 730, minYuan: 1_000_000, documents: ['资产管理合同', '说明书', '风险揭示书'] },
  { code: 'DM0301', name: '2024 年记账式附息国债（十期）', type: 'bond', issuer: '财政部', level: 'R1', variety: 'bond', horizon: 'long', termDays: 3650, minYuan: 1_000, documents: ['发行公告'] },
  { code: 'DM0302', name: '某城投公司 2023 年公司债券', type: 'bond', issuer: '某城市建设投资有限公司', level: 'R2', variety: 'bond', horizon: 'medium', termDays: 1095, minYuan: 100_000, documents: ['募集说明书', '信用评级报告'] },
  { code: 'DM0303', name: '某实业集团可转换公司债券', type: 'bond', issuer: '某实业集团股份有限公司', level: 'R4', variety: 'bond', horizon: 'medium', termDays: 2190, minYuan: 1_000, documents: ['募集说明书', '风险揭示书'] },
];

/** Write the questionnaire (active) and the products with their first risk-history rows. */
/** `newId` gives the demo's deterministic UUIDv7s (the generator's, for its seed and clock). */
export function seedSuitabilityDemo(db: Db, opts: { hqId: string; authorId: string; now: number; newId: () => string }): void {
  const iso = new Date(opts.now).toISOString();
  const id = opts.newId;
  writeTxSync(
    db,
    'demo',
    () => {
      const s = db.sqlite;
      s.prepare(
        `INSERT INTO questionnaires (id, name, version, status, definition, branch_id, created_by, created_at, activated_at, retired_at, updated_at, deleted_at)
         VALUES (?, '个人投资者风险承受能力评估问卷', 1, 'active', ?, ?, ?, ?, ?, NULL, ?, NULL)`,
      ).run(id(), JSON.stringify(DEMO_QUESTIONNAIRE), opts.hqId, opts.authorId, iso, iso, iso);
      const p = s.prepare(
        `INSERT INTO products (id, code, name, type, issuer, risk_level, variety, horizon, term_days, min_amount_fen, sale_start, sale_end, status, documents, branch_id, version, created_at, updated_at, updated_by, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'on_sale', ?, ?, 1, ?, ?, ?, NULL)`,
      );
      const h = s.prepare(`INSERT INTO product_risk_changes (id, product_id, branch_id, from_level, to_level, changed_at, changed_by, reason, deleted_at) VALUES (?, ?, ?, NULL, ?, ?, ?, NULL, NULL)`);
      const saleStart = iso.slice(0, 10);
      for (const d of DEMO_PRODUCTS) {
        const pid = id();
        p.run(pid, d.code, d.name, d.type, d.issuer, d.level, d.variety, d.horizon, d.termDays, d.minYuan * 100, saleStart, JSON.stringify(d.documents), opts.hqId, iso, iso, opts.authorId);
        h.run(id(), pid, opts.hqId, d.level, iso, opts.authorId);
      }
    },
    'uncaptured',
  );
}
