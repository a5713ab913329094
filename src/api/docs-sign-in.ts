import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { UsersService } from '../auth/users.service';
import { problem, sendProblem } from './problem-details';

/** Swagger's pages and documents: /api/docs, its assets, /api/docs-json and /api/docs-yaml. */
const DOCS = /^\/api\/docs(?:$|[/?]|-json|-yaml)/;

/**
 * The API description lists every route and field, so by default it is for signed-in
 * callers only (API_DOCS_PUBLIC=true opens it). Swagger is mounted outside Nest's
 * controllers, so the AuthGuard never sees it: this asks the same UsersService.
 */
export function docsNeedSignIn(users: UsersService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!DOCS.test(request.originalUrl)) return next();
    const header = request.headers.authorization;
    const session = (request.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
    const caller = header?.startsWith('Bearer ') ? users.callerForToken(header.slice(7).trim()) : session ? users.callerForSession(session) : undefined;
    Promise.resolve(caller).then(
      (found) => {
        if (found?.role) return next();
        if (request.accepts(['json', 'html']) === 'html' && !request.originalUrl.includes('-json')) {
          response.redirect(303, `/sign-in?next=${encodeURIComponent(request.originalUrl)}`);
          return;
        }
        sendProblem(response, problem(401, 'The API documentation is for signed-in callers: sign in, or send an API token as "Authorization: Bearer <token>"'));
      },
      (error: unknown) => next(error),
    );
  };
}
