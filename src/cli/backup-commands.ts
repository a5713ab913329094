import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { AUTH_ENTRY } from '../audit/backup/backup-manifest';
import { restoreBackup } from '../audit/backup/restore-backup';
import { BackupProgress, takeBackup } from '../audit/backup/take-backup';
import { TamperEvidence } from '../audit/tamper-evidence.error';
import { loadConfig } from '../config';
import { InvalidInput } from '../domain/errors';
import { Projector } from '../projections/projector/projector.service';
import { progressBar } from './read-commands';

type App = () => Promise<INestApplicationContext>;

/**
 * backup and restore-backup: a consistent copy of a data folder taken while the server
 * runs, and that copy brought back into an empty folder (src/audit/backup/).
 * `restore` (audit-commands.ts) is another thing: it loads an auditor's export.
 */
export function addBackupCommands(program: Command, app: App): void {
  program
    .command('backup')
    .description('copy the data folder (event log and checkpoints, users and access log, signing keys, evidence files) into an empty folder, consistently, while the server runs')
    .requiredOption('--out <folder>', 'an empty or new folder for the backup')
    .addHelpText(
      'after',
      '\n  Runs beside the server: it only reads. The backup holds the checkpoint signing key and password hashes:\n  keep it as safe as the data folder. Bring it back with plan-audit restore-backup --from <folder>.',
    )
    .action(async (o: { out: string }) => {
      const config = embeddedStoreOnly('backup');
      const out = resolve(o.out);
      if (existsSync(out) && !statSync(out).isDirectory()) throw new InvalidInput('--out', `${out} is a file: name a new or empty folder for the backup`);
      if (existsSync(out) && readdirSync(out).length > 0) throw new InvalidInput('--out', `${out} is not empty: a backup goes into a new or empty folder, so it never mixes with another`);
      const summary = await takeBackup(config, out, steps('Backing up'));
      const { log } = summary.manifest;
      const users = summary.manifest.files.some((f) => f.path === AUTH_ENTRY) ? 'the users and access log, ' : '';
      print(
        `Backed up ${log.events} events (up to position ${log.position}, last recorded at ${log.recordedAt ?? 'never'}), ${log.checkpoints} checkpoint(s), ` +
          `${users}the signing key and ${summary.evidenceFiles} evidence file(s) to ${out}: ${summary.manifest.files.length} files, ${summary.bytes} bytes.`,
      );
      print(`Every event recorded before ${summary.manifest.logCopiedAt} is in it. The read models are not copied: restore-backup rebuilds them.`);
      print(`Manifest SHA-256: ${summary.manifestSha256}`);
      print(`Keep that line apart from the backup; restore-backup --manifest-sha256 checks the backup is the one you took.`);
      if (summary.manifest.missingEvidence.length > 0) {
        process.stderr.write(
          `Warning: ${summary.manifest.missingEvidence.length} evidence file(s) the log still uses were not in ${config.evidenceDir}, so they are not in the backup either: ${summary.manifest.missingEvidence.join(', ')}\n`,
        );
      }
    });

  program
    .command('restore-backup')
    .description("bring a backup made by plan-audit backup into an empty data folder (DATA_DIR), rebuild the read models and verify the log")
    .requiredOption('--from <folder>', 'the backup folder (it holds manifest.json)')
    .option('--manifest-sha256 <hash>', 'the manifest SHA-256 printed when the backup was taken: refuses any other backup')
    .addHelpText(
      'after',
      '\n  The data folder must be empty and no server running on it. Every file is checked against the manifest\n  before anything is copied. Needs no user: the folder gets the backup\'s users, and anyone who may write\n  the folder could copy files there by hand; what this command adds is the checking.',
    )
    .action(async (o: { from: string; manifestSha256?: string }) => {
      const config = embeddedStoreOnly('restore-backup');
      const from = resolve(o.from);
      if (!existsSync(from)) throw new InvalidInput('--from', `${from} does not exist`);
      const restored = await restoreBackup(from, config, o.manifestSha256, steps('Restoring'));
      const { log } = restored.manifest;
      print(`Restored ${restored.files} files (${restored.bytes} bytes) from the backup taken at ${restored.manifest.logCopiedAt} into ${config.dataDir}; each matched the manifest (SHA-256 ${restored.manifestSha256}).`);

      const context = await app();
      const bar = progressBar('Rebuilding read models');
      const rebuilt = await context.get(Projector).rebuild(bar.update);
      bar.stop();
      print(`Rebuilt the read models from ${rebuilt} events.`);

      const check = progressBar('Verifying');
      const report = await context.get(AuditService).verify(check.update);
      check.stop();
      const verified = report.checkpoints.filter((c) => c.status === 'verified').length;
      print(
        `Verify: ${report.ok ? 'clean' : `${report.findings.length} problem(s)`}: ${report.eventCount} events in ${report.streamCount} streams, ` +
          `${verified} of ${report.checkpoints.length} checkpoint(s) verified${report.uncoveredEvents > 0 ? `, ${report.uncoveredEvents} newer event(s) not under a signature yet` : ''}.`,
      );
      print(`The log ends at position ${log.position} (event ${log.eventId}, recorded at ${log.recordedAt}); checkpoints are signed by key ${log.signingKeyId}: compare it with the key id you published.`);
      if (restored.manifest.missingEvidence.length > 0) {
        process.stderr.write(`Warning: the backup lacks ${restored.manifest.missingEvidence.length} evidence file(s) its log uses (they were missing when it was taken): ${restored.manifest.missingEvidence.join(', ')}\n`);
      }
      if (!report.ok) throw new TamperEvidence(`The restored log fails verification: ${report.findings.length} problem(s); run plan-audit verify for the full report.`);
    });
}

/** Backups cover the embedded SQLite store; EventStoreDB is backed up with its own tools. */
function embeddedStoreOnly(command: string) {
  const config = loadConfig();
  if (config.eventStoreConnectionString) {
    throw new InvalidInput('EVENTSTORE_CONNECTION_STRING', `${command} copies the embedded SQLite log; with EventStoreDB, back the log up with its own tools (and the data folder's auth.sqlite, keys and evidence by hand)`);
  }
  if (config.databaseUrl) {
    throw new InvalidInput('DATABASE_URL', `${command} copies the embedded SQLite log; with PostgreSQL, back the log, users and access log up with pg_dump or the database's own backups (and the data folder's keys and evidence by hand)`);
  }
  return config;
}

/** One progress bar per step of the work, on stderr, when a person is watching. */
function steps(verb: string): BackupProgress {
  let current: { step: string; bar: ReturnType<typeof progressBar> } | undefined;
  return (step, done, total) => {
    if (current?.step !== step) {
      current?.bar.stop();
      current = { step, bar: progressBar(`${verb}: ${step}`) };
    }
    current.bar.update(done, total);
    if (done >= total) {
      current.bar.stop();
      current = undefined;
    }
  };
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
