import type { Page } from '@playwright/test';
import { makeIdNumber } from '../helpers/app';
import { test, expect, signIn, type Env } from './fixtures';

/**
 * The customer page end to end: search → open → edit → history; reveal an ID number (audited);
 * merge two duplicates through 复核; a concurrent edit refused as STALE.
 */
test.use({ customers: 12 });

// The fixture's first customer (tests/e2e/fixtures.ts): 张伟, customer 31000100, managed by am1.
const FIRST_NO = '31000100';

const customerId = (env: Env, customerNo: string) =>
  (env.t.db.sqlite.prepare('SELECT id FROM customers WHERE customer_no = ?').get(customerNo) as { id: string }).id;

async function openByList(page: Page, env: Env, customerNo: string) {
  await page.getByRole('navigation').getByRole('button', { name: '客户', exact: true }).click();
  await page.getByRole('textbox', { name: '搜索' }).fill(customerNo);
  const row = page.getByTestId('customer-list').getByRole('row').filter({ hasText: customerNo });
  await expect(row).toHaveCount(1);
  // The row can be the unfiltered list's, replaced by the search's answer under the click: click again then.
  await expect(async () => {
    await row.click();
    await expect(page).toHaveURL(new RegExp(`#/customers/${customerId(env, customerNo)}$`), { timeout: 1500 });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByTestId('customer-header')).toContainText(customerNo);
}

test('search → open → edit a field → the change is in History, personal data masked', async ({ page, env }) => {
  await signIn(page, env.url, 'bm1');
  await openByList(page, env, FIRST_NO);
  const header = page.getByTestId('customer-header');
  await expect(header).toContainText('张伟');
  await expect(header).toContainText('上海浦东营业部');
  await expect(page.getByTestId('customer-badges')).toContainText('未测评');
  // Masked in the profile.
  await expect(page.getByTestId('pii-idNo')).toHaveText(/^310\*+\d{3}[\dX]$/);

  await page.getByRole('button', { name: '编辑资料' }).click();
  const drawer = page.getByRole('dialog', { name: '编辑 张伟 的资料' });
  await drawer.getByLabel('职业').fill('教师');
  await drawer.getByLabel('手机号码').fill('139 1234 5678');
  // A bad e-mail is refused in the browser, next to its field, by the contract's schema.
  await drawer.getByLabel('电子邮箱').fill('not-an-email');
  await drawer.getByRole('button', { name: '保存' }).click();
  await expect(drawer.getByText('请输入有效的电子邮箱')).toBeVisible();
  await drawer.getByLabel('电子邮箱').fill('');
  await drawer.getByRole('button', { name: '保存' }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByText('客户资料已保存')).toBeVisible();
  await expect(page.getByTestId('customer-profile').locator('[data-field="occupation"]')).toContainText('教师');
  await expect(page.getByTestId('pii-phone')).toHaveText('139****5678');

  await page.getByRole('tab', { name: '变更历史' }).click();
  const history = page.getByTestId('history-table');
  const occupation = history.locator('tr[data-field="occupation"]').first();
  await expect(occupation).toContainText('职业');
  await expect(occupation).toContainText('教师');
  await expect(occupation).toContainText('王经理');
  const phone = history.locator('tr[data-field="phone"]').first();
  await expect(phone).toContainText('139****5678');
  await expect(phone).not.toContainText('13912345678');

  await page.getByRole('tab', { name: '服务记录' }).click();
  await expect(page.getByTestId('customer-timeline').locator('[data-kind="changed"]').first()).toContainText('职业');
});

test('reveal an ID number: shown in full, and the access is in the audit log', async ({ page, env }) => {
  await signIn(page, env.url, 'bm1');
  await openByList(page, env, FIRST_NO);
  const id = customerId(env, FIRST_NO);
  const FIRST_ID_NO = (env.t.db.sqlite.prepare('SELECT id_no FROM customers WHERE id = ?').get(id) as { id_no: string }).id_no;
  await expect(page.getByTestId('pii-idNo')).not.toHaveText(FIRST_ID_NO);
  await page.getByRole('button', { name: '显示证件号码' }).click();
  await expect(page.getByTestId('pii-idNo')).toHaveText(FIRST_ID_NO);
  await expect(page.getByText('已显示完整内容，本次查看已记入审计日志')).toBeVisible();

  const comp = await env.t.login('comp1');
  const audit = await env.t.ok(comp, 'audit.list', { action: 'customers.revealPii' });
  const row = audit.rows.find((r) => r.targetId === id);
  expect(row?.actorLogin).toBe('bm1');
  expect(row?.outcome).toBe('ok');
  // The audit row names the field, never the value.
  expect(JSON.stringify(audit.rows)).not.toContain(FIRST_ID_NO);
});

test('merge two duplicates: scan, pick fields, submit, a second person approves, the loser points to the survivor', async ({ page, browser, env }) => {
  // A second record of 张伟 with the same mobile, entered by another account manager.
  const am = await env.t.login('am1b');
  const first = env.t.db.sqlite.prepare('SELECT id, phone FROM customers WHERE customer_no = ?').get(FIRST_NO) as { id: string; phone: string };
  const dup = await env.t.ok(am, 'customers.create', {
    customerNo: '31009999',
    name: '张伟',
    idType: 'resident_id',
    idNo: makeIdNumber('19550101', 777, '310115'),
    phone: first.phone,
    occupation: '工程师',
    branchId: env.t.org.b1,
  });

  await signIn(page, env.url, 'bm1');
  await page.getByRole('navigation').getByRole('button', { name: '重复客户' }).click();
  await page.getByRole('button', { name: '查找重复客户' }).click();
  await expect(page.getByTestId('scan-result')).toContainText('查找完成', { timeout: 30_000 });
  const pair = page.getByTestId('dupes-table').locator('tr[data-reason="phone"]').filter({ hasText: '31009999' });
  await expect(pair).toHaveCount(1);
  await pair.getByRole('button', { name: '合并' }).click();

  const dialog = page.getByRole('dialog', { name: '合并客户' });
  await expect(dialog.getByTestId('merge-fields')).toBeVisible();
  // Keep the original record (the fixture's customer), but take the duplicate's occupation.
  const keep = (await dialog.getByRole('radio').count()) > 0;
  expect(keep).toBe(true);
  const survivorIsA = first.id < dup.id;
  await dialog.getByText(survivorIsA ? `张伟 · ${FIRST_NO}` : '张伟 · 31009999').click();
  await dialog.locator('tr[data-field="occupation"]').getByRole('radio', { name: /工程师/ }).check();
  await dialog.getByRole('button', { name: '提交复核' }).click();
  await expect(dialog.getByTestId('merge-pending')).toContainText('需要另一位有复核权限的同事');
  await dialog.getByRole('button', { name: '前往复核' }).click();
  await expect(page.getByTestId('approvals-table').locator('tr[data-status="pending"]')).toHaveCount(1);

  // The checker: a second person with approvals.decide.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, env.url, 'admin');
  await page2.getByRole('navigation').getByRole('button', { name: '复核' }).click();
  const row = page2.getByTestId('approvals-table').locator('tr[data-status="pending"]');
  await row.getByRole('button', { name: '通过' }).click();
  await page2.getByRole('dialog', { name: '通过复核' }).getByRole('button', { name: '通过' }).click();
  await expect(page2.getByText('已通过，变更已生效')).toBeVisible();
  await other.close();

  // The loser is a tombstone pointing at the survivor.
  await page.goto(`${env.url}/#/customers/${dup.id}`);
  await expect(page.getByTestId('merged-banner')).toBeVisible();
  await expect(page.getByRole('button', { name: '编辑资料' })).toHaveCount(0);
  await page.getByRole('button', { name: '打开合并后的客户' }).click();
  await expect(page).toHaveURL(new RegExp(`#/customers/${first.id}$`));
  await expect(page.getByTestId('customer-profile').locator('[data-field="occupation"]')).toContainText('工程师');
  await expect(page.getByTestId('customer-header')).toContainText(FIRST_NO);

  // Undo, while the merge has not gone into a bundle: the other record is back.
  await page.getByTestId('merge-undo-banner').getByRole('button', { name: '撤销合并' }).click();
  await expect(page.getByText('已撤销合并')).toBeVisible();
  await expect(page.getByTestId('merge-undo-banner')).toBeHidden();
  await page.goto(`${env.url}/#/customers/${dup.id}`);
  await expect(page.getByTestId('customer-header')).toContainText('31009999');
});

test('a concurrent edit in two windows: the second save is refused with who and when, then reload', async ({ page, browser, env }) => {
  await signIn(page, env.url, 'bm1');
  await openByList(page, env, FIRST_NO);

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, env.url, 'am1');
  await page2.goto(`${env.url}/#/customers/${customerId(env, FIRST_NO)}`);
  await expect(page2.getByTestId('customer-header')).toContainText('张伟');

  // am1 saves first.
  await page2.getByRole('button', { name: '编辑资料' }).click();
  await page2.getByRole('dialog').getByLabel('职业').fill('医生');
  await page2.getByRole('dialog').getByRole('button', { name: '保存' }).click();
  await expect(page2.getByText('客户资料已保存')).toBeVisible();
  await other.close();

  // bm1's page still holds the older version: its save is refused, and rolled back on screen.
  await page.getByRole('button', { name: '编辑资料' }).click();
  await page.getByRole('dialog').getByLabel('职业').fill('律师');
  await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
  const stale = page.getByTestId('stale-alert');
  await expect(stale).toContainText('该客户已由 李客户经理 于');
  await expect(page.getByTestId('customer-profile').locator('[data-field="occupation"]')).not.toContainText('律师');
  await stale.getByRole('button', { name: '刷新' }).click();
  await expect(stale).toBeHidden();
  await expect(page.getByTestId('customer-profile').locator('[data-field="occupation"]')).toContainText('医生');
});

test("HQ's analyst asks from the customer page to move one customer to another branch; a branch manager is not offered it", async ({ page, browser, env }) => {
  await signIn(page, env.url, 'analyst');
  await openByList(page, env, FIRST_NO);
  await page.getByRole('button', { name: '转营业部' }).click();
  const dialog = page.getByRole('dialog', { name: '转营业部' });
  await dialog.getByRole('combobox', { name: '转入营业部' }).click();
  await page.getByRole('option', { name: '北京金融街营业部 · B02' }).click();
  await dialog.getByRole('combobox', { name: '转出原因' }).click();
  await page.getByRole('option', { name: '客户申请' }).click();
  await expect(dialog.getByTestId('transfer-confirm')).toContainText('将把 1 位客户');
  await dialog.getByRole('button', { name: '提交复核' }).click();
  await expect(dialog.getByTestId('transfer-pending')).toBeVisible();
  const pending = env.t.db.sqlite.prepare(`SELECT method, input FROM approvals WHERE status = 'pending'`).all() as { method: string; input: string }[];
  expect(pending.map((a) => [a.method, (JSON.parse(a.input) as { ids: string[]; managerId: string | null }).ids, (JSON.parse(a.input) as { managerId: string | null }).managerId])).toEqual([
    ['customers.transferBranch', [customerId(env, FIRST_NO)], null],
  ]);

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, env.url, 'bm1');
  await openByList(page2, env, FIRST_NO);
  await expect(page2.getByRole('button', { name: '编辑资料' })).toBeVisible();
  await expect(page2.getByRole('button', { name: '转营业部' })).toHaveCount(0);
  await other.close();
});
