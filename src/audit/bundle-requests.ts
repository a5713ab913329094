import { actionStreamId, actionStreamPrefix, planStreamId, requirePlanId } from '../domain/identifiers';
import { BundleRequest } from './bundle.service';
import { LogEntry } from './log-reader';

/**
 * What each kind of bundle holds, said once for the API and the CLI. Times are
 * instants the door has already worked out (a report's knownAt, end of day for a
 * bare date), compared with each event's recordedAt, the time the store stamped.
 */

const recordedBy = (entry: LogEntry, knownAt: string | undefined) => knownAt === undefined || ('metadata' in entry && entry.metadata.recordedAt <= knownAt);

/** The events a plan's reports are derived from: its own stream, its actions' streams, and any event naming it. */
const ofPlan = (entry: LogEntry, planId: string) =>
  entry.streamId === planStreamId(planId) || entry.streamId.startsWith(actionStreamPrefix(planId)) || ('data' in entry && (entry.data as { planId?: unknown } | null)?.planId === planId);

export function eventBundle(eventId: string, fromSize?: number): BundleRequest {
  return {
    subject: { kind: 'event', eventId },
    includes: (entry) => entry.eventId === eventId,
    nothingFound: `There is no event ${eventId} in the log; plan-audit events (or GET /api/events) lists them.`,
    fromSize,
  };
}

/** Every event of the action's stream, or those recorded by `knownAt`. */
export function actionHistoryBundle(planId: string, reference: string, knownAt: string | undefined, fromSize?: number): BundleRequest {
  const streamId = actionStreamId(planId, reference);
  return {
    subject: { kind: 'action-history', planId, reference, streamId },
    includes: (entry) => entry.streamId === streamId && recordedBy(entry, knownAt),
    nothingFound: `Plan ${planId} has no action ${reference}${knownAt ? ` recorded by ${knownAt}` : ''}.`,
    fromSize,
  };
}

/** The report as rendered in JSON, and every event of its plan recorded by its knownAt. */
export function reportBundle(planId: string, name: string, parameters: Record<string, string> & { knownAt: string }, data: unknown, fromSize?: number): BundleRequest {
  requirePlanId(planId);
  const { knownAt } = parameters;
  return {
    subject: { kind: 'report', planId, name, parameters, knownAt },
    includes: (entry) => ofPlan(entry, planId) && recordedBy(entry, knownAt),
    nothingFound: `There is no plan ${planId} recorded by ${knownAt}.`,
    fromSize,
    report: { name, parameters, data },
  };
}
