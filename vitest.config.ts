import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    // 2 cores here: two workers keep the machine responsive; scrypt and SQLite are CPU-bound.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
