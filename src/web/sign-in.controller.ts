import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { addressOf, PasswordSignIn } from '../auth/password-sign-in';
import { Public } from '../auth/public.decorator';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from '../auth/session-cookie';
import { TooManyAttempts } from '../auth/too-many-attempts.error';
import { UsersService } from '../auth/users.service';
import { requireCsrf, requireSignInToken, signInToken } from './csrf';
import { formErrors, FormErrors, textField } from './form-errors';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';
import { LIMITS } from '../domain/limits';

const HOME = '/plans';

/** Only a path on this site: never "//elsewhere" or "/\elsewhere", so sign-in cannot be used to send people away. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\r\n]/.test(value) ? value : HOME;
}

/** Sign in with a user name and password for a session cookie (the same session the API uses); sign out. */
@Controller()
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class SignInPageController {
  constructor(
    private readonly users: UsersService,
    private readonly signIns: PasswordSignIn,
    private readonly pages: WebPages,
  ) {}

  @Public()
  @Get('sign-in')
  form(@Req() request: WebRequest, @Res() response: Response, @Query('next') next?: string) {
    if (request.caller) return response.redirect(303, safeNext(next));
    this.show(request, response, { next: safeNext(next) });
  }

  @Public()
  @Post('sign-in')
  async signIn(@Req() request: WebRequest, @Res() response: Response, @Body() body: unknown) {
    requireSignInToken(request, body);
    const user = textField(body, 'user');
    const password = typeof (body as Record<string, unknown>)?.password === 'string' ? ((body as Record<string, unknown>).password as string) : '';
    const next = safeNext(textField(body, 'next'));
    const fields = {
      user: { anchor: 'user', label: 'User name', whenMissing: 'Enter your user name' },
      password: { anchor: 'password', label: 'Password', whenMissing: 'Enter your password' },
    };
    const missing = [...(user ? [] : [{ field: 'user', message: 'is required' }]), ...(password ? [] : [{ field: 'password', message: 'is required' }])];
    if (missing.length > 0) return this.show(request, response, { next, user, errors: formErrors(missing, fields) }, 400);
    // Too long to be anyone's: still counted and checked like any other attempt, so it answers alike.
    const outcome = await this.signIns.attempt((user ?? '').slice(0, LIMITS.userId + 1), password.slice(0, LIMITS.password + 1), addressOf(request));
    if (outcome.kind === 'throttled') {
      response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      throw new TooManyAttempts(outcome.retryAfterSeconds);
    }
    if (outcome.kind !== 'signed-in') {
      const text = outcome.kind === 'disabled' ? 'This account is disabled; ask your administrator' : 'The user name or password is not right';
      const errors: FormErrors = { summary: [{ text, href: '#user' }], byField: { user: outcome.kind === 'disabled' ? text : 'Enter a correct user name and password' } };
      return this.show(request, response, { next, user, errors }, 401);
    }
    setSessionCookie(request, response, outcome.sessionId, this.users.sessionMaxMs());
    response.redirect(303, next);
  }

  @Post('sign-out')
  async signOut(@Req() request: WebRequest, @Res() response: Response, @Body() body: unknown) {
    requireCsrf(request, body);
    const session = sessionIdOf(request);
    if (session) await this.users.signOut(session);
    clearSessionCookie(response);
    response.redirect(303, '/sign-in?signedOut=1');
  }

  private show(request: WebRequest, response: Response, context: Record<string, unknown>, status = 200): void {
    this.pages.render(request, response, 'sign-in.njk', { signInToken: signInToken(request, response), signedOut: request.query.signedOut === '1', ...context }, status);
  }
}
