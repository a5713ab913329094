import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { serveApiDocs } from './api/openapi-document';
import { docsNeedSignIn } from './api/docs-sign-in';
import { jsonOnlyApi } from './api/json-only';
import { singleQueryValues } from './api/single-query-values';
import { UsersService } from './auth/users.service';
import { APP_CONFIG, AppConfig } from './config';
import { configureWeb } from './web/configure-web';
import { requestLog } from './observability/request-log';

/** Everything the HTTP server needs around the modules; shared by main.ts and the HTTP tests so they test what runs. */
export function configureHttp(app: NestExpressApplication): void {
  // First of all, so every request has an id and a log line, even one a later step refuses.
  app.use(requestLog());
  // The web pages set their own, stricter content security policy (src/web/content-security-policy.ts).
  app.use(helmet({ contentSecurityPolicy: false }));
  // Express would hash every response body for a weak ETag (SHA-1 over ~190 KB for a whole plan as at
  // a date). The body is built before the hash either way, so a 304 saves the network, not the work;
  // writes carry their own ETag, the stream's version (issueCommand), for If-Match.
  app.set('etag', false);
  // Behind a TLS-terminating proxy, only TRUST_PROXY lets X-Forwarded-Proto and -For count
  // (request.secure for the Secure cookie, request.ip for sign-in limits); unset, they are ignored.
  const { trustProxy } = app.get<AppConfig>(APP_CONFIG);
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  configureWeb(app);
  // Before any body parser: a write under /api that is not JSON (multipart on an upload route) is refused unread.
  app.use('/api', jsonOnlyApi);
  app.use('/api', singleQueryValues);
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '1mb' });
  if (!app.get<AppConfig>(APP_CONFIG).apiDocsPublic) app.use(docsNeedSignIn(app.get(UsersService)));
  serveApiDocs(app);
}
