import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { UsersService } from '../../src/auth/users.service';
import { APP_CONFIG, loadConfig } from '../../src/config';
import { ROLES, Role } from '../../src/domain/roles';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { configureHttp } from '../../src/http-app';
import { tempDatabase } from './temp-database';

/**
 * The real HTTP app (guards, filters, helmet, swagger) over fresh SQLite files,
 * with one user and API token per role: `tokens.qa`, `tokens.inspector`, ...
 */
export async function httpHarness(label: string, overrides: Record<string, unknown> = {}, shared: { tokens?: Record<Role, string> } = {}) {
  const database = tempDatabase(label);
  const config = { ...loadConfig({ DATA_DIR: database.dir, EVENTS_FILE: database.file }), loadExample: false, ...overrides };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(APP_CONFIG).useValue(config).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureHttp(app);
  // Listening once, on a free local port: given a server that is not listening, supertest opens and
  // closes one for every request.
  await app.listen(0, '127.0.0.1');
  const users = app.get(UsersService);
  // A second app on the same PostgreSQL schema shares the first one's users (src/auth/auth-database.ts): given its tokens, it makes none.
  const tokens = shared.tokens ?? ({} as Record<Role, string>);
  for (const role of shared.tokens ? [] : ROLES) {
    await users.createUser(`${role}.user`, role, `A ${role}`, 'correct horse battery staple');
    tokens[role] = await users.createToken(`${role}.user`, 'tests');
  }
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    http: () => request(app.getHttpServer()),
    tokens,
    store,
    config,
    eventCount: () => store.headPosition(),
    as: (role: Role) => ({ Authorization: `Bearer ${tokens[role]}` }),
    close: async () => {
      await app.close();
      database.remove();
    },
  };
}

export type HttpHarness = Awaited<ReturnType<typeof httpHarness>>;
