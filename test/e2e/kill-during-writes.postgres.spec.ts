import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { postgresUnavailable, skipWithoutPostgres, TEST_DATABASE_URL, tempSchema } from '../support/postgres';
import { runKillDuringWritesSuite } from './shared/kill-during-writes-suite';

const unavailable = postgresUnavailable();

if (unavailable) {
  skipWithoutPostgres('kill -9 during writes through the HTTP API (PostgreSQL)', unavailable);
} else {
  // 20 kills rather than SQLite's 100, so the leg stays a minute or two: a write killed on the server
  // side here may still commit in PostgreSQL after the process has gone, which the suite allows (an
  // unacknowledged write may or may not be in the log) and a restart must not disturb.
  const schema = tempSchema('kill_during_writes');
  const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema.name };
  runKillDuringWritesSuite({
    name: 'PostgreSQL',
    cycles: 20,
    env,
    openLog: () => new PostgresEventStore({ connectionString: TEST_DATABASE_URL, schema: schema.name }),
    cleanUp: schema.drop,
  });
}
