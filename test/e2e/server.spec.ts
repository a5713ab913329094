import { runServerSuite } from './shared/server-suite';

// The suite's body is shared with server.postgres.spec.ts, which runs it with the log in PostgreSQL.
runServerSuite({ name: 'SQLite', env: {}, storeLine: /Events are stored in SQLite file .*events\.sqlite/, eventStore: 'sqlite' });
