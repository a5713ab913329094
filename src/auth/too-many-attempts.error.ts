import { HttpException, HttpStatus } from '@nestjs/common';

/** Sign-in (or a password check) refused for a while: 429, with the seconds to wait for Retry-After. */
export class TooManyAttempts extends HttpException {
  readonly exitCode = 3;

  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `Too many failed sign-ins for this account or from this address. Try again in ${describeWait(retryAfterSeconds)}.`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
