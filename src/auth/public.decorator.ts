import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ActorRef } from '../domain/roles';

export const IS_PUBLIC = 'isPublic';
/** Open to anyone: the landing page, sign-in, health, the API docs. The OpenAPI document lists them with `security: []`. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/** The headers of the answer to a request: a write sets the stream's new version on it as its ETag. */
export interface AnswerHeaders {
  setHeader(name: string, value: string): unknown;
}

/** The authenticated caller as the guard found them, with the version their request was based on (If-Match), if any. */
export type CallerContext = ActorRef & { ifMatch?: string };

/**
 * A caller issuing a command over the API, with the headers of the answer, where
 * issueCommand puts the stream's new version. Apart from CallerContext so that a
 * route answering with its caller (who am I) never holds the response.
 */
export type WriterContext = CallerContext & { answer: AnswerHeaders };

function callerOf(context: ExecutionContext): CallerContext {
  const request = context.switchToHttp().getRequest<{ caller: ActorRef; headers: Record<string, string | undefined> }>();
  return { ...request.caller, ...(request.headers['if-match'] !== undefined ? { ifMatch: request.headers['if-match'] } : {}) };
}

export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): CallerContext => callerOf(context));

export const Writer = createParamDecorator((_data: unknown, context: ExecutionContext): WriterContext => ({
  ...callerOf(context),
  answer: context.switchToHttp().getResponse<AnswerHeaders>(),
}));
