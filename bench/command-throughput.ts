import { CommandBus } from '@nestjs/cqrs';
import { ChangeRatingCommand } from '../src/commands';
import { IssuedBy } from '../src/commands/shared/issued-by';
import { progressBar } from '../src/cli/read-commands';
import { openBenchApp, Synchronous } from './bench-app';
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
    }
    bar.stop();
    return { synchronous, commands: perRound * rounds, commandsPerSecond: median(roundRates), rounds: roundRates.map(Math.round), refused, openReferences: open, ...latencyOf(latencies) };
  } finally {
    await app.close();
  }
}
