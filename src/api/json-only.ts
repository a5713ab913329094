import type { NextFunction, Request, Response } from 'express';
import { problem, sendProblem } from './problem-details';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The routes that take a file: multipart there, and only there (relative to /api, matched as Express routes are, case-insensitively). */
const UPLOAD_ROUTES = [/^\/plans\/[^/]+\/actions\/[^/]+\/evidence\/upload\/?$/i];

/**
 * The API's writes take JSON and nothing else. A form post (urlencoded, multipart, text/plain)
 * is what a page on another site can make a browser send with the user's cookie and without
 * asking first; refusing every other type here, before any body is read or any handler runs,
 * means such a post records nothing. `application/*+json` is refused too: the JSON parser reads
 * only application/json, so such a body would reach the handler unread. A write with neither a
 * body nor a Content-Type (a bare POST or DELETE) passes: there is nothing to misread, and a
 * form always sends its type, even when empty.
 */
export function jsonOnlyApi(request: Request, response: Response, next: NextFunction): void {
  if (!WRITES.has(request.method)) return next();
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (type === undefined && !hasBody) return next();
  const expected = UPLOAD_ROUTES.some((route) => route.test(request.path)) ? 'multipart/form-data' : 'application/json';
  // The media type alone, so "application/json; charset=utf-8" is JSON and a multipart boundary does not matter.
  if (type?.split(';')[0].trim().toLowerCase() === expected) return next();
  sendProblem(
    response,
    problem(415, `This route takes a body of type ${expected}${type ? `, not ${JSON.stringify(type.slice(0, 100))}` : ''}; send it with Content-Type: ${expected}. Nothing was recorded.`, { expected }),
  );
}
