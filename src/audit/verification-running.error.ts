import { HttpException, HttpStatus } from '@nestjs/common';

/** A full verification re-hashes the whole log; a second one asked for while it runs is told to wait (429 with Retry-After). */
export class VerificationRunning extends HttpException {
  readonly retryAfterSeconds = 30;

  constructor() {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: 'A full verification of the log is already running; try again when it has finished, in about 30 seconds',
        retryAfterSeconds: 30,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
