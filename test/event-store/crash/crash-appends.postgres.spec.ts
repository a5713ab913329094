import { postgresUnavailable, skipWithoutPostgres, TEST_DATABASE_URL, tempSchema } from '../../support/postgres';
import { runCrashAppendsSuite } from './crash-appends.suite';

const unavailable = postgresUnavailable();

if (unavailable) {
  skipWithoutPostgres('crash safety: SIGKILL while appending (PostgreSQL)', unavailable);
} else {
  // Fewer kills than SQLite's 60: each cycle starts a process that connects and creates nothing, but
  // every append waits for a commit's flush on a shared machine. The append is one statement, so what
  // a kill can leave is an append the server commits after the client has gone: whole, never half.
  const schema = tempSchema('crash');
  runCrashAppendsSuite({ name: 'PostgreSQL', target: { kind: 'postgres', connectionString: TEST_DATABASE_URL, schema: schema.name }, cycles: 30, cleanUp: schema.drop });
}
