/**
 * The caller could not be proven: no credentials, an unknown user, a wrong
 * password, a revoked token, a disabled account. The API answers 401; the CLI
 * exits 3 (as it does for "not permitted"), and nothing is appended.
 */
export class NotAuthenticated extends Error {
  readonly status = 401;
  readonly exitCode = 3;

  constructor(message: string) {
    super(message);
    this.name = 'NotAuthenticated';
  }
}
