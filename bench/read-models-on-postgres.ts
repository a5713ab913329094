/**
 * Read models with several servers: per server (SQLite, each projecting the shared PostgreSQL log)
 * or in PostgreSQL through TypeORM? Prints the figures that decide it (docs/architecture.md,
 * "Read models with several servers"); asserts nothing.
 *
 *   npm run build && node dist/bench/read-models-on-postgres.js
 *
 * Two app contexts in this process, A and B, each with its own data folder (its own read models)
 * and one PostgreSQL schema for the log (TEST_DATABASE_URL, or the local server):
 *  1. lag: A records a rating (the command returns once committed); how long until B's read models
 *     hold it (LISTEN/NOTIFY, then B's projector's batch);
 *  2. the read-your-writes fence: what B pays per read to look at the log's head;
 *  3. a report read on B (the plan as it stands, from SQLite and the in-memory timeline) against the
 *     same plan's facts loaded from a PostgreSQL table, and a bare round trip;
 *  4. rebuild: B's read models rebuilt from the log, against writing the same fact rows into a
 *     PostgreSQL table in batches (what a rebuild into PostgreSQL would write, without the projection).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CliModule } from '../src/cli/cli.module';
import { CreatePlanCommand } from '../src/commands/plan/create-plan.command';
import { AddPriorityCommand } from '../src/commands/plan/add-priority.command';
import { AddActionCommand } from '../src/commands/action/add-action.command';
import { ChangeRatingCommand } from '../src/commands/action/change-rating.command';
import { CommandResult } from '../src/commands/shared/command-result';
import { IssuedBy } from '../src/commands/shared/issued-by';
import { GetPlanState } from '../src/projections/plan-state/get-plan-state.query';
import { Projector } from '../src/projections/projector/projector.service';
import { latencyOf, perSecond } from './stats';

const URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `plan_audit_bench_read_models_${randomUUID().slice(0, 8)}`;
const PLAN = 'bench-read-models';
const ACTIONS = Number(process.env.ACTIONS ?? 20);
const RATINGS_PER_ACTION = Number(process.env.RATINGS_PER_ACTION ?? 50);
const LAG_SAMPLES = Number(process.env.LAG_SAMPLES ?? 200);
const READS = Number(process.env.READS ?? 300);
const CODES = ['R', 'A', 'G'];
const board: IssuedBy = { actor: { id: 'bench.board', role: 'board' }, source: 'cli' };
const lead: IssuedBy = { actor: { id: 'bench.lead', role: 'lead' }, source: 'cli' };

async function openServerLike(dataDir: string): Promise<INestApplicationContext> {
  for (const name of ['EVENTS_FILE', 'READ_MODELS_FILE', 'AUTH_FILE', 'EVIDENCE_DIR', 'EVENTSTORE_CONNECTION_STRING']) delete process.env[name];
  Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: URL, DATABASE_SCHEMA: SCHEMA, LOAD_EXAMPLE: 'false', SQLITE_SYNCHRONOUS: 'NORMAL' });
  return NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
}

const ms = (began: bigint) => Number(process.hrtime.bigint() - began) / 1e6;
const round = (latency: ReturnType<typeof latencyOf>) => `p50 ${latency.p50Ms.toFixed(2)} ms, p95 ${latency.p95Ms.toFixed(2)} ms, p99 ${latency.p99Ms.toFixed(2)} ms`;

async function main(): Promise<void> {
  const folders = [mkdtempSync(join(tmpdir(), 'bench-rm-a-')), mkdtempSync(join(tmpdir(), 'bench-rm-b-'))];
  const a = await openServerLike(folders[0]);
  const b = await openServerLike(folders[1]);
  const pg = new Client({ connectionString: URL });
  await pg.connect();
  try {
    const commands = a.get(CommandBus);
    const projectorB = b.get(Projector);
    await projectorB.start();
    const record = (command: object): Promise<CommandResult> => commands.execute(command);
    const lastPosition = (result: CommandResult) => result.events[result.events.length - 1].globalPosition;
    const setUp = { effectiveAt: '2024-01-01', reason: 'set up' };
    await record(new CreatePlanCommand({ planId: PLAN, title: 'Bench', council: 'Council', scale: 'rag', ...setUp }, board));
    await record(new AddPriorityCommand({ planId: PLAN, number: 1, title: 'Workforce', ...setUp }, board));
    for (let n = 1; n <= ACTIONS; n++) await record(new AddActionCommand({ planId: PLAN, reference: `1.${n}`, priorityNumber: 1, title: `Action ${n}`, ...setUp }, board));

    // 1. Lag: one write at a time on A, the time from its commit until B's read models hold it.
    const lags: number[] = [];
    for (let i = 0; i < LAG_SAMPLES; i++) {
      const result = await record(new ChangeRatingCommand({ planId: PLAN, reference: `1.${1 + (i % ACTIONS)}`, code: CODES[i % 3], commentary: `lag ${i}`, effectiveAt: '2024-06-01', reason: 'bench' }, lead));
      const acknowledged = process.hrtime.bigint();
      if (!(await projectorB.projected(lastPosition(result), 10_000))) throw new Error(`B did not reach position ${lastPosition(result)} within 10 s`);
      lags.push(ms(acknowledged));
    }

    // More history for the rebuild: every action rated in parallel (one writer per action).
    const filling = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: ACTIONS }, async (_, n) => {
        for (let r = 0; r < RATINGS_PER_ACTION; r++) {
          await record(new ChangeRatingCommand({ planId: PLAN, reference: `1.${n + 1}`, code: CODES[r % 3], commentary: `history ${n}/${r}`, effectiveAt: '2024-07-01', reason: 'bench' }, lead));
        }
      }),
    );
    const fillMs = ms(filling);
    await projectorB.caughtUp(60_000);

    // 2. The fence: what a read on B pays to look at the log's head and find its read models there.
    const queries = b.get(QueryBus);
    const fence: number[] = [];
    for (let i = 0; i < READS; i++) {
      const began = process.hrtime.bigint();
      await projectorB.heldEverythingLogged(2000);
      fence.push(ms(began));
    }

    // 3. A report read on B: the plan as it stands (SQLite + the in-memory timeline, warmed once).
    await queries.execute(new GetPlanState(PLAN));
    const planReads: number[] = [];
    for (let i = 0; i < READS; i++) {
      const began = process.hrtime.bigint();
      await queries.execute(new GetPlanState(PLAN));
      planReads.push(ms(began));
    }
    // The same plan's facts as rows, from B's SQLite file and from a PostgreSQL table holding the same rows.
    const sqlite = new Database(join(folders[1], 'read-models.sqlite'), { readonly: true });
    const columns = ['planId', 'subject', 'kind', 'key', 'payload', 'validFrom', 'recordedAt', 'supersededAt', 'position', 'eventId'];
    const rows = sqlite.prepare(`SELECT ${columns.join(', ')} FROM plan_facts ORDER BY position, id`).all() as Record<string, unknown>[];
    const bySqlite = sqlite.prepare(`SELECT ${columns.join(', ')} FROM plan_facts WHERE planId = ? ORDER BY position`);
    const sqliteLoads: number[] = [];
    for (let i = 0; i < 50; i++) {
      const began = process.hrtime.bigint();
      bySqlite.all(PLAN);
      sqliteLoads.push(ms(began));
    }
    sqlite.close();
    await pg.query(`CREATE TABLE "${SCHEMA}".plan_facts_copy (id bigserial PRIMARY KEY, ${columns.map((c) => `"${c}" ${c === 'position' ? 'bigint' : 'text'}`).join(', ')})`);
    await pg.query(`CREATE INDEX ON "${SCHEMA}".plan_facts_copy ("planId", position)`);
    // 4b. Writing the rows into PostgreSQL as a rebuild into it would: 1,000 events' facts per transaction.
    const perEvent = rows.length / Math.max(1, rows[rows.length - 1]?.position as number);
    const batchRows = Math.max(1, Math.round(1000 * perEvent));
    const pgWriting = process.hrtime.bigint();
    const insert = (chunk: Record<string, unknown>[]) =>
      pg.query(
        `INSERT INTO "${SCHEMA}".plan_facts_copy (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${chunk.map((_, r) => `(${columns.map((__, k) => `$${r * columns.length + k + 1}`).join(', ')})`).join(', ')}`,
        chunk.flatMap((row) => columns.map((c) => row[c])),
      );
    for (let start = 0; start < rows.length; start += batchRows) {
      const batch = rows.slice(start, start + batchRows);
      await pg.query('BEGIN');
      // 500 rows a statement: PostgreSQL takes at most 65,535 parameters in one.
      for (let offset = 0; offset < batch.length; offset += 500) await insert(batch.slice(offset, offset + 500));
      await pg.query('COMMIT');
    }
    const pgWriteMs = ms(pgWriting);
    const pgLoads: number[] = [];
    for (let i = 0; i < 50; i++) {
      const began = process.hrtime.bigint();
      await pg.query(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${SCHEMA}".plan_facts_copy WHERE "planId" = $1 ORDER BY position`, [PLAN]);
      pgLoads.push(ms(began));
    }
    const roundTrips: number[] = [];
    for (let i = 0; i < READS; i++) {
      const began = process.hrtime.bigint();
      await pg.query('SELECT 1');
      roundTrips.push(ms(began));
    }

    // 4. Rebuild B's read models from the shared log.
    const rebuilding = process.hrtime.bigint();
    const rebuilt = await projectorB.rebuild();
    const rebuildMs = ms(rebuilding);

    const out = [
      `read models with several servers (schema ${SCHEMA}, ${rebuilt} events, ${rows.length} fact rows; load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`,
      `  lag, A's commit to B's read models holding it (${LAG_SAMPLES} writes, one at a time): ${round(latencyOf(lags))}, max ${Math.max(...lags).toFixed(1)} ms`,
      `  history written on A: ${ACTIONS * RATINGS_PER_ACTION} ratings, ${ACTIONS} writers, ${Math.round(perSecond(ACTIONS * RATINGS_PER_ACTION, fillMs))} events/s`,
      `  the read-your-writes fence on B (look at the log's head, read models already there): ${round(latencyOf(fence))}`,
      `  the plan as it stands on B (GetPlanState, SQLite + timeline in memory): ${round(latencyOf(planReads))}`,
      `  the plan's ${rows.length} fact rows loaded: SQLite ${round(latencyOf(sqliteLoads))}; PostgreSQL ${round(latencyOf(pgLoads))}`,
      `  a bare round trip to PostgreSQL (SELECT 1): ${round(latencyOf(roundTrips))}`,
      `  rebuild of B's read models (SQLite) from the PostgreSQL log: ${rebuilt} events in ${Math.round(rebuildMs)} ms, ${Math.round(perSecond(rebuilt, rebuildMs))} events/s`,
      `  the same fact rows written into PostgreSQL, 1,000 events' facts a transaction (writes only, no projection, no reads): ${Math.round(pgWriteMs)} ms, ${Math.round(perSecond(rebuilt, pgWriteMs))} events/s`,
    ];
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    await pg.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`).catch(() => undefined);
    await pg.end();
    await a.close();
    await b.close();
    folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
