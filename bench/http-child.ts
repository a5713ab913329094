// Drives the HTTP load (bench/http-load.ts) from a process of its own and prints one JSON line.
// Started by bench/run.ts. Why a process of its own: the bench process has just closed an app
// that held every plan's timeline, and its garbage collections of that heap would pause
// autocannon, the clients, in the middle of measuring the server.
import 'reflect-metadata';
import { measureHttp } from './http-load';

async function main(dataDir: string, options: string): Promise<void> {
  const figures = await measureHttp(dataDir, JSON.parse(options));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main(process.argv[2], process.argv[3]).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
