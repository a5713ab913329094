// npm run bench: the whole benchmark (see README "Benchmark"). Prints its figures,
// writes them to bench/results/<date>.json and, for a full run, to the README table.
import 'reflect-metadata';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir, platform, release } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Command, InvalidArgumentError } from 'commander';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { measureAsOfQueries } from './as-of-queries';
import { openBenchApp } from './bench-app';
import { figuresFromChild } from './child-figures';
import { CommandThroughput, measureCommands } from './command-throughput';
import { shapeFor, startingReferences, planIdOf } from './dataset';
import type { measureHttp } from './http-load';
import type { measureMixedDay } from './mixed-day';
import { loadDataset } from './load-dataset';
import { measureOrderedRead, measureVerify } from './log-reads';
import { BenchResults, markdownTable, updateReadme, writeResults } from './report';
import { rawOrderedReadOf } from './raw-sqlite';
import { median } from './stats';
import { installPeer, peerInstalled, peerPostgresInstalled, postgresUnreachable, runPairRounds, runPostgresPairRounds, StoreFigures } from './store-pairs';

const REPO = join(__dirname, '..', '..');

interface Options {
  events: number;
  mixedMinutes: number;
  seed: number;
  quick: boolean;
  dir?: string;
  keep: boolean;
  readme: boolean;
  writesOnly: boolean;
  postgresPairsOnly: boolean;
}

const positiveInteger = (value: string) => {
  const parsed = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('give a whole number above 0, e.g. 20000');
  return parsed;
};

function parseOptions(argv: string[]): Options {
  const program = new Command('npm run bench --')
    .description('Benchmark the event store, commands, read models, verification and HTTP API on a synthetic dataset, beside Emmett’s SQLite event store')
    .option('--events <n>', 'about how many events the dataset holds (150 plans at the default)', positiveInteger, 1_000_000)
    .option('--mixed-minutes <n>', 'how long the mixed-day phase loads one plan, in minutes, each reported apart (a quick run: two 5-second intervals)', positiveInteger, 5)
    .option('--seed <n>', 'seed of the synthetic dataset: the same seed decides the same history', positiveInteger, 2017)
    .option('--quick', 'fewer repeats and shorter loads: a smoke check of about two minutes at 20,000 events; it judges no target (those are for the full run)', false)
    .option('--dir <path>', 'work in this folder (default: a new temporary folder, removed afterwards)')
    .option('--keep', 'keep the data folder afterwards, to look at it', false)
    .option('--no-readme', 'do not write the table into README.md (a quick run never does)')
    .option('--writes-only', 'only the write phases: the dataset, single commands and the side-by-side with the peer; prints their figures and writes no results file (to compare a change to the write path before and after)', false)
    .option('--postgres-pairs-only', 'only the side-by-side of our PostgreSQL store and Emmett\'s: prints their figures and ratios and writes no results file', false)
    .parse(argv);
  return program.opts<Options>();
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const phase = (title: string) => say(`\n== ${title}`);

function sqliteVersion(): string {
  const db = new Database(':memory:');
  const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return version;
}

/** Size on disk after folding the WAL back into the file, so the figure is the database, not its journal. */
function fileBytes(file: string): number {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
}

/** The rebuild in a process of its own, so its peak RSS is the rebuild's alone (bench/rebuild-child.ts). */
const rebuildInChild = (dataDir: string) =>
  figuresFromChild<{ events: number; seconds: number; perSecond: number; peakRssMb: number }>('rebuild-child.js', [dataDir], 'rebuilding the read models');

/** The HTTP load from a process of its own, so the bench's own garbage collections do not pause the clients (bench/http-child.ts). */
const measureHttpInChild = (dataDir: string, options: Parameters<typeof measureHttp>[1]) =>
  figuresFromChild<Awaited<ReturnType<typeof measureHttp>>>('http-child.js', [dataDir, JSON.stringify(options)], 'the HTTP load');

/** The mixed day from a process of its own, for the same reason (bench/mixed-day-child.ts). */
const measureMixedDayInChild = (dataDir: string, options: Parameters<typeof measureMixedDay>[1]) =>
  figuresFromChild<Awaited<ReturnType<typeof measureMixedDay>>>('mixed-day-child.js', [dataDir, JSON.stringify(options)], 'the mixed-day load');

const withoutRecordedTimes = ({ planRecorded: _, ...figures }: Awaited<ReturnType<typeof loadDataset>>) => figures;
const withoutReferences = ({ openReferences: _, ...figures }: CommandThroughput) => figures;

/** Alternating rounds with the peer and the ceilings: at least five, in a quick run too. */
const PAIR_ROUNDS = 5;


/** The peer (Emmett's SQLite event store), ours and the raw ceiling on the same workload, alternating rounds. */
function sideBySide(dataDir: string, quick: boolean) {
  phase(`Side by side with the peer (Emmett's SQLite event store) and the ceiling (raw better-sqlite3 on our table): ${PAIR_ROUNDS} alternating rounds, medians kept, synchronous=NORMAL`);
  const workload = quick ? { singles: 1_000, batches: 100, batchSize: 100, reads: 1 } : { singles: 5_000, batches: 500, batchSize: 100, reads: 1 };
  let peerSkipped: string | undefined;
  try {
    if (!peerInstalled()) installPeer();
  } catch (error) {
    if (!quick) throw error;
    peerSkipped = (error as Error).message;
    say(`SKIPPED, NOT RUN: the peer could not be installed (${peerSkipped}); no ratios in this run.`);
  }
  const pairs = runPairRounds(dataDir, workload, PAIR_ROUNDS, { withPeer: peerSkipped === undefined });
  const show = (label: string, f: StoreFigures) =>
    say(`${label.padEnd(5)} single ${Math.round(f.singleAppendsPerSecond).toLocaleString()}/s (p99 ${f.singleAppendP99Ms.toFixed(2)} ms), batched ${Math.round(f.batchedEventsPerSecond).toLocaleString()} ev/s, stream read ${Math.round(f.streamReadEventsPerSecond).toLocaleString()} ev/s, ordered read ${Math.round(f.orderedReadEventsPerSecond).toLocaleString()} ev/s`);
  show('ours', pairs.ours);
  if (pairs.peer) show('peer', pairs.peer);
  show('raw', pairs.raw);
  say(`single appends per round — ours ${pairs.singleAppendRuns.ours.join(', ')}; peer ${pairs.singleAppendRuns.peer.join(', ') || 'not run'}; raw ${pairs.singleAppendRuns.raw.join(', ')}`);
  return { ...pairs, workload, peerSkipped };
}

/**
 * Our PostgreSQL store beside Emmett's PostgreSQL store, the same workload as the SQLite pairs but
 * smaller (every single append waits for a commit's WAL flush), each in a database of its own.
 * Skipped with one line when PostgreSQL is not reachable or the peer is not installed.
 */
async function postgresSideBySide(quick: boolean) {
  const rounds = 3;
  const workload = quick ? { singles: 300, batches: 30, batchSize: 100, reads: 1 } : { singles: 1_000, batches: 100, batchSize: 100, reads: 1 };
  phase(`Side by side on PostgreSQL: ours and Emmett's PostgreSQL event store, ${rounds} alternating rounds, medians kept`);
  const unreachable = await postgresUnreachable();
  const skipped = unreachable ?? (peerPostgresInstalled() ? undefined : 'the peer (@event-driven-io/emmett-postgresql) is not installed in bench/peer-emmett');
  if (skipped) {
    say(`SKIPPED, NOT RUN: PostgreSQL pairs — ${skipped}`);
    return { skipped };
  }
  const pg = await runPostgresPairRounds(workload, rounds);
  const ratio = (key: keyof StoreFigures) => ((pg.ours[key] as number) / (pg.peer[key] as number)).toFixed(2);
  const show = (label: string, f: StoreFigures) =>
    say(`${label.padEnd(5)} single ${Math.round(f.singleAppendsPerSecond).toLocaleString()}/s (p99 ${f.singleAppendP99Ms.toFixed(1)} ms), batched ${Math.round(f.batchedEventsPerSecond).toLocaleString()} ev/s, stream read ${Math.round(f.streamReadEventsPerSecond).toLocaleString()} ev/s, ordered read ${Math.round(f.orderedReadEventsPerSecond).toLocaleString()} ev/s`);
  show('ours', pg.ours);
  show('peer', pg.peer);
  say(`ours / peer: single appends ${ratio('singleAppendsPerSecond')}, batched ${ratio('batchedEventsPerSecond')}, stream reads ${ratio('streamReadEventsPerSecond')}, ordered read ${ratio('orderedReadEventsPerSecond')}`);
  say(`single appends per round — ours ${pg.singleAppendRuns.ours.join(', ')}; peer ${pg.singleAppendRuns.peer.join(', ')} (load average ${loadavg().map((l) => l.toFixed(1)).join(', ')} at the end)`);
  return { ...pg, workload };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv);
  const quick = options.quick;
  const command = `npm run bench --${options.events !== 1_000_000 ? ` --events ${options.events}` : ''}${options.seed !== 2017 ? ` --seed ${options.seed}` : ''}${options.mixedMinutes !== 5 ? ` --mixed-minutes ${options.mixedMinutes}` : ''}${quick ? ' --quick' : ''}`;
  if (options.postgresPairsOnly) {
    await postgresSideBySide(quick);
    return 0;
  }
  const dataDir = options.dir ?? mkdtempSync(join(tmpdir(), 'plan-audit-bench-'));
  const shape = shapeFor(options.events, options.seed);
  const repeats = quick ? 1 : 3;
  say(`Benchmark: ${shape.plans} plans × ${shape.actionsPerPlan} actions × ${shape.months} months (seed ${shape.seed}) in ${dataDir}${quick ? ' — quick' : ''}`);
  const now = new Date();

  try {
    phase('Dataset: bulk import of every plan, decided by the real deciders');
    let app = await openBenchApp(dataDir);
    const dataset = await loadDataset(app, dataDir, shape, now);
    await app.close();
    say(`${dataset.events.toLocaleString()} events in ${dataset.plans} plans (${dataset.actionStreams.toLocaleString()} action streams); deciding took ${dataset.generateSeconds.toFixed(1)} s, appending ${dataset.appendSeconds.toFixed(1)} s = ${Math.round(dataset.bulkEventsPerSecond).toLocaleString()} events/s in ${dataset.transactions} transactions; raw ceiling ${Math.round(dataset.rawBulkEventsPerSecond).toLocaleString()} events/s`);

    phase('Single commands through the CommandBus (ChangeRating on council-001, one after another)');
    const references = startingReferences(shape);
    const normal = await measureCommands(dataDir, 'NORMAL', planIdOf(0), references, quick ? 3_000 : 30_000, 3, options.seed);
    say(`synchronous=NORMAL: ${Math.round(normal.commandsPerSecond).toLocaleString()} commands/s (rounds ${normal.rounds.join(', ')}), p50 ${normal.p50Ms.toFixed(3)} ms, p99 ${normal.p99Ms.toFixed(3)} ms, refused ${normal.refused}; raw ceiling ${Math.round(normal.ceilingPerSecond).toLocaleString()}/s (rounds ${normal.ceilingRounds.join(', ')})`);
    const full = await measureCommands(dataDir, 'FULL', planIdOf(0), references, quick ? 1_500 : 12_000, 3, options.seed + 1);
    say(`synchronous=FULL:   ${Math.round(full.commandsPerSecond).toLocaleString()} commands/s (rounds ${full.rounds.join(', ')}), p50 ${full.p50Ms.toFixed(3)} ms, p99 ${full.p99Ms.toFixed(3)} ms, refused ${full.refused}; raw ceiling ${Math.round(full.ceilingPerSecond).toLocaleString()}/s (rounds ${full.ceilingRounds.join(', ')})`);

    if (options.writesOnly) {
      const pairs = sideBySide(dataDir, quick);
      await postgresSideBySide(quick);
      const peerSingles = pairs.peer?.singleAppendsPerSecond;
      say(`\ncommands/s (synchronous=NORMAL) ${Math.round(normal.commandsPerSecond).toLocaleString()}, FULL ${Math.round(full.commandsPerSecond).toLocaleString()}; peer single appends ${peerSingles ? Math.round(peerSingles).toLocaleString() : 'not run'}/s${peerSingles ? `; ours / peer ${(normal.commandsPerSecond / peerSingles).toFixed(2)} (commands), ${(pairs.ours.singleAppendsPerSecond / peerSingles).toFixed(2)} (appends)` : ''}`);
      return 0;
    }

    phase('Reading the whole log in order, and its ceiling: the same rows read with raw better-sqlite3, in turn');
    app = await openBenchApp(dataDir);
    const totalEvents = await app.get<EventStore>(EVENT_STORE).headPosition();
    const orderedReads = [];
    const rawReads = [];
    for (let round = 0; round < repeats; round++) {
      orderedReads.push(await measureOrderedRead(app, 1));
      rawReads.push(rawOrderedReadOf(join(dataDir, 'events.sqlite'), 1));
    }
    await app.close();
    const orderedRead = { ...orderedReads[0], perSecond: median(orderedReads.map((r) => r.perSecond)), runs: orderedReads.map((r) => Math.round(r.perSecond)) };
    const rawOrderedRead = { events: rawReads[0].events, perSecond: median(rawReads.map((r) => r.perSecond)), runs: rawReads.map((r) => Math.round(r.perSecond)) };
    say(`${orderedRead.events.toLocaleString()} events: ${Math.round(orderedRead.perSecond).toLocaleString()} events/s (runs ${orderedRead.runs.join(', ')}); raw ceiling ${Math.round(rawOrderedRead.perSecond).toLocaleString()} events/s (runs ${rawOrderedRead.runs.join(', ')})`);
    const eventsFileBytes = fileBytes(join(dataDir, 'events.sqlite'));

    phase('Rebuilding every read model from zero (in a process of its own, for its peak RSS)');
    // Each rebuild followed by a raw read of the same rows: the least any rebuild must do, at the same moment.
    const rebuilds = Array.from({ length: repeats }, () => ({ ...rebuildInChild(dataDir), ceiling: rawOrderedReadOf(join(dataDir, 'events.sqlite'), 1).perSecond }));
    const rebuild = {
      ...rebuilds[0],
      perSecond: median(rebuilds.map((r) => r.perSecond)),
      seconds: median(rebuilds.map((r) => r.seconds)),
      peakRssMb: Math.max(...rebuilds.map((r) => r.peakRssMb)),
      runs: rebuilds.map((r) => Math.round(r.perSecond)),
      ceilingPerSecond: median(rebuilds.map((r) => r.ceiling)),
    };
    say(`${rebuild.events.toLocaleString()} events: ${Math.round(rebuild.perSecond).toLocaleString()} events/s (runs ${rebuild.runs.join(', ')}), peak RSS ${Math.round(rebuild.peakRssMb)} MB; raw read of the same rows ${Math.round(rebuild.ceilingPerSecond).toLocaleString()} events/s`);
    const readModelsFileBytes = fileBytes(join(dataDir, 'read-models.sqlite'));

    app = await openBenchApp(dataDir);
    phase('Verifying the whole log');
    const verify = { ...(await measureVerify(app, repeats)), ceilingPerSecond: rawOrderedReadOf(join(dataDir, 'events.sqlite'), repeats).perSecond };
    say(`${verify.events.toLocaleString()} events in ${verify.streams.toLocaleString()} streams, ${verify.checkpoints} checkpoint(s): ${Math.round(verify.perSecond).toLocaleString()} events/s (runs ${verify.runs.join(', ')}); raw read of the same rows ${Math.round(verify.ceilingPerSecond).toLocaleString()} events/s`);

    phase('As-of queries at random dates, read models against naive replay');
    const { firstRead, queries: asOf } = await measureAsOfQueries(app, dataDir, {
      planRecorded: dataset.planRecorded,
      references,
      samples: quick ? 60 : 500,
      naiveSamples: quick ? 15 : 50,
      seed: options.seed,
      lastRecordedAt: new Date().toISOString(),
      earliestDay: '2020-01-02T00:00:00.000Z',
      latestDay: '2025-01-01T00:00:00.000Z',
    });
    await app.close();
    say(`first read of each of ${firstRead.plans} plans (loads its timeline): p50 ${firstRead.p50Ms.toFixed(1)} ms, p99 ${firstRead.p99Ms.toFixed(1)} ms`);
    for (const [name, f] of Object.entries(asOf)) {
      const replay = f.speedup === undefined ? 'no read model, so no speed-up claimed' : `naive replay p50 ${f.naiveReplayP50Ms.toFixed(1)} ms (${Math.round(f.speedup)}×)`;
      say(`${name.padEnd(18)} p50 ${f.p50Ms.toFixed(2)} ms, p95 ${f.p95Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms; ${replay}; answers ${f.answersMatch ? `match (${f.naiveSamples} compared` : `DIFFER in ${f.mismatches} of ${f.naiveSamples} (`}, knownAt left out recorded events in ${f.knownAtHidEvents})`);
    }

    phase('HTTP on loopback (autocannon against the real server, then against a bare Node server answering as many bytes)');
    const http = measureHttpInChild(dataDir, { plans: shape.plans, references: normal.openReferences, seconds: quick ? 3 : 10, connections: 10, seed: options.seed });
    say(`server started and preloaded every plan's timeline in ${http.startSeconds.toFixed(1)} s (measured from then on)`);
    for (const [name, { ours: f, bare }] of Object.entries({ writes: http.writes, reads: http.reads, planReads: http.planReads })) {
      say(
        `${name.padEnd(9)} ${Math.round(f.requestsPerSecond).toLocaleString()}/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms (${f.requests.toLocaleString()} requests, ${f.non2xx} non-2xx, ${f.errors} errors, ${Math.round(f.bytesPerResponse).toLocaleString()} bytes each); ` +
          `bare server ${Math.round(bare.requestsPerSecond).toLocaleString()}/s, p99 ${bare.p99Ms} ms (${Math.round(bare.bytesPerResponse).toLocaleString()} bytes each)`,
      );
    }

    phase('The day of a board meeting: writes and reads on one plan at once over HTTP, then a read after a write at each plan size');
    const mixedDay = measureMixedDayInChild(dataDir, {
      planId: planIdOf(0),
      references: normal.openReferences,
      intervals: quick ? 2 : options.mixedMinutes,
      intervalSeconds: quick ? 5 : 60,
      connections: 10,
      sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
      readsAfterWrite: quick ? 30 : 200,
      seed: options.seed,
    });
    say(`${planIdOf(0)} grew from ${mixedDay.factsBefore.toLocaleString()} to ${mixedDay.factsAfter.toLocaleString()} facts; ceiling (bare server, ${Math.round(mixedDay.bytesPerResponse).toLocaleString()} bytes each) ${Math.round(mixedDay.bare.requestsPerSecond).toLocaleString()}/s, p99 ${mixedDay.bare.p99Ms} ms`);
    for (const i of mixedDay.intervals) {
      say(`interval ${i.interval} (${mixedDay.intervalSeconds} s): ${Math.round(i.requestsPerSecond).toLocaleString()}/s (writes ${Math.round(i.writesPerSecond)}/s, reads ${Math.round(i.readsPerSecond)}/s), p50 ${i.p50Ms.toFixed(1)} ms, p99 ${i.p99Ms.toFixed(1)} ms, ${i.non2xx} non-2xx`);
    }
    say(`answers other than 2xx, by status: ${Object.entries(mixedDay.statuses).map(([status, count]) => `${status} × ${count}`).join(', ') || 'none'}`);
    say(`last interval / first: ${(mixedDay.lastOverFirst * 100).toFixed(0)}%; overall p99 ${mixedDay.p99Ms} ms; /api/health p50 ${mixedDay.health.p50Ms.toFixed(1)} ms, max ${mixedDay.health.maxMs.toFixed(1)} ms (${mixedDay.health.samples} answers, ${mixedDay.health.notOk} not ok)`);
    for (const f of mixedDay.readAfterWrite) {
      say(`${f.planId.padEnd(11)} ${f.facts.toLocaleString().padStart(8)} facts: Table 1 after a write p50 ${f.afterWrite.p50Ms.toFixed(2)} ms, p99 ${f.afterWrite.p99Ms.toFixed(2)} ms; again p50 ${f.again.p50Ms.toFixed(2)} ms, p99 ${f.again.p99Ms.toFixed(2)} ms (${f.samples} samples)`);
    }

    const pairs = sideBySide(dataDir, quick);
    const postgresPairs = await postgresSideBySide(quick);
    const workload = pairs.workload;
    const peerSkipped = pairs.peerSkipped;

    const oracleMatched = Object.values(asOf).every((f) => f.answersMatch && f.naiveSamples > 0);
    const cpu = cpus();
    const results: BenchResults = {
      command,
      date: now.toISOString(),
      quick,
      machine: { cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown', memoryGb: totalmem() / 2 ** 30, platform: `${platform()} ${release()}`, node: process.version, sqlite: sqliteVersion() },
      seed: options.seed,
      dataset: { ...withoutRecordedTimes(dataset), totalEvents, commandEvents: totalEvents - dataset.events },
      commands: { normal: withoutReferences(normal), full: withoutReferences(full) },
      orderedRead,
      rawOrderedRead,
      rebuild,
      verify,
      asOf,
      firstRead,
      http,
      mixedDay,
      storage: { eventsFileBytes, bytesPerEvent: eventsFileBytes / totalEvents, readModelsFileBytes, readModelBytesPerEvent: readModelsFileBytes / totalEvents },
      pairs: { ...pairs, workload, ...(peerSkipped ? { peerSkipped } : {}) },
      postgresPairs,
      oracleMatched,
    };
    phase('Results');
    say(markdownTable(results));
    say(`\nWritten to ${writeResults(results, REPO)}`);
    if (!quick && options.readme) {
      updateReadme(results, REPO);
      say('README.md: benchmark table updated.');
    }
    if (!oracleMatched) {
      say('\nFAILED: some read-model answers differ from naive replay of the raw events (see above).');
      return 1;
    }
    say(`\nCompleted; every sampled answer matched the replay oracle and the log verified.${quick ? ' A quick run is a smoke check: the targets apply to the full run (npm run bench), so none is judged here.' : ''}`);
    return 0;
  } finally {
    if (!options.keep && !options.dir) {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}-signer`, { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`Benchmark failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
