import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointNote, signTlogCheckpoint } from '../../src/audit/checkpoint';
import { keyIdOf, PRIVATE_KEY_FILE } from '../../src/audit/signing-key';
import { RunningServer, startServer } from '../support/server-process';
import { rateExampleAction, serverHealth, until as waitUntil } from '../support/server-health';
import { cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';
import { submit } from '../support/witness-http';
import { RunningWitness, startWitness, witnessVkey } from '../support/witness-process';
import { rewriteAndRechain, tamper } from './support/tamper';

/**
 * Issue 21, item 7: the server is the attacker. Whoever runs it holds the data folder, the
 * signer folder and the signing key, and can say anything to a witness or an inspector. Each
 * scenario is one way of getting a false history accepted; each must be refused by a witness
 * (a separate process with its own state folder) or by a verifier given the keys and quorum
 * by the person verifying (the server's own `verify` and the standalone tools/verify-export.js).
 */
const ORIGIN = 'audit.council.example/improvement-plans';
const TOOL = join(__dirname, '../../tools/verify-export.js');

interface Health {
  status: string;
  reason?: string;
  headPosition: number;
  signing: { state: string; head?: { treeSize: number; rootHash: string } };
  witnesses: { cosignedHead: number; alarms: string[] };
}

const health = (server: RunningServer) => serverHealth<Health>(server);
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) => waitUntil(what, probe, timeoutMs, 100);

/** Until both witnesses have cosigned the head of the whole log. */
const cosignedByBoth = (server: RunningServer) =>
  until('both witnesses to cosign the whole log', async () => {
    const h = await health(server);
    return h.headPosition > 0 && h.signing.head?.treeSize === h.headPosition && h.witnesses.cosignedHead === 2 ? h : undefined;
  });

const rate = rateExampleAction;

const tool = (args: string[]) => spawnSync(process.execPath, [TOOL, ...args], { encoding: 'utf8' });

/** What a witness holds for the log: the latest checkpoint it cosigned. */
async function witnessHolds(witness: RunningWitness): Promise<{ size: number; root: string }> {
  const originHash = createHash('sha256').update(ORIGIN).digest('hex');
  const text = await (await fetch(`${witness.url}/${originHash}/checkpoint`)).text();
  const [, size, root] = text.split('\n');
  return { size: Number(size), root };
}

describe('a malicious server cannot get a false history past the witnesses or the verifier', () => {
  const honest = tempDatabase('malicious-honest');
  const states = [tempDatabase('malicious-witness-1'), tempDatabase('malicious-witness-2')];
  const scratch = mkdtempSync(join(tmpdir(), 'plan-audit-malicious-'));
  const attacked: { remove: () => void }[] = [];
  const witnesses: RunningWitness[] = [];
  const witnessKeys: string[] = [];
  let env: Record<string, string> = {};
  let server: RunningServer | undefined;
  let lead = '';
  let auditor = '';
  let logKeyFile = '';
  let logPrivate: KeyObject;
  /** The honest head both witnesses cosigned, and a bundle over it, as an inspector downloaded them. */
  let honestHead: { treeSize: number; rootHash: string };
  let bundleFile = '';

  /** A copy of the honest data folder and its signer folder, for an attacker to work on. */
  function copyOfHonest(label: string, signerFiles: 'all' | 'key-only' = 'all') {
    const copy = tempDatabase(label);
    attacked.push(copy);
    cpSync(honest.dir, copy.dir, { recursive: true });
    cpSync(honest.signerDir, copy.signerDir, { recursive: true });
    rmSync(join(copy.dir, 'server.lock'), { force: true });
    if (signerFiles === 'key-only') for (const file of ['signed-head.json', 'signed-leaves.bin', 'witnesses.json']) rmSync(join(copy.signerDir, file), { force: true });
    return copy;
  }

  beforeAll(async () => {
    const printed = runCli(honest.dir, ['public-key'], { LOG_ORIGIN: ORIGIN });
    const logVkey = /Log verifier key \(for a witness's --log\): (\S+)/.exec(printed.stderr)![1];
    const specs: string[] = [];
    for (const [i, state] of states.entries()) {
      const name = `witness-${i + 1}.example/w`;
      const vkey = witnessVkey(state.dir, name);
      witnessKeys.push(vkey);
      const witness = await startWitness(state.dir, name, [logVkey]);
      witnesses.push(witness);
      specs.push(`${vkey}@${witness.url}`);
    }
    env = { SIGN_HEAD_EVERY_MS: '100', LOAD_EXAMPLE: 'true', LOG_ORIGIN: ORIGIN, WITNESSES: specs.join(','), WITNESS_QUORUM: '2' };
    lead = cliToken(honest.dir, 'lead.jo', 'lead');
    auditor = cliToken(honest.dir, 'auditor.al', 'auditor');
    logPrivate = createPrivateKey(readFileSync(join(honest.signerDir, PRIVATE_KEY_FILE)));
    logKeyFile = join(scratch, 'council-log.pem');
    writeFileSync(logKeyFile, createPublicKey(logPrivate).export({ type: 'spki', format: 'pem' }));

    server = await startServer(honest.dir, env);
    await cosignedByBoth(server);
    for (const code of ['DG', 'R', 'DG']) expect((await rate(server, lead, '3.2', code)).status).toBe(201);
    const h = await cosignedByBoth(server);
    honestHead = { treeSize: h.signing.head!.treeSize, rootHash: h.signing.head!.rootHash };
    const bundle = await fetch(`${server.baseUrl}/api/audit/bundles/actions/sunderland-2017/3.2`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(bundle.status).toBe(200);
    bundleFile = join(scratch, 'action-3.2-bundle.json');
    writeFileSync(bundleFile, await bundle.text());
    await server.stop();
    server = undefined;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    for (const w of witnesses) await w.stop();
    for (const folder of [honest, ...states, ...attacked]) folder.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  const witnessArgs = () => witnessKeys.flatMap((k) => ['--witness-key', k]);

  it('the honest bundle, cosigned by both witnesses, verifies offline with the keys and quorum the inspector chose', () => {
    const ok = tool([bundleFile, '--public-key', logKeyFile, ...witnessArgs(), '--quorum', '2', '--state', join(scratch, 'inspector-state.json')]);
    expect(ok.stdout).toMatch(/RESULT: intact/);
    expect(ok.status).toBe(0);
    // And the server's own verify, counting the witnesses the person verifying names.
    const verify = runCli(honest.dir, ['verify', '--log-key', logKeyFile, ...witnessArgs(), '--quorum', '2']);
    expect(verify.stdout).toMatch(/Witnesses: the head of \d+ events is cosigned by 2 of the 2 required: witness-1\.example\/w/);
    expect(verify.status).toBe(0);
  });

  it('1. history rewritten and re-signed with the real key (the signer folder\'s head thrown away too): both witnesses refuse it, the server raises the alarm, and verify with the witnesses finds no quorum', async () => {
    const copy = copyOfHonest('malicious-rewrite', 'key-only');
    tamper(copy.file, (db) => {
      rewriteAndRechain(db, 150, { commentary: 'This action was always on track' });
      db.exec('DROP TRIGGER IF EXISTS checkpoints_reject_delete');
      db.prepare('DELETE FROM checkpoints').run();
    });
    server = await startServer(copy.dir, env);
    const alarmed = await until('both witnesses to refuse the rewritten history', async () => {
      const h = await health(server!);
      return h.witnesses.alarms.length >= 2 ? h : undefined;
    });
    expect(alarmed.status).toBe('degraded');
    expect(alarmed.witnesses.cosignedHead).toBe(0);
    for (const w of witnesses) expect(await witnessHolds(w)).toEqual({ size: honestHead.treeSize, root: Buffer.from(honestHead.rootHash, 'hex').toString('base64') });
    await server.stop();
    server = undefined;
    // The server's own verify, given the witnesses by the person verifying: the re-signed head has no quorum.
    const verify = runCli(copy.dir, ['verify', '--json', '--log-key', logKeyFile, ...witnessArgs(), '--quorum', '2']);
    expect(verify.status).toBe(6);
    const report = JSON.parse(verify.stdout) as { findings: { kind: string }[]; witnesses: { met: boolean; cosignedBy: unknown[] } };
    expect(report.witnesses).toMatchObject({ met: false, cosignedBy: [] });
    expect(report.findings.map((f) => f.kind)).toContain('quorum-not-met');
  }, 90_000);

  it('2. rolled back to an earlier state (data and signer folders restored from a copy): the witnesses hold the later head, so the next one is refused as a rollback', async () => {
    // The copy was taken after the honest run: roll it back by one rating, as if restored from before it.
    const copy = copyOfHonest('malicious-rollback', 'key-only');
    tamper(copy.file, (db) => {
      db.exec('DROP TRIGGER IF EXISTS checkpoints_reject_delete');
      db.prepare('DELETE FROM events WHERE global_position = (SELECT MAX(global_position) FROM events)').run();
      db.prepare('DELETE FROM checkpoints').run();
    });
    rmSync(join(copy.dir, 'read-models.sqlite'), { force: true });
    const token = lead;
    server = await startServer(copy.dir, env);
    // A new, different write on the rolled-back log: a history that cannot extend what the witnesses hold.
    expect((await rate(server, token, '3.2', 'R')).status).toBe(201);
    const alarmed = await until('the witnesses to refuse the rolled-back log', async () => {
      const h = await health(server!);
      return h.witnesses.alarms.length >= 1 ? h : undefined;
    });
    expect(alarmed.reason).toMatch(/refuses this log/);
    for (const w of witnesses) expect((await witnessHolds(w)).size).toBe(honestHead.treeSize);
    await server.stop();
    server = undefined;
    // The inspector's state file remembers the honest head: any checkpoint of the rolled-back log is refused.
    const exported = runCli(copy.dir, ['export', '--out', join(scratch, 'rolled-back.jsonl')], { PLAN_AUDIT_TOKEN: auditor });
    expect(exported.status).toBe(0);
    const state = join(scratch, 'inspector-state-rollback.json');
    expect(tool([bundleFile, '--public-key', logKeyFile, '--state', state]).status).toBe(0);
    const check = tool([join(scratch, 'rolled-back.jsonl'), '--public-key', logKeyFile, '--state', state]);
    expect(check.status).not.toBe(0);
    expect(check.stdout).toMatch(/FORK|ROLLED BACK/);
  }, 90_000);

  it('3. a fork shown to one witness and not the other: the one shown refuses it (422), and its cosignature is never on the fork', async () => {
    const forged = signTlogCheckpoint({ treeSize: honestHead.treeSize, rootHash: createHash('sha256').update('another history').digest('hex'), takenAt: new Date().toISOString() }, ORIGIN, logPrivate, keyIdOf(createPublicKey(logPrivate)));
    const answer = await submit(witnesses[0].url, honestHead.treeSize, [], checkpointNote(forged, createPublicKey(logPrivate)));
    expect(answer.status).toBe(422);
    expect(answer.body).not.toMatch(/^\u2014/m);
    expect(await witnessHolds(witnesses[0])).toEqual({ size: honestHead.treeSize, root: Buffer.from(honestHead.rootHash, 'hex').toString('base64') });
    expect(await witnessHolds(witnesses[1])).toEqual(await witnessHolds(witnesses[0]));
  });

  it('4. a forged consistency proof for a longer tree: 422 from the witness, nothing cosigned', async () => {
    const longer = signTlogCheckpoint({ treeSize: honestHead.treeSize + 5, rootHash: createHash('sha256').update('more history').digest('hex'), takenAt: new Date().toISOString() }, ORIGIN, logPrivate, keyIdOf(createPublicKey(logPrivate)));
    const proof = [0, 1, 2].map((i) => createHash('sha256').update(`made-up node ${i}`).digest());
    const answer = await submit(witnesses[1].url, honestHead.treeSize, proof, checkpointNote(longer, createPublicKey(logPrivate)));
    expect(answer.status).toBe(422);
    expect((await witnessHolds(witnesses[1])).size).toBe(honestHead.treeSize);
  });

  it('5. a forged inclusion proof in the bundle: the verifier names the event whose path does not reach the cosigned root', () => {
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { events: { event: { eventId: string }; auditPath: string[] }[] };
    const target = bundle.events[1];
    target.auditPath[0] = flipHex(target.auditPath[0]);
    const file = join(scratch, 'forged-inclusion.json');
    writeFileSync(file, JSON.stringify(bundle));
    const check = tool([file, '--public-key', logKeyFile, ...witnessArgs(), '--quorum', '2']);
    expect(check.status).not.toBe(0);
    expect(check.stdout).toContain(target.event.eventId);
    expect(check.stdout).not.toMatch(/RESULT: intact/);
  });

  it('6. a swapped signing key: heads signed with a key the witnesses were not given are refused (403), and the verifier with the published key does not accept them', async () => {
    const copy = copyOfHonest('malicious-new-key');
    const fresh = generateKeyPairSync('ed25519');
    writeFileSync(join(copy.signerDir, PRIVATE_KEY_FILE), fresh.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    rmSync(join(copy.signerDir, 'checkpoint-signing.pub'), { force: true });
    const stranger = signTlogCheckpoint({ treeSize: honestHead.treeSize + 1, rootHash: honestHead.rootHash, takenAt: new Date().toISOString() }, ORIGIN, fresh.privateKey, keyIdOf(fresh.publicKey));
    const answer = await submit(witnesses[0].url, honestHead.treeSize, [], checkpointNote(stranger, fresh.publicKey));
    expect(answer.status).toBe(403);
    // The bundle re-signed with the swapped-in key, and its public key planted in it: the inspector's key decides.
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { checkpoint: Record<string, unknown>; publicKey?: unknown };
    const resigned = signTlogCheckpoint(bundle.checkpoint as never, ORIGIN, fresh.privateKey, keyIdOf(fresh.publicKey));
    const file = join(scratch, 'swapped-key.json');
    writeFileSync(file, JSON.stringify({ ...bundle, checkpoint: { ...resigned, note: checkpointNote(resigned, fresh.publicKey) }, publicKey: { keyId: keyIdOf(fresh.publicKey), algorithm: 'Ed25519', pem: fresh.publicKey.export({ type: 'spki', format: 'pem' }) } }));
    const withPublished = tool([file, '--public-key', logKeyFile]);
    expect(withPublished.status).not.toBe(0);
    expect(withPublished.stdout).not.toMatch(/RESULT: intact/);
    const withNone = tool([file]);
    expect(withNone.status).toBe(2);
  });

  it('7. a key planted in the data folder is not trusted by the server\'s own verify', () => {
    const copy = copyOfHonest('malicious-planted');
    const planted = generateKeyPairSync('ed25519');
    const trusted = join(copy.dir, 'keys', 'trusted');
    mkdirSync(trusted, { recursive: true });
    writeFileSync(join(trusted, `${keyIdOf(planted.publicKey)}.pub`), planted.publicKey.export({ type: 'spki', format: 'pem' }));
    const verify = runCli(copy.dir, ['verify', '--json']);
    const report = JSON.parse(verify.stdout) as { trustedKeys: { keyId: string }[] };
    expect(report.trustedKeys.map((k) => k.keyId)).not.toContain(keyIdOf(planted.publicKey));
  });

  it('8. old cosignatures replayed onto a new checkpoint: counted as forged, the quorum is not met', () => {
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { checkpoint: { cosignatures: string[] } & Record<string, unknown> };
    const cosignatures = bundle.checkpoint.cosignatures;
    expect(cosignatures).toHaveLength(2);
    const moved = signTlogCheckpoint({ ...(bundle.checkpoint as never as { treeSize: number; rootHash: string; takenAt: string }), rootHash: createHash('sha256').update('another root').digest('hex') }, ORIGIN, logPrivate, keyIdOf(createPublicKey(logPrivate)));
    const withOld = { ...moved, cosignatures };
    const file = join(scratch, 'replayed-cosignatures.json');
    writeFileSync(file, JSON.stringify({ ...bundle, checkpoint: { ...withOld, note: checkpointNote(withOld, createPublicKey(logPrivate)) } }));
    const check = tool([file, '--public-key', logKeyFile, ...witnessArgs(), '--quorum', '2']);
    expect(check.status).not.toBe(0);
    expect(check.stdout).toMatch(/BAD-COSIGNATURE|QUORUM-NOT-MET/);
    expect(check.stdout).not.toMatch(/RESULT: intact/);
  });
});

function flipHex(hex: string, at = 10): string {
  return `${hex.slice(0, at)}${hex[at] === '0' ? '1' : '0'}${hex.slice(at + 1)}`;
}
