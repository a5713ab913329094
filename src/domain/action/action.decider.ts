import { Decider, Decision } from '../decider';
import { InvalidInput } from '../errors';
import { ActionDecisionContext } from './action.checks';
import { ActionCommand } from './action.commands';
import { acceptEvidence, redactEvidence, rejectEvidence, submitEvidence } from './action.evidence';
import { ActionEvent } from './action.events';
import { reopenAction, signOffCompletion } from './action.completion';
import { checkSharedRules } from './action.guard';
import { importCompletion, importRating, importReopening } from './action.imported';
import { addMilestone, changeMilestoneStatus } from './action.milestones';
import { assessCriteria, changeRating, correctRating } from './action.rating';
import { addAction, amendAction, withdrawAction } from './action.shaping';
import { linkActionRecommendation, unlinkActionRecommendation } from './action.recommendations';
import { ActionState, evolveAction, initialActionState } from './action.state';

export { evolveAction, initialActionState } from './action.state';
export { rolesFor } from './action.guard';
export type { ActionDecisionContext } from './action.checks';

/**
 * Routes each action command to the function named for its use case, once the checks
 * every command shares (action.guard.ts) have passed. What a command may refuse is in
 * its own function: shaping (add, amend, withdraw), rating, milestones, evidence, completion.
 */
export function decide(command: ActionCommand, state: ActionState, context: ActionDecisionContext): Decision<ActionEvent> {
  const rule = checkSharedRules(command, state, context);
  switch (command.type) {
    case 'AddAction':
      return addAction(command, state, rule);
    case 'AmendAction':
      return amendAction(command, state, rule);
    case 'WithdrawAction':
      return withdrawAction(command, state, rule);
    case 'ChangeRating':
      return changeRating(command, state, rule);
    case 'CorrectRating':
      return correctRating(command, state, rule);
    case 'AssessCriteria':
      return assessCriteria(command, state, rule);
    case 'AddMilestone':
      return addMilestone(command, state, rule);
    case 'ChangeMilestoneStatus':
      return changeMilestoneStatus(command, state, rule);
    case 'SubmitEvidence':
      return submitEvidence(command, state, rule);
    case 'AcceptEvidence':
      return acceptEvidence(command, state, rule);
    case 'RejectEvidence':
      return rejectEvidence(command, state, rule);
    case 'RedactEvidence':
      return redactEvidence(command, state, rule);
    case 'SignOffCompletion':
      return signOffCompletion(command, state, rule);
    case 'ReopenAction':
      return reopenAction(command, state, rule);
    case 'ImportRating':
      return importRating(command, state, rule);
    case 'ImportCompletion':
      return importCompletion(command, state, rule);
    case 'ImportReopening':
      return importReopening(command, state, rule);
    case 'LinkActionRecommendation':
      return linkActionRecommendation(command, state, rule);
    case 'UnlinkActionRecommendation':
      return unlinkActionRecommendation(command, state, rule);
    default: {
      // A command added to ActionCommand but not routed here fails to compile.
      const unrouted: never = command;
      throw new InvalidInput('type', `"${(unrouted as { type: string }).type}" is not an action command`);
    }
  }
}

export const actionDecider: Decider<ActionCommand, ActionState, ActionEvent, ActionDecisionContext> = { decide, evolve: evolveAction, initialState: initialActionState };

/** The name the command side and the importer call it by. */
export const decideAction = decide;
