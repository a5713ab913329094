// Rebuilds every read model from zero in a process of its own, so its peak RSS
// is the rebuild's alone; prints one JSON line. Started by bench/run.ts.
import { progressBar } from '../src/cli/read-commands';
import { Projector } from '../src/projections/projector/projector.service';
import { openBenchApp } from './bench-app';

async function main(dataDir: string): Promise<void> {
  const app = await openBenchApp(dataDir);
  const projector = app.get(Projector);
  const bar = progressBar('Rebuilding read models');
  const started = performance.now();
  const events = await projector.rebuild(bar.update);
  const seconds = (performance.now() - started) / 1000;
  bar.stop();
  await app.close();
  // maxRSS is the process's peak resident set, in kilobytes.
  process.stdout.write(`${JSON.stringify({ events, seconds, perSecond: events / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
