import { test, expect } from './fixtures';

test('first run on an empty database: set up HQ and the administrator, then land in the shell', async ({ page, emptyEnv }) => {
  await page.goto(emptyEnv.url);
  await expect(page.getByRole('heading', { name: '首次使用：初始化系统' })).toBeVisible();
  await expect(page.getByLabel('总部名称')).toBeFocused();
  await page.getByLabel('总部名称').fill('华东证券总部');
  await page.getByLabel('管理员登录名').fill('root');
  await page.getByLabel('管理员姓名').fill('钱总');
  await page.getByLabel('密码', { exact: true }).fill('short1');
  await page.getByLabel('再次输入密码').fill('short1');
  await page.getByRole('button', { name: '完成初始化' }).click();
  // The contract's password policy, checked in the browser with the same schema.
  await expect(page.getByText('密码至少 10 位')).toBeVisible();
  await page.getByLabel('密码', { exact: true }).fill('Admin-pass-2026');
  await page.getByLabel('再次输入密码').fill('Admin-pass-2026');
  await page.keyboard.press('Enter');
  const header = page.getByTestId('header-user');
  await expect(header).toContainText('钱总');
  await expect(header).toContainText('华东证券总部');
  await expect(header).toContainText('系统管理员');
  await expect(page.getByRole('navigation').getByRole('button', { name: '用户管理' })).toBeVisible();
});
