import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken, TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { AuthDatabase } from './auth-database';
import { PostgresAuthDatabase, preparePostgresAuth } from './postgres-auth-database';
import { SqliteAuthDatabase } from './sqlite-auth-database';
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
 *
 * With DATABASE_URL set, all of it is in PostgreSQL instead, in the event log's schema
 * (DATABASE_SCHEMA), so every server on that database shares one set of users, tokens, sessions,
 * failure counts and one access log (src/auth/auth-database.ts says how one set of SQL serves both).
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      name: AUTH_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => authConnectionOptions(config),
      // On PostgreSQL the tables are made under an advisory lock (two servers may start at once), not by TypeORM on its own.
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const dataSource = await new DataSource(options!).initialize();
        if (dataSource.options.type === 'postgres') await preparePostgresAuth(dataSource, dataSource.options.schema!);
        return dataSource;
      },
    }),
    // Only for routes that write a row per unauthenticated request (starting a sign-in with the identity
    // provider); password sign-in has its own per-account and per-address limits (sign-in-limits.ts).
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 30 }]),
  ],
  providers: [
    {
      provide: AuthDatabase,
      inject: [getDataSourceToken(AUTH_CONNECTION), APP_CONFIG],
      useFactory: (dataSource: DataSource, config: AppConfig) => authDatabaseOn(dataSource, config),
    },
    UsersService, AccessLog, SignInLimits, PasswordSignIn, AccountsService, OidcProviderConnection, ExternalIdentities, OidcSignIn],
  exports: [AuthDatabase, UsersService, AccessLog, SignInLimits, PasswordSignIn, AccountsService, OidcSignIn],
})
export class AuthModule {}

const AUTH_ENTITIES = [User, ApiToken, Session, ExternalIdentity, OidcSignInAttempt];

/** auth.sqlite in the data folder, or the PostgreSQL schema of the event log when DATABASE_URL is set. */
export function authConnectionOptions(config: AppConfig): TypeOrmModuleOptions {
  if (config.databaseUrl) {
    return {
      // Named here as well as above: @nestjs/typeorm looks the data source up by this name on shutdown.
      name: AUTH_CONNECTION,
      type: 'postgres',
      url: config.databaseUrl,
      schema: config.databaseSchema,
      entities: AUTH_ENTITIES,
      synchronize: false,
      // A database that is down at start is tried a few times, not for half a minute (TypeORM's default), which the CLI would sit through.
      retryAttempts: 2,
      retryDelay: 1000,
      // The auth SQL names its tables without a schema (it runs on SQLite too): this schema first.
      extra: { options: `-c search_path=${config.databaseSchema}`, application_name: 'plan-audit-auth' },
    };
  }
  return {
    name: AUTH_CONNECTION,
    type: 'better-sqlite3',
    database: config.authFile,
    entities: AUTH_ENTITIES,
    synchronize: true,
    enableWAL: true,
    timeout: 5000,
  };
}

export function authDatabaseOn(dataSource: DataSource, config: Pick<AppConfig, 'databaseSchema'>): AuthDatabase {
  return dataSource.options.type === 'postgres' ? new PostgresAuthDatabase(dataSource, config.databaseSchema) : new SqliteAuthDatabase(dataSource);
}

/** The guard, registered globally by the HTTP app only (the CLI proves its caller from the environment: src/cli/cli-caller.ts). */
export const AUTH_GUARD_PROVIDER = { provide: APP_GUARD, useClass: AuthGuard };
