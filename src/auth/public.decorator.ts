import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ActorRef } from '../domain/roles';

export const IS_PUBLIC = 'isPublic';
/** Open to anyone: the landing page, sign-in, health, the API docs. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The authenticated caller, as the guard found them. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): ActorRef => context.switchToHttp().getRequest<{ caller: ActorRef }>().caller);
