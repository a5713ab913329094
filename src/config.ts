import { join, resolve } from 'node:path';
import { loadOidcConfig, OidcConfig } from './oidc-config';

/** Everything the app reads from its environment, in one place, with the embedded defaults. */
export interface AppConfig {
  /** Where the SQLite files (and later evidence files and keys) live. */
  dataDir: string;
  /** The SQLite file holding the event log: the only record that matters, the one to back up. */
  eventsFile: string;
  /**
   * The SQLite file holding the read models. Kept apart from the log so the
   * projector's TypeORM transactions never hold the lock an append is waiting for,
   * and so read models can be thrown away and rebuilt from the log at any time.
   */
  readModelsFile: string;
  /** Users, API tokens (hashed) and sessions. */
  authFile: string;
  /** Content-addressed evidence files, outside the event log. */
  evidenceDir: string;
  /** Largest evidence upload accepted, in bytes (larger: HTTP 413). */
  evidenceMaxBytes: number;
  /** When set, events go to EventStoreDB / KurrentDB instead of SQLite. */
  eventStoreConnectionString?: string;
  /** SQLite durability: NORMAL survives a process crash; FULL also survives power loss. */
  synchronous: 'NORMAL' | 'FULL';
  host: string;
  port: number;
  /**
   * How many read-model facts the server keeps in memory as plans' timelines
   * (about 250 bytes each; 2,000,000 holds 150 councils' five-year plans). The
   * least recently read plans are dropped first.
   */
  timelineCacheFacts: number;
  /** Load the Sunderland example on the first start with an empty log (LOAD_EXAMPLE=false to stop it). */
  loadExample: boolean;
  /** Sign-in with the council's identity provider (OpenID Connect), when OIDC_ISSUER is set: src/oidc-config.ts. */
  oidc?: OidcConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new Error(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, not "${env.SQLITE_SYNCHRONOUS}"`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const timelineCacheFacts = Number(env.TIMELINE_CACHE_FACTS ?? 2_000_000);
  if (!Number.isInteger(timelineCacheFacts) || timelineCacheFacts < 0) {
    throw new Error(`TIMELINE_CACHE_FACTS must be a whole number of facts (0 or more), not "${env.TIMELINE_CACHE_FACTS}"`);
  }
  return {
    dataDir,
    eventsFile: env.EVENTS_FILE ? resolve(env.EVENTS_FILE) : join(dataDir, 'events.sqlite'),
    readModelsFile: env.READ_MODELS_FILE ? resolve(env.READ_MODELS_FILE) : join(dataDir, 'read-models.sqlite'),
    authFile: env.AUTH_FILE ? resolve(env.AUTH_FILE) : join(dataDir, 'auth.sqlite'),
    evidenceDir: env.EVIDENCE_DIR ? resolve(env.EVIDENCE_DIR) : join(dataDir, 'evidence'),
    evidenceMaxBytes: Number(env.EVIDENCE_MAX_BYTES ?? 10 * 1024 * 1024),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    synchronous,
    host: env.HOST ?? '127.0.0.1',
    port,
    loadExample: env.LOAD_EXAMPLE !== 'false',
    timelineCacheFacts,
    oidc: loadOidcConfig(env),
  };
}

export const APP_CONFIG = Symbol('AppConfig');
