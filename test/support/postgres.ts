import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL the PostgreSQL legs run on: CI's and every session's local server unless told otherwise. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Why the PostgreSQL legs cannot run here, or undefined when the server answers. Asked once, in a
 * child process, because jest collects tests synchronously: whether a suite runs or shows as
 * skipped must be known before its first `describe`.
 */
export function postgresUnavailable(): string | undefined {
  const probe = `const { Client } = require('pg');
const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
c.connect().then(() => c.query('SELECT 1')).then(() => c.end()).then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });`;
  try {
    execFileSync(process.execPath, ['-e', probe, TEST_DATABASE_URL], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 8000 });
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `PostgreSQL at ${TEST_DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@')} is not reachable (${stderr || (error as Error).message})`;
  }
}

/** One clear line, and a skipped (never passed) test in the summary, for a suite that needs PostgreSQL. */
export function skipWithoutPostgres(suite: string, reason: string): void {
  process.stdout.write(`SKIPPED: ${suite} — ${reason}; set TEST_DATABASE_URL or start PostgreSQL to run it\n`);
  describe(suite, () => {
    it.skip(`runs only when PostgreSQL is reachable: ${reason}`, () => undefined);
  });
}

/**
 * A schema of its own for one suite's run, so parallel runs and reruns never meet; `drop` removes it
 * with everything in it (the append-only triggers refuse DELETE and TRUNCATE, not DROP by the owner).
 */
export function tempSchema(label: string): { name: string; drop: () => Promise<void> } {
  const name = `plan_audit_test_${label.replace(/[^a-z0-9]/gi, '_')}_${randomUUID().slice(0, 8)}`;
  return {
    name,
    drop: async () => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
