/**
 * What one witness cosignature costs a log: starts the real witness
 * (dist/src/witness/main.js) on a fresh state folder, then submits ROUNDS
 * checkpoints in a row through the client (src/audit/transparency/witness-client.ts),
 * each 100 events larger than the last with its consistency proof, and prints the
 * round trip's median and 95th percentile and the cosignatures per second. Each one
 * includes the witness's fsync of its state, so the disk shows in the figure.
 *
 *   npm run bench:witness            (ROUNDS=1000 for more)
 */
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkpointNote, signTlogCheckpoint } from '../src/audit/checkpoint';
import { leafHash, MerkleTree } from '../src/audit/merkle';
import { NoteSigner } from '../src/audit/transparency/signed-note';
import { addCheckpoint, parseWitnessSpec } from '../src/audit/transparency/witness-client';
import { latencyOf, perSecond } from './stats';

const ROUNDS = Number(process.env.ROUNDS ?? 300);
const STEP = 100;
const START = 10_000;
const ORIGIN = 'bench.example/log';

async function main(): Promise<void> {
  const state = mkdtempSync(join(tmpdir(), 'plan-audit-bench-witness-'));
  const log = generateKeyPairSync('ed25519');
  const logVkey = new NoteSigner(ORIGIN, log.privateKey).verifier.vkey;
  const leaves = Buffer.concat(Array.from({ length: START + ROUNDS * STEP }, (_, i) => leafHash(createHash('sha256').update(`event ${i}`).digest('hex'))));
  const tree = new MerkleTree(leaves);
  const note = (size: number) => checkpointNote(signTlogCheckpoint({ treeSize: size, rootHash: tree.root(size).toString('hex'), takenAt: new Date().toISOString() }, ORIGIN, log.privateKey, 'k'), log.publicKey);

  const witness = spawn(process.execPath, [join(__dirname, '../src/witness/main.js'), 'serve', '--state', state, '--name', 'bench.example/witness', '--log', logVkey, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let text = '';
      witness.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (/vkey: \S+/.test(text)) resolve(text);
      });
      witness.once('exit', (code) => reject(new Error(`witness exited with ${code}: ${text}`)));
    });
    witness.stdout!.resume();
    const spec = parseWitnessSpec(`${/vkey: (\S+)/.exec(banner)![1]}@${/listening on (\S+)/.exec(banner)![1]}`);
    const options = { timeoutMs: 10_000 };

    let size = START;
    const first = await addCheckpoint(spec, { oldSize: 0, proof: [], checkpointNote: note(size) }, options);
    if (first.kind !== 'cosigned') throw new Error(`first checkpoint: ${JSON.stringify(first)}`);
    const samples: number[] = [];
    const began = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const next = size + STEP;
      const body = { oldSize: size, proof: tree.consistencyProof(size, next), checkpointNote: note(next) };
      const started = performance.now();
      const result = await addCheckpoint(spec, body, options);
      samples.push(performance.now() - started);
      if (result.kind !== 'cosigned') throw new Error(`round ${round}: ${JSON.stringify(result)}`);
      size = next;
    }
    const elapsed = performance.now() - began;
    const latency = latencyOf(samples);
    console.log(`witness add-checkpoint, ${ROUNDS} rounds in a row, trees of ${START}…${size} events:`);
    console.log(`  round trip p50 ${latency.p50Ms.toFixed(2)} ms, p95 ${latency.p95Ms.toFixed(2)} ms, p99 ${latency.p99Ms.toFixed(2)} ms`);
    console.log(`  ${perSecond(ROUNDS, elapsed).toFixed(0)} cosignatures/s in a row (the log signing each checkpoint and making its proof included; one client, keep-alive)`);
  } finally {
    witness.kill('SIGTERM');
    await new Promise((resolve) => witness.once('exit', resolve));
    rmSync(state, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
