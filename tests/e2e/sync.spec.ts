import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { makeIdNumber } from '../helpers/app';
import { test, expect, signIn } from './sync-fixtures';
import { installEnrollment } from '../../src-main/sync/enroll';
import { keyFromRecoveryFile } from '../../src-main/sync/recovery';
import { formatHlc } from '../../src-main/sync/hlc';

/**
 * Two installs (issue 6 "Done when"): HQ and branch 1, each its own database and test host. A
 * customer created at the branch reaches HQ by bundle; HQ and the branch edit the same field
 * before either has the other's change; bundles both ways put the concurrent edit in the
 * conflict inbox; it is resolved there (the other install's copy closes with it), and both
 * installs show the same value. Every step goes
 * through the pages (bundles are downloaded from one host and uploaded to the other). With
 * BD_SHOTS=<dir>, screenshots of the sync page and the inbox in zh-CN and en.
 */
const shots = process.env.BD_SHOTS;
const shot = async (page: Page, name: string) => {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
};

/** Dismiss the last job's outcome, so the next one waited for is the new job's. */
async function clearResult(page: Page): Promise<void> {
  const old = page.getByTestId('sync-job-result');
  if (await old.count()) await old.getByRole('button', { name: /^(关闭|Close)$/ }).click();
  await expect(old).toHaveCount(0);
}

/** Make a bundle on the sync page and save the download where the other install can pick it up. */
async function makeBundle(page: Page, button: RegExp | string, path: string): Promise<void> {
  await clearResult(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByTestId('sync-job-result-title')).toContainText(/已生成 1 个同步包|1 bundle\(s\) created/, { timeout: 30_000 });
  await (await download).saveAs(path);
}

/** Receive a bundle file on the sync page; answers the result's text. */
async function receive(page: Page, path: string): Promise<string> {
  await clearResult(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '接收同步包' }).click();
  await (await chooser).setFiles(path);
  const result = page.getByTestId('sync-job-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  return result.innerText();
}

async function editOccupation(page: Page, url: string, id: string, name: string, value: string): Promise<void> {
  await page.goto(`${url}/#/customers/${id}`);
  await page.getByRole('button', { name: '编辑资料' }).click();
  const drawer = page.getByRole('dialog', { name: `编辑 ${name} 的资料` });
  await drawer.getByLabel('职业').fill(value);
  await drawer.getByRole('button', { name: '保存' }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByTestId('customer-profile').locator('[data-field="occupation"]')).toContainText(value);
}

const occupationOn = (page: Page) => page.getByTestId('customer-profile').locator('[data-field="occupation"]');

test('HQ and a branch: create, bundle, concurrent edits, bundles both ways, resolve in the inbox, the same value at both', async ({ browser, env, branch }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'bd-e2e-sync-'));
  const hqCtx = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const brCtx = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const hq = await hqCtx.newPage();
  const br = await brCtx.newPage();
  try {
    // 1. A customer created at the branch, through the list's "new customer" dialog.
    await signIn(br, branch.url, 'op1');
    await br.getByRole('navigation').getByRole('button', { name: '客户', exact: true }).click();
    await br.getByRole('button', { name: '新建客户' }).click();
    const dialog = br.getByRole('dialog', { name: '新建客户' });
    await dialog.getByLabel('姓名 / 名称').fill('钱学敏');
    await dialog.getByLabel('客户号').fill('31990001');
    await dialog.getByLabel('证件号码').fill(makeIdNumber('19750315', 611, '310115'));
    await dialog.getByLabel('手机号码').fill('13987654321');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(br.getByText('已创建客户 钱学敏（31990001）')).toBeVisible();
    const id = (branch.db.sqlite.prepare(`SELECT id FROM customers WHERE customer_no = '31990001'`).pluck().get() as string | undefined) ?? '';
    expect(id).not.toBe('');

    // 2. Its bundle for HQ, made on the branch's sync page.
    await br.getByRole('navigation').getByRole('button', { name: '同步', exact: true }).click();
    await expect(br.getByTestId('sync-node-role')).toHaveText('营业部');
    await expect(br.getByTestId('sync-peers').locator('tr[data-peer="HQ"]')).toContainText('从未');
    await makeBundle(br, '生成发往总部的同步包', join(dir, 'b1-1.bdsync'));
    await expect(br.getByTestId('sync-peers').locator('tr[data-peer="HQ"]')).toContainText('至链路序号');

    // 3. Received at HQ: the customer is there.
    await signIn(hq, env.url, 'hqop');
    await hq.getByRole('navigation').getByRole('button', { name: '同步', exact: true }).click();
    await expect(hq.getByTestId('sync-node-role')).toHaveText('总部');
    expect(await receive(hq, join(dir, 'b1-1.bdsync'))).toContain('已接收来自 B01 的同步包');
    expect(env.t.db.sqlite.prepare(`SELECT name FROM customers WHERE id = ?`).pluck().get(id)).toBe('钱学敏');
    // The same file again: a duplicate, said so, nothing changed.
    expect(await receive(hq, join(dir, 'b1-1.bdsync'))).toContain('已经接收过');

    // 4. The same field edited at both installs before either has the other's change: the branch first, HQ later (HQ's wins by clock).
    await editOccupation(br, branch.url, id, '钱学敏', '教师');
    await editOccupation(hq, env.url, id, '钱学敏', '医生');

    // 5. Bundles both ways.
    await br.goto(`${branch.url}/#/sync`);
    await makeBundle(br, '生成发往总部的同步包', join(dir, 'b1-2.bdsync'));
    await hq.goto(`${env.url}/#/sync`);
    expect(await receive(hq, join(dir, 'b1-2.bdsync'))).toContain('1 处并发修改已放入冲突列表');
    await makeBundle(hq, '生成发往 上海浦东营业部 的同步包', join(dir, 'hq-1.bdsync'));
    expect(await receive(br, join(dir, 'hq-1.bdsync'))).toContain('已接收来自 HQ 的同步包');
    await expect(hq.getByTestId('sync-conflicts-open')).toHaveText('1');
    await expect(br.getByTestId('sync-conflicts-open')).toHaveText('1');
    await shot(hq, 'sync-01-status-hq-zh-CN');
    await shot(br, 'sync-02-status-branch-zh-CN');

    // 6. The inbox at HQ: both values side by side, who and when. Take the branch's value.
    await hq.getByRole('navigation').getByRole('button', { name: '同步冲突', exact: true }).click();
    const row = hq.getByTestId('conflict-inbox').locator('tr[data-field="occupation"]');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('conflict-current')).toHaveText('医生');
    await expect(row.getByTestId('conflict-other')).toHaveText('教师');
    await expect(row).toContainText('总部运营');
    await expect(row).toContainText('孙运营');
    await expect(row).toContainText('钱学敏');
    await shot(hq, 'sync-03-inbox-hq-zh-CN');
    await row.getByRole('button', { name: '采用另一值' }).click();
    await expect(hq.getByText('没有待处理的冲突')).toBeVisible();
    await hq.getByText('已处理', { exact: true }).click();
    await expect(hq.getByTestId('conflict-inbox').locator('tr[data-field="occupation"]')).toContainText('已改写');

    // 7. The resolution is a new edit: HQ's next bundle carries it to the branch.
    await hq.goto(`${env.url}/#/sync`);
    await makeBundle(hq, '生成发往 上海浦东营业部 的同步包', join(dir, 'hq-2.bdsync'));
    expect(await receive(br, join(dir, 'hq-2.bdsync'))).toContain('已接收来自 HQ 的同步包');

    // 8. Both installs show the same value.
    await hq.goto(`${env.url}/#/customers/${id}`);
    await expect(occupationOn(hq)).toContainText('教师');
    await br.goto(`${branch.url}/#/customers/${id}`);
    await expect(occupationOn(br)).toContainText('教师');
    expect(env.t.db.sqlite.prepare(`SELECT occupation FROM customers WHERE id = ?`).pluck().get(id)).toBe('教师');
    expect(branch.db.sqlite.prepare(`SELECT occupation FROM customers WHERE id = ?`).pluck().get(id)).toBe('教师');

    // The branch's own copy of the conflict was closed by HQ's decision, which came with the edit.
    await br.goto(`${branch.url}/#/conflicts`);
    await expect(br.getByText('没有待处理的冲突')).toBeVisible();
    await br.getByText('已处理', { exact: true }).click();
    const brRow = br.getByTestId('conflict-inbox').locator('tr[data-field="occupation"]');
    await expect(brRow).toContainText('已改写');
    await expect(brRow).toContainText('总部运营');
    await shot(br, 'sync-04-inbox-branch-zh-CN');

    // 9. The same pages in English.
    if (shots) {
      for (const p of [hq, br]) await p.evaluate(() => localStorage.setItem('brokerdesk.language', 'en'));
      await hq.goto(`${env.url}/#/sync`);
      await hq.reload();
      await expect(hq.getByTestId('sync-node-role')).toHaveText('Head office');
      await shot(hq, 'sync-05-status-hq-en');
      await br.reload();
      await br.getByText('Resolved', { exact: true }).click();
      await expect(br.getByTestId('conflict-inbox')).toContainText('Rewritten');
      await shot(br, 'sync-06-inbox-branch-en');
      await hq.goto(`${env.url}/#/conflicts`);
      await hq.getByText('Resolved', { exact: true }).click();
      await expect(hq.getByTestId('conflict-inbox')).toContainText('Rewritten');
      await shot(hq, 'sync-07-inbox-resolved-hq-en');
      for (const p of [hq, br]) {
        await p.evaluate(() => localStorage.setItem('brokerdesk.language', 'zh-CN'));
        await p.reload();
      }
    }

    // 10. HQ's administrator enrolls branch 2: the passphrase is shown once, and it opens the file that was saved.
    const adminCtx = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    try {
      const admin = await adminCtx.newPage();
      await signIn(admin, env.url, 'admin');
      await admin.goto(`${env.url}/#/sync`);
      await expect(admin.getByTestId('sync-peers').locator('tr[data-peer="B01"]')).toBeVisible();
      await shot(admin, 'sync-09-status-hq-admin-zh-CN');
      await admin.getByRole('button', { name: '登记新营业部' }).click();
      const enroll = admin.getByRole('dialog', { name: '登记新营业部' });
      await enroll.getByRole('combobox', { name: '营业部' }).click();
      await admin.getByRole('option', { name: /北京金融街营业部/ }).click();
      const download = admin.waitForEvent('download');
      await enroll.getByRole('button', { name: '选择保存位置并生成' }).click();
      const passphrase = (await enroll.getByTestId('enroll-passphrase').innerText()).trim();
      expect(passphrase.length).toBeGreaterThan(10);
      await expect(enroll.getByTestId('sync-job-result-title')).toContainText('B02 的登记文件已生成', { timeout: 30_000 });
      const enrollFile = join(dir, 'B02.bdenroll');
      await (await download).saveAs(enrollFile);
      await shot(admin, 'sync-10-enroll-passphrase-zh-CN');
      const installed = installEnrollment(join(dir, 'b2.db'), readFileSync(enrollFile), passphrase, new Date());
      expect(installed.orgId).toBe(env.t.org.b2);
      await expect(enroll.getByRole('button', { name: '完成' })).toBeDisabled();
      await enroll.getByLabel('我已记下口令').check();
      await enroll.getByRole('button', { name: '完成' }).click();
      await expect(enroll).toBeHidden();
      await expect(admin.getByTestId('sync-peers').locator('tr[data-peer="B02"]')).toBeVisible();

      // 11. Branch 1 has lost its key: HQ's administrator writes its recovery file with the
      // recovery passphrase (a wrong one is said under the field), and the key it holds opens B01's database.
      await admin.getByRole('button', { name: '密钥恢复' }).click();
      const recover = admin.getByRole('dialog', { name: '营业部数据库密钥恢复' });
      await recover.getByRole('combobox', { name: '营业部' }).click();
      await admin.getByRole('option', { name: /B01/ }).click();
      await recover.getByTestId('recovery-passphrase-input').fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF');
      await recover.getByRole('button', { name: '选择保存位置并生成' }).click();
      await expect(recover.getByText('恢复口令不正确', { exact: false })).toBeVisible();
      await shot(admin, 'sync-11-recovery-wrong-zh-CN');
      expect(branch.recoveryPassphrase).not.toBeNull();
      await recover.getByTestId('recovery-passphrase-input').fill(branch.recoveryPassphrase!);
      const saved = admin.waitForEvent('download');
      await recover.getByRole('button', { name: '选择保存位置并生成' }).click();
      const oneTime = (await recover.getByTestId('recovery-one-time').innerText()).trim();
      const recoveryFile = join(dir, 'B01.bdkey');
      await (await saved).saveAs(recoveryFile);
      await shot(admin, 'sync-12-recovery-passphrase-zh-CN');
      expect(keyFromRecoveryFile(branch.db.file, readFileSync(recoveryFile), oneTime, new Date())).toBe(branch.dbKey);
      await recover.getByLabel('我已记下口令').check();
      await recover.getByRole('button', { name: '完成' }).click();
      await expect(recover).toBeHidden();
    } finally {
      await adminCtx.close();
    }
  } finally {
    await hqCtx.close();
    await brCtx.close();
    rmSync(dir, { recursive: true, force: true });
  }
});


test("a contact's and an account's conflicts in the inbox: the form's inputs for a new value, and taking the other", async ({ page, env }) => {
  const t = env.t;
  const am = await t.login('am1', 'e2e-seed');
  const c = await t.ok(am, 'customers.create', { customerNo: '31990002', name: '孙立', idType: 'resident_id', idNo: makeIdNumber('19800202', 612, '310115'), phone: '13987650002', branchId: t.org.b1 });
  const contact = await t.ok(am, 'customers.contacts.save', { customerId: c.id, kind: 'relative', name: '孙小立', relation: '子女', phone: '13600000001', isPrimary: true });
  const account = await t.ok(am, 'customers.accounts.save', { customerId: c.id, accountNo: '880000000011', type: 'normal', status: 'closed' });
  // Concurrent edits recorded as apply records them: HQ's value (a minute from now) won, the branch's (an hour ago) lost.
  const conflict = t.db.sqlite.prepare(
    `INSERT INTO sync_conflicts (id, tbl, row_id, col, branch_id, winner_value, winner_hlc, winner_author, loser_value, loser_hlc, loser_author, detected_at, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
  );
  const now = Date.now();
  const at = (wall: number, node: string) => formatHlc({ wall, counter: 0, node });
  for (const [id, table, row, col, winner, loser] of [
    ['01900000-0000-7000-8000-0000000000c1', 'contacts', contact.id, 'is_primary', '1', '0'],
    ['01900000-0000-7000-8000-0000000000a1', 'accounts', account.id, 'status', '"closed"', '"frozen"'],
  ] as const) {
    conflict.run(id, table, row, col, t.org.b1, winner, at(now + 60_000, 'f0'), t.users.hqop!.id, loser, at(now - 3_600_000, 'b1'), t.users.am1!.id, new Date(now).toISOString());
  }

  await signIn(page, env.url, 'hqop');
  await page.getByRole('navigation').getByRole('button', { name: '同步冲突', exact: true }).click();
  const inbox = page.getByTestId('conflict-inbox');
  const primary = inbox.locator('tr[data-field="isPrimary"]');
  const status = inbox.locator('tr[data-field="status"]');
  await expect(primary.getByTestId('conflict-current')).toHaveText('是');
  await expect(primary.getByTestId('conflict-other')).toHaveText('否');
  await expect(primary).toContainText('联系人 · 主要联系人');
  await expect(primary.getByTestId('conflict-now')).toHaveCount(0);
  await expect(status.getByTestId('conflict-current')).toHaveText('已销户');
  await expect(status.getByTestId('conflict-other')).toHaveText('冻结');
  await expect(status).toContainText('孙立');
  await expect(status).toContainText('资金账户 · 账户状态');
  await shot(page, 'sync-11-inbox-contact-account-zh-CN');
  if (shots) {
    await page.evaluate(() => localStorage.setItem('brokerdesk.language', 'en'));
    await page.reload();
    await expect(status).toContainText('Account · ');
    await shot(page, 'sync-13-inbox-contact-account-en');
    await status.getByRole('button', { name: 'Type a value' }).click();
    await shot(page, 'sync-14-type-value-account-en');
    await page.keyboard.press('Escape');
    await page.evaluate(() => localStorage.setItem('brokerdesk.language', 'zh-CN'));
    await page.reload();
    await expect(status).toContainText('资金账户 · 账户状态');
  }

  // A third value for the account's status: the account form's choices.
  await status.getByRole('button', { name: '输入新值' }).click();
  const dialog = page.getByRole('dialog', { name: '输入新值' });
  await dialog.getByRole('combobox', { name: '新的账户状态' }).click();
  await page.getByRole('option', { name: '正常' }).click();
  await shot(page, 'sync-12-type-value-account-zh-CN');
  await dialog.getByRole('button', { name: '保存新值' }).click();
  await expect(dialog).toBeHidden();
  await expect(status).toHaveCount(0);
  expect(t.db.sqlite.prepare(`SELECT status FROM accounts WHERE id = ?`).pluck().get(account.id)).toBe('active');

  // The contact's flag: take the other value.
  await primary.getByRole('button', { name: '采用另一值' }).click();
  await expect(page.getByText('没有待处理的冲突')).toBeVisible();
  expect(t.db.sqlite.prepare(`SELECT is_primary FROM contacts WHERE id = ?`).pluck().get(contact.id)).toBe(0);
});

test("at a branch's installation HQ's master data is read only, though HQ's staff sign in there: no new user or new product", async ({ browser, env, branch }) => {
  const as = async (url: string, login: string) => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    const page = await ctx.newPage();
    await signIn(page, url, login);
    return { page, nav: page.getByRole('navigation'), close: () => ctx.close() };
  };
  // At HQ the administrator creates users.
  const hq = await as(env.url, 'admin');
  await hq.nav.getByRole('button', { name: '用户管理' }).click();
  await expect(hq.page.getByRole('button', { name: '新建用户' })).toBeVisible();
  await hq.close();
  // At the branch's installation, the same administrator sees the users without the button or the row menus.
  const admin = await as(branch.url, 'admin');
  await admin.nav.getByRole('button', { name: '用户管理' }).click();
  await expect(admin.page.getByRole('table')).toContainText('am1');
  await expect(admin.page.getByRole('button', { name: '新建用户' })).toHaveCount(0);
  await expect(admin.page.getByRole('button', { name: /^操作/ })).toHaveCount(0);
  await expect(admin.page.getByTestId('users-hq-managed')).toContainText('用户由总部维护');
  await shot(admin.page, 'sync-13-branch-users-readonly-zh-CN');
  await admin.close();
  // Nor does HQ's analyst create products there.
  const analyst = await as(branch.url, 'analyst');
  await analyst.nav.getByRole('button', { name: '产品' }).click();
  await expect(analyst.page.getByRole('table')).toBeVisible();
  await expect(analyst.page.getByRole('button', { name: '新建产品' })).toHaveCount(0);
  await analyst.close();
});
