import { ActionEvent } from '../domain/action/action.events';
import { Actor, EventEnvelope } from '../event-store/envelope';

export interface HistoryEntry {
  position: number;
  eventId: string;
  type: string;
  effectiveAt: string;
  recordedAt: string;
  actor: Actor;
  source: string;
  reason?: string;
  /** One line a person can read: "Rated DG (was A)", "Evidence accepted: MASH audit". */
  summary: string;
  code?: string;
  previousCode?: string;
  commentary?: string;
  correctsEventId?: string;
  evidenceId?: string;
  fileHash?: string;
}

export interface RatingHistory {
  planId: string;
  reference: string;
  asOf: string;
  knownAt: string;
  entries: HistoryEntry[];
}

/**
 * Everything that happened to one action, in effective order, as known at
 * `knownAt`: each rating with what it was before, corrections, commentary,
 * evidence and its review, sign-off. Built from the action's own stream.
 */
export function ratingHistory(planId: string, reference: string, stream: EventEnvelope[], asOf: string, knownAt: string): RatingHistory {
  const visible = stream
    .filter((e) => e.metadata.recordedAt <= knownAt && e.metadata.effectiveAt <= asOf)
    .sort((a, b) => a.metadata.effectiveAt.localeCompare(b.metadata.effectiveAt) || a.globalPosition - b.globalPosition);
  const ratings: { eventId: string; code: string }[] = [];
  const evidenceTitles = new Map<string, string>();
  const current = () => ratings[ratings.length - 1]?.code;
  const entries = visible.map((event): HistoryEntry => {
    const e = event as unknown as ActionEvent;
    const m = event.metadata;
    const base = {
      position: event.globalPosition,
      eventId: event.eventId,
      type: event.type,
      effectiveAt: m.effectiveAt,
      recordedAt: m.recordedAt,
      actor: m.actor,
      source: m.source,
      ...(m.reason ? { reason: m.reason } : {}),
    };
    switch (e.type) {
      case 'ActionAdded':
        return { ...base, summary: `Action added to priority ${e.data.priorityNumber}: ${e.data.title}` };
      case 'ActionAmended':
        return { ...base, summary: `Action amended: ${Object.keys(e.data.changes).join(', ')}` };
      case 'ActionWithdrawn':
        return { ...base, summary: 'Action withdrawn from the plan' };
      case 'RatingChanged': {
        const previousCode = current();
        ratings.push({ eventId: event.eventId, code: e.data.code });
        const how = e.data.derivedFrom === 'criteria' ? ' (derived from the criteria)' : e.data.derivedFrom === 'initial' ? ' (initial rating)' : '';
        return {
          ...base,
          summary: previousCode ? `Rated ${e.data.code} (was ${previousCode})${how}` : `Rated ${e.data.code}${how}`,
          code: e.data.code,
          ...(previousCode ? { previousCode } : {}),
          ...(e.data.commentary ? { commentary: e.data.commentary } : {}),
        };
      }
      case 'RatingCorrected': {
        const corrected = ratings.find((r) => r.eventId === e.data.correctsEventId);
        const previousCode = corrected?.code;
        if (corrected) corrected.code = e.data.code;
        return {
          ...base,
          summary: `Rating corrected to ${e.data.code}${previousCode ? ` (recorded as ${previousCode})` : ''}`,
          code: e.data.code,
          ...(previousCode ? { previousCode } : {}),
          correctsEventId: e.data.correctsEventId,
          ...(e.data.commentary ? { commentary: e.data.commentary } : {}),
        };
      }
      case 'CriteriaAssessed':
        return { ...base, summary: `Criteria assessed: ${e.data.unmet.length === 0 ? 'all met' : `unmet ${e.data.unmet.join(', ')}`}` };
      case 'MilestoneAdded':
        return { ...base, summary: `Milestone added: ${e.data.title}` };
      case 'MilestoneStatusChanged':
        return { ...base, summary: `Milestone ${e.data.milestoneId} now ${e.data.status}`, ...(e.data.commentary ? { commentary: e.data.commentary } : {}) };
      case 'EvidenceSubmitted':
        evidenceTitles.set(e.data.evidenceId, e.data.title);
        return { ...base, summary: `Evidence submitted: ${e.data.title}`, evidenceId: e.data.evidenceId, ...(e.data.fileHash ? { fileHash: e.data.fileHash } : {}) };
      case 'EvidenceAccepted':
        return { ...base, summary: `Evidence accepted: ${evidenceTitles.get(e.data.evidenceId) ?? e.data.evidenceId}`, evidenceId: e.data.evidenceId, ...(e.data.commentary ? { commentary: e.data.commentary } : {}) };
      case 'EvidenceRejected':
        return { ...base, summary: `Evidence rejected: ${evidenceTitles.get(e.data.evidenceId) ?? e.data.evidenceId}`, evidenceId: e.data.evidenceId };
      case 'EvidenceRedacted':
        return { ...base, summary: `Evidence file erased: ${evidenceTitles.get(e.data.evidenceId) ?? e.data.evidenceId} (its SHA-256 stays on record)`, evidenceId: e.data.evidenceId, fileHash: e.data.fileHash };
      case 'ActionCompleted':
        return { ...base, summary: `Signed off as completed${e.data.code ? ` (${e.data.code})` : ''} on evidence ${e.data.evidenceIds.join(', ')}`, ...(e.data.commentary ? { commentary: e.data.commentary } : {}) };
      case 'ActionReopened':
        return { ...base, summary: 'Reopened' };
      default:
        return { ...base, summary: event.type };
    }
  });
  return { planId, reference, asOf, knownAt, entries };
}
