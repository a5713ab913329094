import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ActorRef } from '../domain/roles';

export const IS_PUBLIC = 'isPublic';
/** Open to anyone: the landing page, sign-in, health, the API docs. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The authenticated caller as the guard found them, with the version their request was based on (If-Match), if any. */
export type CallerContext = ActorRef & { ifMatch?: string };

export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): CallerContext => {
  const request = context.switchToHttp().getRequest<{ caller: ActorRef; headers: Record<string, string | undefined> }>();
  return { ...request.caller, ...(request.headers['if-match'] !== undefined ? { ifMatch: request.headers['if-match'] } : {}) };
});
