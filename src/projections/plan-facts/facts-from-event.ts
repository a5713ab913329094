import { ActionEvent } from '../../domain/action/action.events';
import { PlanEvent } from '../../domain/plan/plan.events';
import { EventEnvelope } from '../../event-store/envelope';
import { kpiFactsFromEvent } from '../kpi-table/kpi-facts';
import { shapeFacts } from './shape-facts';
import { EvidenceFact, EvidenceRedactionFact, EvidenceReviewFact, LifecycleFact, MilestoneFact, RatingFact } from './fact-records';

export interface NewFact {
  planId: string;
  subject: string;
  kind: string;
  key: string;
  ref: string | null;
  payload: unknown;
  validFrom: string;
  validKey: string;
  recordedAt: string;
  position: number;
  eventId: string;
}

/** A correction: the rating fact for `ref` is superseded from `at`, and replaced by a fact with the new code. */
export interface RatingCorrection {
  subject: string;
  ref: string;
  code: string;
  at: string;
  position: number;
  eventId: string;
}

export interface FactChanges {
  facts: NewFact[];
  correction?: RatingCorrection;
}

export function validKeyOf(validFrom: string, position: number): string {
  return `${validFrom}#${String(position).padStart(15, '0')}`;
}

/**
 * What one event says about the plan, as facts with both clocks. Events of other kinds say nothing.
 * Each payload is checked against the record its kind is read back as (fact-records.ts).
 */
export function factsFromEvent(event: EventEnvelope): FactChanges {
  const e = event as unknown as PlanEvent | ActionEvent;
  const planId = (e.data as { planId?: string })?.planId;
  if (!planId) return { facts: [] };
  const { effectiveAt, recordedAt, actor, reason } = event.metadata;
  const fact = (kind: string, key: string, payload: unknown, ref: string | null = null): NewFact => ({
    planId,
    subject: event.streamId,
    kind,
    key,
    ref,
    payload,
    validFrom: effectiveAt,
    validKey: validKeyOf(effectiveAt, event.globalPosition),
    recordedAt,
    position: event.globalPosition,
    eventId: event.eventId,
  });
  const why = reason ? { reason } : {};

  switch (e.type) {
    case 'PlanCreated':
      return { facts: [fact('plan', '', e.data)] };
    case 'PlanSettingsChanged': {
      const { planId: _plan, ...changes } = e.data;
      return { facts: Object.entries(changes).map(([setting, value]) => fact('plan-setting', setting, value)) };
    }
    case 'RagScaleDefined':
      return { facts: [fact('scale', '', e.data.scale)] };
    case 'PriorityAdded':
      return {
        facts: [
          fact('priority', String(e.data.number), {}),
          fact('priority-field', `${e.data.number}:title`, e.data.title),
          ...(e.data.outcome !== undefined ? [fact('priority-field', `${e.data.number}:outcome`, e.data.outcome)] : []),
        ],
      };
    case 'PriorityAmended':
      return {
        facts: [
          ...(e.data.title !== undefined ? [fact('priority-field', `${e.data.number}:title`, e.data.title)] : []),
          ...(e.data.outcome !== undefined ? [fact('priority-field', `${e.data.number}:outcome`, e.data.outcome)] : []),
        ],
      };
    case 'ReportingPointRecorded':
      return { facts: [fact('reporting-point', e.data.label, e.data.date)] };
    case 'ActionAdded': {
      const { planId: _plan, ...details } = e.data;
      return {
        facts: [
          fact('added', '', {}),
          fact('lifecycle', '', { status: 'open' }),
          ...Object.entries(details).map(([field, value]) => fact('detail', field, value)),
        ],
      };
    }
    case 'ActionAmended':
      return { facts: Object.entries(e.data.changes).map(([field, value]) => fact('detail', field, value)) };
    case 'ActionWithdrawn':
      return { facts: [fact('lifecycle', '', { status: 'withdrawn', withdrawal: { withdrawnAt: effectiveAt, by: actor, ...why } } satisfies LifecycleFact)] };
    case 'ActionCompleted':
      return {
        facts: [
          fact('lifecycle', '', {
            status: 'completed',
            completion: {
              completedAt: effectiveAt,
              signedOffBy: actor,
              evidenceIds: e.data.evidenceIds,
              ...(e.data.commentary ? { commentary: e.data.commentary } : {}),
              recordedAt,
              eventId: event.eventId,
            },
          } satisfies LifecycleFact),
        ],
      };
    case 'CompletionImported':
      return {
        facts: [
          fact('lifecycle', '', {
            status: 'completed',
            completion: { completedAt: effectiveAt, importedBy: actor, imported: e.data.imported, recordedAt, eventId: event.eventId },
          } satisfies LifecycleFact),
        ],
      };
    case 'ActionReopened':
      return { facts: [fact('lifecycle', '', { status: 'open' } satisfies LifecycleFact)] };
    case 'RatingChanged':
      return {
        facts: [fact('rating', '', { code: e.data.code, effectiveAt, eventId: event.eventId, ...(e.data.commentary ? { commentary: e.data.commentary } : {}) } satisfies RatingFact, event.eventId)],
      };
    case 'RatingCorrected':
      return { facts: [], correction: { subject: event.streamId, ref: e.data.correctsEventId, code: e.data.code, at: recordedAt, position: event.globalPosition, eventId: event.eventId } };
    case 'CriteriaAssessed':
      return { facts: [] };
    case 'MilestoneAdded':
      return {
        facts: [
          fact('milestone', e.data.milestoneId, {
            title: e.data.title,
            ...(e.data.dueDate ? { dueDate: e.data.dueDate } : {}),
            ...(e.data.dueAsWritten ? { dueAsWritten: e.data.dueAsWritten } : {}),
            ...(e.data.lead ? { lead: e.data.lead } : {}),
          } satisfies MilestoneFact),
          fact('milestone-status', e.data.milestoneId, e.data.status),
        ],
      };
    case 'MilestoneStatusChanged':
      return { facts: [fact('milestone-status', e.data.milestoneId, e.data.status)] };
    case 'EvidenceSubmitted':
      return {
        facts: [
          fact('evidence', e.data.evidenceId, {
            title: e.data.title,
            ...(e.data.description ? { description: e.data.description } : {}),
            ...(e.data.fileHash ? { fileHash: e.data.fileHash } : {}),
            ...(e.data.fileName ? { fileName: e.data.fileName } : {}),
            ...(e.data.fileSize !== undefined ? { fileSize: e.data.fileSize } : {}),
            ...(e.data.mediaType ? { mediaType: e.data.mediaType } : {}),
            submittedAt: effectiveAt,
            submittedBy: actor,
          } satisfies EvidenceFact),
        ],
      };
    case 'EvidenceAccepted':
    case 'EvidenceRejected':
      return {
        facts: [
          fact('evidence-review', e.data.evidenceId, {
            status: e.type === 'EvidenceAccepted' ? 'accepted' : 'rejected',
            reviewedAt: effectiveAt,
            reviewedBy: actor,
            ...(reason ? { reviewReason: reason } : {}),
          } satisfies EvidenceReviewFact),
        ],
      };
    case 'EvidenceRedacted':
      return { facts: [fact('evidence-redaction', e.data.evidenceId, { redactedAt: effectiveAt, by: actor, ...why } satisfies EvidenceRedactionFact)] };
    case 'PlanLevelsNamed':
    case 'SectionAdded':
    case 'GroupPlacedInSection':
    case 'RecommendationRecorded':
    case 'RecommendationLinked':
    case 'RecommendationUnlinked':
    case 'ActionRecommendationLinked':
    case 'ActionRecommendationUnlinked':
      return { facts: shapeFacts(e, fact) };
    default:
      // KPI events (src/domain/kpi/): their own kinds, read by the KPI table, not by the plan's timeline.
      return { facts: kpiFactsFromEvent(event, fact) };
  }
}
