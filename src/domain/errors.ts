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
