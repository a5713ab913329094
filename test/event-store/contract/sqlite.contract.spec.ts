import { SqliteCheckpointStore } from '../../../src/audit/sqlite-checkpoint-store';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { tempDatabase } from '../../support/temp-database';
import { runAuditContract } from './audit.contract';
import { runEventStoreContract } from './event-store.contract';

const database = tempDatabase('contract');
const auditDatabase = tempDatabase('audit-contract');
afterAll(() => {
  database.remove();
  auditDatabase.remove();
});

runEventStoreContract('SQLite', async () => new SqliteEventStore({ filename: database.file, pollIntervalMs: 20 }));
runAuditContract(
  'SQLite',
  async () => new SqliteEventStore({ filename: auditDatabase.file }),
  (store) => new SqliteCheckpointStore((store as SqliteEventStore).connection),
);
