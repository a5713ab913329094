// node dist/bench/some-phases.js --template DIR [--as-of] [--mixed-minutes N]: the as-of and
// mixed-day phases of the benchmark alone, to compare a change before and after without a full
// run. The first call builds DIR as the full run would up to those phases (the dataset, then the
// single commands' ratings on council-001); each call then works on a fresh copy of it, so every
// run starts from the same data. Prints the same lines as bench/run.ts; writes no table.
import 'reflect-metadata';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { measureAsOfQueries } from './as-of-queries';
import { openBenchApp } from './bench-app';
import { figuresFromChild } from './child-figures';
import { measureCommands } from './command-throughput';
import { planIdOf, shapeFor, startingReferences } from './dataset';
import { loadDataset } from './load-dataset';
import type { measureMixedDay } from './mixed-day';

interface Template {
  planRecorded: { first: string; last: string }[];
  openReferences: string[];
  seed: number;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function buildTemplate(dir: string, events: number, seed: number): Promise<Template> {
  const shape = shapeFor(events, seed);
  const app = await openBenchApp(dir);
  const dataset = await loadDataset(app, dir, shape, new Date());
  await app.close();
  const references = startingReferences(shape);
  // The same commands as the full run's single-command phase, so council-001 is as large when the mixed day starts.
  const normal = await measureCommands(dir, 'NORMAL', planIdOf(0), references, 30_000, 3, seed);
  await measureCommands(dir, 'FULL', planIdOf(0), references, 12_000, 3, seed + 1);
  // The read models, rebuilt from zero as the full run's rebuild phase leaves them.
  figuresFromChild('rebuild-child.js', [dir], 'rebuilding the read models');
  const template = { planRecorded: dataset.planRecorded, openReferences: normal.openReferences, seed };
  writeFileSync(join(dir, 'template.json'), JSON.stringify(template));
  return template;
}

async function main(): Promise<void> {
  const options = new Command('some-phases')
    .requiredOption('--template <dir>', 'the data folder to copy (built first if absent)')
    .option('--events <n>', 'dataset size when building the template', (v) => Number(v), 1_000_000)
    .option('--as-of', 'run the as-of phase', false)
    .option('--mixed-minutes <n>', 'run the mixed day for this many 60 s intervals', (v) => Number(v), 0)
    .option('--interval-seconds <n>', 'length of each mixed-day interval', (v) => Number(v), 60)
    .option('--sizes <list>', 'plan sizes (facts) at which a read after a write is timed', (v) => v.split(',').map(Number), [1_000, 10_000, 100_000])
    .parse(process.argv)
    .opts<{ template: string; events: number; asOf: boolean; mixedMinutes: number; intervalSeconds: number; sizes: number[] }>();
  const seed = 2017;
  const template: Template = existsSync(join(options.template, 'template.json'))
    ? JSON.parse(readFileSync(join(options.template, 'template.json'), 'utf8'))
    : await buildTemplate(options.template, options.events, seed);
  const dir = mkdtempSync(join(tmpdir(), 'plan-audit-phases-'));
  try {
    cpSync(options.template, dir, { recursive: true });
    const shape = shapeFor(options.events, seed);
    if (options.asOf) {
      const app = await openBenchApp(dir);
      const { firstRead, queries } = await measureAsOfQueries(app, dir, {
        planRecorded: template.planRecorded,
        references: startingReferences(shape),
        samples: 500,
        naiveSamples: 50,
        seed,
        lastRecordedAt: new Date().toISOString(),
        earliestDay: '2020-01-02T00:00:00.000Z',
        latestDay: '2025-01-01T00:00:00.000Z',
      });
      await app.close();
      say(`first read of each of ${firstRead.plans} plans (loads its timeline): p50 ${firstRead.p50Ms.toFixed(1)} ms, p99 ${firstRead.p99Ms.toFixed(1)} ms`);
      for (const [name, f] of Object.entries(queries)) {
        const replay = f.speedup === undefined ? 'no speed-up claimed' : `naive replay p50 ${f.naiveReplayP50Ms.toFixed(1)} ms (${Math.round(f.speedup)}×)`;
        say(`${name.padEnd(18)} p50 ${f.p50Ms.toFixed(3)} ms, p95 ${f.p95Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms; ${replay}; answers ${f.answersMatch ? 'match' : `DIFFER in ${f.mismatches}`}`);
      }
    }
    if (options.mixedMinutes > 0) {
      const mixedDay = figuresFromChild<Awaited<ReturnType<typeof measureMixedDay>>>(
        'mixed-day-child.js',
        [dir, JSON.stringify({ planId: planIdOf(0), references: template.openReferences, intervals: options.mixedMinutes, intervalSeconds: options.intervalSeconds, connections: 10, sizes: options.sizes, readsAfterWrite: 200, seed })],
        'the mixed-day load',
      );
      say(`${planIdOf(0)} grew from ${mixedDay.factsBefore.toLocaleString()} to ${mixedDay.factsAfter.toLocaleString()} facts`);
      for (const i of mixedDay.intervals) {
        say(`interval ${i.interval}: ${Math.round(i.requestsPerSecond)}/s (writes ${Math.round(i.writesPerSecond)}/s, reads ${Math.round(i.readsPerSecond)}/s), p50 ${i.p50Ms.toFixed(1)} ms, p99 ${i.p99Ms.toFixed(1)} ms, ${i.non2xx} non-2xx`);
      }
      say(`last / first ${(mixedDay.lastOverFirst * 100).toFixed(0)}%; overall p99 ${mixedDay.p99Ms} ms; health p50 ${mixedDay.health.p50Ms.toFixed(1)} ms, max ${mixedDay.health.maxMs.toFixed(1)} ms`);
      for (const f of mixedDay.readAfterWrite) {
        say(`${f.planId.padEnd(11)} ${f.facts.toLocaleString().padStart(8)} facts: after a write p50 ${f.afterWrite.p50Ms.toFixed(2)} ms, p99 ${f.afterWrite.p99Ms.toFixed(2)} ms; again p50 ${f.again.p50Ms.toFixed(2)} ms, p99 ${f.again.p99Ms.toFixed(2)} ms`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
