import { createServer, Server } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Cosigner } from '../../src/audit/transparency/cosignature';
import { NoteVerifier } from '../../src/audit/transparency/signed-note';
import { addCheckpoint, parseWitnessList, parseWitnessSpec, WitnessSpec } from '../../src/audit/transparency/witness-client';
import { ScriptedLog } from '../support/scripted-log';
import { tempDatabase } from '../support/temp-database';
import { RunningWitness, startWitness, witnessVkey } from '../support/witness-process';

// The log's client for c2sp.org/tlog-witness, against the real witness command in
// its own process: every result kind comes from a real answer (or a real silence).
describe('witness client (addCheckpoint) against a real witness process', () => {
  const state = tempDatabase('witness-client');
  const log = new ScriptedLog('council.example/plan').append(5);
  let witness: RunningWitness;
  let spec: WitnessSpec;
  const options = { timeoutMs: 5000 };

  beforeAll(async () => {
    const vkey = witnessVkey(state.dir, 'audit.council.example/witness');
    witness = await startWitness(state.dir, 'audit.council.example/witness', [log.vkey]);
    spec = parseWitnessSpec(`${vkey}@${witness.url}`);
  });
  afterAll(async () => {
    await witness?.stop();
    state.remove();
  });

  it('returns the cosignature lines that verify with the configured witness key', async () => {
    const result = await addCheckpoint(spec, { oldSize: 0, proof: [], checkpointNote: log.note() }, options);
    expect(result.kind).toBe('cosigned');
    if (result.kind !== 'cosigned') return;
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(/^\u2014 audit\.council\.example\/witness [A-Za-z0-9+/=]+\n$/);
  });

  it('gives no lines when the configured key is not the witness key: a 200 from the wrong witness is refused', async () => {
    const impostor = new Cosigner('audit.council.example/witness', generateKeyPairSync('ed25519').privateKey).verifier;
    const result = await addCheckpoint({ ...spec, verifier: impostor }, { oldSize: 5, proof: [], checkpointNote: log.note() }, options);
    expect(result).toMatchObject({ kind: 'refused', status: 200 });
  });

  it('reports a conflict with the size the witness holds', async () => {
    log.append(3);
    expect(await addCheckpoint(spec, { oldSize: 0, proof: [], checkpointNote: log.note() }, options)).toEqual({ kind: 'conflict', witnessSize: 5 });
    const next = await addCheckpoint(spec, { oldSize: 5, proof: log.proof(5), checkpointNote: log.note() }, options);
    expect(next.kind).toBe('cosigned');
  });

  it('reports a consistency proof that does not verify as bad-proof', async () => {
    log.append(2);
    const forged = log.proof(8).map((hash) => Buffer.from(hash).fill(7));
    expect(await addCheckpoint(spec, { oldSize: 8, proof: forged, checkpointNote: log.note() }, options)).toMatchObject({ kind: 'bad-proof' });
  });

  it('reports 403, 404 and 400 as refused, with the status and the witness message', async () => {
    const stranger = new ScriptedLog('council.example/plan').append(10);
    expect(await addCheckpoint(spec, { oldSize: 8, proof: stranger.proof(8), checkpointNote: stranger.note() }, options)).toMatchObject({ kind: 'refused', status: 403 });
    const unknown = new ScriptedLog('elsewhere.example/log').append(1);
    expect(await addCheckpoint(spec, { oldSize: 0, proof: [], checkpointNote: unknown.note() }, options)).toMatchObject({ kind: 'refused', status: 404, message: expect.stringContaining('elsewhere.example/log') });
    expect(await addCheckpoint(spec, { oldSize: 11, proof: [], checkpointNote: log.note() }, options)).toMatchObject({ kind: 'refused', status: 400, message: expect.stringContaining('old size 11') });
  });

  it('reports a witness that is not listening, and one that never answers, as unreachable', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const noAnswer = await addCheckpoint({ ...spec, url: `http://127.0.0.1:${port}` }, { oldSize: 10, proof: [], checkpointNote: log.note() }, { timeoutMs: 300 });
      expect(noAnswer).toEqual({ kind: 'unreachable', error: 'no answer within the timeout' });
    } finally {
      silent.close();
    }
    const closed = await addCheckpoint({ ...spec, url: `http://127.0.0.1:${port}` }, { oldSize: 10, proof: [], checkpointNote: log.note() }, options);
    expect(closed).toMatchObject({ kind: 'unreachable', error: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('witness configuration (<vkey>@<url>)', () => {
  const witness = new Cosigner('audit.council.example/witness', generateKeyPairSync('ed25519').privateKey).verifier;
  const other = new Cosigner('regulator.example/w1', generateKeyPairSync('ed25519').privateKey).verifier;

  it('reads the vkey and the submission prefix, without a trailing slash', () => {
    const spec = parseWitnessSpec(`${witness.vkey}@https://witness.council.example/tlog/`);
    expect(spec.url).toBe('https://witness.council.example/tlog');
    expect(spec.verifier.vkey).toBe(witness.vkey);
  });

  it('reads a vkey whose base64 holds "+" (about half of all keys)', () => {
    let key = witness;
    while (!key.vkey.split('+').slice(2).join('+').includes('+')) key = new Cosigner('audit.council.example/witness', generateKeyPairSync('ed25519').privateKey).verifier;
    expect(parseWitnessSpec(`${key.vkey}@http://a.example`).verifier.vkey).toBe(key.vkey);
  });

  it('reads a list separated by commas or white space, and refuses the same witness twice', () => {
    const list = parseWitnessList(` ${witness.vkey}@http://10.0.0.5:7380,\n${other.vkey}@https://w.regulator.example `);
    expect(list.map((w) => w.verifier.keyName)).toEqual(['audit.council.example/witness', 'regulator.example/w1']);
    expect(parseWitnessList('')).toEqual([]);
    expect(() => parseWitnessList(`${witness.vkey}@http://a.example ${witness.vkey}@http://b.example`)).toThrow('listed twice');
  });

  it("refuses a log's own key (type 0x01) given as a witness, a missing URL, a bad key ID and a non-http URL", () => {
    const logKey = new ScriptedLog('council.example/plan').vkey;
    expect(() => parseWitnessSpec(`${logKey}@http://a.example`)).toThrow('not a cosignature key');
    expect(() => parseWitnessSpec(witness.vkey)).toThrow('expected <vkey>@<url>');
    const badId = witness.vkey.replace(/\+([0-9a-f]{8})\+/, (_, id: string) => `+${id === '00000000' ? '00000001' : '00000000'}+`);
    expect(() => parseWitnessSpec(`${badId}@http://a.example`)).toThrow('does not match');
    expect(() => parseWitnessSpec(`${witness.vkey}@ftp://a.example`)).toThrow('http or https');
    expect(() => parseWitnessSpec(`${witness.vkey}@not a url`)).toThrow('is not the URL');
    expect(NoteVerifier.fromVkey(witness.vkey).signatureType).toBe(0x04);
  });
});
