/**
 * Two projects, so the pure tests can run on their own in seconds:
 * - `unit`: the domain and other pure code (no server, no SQLite file, no child process).
 *   `npm run test:unit` runs only these.
 * - `integration`: everything else (real SQLite files, the HTTP app, the built CLI, browsers).
 * `npm test` runs both.
 *
 * ts-jest only transpiles (tsconfig.jest.json sets isolatedModules): type-checking every file again
 * in each worker took most of a suite's time. The types are checked once, by `npm run typecheck`,
 * which `npm test` runs first.
 */
const UNIT = ['<rootDir>/test/unit/**/*.spec.ts', '<rootDir>/test/event-store/canonical-json.spec.ts', '<rootDir>/test/audit/merkle.spec.ts'];

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // Property tests draw from a fixed seed (printed when one fails); see the file.
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/fixed-seed.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: UNIT },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...UNIT.map((glob) => glob.replace('<rootDir>', '').replace('/**/*.spec.ts', '/').replace(/\./g, '\\.'))],
    },
  ],
  // Suites that spawn child processes or hold SQLite files need room on a 2-core machine.
  maxWorkers: 2,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/skipped-suites-reporter.js'],
};
