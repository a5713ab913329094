import { randomUUID } from 'node:crypto';
import { AuditService } from '../../../src/audit/audit.service';
import { CheckpointStore } from '../../../src/audit/checkpoint-store.port';
import { leafHash, verifyConsistency, verifyInclusion } from '../../../src/audit/merkle';
import { CheckpointSigningKey } from '../../../src/audit/signing-key';
import { defaultVerifySource } from '../../../src/audit/verify-source.factory';
import { NewEvent } from '../../../src/event-store/envelope';
import { EventStore, NO_STREAM } from '../../../src/event-store/event-store.port';
import { canImportSealed } from '../../../src/event-store/sealed-import';
import { tempDatabase } from '../../support/temp-database';

/**
 * Tamper evidence, the same on every adapter: checkpoints over the store's global
 * order (readAll; $all for EventStoreDB), proofs that verify, a clean verify, and
 * checkpoints kept beside the log rather than in it. A shared EventStoreDB may hold
 * other runs' events: they are part of the tree like any other.
 */
export function runAuditContract(name: string, makeStore: () => Promise<EventStore>, makeCheckpoints: (store: EventStore, run: string) => CheckpointStore): void {
  describe(`Tamper evidence contract: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const keys = tempDatabase('audit-contract-keys');
    let store: EventStore;
    let checkpoints: CheckpointStore;
    let audit: AuditService;
    const stream = (label: string) => `audit-contract-${run}/${label}`;
    const rated = (code: string): NewEvent => ({
      type: 'RatingChanged',
      schemaVersion: 1,
      data: { code },
      metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), source: 'cli' },
    });

    beforeAll(async () => {
      store = await makeStore();
      checkpoints = makeCheckpoints(store, run);
      audit = new AuditService(store, checkpoints, CheckpointSigningKey.loadOrCreate(keys.signerDir), defaultVerifySource);
    });
    afterAll(async () => {
      await store?.close();
      keys.remove();
    });

    async function countEvents(): Promise<{ count: number; streams: Set<string> }> {
      let count = 0;
      const streams = new Set<string>();
      for (let after = 0; ; ) {
        const page = await store.readAll({ after, limit: 1000 });
        if (page.length === 0) return { count, streams };
        count += page.length;
        page.forEach((e) => streams.add(e.streamId));
        after = page[page.length - 1].globalPosition;
      }
    }

    it('signs a checkpoint over the whole log in global order, and keeps it out of the log', async () => {
      await store.append(stream('a'), NO_STREAM, [rated('A'), rated('LG')]);
      await store.append(stream('b'), NO_STREAM, [rated('R')]);
      const outcome = await audit.takeCheckpoint();
      const { count, streams } = await countEvents();
      expect(outcome.created).toBe(true);
      expect(outcome.checkpoint!.treeSize).toBe(count);
      expect([...streams].some((s) => s.startsWith('audit-checkpoints'))).toBe(false);
      expect((await checkpoints.list()).map((c) => c.treeSize)).toEqual([count]);
      expect(await audit.takeCheckpoint()).toMatchObject({ created: false, checkpoint: { treeSize: count } });
    });

    it('extends the signed tree; inclusion and consistency proofs verify', async () => {
      const [first] = await checkpoints.list();
      const appended = await store.append(stream('a'), 1, [rated('DG')]);
      const second = (await audit.takeCheckpoint()).checkpoint!;
      expect(second.treeSize).toBe(first.treeSize + 1);
      const consistency = await audit.proveConsistency(first.treeSize, second.treeSize);
      expect(verifyConsistency(first.treeSize, second.treeSize, Buffer.from(first.rootHash, 'hex'), Buffer.from(second.rootHash, 'hex'), consistency.proof.map((p) => Buffer.from(p, 'hex')))).toBe(true);
      const inclusion = await audit.proveInclusion(appended.events[0].eventId);
      expect(inclusion.leafIndex).toBe(second.treeSize - 1);
      expect(verifyInclusion(inclusion.leafIndex, inclusion.treeSize, leafHash(appended.events[0].hash), inclusion.auditPath.map((p) => Buffer.from(p, 'hex')), Buffer.from(second.rootHash, 'hex'))).toBe(true);
    });

    it('verifies: every hash, every chain, every checkpoint root and signature', async () => {
      const report = await audit.verify();
      expect(report.findings).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.checkpoints.map((c) => c.status)).toEqual(['verified', 'verified']);
      expect(report.eventCount).toBe((await countEvents()).count);
    });

    it('refuses to restore sealed events into a store that already holds events', async () => {
      expect(canImportSealed(store)).toBe(true);
      if (!canImportSealed(store)) return;
      const events = await store.readStream(stream('b'));
      await expect(store.importSealed(events)).rejects.toThrow(/not empty|already holds events/);
    });
  });
}
