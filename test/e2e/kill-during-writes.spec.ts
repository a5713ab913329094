import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { runKillDuringWritesSuite } from './shared/kill-during-writes-suite';

// The body is shared with kill-during-writes.postgres.spec.ts, which runs it with the log in PostgreSQL.
runKillDuringWritesSuite({ name: 'SQLite', cycles: 100, env: {}, openLog: (dataDir) => new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') }) });
