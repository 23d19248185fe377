import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { assessed, customer, holds, product } from '../suitability/fixtures';
import { test, expect, signIn } from './fixtures';

/**
 * The home page's task list: a product's risk rise leaves the account manager one task naming
 * how many of their customers it no longer suits; the task lists them and opens each; done
 * takes it off the list. With `BD_SHOTS=<dir>`, screenshots of the list and the customers.
 */
const shots = process.env.BD_SHOTS;
async function shot(page: Page, name: string) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${shots}/tasks-${name}.png` });
}

test('a risk rise gives the manager one task listing the customers it no longer suits', async ({ page, env }) => {
  const t = env.t;
  const pid = await product(t, 'R2');
  const code = t.db.sqlite.prepare(`SELECT code FROM products WHERE id = ?`).pluck().get(pid) as string;
  const a = customer(t);
  const b = customer(t);
  for (const id of [a, b]) assessed(t, id, { level: 'C2', expiresAt: '2099-12-31' });
  holds(t, [
    { customerId: a, accountNo: '600000000101', productCode: code },
    { customerId: b, accountNo: '600000000102', productCode: code },
  ]);
  const analyst = await t.login('analyst');
  const saved = await t.ok(analyst, 'products.save', { id: pid, version: 1, code, name: '稳健增利混合', type: 'fund', riskLevel: 'R4', status: 'on_sale', riskChangeReason: '投资范围调整' });
  await t.app.jobs.wait(saved.cascadeJobId!);

  await signIn(page, env.url, 'am1');
  const tasks = page.getByTestId('home-tasks');
  await expect(tasks.getByTestId('task-row')).toHaveCount(1);
  await expect(tasks).toContainText('稳健增利混合');
  await expect(tasks).toContainText('您的 2 位客户已不匹配');
  await shot(page, '01-home');
  await tasks.getByTestId('task-customers').click();
  const list = page.getByTestId('task-customers-table');
  await expect(list.locator('tbody tr')).toHaveCount(2);
  await shot(page, '02-customers');
  await page.getByRole('button', { name: '关闭' }).click();
  // The same list in English.
  await page.getByText('EN', { exact: true }).click();
  await expect(tasks).toContainText('no longer suits 2 of your customers');
  await shot(page, '03-home-en');
  await page.getByText('中文', { exact: true }).click();
  await tasks.getByRole('button', { name: '完成' }).click();
  await expect(tasks).toContainText('没有待办事项');
});
