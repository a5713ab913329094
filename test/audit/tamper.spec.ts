import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { VerificationReport } from '../../src/audit/log-verifier';
import { Finding } from '../../src/audit/findings';
import { runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';
import { buildAuditedLog, CHECKPOINT_SIZES, copyOf, openAudit } from './support/audited-log';
import { dropConstraints, insertRowAt, resealed, rowAt, swapRows, tamper, toEnvelope, toRow } from './support/tamper';

/**
 * Tampering with the real SQLite file, triggers dropped, and what verify says:
 * each kind of change is detected and the event concerned is named.
 */
describe('verify names each kind of tampering on the SQLite file', () => {
  const fixture = tempDatabase('tamper-fixture');
  const copies: { remove: () => void }[] = [];

  beforeAll(async () => {
    await buildAuditedLog(fixture.dir);
  });
  afterAll(() => {
    copies.forEach((c) => c.remove());
    fixture.remove();
  });

  /** Copy the signed log, tamper with the copy, verify it. */
  async function verifyAfter(change: (file: string) => void): Promise<VerificationReport> {
    const copy = copyOf(fixture.dir, 'tamper');
    copies.push(copy);
    change(copy.file);
    const { audit, close } = openAudit(copy.dir);
    try {
      return await audit.verify();
    } finally {
      await close();
    }
  }

  const summary = (findings: Finding[]) => findings.map((f) => ({ kind: f.kind, position: f.position, eventId: f.eventId }));

  it('passes the untouched log: 221 events, every checkpoint verified', async () => {
    const report = await verifyAfter(() => undefined);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.eventCount).toBe(221);
    expect(report.checkpoints.map((c) => [c.checkpoint.treeSize, c.status])).toEqual(CHECKPOINT_SIZES.map((s) => [s, 'verified']));
  });

  it('an altered field: names the event whose contents no longer match its hash', async () => {
    let eventId = '';
    const report = await verifyAfter((file) =>
      tamper(file, (db) => {
        const row = rowAt(db, 212);
        eventId = row.event_id;
        db.prepare('UPDATE events SET data = ? WHERE global_position = 212').run(row.data.replace('"DG"', '"C"'));
      }),
    );
    expect(summary(report.findings)).toEqual([{ kind: 'altered', position: 212, eventId }]);
    expect(report.findings[0].detail).toMatch(/hash to [0-9a-f]{64}, but its stored hash is/);
    // The stored hash, and so the tree, is unchanged: every checkpoint still matches.
    expect(report.checkpoints.every((c) => c.status === 'verified')).toBe(true);
  });

  it('an altered field, re-hashed by the tamperer: named through the link its successor still holds', async () => {
    let eventId = '';
    const report = await verifyAfter((file) =>
      tamper(file, (db) => {
        const event = toEnvelope(rowAt(db, 212));
        eventId = event.eventId;
        const forged = resealed({ ...event, data: { ...(event.data as object), code: 'C' } });
        db.prepare('UPDATE events SET data = ?, hash = ? WHERE global_position = 212').run(JSON.stringify(forged.data), forged.hash);
      }),
    );
    expect(summary(report.findings)).toEqual([{ kind: 'altered', position: 212, eventId }]);
    expect(report.findings[0].related?.[0]?.position).toBe(214);
    // Putting the original hash back restores every signed root, so nothing else was touched.
    expect(report.findings.some((f) => f.kind === 'root-mismatch')).toBe(false);
  });

  it('a deleted event: named by stream, version, hash and its place in the signed log', async () => {
    let deleted = toEnvelope(rowAtCopy(54));
    const report = await verifyAfter((file) =>
      tamper(file, (db) => {
        deleted = toEnvelope(rowAt(db, 54));
        db.prepare('DELETE FROM events WHERE global_position = 54').run();
      }),
    );
    expect(report.findings).toHaveLength(1);
    const [missing] = report.findings;
    expect(missing).toMatchObject({ kind: 'missing', streamId: deleted.streamId, streamVersion: deleted.streamVersion, position: 54 });
    expect(missing.detail).toContain(deleted.hash);
  });

  it('two events of one action swapped: both named as reordered', async () => {
    const ids: string[] = [];
    const report = await verifyAfter((file) =>
      tamper(file, (db) => {
        ids.push(rowAt(db, 212).event_id, rowAt(db, 214).event_id);
        swapRows(db, 212, 214);
      }),
    );
    expect(report.findings.map((f) => f.kind)).toEqual(['reordered']);
    const named = [report.findings[0].eventId, ...(report.findings[0].related ?? []).map((r) => r.eventId)];
    expect(named.sort()).toEqual([...ids].sort());
    expect([report.findings[0].position, report.findings[0].related?.[0]?.position].sort()).toEqual([212, 214]);
  });

  it('two events of different actions swapped: only the tree shows it, and the search names both', async () => {
    const ids: string[] = [];
    const report = await verifyAfter((file) =>
      tamper(file, (db) => {
        ids.push(rowAt(db, 215).event_id, rowAt(db, 216).event_id);
        swapRows(db, 215, 216);
      }),
    );
    expect(report.findings.map((f) => f.kind)).toEqual(['reordered']);
    expect([report.findings[0].eventId, report.findings[0].related?.[0]?.eventId].sort()).toEqual([...ids].sort());
    expect(report.checkpoints.map((c) => c.status)).toEqual(['verified', 'verified', 'root-mismatch', 'root-mismatch']);
  });

  it('a forged event with a correct hash of its own, slipped into the middle of the log: named as inserted', async () => {
    const forgedId = randomUUID();
    const report = await verifyAfter((file) =>
      tamper(file, (db) => {
        dropConstraints(db);
        // A fake completion of action 3.2, chained onto its real v2 as if it were v3.
        const real = toEnvelope(rowAt(db, 212));
        const forged = resealed({ ...real, eventId: forgedId, type: 'ActionCompleted', data: { planId: 'sunderland-2017', reference: '3.2', signedOffBy: 'qa.sam' } });
        insertRowAt(db, 100, toRow(forged));
      }),
    );
    expect(summary(report.findings)).toEqual([{ kind: 'inserted', position: 100, eventId: forgedId }]);
    expect(report.findings[0].detail).toMatch(/not part of the sealed history/);
  });

  it('a forged event appended after the last checkpoint, claiming a version that exists: named as inserted', async () => {
    const forgedId = randomUUID();
    const report = await verifyAfter((file) =>
      tamper(file, (db) => {
        dropConstraints(db);
        const real = toEnvelope(rowAt(db, 215));
        const forged = resealed({ ...real, eventId: forgedId, data: { ...(real.data as object), code: 'C' } });
        db.prepare('INSERT INTO events (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash) VALUES (222, @stream_id, @stream_version, @event_id, @type, @schema_version, @data, @metadata, @prev_hash, @hash)').run(toRow(forged));
      }),
    );
    expect(summary(report.findings)).toEqual([{ kind: 'inserted', position: 222, eventId: forgedId }]);
  });

  it('the tail cut off after a checkpoint: names the first missing place and the checkpoint that covers it', async () => {
    const report = await verifyAfter((file) => tamper(file, (db) => db.prepare('DELETE FROM events WHERE global_position > 218').run()));
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ kind: 'truncated', position: 219, treeSize: 221 });
    expect(report.findings[0].detail).toMatch(/#219\.\.#221 \(3 events\) were cut off/);
    expect(report.checkpoints.map((c) => c.status)).toEqual(['verified', 'verified', 'verified', 'beyond-log']);
  });

  it('a checkpoint whose root was edited: its signature no longer holds', async () => {
    const report = await verifyAfter((file) =>
      tamper(file, (db) => {
        db.exec('DROP TRIGGER checkpoints_reject_update');
        db.prepare("UPDATE checkpoints SET root_hash = ? WHERE tree_size = 218").run('00'.repeat(32));
      }),
    );
    expect(report.findings.map((f) => [f.kind, f.treeSize])).toEqual([['bad-signature', 218]]);
  });

  it('the CLI exits with 6 and prints what it found', () => {
    const copy = copyOf(fixture.dir, 'tamper-cli');
    copies.push(copy);
    const eventId = tamper(copy.file, (db) => {
      db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor.id', 'someone.else') WHERE global_position = 217").run();
      return rowAt(db, 217).event_id;
    });
    rmSync(`${copy.dir}/read-models.sqlite`, { force: true });
    const result = runCli(copy.dir, ['verify']);
    expect(result.status).toBe(6);
    expect(result.stdout).toContain(`ALTERED #217 action-sunderland-2017/3.2 v5 (event ${eventId}): its contents hash to`);
    expect(result.stdout).toMatch(/Checkpoints: 4 of 4 verified/);
  });

  function rowAtCopy(position: number) {
    const copy = copyOf(fixture.dir, 'peek');
    try {
      return tamper(copy.file, (db) => rowAt(db, position));
    } finally {
      copy.remove();
    }
  }
});
