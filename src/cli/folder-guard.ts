import { loadConfig } from '../config';
import { describeHolder, FolderInUse, lockDataFolder } from '../data-folder-lock';
import { RuleBroken } from '../domain/errors';
import { WRITE_COMMANDS } from './cli-commands';
import { PLAN_SHAPE_COMMANDS } from './plan-shape-cli-commands';

/**
 * CLI commands that write to the data folder itself: plan events (unless sent to a
 * server), import, restore, restore-backup, rebuilding or catching up the read models,
 * signing a checkpoint. Each takes the folder's lock first, so it is refused while a server
 * runs there (which would project and sign too). Reading commands (verify, events,
 * report, lag, export, backup, …) take no lock and run beside a server; so do account
 * commands, which change auth.sqlite row by row as the server itself does.
 */
const FOLDER_WRITERS = new Set(['import', 'restore', 'restore-backup', 'rebuild-read-models', 'catch-up', 'checkpoint', ...WRITE_COMMANDS.map((spec) => spec.name), ...PLAN_SHAPE_COMMANDS.map((spec) => spec.name)]);
/** With PLAN_AUDIT_SERVER these go to the server, or (import, restore) are refused before touching the folder: no lock, no file made. */
const SENT_TO_SERVER = new Set(['import', 'restore', ...WRITE_COMMANDS.map((spec) => spec.name), ...PLAN_SHAPE_COMMANDS.map((spec) => spec.name)]);

/** Before a command runs: take the folder if it writes there, or refuse, naming who has it. */
export function guardDataFolder(command: string, env: NodeJS.ProcessEnv): void {
  if (!FOLDER_WRITERS.has(command)) return;
  if (SENT_TO_SERVER.has(command) && env.PLAN_AUDIT_SERVER?.trim()) return;
  const dataDir = loadConfig(env).dataDir;
  try {
    lockDataFolder(dataDir, { kind: 'cli', command });
  } catch (error) {
    if (!(error instanceof FolderInUse)) throw error;
    const holder = error.holder;
    const advice =
      holder?.kind === 'server'
        ? ` Send writes to it instead: set PLAN_AUDIT_SERVER=${holder.url ?? 'its address'} and PLAN_AUDIT_TOKEN (commands that only read, such as verify, events, report, lag and export, still run here); import, restore, restore-backup, rebuild-read-models and checkpoint need the server stopped.`
        : ' Wait for it to finish, then try again.';
    throw new RuleBroken('one-process-per-data-folder', `${describeHolder(holder)} is using the data folder ${dataDir}: nothing was done.${advice}`);
  }
}
