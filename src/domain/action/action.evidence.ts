import { Decision } from '../decider';
import { EffectiveTime } from '../effective-date';
import { InvalidInput, NotFound, RuleBroken } from '../errors';
import { LIMITS } from '../limits';
import { optionalText, requireText } from '../text';
import { ActionRuleContext, idsOf, optional, requireNotCompleted, requireReason } from './action.checks';
import { AcceptEvidence, RedactEvidence, RejectEvidence, SubmitEvidence } from './action.commands';
import { ActionEvent } from './action.events';
import { requireNotOwnEvidence } from './action.duties';
import { ActionState, EvidenceItem } from './action.state';

/**
 * Evidence of completion: a lead submits it, the plan's sign-off role accepts or rejects it
 * once, and an administrator may erase its file on a lawful request (the hash stays in the log).
 */

const FILE_HASH = /^[0-9a-f]{64}$/;

export function submitEvidence(command: SubmitEvidence, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  requireNotCompleted(state, 'submit more evidence');
  const evidenceId = requireText(command.evidenceId, 'evidenceId', LIMITS.id);
  if (state.evidence[evidenceId]) throw new RuleBroken('evidence-exists', `Evidence ${evidenceId} was already submitted for action ${state.details.reference}`);
  if (command.fileHash !== undefined && !FILE_HASH.test(command.fileHash)) {
    throw new InvalidInput('fileHash', 'must be the SHA-256 of the file as 64 lower-case hex characters');
  }
  return {
    ...when,
    events: [
      {
        type: 'EvidenceSubmitted',
        data: {
          ...idsOf(state, plan),
          evidenceId,
          title: requireText(command.title, 'title', LIMITS.evidenceTitle),
          ...optional('description', optionalText(command.description, 'description')),
          ...optional('fileHash', command.fileHash),
          ...optional('fileName', optionalText(command.fileName, 'fileName', LIMITS.fileName)),
          ...optional('fileSize', command.fileSize),
          ...optional('mediaType', optionalText(command.mediaType, 'mediaType', LIMITS.mediaType)),
        },
      },
    ],
  };
}

export function acceptEvidence(command: AcceptEvidence, state: ActionState, { plan, when, actor }: ActionRuleContext): Decision<ActionEvent> {
  const item = requireEvidenceAwaitingReview(state, command.evidenceId, when);
  requireNotOwnEvidence(item, actor, plan, 'accept');
  return {
    ...when,
    events: [{ type: 'EvidenceAccepted', data: { ...idsOf(state, plan), evidenceId: item.evidenceId, ...optional('commentary', optionalText(command.commentary, 'commentary')) } }],
  };
}

export function rejectEvidence(command: RejectEvidence, state: ActionState, { plan, when, actor }: ActionRuleContext): Decision<ActionEvent> {
  const item = requireEvidenceAwaitingReview(state, command.evidenceId, when);
  requireNotOwnEvidence(item, actor, plan, 'reject');
  requireReason(when, 'say why the evidence is rejected, so the service knows what to send instead');
  return { ...when, events: [{ type: 'EvidenceRejected', data: { ...idsOf(state, plan), evidenceId: item.evidenceId } }] };
}

/** Lawful erasure of the file; allowed on a withdrawn action too (see action.guard.ts). */
export function redactEvidence(command: RedactEvidence, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  const item = requireEvidence(state, command.evidenceId);
  if (!item.fileHash) throw new RuleBroken('no-file', `The evidence “${item.title}” has no file to erase`);
  if (item.redacted) throw new RuleBroken('already-redacted', `The file of the evidence “${item.title}” was already erased`);
  requireNotBeforeSubmission(item, when);
  requireReason(when, 'give the lawful basis for erasing the file (it is kept in the history next to the hash)');
  return { ...when, events: [{ type: 'EvidenceRedacted', data: { ...idsOf(state, plan), evidenceId: item.evidenceId, fileHash: item.fileHash } }] };
}

/** Evidence is reviewed once: a rejected item is answered by a new submission, not a second review. */
function requireEvidenceAwaitingReview(state: ActionState, evidenceId: string, when: EffectiveTime): EvidenceItem {
  const item = requireEvidence(state, evidenceId);
  if (item.status !== 'submitted') throw new RuleBroken('evidence-already-reviewed', `The evidence “${item.title}” was already ${item.status}; ask for a new submission instead`);
  requireNotBeforeSubmission(item, when);
  return item;
}

function requireEvidence(state: ActionState, evidenceId: string): EvidenceItem {
  const item = state.evidence[evidenceId];
  if (!item) throw new NotFound(`Action ${state.details.reference} has no evidence ${evidenceId}`);
  return item;
}

function requireNotBeforeSubmission(item: EvidenceItem, when: EffectiveTime): void {
  if (when.effectiveAt < item.submittedAt) throw new InvalidInput('effectiveAt', `is before evidence ${item.evidenceId} was submitted (${item.submittedAt.slice(0, 10)})`);
}
