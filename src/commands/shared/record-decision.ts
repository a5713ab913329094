import { randomUUID } from 'node:crypto';
import { newEventId } from '../../event-store/event-id';
import { Decision, DomainEvent, RecordedEvent } from '../../domain/decider';
import { EventEnvelope, NewEvent } from '../../event-store/envelope';
import { ConcurrencyError } from '../../domain/errors';
import { AppendResult } from '../../event-store/event-store.port';
import { CommandResult } from './command-result';
import { IssuedBy } from './issued-by';
import { newItemIds } from './new-item-ids';

/** Every event type starts at schema version 1; bump here when a shape changes and add an upcaster. */
export const SCHEMA_VERSION = 1;

/** Wrap a decision's facts in envelopes: the actor, the two clocks' valid half, and the causal ids. */
export function toNewEvents(decision: Decision<DomainEvent>, issuedBy: IssuedBy): NewEvent[] {
  const correlationId = issuedBy.correlationId ?? randomUUID();
  const causationId = issuedBy.causationId ?? correlationId;
  return decision.events.map((event) => ({
    eventId: newEventId(),
    type: event.type,
    schemaVersion: SCHEMA_VERSION,
    data: event.data,
    metadata: {
      actor: { id: issuedBy.actor.id, role: issuedBy.actor.role },
      effectiveAt: decision.effectiveAt,
      ...(decision.reason ? { reason: decision.reason } : {}),
      correlationId,
      causationId,
      source: issuedBy.source,
    },
  }));
}

/** A decision ready to append: its envelopes, and what the caller is told about how their input was read. */
export interface Decided {
  events: NewEvent[];
  notes: string[];
}

export function toDecided(decision: Decision<DomainEvent>, issuedBy: IssuedBy): Decided {
  return { events: toNewEvents(decision, issuedBy), notes: decision.notes ?? [] };
}

/** Fold events about to be appended into the state, as if read back, so the next decision sees them (imports, generators). */
export function foldNewEvents<S, E extends DomainEvent>(state: S, events: NewEvent[], evolve: (s: S, e: RecordedEvent<E>) => S): S {
  return events.reduce(
    (s, event) => evolve(s, { type: event.type, data: event.data, eventId: event.eventId!, effectiveAt: event.metadata.effectiveAt, actor: event.metadata.actor } as RecordedEvent<E>),
    state,
  );
}

/** What the domain's `evolve` needs from an envelope read back from the log. */
export function toRecorded<E extends DomainEvent>(envelope: EventEnvelope): RecordedEvent<E> {
  return {
    type: envelope.type,
    data: envelope.data,
    eventId: envelope.eventId,
    effectiveAt: envelope.metadata.effectiveAt,
    actor: envelope.metadata.actor,
  } as RecordedEvent<E>;
}

/** The caller decided on version N (If-Match); if the stream is elsewhere now, say so instead of writing. */
export function requireVersionSeen(streamId: string, version: number, issuedBy: IssuedBy): void {
  if (issuedBy.expectedVersion !== undefined && issuedBy.expectedVersion !== version) throw new ConcurrencyError(streamId, issuedBy.expectedVersion, version);
}

export function toCommandResult(streamId: string, appended: AppendResult, notes: string[] = []): CommandResult {
  return {
    ...(notes.length > 0 ? { notes } : {}),
    streamId,
    version: appended.nextExpectedVersion,
    ...newItemIds(appended.events),
    events: appended.events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      globalPosition: e.globalPosition,
      effectiveAt: e.metadata.effectiveAt,
      recordedAt: e.metadata.recordedAt,
    })),
  };
}
