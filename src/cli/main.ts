#!/usr/bin/env node
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError } from 'commander';
import { actionStreamId, planStreamId } from '../domain/identifiers';
import { InvalidInput } from '../domain/errors';
import { GetStreamEvents, LoggedEvent } from '../projections/event-log/event-log.queries';
import { AppLogger, colourWanted } from '../observability/app-logger';
import { CliModule } from './cli.module';
import { exitCodeFor, describeError } from './cli-errors';
import { guardDataFolder } from './folder-guard';
import { IDENTIFY_FOR_WRITES } from './identify-yourself';
import { addReadCommands } from './read-commands';
import { addAuditCommands } from './audit-commands';
import { addBundleCommand } from './bundle-command';
import { addBackupCommands } from './backup-commands';
import { addUserCommands } from './user-commands';
import { addWriteCommands } from './write-commands';

/**
 * plan-audit: the command line for action leads, QA and administrators.
 * Every write goes through the same CommandBus as the API (or to the API itself,
 * with PLAN_AUDIT_SERVER), as the user proven from the environment: their token,
 * or their name and password. The role is the one on their record; there is no
 * --actor or --role. Maintenance that records no plan event needs no user.
 */
async function main(argv: string[]): Promise<number> {
  let context: INestApplicationContext | undefined;
  // Errors only, to stderr, coloured only when stderr is a terminal (a script's log gets plain text).
  const logger = new AppLogger('text', ['error'], colourWanted(process.env, process.stderr.isTTY === true));
  const app = async () => (context ??= await NestFactory.createApplicationContext(CliModule, { logger }));
  const program = new Command('plan-audit')
    .description('Event-sourced audit trail for council improvement plans')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', IDENTIFY_FOR_WRITES)
    // One writer per data folder: a command that writes there is refused while a server runs on it.
    .hook('preAction', (_program, command) => guardDataFolder(command.name(), process.env));

  addWriteCommands(program, app);

  addReadCommands(program, app);
  addUserCommands(program, app);

  program
    .command('events')
    .description("list a stream's events: a plan's (--plan) or one action's (--plan and --ref), or any stream by id")
    .argument('[streamId]', 'a stream id such as plan-sunderland-2017')
    .option('--plan <planId>', 'the plan')
    .option('--ref <reference>', 'the action reference, e.g. 3.2 or "NEW 1"')
    .option('--json', 'print the full envelopes as JSON lines')
    .action(async (streamId: string | undefined, options: { plan?: string; ref?: string; json?: boolean }) => {
      const id = streamId ?? (options.plan ? (options.ref ? actionStreamId(options.plan, options.ref) : planStreamId(options.plan)) : undefined);
      if (!id) throw new InvalidInput('streamId', 'name a stream, or give --plan (and --ref for an action)');
      const events: LoggedEvent[] = await (await app()).get(QueryBus).execute(new GetStreamEvents(id));
      if (events.length === 0) process.stderr.write(`No events in stream ${id}.\n`);
      for (const event of events) process.stdout.write(options.json ? `${JSON.stringify(event)}\n` : `${describeEvent(event)}\n`);
    });

  addAuditCommands(program, app);
  addBundleCommand(program, app);
  addBackupCommands(program, app);

  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`${describeError(error)}\n`);
    return exitCodeFor(error);
  } finally {
    await context?.close();
  }
}

function describeEvent(event: LoggedEvent): string {
  const m = event.metadata;
  const why = m.reason ? ` — reason: ${m.reason}` : '';
  return `#${event.globalPosition} v${event.streamVersion} ${event.type} effective ${m.effectiveAt.slice(0, 10)} recorded ${m.recordedAt} by ${m.actor.id} (${m.actor.role}) via ${m.source} ${JSON.stringify(event.data)}${why}  [${event.eventId} hash ${event.hash.slice(0, 12)}…]`;
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
