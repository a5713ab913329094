import { ChildProcess } from 'node:child_process';

/** The address a started server prints in its banner ("Open http://… in your browser"); rejects if it exits first. */
export function addressOf(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let banner = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const match = /Open (http:\/\/[^ ]+)\/ in your browser/.exec(banner);
      if (match) resolve(match[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${banner}`)));
  });
}

/** Stops a started server with SIGTERM and waits for it to exit. */
export function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
}
