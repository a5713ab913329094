import { EventStore } from '../event-store/event-store.port';
import { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { CheckpointStore } from './checkpoint-store.port';
import { EventStoreDbCheckpointStore } from './eventstoredb-checkpoint-store';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';

/** Checkpoints go beside the log, in whichever store holds it. */
export function createCheckpointStore(store: EventStore): CheckpointStore {
  if (store instanceof SqliteEventStore) return new SqliteCheckpointStore(store.connection);
  if (store instanceof EventStoreDbEventStore) return new EventStoreDbCheckpointStore(store);
  if (store instanceof PostgresEventStore) return new PostgresCheckpointStore(store.connection, store.schema);
  throw new Error(`no checkpoint store for a ${store.kind} event store`);
}
