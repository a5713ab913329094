// Drives the mixed-day load (bench/mixed-day.ts) from a process of its own and prints one JSON line.
// Started by bench/run.ts, for the same reason as bench/http-child.ts: the bench's own heap and
// garbage collections must not pause the clients while they measure the server.
import 'reflect-metadata';
import { measureMixedDay } from './mixed-day';

async function main(dataDir: string, options: string): Promise<void> {
  const figures = await measureMixedDay(dataDir, JSON.parse(options));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main(process.argv[2], process.argv[3]).catch((error) => {
  process.stderr.write(`${(error as Error).stack}${(error as Error).cause ? `\ncaused by: ${String((error as Error).cause)}` : ''}\n`);
  process.exit(1);
});
