import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const PROVIDER = join(__dirname, 'oidc-provider.mjs');

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface RunningProvider {
  issuer: string;
  /** What the provider wrote to stderr so far (its warnings and any server error), for a failing test's message. */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Start a real OpenID provider (oidc-provider, in test/support/oidc-provider.mjs)
 * in its own Node process, with one client and the given accounts (login → claims).
 */
export async function startOidcProvider(client: TestClient, accounts: Record<string, Record<string, unknown>>): Promise<RunningProvider> {
  const child: ChildProcess = spawn(process.execPath, [PROVIDER], {
    env: { ...process.env, OIDC_TEST_CLIENT: JSON.stringify(client), OIDC_TEST_ACCOUNTS: JSON.stringify(accounts) },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stdout = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start: ${stderr}`)), 30000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /OpenID provider at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OpenID provider exited with ${code}: ${stderr}`));
    });
  });
  return {
    issuer,
    log: () => stderr,
    stop: () =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
  };
}

/** A port free on 127.0.0.1 now, for a server whose address must be known before it starts (its redirect URI is registered at the provider). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
