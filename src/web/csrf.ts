import { ForbiddenException } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Request, Response } from 'express';
import { SESSION_COOKIE } from '../auth/auth.guard';

/**
 * Cross-site request forgery protection for the forms, on top of SameSite=Lax cookies.
 *
 * Signed in: a synchronizer token derived from the session id, HMAC-SHA256 under a
 * fixed label. Only someone holding the (httpOnly) session cookie can compute it, it
 * needs no storage, it survives restarts and works on every instance, and it differs
 * from the SHA-256 of the session id that the sessions table keeps.
 *
 * Before sign-in: a double-submit cookie, so a forged sign-in cannot plant a session.
 */
const LABEL = 'plan-audit web form v1';
export const SIGN_IN_COOKIE = 'plan_audit_sign_in';
export const CSRF_FIELD = 'csrfToken';

function sessionOf(request: Request): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value ? value : undefined;
}

export function csrfTokenFor(request: Request): string | undefined {
  const session = sessionOf(request);
  return session ? createHmac('sha256', LABEL).update(session).digest('base64url') : undefined;
}

function same(expected: string | undefined, given: unknown): boolean {
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class FormExpired extends ForbiddenException {
  constructor() {
    super('This form has expired or did not come from this service. Go back, reload the page and try again.');
  }
}

/** Refuse a form post that does not carry the session's token. */
export function requireCsrf(request: Request, body: unknown): void {
  const given = body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  if (!same(csrfTokenFor(request), given)) throw new FormExpired();
}

/** The sign-in form's token: reuse the browser's cookie if it has one, else set a new one. */
export function signInToken(request: Request, response: Response): string {
  const existing = (request.cookies as Record<string, unknown> | undefined)?.[SIGN_IN_COOKIE];
  if (typeof existing === 'string' && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  response.cookie(SIGN_IN_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/sign-in', maxAge: 3_600_000 });
  return token;
}

export function requireSignInToken(request: Request, body: unknown): void {
  const cookie = (request.cookies as Record<string, unknown> | undefined)?.[SIGN_IN_COOKIE];
  const given = body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  if (!same(typeof cookie === 'string' ? cookie : undefined, given)) throw new FormExpired();
}
