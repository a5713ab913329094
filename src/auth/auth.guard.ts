import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ActorRef } from '../domain/roles';
import { NoRoleYet } from './no-role-yet.error';
import { IS_PUBLIC } from './public.decorator';
import { UsersService } from './users.service';

export const SESSION_COOKIE = 'plan_audit_session';

interface AuthRequest {
  headers: Record<string, string | undefined>;
  cookies?: Record<string, string | undefined>;
  caller?: ActorRef;
}

/** Every route needs a caller — a bearer token or a session cookie — unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthRequest>();
    request.caller = await this.identify(request);
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    // Someone who signed in with the council's identity provider before an administrator gave them a role.
    if (request.caller && !request.caller.role) {
      const id = request.caller.id;
      request.caller = undefined;
      if (!isPublic) throw new NoRoleYet(id);
    }
    if (isPublic || request.caller) return true;
    throw new UnauthorizedException('Sign in, or send an API token as "Authorization: Bearer <token>"');
  }

  private async identify(request: AuthRequest): Promise<ActorRef | undefined> {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return this.users.callerForToken(header.slice(7).trim());
    const session = request.cookies?.[SESSION_COOKIE];
    return session ? this.users.callerForSession(session) : undefined;
  }
}
