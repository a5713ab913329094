import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { ApiToken } from './api-token.entity';
import { AuthGuard } from './auth.guard';
import { ExternalIdentities } from './oidc/external-identities.service';
import { ExternalIdentity } from './oidc/external-identity.entity';
import { OidcProviderConnection } from './oidc/oidc-provider-connection';
import { OidcSignInAttempt } from './oidc/oidc-sign-in-attempt.entity';
import { OidcSignIn } from './oidc/oidc-sign-in.service';
import { Session } from './session.entity';
import { User } from './user.entity';
import { UserRoles } from './user-roles.service';
import { AUTH_CONNECTION, UsersService } from './users.service';

/**
 * Who is calling. Users, tokens and sessions live in their own SQLite file: they
 * are not read models (nothing rebuilds them) and not events (a password is not
 * part of the plan's history).
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
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 1000 }]),
  ],
  providers: [UsersService, UserRoles, OidcProviderConnection, ExternalIdentities, OidcSignIn],
  exports: [UsersService, UserRoles, OidcSignIn],
})
export class AuthModule {}

/** The guard, registered globally by the HTTP app only (the CLI proves its user from the environment: src/cli/cli-caller.ts). */
export const AUTH_GUARD_PROVIDER = { provide: APP_GUARD, useClass: AuthGuard };
