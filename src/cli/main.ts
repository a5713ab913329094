#!/usr/bin/env node
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError, Option } from 'commander';
import { CommandResult } from '../commands';
import { actionStreamId, planStreamId } from '../domain/identifiers';
import { isRole, ROLES } from '../domain/roles';
import { InvalidInput } from '../domain/errors';
import { GetStreamEvents, LoggedEvent } from '../projections/event-log/event-log.queries';
import { CliModule } from './cli.module';
import { WRITE_COMMANDS, WriteCommandSpec } from './cli-commands';
import { exitCodeFor, describeError } from './cli-errors';
import { parseOption } from './parse-option';
import { addReadCommands } from './read-commands';
import { addAuditCommands } from './audit-commands';
import { addUserCommands } from './user-commands';
import { addRoleCommands } from './role-commands';

/**
 * plan-audit: the command line for action leads, QA and administrators.
 * Every write goes through the same CommandBus as the API; the actor given by
 * --actor/--role is recorded on the event.
 */
async function main(argv: string[]): Promise<number> {
  let context: INestApplicationContext | undefined;
  const app = async () => (context ??= await NestFactory.createApplicationContext(CliModule, { logger: ['error'] }));
  const program = new Command('plan-audit')
    .description('Event-sourced audit trail for council improvement plans')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  for (const spec of WRITE_COMMANDS) addWriteCommand(program, spec, async (input, issuedBy, json) => {
    const bus = (await app()).get(CommandBus);
    const result: CommandResult = await bus.execute(new spec.command(input, issuedBy));
    printResult(result, json);
  });

  addReadCommands(program, app);
  addUserCommands(program, app);
  addRoleCommands(program, app);

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

type RunWrite = (input: Record<string, unknown>, issuedBy: { actor: { id: string; role: string }; source: 'cli' }, json: boolean) => Promise<void>;

function addWriteCommand(program: Command, spec: WriteCommandSpec, run: RunWrite): void {
  const sub = program.command(spec.name).description(spec.description);
  sub.requiredOption('--plan <planId>', 'the plan id, e.g. sunderland-2017');
  if (spec.action) sub.requiredOption('--ref <reference>', 'the action reference as written in the plan, e.g. 3.2 or "NEW 1"');
  for (const option of spec.options) {
    const o = new Option(option.flags, option.description);
    if (option.required) o.makeOptionMandatory();
    sub.addOption(o);
  }
  sub
    .option('--effective <date>', 'when the change took effect (YYYY-MM-DD); defaults to now')
    .option('--reason <text>', 'why: needed when backdated, and for corrections, rejections, withdrawals and reopening')
    .requiredOption('--actor <id>', 'who is making the change; recorded on the event')
    .addOption(new Option('--role <role>', 'the role you act in').choices([...ROLES]).makeOptionMandatory())
    .option('--json', 'print the result as JSON');
  sub.action(async (options: Record<string, string | boolean | undefined>) => {
    const input: Record<string, unknown> = { planId: options.plan };
    if (spec.action) input.reference = options.ref;
    for (const option of spec.options) {
      const key = camelCase(option.flags.split(' ')[0]);
      if (options[key] !== undefined) input[option.field] = parseOption(option, String(options[key]));
    }
    if (options.effective !== undefined) input.effectiveAt = options.effective;
    if (options.reason !== undefined) input.reason = options.reason;
    const role = String(options.role);
    if (!isRole(role)) throw new InvalidInput('--role', `use one of ${ROLES.join(', ')}`);
    await run(input, { actor: { id: String(options.actor), role }, source: 'cli' }, options.json === true);
  });
}

function printResult(result: CommandResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  for (const e of result.events) process.stdout.write(`Recorded ${e.type} in ${result.streamId} (event ${e.eventId}, effective ${e.effectiveAt.slice(0, 10)})\n`);
}

function describeEvent(event: LoggedEvent): string {
  const m = event.metadata;
  const why = m.reason ? ` — reason: ${m.reason}` : '';
  return `#${event.globalPosition} v${event.streamVersion} ${event.type} effective ${m.effectiveAt.slice(0, 10)} recorded ${m.recordedAt} by ${m.actor.id} (${m.actor.role}) via ${m.source} ${JSON.stringify(event.data)}${why}  [${event.eventId} hash ${event.hash.slice(0, 12)}…]`;
}

function camelCase(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
