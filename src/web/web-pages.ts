import { Inject, Injectable, Optional } from '@nestjs/common';
import { PlanWords } from '../domain/plan/plan-words';
import { pageWords } from './plan-words-view';
import { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { join } from 'node:path';
import { ActorRef, Role } from '../domain/roles';
import { AUDIT_PAGE_READERS, SIGNED_RECORD_READERS } from './audit/audit-page-readers';
import { APP_CONFIG, AppConfig } from '../config';
import { csrfTokenFor } from './csrf';
import { GOVUK_FRONTEND_DIST, WEB_DIR } from './static-assets';
import { displayDate, displayDateTime, displayEffective } from './web-dates';
import { roleName } from './role-names';

export type WebRequest = Request & { caller?: ActorRef };

/** The templates: ours, then GOV.UK Frontend's macros. Autoescaped, so text from the log is never markup. */
export function templateEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(WEB_DIR, 'views'), GOVUK_FRONTEND_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('date', displayDate);
  env.addFilter('dateTime', displayDateTime);
  env.addFilter('effective', displayEffective);
  env.addFilter('roleName', roleName);
  env.addFilter('sentence', (text: string | undefined) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : ''));
  // A report's download address, /api/plans/<plan>/reports/<name>, as its proof bundle's: the same query answers both.
  env.addFilter('reportBundle', (base: string) => base.replace(/^\/api\/plans\/([^/]+)\/reports\/([^/?]+)$/, '/api/audit/bundles/reports/$1/$2'));
  env.addFilter('shortHash', (hash: string | undefined) => (hash ? `${hash.slice(0, 12)}…` : ''));
  return env;
}

/** The main menu; an item with `roles` is shown only to those roles, as its page refuses the rest. */
const NAVIGATION: { href: string; text: string; roles?: readonly Role[] }[] = [
  { href: '/plans', text: 'Plans' },
  { href: '/your-work', text: 'Your work', roles: ['lead', 'qa', 'board'] },
  { href: '/review', text: 'Evidence review' },
  { href: '/audit', text: 'Check the record', roles: AUDIT_PAGE_READERS },
  { href: '/record', text: 'Keys, checkpoints and downloads', roles: SIGNED_RECORD_READERS },
];

/** Renders a page with what every page needs: who is signed in, the sign-out form's CSRF token, the navigation. */
@Injectable()
export class WebPages {
  private readonly env = templateEnvironment();
  /** "Sign in with <provider>" on the sign-in page, when the council's identity provider is configured. */
  private readonly signInWith: string | undefined;

  constructor(@Optional() @Inject(APP_CONFIG) config?: AppConfig) {
    this.signInWith = config?.oidc?.providerName;
  }

  render(request: WebRequest, response: Response, template: string, context: Record<string, unknown> = {}, status = 200): void {
    const path = request.path;
    const caller = request.caller;
    const navigation = caller
      ? NAVIGATION.filter((item) => !item.roles || (item.roles as readonly string[]).includes(caller.role)).map(({ href, text }) => ({ href, text, active: path === href || path.startsWith(`${href}/`) }))
      : [];
    const html = this.env.render(template, {
      caller: request.caller,
      csrfToken: csrfTokenFor(request),
      navigation,
      signInWith: this.signInWith,
      // A plan's pages say what the plan calls its levels (plan-words-view.ts).
      w: pageWords(context.now as { words?: PlanWords } | undefined),
      ...context,
    });
    response.status(status).type('html').setHeader('Cache-Control', 'no-store');
    response.send(html);
  }
}
