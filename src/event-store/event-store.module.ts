import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, loadConfig } from '../config';
import { EVENT_STORE, EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** Pick the adapter from the configuration: embedded SQLite unless a PostgreSQL URL or an EventStoreDB connection string is given. */
export function createEventStore(config: AppConfig): EventStore {
  if (config.databaseUrl) return new PostgresEventStore({ connectionString: config.databaseUrl, schema: config.databaseSchema });
  if (config.eventStoreConnectionString) return new EventStoreDbEventStore(config.eventStoreConnectionString, { maxAppendSize: config.eventStoreMaxAppendSize });
  return new SqliteEventStore({ filename: config.eventsFile, synchronous: config.synchronous });
}

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    { provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createEventStore(config) },
  ],
  exports: [APP_CONFIG, EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
