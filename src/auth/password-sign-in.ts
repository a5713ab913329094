import { Injectable } from '@nestjs/common';
import { ActorRef } from '../domain/roles';
import { SignInLimits } from './sign-in-limits';
import { UsersService } from './users.service';

export type SignInOutcome =
  | { kind: 'signed-in'; sessionId: string; caller: ActorRef }
  | { kind: 'wrong' }
  | { kind: 'disabled' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * Sign-in with a password, the one path for the JSON endpoint (POST /api/session)
 * and the web form (POST /sign-in), so both draw on the same counts of failures.
 * Every attempt that is let through does the same work whether the name exists
 * or not (UsersService.checkPassword), and is counted before it is checked.
 */
@Injectable()
export class PasswordSignIn {
  constructor(
    private readonly users: UsersService,
    private readonly limits: SignInLimits,
  ) {}

  async attempt(userName: string, password: string, address: string): Promise<SignInOutcome> {
    const attempt = await this.limits.begin(userName, address);
    if ('retryAfterSeconds' in attempt) return { kind: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
    const check = await this.users.checkPassword(userName, password);
    if (check.kind !== 'proven') return check;
    await this.limits.succeeded(attempt);
    return { kind: 'signed-in', ...(await this.users.openSession(check.caller.id)) };
  }
}

/** The address a sign-in came from: the socket's, unless TRUST_PROXY lets Express take it from X-Forwarded-For. */
export function addressOf(request: { ip?: string; socket?: { remoteAddress?: string } }): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}
