import { loadConfig } from '../../src/config';
import { createEventStore } from '../../src/event-store/event-store.module';

/** DATABASE_URL chooses PostgreSQL for the log; without it the embedded SQLite file stays the default. */
describe('choosing PostgreSQL for the event log', () => {
  it('keeps SQLite unless DATABASE_URL is set', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it('takes a postgres:// URL, with the schema plan_audit unless DATABASE_SCHEMA names another, and builds the PostgreSQL store from it', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db.council.example:5432/plans' });
    expect([config.databaseUrl, config.databaseSchema]).toEqual(['postgres://app@db.council.example:5432/plans', 'plan_audit']);
    expect(loadConfig({ DATABASE_URL: 'postgresql://app@db/plans', DATABASE_SCHEMA: 'council_7' }).databaseSchema).toBe('council_7');
    // Building the store opens no connection: the pool connects on first use.
    const store = createEventStore(config);
    expect(store.kind).toBe('postgres');
    await store.close();
  });

  it.each([
    [{ DATABASE_URL: 'mysql://app@db/plans' }, /DATABASE_URL must be a PostgreSQL connection string/],
    [{ DATABASE_URL: 'postgres://app@db/plans', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113' }, /DATABASE_URL and EVENTSTORE_CONNECTION_STRING are both set/],
    [{ DATABASE_URL: 'postgres://app@db/plans', DATABASE_SCHEMA: 'Plans; DROP' }, /DATABASE_SCHEMA must be a plain lower-case name/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
