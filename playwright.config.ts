import { defineConfig } from '@playwright/test';

/**
 * Renderer end-to-end tests in Debian's Chromium against the built renderer (dist-renderer),
 * served by the loopback test host (tests/host) over a fresh temporary database per test
 * (tests/e2e/fixtures.ts). `npm run test:e2e` builds first.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? 'line' : 'list',
  forbidOnly: !!process.env.CI,
  use: {
    viewport: { width: 1366, height: 820 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
