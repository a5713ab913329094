import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SignInPageController } from './sign-in.controller';
import { WebErrorFilter } from './web-error.filter';
import { WebPages } from './web-pages';

/**
 * The web pages (GOV.UK Frontend, server-rendered). They read and write through
 * the query and command buses like the API, as the signed-in caller.
 */
@Module({
  imports: [AuthModule],
  controllers: [SignInPageController],
  providers: [WebPages, WebErrorFilter],
})
export class WebModule {}
