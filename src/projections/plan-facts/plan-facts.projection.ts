import { EntityManager } from 'typeorm';
import { EventEnvelope } from '../../event-store/envelope';
import { factsFromEvent, NewFact } from './facts-from-event';
import { planFactStatements } from './plan-fact-statements';

/**
 * Fold a batch of events into plan_facts inside the caller's transaction.
 * Facts are only ever inserted; the one update is stamping `supersededAt` on a
 * rating fact when a correction replaces it, which keeps what was known before
 * the correction answerable (knownAt earlier than the correction).
 *
 * Rows are written one by one, in event order, through statements prepared once
 * on the transaction's own connection (see plan-fact-statements.ts), so ids
 * follow the log and a correction finds a rating inserted earlier in the batch.
 */
export async function projectPlanFacts(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
  // Outside a transaction the raw statements would each commit on their own: make the batch one.
  if (!manager.queryRunner?.isTransactionActive) return manager.transaction((inTransaction) => projectPlanFacts(inTransaction, events));
  const { insert, currentRating, supersede } = await planFactStatements(manager);
  const write = (fact: NewFact) =>
    insert.run(fact.planId, fact.subject, fact.kind, fact.key, fact.ref, JSON.stringify(fact.payload), fact.validFrom, fact.validKey, fact.recordedAt, fact.position, fact.eventId);
  for (const event of events) {
    const { facts, correction } = factsFromEvent(event);
    for (const fact of facts) write(fact);
    if (!correction) continue;
    if (correction.ref == null) throw new Error(`RatingCorrected ${correction.eventId} names no rating event to correct`);
    const current = currentRating.get(correction.subject, correction.ref);
    if (!current) continue;
    supersede.run(correction.at, current.id);
    write({
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
}
