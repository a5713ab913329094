import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(__dirname, '../../dist/src/cli/main.js');

const NO_CREDENTIALS = { PLAN_AUDIT_TOKEN: '', PLAN_AUDIT_USER: '', PLAN_AUDIT_PASSWORD: '', PLAN_AUDIT_SERVER: '' };

/** The environment of a CLI run as the holder of this API token. */
export const asToken = (token: string): Record<string, string> => ({ PLAN_AUDIT_TOKEN: token });

/**
 * Run the built CLI as a user would, against the SQLite file in `dataDir`. No
 * credentials unless `env` gives them: the tester's own PLAN_AUDIT_* never leak in.
 */
export function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, EVENTS_FILE: '', READ_MODELS_FILE: '', AUTH_FILE: '', EVIDENCE_DIR: '', EVENTSTORE_CONNECTION_STRING: '', ...NO_CREDENTIALS, ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The first administrator of a test's data folder, made by the bootstrap (the one add-user that needs no caller). */
export const SETUP_ADMIN = { id: 'admin.setup', password: 'set-up administrator passphrase' };
const bootstrapped = new Set<string>();

/**
 * The environment that proves the set-up administrator to the CLI, creating
 * them the first time a data folder asks: account commands need an
 * administrator once there is one.
 */
export function cliAdmin(dataDir: string, env: Record<string, string> = {}): Record<string, string> {
  if (!bootstrapped.has(dataDir)) {
    const made = runCli(dataDir, ['add-user', '--id', SETUP_ADMIN.id, '--role', 'admin'], { ...env, PLAN_AUDIT_NEW_PASSWORD: SETUP_ADMIN.password });
    if (made.status !== 0) throw new Error(made.stderr);
    bootstrapped.add(dataDir);
  }
  return { PLAN_AUDIT_USER: SETUP_ADMIN.id, PLAN_AUDIT_PASSWORD: SETUP_ADMIN.password };
}

/** A user with an API token, made with the CLI by an administrator. */
export function cliToken(dataDir: string, id: string, role: string, env: Record<string, string> = {}): string {
  const admin = { ...env, ...cliAdmin(dataDir, env) };
  const added = runCli(dataDir, ['add-user', '--id', id, '--role', role], admin);
  if (added.status !== 0) throw new Error(added.stderr);
  const token = runCli(dataDir, ['create-token', '--user', id], admin);
  if (token.status !== 0) throw new Error(token.stderr);
  return token.stdout.trim();
}
