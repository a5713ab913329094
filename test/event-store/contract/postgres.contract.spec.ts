import { PostgresCheckpointStore } from '../../../src/audit/postgres-checkpoint-store';
import { PostgresEventStore } from '../../../src/event-store/postgres/postgres-event-store';
import { postgresUnavailable, skipWithoutPostgres, TEST_DATABASE_URL, tempSchema } from '../../support/postgres';
import { runAuditContract } from './audit.contract';
import { runEventStoreContract } from './event-store.contract';

const unavailable = postgresUnavailable();

if (unavailable) {
  skipWithoutPostgres('EventStore contract: PostgreSQL', unavailable);
} else {
  // A schema per store: the audit contract counts the whole log, and must see only its own events.
  const schema = tempSchema('contract');
  const auditSchema = tempSchema('audit_contract');
  afterAll(async () => {
    await schema.drop();
    await auditSchema.drop();
  });
  runEventStoreContract('PostgreSQL', async () => new PostgresEventStore({ connectionString: TEST_DATABASE_URL, schema: schema.name, pollIntervalMs: 50 }));
  runAuditContract(
    'PostgreSQL',
    async () => new PostgresEventStore({ connectionString: TEST_DATABASE_URL, schema: auditSchema.name }),
    (store) => new PostgresCheckpointStore((store as PostgresEventStore).connection, (store as PostgresEventStore).schema),
  );
}
