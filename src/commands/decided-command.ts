import { IssuedBy } from './shared/issued-by';

/**
 * A command one decider settles on one stream (the plan's, or one action's): the
 * caller's raw fields and who sent them. The fields are validated against the
 * input class the command table names, so HTTP, the CLI, the web forms and an
 * import all get the same checks. Every subclass is handled by
 * DecidedCommandHandler unless it has a dedicated handler of its own.
 */
export abstract class DecidedCommand {
  constructor(
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}

export type DecidedCommandClass = new (input: unknown, issuedBy: IssuedBy) => DecidedCommand;
