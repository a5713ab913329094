import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { EventEnvelope } from '../../src/event-store/envelope';
import { RunningServer, startServer } from '../support/server-process';
import { rateExampleAction, serverHealth, until as waitUntil } from '../support/server-health';
import { cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';
import { allRows, resealed, tamper, toEnvelope } from './support/tamper';

/**
 * Issue 21, as the attacker who can write the data folder but not the signer folder beside it:
 * a real server process over a real SQLite file, signing a head within about a second of every commit.
 */
const SIGNING = { SIGN_HEAD_EVERY_MS: '100', LOAD_EXAMPLE: 'true' };

interface Health {
  status: string;
  reason?: string;
  headPosition: number;
  signing: { state: string; reason?: string; head?: { treeSize: number; rootHash: string; takenAt: string }; headChecked: boolean };
}

const health = (server: RunningServer) => serverHealth<Health>(server);
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000) => waitUntil(what, probe, timeoutMs, 25);

/** Once the server has signed every event in the log. */
const allSigned = (server: RunningServer) =>
  until('the head to cover the whole log', async () => {
    const h = await health(server);
    return h.headPosition > 0 && h.signing.head?.treeSize === h.headPosition ? h : undefined;
  });

const rate = (server: RunningServer, token: string, code: string) => rateExampleAction(server, token, '3.2', code);

/** Rewrite one event's data, re-hash it, and recompute the hash chain of every later event in its stream: the careful tamperer. */
function rewriteAndRechain(file: string, position: number, change: (event: EventEnvelope) => EventEnvelope): EventEnvelope {
  return tamper(file, (db) => {
    const rows = allRows(db);
    const target = rows.find((r) => r.global_position === position)!;
    const update = db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE global_position = ?');
    let previous = resealed(change(toEnvelope(target)));
    update.run(JSON.stringify(previous.data), previous.prevHash, previous.hash, position);
    for (const row of rows.filter((r) => r.stream_id === target.stream_id && r.stream_version > target.stream_version)) {
      const next = resealed({ ...toEnvelope(row), prevHash: previous.hash });
      update.run(JSON.stringify(next.data), next.prevHash, next.hash, row.global_position);
      previous = next;
    }
    // And the evidence of the checkpoints kept beside the log: gone.
    db.exec('DROP TRIGGER IF EXISTS checkpoints_reject_delete; DELETE FROM checkpoints;');
    return toEnvelope(target);
  });
}

describe('a signed head on every commit, kept outside the data folder (issue 21)', () => {
  const folder = tempDatabase('signed-head');
  let server: RunningServer | undefined;
  let token = '';

  beforeAll(() => {
    token = cliToken(folder.dir, 'lead.jo', 'lead');
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  afterAll(() => folder.remove());

  it('keeps the key and the head in an owner-only signer folder beside the data folder, never in it', async () => {
    server = await startServer(folder.dir, SIGNING);
    await allSigned(server);
    expect(statSync(folder.signerDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder.signerDir, 'checkpoint-signing.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder.signerDir).sort()).toEqual(['checkpoint-signing.key', 'checkpoint-signing.pub', 'signed-head.json', 'signed-leaves.bin']);
    expect(existsSync(join(folder.dir, 'keys', 'checkpoint-signing.key'))).toBe(false);
  });

  it('(d) signs a head covering a write within about a second, without waiting for the hourly checkpoint', async () => {
    server = await startServer(folder.dir, SIGNING);
    const before = await allSigned(server);
    const written = Date.now();
    expect((await rate(server, token, 'DG')).status).toBe(201);
    const after = await until('a head covering the write', async () => {
      const h = await health(server!);
      return (h.signing.head?.treeSize ?? 0) > before.signing.head!.treeSize ? h : undefined;
    });
    expect(Date.now() - written).toBeLessThan(1500);
    expect(after.signing.head!.treeSize).toBe(before.headPosition + 1);
    expect(after.status).toBe('ok');
  });

  it('(b) an event rewritten a second after it was written, before any hourly checkpoint: found by verify, named, and the server refuses to sign after a restart', async () => {
    server = await startServer(folder.dir, SIGNING);
    await allSigned(server);
    expect((await rate(server, token, 'R')).status).toBe(201);
    const signed = await allSigned(server);
    await server.stop();
    server = undefined;
    // The last event, the rating just given, rewritten to a better one and re-hashed.
    const original = rewriteAndRechain(folder.file, signed.headPosition, (e) => ({ ...e, data: { ...(e.data as object), code: 'G' } }));

    const verify = runCli(folder.dir, ['verify', '--json']);
    expect(verify.status).toBe(6);
    const report = JSON.parse(verify.stdout) as { findings: { kind: string; eventId?: string; position?: number }[]; trustedKeys: { source: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'altered', eventId: original.eventId, position: signed.headPosition }));
    expect(report.trustedKeys[0].source).toContain(folder.signerDir);

    server = await startServer(folder.dir, SIGNING);
    const refused = await until('the refusal', async () => {
      const h = await health(server!);
      return h.signing.state === 'refusing' ? h : undefined;
    });
    expect(refused.status).toBe('degraded');
    expect(refused.reason).toMatch(/no longer extends the last signed head/);
    expect(server.output()).toMatch(/ERROR.*Refusing to sign/);
  });
});

describe('(a) the attack of issue 21: rewrite an event mid-stream, recompute its chain, delete the checkpoints, restart', () => {
  const folder = tempDatabase('signed-head-attack');
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    folder.remove();
  });

  it('the server refuses to sign, is not ready and says why; it stays refusing after new writes; verify names the event', async () => {
    const token = cliToken(folder.dir, 'lead.jo', 'lead');
    server = await startServer(folder.dir, SIGNING);
    const signed = await allSigned(server);
    await server.stop();

    // A rating in the middle of the example plan's history: its stream's later events re-chained after it.
    const victim = tamper(folder.file, (db) => allRows(db).find((r) => r.type === 'RatingChanged' && r.global_position > 100)!);
    const original = rewriteAndRechain(folder.file, victim.global_position, (e) => ({ ...e, data: { ...(e.data as object), code: 'G' } }));
    tamper(folder.file, (db) => expect(db.prepare('SELECT COUNT(*) AS n FROM checkpoints').get()).toEqual({ n: 0 }));

    server = await startServer(folder.dir, SIGNING);
    const refused = await until('the refusal', async () => {
      const h = await health(server!);
      return h.signing.state === 'refusing' ? h : undefined;
    });
    expect(refused.signing.reason).toContain(`(${signed.headPosition} events, root ${signed.signing.head!.rootHash}`);
    const ready = await fetch(`${server.baseUrl}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { detail: string }).detail).toMatch(/Refusing to sign: the log no longer extends the last signed head/);
    const metrics = await (await fetch(`${server.baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${cliToken(folder.dir, 'auditor.al', 'auditor')}` } })).text();
    expect(metrics).toMatch(/^plan_audit_signing_refused 1$/m);

    // Writes are still taken (never blocked by signing), but no new history is signed over them.
    expect((await rate(server, token, 'DG')).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const still = await health(server);
    expect(still.signing).toMatchObject({ state: 'refusing', head: { treeSize: signed.headPosition } });
    await server.stop();
    server = undefined;

    const verify = runCli(folder.dir, ['verify', '--json']);
    expect(verify.status).toBe(6);
    const report = JSON.parse(verify.stdout) as { findings: { kind: string; eventId?: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'altered', eventId: original.eventId }));
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'forked' }));
  });
});

describe('(c) trust is the verifier’s: a key planted in the data folder is not trusted', () => {
  const folder = tempDatabase('signed-head-planted');
  afterAll(() => folder.remove());

  it('checkpoints signed by a planted key are unknown-key, both as before the move and in keys/trusted; --log-key names what was used', async () => {
    const server = await startServer(folder.dir, SIGNING);
    await allSigned(server);
    await server.stop();

    // The attacker signs a checkpoint with a key of their own, stores it beside the log, and plants the public half.
    const attacker = generateKeyPairSync('ed25519');
    const pem = attacker.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    mkdirSync(join(folder.dir, 'keys', 'trusted'), { recursive: true });
    const { keyIdOf } = await import('../../src/audit/signing-key');
    const { signCheckpoint } = await import('../../src/audit/checkpoint');
    const attackerKeyId = keyIdOf(attacker.publicKey);
    writeFileSync(join(folder.dir, 'keys', 'trusted', `${attackerKeyId}.pub`), pem);
    const forged = signCheckpoint({ treeSize: 5, rootHash: 'ab'.repeat(32), takenAt: new Date().toISOString() }, attacker.privateKey, attackerKeyId);
    tamper(folder.file, (db) =>
      db.prepare("INSERT INTO checkpoints (tree_size, root_hash, taken_at, key_id, signature, resume) VALUES (?, ?, ?, ?, ?, '{}')").run(forged.treeSize, forged.rootHash, forged.takenAt, forged.keyId, forged.signature),
    );

    const verify = runCli(folder.dir, ['verify', '--json']);
    expect(verify.status).toBe(6);
    const report = JSON.parse(verify.stdout) as { findings: { kind: string; treeSize?: number }[]; trustedKeys: { keyId: string }[] };
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'unknown-key', treeSize: 5 })]);
    expect(report.trustedKeys.map((k) => k.keyId)).not.toContain(attackerKeyId);

    // The person verifying chooses: given only the attacker's key, the server's own checkpoints are the unknown ones.
    const pemFile = join(folder.dir, 'attacker.pub');
    writeFileSync(pemFile, pem);
    const theirs = runCli(folder.dir, ['verify', '--json', '--log-key', pemFile]);
    const chosen = JSON.parse(theirs.stdout) as { findings: { kind: string; treeSize?: number }[]; trustedKeys: { keyId: string; source: string }[] };
    expect(chosen.trustedKeys).toEqual([{ keyId: attackerKeyId, source: `--log-key ${pemFile}` }]);
    expect(chosen.findings.filter((f) => f.kind === 'unknown-key').length).toBeGreaterThan(0);
    expect(chosen.findings).toContainEqual(expect.objectContaining({ kind: 'root-mismatch', treeSize: 5 }));
  });
});

