/**
 * What the audit page shows: the result of checking the event log. The page
 * depends on this interface only, so the chain check below can be swapped for
 * the audit module's AuditService (checkpoints, Merkle roots) when it lands.
 */
export interface EventLogProblem {
  streamId: string;
  streamVersion: number;
  eventId: string;
  kind: string;
  detail: string;
}

export interface EventLogVerification {
  /** True when every check passed. */
  verified: boolean;
  checkedAt: string;
  store: string;
  eventCount: number;
  streamCount: number;
  /** The newest event checked. */
  headPosition: number;
  /** What was checked, in words, one line each. */
  checks: string[];
  problems: EventLogProblem[];
}

export interface EventLogVerifier {
  verify(): Promise<EventLogVerification>;
}

export const EVENT_LOG_VERIFIER = Symbol('EventLogVerifier');
