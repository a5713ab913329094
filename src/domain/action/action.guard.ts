import { LATIN_ONLY } from '../code-reading';
import { EffectiveTime, resolveEffectiveTime } from '../effective-date';
import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../errors';
import { ACTION_SHAPERS, IMPORTERS, RATERS, requireRole } from '../permissions';
import { PlanState } from '../plan/plan.state';
import { ActorRef } from '../roles';
import { planInForceAt } from '../plan/plan.settings';
import { ActionDecisionContext, ActionRuleContext } from './action.checks';
import { ActionCommand } from './action.commands';
import { ActionState } from './action.state';

/**
 * The checks every action command shares, in the order a caller is told about them:
 * the plan exists; the caller may do this (whatever the action's state, so a caller
 * without the right learns that first); the effective time is valid; and, for every
 * command but AddAction, the action exists, is not withdrawn, and existed by then.
 * Returns what the use case's rules then work with: the effective time, and the plan
 * with the settings in force then (who signs off, the hold, four eyes), by which the
 * caller's role was also checked.
 */
export function checkSharedRules(command: ActionCommand, state: ActionState, context: ActionDecisionContext): ActionRuleContext {
  const { now, actor } = context;
  if (!context.plan.exists) throw new NotFound('No such plan; create the plan before adding actions to it');
  let when: EffectiveTime;
  try {
    when = resolveEffectiveTime(command.effectiveAt, command.reason, now);
  } catch (badTime) {
    // A caller without the right learns that first, whatever the date they gave.
    requirePermission(command.type, actor, context.plan);
    throw badTime;
  }
  const plan = planInForceAt(context.plan, when.effectiveAt);
  requirePermission(command.type, actor, plan);
  if (command.type !== 'AddAction') requireActionInPlay(command, state, plan, when);
  return { plan, when, actor, lookAlikes: context.lookAlikes ?? LATIN_ONLY };
}

function requireActionInPlay(command: Exclude<ActionCommand, { type: 'AddAction' }>, state: ActionState, plan: PlanState, when: EffectiveTime): void {
  const reference = state.details.reference;
  if (state.status === 'absent') throw new NotFound(`No such action in plan ${plan.planId}; check the reference or add the action first`);
  // A withdrawn action's evidence file may still have to be erased (a lawful request outlives the action).
  if (state.status === 'withdrawn' && command.type !== 'RedactEvidence') {
    throw new RuleBroken('action-withdrawn', `Action ${reference} was withdrawn on ${state.withdrawnAt?.slice(0, 10)}; it can no longer be changed. Add a new action if the work has resumed`);
  }
  // A correction takes the valid time of the rating it corrects, so its own date is not checked here.
  if (command.type !== 'CorrectRating' && when.effectiveAt < state.addedAt) {
    throw new InvalidInput('effectiveAt', `${when.effectiveAt.slice(0, 10)} is before action ${reference} was added (${state.addedAt.slice(0, 10)})`);
  }
}

const DOING: Record<ActionCommand['type'], string> = {
  AddAction: 'add an action',
  AmendAction: 'amend an action',
  WithdrawAction: 'withdraw an action',
  ChangeRating: 'rate an action',
  CorrectRating: 'correct a rating',
  AssessCriteria: 'assess the criteria of an action',
  AddMilestone: "add a milestone (milestones shape the plan, which the board does; a lead updates a milestone's status)",
  ChangeMilestoneStatus: 'update a milestone',
  SubmitEvidence: 'submit evidence',
  AcceptEvidence: 'accept evidence',
  RejectEvidence: 'reject evidence',
  RedactEvidence: 'erase an evidence file',
  SignOffCompletion: 'sign off completion',
  ReopenAction: 'reopen an action',
  ImportRating: 'import a plan file',
  ImportCompletion: 'import a plan file',
  ImportReopening: 'import a plan file',
  LinkActionRecommendation: 'link a recommendation',
  UnlinkActionRecommendation: 'unlink a recommendation',
};

/** The roles that may issue each command on this plan. */
export function rolesFor(type: ActionCommand['type'], plan: { signOffRole: string }): readonly string[] {
  switch (type) {
    case 'AddAction':
    case 'AmendAction':
    case 'WithdrawAction':
    case 'LinkActionRecommendation':
    case 'UnlinkActionRecommendation':
    // A milestone is part of the plan's shape, which the board sets (issue 25); a lead reports on it (ChangeMilestoneStatus).
    case 'AddMilestone':
      return ACTION_SHAPERS;
    case 'ChangeRating':
    case 'CorrectRating':
    case 'AssessCriteria':
    case 'ChangeMilestoneStatus':
    case 'SubmitEvidence':
      return RATERS;
    case 'AcceptEvidence':
    case 'RejectEvidence':
    case 'SignOffCompletion':
      return [plan.signOffRole];
    case 'RedactEvidence':
      return ['admin'];
    case 'ReopenAction':
      return plan.signOffRole === 'board' ? ['board'] : [plan.signOffRole, 'board'];
    // Never the sign-off role: an import records what a file reports, which is not a review or a sign-off.
    case 'ImportRating':
    case 'ImportCompletion':
    case 'ImportReopening':
      return IMPORTERS;
    default: {
      // A command added to ActionCommand but given no roles here fails to compile.
      const unlisted: never = type;
      throw new InvalidInput('type', `"${unlisted}" is not an action command`);
    }
  }
}

function requirePermission(type: ActionCommand['type'], actor: ActorRef, plan: PlanState): void {
  const allowed = rolesFor(type, plan);
  if (allowed.includes(actor.role)) return;
  if (type === 'AcceptEvidence' || type === 'RejectEvidence' || type === 'SignOffCompletion') {
    const who = plan.signOffRole === 'qa' ? 'the Quality Assurance service (qa)' : 'the Improvement Board (board)';
    throw new NotPermitted(`${actor.id} (${actor.role}) may not ${DOING[type]}; in plan ${plan.planId} only ${who} may`);
  }
  requireRole(actor, allowed, DOING[type]);
}
