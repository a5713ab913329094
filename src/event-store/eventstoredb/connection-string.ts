/**
 * The EventStoreDB connection string from the environment. A password goes into the
 * string's userinfo percent-encoded: the client splits `user:password@` at the first `:`
 * and decodes each part with decodeURIComponent, so a raw `:` cuts the password short,
 * a raw `%` fails to decode and a raw `@` or `/` ends the userinfo early. Composing the
 * string in docker-compose (`esdb://admin:${PASSWORD}@…`) cannot encode it, hence
 * EVENTSTORE_USERNAME and EVENTSTORE_PASSWORD, which this puts in encoded.
 */
export interface EventStoreSettings {
  /** When set, events go to EventStoreDB / KurrentDB instead of SQLite. */
  eventStoreConnectionString?: string;
  /** EVENTSTORE_MAX_APPEND_SIZE: the server's MaxAppendSize in bytes (default 1 MiB), what a restore cuts its appends to. */
  eventStoreMaxAppendSize?: number;
}

export function eventStoreSettings(env: NodeJS.ProcessEnv): EventStoreSettings {
  const base = env.EVENTSTORE_CONNECTION_STRING || undefined;
  if (!base) return {};
  const maxAppendSize = env.EVENTSTORE_MAX_APPEND_SIZE ? Number(env.EVENTSTORE_MAX_APPEND_SIZE) : undefined;
  if (maxAppendSize !== undefined && !(Number.isSafeInteger(maxAppendSize) && maxAppendSize > 0)) {
    throw new Error(`EVENTSTORE_MAX_APPEND_SIZE must be a whole number of bytes, not "${env.EVENTSTORE_MAX_APPEND_SIZE}"`);
  }
  const password = env.EVENTSTORE_PASSWORD;
  const connectionString = password === undefined || password === '' ? base : withCredentials(base, env.EVENTSTORE_USERNAME || 'admin', password);
  return { eventStoreConnectionString: connectionString, ...(maxAppendSize ? { eventStoreMaxAppendSize: maxAppendSize } : {}) };
}

/** `esdb://host…` with `user:password@` put in, each percent-encoded; refuses a string that already carries credentials. */
export function withCredentials(connectionString: string, username: string, password: string): string {
  const match = /^(esdb(?:\+discover)?:\/\/)(.*)$/i.exec(connectionString);
  if (!match) throw new Error('EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://');
  const [, scheme, rest] = match;
  const hosts = rest.split(/[/?]/, 1)[0];
  if (hosts.includes('@')) throw new Error('EVENTSTORE_CONNECTION_STRING already holds credentials: give them there or in EVENTSTORE_USERNAME/EVENTSTORE_PASSWORD, not both');
  return `${scheme}${encodeURIComponent(username)}:${encodeURIComponent(password)}@${rest}`;
}
