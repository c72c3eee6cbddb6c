// Jest runs the TypeScript sources as ESM (NestJS 12 is ESM-only): run it through `npm test`.
// scripts/test.mjs starts one PostgreSQL server (DATABASE_URL, or embedded); each test file makes its own database.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }];
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest },
};
export default {
  ...common,
  maxWorkers: 2,
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/console/src/**/*.spec.ts'] },
    { ...common, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      testTimeout: 120_000,
    },
  ],
};
