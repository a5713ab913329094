import { isIP } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { loadOidcConfig, OidcConfig } from './oidc-config';

/** Everything the app reads from its environment, in one place, with the embedded defaults. */
export interface AppConfig {
  /** Where the SQLite files (and later evidence files and keys) live. */
  dataDir: string;
  /** The signer folder (SIGNER_DIR; default `<data folder>-signer` beside it): the checkpoint signing key and the last signed head, kept out of the data folder (src/audit/signer-folder.ts). */
  signerDir?: string;
  /** The SQLite file holding the event log: the record every report is derived from. Back up the whole data folder with `plan-audit backup` (it copies this file with the auth file, the keys and the evidence files), never by copying this file while a server writes. */
  eventsFile: string;
  /**
   * The SQLite file holding the read models. Kept apart from the log so the
   * projector's TypeORM transactions never hold the lock an append is waiting for,
   * and so read models can be thrown away and rebuilt from the log at any time.
   */
  readModelsFile: string;
  /** Users, API tokens (hashed) and sessions; unused when DATABASE_URL puts them in PostgreSQL. */
  authFile: string;
  /** Content-addressed evidence files, outside the event log. */
  evidenceDir: string;
  /** Largest evidence upload accepted, in bytes (larger: HTTP 413). */
  evidenceMaxBytes: number;
  /** When set, events go to EventStoreDB / KurrentDB instead of SQLite. */
  eventStoreConnectionString?: string;
  /**
   * DATABASE_URL=postgres://…: the event log (and its checkpoints) in PostgreSQL, shared by every
   * server pointed at it; DATABASE_SCHEMA names the schema (default plan_audit). Users, tokens,
   * sessions and the access log go there too (src/auth/auth.module.ts). Read models, keys and
   * evidence stay in this server's data folder for now (docs/architecture.md).
   */
  databaseUrl?: string;
  databaseSchema: string;
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
  /** Browser sessions end after this long unused (SESSION_IDLE_MINUTES) or this long after sign-in (SESSION_MAX_HOURS), whichever comes first. */
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /**
   * Password guessing: after this many failed sign-ins for one account, or from
   * one address, within the window, sign-in is refused (429) until the oldest
   * failure leaves the window. Kept in auth.sqlite, so a restart does not reset them.
   */
  signInLimits: { accountFailures: number; addressFailures: number; windowMinutes: number };
  /**
   * Express's `trust proxy` (TRUST_PROXY): unset, X-Forwarded-* headers are ignored;
   * a number of proxy hops, or a list of proxy addresses, lets request.secure and
   * request.ip follow X-Forwarded-Proto and X-Forwarded-For from those proxies.
   */
  trustProxy?: number | string;
  /** API_DOCS_PUBLIC=true shows /api/docs and /api/docs-json to anyone; by default only to a signed-in caller. */
  apiDocsPublic: boolean;
  /** LOG_FORMAT: `text` (default), one readable line per entry, or `json`, one JSON object per line for a log collector. */
  logFormat: 'text' | 'json';
  /** METRICS_PUBLIC=true lets anyone who can reach the server scrape /api/metrics; by default only administrators and auditors. */
  metricsPublic: boolean;
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
  const logFormat = (env.LOG_FORMAT ?? 'text').trim().toLowerCase() || 'text';
  if (logFormat !== 'text' && logFormat !== 'json') throw new Error(`LOG_FORMAT must be text or json, not "${env.LOG_FORMAT}"`);
  return {
    dataDir,
    signerDir: env.SIGNER_DIR ? resolve(env.SIGNER_DIR) : join(dirname(dataDir), `${basename(dataDir)}-signer`),
    eventsFile: env.EVENTS_FILE ? resolve(env.EVENTS_FILE) : join(dataDir, 'events.sqlite'),
    readModelsFile: env.READ_MODELS_FILE ? resolve(env.READ_MODELS_FILE) : join(dataDir, 'read-models.sqlite'),
    authFile: env.AUTH_FILE ? resolve(env.AUTH_FILE) : join(dataDir, 'auth.sqlite'),
    evidenceDir: env.EVIDENCE_DIR ? resolve(env.EVIDENCE_DIR) : join(dataDir, 'evidence'),
    evidenceMaxBytes: Number(env.EVIDENCE_MAX_BYTES ?? 10 * 1024 * 1024),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    ...postgresSettings(env),
    synchronous,
    host: env.HOST ?? '127.0.0.1',
    port,
    loadExample: env.LOAD_EXAMPLE !== 'false',
    timelineCacheFacts,
    oidc: loadOidcConfig(env),
    sessionIdleMinutes: positiveNumber(env, 'SESSION_IDLE_MINUTES', 30, 'minutes'),
    sessionMaxHours: positiveNumber(env, 'SESSION_MAX_HOURS', 8, 'hours'),
    signInLimits: {
      accountFailures: positiveNumber(env, 'SIGN_IN_ACCOUNT_FAILURES', 5, 'failed sign-ins', true),
      addressFailures: positiveNumber(env, 'SIGN_IN_ADDRESS_FAILURES', 20, 'failed sign-ins', true),
      windowMinutes: positiveNumber(env, 'SIGN_IN_WINDOW_MINUTES', 15, 'minutes'),
    },
    trustProxy: trustProxy(env.TRUST_PROXY),
    apiDocsPublic: env.API_DOCS_PUBLIC === 'true',
    logFormat,
    metricsPublic: trueOrFalse(env, 'METRICS_PUBLIC'),
  };
}

/** A setting that must be a number above zero (fractions allowed unless `whole`), or its default when unset. */
function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, unit: string, whole = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${whole ? 'whole ' : ''}number of ${unit} above 0, not "${raw}"`);
  }
  return value;
}

/** A switch: unset, empty or `false` is off, `true` is on; anything else is refused rather than guessed. */
function trueOrFalse(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new Error(`${name} must be true or false, not "${env[name]}"`);
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: a number of hops, or addresses (with an optional /prefix) and Express's names for ranges; anything else is refused. */
function trustProxy(raw: string | undefined): number | string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const valid = (entry: string) => {
    if (PROXY_NAMES.includes(entry)) return true;
    const [address, prefix, extra] = entry.split('/');
    return extra === undefined && isIP(address) !== 0 && (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128)));
  };
  const wrong = entries.find((entry) => !valid(entry));
  if (wrong !== undefined) throw new Error(`TRUST_PROXY must be a number of proxies in front (e.g. 1) or proxy addresses (e.g. 10.0.0.5,10.0.1.0/24 or loopback), not "${wrong}"`);
  return entries.join(',');
}

export const APP_CONFIG = Symbol('AppConfig');

/** DATABASE_URL must name PostgreSQL, and cannot be combined with EventStoreDB: one log, in one place. */
function postgresSettings(env: NodeJS.ProcessEnv): { databaseUrl?: string; databaseSchema: string } {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const databaseSchema = env.DATABASE_SCHEMA?.trim() || 'plan_audit';
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must be a PostgreSQL connection string, postgres://user@host:5432/database');
  if (databaseUrl && env.EVENTSTORE_CONNECTION_STRING) throw new Error('DATABASE_URL and EVENTSTORE_CONNECTION_STRING are both set: choose one place for the event log');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) throw new Error(`DATABASE_SCHEMA must be a plain lower-case name (letters, digits, _), not "${env.DATABASE_SCHEMA}"`);
  return { databaseUrl, databaseSchema };
}
