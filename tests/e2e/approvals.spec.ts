import { test, expect, signIn } from './fixtures';

test("an admin's role change waits as pending until a second person approves it", async ({ page, browser, env }) => {
  await signIn(page, env.url, 'admin');
  await page.getByRole('navigation').getByRole('button', { name: '用户管理' }).click();
  const row = page.getByTestId('users-table').locator('tr[data-login="am1b"]');
  await expect(row).toContainText('客户经理');
  await row.getByRole('button', { name: /操作/ }).click();
  await page.getByRole('menuitem', { name: '变更角色' }).click();
  const dialog = page.getByRole('dialog', { name: '变更 赵客户经理 的角色' });
  await dialog.getByLabel('新角色').click();
  await page.getByRole('option', { name: '客服' }).click();
  await dialog.getByRole('button', { name: '提交复核' }).click();
  await expect(page.getByText('角色变更已提交，等待另一位同事复核后生效')).toBeVisible();
  // Nothing changed yet.
  await expect(row).toContainText('客户经理');

  await page.getByRole('navigation').getByRole('button', { name: '复核' }).click();
  const pending = page.getByTestId('approvals-table').locator('tr[data-status="pending"]');
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText('变更用户 赵客户经理 的角色：客户经理 → 客服');
  await expect(pending).toContainText('本人提交');
  // The maker cannot be the checker.
  await pending.getByRole('button', { name: '通过' }).click();
  const approve = page.getByRole('dialog', { name: '通过复核' });
  await approve.getByRole('button', { name: '通过' }).click();
  await expect(approve.getByTestId('approval-error')).toHaveText('不能复核自己提交的申请，请由另一位同事复核');
  await approve.getByRole('button', { name: '取消' }).click();

  // A second person, in their own browser session, approves it.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await signIn(page2, env.url, 'bm1');
  await page2.getByRole('navigation').getByRole('button', { name: '复核' }).click();
  const row2 = page2.getByTestId('approvals-table').locator('tr[data-status="pending"]');
  await expect(row2).toContainText('系统管理员');
  await row2.getByRole('button', { name: '通过' }).click();
  const dialog2 = page2.getByRole('dialog', { name: '通过复核' });
  await dialog2.getByLabel('复核意见').fill('已核实');
  await dialog2.getByRole('button', { name: '通过' }).click();
  await expect(page2.getByText('已通过，变更已生效')).toBeVisible();
  await expect(page2.getByTestId('approvals-table').locator('tr[data-status="pending"]')).toHaveCount(0);
  await other.close();

  // The maker sees it approved, and the role changed.
  await page.getByText('全部', { exact: true }).click();
  await expect(page.getByTestId('approvals-table').locator('tr[data-status="approved"]')).toContainText('王经理');
  await page.getByRole('navigation').getByRole('button', { name: '用户管理' }).click();
  await expect(page.getByTestId('users-table').locator('tr[data-login="am1b"]')).toContainText('客服');
});
