import { PostgresCheckpointStore } from '../../src/audit/postgres-checkpoint-store';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { postgresUnavailable, skipWithoutPostgres, TEST_DATABASE_URL, tempSchema } from '../support/postgres';

/**
 * A server's first start on an empty database: the event store and the checkpoint store each create
 * the schema when it is missing, at the same moment (the signer asks for checkpoints while the
 * projector reads the log). Both must take one lock for it: CREATE SCHEMA IF NOT EXISTS in two
 * transactions at once fails one of them with a duplicate key in pg_namespace, and the server did not start.
 */
const unavailable = postgresUnavailable();
const SUITE = 'a first start on an empty PostgreSQL database';
const TRIES = 10;

if (unavailable) {
  skipWithoutPostgres(SUITE, unavailable);
} else {
  describe(SUITE, () => {
    it(`creates the schema from the event store and the checkpoint store at once (${TRIES} fresh schemas)`, async () => {
      const failures: string[] = [];
      for (let n = 0; n < TRIES; n++) {
        const schema = tempSchema(`first_start_${n}`);
        const events = new PostgresEventStore({ connectionString: TEST_DATABASE_URL, schema: schema.name });
        const checkpoints = new PostgresCheckpointStore(events.connection, schema.name);
        try {
          const [head, listed] = await Promise.all([events.headPosition(), checkpoints.list()]);
          expect([head, listed]).toEqual([0, []]);
        } catch (error) {
          failures.push((error as Error).message);
        } finally {
          await events.close();
          await schema.drop();
        }
      }
      expect(failures).toEqual([]);
    });
  });
}
