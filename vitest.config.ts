import { defineConfig } from 'vitest/config';

// Tiers by suffix (STYLE.md 11): unit tests need nothing; int/e2e tests share one local
// stack (DynamoDB Local, SQS, SES) started once per run by test/global-setup.ts.

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['domain/**/*.unit.test.ts', 'app/**/*.unit.test.ts', 'test/**/*.unit.test.ts', 'functions/**/*.unit.test.ts', 'adapters/**/*.unit.test.ts', 'infra/**/*.unit.test.ts', 'templates/**/*.unit.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['test/**/*.int.test.ts', 'test/**/*.e2e.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
