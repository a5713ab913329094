import { NestExpressApplication } from '@nestjs/platform-express';
import { contentSecurityPolicy } from './content-security-policy';
import { serveStaticAssets } from './static-assets';

/** What the web pages need around the modules: their content security policy and static assets. */
export function configureWeb(app: NestExpressApplication): void {
  app.use(contentSecurityPolicy());
  serveStaticAssets(app);
}
