import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { RequestLine } from './request-line';

/**
 * Colour only for a person at a terminal: piped into a file, journald or a log collector,
 * ANSI codes are noise (`\x1b[32m`). NO_COLOR (no-color.org) turns colour off, FORCE_COLOR
 * (other than 0/false) on; otherwise it follows whether stdout is a terminal.
 */
export function colourWanted(env: NodeJS.ProcessEnv = process.env, stdoutIsTerminal = process.stdout.isTTY === true): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stdoutIsTerminal;
}

const NEST_START_UP = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * The server's log: Nest's own ConsoleLogger, which already writes text or JSON and can leave
 * colour out, with three changes for an operator. Times are ISO 8601 in UTC (Nest's default is
 * the machine's locale, "12/06/2026, 11:33:26 AM", which sorts badly and hides the zone); each
 * line is `plan-audit`'s, not "Nest"'s; and a request's line (RequestLine) is one readable line
 * in text and, in JSON, its fields at the top level of the object, where a collector indexes them.
 *
 * Nest's logger rather than pino: it is the logger every `new Logger(context)` in the code already
 * writes through, so the projector's and the checkpoints' messages come out in the same format
 * with no adapter, and it has the two options the issue asks for (`json`, `colors`).
 */
export class AppLogger extends ConsoleLogger {
  constructor(format: 'text' | 'json', levels: LogLevel[], colours: boolean) {
    super({ json: format === 'json', colors: format === 'json' ? false : colours, logLevels: levels, prefix: 'plan-audit' });
  }

  /** Nest's start-up chatter (a line per module and per route, ~110 in all) says nothing an operator acts on; its warnings and errors still show. */
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.length > 0 ? rest[rest.length - 1] : this.context;
    if (typeof context === 'string' && NEST_START_UP.has(context)) return;
    super.log(message, ...rest);
  }

  protected override getTimestamp(): string {
    return new Date().toISOString();
  }

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): unknown {
    return super.stringifyMessage(message instanceof RequestLine ? message.text() : message, logLevel);
  }

  protected override getJsonLogObject(message: unknown, options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown }) {
    const entry = super.getJsonLogObject(message instanceof RequestLine ? message.text() : message, options);
    const time = new Date(entry.timestamp).toISOString();
    return message instanceof RequestLine ? { time, ...entry, ...message.fields } : { time, ...entry };
  }
}
