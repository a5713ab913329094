import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, statSync, watch } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { QueryBus } from '@nestjs/cqrs';
import { ImportPlanCommand } from '../../src/commands';
import { sunderlandExample } from '../../src/import/example-plan';
import { NewEvent } from '../../src/event-store/envelope';
import { REPORTS } from '../../src/reports/report-catalogue';
import { CLI } from '../support/run-cli';
import { commandHarness } from '../support/command-harness';
import { tempDatabase } from '../support/temp-database';

const cliEnv = (dataDir: string) => ({ ...process.env, DATA_DIR: dataDir, EVENTS_FILE: '', READ_MODELS_FILE: '', EVENTSTORE_CONNECTION_STRING: '' });

/** Catch up in a child process without interruption. */
async function catchUp(dataDir: string): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'catch-up'], { env: cliEnv(dataDir), stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`catch-up failed with exit code ${code}`);
}

/** How far the read models in `dataDir` have folded the log, read as another process would; 0 before the first commit. */
function projectedUpTo(dataDir: string): number {
  try {
    const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT position FROM projection_checkpoints WHERE projection = 'plan-facts'").pluck().get() as number | undefined) ?? 0;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the table not yet there
  }
}

/**
 * Catch up in a child process, killing it with SIGKILL as soon as its committed
 * checkpoint passes each of `stops` in turn, then let one last child finish.
 * Returns how many children were killed.
 * Kills follow the projector's progress, seen through the file as it changes, not a
 * timer: timed kills landed mostly during the child's start-up, before it had
 * committed anything, so a run took 23 s once and 164 s (100+ kills) the next. Each
 * kill lands mid-way through the catch-up, somewhere after a commit.
 */
async function catchUpWithKills(dataDir: string, stops: number[]): Promise<number> {
  let kills = 0;
  for (const stop of stops) {
    const child = spawn(process.execPath, [CLI, 'catch-up'], { env: cliEnv(dataDir), stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
    // Only when the projector's write-ahead log has really changed: a reader opening the file after a
    // kill touches it too (recovering its index), and reacting to that would feed on itself.
    const wal = join(dataDir, 'read-models.sqlite-wal');
    let seen = '';
    const watcher = watch(dataDir, (_, file) => {
      if (file !== 'read-models.sqlite-wal' || child.exitCode !== null || child.signalCode !== null) return;
      const written = statSync(wal, { throwIfNoEntry: false });
      const now = written ? `${written.size}:${written.mtimeMs}` : '';
      if (now === seen) return;
      seen = now;
      if (projectedUpTo(dataDir) >= stop) child.kill('SIGKILL');
    });
    const { code, signal } = await exited;
    watcher.close();
    if (signal !== 'SIGKILL' && code !== 0) throw new Error(`catch-up failed with exit code ${code}`);
    // On a busy machine a child may finish before the kill lands: then there is nothing left to interrupt.
    if (signal !== 'SIGKILL') return kills;
    kills += 1;
  }
  await catchUp(dataDir);
  return kills;
}

describe('killing the projector mid-way', () => {
  const interrupted = tempDatabase('projector-killed');
  const clean = tempDatabase('projector-clean');
  afterAll(() => {
    interrupted.remove();
    clean.remove();
  });

  it('gives the same answers after restarting as an uninterrupted run', async () => {
    // A log long enough that the projector is killed part-way: the example, then a long tail of rating changes.
    const writer = await commandHarnessAt(interrupted.dir);
    await writer.close();
    copyFileSync(interrupted.file, clean.file);

    await catchUp(clean.dir);
    const head = await headOf(interrupted.dir);
    const stops = [0.2, 0.4, 0.6, 0.8].map((share) => Math.floor(head * share));
    const kills = await catchUpWithKills(interrupted.dir, stops);

    const knownAt = new Date().toISOString();
    const answers = async (dir: string) => {
      const h = await commandHarnessAt(dir, false);
      const queries = h.get(QueryBus);
      const result: Record<string, unknown> = {};
      for (const asOf of ['Nov 16', 'Current', '2017-06-30']) {
        result[`plan-state ${asOf}`] = (await REPORTS['plan-state'].run(queries, { planId: 'sunderland-2017', asOf, knownAt })).data;
      }
      result.summary = (await REPORTS['rag-summary'].run(queries, { planId: 'sunderland-2017', from: 'Nov 16', to: '2017-06-30', knownAt })).data;
      result.register = (await REPORTS['completion-register'].run(queries, { planId: 'sunderland-2017', asOf: '2017-06-30', knownAt })).data;
      const lag = await h.projector.lag();
      await h.close();
      return { result, lag };
    };
    const killed = await answers(interrupted.dir);
    const uninterrupted = await answers(clean.dir);
    expect(killed.lag.behind).toBe(0);
    expect(uninterrupted.lag.behind).toBe(0);
    expect(killed.result).toEqual(uninterrupted.result);
    expect(kills).toBeGreaterThan(0);
    process.stdout.write(`projector crash test: ${kills} SIGKILLs during catch-up of ${killed.lag.head} events, after positions ${stops.join(', ')}; answers identical to an uninterrupted run\n`);
  }, 300000);
});

/** The number of events in the log in `dataDir`. */
function headOf(dataDir: string): number {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT MAX(global_position) FROM events').pluck().get() as number;
  } finally {
    db.close();
  }
}

/**
 * The write and read sides over the SQLite files in `dir`. With `seed`, it first
 * writes the example plan and a tail of 40,000 rating changes across its actions.
 */
async function commandHarnessAt(dir: string, seed = true) {
  const h = await commandHarness('at', dir);
  if (seed && (await h.eventCount()) === 0) {
    await h.bus.execute(new ImportPlanCommand(sunderlandExample(), { actor: { id: 'board.clerk', role: 'board' }, source: 'import' }));
    const streams = (await h.store.readAll({ limit: 100000 })).filter((e) => e.type === 'ActionAdded').map((e) => ({ streamId: e.streamId, reference: (e.data as { reference: string }).reference }));
    const codes = ['A', 'LG', 'DG', 'R'];
    const heads = new Map<string, number>();
    for (const s of streams) heads.set(s.streamId, (await h.store.readStream(s.streamId)).length - 1);
    for (let batch = 0; batch < 40; batch++) {
      const appends = streams.slice(0, 40).map((s, i) => {
        const events: NewEvent[] = Array.from({ length: 25 }, (_, k) => ({
          type: 'RatingChanged',
          schemaVersion: 1,
          data: { planId: 'sunderland-2017', reference: s.reference, code: codes[(batch + i + k) % codes.length], commentary: `monthly update ${batch}.${k}` },
          metadata: {
            actor: { id: 'lead.jo', role: 'lead' },
            effectiveAt: new Date(Date.parse('2017-03-01T00:00:00Z') + (batch * 25 + k) * 3_600_000).toISOString(),
            reason: 'bulk history for the crash test',
            correlationId: randomUUID(),
            causationId: randomUUID(),
            source: 'import',
          },
        }));
        const expectedVersion = heads.get(s.streamId)!;
        heads.set(s.streamId, expectedVersion + events.length);
        return { streamId: s.streamId, expectedVersion, events };
      });
      await h.store.appendMany(appends);
    }
  }
  return h;
}
