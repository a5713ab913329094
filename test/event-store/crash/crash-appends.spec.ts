import { tempDatabase } from '../../support/temp-database';
import { runCrashAppendsSuite } from './crash-appends.suite';

// The body is shared with crash-appends.postgres.spec.ts, which kills appenders on PostgreSQL.
const database = tempDatabase('crash');
runCrashAppendsSuite({ name: 'SQLite', target: { kind: 'sqlite', file: database.file }, cycles: 60, cleanUp: database.remove });
