import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { tempDatabase } from '../support/temp-database';
import { runEventStoreContract } from './event-store.contract';

const database = tempDatabase('contract');
afterAll(() => database.remove());

runEventStoreContract('SQLite', async () => new SqliteEventStore({ filename: database.file, pollIntervalMs: 20 }));
