import type { Request, Response } from 'express';
import { SESSION_COOKIE } from './auth.guard';

/**
 * The session cookie, set the same way by every door that signs someone in.
 * `Secure` when the request reached us over HTTPS, which behind a TLS-terminating
 * proxy Express knows only from X-Forwarded-Proto, and only with TRUST_PROXY set.
 */
export function setSessionCookie(request: Request, response: Response, sessionId: string, maxAgeMs: number, alwaysSecure = false): void {
  response.cookie(SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'lax', secure: alwaysSecure || request.secure, path: '/', maxAge: maxAgeMs });
}

export function clearSessionCookie(response: Response): void {
  response.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The session id from the cookie, if any. */
export function sessionIdOf(request: Request): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value ? value : undefined;
}
