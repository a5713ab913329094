import type { Database, Statement } from 'better-sqlite3';
import { DataSource } from 'typeorm';

/**
 * The better-sqlite3 connection under a TypeORM DataSource (the read models, the
 * users), for the few statements run on every request: through dataSource.query or
 * a repository a one-row SELECT costs ~0.1 ms of TypeORM's own work, as much as the
 * rest of an as-of read; prepared once on the connection it costs a few
 * microseconds. Same connection, so the same view of the file as every TypeORM query.
 */
export function sqliteConnection(dataSource: DataSource): Database {
  if (dataSource.driver.options.type !== 'better-sqlite3') throw new Error(`expected SQLite through better-sqlite3, not ${dataSource.driver.options.type}`);
  const connection = (dataSource.driver as unknown as { databaseConnection?: Database }).databaseConnection;
  if (!connection) throw new Error(`the database ${String(dataSource.options.database)} is not open`);
  return connection;
}

/** A statement prepared once per connection (a rebuilt DataSource gets its own); `pluck` returns a row's first column alone. */
export function preparedOn<P extends unknown[], R>(sql: string, options: { pluck?: boolean } = {}): (dataSource: DataSource) => Statement<P, R> {
  const cache = new WeakMap<Database, Statement<P, R>>();
  return (dataSource) => {
    const connection = sqliteConnection(dataSource);
    let statement = cache.get(connection);
    if (!statement) {
      statement = connection.prepare<P, R>(sql);
      if (options.pluck) statement.pluck();
      cache.set(connection, statement);
    }
    return statement;
  };
}
