/**
 * Does sign-in's answer time tell which user names exist? Starts the real server
 * (dist/src/main.js) on a fresh data folder with one user made by the CLI's
 * bootstrap, then signs in through POST /api/session 50 times with unknown names
 * and 50 times with the known name and a wrong password, alternating, and prints
 * both medians and their difference. The issue asks for them to be within 10 %.
 *
 *   npm run bench:sign-in            (TRIES=100 for more)
 *
 * The sign-in limits are raised for the run, so every try is checked rather than
 * refused; each try still goes through the limits' bookkeeping, as in service.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats';
import { addressOf, stop } from './server-child';

const ROOT = join(__dirname, '..');
const KNOWN = { id: 'known.person', password: 'the right passphrase for the bench' };
const TRIES = Number(process.env.TRIES ?? 50);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plan-audit-bench-sign-in-'));
  const env = { ...process.env, DATA_DIR: dataDir, EVENTS_FILE: '', READ_MODELS_FILE: '', AUTH_FILE: '', EVIDENCE_DIR: '', EVENTSTORE_CONNECTION_STRING: '', LOAD_EXAMPLE: 'false', PORT: '0', SIGN_IN_ACCOUNT_FAILURES: '100000', SIGN_IN_ADDRESS_FAILURES: '100000' };
  const made = spawnSync(process.execPath, [join(ROOT, 'src/cli/main.js'), 'add-user', '--id', KNOWN.id, '--role', 'admin'], { env: { ...env, PLAN_AUDIT_NEW_PASSWORD: KNOWN.password }, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  const server = spawn(process.execPath, [join(ROOT, 'src/main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const baseUrl = await addressOf(server);
    const signIn = async (user: string, password: string) => {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user, password }) });
      await response.arrayBuffer();
      if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
      return performance.now() - started;
    };
    // Warm up both paths (JIT, the prepared statements, the first scrypt's memory).
    for (let i = 0; i < 5; i++) {
      await signIn(`warm.unknown.${i}`, 'wrong password');
      await signIn(KNOWN.id, 'wrong password');
    }
    const unknown: number[] = [];
    const known: number[] = [];
    // Alternating, so a slow patch of the machine falls on both alike.
    for (let i = 0; i < TRIES; i++) {
      unknown.push(await signIn(`nobody.${i}`, `wrong password ${i}`));
      known.push(await signIn(KNOWN.id, `wrong password ${i}`));
    }
    const unknownMedian = median(unknown);
    const knownMedian = median(known);
    const difference = ((unknownMedian - knownMedian) / knownMedian) * 100;
    process.stdout.write(
      [
        `Sign-in with a wrong password, ${TRIES} tries each, through POST /api/session on the real server:`,
        `  unknown user name:            median ${unknownMedian.toFixed(1)} ms`,
        `  known user, wrong password:   median ${knownMedian.toFixed(1)} ms`,
        `  difference: ${difference >= 0 ? '+' : ''}${difference.toFixed(1)} % (${Math.abs(difference) <= 10 ? 'within' : 'OUTSIDE'} the 10 % the issue asks for)`,
        '',
      ].join('\n'),
    );
    if (Math.abs(difference) > 10) process.exitCode = 1;
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
