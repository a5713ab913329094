import { postgresUnavailable, skipWithoutPostgres, TEST_DATABASE_URL, tempSchema } from '../support/postgres';
import { runServerSuite } from './shared/server-suite';

const unavailable = postgresUnavailable();

if (unavailable) {
  skipWithoutPostgres('the server (PostgreSQL)', unavailable);
} else {
  // The same suite as server.spec.ts, with the log and its checkpoints in a schema of its own.
  const schema = tempSchema('server_e2e');
  runServerSuite({
    name: 'PostgreSQL',
    env: { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema.name },
    storeLine: new RegExp(`Events are stored in PostgreSQL \\(schema ${schema.name}\\)`),
    eventStore: 'postgres',
    cleanUp: schema.drop,
  });
}
