import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_ROOT } from '../../src/audit/merkle';
import { checkpointText } from '../../src/audit/transparency/tlog-checkpoint';
import { NoteSigner } from '../../src/audit/transparency/signed-note';
import { originHash } from '../../src/witness/witness';
import { ScriptedLog } from '../support/scripted-log';
import { tempDatabase } from '../support/temp-database';
import { submit } from '../support/witness-http';
import { runWitness, startWitness, witnessVkey } from '../support/witness-process';

// The witness's state folder as its operator meets it: made private, kept across
// restarts and kill -9, held by one process, and refused when someone edited it.
const NAME = 'audit.council.example/witness';

async function heldSize(url: string, origin: string): Promise<{ size: number; root: string }> {
  const response = await fetch(`${url}/${originHash(origin)}/checkpoint`);
  if (response.status === 404) return { size: 0, root: EMPTY_ROOT.toString('base64') };
  const lines = (await response.text()).split('\n');
  return { size: Number(lines[1]), root: lines[2] };
}

describe('the witness state folder', () => {
  it('is made 0700 with a 0600 key on first use, and `key` prints the vkey the server banner shows', async () => {
    const state = tempDatabase('witness-fresh');
    const log = new ScriptedLog('council.example/plan');
    const witness = await startWitness(state.dir, NAME, [log.vkey]);
    try {
      expect(statSync(state.dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(state.dir, 'witness-key.pem')).mode & 0o777).toBe(0o600);
      const vkey = witnessVkey(state.dir);
      expect(vkey).toMatch(/^audit\.council\.example\/witness\+[0-9a-f]{8}\+/);
      expect(Buffer.from(vkey.split('+').slice(2).join('+'), 'base64')[0]).toBe(0x04); // cosignature/v1
      expect(witness.output()).toContain(`vkey: ${vkey}`);
    } finally {
      await witness.stop();
      state.remove();
    }
  });

  it('refuses a second witness on the folder, naming the first; and a different name for the same key', async () => {
    const state = tempDatabase('witness-lock');
    const log = new ScriptedLog('council.example/plan');
    const witness = await startWitness(state.dir, NAME, [log.vkey]);
    try {
      const second = runWitness(['serve', '--state', state.dir, '--name', NAME, '--log', log.vkey, '--port', '0']);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`pid ${witness.pid}`);
      expect(second.stderr).toContain(witness.url);
    } finally {
      await witness.stop();
    }
    const renamed = runWitness(['serve', '--state', state.dir, '--name', 'other.example/w', '--log', log.vkey, '--port', '0']);
    expect(renamed.stderr).toContain(`belongs to the witness "${NAME}"`);
    expect(runWitness(['serve', '--state', state.dir, '--port', '0']).stderr).toContain('--log <vkey> is required');
    state.remove();
  });

  it('applies the size-0 rules: the empty tree only with the empty root, and no proof from old size 0', async () => {
    const state = tempDatabase('witness-zero');
    const log = new ScriptedLog('council.example/plan');
    const witness = await startWitness(state.dir, NAME, [log.vkey]);
    try {
      const signer = new NoteSigner(log.origin, log.privateKey);
      const zeroWithRoot = checkpointText(log.origin, 0, Buffer.alloc(32, 1));
      expect((await submit(witness.url, 0, [], `${zeroWithRoot}\n${signer.sign(zeroWithRoot)}`)).status).toBe(422);
      expect((await submit(witness.url, 0, [], log.note(0))).status).toBe(200);
      log.append(4);
      expect((await submit(witness.url, 0, [Buffer.alloc(32)], log.note())).status).toBe(422);
      expect((await submit(witness.url, 0, [], log.note())).status).toBe(200);
      expect(await heldSize(witness.url, log.origin)).toEqual({ size: 4, root: log.root().toString('base64') });
    } finally {
      await witness.stop();
      state.remove();
    }
  });

  it('keeps its state across a restart, and refuses to start on a checkpoint file it did not cosign', async () => {
    const state = tempDatabase('witness-restart');
    const log = new ScriptedLog('council.example/plan').append(9);
    let witness = await startWitness(state.dir, NAME, [log.vkey]);
    expect((await submit(witness.url, 0, [], log.note())).status).toBe(200);
    expect(witness.output()).toMatch(/200 council\.example\/plan cosigned size 9\n/);
    const before = await fetch(`${witness.url}/${originHash(log.origin)}/checkpoint`).then((r) => r.text());
    await witness.stop();

    witness = await startWitness(state.dir, NAME, [log.vkey]);
    try {
      expect(await submit(witness.url, 0, [], log.note())).toMatchObject({ status: 409, body: '9\n' });
      expect(await fetch(`${witness.url}/${originHash(log.origin)}/checkpoint`).then((r) => r.text())).toBe(before);
      // A log merely out of step is told the size, not recorded as evidence; the operator's log shows the decision.
      expect(existsSync(join(state.dir, 'refused.jsonl'))).toBe(false);
      expect(witness.output()).toMatch(/409 council\.example\/plan size 9 from old size 0: this witness holds 9\n/);
    } finally {
      await witness.stop();
    }

    // Rolling the witness back by hand (its state replaced by a smaller tree the log signed) is caught at start.
    const file = join(state.dir, 'checkpoints', originHash(log.origin));
    const smaller = new ScriptedLog(log.origin, { privateKey: log.privateKey, publicKey: log.publicKey }).append(3).note();
    writeFileSync(file, `${smaller}${before.split('\n').find((l) => l.startsWith('\u2014 audit'))}\n`);
    const refused = runWitness(['serve', '--state', state.dir, '--name', NAME, '--log', log.vkey, '--port', '0']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('changed by someone else');

    // A key others can read is refused, as ssh refuses one.
    writeFileSync(file, before);
    chmodSync(join(state.dir, 'witness-key.pem'), 0o644);
    expect(runWitness(['serve', '--state', state.dir, '--name', NAME, '--log', log.vkey, '--port', '0']).stderr).toContain('can be read by others');
    state.remove();
  });

  it('cosigns exactly one of many concurrent submissions from the same old size: check and persist are one step', async () => {
    const state = tempDatabase('witness-race');
    const log = new ScriptedLog('council.example/plan').append(5);
    const witness = await startWitness(state.dir, NAME, [log.vkey]);
    try {
      expect((await submit(witness.url, 0, [], log.note())).status).toBe(200);
      log.append(20);
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(witness.url, 5, log.proof(5, 6 + i), log.note(6 + i))));
      const won = answers.flatMap((a, i) => (a.status === 200 ? [6 + i] : []));
      expect(won).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body === `${won[0]}\n`)).toBe(true);
      expect((await heldSize(witness.url, log.origin)).size).toBe(won[0]);
    } finally {
      await witness.stop();
      state.remove();
    }
  });

  it('after kill -9 in the middle of submissions, holds a checkpoint at least as large as every cosignature it gave, and the log carries on from it', async () => {
    const state = tempDatabase('witness-kill');
    const log = new ScriptedLog('council.example/plan');
    const cycles = 8;
    let acknowledged = 0;
    for (let cycle = 0; cycle < cycles; cycle++) {
      const witness = await startWitness(state.dir, NAME, [log.vkey]);
      // Learn where the witness stands, as a log would after its own restart.
      let size = (await heldSize(witness.url, log.origin)).size;
      expect(size).toBeGreaterThanOrEqual(acknowledged);
      expect((await heldSize(witness.url, log.origin)).root).toBe(log.root(size).toString('base64'));
      let killed = false;
      const submitter = (async () => {
        while (!killed) {
          log.append(1 + (log.size % 3));
          try {
            const answer = await submit(witness.url, size, log.proof(size), log.note());
            if (answer.status !== 200) throw new Error(`witness answered ${answer.status}: ${answer.body}`);
            size = log.size;
            acknowledged = size;
          } catch (error) {
            if (!killed) throw error;
          }
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 40 + cycle * 25));
      killed = true;
      await witness.killHard();
      await submitter;
    }
    const witness = await startWitness(state.dir, NAME, [log.vkey]);
    try {
      const held = await heldSize(witness.url, log.origin);
      expect(held.size).toBeGreaterThanOrEqual(acknowledged);
      expect(acknowledged).toBeGreaterThan(cycles);
      expect(held.root).toBe(log.root(held.size).toString('base64'));
      log.append(1);
      expect((await submit(witness.url, held.size, log.proof(held.size), log.note())).status).toBe(200);
      expect(readdirSync(join(state.dir, 'checkpoints')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(readFileSync(join(state.dir, 'witness.lock.json'), 'utf8')).toContain(`"pid": ${witness.pid}`);
    } finally {
      await witness.stop();
      state.remove();
    }
  });
});
