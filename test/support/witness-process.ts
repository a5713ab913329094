import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const WITNESS = join(__dirname, '../../dist/src/witness/main.js');

export interface RunningWitness {
  url: string;
  pid: number;
  output: () => string;
  /** kill -9: nothing of the witness runs after it; resolves once it has gone. */
  killHard: () => Promise<void>;
  stop: () => Promise<void>;
}

/** `plan-audit-witness key`: its vkey, as the operator would print it to hand to servers and verifiers. */
export function witnessVkey(stateDir: string, name?: string): string {
  const run = spawnSync(process.execPath, [WITNESS, 'key', '--state', stateDir, ...(name ? ['--name', name] : [])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`witness key failed: ${run.stderr}`);
  return run.stdout.trim();
}

/** Starts the built witness on a free port over `stateDir`, and resolves when it says where it listens. */
export async function startWitness(stateDir: string, name: string, logVkeys: string[]): Promise<RunningWitness> {
  const child: ChildProcess = spawn(process.execPath, [WITNESS, 'serve', '--state', stateDir, '--name', name, '--port', '0', ...logVkeys.flatMap((v) => ['--log', v])]);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`witness did not start: ${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`witness exited with ${code ?? signal} before it listened: ${output}`));
    });
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    pid: child.pid!,
    output: () => output,
    killHard: async () => {
      if (running()) child.kill('SIGKILL');
      await gone;
    },
    stop: async () => {
      if (running()) child.kill('SIGTERM');
      await gone;
    },
  };
}

/** Runs the witness command to completion (for the refusals that happen before it listens). */
export function runWitness(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [WITNESS, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
