import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Page } from '@playwright/test';
import { makeIdNumber } from '../helpers/app';
import type { QuestionnaireDefinition } from '../../src-shared/suitability/suitability.contract';
import { test, expect, signIn, type Env } from './fixtures';

/**
 * Suitability end to end (issue 7 "Done when"): assess a customer with the active
 * questionnaire, recommend an allowed product, try a disallowed one and see it blocked, record a
 * customer-initiated mismatch with the signed warning, and find it in the compliance queue.
 * Also HQ's side: products (create, edit, risk level rise with its history) and activating a
 * questionnaire draft.
 *
 * With `BD_SHOTS=<dir>` the same runs leave screenshots (products, assessment, the verdicts,
 * the compliance queue) for a person to look at.
 */
const shots = process.env.BD_SHOTS;
async function shot(page: Page, name: string) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${shots}/suitability-${name}.png` });
}

const opt = (key: string, text: string, score: number, lowest?: true) => ({ key, text, score, ...(lowest ? { lowest } : {}) });
/** Three questions, 0–45 points: C1 0–9, C2 10–19, C3 20–29, C4 30–39, C5 40+; "no loss at all" is the lowest category. */
const DEFINITION: QuestionnaireDefinition = {
  questions: [
    { key: 'q1', text: '您的主要投资目的是？', options: [opt('A', '保住本金', 0), opt('B', '稳健增值', 5), opt('C', '获取较高收益', 10), opt('D', '追求高收益', 15)] },
    { key: 'q2', text: '您能承受的最大本金亏损是？', options: [opt('A', '不能承受任何亏损', 0, true), opt('B', '10% 以内', 5), opt('C', '10%–30%', 10), opt('D', '30% 以上', 15)] },
    { key: 'q3', text: '您的证券投资经验有多长？', options: [opt('A', '没有经验', 0), opt('B', '1–3 年', 5), opt('C', '3–5 年', 10), opt('D', '5 年以上', 15)] },
  ],
  bands: [
    { level: 'C1', minScore: 0 },
    { level: 'C2', minScore: 10 },
    { level: 'C3', minScore: 20 },
    { level: 'C4', minScore: 30 },
    { level: 'C5', minScore: 40 },
  ],
  lowestBelow: null,
};

type Seeded = { customerId: string; draftId: string; am: string };

/**
 * As HQ (admin): products R1…R5 on sale and a questionnaire (active unless `draftOnly`); as am1
 * (session `am`, left signed in): a customer with no horizon or variety preferences, born in
 * 1985 (or 1950: elderly).
 */
async function seed(env: Env, opts: { draftOnly?: boolean; elderly?: boolean } = {}): Promise<Seeded> {
  const admin = await env.t.login('admin', 'seed-admin');
  const products = [
    ['GZ001', '国债逆回购精选', 'bond', 'R1'],
    ['JX002', '稳健精选债券基金', 'fund', 'R2'],
    ['HH003', '均衡配置混合基金', 'fund', 'R3'],
    ['CZ004', '成长优选股票基金', 'fund', 'R4'],
    ['LH005', '量化对冲私募 5 号', 'wealth', 'R5'],
  ] as const;
  for (const [code, name, type, riskLevel] of products) {
    await env.t.ok(admin, 'products.save', { code, name, type, riskLevel, status: 'on_sale', issuer: '华泰资产管理', minAmountFen: 100_000, documents: ['产品说明书', '风险揭示书'] });
  }
  const draft = await env.t.ok(admin, 'questionnaires.saveDraft', { name: '个人投资者风险承受能力评估问卷', definition: DEFINITION });
  if (!opts.draftOnly) await env.t.ok(admin, 'questionnaires.activate', { id: draft.id });
  await env.t.ok(admin, 'auth.logout', {});

  const am = await env.t.login('am1', 'seed-am1');
  const c = await env.t.ok(am, 'customers.create', {
    customerNo: '31008888',
    name: '陈明',
    idType: 'resident_id',
    idNo: makeIdNumber(opts.elderly ? '19500612' : '19850612', 417, '310115'),
    phone: '13812345678',
    branchId: env.t.org.b1,
  });
  return { customerId: c.id, draftId: draft.id, am };
}

/** A downloaded .xlsx as text: every cell of every sheet, `|` between cells, a line per row. */
async function xlsxText(download: Download): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bd-e2e-suit-'));
  try {
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    return wb.worksheets.flatMap((ws) => ws.getSheetValues().map((r) => (Array.isArray(r) ? r.map((v) => (v === null || v === undefined ? '' : String(v))).join('|') : ''))).join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pickProduct(page: Page, dialog: ReturnType<Page['getByRole']>, code: string) {
  const picker = dialog.getByRole('combobox', { name: '产品' });
  await picker.click();
  await picker.fill(code);
  await page.getByRole('option', { name: new RegExp(code) }).click();
}

test('assess, recommend an allowed product, see a disallowed one blocked, record a customer-initiated mismatch with the warning, find it in the compliance queue', async ({ page, browser, env }) => {
  test.setTimeout(90_000);
  const { customerId } = await seed(env);

  await signIn(page, env.url, 'am1');
  await page.goto(`${env.url}/#/customers/${customerId}`);
  const badges = page.getByTestId('customer-badges');
  await expect(badges).toContainText('未测评');
  await page.getByRole('tab', { name: '适当性' }).click();
  await expect(page.getByTestId('assessment-needed')).toContainText('尚未进行风险测评');

  // Assess: a radio per question; the score and level follow the answers.
  await page.getByRole('button', { name: '风险测评' }).click();
  const assess = page.getByRole('dialog', { name: '风险测评：陈明' });
  await expect(assess).toContainText('个人投资者风险承受能力评估问卷 第 1 版');
  const save = assess.getByRole('button', { name: '保存测评' });
  await expect(save).toBeDisabled();
  await assess.getByRole('radio', { name: 'C. 获取较高收益' }).check();
  await expect(assess.getByTestId('assessment-score')).toHaveText('10');
  await assess.getByRole('radio', { name: 'B. 10% 以内' }).check();
  await expect(save).toBeDisabled();
  await assess.getByRole('radio', { name: 'B. 1–3 年' }).check();
  await expect(assess.getByTestId('assessment-score')).toHaveText('20');
  await expect(assess.getByTestId('assessment-live')).toContainText('已答 3 / 3 题');
  await expect(assess.getByTestId('assessment-live')).toContainText('C3 平衡型');
  await shot(page, '01-assessment');
  await save.click();
  await expect(assess).toBeHidden();
  // The header's badges follow at once: level and validity (valid two years, through the day before).
  await expect(badges).toContainText('风险等级 C3');
  await expect(badges).toContainText('测评有效至');
  await expect(page.getByTestId('assessment-status')).toHaveText('有效');
  await expect(page.getByTestId('assessments-table')).toContainText('个人投资者风险承受能力评估问卷 · v1');

  // Recommend an allowed product (R2 ≤ C3).
  await page.getByRole('button', { name: '推荐产品' }).click();
  let rec = page.getByRole('dialog', { name: '产品推荐：陈明' });
  await pickProduct(page, rec, 'JX002');
  await expect(rec.getByTestId('verdict')).toHaveAttribute('data-outcome', 'allowed');
  await expect(rec.getByTestId('verdict')).toContainText('适当性匹配：可以办理');
  await rec.getByLabel('金额（元）').fill('50000');
  await shot(page, '02-verdict-allowed');
  await rec.getByRole('button', { name: '保存' }).click();
  await expect(rec.getByTestId('rec-saved')).toContainText('JX002 稳健精选债券基金');
  await rec.getByRole('button', { name: '关闭' }).click();
  const recs = page.getByTestId('recommendations-table');
  await expect(recs.locator('tr[data-product="JX002"]')).toContainText('匹配');
  await expect(recs.locator('tr[data-product="JX002"]')).toContainText('50,000.00');

  // A disallowed one (R5 > C3) recommended by the manager: blocked, with the reason, and nothing to save.
  await page.getByRole('button', { name: '推荐产品' }).click();
  rec = page.getByRole('dialog', { name: '产品推荐：陈明' });
  await pickProduct(page, rec, 'LH005');
  await expect(rec.getByTestId('verdict')).toHaveAttribute('data-outcome', 'blocked');
  await expect(rec.getByTestId('verdict')).toContainText('不适当：不能办理');
  await expect(rec.getByTestId('verdict-reasons')).toContainText('产品风险等级高于客户风险承受能力');
  await expect(rec.getByRole('button', { name: '保存' })).toHaveCount(0);
  await shot(page, '03-verdict-blocked');

  // The customer insists (customer-initiated): the warning with its version, saved only once signed.
  await rec.getByText('客户主动购买').click();
  await expect(rec.getByTestId('verdict')).toHaveAttribute('data-outcome', 'warn');
  await expect(rec.getByTestId('risk-warning')).toHaveAttribute('data-version', 'v1');
  await expect(rec.getByTestId('risk-warning')).toContainText('风险警示书（版本 v1）');
  await expect(rec.getByTestId('risk-warning')).toContainText('本人坚持购买');
  const saveWarn = rec.getByRole('button', { name: '保存' });
  await expect(saveWarn).toBeDisabled();
  await rec.getByLabel('客户已阅读并签署风险警示').check();
  await shot(page, '04-verdict-warning');
  await saveWarn.click();
  await expect(rec.getByTestId('rec-saved')).toContainText('合规复核');
  await rec.getByRole('button', { name: '关闭' }).click();
  const warned = recs.locator('tr[data-product="LH005"]');
  await expect(warned).toContainText('客户主动购买');
  await expect(warned).toContainText('不匹配，已风险警示');
  await expect(warned).toContainText('v1 · 李客户经理');
  await expect(warned).toContainText('待复核');
  await shot(page, '05-customer-suitability');

  // The suitability-match opinion (适当性匹配意见) of the warned purchase, as .xlsx.
  const opinion = page.waitForEvent('download');
  await warned.getByRole('button', { name: '下载适当性匹配意见' }).click();
  const opinionFile = await opinion;
  expect(opinionFile.suggestedFilename()).toBe('适当性匹配意见_31008888_LH005.xlsx');
  const opinionText = await xlsxText(opinionFile);
  expect(opinionText).toContain('LH005');
  expect(opinionText).toContain('风险警示书版本|v1');
  expect(opinionText).not.toContain('13812345678');

  // The branch's compliance officer finds it in the queue and reviews it.
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const comp = await ctx.newPage();
  await signIn(comp, env.url, 'comp1');
  await comp.getByRole('navigation').getByRole('button', { name: '合规' }).click();
  const item = comp.getByTestId('review-queue').locator('tr[data-reason="customer_initiated_mismatch"]');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('陈明');
  await expect(item).toContainText('LH005');
  await expect(item).toContainText('客户主动购买不匹配产品');
  await shot(comp, '06-compliance-queue');
  // The queue exported (a job), then handed over as a download.
  const exported = comp.waitForEvent('download');
  await comp.getByTestId('export-reviews').click();
  const queueText = await xlsxText(await exported);
  expect(queueText).toContain('31008888');
  expect(queueText).toContain('LH005');
  await item.getByRole('button', { name: '复核' }).click();
  const review = comp.getByRole('dialog', { name: '合规复核' });
  await review.getByRole('button', { name: '标记为已复核' }).click();
  await expect(review.getByText('必填')).toBeVisible();
  await review.getByLabel('复核意见').fill('已电话回访客户，确认系本人意愿，风险警示书已签署存档。');
  await review.getByRole('button', { name: '标记为已复核' }).click();
  await expect(review).toBeHidden();
  await expect(comp.getByTestId('review-queue').locator('tr[data-status="open"]')).toHaveCount(0);
  await comp.getByTestId('queue-status').getByText('已复核').click();
  await expect(comp.getByTestId('review-queue').locator('tr[data-status="reviewed"]')).toContainText('刘合规');
  await comp.getByRole('tab', { name: '适当性报表' }).click();
  await expect(comp.getByTestId('suitability-report')).toContainText('上海浦东营业部');
  await shot(comp, '07-compliance-report');
  await ctx.close();

  // Back on the customer page the recommendation shows as reviewed.
  await page.reload();
  await page.getByRole('tab', { name: '适当性' }).click();
  await expect(page.getByTestId('recommendations-table').locator('tr[data-product="LH005"]')).toContainText('已复核');
});

test('HQ maintains products (a risk rise is kept in the history) and activates a questionnaire draft after confirming', async ({ page, env }) => {
  test.setTimeout(60_000);
  await seed(env, { draftOnly: true });
  await signIn(page, env.url, 'admin');
  await page.getByRole('navigation').getByRole('button', { name: '产品' }).click();
  const table = page.getByTestId('products-table');
  await expect(table.locator('tr[data-code]')).toHaveCount(5);
  await expect(table.locator('tr[data-code="LH005"] [data-risk="R5"]')).toBeVisible();
  await shot(page, '10-products');

  // The form validates with the contract's schema, next to each field.
  await page.getByRole('button', { name: '新建产品' }).click();
  const form = page.getByRole('dialog', { name: '新建产品' });
  await form.getByLabel('产品代码').fill('bad code!');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.getByText('产品代码为 1–20 位字母、数字或 . _ -')).toBeVisible();
  await expect(form.getByText('必填')).toBeVisible();
  await shot(page, '11-product-form-errors');
  await form.getByLabel('产品代码').fill('SY006');
  await form.getByLabel('产品名称').fill('收益凭证 6 号');
  await form.getByRole('combobox', { name: '产品类型' }).click();
  await page.getByRole('option', { name: '收益凭证' }).click();
  await form.getByRole('combobox', { name: '状态' }).click();
  await page.getByRole('option', { name: '在售' }).click();
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toBeHidden();
  const productPage = page.getByTestId('product-page');
  await expect(productPage).toContainText('收益凭证 6 号');
  await expect(productPage).toContainText('R3 中风险');

  // Someone else saves while the form is open: the save is refused as STALE and the newer version offered.
  await productPage.getByRole('button', { name: '编辑' }).click();
  const edit = page.getByRole('dialog', { name: '编辑产品 SY006' });
  const other = await env.t.login('analyst', 'other-analyst');
  const current = (await env.t.ok(other, 'products.list', { q: 'SY006' })).rows[0]!;
  const { updatedAt: _u, ...fields } = current;
  await env.t.ok(other, 'products.save', { ...fields, issuer: '中信证券' });
  await edit.getByLabel('产品名称').fill('收益凭证 6 号（改）');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit.getByTestId('product-stale')).toContainText('总部分析师');
  await edit.getByRole('button', { name: '载入最新版本（放弃本次修改）' }).click();
  await expect(edit.getByTestId('product-stale')).toBeHidden();
  await expect(edit.getByLabel('发行机构')).toHaveValue('中信证券');
  await expect(edit.getByLabel('产品名称')).toHaveValue('收益凭证 6 号');

  // Raise the risk level: a reason is required, and the change is in the history.
  await edit.getByRole('combobox', { name: '风险等级' }).click();
  await page.getByRole('option', { name: 'R4 中高风险' }).click();
  await expect(edit.getByTestId('risk-rise-warning')).toContainText('由 R3 上调为 R4');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit.getByText('调整产品风险等级时须填写原因')).toBeVisible();
  await edit.getByLabel('风险等级调整原因').fill('底层资产调整为权益类为主');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit).toBeHidden();
  const history = page.getByTestId('risk-history');
  await expect(history).toContainText('底层资产调整为权益类为主');
  await expect(history.locator('[data-risk="R4"]')).toHaveCount(1);
  await expect(productPage).toContainText('R4 中高风险');
  // The rise ran the cascade job (nobody holds this new product: nothing to raise).
  const cascade = page.getByTestId('cascade-progress');
  await expect(cascade).toHaveAttribute('data-status', 'done');
  await expect(cascade).toContainText('检查了 0 位持有或被推荐的客户');
  await shot(page, '12-product-page');

  // Questionnaires: the draft is activated only after a confirmation.
  await page.getByText('返回产品列表').click();
  await page.getByRole('tab', { name: '风险测评问卷' }).click();
  await expect(page.getByText('当前没有启用的问卷')).toBeVisible();
  const draft = page.getByTestId('questionnaires-table').locator('tr[data-status="draft"]');
  await draft.getByRole('button', { name: '编辑' }).click();
  const editor = page.getByTestId('questionnaire-editor');
  await expect(editor.getByText('满分 45 分')).toBeVisible();
  await shot(page, '13-questionnaire-editor');
  // Edit the draft: an empty option is refused next to it by the contract's schema; bands must rise.
  await editor.getByLabel('问卷名称').fill('风险承受能力评估问卷（2027 版）');
  await editor.getByLabel('第 3 题选项 D', { exact: true }).fill('');
  await editor.getByLabel('C3 最低分').fill('5');
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(editor.getByText('必填')).toBeVisible();
  await expect(editor.getByText('分数段须按 C1 到 C5 排列，起始分数逐段递增')).toBeVisible();
  await editor.getByLabel('第 3 题选项 D', { exact: true }).fill('10 年以上');
  await editor.getByLabel('C3 最低分').fill('20');
  await editor.getByRole('button', { name: '保存草稿' }).click();
  await expect(editor).toBeHidden();
  await expect(draft).toContainText('风险承受能力评估问卷（2027 版）');
  await draft.getByRole('button', { name: '启用' }).click();
  await page.getByRole('dialog', { name: '启用问卷' }).getByRole('button', { name: '确认启用' }).click();
  await expect(page.getByTestId('questionnaires-table').locator('tr[data-status="active"]')).toContainText('启用中');
  await expect(page.getByText('当前启用：风险承受能力评估问卷（2027 版）（第 1 版）')).toBeVisible();
});

test("an elderly investor's high-risk purchase and a professional-investor request wait for a second person", async ({ page, browser, env }) => {
  test.setTimeout(90_000);
  const { customerId, draftId, am } = await seed(env, { elderly: true });
  // Assessed C4 (30 points) through the contract, as a branch would.
  await env.t.ok(am, 'suitability.assess', {
    customerId,
    questionnaireId: draftId,
    answers: [
      { question: 'q1', options: ['D'] },
      { question: 'q2', options: ['C'] },
      { question: 'q3', options: ['B'] },
    ],
  });

  await signIn(page, env.url, 'am1');
  await page.goto(`${env.url}/#/customers/${customerId}`);
  await expect(page.getByTestId('customer-badges')).toContainText('70岁以上');
  await page.getByRole('tab', { name: '适当性' }).click();
  await page.getByRole('button', { name: '推荐产品' }).click();
  const rec = page.getByRole('dialog', { name: '产品推荐：陈明' });
  await pickProduct(page, rec, 'CZ004');
  await expect(rec.getByTestId('verdict')).toHaveAttribute('data-outcome', 'needs_approval');
  await expect(rec.getByTestId('verdict')).toContainText('须经第二人复核');
  await expect(rec.getByRole('button', { name: '保存' })).toHaveCount(0);
  await shot(page, '08-verdict-needs-approval');
  await rec.getByRole('button', { name: '提交复核' }).click();
  await expect(rec.getByTestId('rec-pending')).toContainText('在“复核”页面通过后才会记录');
  await rec.getByRole('button', { name: '关闭' }).click();
  // Nothing is recorded until it is approved.
  await expect(page.getByTestId('recommendations-table').locator('tr[data-product]')).toHaveCount(0);

  await page.getByRole('button', { name: '投资者分类' }).click();
  await page.getByRole('menuitem', { name: '申请认定为专业投资者…' }).click();
  const cat = page.getByRole('dialog', { name: '申请认定为专业投资者：陈明' });
  await cat.getByRole('button', { name: '提交复核' }).click();
  await expect(cat.getByText('必填')).toBeVisible();
  await cat.getByLabel('证明材料').fill('金融资产证明（近 20 个交易日日均 600 万元），三年以上证券投资经历，已核对原件。');
  await cat.getByRole('button', { name: '提交复核' }).click();
  await expect(cat.getByTestId('category-pending')).toBeVisible();
  await shot(page, '09-professional-pending');
  await cat.getByRole('button', { name: '关闭' }).click();
  await expect(page.getByTestId('suitability-profile')).toContainText('普通投资者');
  // The request waits for its checker, and the tab says so.
  await expect(page.getByTestId('professional-pending')).toContainText('专业投资者申请待复核');
  await shot(page, '09b-professional-pending-badge');

  // The branch manager approves the recommendation; it is then recorded with both names.
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const bm = await ctx.newPage();
  await signIn(bm, env.url, 'bm1');
  await bm.getByRole('navigation').getByRole('button', { name: '复核' }).click();
  const pending = bm.getByTestId('approvals-table').locator('tr[data-status="pending"]');
  await expect(pending).toHaveCount(2);
  const highRisk = pending.filter({ hasText: 'CZ004' });
  await expect(highRisk).toContainText('31008888');
  await highRisk.getByRole('button', { name: '通过' }).click();
  await bm.getByRole('dialog', { name: '通过复核' }).getByRole('button', { name: '通过' }).click();
  await expect(bm.getByTestId('approvals-table').locator('tr[data-status="pending"]')).toHaveCount(1);
  await ctx.close();

  await page.reload();
  await page.getByRole('tab', { name: '适当性' }).click();
  const approved = page.getByTestId('recommendations-table').locator('tr[data-product="CZ004"]');
  await expect(approved).toContainText('复核人：王经理');
});
