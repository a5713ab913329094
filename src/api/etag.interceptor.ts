import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';

/** A write answers with the stream's new version as its ETag, for the client's next If-Match. */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown; streamId?: unknown } | undefined)?.version;
        if (typeof version === 'number' && typeof (body as { streamId?: unknown }).streamId === 'string') {
          context.switchToHttp().getResponse<Response>().setHeader('ETag', `"${version}"`);
        }
        return body;
      }),
    );
  }
}

/**
 * Put on each route that issues a command, not on the whole app: an interceptor costs every
 * request it runs on (Nest binds the handler to an AsyncResource and wraps the answer in an
 * Observable), and reads, most of the traffic, have no version to answer with.
 */
export const AnswersWithVersion = (): MethodDecorator & ClassDecorator => UseInterceptors(EtagInterceptor);
