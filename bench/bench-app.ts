import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../src/cli/cli.module';

export type Synchronous = 'NORMAL' | 'FULL';

/** Settings that would point the app somewhere other than the benchmark's folder. */
const ELSEWHERE = ['EVENTS_FILE', 'READ_MODELS_FILE', 'AUTH_FILE', 'EVIDENCE_DIR', 'EVENTSTORE_CONNECTION_STRING'];

/**
 * The same application the CLI runs (CommandBus, QueryBus, SQLite store, projector,
 * audit), on the benchmark's data folder. The configuration is read from the
 * environment when the context starts, exactly as in production.
 */
export async function openBenchApp(dataDir: string, synchronous: Synchronous = 'NORMAL'): Promise<INestApplicationContext> {
  for (const name of ELSEWHERE) delete process.env[name];
  process.env.DATA_DIR = dataDir;
  process.env.SQLITE_SYNCHRONOUS = synchronous;
  process.env.LOAD_EXAMPLE = 'false';
  return NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
}

/** Environment for a child process (the server, the rebuild) working on the same folder. */
export function benchEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'NORMAL', LOAD_EXAMPLE: 'false', ...extra };
  for (const name of ELSEWHERE) delete env[name];
  return env;
}
