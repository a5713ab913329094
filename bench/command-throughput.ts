import { CommandBus } from '@nestjs/cqrs';
import { ChangeRatingCommand } from '../src/commands';
import { IssuedBy } from '../src/commands/shared/issued-by';
import { join } from 'node:path';
import { progressBar } from '../src/cli/read-commands';
import { openBenchApp, Synchronous } from './bench-app';
import { RawSqlite } from './raw-sqlite';
import { pick, seededRandom } from './random';
import { latencyOf, Latency, median, perSecond } from './stats';
import { COMMENTARY } from './dataset';

export interface CommandThroughput extends Latency {
  synchronous: Synchronous;
  commands: number;
  commandsPerSecond: number;
  /** commands/s of each round; the figure above is their median. */
  rounds: number[];
  refused: number;
  /** The actions that accepted a rating (completed and withdrawn ones refuse one): the HTTP writes rate these. */
  openReferences: string[];
  /** The ceiling: raw better-sqlite3 single appends on our table at the same setting, one run after each round (bench/raw-sqlite.ts). */
  ceilingPerSecond: number;
  ceilingRounds: number[];
}

/**
 * Raw single appends (take the write lock, read the stream's head, insert one row, commit) over 100
 * streams of a scratch file beside the log: what SQLite alone costs per command on this disk, now.
 */
function rawSingleAppends(file: string, synchronous: Synchronous, count: number): number {
  const raw = new RawSqlite(file, synchronous);
  try {
    raw.append('warm-up', 1, 0);
    const started = performance.now();
    for (let i = 0; i < count; i++) raw.append(`action-raw-${i % 100}`, 1, i);
    return perSecond(count, performance.now() - started);
  } finally {
    raw.close();
  }
}

const LEAD: IssuedBy = { actor: { id: 'lead.jo', role: 'lead' }, source: 'cli' };

/**
 * One action lead after another rating the actions of one council's plan, through
 * the CommandBus: validate, load the action (its cached state, caught up from the
 * log), decide, append with the expected version, hash. Every command is awaited
 * before the next, so this is latency-bound single-command throughput.
 */
export async function measureCommands(dataDir: string, synchronous: Synchronous, planId: string, references: string[], commands: number, rounds: number, seed: number): Promise<CommandThroughput> {
  const app = await openBenchApp(dataDir, synchronous);
  const bus = app.get(CommandBus);
  const random = seededRandom(seed);
  const rate = (reference: string) => bus.execute(new ChangeRatingCommand({ planId, reference, code: pick(random, ['R', 'A', 'G']), commentary: pick(random, COMMENTARY) }, LEAD));
  try {
    // Warm-up: the first command on each action loads its stream once; completed or withdrawn actions refuse a rating and are left out.
    const open: string[] = [];
    for (const reference of references) {
      try {
        await rate(reference);
        open.push(reference);
      } catch {
        /* refused by the rules: not ratable */
      }
    }
    if (open.length === 0) throw new Error(`no action of ${planId} accepts a rating`);
    const bar = progressBar(`Commands (synchronous=${synchronous})`);
    const perRound = Math.ceil(commands / rounds);
    const latencies: number[] = [];
    const roundRates: number[] = [];
    const ceilingRates: number[] = [];
    let refused = 0;
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      for (let i = 0; i < perRound; i++) {
        const t = performance.now();
        try {
          await rate(open[Math.floor(random() * open.length)]);
        } catch {
          refused += 1;
        }
        latencies.push(performance.now() - t);
        if (i % 500 === 0) bar.update(round * perRound + i, rounds * perRound);
      }
      roundRates.push(perSecond(perRound, performance.now() - started));
      // Fsync-bound figures swing with whatever else uses the disk: the ceiling is measured in turn with each round.
      ceilingRates.push(rawSingleAppends(join(dataDir, `ceiling-${synchronous}.sqlite`), synchronous, Math.min(perRound, 2_000)));
    }
    bar.stop();
    return {
      synchronous,
      commands: perRound * rounds,
      commandsPerSecond: median(roundRates),
      rounds: roundRates.map(Math.round),
      refused,
      openReferences: open,
      ...latencyOf(latencies),
      ceilingPerSecond: median(ceilingRates),
      ceilingRounds: ceilingRates.map(Math.round),
    };
  } finally {
    await app.close();
  }
}
