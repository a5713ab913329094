import { ActionEvent } from '../../domain/action/action.events';
import { PlanEvent } from '../../domain/plan/plan.events';
import { EventEnvelope } from '../../event-store/envelope';
import { RagScale } from '../../domain/rag-scale';
import { ReplayedAction, ReplayedPlan } from './replayed-plan';
import { ReplayedShape } from './replayed-shape';

/**
 * The code a report shows, worked out again here rather than taken from the read side:
 * once signed off, the scale's completed code; else the rating in force; else the unrated code.
 */
function codeShown(action: ReplayedAction, scale: RagScale): string {
  const completedCode = scale.codes.find((c) => c.terminal)?.code;
  if (action.status === 'completed' && completedCode) return completedCode;
  if (action.rating) return action.rating.code;
  return scale.codes.find((c) => c.unrated)?.code ?? 'TBC';
}

/** References compared with numbers as numbers ("3.2" before "3.10"); one collator, so the benchmark times the replay, not building collators. */
const byReference = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The order the plan prints its actions in: by priority, then by reference. */
function inPrintedOrder(actions: ReplayedAction[]): ReplayedAction[] {
  return actions.sort((a, b) => a.priorityNumber - b.priorityNumber || byReference.compare(a.reference, b.reference));
}

/**
 * The oracle: the plan as at (asOf, knownAt) computed the slow, obvious way —
 * keep the raw events recorded by `knownAt` and effective by `asOf`, put them in
 * effective order (ties in the order recorded), and fold. Tests compare every
 * read-model answer with this; the benchmark compares speeds.
 */
export function replayPlan(events: EventEnvelope[], planId: string, asOf: string, knownAt: string): ReplayedPlan | undefined {
  const visible = events
    .filter((e) => e.metadata.recordedAt <= knownAt && e.metadata.effectiveAt <= asOf)
    .sort((a, b) => a.metadata.effectiveAt.localeCompare(b.metadata.effectiveAt) || a.globalPosition - b.globalPosition);
  let plan: ReplayedPlan | undefined;
  const actions = new Map<string, ReplayedAction>();
  const ratingsByAction = new Map<string, { eventId: string; code: string; effectiveAt: string; commentary?: string }[]>();
  // The plan's words, sections, recommendations and links, folded on their own (replayed-shape.ts).
  const shape = new ReplayedShape();

  for (const event of visible) {
    const { effectiveAt, actor, reason } = event.metadata;
    const e = event as unknown as PlanEvent | ActionEvent;
    if ((e.data as { planId?: string }).planId !== planId) continue;
    if (shape.fold(event)) continue;
    switch (e.type) {
      case 'PlanCreated':
        plan = {
          planId,
          title: e.data.title,
          council: e.data.council,
          signOffRole: e.data.signOffRole,
          ratingMethod: e.data.ratingMethod,
          ...(e.data.minimumHold ? { minimumHold: e.data.minimumHold } : {}),
          // Plans created before the setting existed have separation of duties on.
          separationOfDuties: e.data.separationOfDuties !== false,
          scale: { name: '', codes: [] },
          asOf,
          knownAt,
          priorities: [],
          reportingPoints: [],
          actions: [],
          words: shape.words,
        };
        break;
      case 'PlanSettingsChanged':
        if (!plan) break;
        if (e.data.signOffRole !== undefined) plan.signOffRole = e.data.signOffRole;
        if (e.data.separationOfDuties !== undefined) plan.separationOfDuties = e.data.separationOfDuties;
        if (e.data.minimumHold === null) delete plan.minimumHold;
        else if (e.data.minimumHold !== undefined) plan.minimumHold = e.data.minimumHold;
        break;
      case 'RagScaleDefined':
        if (plan) plan.scale = e.data.scale;
        break;
      case 'PriorityAdded':
        plan?.priorities.push({ number: e.data.number, title: e.data.title, ...(e.data.outcome ? { outcome: e.data.outcome } : {}) });
        break;
      case 'PriorityAmended': {
        const priority = plan?.priorities.find((p) => p.number === e.data.number);
        if (priority && e.data.title !== undefined) priority.title = e.data.title;
        if (priority && e.data.outcome !== undefined) priority.outcome = e.data.outcome;
        break;
      }
      case 'ReportingPointRecorded':
        plan?.reportingPoints.push({ label: e.data.label, date: e.data.date });
        break;
      case 'ActionAdded': {
        const { planId: _plan, ...details } = e.data;
        actions.set(event.streamId, { streamId: event.streamId, ...details, addedAt: effectiveAt, status: 'open', displayCode: '', evidence: [], milestones: [] });
        ratingsByAction.set(event.streamId, []);
        break;
      }
      default: {
        const action = actions.get(event.streamId);
        if (!action) break;
        const ratings = ratingsByAction.get(event.streamId)!;
        switch (e.type) {
          case 'ActionAmended':
            Object.assign(action, e.data.changes);
            break;
          case 'ActionWithdrawn':
            action.status = 'withdrawn';
            delete action.completion;
            action.withdrawal = { withdrawnAt: effectiveAt, by: actor, ...(reason ? { reason } : {}) };
            break;
          case 'RatingChanged':
            ratings.push({ eventId: event.eventId, code: e.data.code, effectiveAt, ...(e.data.commentary ? { commentary: e.data.commentary } : {}) });
            break;
          case 'RatingCorrected': {
            const corrected = ratings.find((r) => r.eventId === e.data.correctsEventId);
            if (corrected) corrected.code = e.data.code;
            break;
          }
          case 'MilestoneAdded':
            action.milestones.push({
              milestoneId: e.data.milestoneId,
              title: e.data.title,
              ...(e.data.dueDate ? { dueDate: e.data.dueDate } : {}),
              ...(e.data.dueAsWritten ? { dueAsWritten: e.data.dueAsWritten } : {}),
              ...(e.data.lead ? { lead: e.data.lead } : {}),
              status: e.data.status,
            });
            break;
          case 'MilestoneStatusChanged': {
            const milestone = action.milestones.find((m) => m.milestoneId === e.data.milestoneId);
            if (milestone) milestone.status = e.data.status;
            break;
          }
          case 'EvidenceSubmitted':
            action.evidence.push({
              evidenceId: e.data.evidenceId,
              title: e.data.title,
              ...(e.data.description ? { description: e.data.description } : {}),
              ...(e.data.fileHash ? { fileHash: e.data.fileHash } : {}),
              ...(e.data.fileName ? { fileName: e.data.fileName } : {}),
              ...(e.data.fileSize !== undefined ? { fileSize: e.data.fileSize } : {}),
              ...(e.data.mediaType ? { mediaType: e.data.mediaType } : {}),
              status: 'submitted',
              submittedAt: effectiveAt,
              submittedBy: actor,
            });
            break;
          case 'EvidenceAccepted':
          case 'EvidenceRejected': {
            const item = action.evidence.find((x) => x.evidenceId === e.data.evidenceId);
            if (item) {
              item.status = e.type === 'EvidenceAccepted' ? 'accepted' : 'rejected';
              item.reviewedAt = effectiveAt;
              item.reviewedBy = actor;
              if (reason) item.reviewReason = reason;
              else delete item.reviewReason;
            }
            break;
          }
          case 'EvidenceRedacted': {
            const item = action.evidence.find((x) => x.evidenceId === e.data.evidenceId);
            if (item) item.redaction = { redactedAt: effectiveAt, by: actor, ...(reason ? { reason } : {}) };
            break;
          }
          case 'ActionCompleted':
            action.status = 'completed';
            action.completion = {
              completedAt: effectiveAt,
              signedOffBy: actor,
              evidenceIds: e.data.evidenceIds,
              ...(e.data.commentary ? { commentary: e.data.commentary } : {}),
              recordedAt: event.metadata.recordedAt,
              eventId: event.eventId,
            };
            break;
          case 'CompletionImported':
            action.status = 'completed';
            action.completion = { completedAt: effectiveAt, importedBy: actor, imported: e.data.imported, recordedAt: event.metadata.recordedAt, eventId: event.eventId };
            break;
          case 'ActionReopened':
            action.status = 'open';
            delete action.completion;
            break;
        }
      }
    }
  }
  if (!plan) return undefined;
  for (const [streamId, action] of actions) {
    const ratings = ratingsByAction.get(streamId)!;
    // Ratings are already in effective order (ties by recording), so the last is the one in force.
    const latest = ratings[ratings.length - 1];
    if (latest) action.rating = { ...latest };
    action.displayCode = codeShown(action, plan.scale);
  }
  plan.priorities.sort((a, b) => a.number - b.number);
  plan.actions = inPrintedOrder([...actions.values()]);
  return shape.onto(plan);
}
