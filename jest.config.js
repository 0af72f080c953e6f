/** Two projects: node for domain, services, resolvers and the emulator; jsdom for the UI. */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
      },
    },
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  // A loaded 2-core machine runs a test several times slower than an idle one: a test's time limit
  // is a bound on a hang, not a performance target (benchmarks measure speed). Global only: jest
  // ignores `testTimeout` inside `projects`.
  testTimeout: 60_000,
  // Forge-bundles every app a test host runs (once per change of its sources): tests/build/.
  globalSetup: '<rootDir>/tests/build/global-setup.cjs',
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform,
      setupFiles: ['<rootDir>/tests/support/fast-check-seed.cjs'],
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.dom\\.test\\.ts$', '<rootDir>/tests/ui/'],
    },
    {
      displayName: 'jsdom',
      testEnvironment: 'jsdom',
      transform,
      moduleNameMapper: { '\\.css$': '<rootDir>/tests/ui/support/style-stub.cjs' },
      setupFiles: [
        '<rootDir>/tests/ui/support/text-encoding.cjs',
        '<rootDir>/tests/support/fast-check-seed.cjs',
      ],
      testMatch: ['<rootDir>/tests/ui/**/*.test.ts?(x)', '<rootDir>/tests/**/*.dom.test.ts'],
    },
  ],
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/domain/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: {
    './src/domain/': { lines: 95, branches: 95 },
  },
};
