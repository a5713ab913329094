/**
 * The log does not match what was signed. Not a user's mistake, so not a
 * DomainError: the CLI exits with 6 ("verification found a problem") and the
 * message says to run verify for the full report.
 */
export class TamperEvidence extends Error {
  readonly exitCode = 6;
  constructor(message: string) {
    super(message);
    this.name = 'TamperEvidence';
  }
}
