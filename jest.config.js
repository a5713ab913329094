/**
 * Three projects, so the pure tests can run on their own in seconds:
 * - `unit`: the domain and other pure code (no server, no SQLite file, no child process).
 *   `npm run test:unit` runs only these.
 * - `slow`: the suites that keep hundreds or thousands of cases (10,000 hostile requests, 600
 *   random tamperings, 200 hostile plan files made and imported), about half a minute each on a quiet 2-core machine, and the kill -9 suites (SQLite, and PostgreSQL with 20 kills),
 *   whose 100 cycles each start the real server again (most of its minutes are those starts):
 *   `npm run test:slow`.
 * - `integration`: everything else (real SQLite files, the HTTP app, the built CLI, browsers).
 * `npm test` runs all three, as CI does.
 *
 * ts-jest only transpiles (tsconfig.jest.json sets isolatedModules): type-checking every file again
 * in each worker took most of a suite's time. The types are checked once, by `npm run typecheck`,
 * which `npm test` runs first.
 */
const UNIT = ['<rootDir>/test/domain/**/*.spec.ts', '<rootDir>/test/config/**/*.spec.ts', '<rootDir>/test/event-store/canonical-json.spec.ts', '<rootDir>/test/audit/merkle.spec.ts'];

const SLOW = [
  '<rootDir>/test/api/hostile-input.fuzz.spec.ts',
  '<rootDir>/test/import/hostile-plan-files.spec.ts',
  '<rootDir>/test/audit/random-tamper.spec.ts',
  '<rootDir>/test/e2e/kill-during-writes.spec.ts',
  '<rootDir>/test/e2e/kill-during-writes.postgres.spec.ts',
  // Two server processes on one PostgreSQL log, killed in turn: about a minute, most of it server starts (issue 27).
  '<rootDir>/test/e2e/two-servers-postgres.spec.ts',
];
const asIgnorePattern = (glob) => glob.replace('<rootDir>', '').replace('/**/*.spec.ts', '/').replace(/\./g, '\\.');

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // Property tests draw from a fixed seed (printed when one fails); see the file.
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/fixed-seed.ts', '<rootDir>/test/support/signing-on-commit-off.ts'],
  testTimeout: 60000,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: UNIT },
    { ...shared, displayName: 'slow', testMatch: SLOW },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...[...UNIT, ...SLOW].map(asIgnorePattern)],
    },
  ],
  // Suites that spawn child processes or hold SQLite files need room on a 2-core machine.
  maxWorkers: 2,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/skipped-suites-reporter.js'],
};
