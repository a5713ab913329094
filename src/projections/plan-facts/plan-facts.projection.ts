import { EntityManager, IsNull } from 'typeorm';
import { EventEnvelope } from '../../event-store/envelope';
import { factsFromEvent, NewFact } from './facts-from-event';
import { PlanFact } from './plan-fact.entity';

/**
 * Fold a batch of events into plan_facts inside the caller's transaction.
 * Facts are only ever inserted; the one update is stamping `supersededAt` on a
 * rating fact when a correction replaces it, which keeps what was known before
 * the correction answerable (knownAt earlier than the correction).
 */
export async function projectPlanFacts(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
  const repository = manager.getRepository(PlanFact);
  let pending: NewFact[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    // SQLite caps bound parameters per statement; 11 columns x 80 rows stays well under it.
    for (let i = 0; i < pending.length; i += 80) await repository.insert(pending.slice(i, i + 80).map(toRow));
    pending = [];
  };
  for (const event of events) {
    const { facts, correction } = factsFromEvent(event);
    pending.push(...facts);
    if (!correction) continue;
    // The corrected fact may have been inserted by this very batch.
    await flush();
    const current = await repository.findOne({ where: { subject: correction.subject, ref: correction.ref, kind: 'rating', supersededAt: IsNull() } });
    if (!current) continue;
    await repository.update({ id: current.id }, { supersededAt: correction.at });
    pending.push({
      planId: current.planId,
      subject: current.subject,
      kind: 'rating',
      key: current.key,
      ref: current.ref,
      payload: { ...JSON.parse(current.payload), code: correction.code },
      validFrom: current.validFrom,
      // Same place in effective order as the rating it corrects.
      validKey: current.validKey,
      recordedAt: correction.at,
      position: correction.position,
      eventId: correction.eventId,
    });
  }
  await flush();
}

function toRow(fact: NewFact): Partial<PlanFact> {
  return { ...fact, payload: JSON.stringify(fact.payload), supersededAt: null };
}
