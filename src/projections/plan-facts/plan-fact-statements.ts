import type { Database, Statement } from 'better-sqlite3';
import { EntityManager } from 'typeorm';
import { PlanFact } from './plan-fact.entity';

/** The columns of a rating fact that a correction copies into its replacement. */
export interface CurrentRating {
  id: number;
  planId: string;
  subject: string;
  key: string;
  ref: string;
  payload: string;
  validFrom: string;
  validKey: string;
}

/**
 * The three statements the projection runs, prepared once per connection and
 * reused for every row. Through repository.insert a row cost some 30 µs, nearly
 * all of it TypeORM building and escaping SQL text; this way about 3 µs, nearly
 * all of it SQLite's own work.
 */
export interface PlanFactStatements {
  /** planId, subject, kind, key, ref, payload, validFrom, validKey, recordedAt, position, eventId; supersededAt is NULL. */
  insert: Statement<[string, string, string, string, string | null, string, string, string, string, number, string]>;
  /** The rating fact in force for (subject, ref): the one not yet superseded. */
  currentRating: Statement<[string, string], CurrentRating>;
  /** supersededAt, id */
  supersede: Statement<[string, number]>;
}

const prepared = new WeakMap<Database, PlanFactStatements>();

/**
 * The statements on the connection under `manager`'s transaction. With the
 * better-sqlite3 driver TypeORM holds one connection and runs BEGIN / COMMIT /
 * ROLLBACK on it, so statements run here are part of that transaction and are
 * rolled back with it.
 */
export async function planFactStatements(manager: EntityManager): Promise<PlanFactStatements> {
  const driver = manager.connection.driver;
  if (driver.options.type !== 'better-sqlite3') throw new Error(`plan_facts are written through better-sqlite3, not ${driver.options.type}`);
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) throw new Error('plan_facts are written inside a transaction');
  const db = (await queryRunner.connect()) as Database;
  let statements = prepared.get(db);
  if (!statements) {
    statements = prepare(db, manager);
    prepared.set(db, statements);
  }
  return statements;
}

function prepare(db: Database, manager: EntityManager): PlanFactStatements {
  // Table and column names as the entity maps them, so a renamed column cannot drift from these statements.
  const metadata = manager.connection.getMetadata(PlanFact);
  const table = `"${metadata.tableName}"`;
  const c = (property: keyof PlanFact) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`PlanFact has no column ${property}`);
    return `"${column.databaseName}"`;
  };
  return {
    insert: db.prepare(
      `INSERT INTO ${table} (${c('planId')}, ${c('subject')}, ${c('kind')}, ${c('key')}, ${c('ref')}, ${c('payload')}, ${c('validFrom')}, ${c('validKey')}, ${c('recordedAt')}, ${c('supersededAt')}, ${c('position')}, ${c('eventId')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    ),
    currentRating: db.prepare(
      `SELECT ${c('id')} AS id, ${c('planId')} AS planId, ${c('subject')} AS subject, ${c('key')} AS key, ${c('ref')} AS ref,
              ${c('payload')} AS payload, ${c('validFrom')} AS validFrom, ${c('validKey')} AS validKey
         FROM ${table}
        WHERE ${c('subject')} = ? AND ${c('ref')} = ? AND ${c('kind')} = 'rating' AND ${c('supersededAt')} IS NULL
        LIMIT 1`,
    ),
    supersede: db.prepare(`UPDATE ${table} SET ${c('supersededAt')} = ? WHERE ${c('id')} = ?`),
  };
}
