// Jest runs the TypeScript sources as ESM (NestJS 12 is ESM-only). scripts/test.mjs starts the
// database and calls Jest; run `npm test` rather than jest directly.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }];
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest },
};
export default {
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
  ],
};
