import { Controller, Get, Inject, Logger, NotFoundException, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Response } from 'express';
import { NotAuthenticated } from '../auth/not-authenticated.error';
import { sessionIdOf, setSessionCookie } from '../auth/session-cookie';
import { ATTEMPT_MINUTES, OidcSignIn } from '../auth/oidc/oidc-sign-in.service';
import { OidcSignInFailed } from '../auth/oidc/oidc-sign-in-failed.error';
import { Public } from '../auth/public.decorator';
import { UsersService } from '../auth/users.service';
import { APP_CONFIG, AppConfig } from '../config';
import { safeNext } from './sign-in.controller';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';

/** Ties the provider's answer to the browser that asked: only on the sign-in paths, gone within minutes. */
const ATTEMPT_COOKIE = 'plan_audit_oidc';
const ATTEMPT_PATH = '/sign-in/oidc';

/**
 * "Sign in with <the council's identity provider>": send the browser to the
 * provider, and take its answer at the callback. A session is opened only when
 * the answer has passed every check and the person has a role; otherwise the
 * page says why, and nothing is signed in.
 */
@Controller('sign-in/oidc')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class OidcSignInController {
  private readonly logger = new Logger('Sign-in');

  constructor(
    private readonly oidc: OidcSignIn,
    private readonly users: UsersService,
    private readonly pages: WebPages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Each start keeps a row for ten minutes, so starts are rate-limited per address like the API (1,000 a minute). */
  @Public()
  @Get()
  @UseGuards(ThrottlerGuard)
  async start(@Req() request: WebRequest, @Res() response: Response, @Query('next') next?: string) {
    if (!this.oidc.providerName) throw new NotFoundException();
    try {
      const { attemptId, redirectTo } = await this.oidc.start(safeNext(next));
      response.cookie(ATTEMPT_COOKIE, attemptId, { httpOnly: true, sameSite: 'lax', secure: this.secure(request), path: ATTEMPT_PATH, maxAge: ATTEMPT_MINUTES * 60_000 });
      response.redirect(303, redirectTo);
    } catch (error) {
      if (error instanceof OidcSignInFailed) return this.failed(request, response, error);
      throw error;
    }
  }

  @Public()
  @Get('callback')
  async callback(@Req() request: WebRequest, @Res() response: Response) {
    if (!this.oidc.providerName) throw new NotFoundException();
    const attemptId = (request.cookies as Record<string, unknown> | undefined)?.[ATTEMPT_COOKIE];
    response.clearCookie(ATTEMPT_COOKIE, { path: ATTEMPT_PATH });
    const query = request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?')) : '';
    try {
      const person = await this.oidc.finish(typeof attemptId === 'string' ? attemptId : undefined, query);
      if (!person.role) {
        return this.pages.render(request, response, 'no-role.njk', { pageTitle: 'Ask an administrator to give you a role', person, provider: this.oidc.providerName }, 403);
      }
      // A session this browser held before (perhaps someone else's) ends here, so the new one is the only one.
      const previous = sessionIdOf(request);
      if (previous) await this.users.signOut(previous);
      const session = await this.users.openSession(person.userId).catch((error: unknown) => {
        // A disabled account stays disabled whichever door its holder comes to.
        if (error instanceof NotAuthenticated) throw new OidcSignInFailed('denied', `The account ${person.userId} is disabled.`);
        throw error;
      });
      setSessionCookie(request, response, session.sessionId, this.users.sessionMaxMs(), this.config.oidc?.publicUrl.protocol === 'https:');
      response.redirect(303, person.next);
    } catch (error) {
      if (error instanceof OidcSignInFailed) return this.failed(request, response, error);
      throw error;
    }
  }

  private failed(request: WebRequest, response: Response, error: OidcSignInFailed): void {
    this.logger.warn(`Sign-in with ${this.oidc.providerName} failed (${error.failure}): ${error.detail ?? error.message}`);
    const advice: Record<OidcSignInFailed['failure'], string> = {
      'provider-unreachable': 'Try again in a few minutes. If it keeps happening, tell your administrator.',
      'not-started': 'Start again from the sign-in page.',
      mismatch: 'For your safety it has been refused. Start again from the sign-in page.',
      denied: 'If you should have access, ask your administrator.',
      'refused-answer': 'Start again from the sign-in page. If it keeps happening, tell your administrator.',
    };
    this.pages.render(
      request,
      response,
      'error.njk',
      { pageTitle: 'You have not been signed in', title: 'You have not been signed in', paragraphs: [error.message, advice[error.failure]], back: { href: '/sign-in', text: 'Go to the sign-in page' } },
      error.status,
    );
  }

  /** Secure cookies when people reach this server over https, as its public address says, even behind a proxy that speaks http to it. */
  private secure(request: WebRequest): boolean {
    return request.secure || this.config.oidc?.publicUrl.protocol === 'https:';
  }
}
