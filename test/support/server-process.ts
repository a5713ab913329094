import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const SERVER = join(__dirname, '../../dist/src/main.js');

export interface RunningServer {
  baseUrl: string;
  banner: string;
  /** Everything it has written so far to stdout and stderr (both pipes, never a terminal), in the order it arrived. */
  output: () => string;
  /** The server's process id, as another process on the folder is told it. */
  pid: number;
  /** kill -9: no shutdown hooks run, as when the machine or an operator kills it hard; resolves once it has gone. */
  killHard: () => Promise<void>;
  /** Ask it to shut down and wait until it has: a child still running keeps the test worker alive and its files in use. */
  stop: () => Promise<void>;
}

/** Start the built server as `npm start` would, on a free port, over the data folder given; resolve when it says where to open it. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const server: ChildProcess = spawn(process.execPath, [SERVER], {
    env: { ...process.env, DATA_DIR: dataDir, EVENTS_FILE: '', READ_MODELS_FILE: '', AUTH_FILE: '', EVIDENCE_DIR: '', PORT: '0', EVENTSTORE_CONNECTION_STRING: '', ...env },
  });
  let banner = '';
  let output = '';
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not say where to open it: ${banner}`)), 30000);
    server.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const match = /Open (http:\/\/[^ ]+)\/ in your browser/.exec(banner);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code ?? `signal ${signal}`} before it was ready: ${banner}`));
    });
  });
  const gone = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const killHard = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    server.kill('SIGKILL');
    await gone;
  };
  return { baseUrl, banner, output: () => output, pid: server.pid!, killHard, stop: () => stopped(server) };
}

/** SIGTERM, as an operator's stop would send, then wait for the exit; SIGKILL if it has not gone within 10 s. */
function stopped(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill('SIGTERM');
  });
}
