import { deriveRatingFromCriteria } from '../criteria';
import { Decision, DecisionContext } from '../decider';
import { addMonths, EffectiveTime, parseDueDate, resolveEffectiveTime } from '../effective-date';
import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../errors';
import { requireActionReference } from '../identifiers';
import { ACTION_SHAPERS, RATERS, requireRole } from '../permissions';
import { PlanState, requireNotBeforePlan } from '../plan/plan.decider';
import { findCode, requireRatingCode, terminalCode } from '../rag-scale';
import { optionalText, requireText } from '../text';
import { ActionCommand, AddAction, AmendAction } from './action.commands';
import { ActionDetails, ActionEvent } from './action.events';
import { acceptedEvidence, ActionState, currentRating, heldSince, ratingsOf } from './action.state';

export { evolveAction, initialActionState } from './action.state';

/** An action's rules depend on its plan: the scale, who signs off, and how long a rating must be held. */
export interface ActionDecisionContext extends DecisionContext {
  plan: PlanState;
}

const FILE_HASH = /^[0-9a-f]{64}$/;

export function decideAction(command: ActionCommand, state: ActionState, context: ActionDecisionContext): Decision<ActionEvent> {
  const { now, plan } = context;
  if (!plan.exists) throw new NotFound('No such plan; create the plan before adding actions to it');
  // Who may do this is settled first, so a caller without the right is told so whatever the action's state.
  requirePermission(command.type, context);
  const when = resolveEffectiveTime(command.effectiveAt, command.reason, now);

  if (command.type === 'AddAction') {
    requireNotBeforePlan(plan, when.effectiveAt);
    return addAction(command, state, context, when);
  }

  const reference = state.details.reference;
  if (state.status === 'absent') throw new NotFound(`No such action in plan ${plan.planId}; check the reference or add the action first`);
  if (state.status === 'withdrawn' && command.type !== 'RedactEvidence') {
    throw new RuleBroken('action-withdrawn', `Action ${reference} was withdrawn on ${state.withdrawnAt?.slice(0, 10)}; it can no longer be changed. Add a new action if the work has resumed`);
  }
  if (command.type !== 'CorrectRating' && when.effectiveAt < state.addedAt) {
    throw new InvalidInput('effectiveAt', `${when.effectiveAt.slice(0, 10)} is before action ${reference} was added (${state.addedAt.slice(0, 10)})`);
  }
  const ids = { planId: plan.planId, reference };
  const notCompleted = (doing: string) => {
    if (state.status === 'completed') {
      throw new RuleBroken('action-completed', `Action ${reference} was signed off as completed on ${state.completedAt?.slice(0, 10)}; reopen it (with a reason) before you ${doing}`);
    }
  };

  // An action's status moves forward in time: a withdrawal, sign-off or reopening cannot be slipped in before the last one.
  if ((command.type === 'WithdrawAction' || command.type === 'SignOffCompletion' || command.type === 'ReopenAction') && when.effectiveAt < state.statusSince) {
    throw new InvalidInput('effectiveAt', `${when.effectiveAt.slice(0, 10)} is before action ${reference}'s last change of status (${state.statusSince.slice(0, 10)}); date it on or after that`);
  }

  switch (command.type) {
    case 'AmendAction': {
      const changes = amendedDetails(command, state.details, plan);
      if (Object.keys(changes).length === 0) throw new InvalidInput('title', 'nothing would change; give the new wording, lead, due date or success measures');
      return { ...when, events: [{ type: 'ActionAmended', data: { ...ids, changes } }] };
    }
    case 'WithdrawAction': {
      requireReason(when, `say why action ${reference} is being withdrawn from the plan`);
      return { ...when, events: [{ type: 'ActionWithdrawn', data: ids }] };
    }
    case 'ChangeRating': {
      if (plan.ratingMethod === 'criteria') {
        throw new RuleBroken('rating-derived-from-criteria', `Plan ${plan.planId} derives ratings from the five criteria; assess the criteria for action ${reference} instead of setting a rating`);
      }
      notCompleted('rate it again');
      const code = requireRatingCode(plan.scale, command.code).code;
      return { ...when, events: [{ type: 'RatingChanged', data: { ...ids, code, ...optional('commentary', optionalText(command.commentary, 'commentary')) } }] };
    }
    case 'CorrectRating': {
      const corrected = ratingsOf(state).find((rating) => rating.eventId === command.correctsEventId);
      if (!corrected) throw new NotFound(`Event ${command.correctsEventId} is not a rating of action ${reference}; give the id of the rating change you are correcting`);
      const code = requireRatingCode(plan.scale, command.code).code;
      if (code === corrected.code) throw new InvalidInput('code', `that rating is already ${code}; nothing to correct`);
      const reason = command.reason?.trim();
      if (!reason) throw new InvalidInput('reason', 'say why the rating is being corrected (it stays in the history next to the original)');
      // A correction changes what was true when the original took effect, so it carries that valid time.
      return {
        effectiveAt: corrected.effectiveAt,
        reason,
        events: [{ type: 'RatingCorrected', data: { ...ids, correctsEventId: corrected.eventId, code, ...optional('commentary', optionalText(command.commentary, 'commentary')) } }],
      };
    }
    case 'AssessCriteria': {
      if (plan.ratingMethod !== 'criteria') {
        throw new RuleBroken('criteria-not-used', `Plan ${plan.planId} is rated directly, not from criteria; change the rating instead`);
      }
      notCompleted('assess it again');
      const derived = deriveRatingFromCriteria(command.criteria ?? ({} as never));
      const code = findCode(plan.scale, derived.code)!.code;
      return {
        ...when,
        events: [
          { type: 'CriteriaAssessed', data: { ...ids, criteria: pickCriteria(command.criteria), unmet: derived.unmet, derivedCode: code } },
          { type: 'RatingChanged', data: { ...ids, code, commentary: derived.explanation, derivedFrom: 'criteria' } },
        ],
      };
    }
    case 'AddMilestone': {
      const milestoneId = requireText(command.milestoneId, 'milestoneId', 64);
      if (state.milestones[milestoneId]) throw new RuleBroken('milestone-exists', `Milestone ${milestoneId} already exists on action ${reference}; change its status instead`);
      return {
        ...when,
        events: [
          {
            type: 'MilestoneAdded',
            data: {
              ...ids,
              milestoneId,
              title: requireText(command.title, 'title'),
              ...optional('dueDate', command.dueDate ? parseDueDate(command.dueDate) : undefined),
              ...optional('lead', optionalText(command.lead, 'lead', 200)),
              status: optionalText(command.status, 'status', 100) ?? 'Not started',
            },
          },
        ],
      };
    }
    case 'ChangeMilestoneStatus': {
      const milestone = state.milestones[command.milestoneId];
      if (!milestone) throw new NotFound(`Action ${reference} has no milestone ${command.milestoneId}`);
      if (when.effectiveAt < milestone.addedAt) throw new InvalidInput('effectiveAt', `is before milestone ${milestone.milestoneId} was added (${milestone.addedAt.slice(0, 10)})`);
      const status = requireText(command.status, 'status', 100);
      if (status === milestone.status) throw new InvalidInput('status', `the milestone is already "${status}"`);
      return {
        ...when,
        events: [{ type: 'MilestoneStatusChanged', data: { ...ids, milestoneId: milestone.milestoneId, status, ...optional('commentary', optionalText(command.commentary, 'commentary')) } }],
      };
    }
    case 'SubmitEvidence': {
      notCompleted('submit more evidence');
      const evidenceId = requireText(command.evidenceId, 'evidenceId', 64);
      if (state.evidence[evidenceId]) throw new RuleBroken('evidence-exists', `Evidence ${evidenceId} was already submitted for action ${reference}`);
      if (command.fileHash !== undefined && !FILE_HASH.test(command.fileHash)) {
        throw new InvalidInput('fileHash', 'must be the SHA-256 of the file as 64 lower-case hex characters');
      }
      return {
        ...when,
        events: [
          {
            type: 'EvidenceSubmitted',
            data: {
              ...ids,
              evidenceId,
              title: requireText(command.title, 'title', 500),
              ...optional('description', optionalText(command.description, 'description')),
              ...optional('fileHash', command.fileHash),
              ...optional('fileName', optionalText(command.fileName, 'fileName', 255)),
              ...optional('fileSize', command.fileSize),
              ...optional('mediaType', optionalText(command.mediaType, 'mediaType', 100)),
            },
          },
        ],
      };
    }
    case 'AcceptEvidence':
    case 'RejectEvidence': {
      const accepting = command.type === 'AcceptEvidence';
      const item = state.evidence[command.evidenceId];
      if (!item) throw new NotFound(`Action ${reference} has no evidence ${command.evidenceId}`);
      if (item.status !== 'submitted') throw new RuleBroken('evidence-already-reviewed', `Evidence ${item.evidenceId} was already ${item.status}; ask for a new submission instead`);
      if (when.effectiveAt < item.submittedAt) throw new InvalidInput('effectiveAt', `is before evidence ${item.evidenceId} was submitted (${item.submittedAt.slice(0, 10)})`);
      if (accepting) {
        return { ...when, events: [{ type: 'EvidenceAccepted', data: { ...ids, evidenceId: item.evidenceId, ...optional('commentary', optionalText(command.commentary, 'commentary')) } }] };
      }
      requireReason(when, 'say why the evidence is rejected, so the service knows what to send instead');
      return { ...when, events: [{ type: 'EvidenceRejected', data: { ...ids, evidenceId: item.evidenceId } }] };
    }
    case 'RedactEvidence': {
      const item = state.evidence[command.evidenceId];
      if (!item) throw new NotFound(`Action ${reference} has no evidence ${command.evidenceId}`);
      if (!item.fileHash) throw new RuleBroken('no-file', `Evidence ${item.evidenceId} has no file to erase`);
      if (item.redacted) throw new RuleBroken('already-redacted', `The file of evidence ${item.evidenceId} was already erased`);
      if (when.effectiveAt < item.submittedAt) throw new InvalidInput('effectiveAt', `is before evidence ${item.evidenceId} was submitted (${item.submittedAt.slice(0, 10)})`);
      requireReason(when, 'give the lawful basis for erasing the file (it is kept in the history next to the hash)');
      return { ...when, events: [{ type: 'EvidenceRedacted', data: { ...ids, evidenceId: item.evidenceId, fileHash: item.fileHash } }] };
    }
    case 'SignOffCompletion': {
      notCompleted('sign it off again');
      const accepted = acceptedEvidence(state, when.effectiveAt);
      if (accepted.length === 0) {
        throw new RuleBroken('evidence-required', `No evidence had been accepted for action ${reference} by ${when.effectiveAt.slice(0, 10)}; accept at least one evidence item before signing it off as completed`);
      }
      requireHold(state, context, when.effectiveAt);
      return {
        ...when,
        events: [
          {
            type: 'ActionCompleted',
            data: {
              ...ids,
              ...optional('code', terminalCode(plan.scale)?.code),
              evidenceIds: accepted.map((item) => item.evidenceId),
              ...optional('commentary', optionalText(command.commentary, 'commentary')),
            },
          },
        ],
      };
    }
    case 'ReopenAction': {
      if (state.status !== 'completed') throw new RuleBroken('not-completed', `Action ${reference} is not completed, so there is nothing to reopen`);
      requireReason(when, `say why action ${reference} is being reopened`);
      return { ...when, events: [{ type: 'ActionReopened', data: ids }] };
    }
  }
}

function addAction(command: AddAction, state: ActionState, context: ActionDecisionContext, when: EffectiveTime): Decision<ActionEvent> {
  const { actor, plan } = context;
  const reference = requireActionReference(command.reference);
  if (state.status !== 'absent') throw new RuleBroken('action-exists', `Action ${reference} already exists in plan ${plan.planId}; amend it, or give the new action another reference`);
  const details: ActionDetails = {
    reference,
    priorityNumber: requirePriority(plan, command.priorityNumber),
    title: requireText(command.title, 'title'),
    ...optional('ofstedReference', optionalText(command.ofstedReference, 'ofstedReference', 100)),
    ...optional('successMeasures', optionalText(command.successMeasures, 'successMeasures')),
    ...optional('lead', optionalText(command.lead, 'lead', 200)),
    ...optional('dueDate', command.dueDate ? parseDueDate(command.dueDate) : undefined),
  };
  const events: ActionEvent[] = [{ type: 'ActionAdded', data: { planId: plan.planId, ...details } }];
  if (command.initialRating !== undefined && command.initialRating !== '') {
    if (plan.ratingMethod === 'criteria') {
      throw new InvalidInput('initialRating', `plan ${plan.planId} derives ratings from criteria; add the action unrated and then assess its criteria`);
    }
    const code = requireRatingCode(plan.scale, command.initialRating, 'initialRating').code;
    events.push({ type: 'RatingChanged', data: { planId: plan.planId, reference, code, derivedFrom: 'initial' } });
  }
  return { ...when, events };
}

function amendedDetails(command: AmendAction, current: ActionDetails, plan: PlanState): Partial<Omit<ActionDetails, 'reference'>> {
  const proposed: Partial<Omit<ActionDetails, 'reference'>> = {
    ...optional('priorityNumber', command.priorityNumber !== undefined ? requirePriority(plan, command.priorityNumber) : undefined),
    ...optional('title', command.title !== undefined ? requireText(command.title, 'title') : undefined),
    ...optional('ofstedReference', optionalText(command.ofstedReference, 'ofstedReference', 100)),
    ...optional('successMeasures', optionalText(command.successMeasures, 'successMeasures')),
    ...optional('lead', optionalText(command.lead, 'lead', 200)),
    ...optional('dueDate', command.dueDate ? parseDueDate(command.dueDate) : undefined),
  };
  return Object.fromEntries(
    Object.entries(proposed).filter(([key, value]) => current[key as keyof ActionDetails] !== value),
  ) as Partial<Omit<ActionDetails, 'reference'>>;
}

function requirePriority(plan: PlanState, priorityNumber: number): number {
  if (!plan.priorities[priorityNumber]) {
    const known = Object.keys(plan.priorities).join(', ') || 'none yet';
    throw new InvalidInput('priorityNumber', `plan ${plan.planId} has no priority ${priorityNumber} (it has: ${known}); add the priority first`);
  }
  return priorityNumber;
}

const DOING: Record<ActionCommand['type'], string> = {
  AddAction: 'add an action',
  AmendAction: 'amend an action',
  WithdrawAction: 'withdraw an action',
  ChangeRating: 'rate an action',
  CorrectRating: 'correct a rating',
  AssessCriteria: 'assess the criteria of an action',
  AddMilestone: 'add a milestone',
  ChangeMilestoneStatus: 'update a milestone',
  SubmitEvidence: 'submit evidence',
  AcceptEvidence: 'accept evidence',
  RejectEvidence: 'reject evidence',
  RedactEvidence: 'erase an evidence file',
  SignOffCompletion: 'sign off completion',
  ReopenAction: 'reopen an action',
};

/** The roles that may issue each command on this plan. */
export function rolesFor(type: ActionCommand['type'], plan: PlanState): readonly string[] {
  switch (type) {
    case 'AddAction':
    case 'AmendAction':
    case 'WithdrawAction':
      return ACTION_SHAPERS;
    case 'AcceptEvidence':
    case 'RejectEvidence':
    case 'SignOffCompletion':
      return [plan.signOffRole];
    case 'RedactEvidence':
      return ['admin'];
    case 'ReopenAction':
      return plan.signOffRole === 'board' ? ['board'] : [plan.signOffRole, 'board'];
    default:
      return RATERS;
  }
}

function requirePermission(type: ActionCommand['type'], context: ActionDecisionContext): void {
  const { actor, plan } = context;
  const allowed = rolesFor(type, plan);
  if (allowed.includes(actor.role)) return;
  if (type === 'AcceptEvidence' || type === 'RejectEvidence' || type === 'SignOffCompletion') {
    const who = plan.signOffRole === 'qa' ? 'the Quality Assurance service (qa)' : 'the Improvement Board (board)';
    throw new NotPermitted(`${actor.id} (${actor.role}) may not ${DOING[type]}; in plan ${plan.planId} only ${who} may`);
  }
  requireRole(actor, allowed, DOING[type]);
}

/** Where the plan asks for it, the top rating must be held for a while "to ensure the improvements are sustained". */
function requireHold(state: ActionState, context: ActionDecisionContext, signOffAt: string): void {
  const hold = context.plan.minimumHold;
  if (!hold) return;
  const reference = state.details.reference;
  const since = heldSince(state, hold.code);
  if (!since) {
    const now = currentRating(state)?.code ?? 'unrated';
    throw new RuleBroken('minimum-hold', `Action ${reference} is rated ${now}; plan ${context.plan.planId} requires it to be held at ${hold.code} for ${hold.months} months before sign-off`);
  }
  const earliest = addMonths(new Date(since), hold.months).toISOString();
  if (signOffAt < earliest) {
    throw new RuleBroken(
      'minimum-hold',
      `Action ${reference} has been held at ${hold.code} since ${since.slice(0, 10)}; plan ${context.plan.planId} requires ${hold.months} months, so it can be signed off from ${earliest.slice(0, 10)}`,
    );
  }
}

function requireReason(when: EffectiveTime, what: string): void {
  if (!when.reason) throw new InvalidInput('reason', what);
}

function pickCriteria(criteria: Record<string, boolean>) {
  const { clearScope, clearResourceRequirements, resourceAllocated, projectPlanDeveloped, ambitiousDeliveryTimescales } = criteria;
  return { clearScope, clearResourceRequirements, resourceAllocated, projectPlanDeveloped, ambitiousDeliveryTimescales };
}

/** `{ [key]: value }` when there is a value, `{}` otherwise: keeps absent fields out of the event. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
