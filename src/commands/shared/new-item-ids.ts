import { EventEnvelope } from '../../event-store/envelope';

/** The ids of the items a command created, as a command's answer gives them. */
export interface NewItemIds {
  /** The evidence item submitted: what accept-evidence, reject-evidence and a sign-off name next. */
  evidenceId?: string;
  /** The milestone added: what a status update names next. */
  milestoneId?: string;
}

/**
 * The id of an evidence item or milestone a command created, taken from the event that
 * created it: the server makes one up when the caller gives none, and the next command
 * (accepting the evidence, updating the milestone) needs it (issue 25). Without it in the
 * answer, the caller had to list the action's events to find it.
 */
export function newItemIds(events: readonly EventEnvelope[]): NewItemIds {
  const ids: NewItemIds = {};
  for (const event of events) {
    const data = event.data as { evidenceId?: unknown; milestoneId?: unknown };
    if (event.type === 'EvidenceSubmitted' && typeof data.evidenceId === 'string') ids.evidenceId = data.evidenceId;
    if (event.type === 'MilestoneAdded' && typeof data.milestoneId === 'string') ids.milestoneId = data.milestoneId;
  }
  return ids;
}
