import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { HeadSigner } from './audit/head-signer';
import { APP_CONFIG, AppConfig, loadConfig } from './config';
import { FolderInUse, lockDataFolder } from './data-folder-lock';
import { configureHttp } from './http-app';
import { storageFaultOf } from './storage-fault';
import { UsersService } from './auth/users.service';
import { AppLogger, colourWanted } from './observability/app-logger';

async function bootstrap(): Promise<void> {
  // Before any file in the folder is opened: a second server on it is refused here, naming the first.
  const settings = loadConfig();
  const lock = lockDataFolder(settings.dataDir, { kind: 'server' });
  // LOG_FORMAT=json for a log collector; colour only for a person at a terminal (see AppLogger).
  const logger = new AppLogger(settings.logFormat, ['error', 'warn', 'log'], colourWanted());
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger });
  app.enableShutdownHooks();
  configureHttp(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  // Before anything more is signed, the log is read up to the last signed head (kept outside the data
  // folder) and its root checked; meanwhile the server answers, and a mismatch makes it unready.
  void app.get(HeadSigner).checkOnStart();
  await app.listen(config.port, config.host);
  // Keep idle connections longer than a client or a proxy in front does (Node's default is 5 s; load
  // balancers commonly keep 60 s), so a client never reuses a connection the server has just closed
  // ("other side closed"), which a busy client whose timers run late otherwise hits.
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  lock.update({ url: `http://${host}:${port}` });
  const store = config.databaseUrl ? `PostgreSQL (schema ${config.databaseSchema})` : config.eventStoreConnectionString ? 'EventStoreDB' : `SQLite file ${config.eventsFile}`;
  // A first start has no accounts yet; say how to make one rather than leave the sign-in page a dead end.
  // No administrator yet (the example's loader is a user, but no one can sign in as it).
  const firstUser = !(await app.get(UsersService).hasAdministrator())
    ? `  No one can sign in yet: create the first administrator, e.g.\n    PLAN_AUDIT_NEW_PASSWORD='a long passphrase' npm run cli -- add-user --id your.name --role admin\n`
    : '';
  const banner = `Improvement plan audit trail is running.\n  Open http://${host}:${port}/ in your browser (health: http://${host}:${port}/api/health)\n  Events are stored in ${store}.\n${firstUser}  Stop with Ctrl+C.`;
  // For a log collector, every line is JSON, the banner too.
  if (settings.logFormat === 'json') logger.log(banner, 'Server');
  else process.stdout.write(`\n${banner}\n\n`);
}

bootstrap().catch((error) => {
  const storage = storageFaultOf(error);
  const hint = error instanceof FolderInUse ? ' One server per data folder: stop that one first, or give this one another DATA_DIR.' : '';
  // A full or read-only disk at start: the words the API uses, then what the driver said.
  const message = storage ? `${storage.message} (${storage.detail})` : `${(error as Error).message}${hint}`;
  process.stderr.write(`Could not start: ${message}\n`);
  process.exit(1);
});
