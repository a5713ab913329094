import { EventStore } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { VerifySource } from './log-verifier';
import { parallelSqliteSource } from './parallel-source';
import { storeSource } from './verify-sources';

/** How verify reads a store: on every core for a SQLite file, page by page on one thread otherwise. */
export type VerifySourceFactory = (store: EventStore) => VerifySource;

export const VERIFY_SOURCE_FACTORY = Symbol('VerifySourceFactory');

export const defaultVerifySource: VerifySourceFactory = (store) =>
  (store instanceof SqliteEventStore ? parallelSqliteSource(store) : undefined) ?? storeSource(store);
