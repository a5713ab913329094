import Database from 'better-sqlite3';
import { join } from 'node:path';

/**
 * Every row of a data folder's plan_facts read model, in log order: what fault tests compare before
 * and after `rebuild-read-models` to show no event was applied twice or skipped.
 */
export function readModelFacts(dataDir: string): unknown[] {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT planId, subject, kind, key, payload, validFrom, recordedAt, supersededAt, position, eventId FROM plan_facts ORDER BY position, id').all();
  } finally {
    db.close();
  }
}
