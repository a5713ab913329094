import { ExpectedVersion, NO_STREAM } from './stream-version';

/**
 * Typed domain errors. Each maps to one HTTP status at the edge and carries a
 * message that tells the user what to do next, not just what went wrong.
 */
export abstract class DomainError extends Error {
  abstract readonly status: 400 | 403 | 404 | 409;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Bad input: a missing field, an unknown RAG code, a date in the future. HTTP 400, naming every field at fault. */
export class InvalidInput extends DomainError {
  readonly status = 400 as const;
  readonly problems: FieldProblem[];
  constructor(field: string, message: string, more: FieldProblem[] = []) {
    const problems = [{ field, message }, ...more];
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.problems = problems;
    this.name = 'InvalidInput';
  }

  get field(): string {
    return this.problems[0].field;
  }

  static of(problems: FieldProblem[]): InvalidInput {
    const [first, ...rest] = problems;
    return new InvalidInput(first.field, first.message, rest);
  }
}

/** The caller's role may not do this. HTTP 403. */
export class NotPermitted extends DomainError {
  readonly status = 403 as const;
  constructor(message: string) {
    super(message);
    this.name = 'NotPermitted';
  }
}

/** The plan, action, evidence item or event named does not exist. HTTP 404. */
export class NotFound extends DomainError {
  readonly status = 404 as const;
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

/** A rule of the plan would be broken (completion without evidence, rating a withdrawn action...). HTTP 409. */
export class RuleBroken extends DomainError {
  readonly status = 409 as const;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuleBroken';
  }
}

/**
 * The stream moved on since the caller read it: someone else wrote first. Maps to
 * HTTP 409. Not a DomainError: no rule of the plan is broken, two people raced,
 * and every door says so in its own words ("Someone else changed this first").
 */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(
      `Someone else changed ${streamId} while you were working on it ` +
        `(you expected version ${describe(expectedVersion)}, it is now at ${describe(actualVersion)}). ` +
        `Reload and try again.`,
    );
    this.name = 'ConcurrencyError';
  }
}

function describe(version: ExpectedVersion): string {
  return version === NO_STREAM ? 'none (a new stream)' : String(version);
}
