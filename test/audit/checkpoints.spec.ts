import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AuditService } from '../../src/audit/audit.service';
import { checkpointSignatureValid } from '../../src/audit/checkpoint';
import { CheckpointScheduler, checkpointIntervalMinutes } from '../../src/audit/checkpoint-scheduler';
import { verifyConsistency, verifyInclusion, leafHash } from '../../src/audit/merkle';
import { CheckpointSigningKey, KEYS_FOLDER, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../../src/audit/signing-key';
import { TamperEvidence } from '../../src/audit/tamper-evidence.error';
import * as commands from '../../src/commands';
import { NotFound } from '../../src/domain/errors';
import { sunderlandExample } from '../../src/import/example-plan';
import { commandHarness, CommandHarness } from '../support/command-harness';
import { tempDatabase } from '../support/temp-database';
import { copyOf, openAudit } from './support/audited-log';
import { dropConstraints, insertRowAt, resealed, rowAt, tamper, toEnvelope, toRow } from './support/tamper';

const PLAN = 'sunderland-2017';
const hex = (b: Buffer) => b.toString('hex');

describe('signed checkpoints', () => {
  let h: CommandHarness;
  let audit: AuditService;
  const rate = (reference: string, code: string) => h.send(commands.ChangeRatingCommand, { planId: PLAN, reference, code }, 'lead');

  beforeAll(async () => {
    h = await commandHarness('checkpoints');
    audit = h.get(AuditService);
  });
  afterAll(() => h.close());

  it('creates the signing key on first start in the signer folder beside the data folder, owner-only, and loads the same key afterwards', () => {
    const folder = h.database.signerDir;
    expect(existsSync(join(h.database.dir, KEYS_FOLDER))).toBe(false);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, PUBLIC_KEY_FILE)).mode & 0o077).toBe(0o044);
    const again = CheckpointSigningKey.loadOrCreate(h.database.signerDir);
    expect(again.keyId).toBe(audit.publicKey.keyId);
    expect(again.publicKeyPem).toBe(audit.publicKey.pem);
    expect(audit.publicKey.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('has nothing to sign in an empty log', async () => {
    expect(await audit.takeCheckpoint()).toEqual({ created: false });
  });

  it('signs a checkpoint after an import that appended events, and none after one that appended nothing', async () => {
    const by = { actor: { id: 'board.clerk', role: 'board' }, source: 'import' as const };
    await h.bus.execute(new commands.ImportPlanCommand(sunderlandExample(), by));
    const [first] = await audit.listCheckpoints();
    expect(first).toMatchObject({ treeSize: 211, keyId: audit.publicKey.keyId });
    expect(checkpointSignatureValid(first, CheckpointSigningKey.loadOrCreate(h.database.signerDir).publicKey)).toBe(true);
    await h.bus.execute(new commands.ImportPlanCommand(sunderlandExample(), by));
    expect((await audit.listCheckpoints()).map((c) => c.treeSize)).toEqual([211]);
  });

  it('signs on demand only when the log grew, extending the last signed tree', async () => {
    expect(await audit.takeCheckpoint()).toMatchObject({ created: false, checkpoint: { treeSize: 211 } });
    await rate('3.2', 'DG');
    await rate('2.1', 'LG');
    const outcome = await audit.takeCheckpoint();
    expect(outcome).toMatchObject({ created: true, checkpoint: { treeSize: 213 } });
    const consistency = await audit.proveConsistency(211, 213);
    expect(verifyConsistency(211, 213, Buffer.from(consistency.from.rootHash, 'hex'), Buffer.from(consistency.to.rootHash, 'hex'), consistency.proof.map((p) => Buffer.from(p, 'hex')))).toBe(true);
  });

  it('on a schedule: CHECKPOINT_INTERVAL_MINUTES (60 unless set, 0 for never), signing only when the log grew', async () => {
    expect(checkpointIntervalMinutes({})).toBe(60);
    expect(checkpointIntervalMinutes({ CHECKPOINT_INTERVAL_MINUTES: '15' })).toBe(15);
    expect(checkpointIntervalMinutes({ CHECKPOINT_INTERVAL_MINUTES: '0' })).toBe(0);
    expect(() => checkpointIntervalMinutes({ CHECKPOINT_INTERVAL_MINUTES: 'hourly' })).toThrow(/must be a number of minutes/);

    await rate('3.10', 'LG');
    // A timer driven by hand: the test says when an interval has passed instead of sleeping through one.
    const ticks: (() => Promise<void>)[] = [];
    let every = 0;
    const byHand = (ms: number, tick: () => Promise<void>) => {
      every = ms;
      ticks.push(tick);
      return () => void ticks.splice(ticks.indexOf(tick), 1);
    };
    const scheduler = new CheckpointScheduler(audit, 15, byHand);
    scheduler.start();
    scheduler.start(); // already running: still one timer
    expect(every).toBe(15 * 60_000);
    expect(ticks).toHaveLength(1);
    for (let i = 0; i < 3; i++) await ticks[0]();
    scheduler.stop();
    expect(ticks).toHaveLength(0);
    new CheckpointScheduler(audit, 0, byHand).start();
    expect(ticks).toHaveLength(0); // 0 minutes: never
    // Several ticks went by; only the first had anything new to sign.
    expect((await audit.listCheckpoints()).map((c) => c.treeSize)).toEqual([211, 213, 214]);
    expect(h.get(CheckpointScheduler)).toBeInstanceOf(CheckpointScheduler);
  });

  it('proves any event is in a checkpoint, and says what to do when it is not', async () => {
    const [event] = await h.store.readAll({ after: 99, limit: 1 });
    const proof = await audit.proveInclusion(event.eventId);
    expect(proof).toMatchObject({ type: 'inclusion-proof', leafIndex: 99, treeSize: 214, event: { eventId: event.eventId, hash: event.hash } });
    expect(verifyInclusion(99, 214, leafHash(event.hash), proof.auditPath.map((p) => Buffer.from(p, 'hex')), Buffer.from(proof.checkpoint.rootHash, 'hex'))).toBe(true);
    expect(hex(leafHash(proof.event.hash))).toBe(hex(leafHash(event.hash)));

    await expect(audit.proveInclusion('no-such-event')).rejects.toThrow(NotFound);
    await expect(audit.proveInclusion(event.eventId, 212)).rejects.toThrow(/no checkpoint of 212 events; the checkpoints cover 211, 213, 214/);
    const newest = (await rate('3.10', 'DG')).events[0].eventId;
    await expect(audit.proveInclusion(newest)).rejects.toThrow(/take a checkpoint first/);
  });

  describe('refusing to sign what does not check out', () => {
    it('an event recorded since the last checkpoint whose contents no longer match its hash', async () => {
      const copy = copyOf(h.database.dir, 'refuse-altered');
      try {
        tamper(copy.file, (db) => db.prepare("UPDATE events SET data = replace(data, 'DG', 'R') WHERE global_position = 215").run());
        const { audit: copied, close } = openAudit(copy.dir);
        await expect(copied.takeCheckpoint()).rejects.toThrow(/Refusing to sign a checkpoint over event .* it was altered/);
        expect((await copied.listCheckpoints()).length).toBe(3);
        await close();
      } finally {
        copy.remove();
      }
    });

    it('a log where an event was slipped in before the last checkpoint: no checkpoint over a shifted log', async () => {
      const copy = copyOf(h.database.dir, 'refuse-shifted');
      try {
        tamper(copy.file, (db) => {
          dropConstraints(db);
          insertRowAt(db, 31, toRow(resealed({ ...toEnvelope(rowAt(db, 30)), eventId: 'forged-copy' })));
        });
        const { audit: copied, close } = openAudit(copy.dir);
        await expect(copied.takeCheckpoint()).rejects.toThrow(TamperEvidence);
        await expect(copied.takeCheckpoint()).rejects.toThrow(/no longer extends the last signed head \(214 events/);
        await close();
      } finally {
        copy.remove();
      }
    });
  });
});

describe('the signing key on disk', () => {
  const folder = tempDatabase('keys');
  afterAll(() => folder.remove());

  it('is created once; a second process loading it finds the same key', () => {
    const first = CheckpointSigningKey.loadOrCreate(folder.dir);
    const second = CheckpointSigningKey.loadOrCreate(folder.dir);
    expect(second.keyId).toBe(first.keyId);
    const signed = first.sign({ treeSize: 3, rootHash: 'ab'.repeat(32), takenAt: '2026-01-01T00:00:00.000Z' });
    expect(checkpointSignatureValid(signed, second.publicKey)).toBe(true);
    expect(checkpointSignatureValid({ ...signed, treeSize: 4 }, second.publicKey)).toBe(false);
  });
});
