import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint } from '../../src/audit/checkpoint';
import { verifyCosignature } from '../../src/audit/transparency/cosignature';
import { NoteVerifier, openNote, parseNote, parseSignatureLine } from '../../src/audit/transparency/signed-note';
import { addCheckpoint, parseWitnessSpec, WitnessSpec } from '../../src/audit/transparency/witness-client';
import { checkQuorum } from '../../src/audit/transparency/witness-quorum';
import { originHash } from '../../src/witness/witness';
import { ScriptedLog } from '../support/scripted-log';
import { tempDatabase } from '../support/temp-database';
import { postRaw, submit } from '../support/witness-http';
import { RunningWitness, startWitness, witnessVkey } from '../support/witness-process';

// Two witnesses, each its own process with its own state folder, and a log played
// by the test. The log is the attacker here: it shows one witness a fork, replays
// old checkpoints, forges proofs. Each is refused with the status c2sp.org/tlog-witness
// gives, nothing is cosigned, and the other witness goes on cosigning the honest log.
describe('two witnesses and a log that misbehaves', () => {
  const folders = [tempDatabase('witness-a'), tempDatabase('witness-b')];
  const names = ['audit.council.example/witness', 'regulator.example/w1'];
  const log = new ScriptedLog('council.example/plan');
  const witnesses: RunningWitness[] = [];
  const specs: WitnessSpec[] = [];
  const options = { timeoutMs: 5000 };
  /** What the honest log has had cosigned, and by whom: the cosignature lines per size. */
  let cosignedSize = 0;

  const checkpointOf = (l: ScriptedLog, lines: string[]): Checkpoint => {
    const text = parseNote(l.note()).text.split('\n');
    const logSignature = parseNote(l.note()).signatures[0];
    return { treeSize: Number(text[1]), rootHash: l.root().toString('hex'), takenAt: 't', keyId: 'k', signature: logSignature.signature.toString('base64'), format: 'tlog-checkpoint', origin: l.origin, cosignatures: lines };
  };

  beforeAll(async () => {
    for (const [i, folder] of folders.entries()) {
      const vkey = witnessVkey(folder.dir, names[i]);
      const running = await startWitness(folder.dir, names[i], [log.vkey]);
      witnesses.push(running);
      specs.push(parseWitnessSpec(`${vkey}@${running.url}`));
    }
  });
  afterAll(async () => {
    await Promise.all(witnesses.map((w) => w.stop()));
    folders.forEach((f) => f.remove());
  });

  it('both cosign the first checkpoint, and the cosignatures meet a quorum of two with checkQuorum', async () => {
    log.append(7);
    const results = await Promise.all(specs.map((s) => addCheckpoint(s, { oldSize: 0, proof: [], checkpointNote: log.note() }, options)));
    const lines = results.flatMap((r) => (r.kind === 'cosigned' ? r.lines : []));
    expect(lines).toHaveLength(2);
    const check = checkQuorum(checkpointOf(log, lines), specs.map((s) => s.verifier), 2);
    expect(check.met).toBe(true);
    expect(check.cosignedBy.map((c) => c.witness).sort()).toEqual([...names].sort());
    // The same lines do not count for another checkpoint of the same log: a replayed cosignature is caught.
    const later = new ScriptedLog(log.origin, { privateKey: log.privateKey, publicKey: log.publicKey });
    later.append(8);
    expect(checkQuorum(checkpointOf(later, lines), specs.map((s) => s.verifier), 1)).toMatchObject({ met: false, cosignedBy: [] });
    cosignedSize = 7;
  });

  it('both cosign an extension that comes with a valid consistency proof', async () => {
    log.append(6);
    for (const spec of specs) {
      expect((await addCheckpoint(spec, { oldSize: cosignedSize, proof: log.proof(cosignedSize), checkpointNote: log.note() }, options)).kind).toBe('cosigned');
    }
    cosignedSize = 13;
  });

  it('refuses a fork of the same size (another root) with 422, cosigns nothing, and records it as evidence; the other witness cosigns the honest log', async () => {
    const forked = log.fork(10);
    const [a, b] = witnesses;
    const answer = await submit(a.url, 13, [], forked.note());
    expect(answer.status).toBe(422);
    expect(answer.body).toMatch(/fork/);
    expect(answer.body).not.toContain('\u2014');
    const refused = readFileSync(join(folders[0].dir, 'refused.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: number; checkpoint: string; reason: string });
    expect(refused.at(-1)).toMatchObject({ status: 422, checkpoint: forked.note() });
    // The honest log goes on: witness B cosigns the honest extension.
    log.append(2);
    expect((await addCheckpoint(specs[1], { oldSize: 13, proof: log.proof(13), checkpointNote: log.note() }, options)).kind).toBe('cosigned');
    // And witness A still holds the honest head: it serves it, not the fork.
    const held = await fetch(`${a.url}/${originHash(log.origin)}/checkpoint`).then((r) => r.text());
    expect(held.split('\n')[2]).toBe(log.root(13).toString('base64'));
    expect((await addCheckpoint(specs[0], { oldSize: 13, proof: log.proof(13), checkpointNote: log.note() }, options)).kind).toBe('cosigned');
    cosignedSize = 15;
  });

  it('refuses a longer tree that does not extend the cosigned one, even with a proof that is right for the forged tree', async () => {
    const forked = log.fork(3, 'rewritten').append(5);
    const answers = await Promise.all(witnesses.map((w) => submit(w.url, 15, forked.proof(15), forked.note())));
    expect(answers.map((a) => a.status)).toEqual([422, 422]);
    expect(answers[0].body).toMatch(/does not verify/);
  });

  it('shows a fork with an old size it does not hold to one witness: 409 with its size as text/x.tlog.size, and no cosignature', async () => {
    const forked = log.fork(15).append(1); // 16 events whose first 15 match, but the request claims 15 was never cosigned
    const answer = await submit(witnesses[0].url, 0, [], forked.note());
    expect(answer).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '15\n' });
  });

  it('refuses a replayed old checkpoint (rollback) with 409 and the size it holds', async () => {
    const old = new ScriptedLog(log.origin, { privateKey: log.privateKey, publicKey: log.publicKey }).append(7);
    const replay = await submit(witnesses[1].url, 0, [], old.note());
    expect(replay).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '15\n' });
    // Claiming the witness's size does not help: an older tree is smaller than the old size (400).
    expect((await submit(witnesses[1].url, 15, [], old.note())).status).toBe(400);
    const refused = readFileSync(join(folders[1].dir, 'refused.jsonl'), 'utf8');
    expect(refused).toContain('rollback or stale: size 7 is smaller than the cosigned size 15');
  });

  it('refuses a forged consistency proof with 422', async () => {
    log.append(4);
    const proof = log.proof(15);
    const tampered = proof.map((hash, i) => (i === proof.length - 1 ? Buffer.from(hash).fill(0xab) : hash));
    expect((await submit(witnesses[0].url, 15, tampered, log.note())).status).toBe(422);
    expect((await submit(witnesses[0].url, 15, proof.slice(1), log.note())).status).toBe(422);
    expect((await submit(witnesses[0].url, 15, [...proof, proof[0]], log.note())).status).toBe(422);
    expect((await submit(witnesses[0].url, 15, proof, log.note())).status).toBe(200);
    cosignedSize = 19;
  });

  it('refuses a checkpoint signed by an unknown key, or whose trusted signature fails, with 403; an unknown origin with 404', async () => {
    const impostor = new ScriptedLog(log.origin).append(20);
    expect((await submit(witnesses[0].url, 19, impostor.proof(19), impostor.note())).status).toBe(403);
    // The right key's signature line over another text: the note is malformed, 403.
    log.append(1);
    const honest = log.note();
    const otherText = `${log.origin}\n20\n${log.fork(10).root(20).toString('base64')}\n`;
    const swapped = `${otherText}\n${honest.split('\n\n')[1]}`;
    expect((await submit(witnesses[0].url, 19, log.proof(19), swapped)).status).toBe(403);
    // An impostor's signature beside the log's is ignored, as the specification requires.
    const both = `${honest}${impostor.note().split('\n\n')[1]}`;
    expect((await submit(witnesses[0].url, 19, log.proof(19), both)).status).toBe(200);
    const stranger = new ScriptedLog('elsewhere.example/log').append(1);
    expect((await submit(witnesses[0].url, 0, [], stranger.note())).status).toBe(404);
  });

  it('answers 400 to a malformed request or an old size larger than the checkpoint, 413 to a body too large, 405 to a GET of add-checkpoint', async () => {
    const url = witnesses[1].url;
    expect((await postRaw(url, 'hello')).status).toBe(400);
    expect((await postRaw(url, `old 019\n\n${log.note()}`)).status).toBe(400);
    expect((await postRaw(url, `old 15\nnot base64!\n\n${log.note()}`)).status).toBe(400);
    expect((await postRaw(url, `old 15\n\n${log.note().replace('\u2014', '-')}`)).status).toBe(400);
    expect((await postRaw(url, Buffer.from([0x6f, 0x6c, 0x64, 0x20, 0x30, 0x0a, 0x0a, 0xff, 0xfe]))).status).toBe(400);
    expect((await submit(url, 30, [], log.note())).status).toBe(400);
    expect((await postRaw(url, `old 0\n\n${'x'.repeat(70_000)}`)).status).toBe(413);
    const wrongMethod = await fetch(`${url}/add-checkpoint`);
    expect(wrongMethod.status).toBe(405);
  });

  it('serves the latest cosigned checkpoint of each log at GET /<sha256 hex of origin>/checkpoint, with the log signature and its cosignature', async () => {
    for (const [i, w] of witnesses.entries()) {
      const response = await fetch(`${w.url}/${originHash(log.origin)}/checkpoint`);
      expect(response.status).toBe(200);
      const note = await response.text();
      const opened = openNote(note, [NoteVerifier.fromVkey(log.vkey)]);
      const cosignature = parseNote(note).signatures.find((s) => specs[i].verifier.matches(s))!;
      expect(verifyCosignature(opened.text, cosignature, specs[i].verifier)).toBeGreaterThan(1_700_000_000);
    }
    expect((await fetch(`${witnesses[0].url}/${originHash('elsewhere.example/log')}/checkpoint`)).status).toBe(404);
    expect((await fetch(`${witnesses[0].url}/${originHash(log.origin).toUpperCase()}/checkpoint`)).status).toBe(404);
  });

  it('every cosignature line a witness returned parses as a cosignature/v1 line with a timestamp', async () => {
    log.append(1);
    const result = await addCheckpoint(specs[1], { oldSize: 15, proof: log.proof(15), checkpointNote: log.note() }, options);
    expect(result.kind).toBe('cosigned');
    if (result.kind === 'cosigned') expect(parseSignatureLine(result.lines[0]).signature).toHaveLength(72);
  });
});
