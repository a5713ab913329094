#!/usr/bin/env node
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Cosigner } from '../audit/transparency/cosignature';
import { NoteVerifier } from '../audit/transparency/signed-note';
import { lockStateFolder, openStateFolder, removeLeftovers, witnessKey, witnessName } from './state-folder';
import { Witness } from './witness';
import { witnessServer } from './witness-http';

/**
 * plan-audit-witness: a C2SP tlog witness meant to run on someone else's machine
 * (the council's internal audit, a neighbouring council, a regulator).
 *
 *   plan-audit-witness key   --state DIR [--name NAME]    print its vkey (made on first use)
 *   plan-audit-witness serve --state DIR --name NAME --log VKEY[,VKEY…] [--port N] [--host H]
 */
const USAGE = `usage:
  plan-audit-witness key   --state DIR [--name NAME]
  plan-audit-witness serve --state DIR --name NAME --log <log vkey>[,<log vkey>…] [--port 7380] [--host 127.0.0.1]
`;

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      state: { type: 'string' },
      name: { type: 'string' },
      log: { type: 'string', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
    },
    strict: true,
  });
  if (!values.state) throw new UsageError('--state DIR is required');
  const stateDir = values.state;

  if (command === 'key') {
    openStateFolder(stateDir);
    const name = witnessName(stateDir, values.name);
    process.stdout.write(`${new Cosigner(name, witnessKey(stateDir)).verifier.vkey}\n`);
    return;
  }
  if (command !== 'serve') throw new UsageError(command ? `unknown command "${command}"` : 'no command');

  const logVkeys = (values.log ?? []).flatMap((v) => v.split(',')).filter((v) => v.trim() !== '');
  if (logVkeys.length === 0) throw new UsageError('--log <vkey> is required: the logs this witness follows, by their public keys (the key name is the log origin)');
  const logKeys = logVkeys.map((v) => NoteVerifier.fromVkey(v));
  const port = Number(values.port ?? '7380');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port} is not a port`);

  openStateFolder(stateDir);
  const lock = lockStateFolder(stateDir);
  removeLeftovers(stateDir);
  const name = witnessName(stateDir, values.name);
  const cosigner = new Cosigner(name, witnessKey(stateDir));
  const witness = new Witness(stateDir, cosigner, logKeys);
  const server = witnessServer(witness);
  server.listen(port, values.host ?? '127.0.0.1', () => {
    const { address, port: bound } = server.address() as AddressInfo;
    const url = `http://${address.includes(':') ? `[${address}]` : address}:${bound}`;
    lock.update(url);
    process.stdout.write(
      `Witness ${name} listening on ${url}\n` +
        `  vkey: ${witness.vkey}\n` +
        `  logs: ${[...new Set(logKeys.map((k) => k.keyName))].join(', ')}\n` +
        `  state: ${join(stateDir)}\n`,
    );
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

class UsageError extends Error {}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`plan-audit-witness: ${(error as Error).message}\n${error instanceof UsageError ? USAGE : ''}`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
