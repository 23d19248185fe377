import type { Page } from '@playwright/test';
import { makeIdNumber } from '../helpers/app';
import { test, expect, signIn, type Env } from './fixtures';

/** The customer list as branch staff use it: search, filters, sort, views, bulk tags, create. */
test.use({ customers: 40 });

const sql = (env: Env, query: string, ...args: (string | number)[]) => env.t.db.sqlite.prepare(query).get(...args) as { n: number };

async function openList(page: Page, env: Env, login = 'bm1') {
  await signIn(page, env.url, login);
  await page.getByRole('navigation').getByRole('button', { name: '客户', exact: true }).click();
  await expect(page.getByTestId('customers-count')).toHaveText('共 40 位客户');
}

const rows = (page: Page) => page.getByTestId('customer-list').getByRole('row');

test('search finds a customer by Chinese name, full pinyin and pinyin initials; / focuses the search', async ({ page, env }) => {
  await openList(page, env);
  await page.getByRole('heading', { name: '客户', exact: true }).click();
  await page.keyboard.press('/');
  const search = page.getByRole('textbox', { name: '搜索' });
  await expect(search).toBeFocused();
  const loaded = page.getByTestId('customers-loaded');
  for (const [q, all] of [['张伟', true], ['zhangwei', true], ['zw', false]] as const) {
    await search.fill('');
    await expect(loaded).toHaveText('已加载 40 位客户');
    await search.fill(q);
    await expect(loaded).not.toHaveText(/已加载 (0|40) 位客户/);
    await expect(rows(page).filter({ hasText: '张伟' }).first()).toBeVisible();
    // 张伟 by name or full pinyin: only 张伟s; by initials, also (say) 赵伟 — never a 王.
    if (all) await expect(rows(page).filter({ hasNotText: '张伟' })).toHaveCount(0);
    await expect(rows(page).filter({ hasText: /王/ })).toHaveCount(0);
  }
  // Keyboard: ↓ from the search moves into the list, Enter opens the highlighted customer.
  await search.press('ArrowDown');
  await expect(page.getByTestId('customer-list')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/customers\/[0-9a-f-]{36}$/);
});

test('a level filter and an ascending assets sort narrow the list, and the count matches', async ({ page, env }) => {
  await openList(page, env);
  const { n: gold } = sql(env, `SELECT count(*) AS n FROM customers WHERE level = 'gold' AND deleted_at IS NULL`);
  expect(gold).toBeGreaterThan(1);
  await page.getByTestId('filters-toggle').click();
  await page.getByRole('combobox', { name: '客户等级' }).click();
  await page.getByRole('option', { name: '金卡' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customers-count')).toHaveText(`共 ${gold} 位客户`);
  await expect(page.getByTestId('customers-loaded')).toHaveText(`已加载 ${gold} 位客户`);
  await expect(rows(page)).toHaveCount(gold);
  // Assets sort: descending by default, a click on the header turns it ascending.
  const header = page.getByRole('columnheader', { name: /总资产/ });
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const amounts = async () =>
    (await page.getByTestId('customer-list').getByRole('cell').filter({ hasText: /^\d{1,3}(,\d{3})*\.\d{2}$/ }).allInnerTexts()).map((s) => Number(s.replace(/,/g, '')));
  await expect.poll(async () => { const a = await amounts(); return a.length === gold && a.every((x, i) => i === 0 || a[i - 1]! <= x); }).toBe(true);
});

test('a saved view survives a reload and applies its filter and columns again', async ({ page, env }) => {
  await openList(page, env);
  const { n: active } = sql(env, `SELECT count(*) AS n FROM customers WHERE status = 'active' AND deleted_at IS NULL`);
  await page.getByTestId('filters-toggle').click();
  await page.getByRole('combobox', { name: '客户状态' }).click();
  await page.getByRole('option', { name: '正常' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '显示列' }).click();
  await page.getByTestId('column-chooser').getByLabel('营业部').check();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('columnheader', { name: '营业部' })).toBeVisible();
  await page.getByTestId('views-menu').click();
  await page.getByRole('menuitem', { name: '另存为视图…' }).click();
  await page.getByLabel('视图名称').fill('正常客户');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('视图「正常客户」已保存')).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('customers-count')).toHaveText('共 40 位客户');
  await expect(page.getByRole('columnheader', { name: '营业部' })).toHaveCount(0);
  await page.getByTestId('views-menu').click();
  await page.getByRole('menuitem', { name: '正常客户' }).click();
  await expect(page.getByTestId('customers-count')).toHaveText(`共 ${active} 位客户`);
  await expect(page.getByRole('columnheader', { name: '营业部' })).toBeVisible();
  await expect(page.getByTestId('views-menu')).toHaveText('正常客户');
});

test('bulk tagging two customers asks for confirmation with the count, then tags exactly them', async ({ page, env }) => {
  await openList(page, env);
  await rows(page).nth(0).getByRole('checkbox').check();
  await rows(page).nth(1).getByRole('checkbox').check();
  const bar = page.getByTestId('bulk-bar');
  await expect(bar).toContainText('已选 2 位客户');
  await bar.getByRole('button', { name: '添加标签' }).click();
  const dialog = page.getByRole('dialog', { name: '添加标签' });
  await dialog.getByRole('combobox', { name: '标签' }).fill('重点跟进');
  await dialog.getByRole('combobox', { name: '标签' }).press('Enter');
  await expect(dialog.getByTestId('bulk-confirm')).toHaveText('将为 2 位客户添加以上标签。');
  await dialog.getByRole('button', { name: '确认修改 2 位客户' }).click();
  await expect(page.getByText('已更新 2 位客户')).toBeVisible();
  await expect(bar).toBeHidden();
  expect(sql(env, `SELECT count(*) AS n FROM customer_tags WHERE tag = ? AND deleted_at IS NULL`, '重点跟进').n).toBe(2);
  // The new tag is offered by the tag filter, and filtering by it finds the two.
  await page.getByTestId('filters-toggle').click();
  await page.getByRole('combobox', { name: '标签' }).click();
  await page.getByRole('option', { name: /重点跟进/ }).click();
  await expect(page.getByTestId('customers-count')).toHaveText('共 2 位客户');
});

test("HQ's analyst moves two customers to another branch; HQ's admin approves; the list shows them there", async ({ page, browser, env }) => {
  const shots = process.env.BD_SHOTS;
  await openList(page, env, 'analyst');
  await rows(page).nth(0).getByRole('checkbox').check();
  await rows(page).nth(1).getByRole('checkbox').check();
  const bar = page.getByTestId('bulk-bar');
  await bar.getByRole('button', { name: '转营业部' }).click();
  const dialog = page.getByRole('dialog', { name: '转营业部' });
  const submit = dialog.getByRole('button', { name: '提交复核' });
  await expect(submit).toBeDisabled();
  await dialog.getByRole('combobox', { name: '转入营业部' }).click();
  // HQ is no branch to move customers to.
  await expect(page.getByRole('option', { name: /总部/ })).toHaveCount(0);
  await page.getByRole('option', { name: '北京金融街营业部 · B02' }).click();
  await dialog.getByRole('combobox', { name: '转入后的客户经理' }).click();
  // Only that branch's managers.
  await expect(page.getByRole('option', { name: '李客户经理' })).toHaveCount(0);
  await page.getByRole('option', { name: '吴客户经理' }).click();
  await dialog.getByRole('combobox', { name: '转出原因' }).click();
  await page.getByRole('option', { name: '营业部撤并' }).click();
  await expect(dialog.getByTestId('transfer-confirm')).toContainText('将把 2 位客户连同联系人');
  if (shots) await page.screenshot({ path: `${shots}/transfer-dialog.png` });
  await submit.click();
  await expect(dialog.getByTestId('transfer-pending')).toHaveText(/已提交 2 位客户的转营业部申请，等待复核后生效。/);
  if (shots) await page.screenshot({ path: `${shots}/transfer-sent.png` });
  await dialog.getByRole('button', { name: '关闭' }).click();
  await expect(bar).toBeHidden();
  expect(sql(env, `SELECT count(*) AS n FROM customers WHERE branch_id = ?`, env.t.org.b2).n).toBe(0);

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, env.url, 'admin');
  await page2.getByRole('navigation').getByRole('button', { name: '复核' }).click();
  const pending = page2.getByTestId('approvals-table').locator('tr[data-status="pending"]');
  await expect(pending).toContainText('将 2 位客户从 上海浦东营业部 转至 北京金融街营业部（客户经理：吴客户经理；原因：营业部撤并）');
  if (shots) await page2.screenshot({ path: `${shots}/transfer-approval.png` });
  await pending.getByRole('button', { name: '通过' }).click();
  await page2.getByRole('dialog', { name: '通过复核' }).getByRole('button', { name: '通过' }).click();
  await expect(page2.getByTestId('approvals-table').locator('tr[data-status="pending"]')).toHaveCount(0);
  await other.close();

  await expect.poll(() => sql(env, `SELECT count(*) AS n FROM customers WHERE branch_id = ? AND manager_id = ?`, env.t.org.b2, env.t.users.am2!.id).n).toBe(2);
  await page.getByTestId('filters-toggle').click();
  await page.getByRole('combobox', { name: '营业部' }).click();
  await page.getByRole('option', { name: /北京金融街营业部/ }).click();
  await expect(page.getByTestId('customers-count')).toHaveText('共 2 位客户');
  if (shots) await page.screenshot({ path: `${shots}/transfer-done.png` });
});

test('create: a wrong ID check digit is a field error in Chinese; fixed, the customer is saved', async ({ page, env }) => {
  await openList(page, env);
  await page.getByRole('button', { name: '新建客户' }).click();
  const dialog = page.getByRole('dialog', { name: '新建客户' });
  const good = makeIdNumber('19850312', 457, '310115');
  const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
  await dialog.getByLabel('姓名 / 名称').fill('欧阳明');
  await dialog.getByLabel('客户号').fill('31999001');
  await dialog.getByLabel('证件号码').fill(bad);
  await dialog.getByLabel('手机号码').fill('13912345678');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('证件号码校验位不正确')).toBeVisible();
  await expect(dialog.getByLabel('证件号码')).toHaveAttribute('aria-invalid', 'true');
  expect(sql(env, `SELECT count(*) AS n FROM customers WHERE customer_no = '31999001'`).n).toBe(0);

  await dialog.getByLabel('证件号码').fill(good);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已创建客户 欧阳明（31999001）')).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('customers-count')).toHaveText('共 41 位客户');

  // The same customer number again: shown as a duplicate, with the existing customer, and not saved.
  await page.getByRole('button', { name: '新建客户' }).click();
  await dialog.getByLabel('姓名 / 名称').fill('欧阳明二');
  await dialog.getByLabel('客户号').fill('31999001');
  await dialog.getByLabel('证件号码').fill(makeIdNumber('19850313', 458, '310115'));
  await dialog.getByRole('button', { name: '保存' }).click();
  const dup = dialog.getByTestId('duplicate-matches');
  await expect(dup).toContainText('客户号或证件号码与已有客户重复，不能保存');
  await expect(dup).toContainText('欧阳明');
  await expect(dup).toContainText('客户号相同');
  expect(sql(env, `SELECT count(*) AS n FROM customers WHERE customer_no = '31999001'`).n).toBe(1);
});
