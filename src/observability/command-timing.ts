import { HttpException, Injectable, OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { ConcurrencyError, DomainError } from '../domain/errors';
import { CommandOutcome, Metrics } from './metrics';

/**
 * Times every command where every door sends it: the CommandBus. The API, the web forms, the
 * CLI's relay to the server, the importer and the example's loader all call `execute`, so one
 * wrapper here sees them all, and the write side (src/commands/) stays unaware it is measured —
 * it may not import the doors, and it needs no metrics of its own. What is timed is what a
 * caller waits for from the bus: validation, loading the streams, the decision and the append
 * (not the HTTP parsing around it, which the request log's `ms` covers).
 *
 * Nest's CQRS has no interceptor for the bus, so `execute` is wrapped on each instance the
 * container holds, once, when the module starts. There is more than one: `CqrsModule.forRoot()`
 * (the app's controllers) and the plain `CqrsModule` that the command, import and read-side
 * modules import are two modules to Nest, each with its own CommandBus (each holding every
 * handler), so wrapping only the one injected here would miss the importer and the example.
 */
@Injectable()
export class CommandTiming implements OnModuleInit {
  private readonly timed = new WeakSet<CommandBus>();

  constructor(
    private readonly modules: ModulesContainer,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    for (const module of this.modules.values()) {
      const bus = module.providers.get(CommandBus)?.instance;
      if (bus instanceof CommandBus && !this.timed.has(bus)) {
        this.time(bus);
        this.timed.add(bus);
      }
    }
  }

  private time(bus: CommandBus): void {
    const execute = bus.execute.bind(bus) as (command: ICommand, ...rest: unknown[]) => Promise<unknown>;
    const histogram = this.metrics.commandDuration;
    const timed = (command: ICommand, ...rest: unknown[]): Promise<unknown> => {
      const done = histogram.startTimer({ command: commandName(command) });
      let answer: Promise<unknown>;
      try {
        answer = Promise.resolve(execute(command, ...rest));
      } catch (error) {
        answer = Promise.reject(error);
      }
      return answer.then(
        (result) => {
          done({ outcome: 'accepted' });
          return result;
        },
        (error: unknown) => {
          done({ outcome: outcomeOf(error) });
          throw error;
        },
      );
    };
    (bus as unknown as { execute: typeof timed }).execute = timed;
  }
}

/** `ChangeRatingCommand` → `ChangeRating`: the command table's own names, a small fixed set of label values. */
export function commandName(command: ICommand): string {
  return command.constructor.name.replace(/Command$/, '');
}

/** The caller's fault (a 4xx: bad input, not permitted, not found, a rule, a conflict) or ours (anything else, a 5xx). */
export function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof DomainError || error instanceof ConcurrencyError) return 'refused';
  if (error instanceof HttpException) return error.getStatus() < 500 ? 'refused' : 'failed';
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? 'refused' : 'failed';
}
