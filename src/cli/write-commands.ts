import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Command, Option } from 'commander';
import { UsersService } from '../auth/users.service';
import { CommandResult } from '../commands';
import { ActorRef } from '../domain/roles';
import { humanDateOrInstant } from '../domain/uk-date';
import { callerFromEnvironment } from './cli-caller';
import { WRITE_COMMANDS, WriteCommandSpec } from './cli-commands';
import { PLAN_SHAPE_COMMANDS } from './plan-shape-cli-commands';
import { asWhom, IDENTIFY_YOURSELF } from './identify-yourself';
import { parseOption } from './parse-option';
import { ServerClient } from './server-client';

type App = () => Promise<INestApplicationContext>;

/** Where a write goes: this machine's data folder, or the running server (PLAN_AUDIT_SERVER). */
interface Writer {
  /** Who is writing, proven before anything else is read or sent. */
  caller(): Promise<ActorRef>;
  send(spec: WriteCommandSpec, input: Record<string, unknown>, caller: ActorRef): Promise<CommandResult>;
}

function writerFor(app: App, env: NodeJS.ProcessEnv): Writer {
  const server = env.PLAN_AUDIT_SERVER?.trim();
  if (server) {
    const client = new ServerClient(server, env.PLAN_AUDIT_TOKEN?.trim());
    return { caller: () => client.caller(), send: (spec, input) => client.send(spec.route, input) };
  }
  return {
    caller: async () => callerFromEnvironment((await app()).get(UsersService), env),
    send: async (spec, input, actor) => (await app()).get(CommandBus).execute(new spec.command(input, { actor, source: 'cli' })),
  };
}

/** One subcommand per write command, each recording its event as the proven user. */
export function addWriteCommands(program: Command, app: App): void {
  for (const spec of [...WRITE_COMMANDS, ...PLAN_SHAPE_COMMANDS]) addWriteCommand(program, spec, app);
}

function addWriteCommand(program: Command, spec: WriteCommandSpec, app: App): void {
  const sub = program.command(spec.name).description(spec.description);
  sub.requiredOption('--plan <planId>', 'the plan id, e.g. sunderland-2017');
  if (spec.action) sub.requiredOption('--ref <reference>', 'the action reference as written in the plan, e.g. 3.2 or "NEW 1"');
  for (const option of spec.options) {
    const o = new Option(option.flags, option.description);
    if (option.required) o.makeOptionMandatory();
    sub.addOption(o);
  }
  sub
    .option('--effective <date>', 'when the change took effect, e.g. 30/11/2016, 30 Nov 2016 or 2016-11-30; defaults to now')
    .option('--reason <text>', 'why: needed when backdated, and for corrections, rejections, withdrawals and reopening')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', IDENTIFY_YOURSELF);
  sub.action(async (options: Record<string, string | boolean | undefined>) => {
    const writer = writerFor(app, process.env);
    const caller = await writer.caller();
    const input: Record<string, unknown> = { planId: options.plan };
    if (spec.action) input.reference = options.ref;
    for (const option of spec.options) {
      const key = camelCase(option.flags.split(' ')[0]);
      if (options[key] !== undefined) input[option.field] = parseOption(option, String(options[key]));
    }
    // Read here, at the door a person types at: the command and the API body take ISO.
    if (options.effective !== undefined) input.effectiveAt = humanDateOrInstant(String(options.effective), '--effective');
    if (options.reason !== undefined) input.reason = options.reason;
    printResult(await writer.send(spec, input, caller), caller, options.json === true);
  });
}

function printResult(result: CommandResult, caller: ActorRef, json: boolean): void {
  const recordedAs = { id: caller.id, role: caller.role };
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...result, recordedAs })}\n`);
    return;
  }
  for (const note of result.notes ?? []) process.stdout.write(`Note: ${note}\n`);
  for (const e of result.events) {
    process.stdout.write(`Recorded ${e.type} in ${result.streamId} (event ${e.eventId}, effective ${e.effectiveAt.slice(0, 10)}) ${asWhom(recordedAs)}\n`);
  }
  // The id the next command names (accept-evidence --evidence, milestone-status --milestone), made up by the server when not given.
  if (result.evidenceId !== undefined) process.stdout.write(`Evidence id: ${result.evidenceId}\n`);
  if (result.milestoneId !== undefined) process.stdout.write(`Milestone id: ${result.milestoneId}\n`);
}

function camelCase(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
