import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { VerificationReport } from '../../src/audit/log-verifier';
import { KnownHead } from '../../src/audit/log-verifier';
import { runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';
import { buildAuditedLog, copyOf, openAudit } from './support/audited-log';
import { resealed, rewriteAndRechain, rowAt, tamper, toEnvelope } from './support/tamper';

/**
 * Issue 21, item 6: the tamperings that used to be reported as something else, done
 * on the real SQLite file with write access to the data folder, and the finding each
 * must now give: its kind, and the events it names.
 */
describe('verify names each of these tamperings for what it is', () => {
  const fixture = tempDatabase('findings-named');
  const copies: { remove: () => void }[] = [];
  /** The head of the untouched log (221 events), as a verifier outside the data folder would have kept it. */
  let head: KnownHead;

  beforeAll(async () => {
    await buildAuditedLog(fixture.dir);
    const { audit, close } = openAudit(fixture.dir);
    const newest = (await audit.listCheckpoints()).at(-1)!;
    await close();
    head = { treeSize: newest.treeSize, rootHash: newest.rootHash, from: 'the head kept by the test' };
  });
  afterAll(() => {
    copies.forEach((c) => c.remove());
    fixture.remove();
  });

  function attackedCopy(change: (db: Database.Database) => void) {
    const copy = copyOf(fixture.dir, 'named');
    copies.push(copy);
    tamper(copy.file, change);
    return copy;
  }

  /** Options: a head given by the person verifying, and `withoutSignerHead` for an attacker who holds the signer folder too (the server itself). */
  async function verifyAfter(
    change: (db: Database.Database) => void,
    knownHead?: KnownHead,
    afterwards?: (audit: ReturnType<typeof openAudit>['audit']) => Promise<unknown>,
    withoutSignerHead = false,
  ): Promise<VerificationReport> {
    const copy = attackedCopy(change);
    if (withoutSignerHead) for (const file of ['signed-head.json', 'signed-leaves.bin', 'witnesses.json']) rmSync(`${copy.dir}-signer/${file}`, { force: true });
    const { audit, close } = openAudit(copy.dir);
    try {
      await afterwards?.(audit);
      return await audit.verify({ knownHead });
    } finally {
      await close();
    }
  }

  const eventAt = (position: number) => {
    const copy = copyOf(fixture.dir, 'peek');
    try {
      return toEnvelope(tamper(copy.file, (db) => rowAt(db, position)));
    } finally {
      copy.remove();
    }
  };

  it("a stream's only event deleted from the middle: missing at its place, not a tail cut off", async () => {
    const gone = eventAt(35);
    const [before, after] = [eventAt(34), eventAt(36)];
    expect(gone.streamVersion).toBe(0);
    const report = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE global_position = 35').run());
    expect(report.findings.map((f) => [f.kind, f.position])).toEqual([['missing', 35]]);
    // Its id went with it; the report names its neighbours, which are still there.
    expect(report.findings[0].related?.map((r) => r.eventId)).toEqual([before.eventId, after.eventId]);
    expect(report.findings[0].detail).toMatch(/only or the newest event of its stream/);
  });

  it("a stream's newest event deleted just before the tail: missing at #220, the event after it still there", async () => {
    const after = eventAt(221);
    const report = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE global_position = 220').run());
    expect(report.findings.map((f) => [f.kind, f.position])).toEqual([['missing', 220]]);
    expect(report.findings[0].related?.at(-1)?.eventId).toBe(after.eventId);
  });

  it('two events swapped between streams (stream, version and link exchanged): one "swapped" finding naming both', async () => {
    const [a, b] = [eventAt(212), eventAt(213)];
    expect(a.streamId).not.toBe(b.streamId);
    const report = await verifyAfter((db) => swapStreams(db, 212, 213, false));
    expect(report.findings.map((f) => [f.kind, f.position, f.eventId, f.related?.map((r) => r.eventId)])).toEqual([['swapped', 212, a.eventId, [b.eventId]]]);
    expect(report.findings[0].streamId).toBe(b.streamId);
    expect(report.findings[0].detail).toContain(`recorded as ${a.streamId} v${a.streamVersion} and now claims ${b.streamId} v${b.streamVersion}`);
  });

  it('two events swapped between streams and each re-hashed: still one "swapped", and the signed roots are accounted for', async () => {
    const [a, b] = [eventAt(212), eventAt(213)];
    const report = await verifyAfter((db) => swapStreams(db, 212, 213, true));
    expect(report.findings.map((f) => [f.kind, f.position, f.eventId, f.related?.map((r) => r.eventId)])).toEqual([['swapped', 212, a.eventId, [b.eventId]]]);
    expect(report.findings[0].detail).toMatch(/swapped between streams and re-hashed$/);
    expect(report.checkpoints.map((c) => c.status)).toEqual(['verified', 'root-mismatch', 'root-mismatch', 'root-mismatch']);
  });

  it('the tail cut off under a checkpoint that still covers it: truncated, from the first event gone', async () => {
    const report = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE global_position > 219').run(), head);
    expect(report.findings.map((f) => [f.kind, f.position, f.treeSize])).toEqual([['truncated', 220, 221]]);
    expect(report.knownHead?.status).toBe('truncated');
  });

  it('rolled back to the checkpoint of 218, events and the later checkpoint deleted: clean without a head, rolled-back with one', async () => {
    const rollBack = (db: Database.Database) => {
      db.prepare('DELETE FROM events WHERE global_position > 218').run();
      db.exec('DROP TRIGGER IF EXISTS checkpoints_reject_delete');
      db.prepare('DELETE FROM checkpoints WHERE tree_size > 218').run();
    };
    // Whoever holds the signer folder too (the server itself) leaves a consistent, signed, shorter log: only a head kept elsewhere tells.
    expect((await verifyAfter(rollBack, undefined, undefined, true)).findings).toEqual([]);
    const lastKept = eventAt(218);
    // With write access to the data folder only, the signer folder's head gives it away.
    const bySigner = await verifyAfter(rollBack);
    expect(bySigner.findings.map((f) => [f.kind, f.position, f.treeSize])).toEqual([['rolled-back', 219, 221]]);
    expect(bySigner.knownHead?.from).toMatch(/signer folder/);
    const report = await verifyAfter(rollBack, head);
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.kind, f.position, f.treeSize, f.related?.map((r) => r.eventId)])).toEqual([['rolled-back', 219, 221, [lastKept.eventId]]]);
    expect(report.findings[0].detail).toMatch(/#219\.\.#221 \(3 events\) and the checkpoints over them are gone/);
    expect(report.knownHead?.status).toBe('rolled-back');
  });

  it('rewritten, re-chained and re-signed with the key in the data folder: clean without a head, forked with one', async () => {
    const rewrite = (db: Database.Database) => {
      rewriteAndRechain(db, 212, { code: 'C' });
      db.exec('DROP TRIGGER IF EXISTS checkpoints_reject_delete');
      db.prepare('DELETE FROM checkpoints').run();
    };
    const resign = (audit: ReturnType<typeof openAudit>['audit']) => audit.takeCheckpoint();
    // The server itself (holding the key and the signer folder) re-signs the rewritten log: consistent in itself.
    const alone = await verifyAfter(rewrite, undefined, resign, true);
    expect(alone.findings).toEqual([]);
    expect(alone.checkpoints.map((c) => [c.checkpoint.treeSize, c.status])).toEqual([[221, 'verified']]);
    // Write access to the data folder only: the server refuses to re-sign, and verify names the rewritten event from the signed hashes.
    const refused = async (audit: ReturnType<typeof openAudit>['audit']) => {
      // What the server does on every start: re-read the log up to the signer folder's head.
      await audit.checkSignedHead().catch(() => undefined);
      expect(audit.signingStatus().state).toBe('refusing');
    };
    const bySigner = await verifyAfter(rewrite, undefined, refused);
    expect(bySigner.findings.map((f) => [f.kind, f.position])).toEqual([['altered', 212], ['altered', 214], ['altered', 217], ['forked', undefined]]);
    const report = await verifyAfter(rewrite, head, resign, true);
    expect(report.findings.map((f) => [f.kind, f.treeSize])[0]).toEqual(['forked', 221]);
    expect(report.findings[0].detail).toContain(`says ${head.rootHash}`);
    expect(report.knownHead?.status).toBe('forked');
  });

  it('the untouched log against its own head: consistent, nothing found', async () => {
    const report = await verifyAfter(() => undefined, head);
    expect(report.findings).toEqual([]);
    expect(report.knownHead?.status).toBe('consistent');
  });

  it('the CLI exits 6 and prints the finding for a deleted only event and for a swap between streams', () => {
    const deleted = attackedCopy((db) => db.prepare('DELETE FROM events WHERE global_position = 35').run());
    const one = runCli(deleted.dir, ['verify']);
    expect(one.status).toBe(6);
    expect(one.stdout).toMatch(/^MISSING #35: the event at #35 is not in the log/m);
    expect(one.stdout).not.toMatch(/TRUNCATED/);

    const [a, b] = [eventAt(212), eventAt(213)];
    const swapped = attackedCopy((db) => swapStreams(db, 212, 213, true));
    rmSync(`${swapped.dir}/read-models.sqlite`, { force: true });
    const two = runCli(swapped.dir, ['verify']);
    expect(two.status).toBe(6);
    expect(two.stdout).toContain(`SWAPPED #212 ${b.streamId} v${b.streamVersion} (event ${a.eventId}): it was recorded as ${a.streamId} v${a.streamVersion}`);
    expect(two.stdout.split('\n').filter((l) => /^[A-Z-]+ /.test(l))).toHaveLength(1);
  });
});

/** Exchange stream, version and link between two rows; re-seal each if asked, as a careful forger would. */
function swapStreams(db: Database.Database, p: number, q: number, reseal: boolean): void {
  const [a, b] = [toEnvelope(rowAt(db, p)), toEnvelope(rowAt(db, q))];
  const movedA = { ...a, streamId: b.streamId, streamVersion: b.streamVersion, prevHash: b.prevHash };
  const movedB = { ...b, streamId: a.streamId, streamVersion: a.streamVersion, prevHash: a.prevHash };
  const [newA, newB] = reseal ? [resealed(movedA), resealed(movedB)] : [movedA, movedB];
  db.prepare("UPDATE events SET stream_id = 'parked' WHERE global_position = ?").run(p);
  const set = db.prepare('UPDATE events SET stream_id = ?, stream_version = ?, prev_hash = ?, hash = ? WHERE global_position = ?');
  set.run(newB.streamId, newB.streamVersion, newB.prevHash, newB.hash, q);
  set.run(newA.streamId, newA.streamVersion, newA.prevHash, newA.hash, p);
}

/** Change one event's data, re-seal it, and re-chain every later event of its stream: hashes and links all hold again. */
