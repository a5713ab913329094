import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { TamperEvidence } from '../audit/tamper-evidence.error';
import { describeActor } from '../auth/access-log-entry';
import { AccessLog } from '../auth/access-log';
import { InvalidInput } from '../domain/errors';

type App = () => Promise<INestApplicationContext>;

/**
 * The access log for auditors: read it and check its hash chain. Like `events`
 * and `verify`, these read the auth store (the local auth file, or PostgreSQL
 * with DATABASE_URL) and change nothing, so they need no caller: whoever can run
 * them can already read the store.
 */
export function addAccessLogCommands(program: Command, app: App): void {
  program
    .command('access-log')
    .description('list every change of access (users created, roles given, disabled, tokens, passwords, sign-outs), oldest first')
    .option('--user <id>', 'only changes to this user')
    .option('--limit <n>', 'only the latest n')
    .option('--json', 'one JSON object a line, with the hashes to recompute')
    .action(async (o: { user?: string; limit?: string; json?: boolean }) => {
      if (o.limit !== undefined && !/^\d{1,6}$/.test(o.limit)) throw new InvalidInput('--limit', `"${o.limit}" is not a whole number of entries`);
      const entries = await (await app()).get(AccessLog).entries({ subject: o.user, limit: o.limit === undefined ? undefined : Number(o.limit) });
      if (entries.length === 0) process.stderr.write('No changes of access recorded.\n');
      for (const e of entries) {
        const details = Object.keys(e.details).length > 0 ? ` ${JSON.stringify(e.details)}` : '';
        process.stdout.write(o.json ? `${JSON.stringify(e)}\n` : `#${e.position} ${e.recordedAt} ${describeActor(e.actor)} ${e.action} ${e.subject}${details}  [hash ${e.hash.slice(0, 12)}…]\n`);
      }
    });

  program
    .command('verify-access-log')
    .description("recompute every access-log entry's hash and link; exit 6 naming the first entry that does not match")
    .action(async () => {
      const result = await (await app()).get(AccessLog).verify();
      if (result.problem) {
        const p = result.problem;
        // Exit 6, as `verify` does for the plan log.
        throw new TamperEvidence(`access log entry #${p.position} does not match (${p.kind}): ${p.detail}. Entries from #${p.position} on cannot be trusted; compare with a backup.`);
      }
      process.stdout.write(`Verified ${result.entries} access-log entries: every hash and link is intact. Head hash ${result.headHash ?? '(empty log)'}; note it to detect later truncation.\n`);
    });
}
