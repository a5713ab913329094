import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { AccessLog } from './access-log';
import { AccountsService } from './accounts.service';
import { ApiToken } from './api-token.entity';
import { AUTH_CONNECTION } from './auth-connection';
import { AuthGuard } from './auth.guard';
import { ExternalIdentities } from './oidc/external-identities.service';
import { ExternalIdentity } from './oidc/external-identity.entity';
import { OidcProviderConnection } from './oidc/oidc-provider-connection';
import { OidcSignInAttempt } from './oidc/oidc-sign-in-attempt.entity';
import { OidcSignIn } from './oidc/oidc-sign-in.service';
import { PasswordSignIn } from './password-sign-in';
import { Session } from './session.entity';
import { SignInLimits } from './sign-in-limits';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Who is calling, and who may. Users, tokens, sessions, the access log and the
 * counts of failed sign-ins live in their own SQLite file: they are not read
 * models (nothing rebuilds them) and not plan events (a password is not part of
 * the plan's history). The access log and the failure counts are tables made
 * with their own SQL (append-only triggers, indexes), not TypeORM entities.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      name: AUTH_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Named here as well as above: @nestjs/typeorm looks the data source up by this name on shutdown.
        name: AUTH_CONNECTION,
        type: 'better-sqlite3' as const,
        database: config.authFile,
        entities: [User, ApiToken, Session, ExternalIdentity, OidcSignInAttempt],
        synchronize: true,
        enableWAL: true,
        timeout: 5000,
      }),
    }),
    // Only for routes that write a row per unauthenticated request (starting a sign-in with the identity
    // provider); password sign-in has its own per-account and per-address limits (sign-in-limits.ts).
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 30 }]),
  ],
  providers: [UsersService, AccessLog, SignInLimits, PasswordSignIn, AccountsService, OidcProviderConnection, ExternalIdentities, OidcSignIn],
  exports: [UsersService, AccessLog, SignInLimits, PasswordSignIn, AccountsService, OidcSignIn],
})
export class AuthModule {}

/** The guard, registered globally by the HTTP app only (the CLI proves its caller from the environment: src/cli/cli-caller.ts). */
export const AUTH_GUARD_PROVIDER = { provide: APP_GUARD, useClass: AuthGuard };
