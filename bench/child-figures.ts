import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Run one of the bench's child scripts (compiled beside this file) in a process of its own and read
 * back the one JSON line it prints last; `what` names the work in an error. A process of its own, so
 * neither the bench's heap nor its garbage collections weigh on what the child measures.
 */
export function figuresFromChild<T>(script: string, args: string[], what: string): T {
  const child = spawnSync(process.execPath, [join(__dirname, script), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${what} failed (exit code ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as T;
}
