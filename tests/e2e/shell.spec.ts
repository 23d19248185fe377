import { writeTxSync } from '../../src-main/db/tx';
import { test, expect, signIn, TEST_PASSWORD } from './fixtures';

test.describe('signing in and the shell', () => {
  test('focus starts in the login field, and a wrong password shows the translated BAD_CREDENTIALS message', async ({ page, env }) => {
    await page.goto(env.url);
    await expect(page.getByLabel('登录名')).toBeFocused();
    await page.keyboard.type('am1');
    await page.getByLabel('密码', { exact: true }).fill('not-the-password1');
    await page.keyboard.press('Enter');
    // No attempts-left count at login: it would tell a stranger that the login exists.
    await expect(page.getByTestId('login-error')).toHaveText('用户名或密码错误');
    // An unknown login gets exactly the same words.
    await page.getByLabel('登录名').fill('nobody');
    await page.getByLabel('密码', { exact: true }).fill('whatever123');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('login-error')).toHaveText('用户名或密码错误');
    // The form validates with the contract's schema before calling: an empty field is required.
    await page.getByLabel('登录名').fill('');
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('登录名')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('必填').first()).toBeVisible();
  });

  test('a password reset that arrives while signed in (by a bundle from HQ) turns the next call into the change-password page', async ({ page, env }) => {
    await signIn(page, env.url, 'am1');
    await expect(page.getByTestId('header-user')).toContainText('李客户经理');
    // As a bundle's apply leaves it: the flag set, the session still open.
    writeTxSync(env.t.db, 'sync', () => env.t.db.sqlite.prepare(`UPDATE users SET must_change_password = 1 WHERE login = 'am1'`).run(), 'uncaptured');
    await page.getByRole('navigation').getByRole('button', { name: '客户', exact: true }).click();
    await expect(page.getByText('首次登录或密码被重置后，需要设置新密码才能继续。')).toBeVisible();
  });

  test('an account manager sees the shell in Chinese, then in English after switching', async ({ page, env }) => {
    await signIn(page, env.url, 'am1');
    const header = page.getByTestId('header-user');
    await expect(header).toContainText('李客户经理');
    await expect(header).toContainText('上海浦东营业部');
    await expect(header).toContainText('客户经理');
    const nav = page.getByRole('navigation');
    for (const label of ['工作台', '客户', '客户分析', '客户服务', '营销', '产品', '知识库', '公告']) {
      await expect(nav.getByRole('button', { name: label, exact: true })).toBeVisible();
    }
    // An account manager manages no users and reads no audit log: those items are hidden.
    await expect(nav.getByRole('button', { name: '用户管理' })).toHaveCount(0);
    await expect(nav.getByRole('button', { name: '审计日志' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: /李客户经理/ })).toBeVisible();
    await expect(page.getByText('没有待办事项')).toBeVisible();

    await page.getByText('EN', { exact: true }).click();
    await expect(nav.getByRole('button', { name: 'Customers', exact: true })).toBeVisible();
    await expect(nav.getByRole('button', { name: 'Home', exact: true })).toBeVisible();
    await expect(header).toContainText('Account manager');
    await expect(page.getByText('No open tasks')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // The choice survives a reload, and so does the session (the host's cookie).
    await page.reload();
    await expect(page.getByTestId('header-user')).toContainText('Account manager');

    // A module that is not built yet says so.
    await page.getByRole('navigation').getByRole('button', { name: 'Marketing' }).click();
    await expect(page.getByTestId('coming-soon')).toContainText('Marketing is coming soon');
  });

  test('lock and unlock: the overlay appears, a wrong password is refused, the right one unlocks', async ({ page, env }) => {
    await signIn(page, env.url, 'am1');
    await page.getByRole('button', { name: '锁定' }).click();
    const overlay = page.getByRole('dialog', { name: /会话已锁定/ });
    await expect(overlay).toBeVisible();
    await expect(overlay).toContainText('已手动锁定');
    const password = overlay.getByLabel('密码');
    await expect(password).toBeFocused();
    await password.fill('wrong-password-1');
    await page.keyboard.press('Enter');
    await expect(overlay).toContainText('用户名或密码错误，再错 4 次将暂时锁定账户');
    // Main agrees the session is locked: the shell's data calls are refused meanwhile.
    await password.fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(overlay).toBeHidden();
    await expect(page.getByTestId('header-user')).toContainText('李客户经理');
  });
});

test.describe('customers', () => {
  // 130 customers of branch 1: more than one keyset page of 100.
  test.use({ customers: 130 });

  test('the customer list pages through keyset results and searches', async ({ page, env }) => {
    await signIn(page, env.url, 'bm1');
    await page.getByRole('navigation').getByRole('button', { name: '客户', exact: true }).click();
    const list = page.getByTestId('customer-list');
    await expect(page.getByTestId('customers-count')).toHaveText('共 130 位客户');
    await expect(page.getByTestId('customers-loaded')).toHaveText('已加载 100 位客户');
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(page.getByTestId('customers-loaded')).toHaveText('已加载 130 位客户');
    // Masked as returned by main, money formatted with two decimals.
    await expect(list.getByText(/^310\*{11}\d{3}[\dX]$/).first()).toBeVisible();
    await expect(list.getByText(/^\d{1,3}(,\d{3})*\.\d{2}$/).first()).toBeVisible();
    await page.getByRole('textbox', { name: '搜索' }).fill('31000105');
    await expect(page.getByTestId('customers-loaded')).toHaveText('已加载 1 位客户');
  });
});

test.describe('idle lock', () => {
  test('after idleLockMinutes without activity the renderer locks the session, and main agrees', async ({ page, env }) => {
    await page.clock.install();
    await signIn(page, env.url, 'am1');
    // Default setting: 10 minutes. The renderer's clock jumps; main sees the auth.lock call.
    await page.clock.fastForward('10:30');
    const overlay = page.getByRole('dialog', { name: /会话已锁定/ });
    await expect(overlay).toBeVisible();
    await expect(overlay).toContainText('长时间未操作，已自动锁定');
    await expect.poll(() => env.t.app.sessions.ofUser(env.t.users.am1!.id)[0]?.locked).toBe(true);
    await overlay.getByLabel('密码').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(overlay).toBeHidden();
  });
});
