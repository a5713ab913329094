import { Decider, Decision, DecisionContext } from '../decider';
import { EffectiveTime, resolveEffectiveTime } from '../effective-date';
import { InvalidInput, NotFound } from '../errors';
import { IMPORTERS, PLAN_SHAPERS, requireRole } from '../permissions';
import { PlanCommand } from './plan.commands';
import { PlanEvent } from './plan.events';
import { addPriority, amendPriority, changePlanSettings, createPlan, defineRagScale, recordReportingPoint } from './plan.rules';
import { recordImport } from './plan.import';
import { addSection, linkRecommendation, nameLevels, placeGroupInSection, recordRecommendation, unlinkRecommendation } from './plan-shape';
import { evolvePlan, initialPlanState, PlanState, requireNotBeforePlan } from './plan.state';

export { evolvePlan, initialPlanState, requireNotBeforePlan } from './plan.state';
export { planInForceAt } from './plan.settings';
export type { PlanState, Priority } from './plan.state';

/** Routes each plan command to its rules (plan.rules.ts) once the checks every command shares have passed. */
export function decide(command: PlanCommand, state: PlanState, context: DecisionContext): Decision<PlanEvent> {
  const when = checkSharedRules(command, state, context);
  switch (command.type) {
    case 'CreatePlan':
      return createPlan(command, state, when, context.lookAlikes);
    case 'DefineRagScale':
      return defineRagScale(command, state, when);
    case 'AddPriority':
      return addPriority(command, state, when);
    case 'AmendPriority':
      return amendPriority(command, state, when);
    case 'RecordReportingPoint':
      return recordReportingPoint(command, state, when);
    case 'ChangePlanSettings':
      return changePlanSettings(command, state, when, context.lookAlikes);
    case 'RecordImport':
      return recordImport(command, state, when);
    case 'NameLevels':
      return nameLevels(command, state, when);
    case 'AddSection':
      return addSection(command, state, when);
    case 'PlaceGroupInSection':
      return placeGroupInSection(command, state, when);
    case 'RecordRecommendation':
      return recordRecommendation(command, state, when);
    case 'LinkRecommendation':
      return linkRecommendation(command, state, when);
    case 'UnlinkRecommendation':
      return unlinkRecommendation(command, state, when);
    default: {
      // A command added to PlanCommand but not routed here fails to compile.
      const unrouted: never = command;
      throw new InvalidInput('type', `"${(unrouted as { type: string }).type}" is not a plan command`);
    }
  }
}

export const planDecider: Decider<PlanCommand, PlanState, PlanEvent> = { decide, evolve: evolvePlan, initialState: initialPlanState };

/** The name the command side and the importer call it by. */
export const decidePlan = decide;

const DOING: Record<PlanCommand['type'], string> = {
  CreatePlan: 'create a plan',
  DefineRagScale: "change the plan's RAG scale",
  AddPriority: 'add a priority',
  AmendPriority: 'amend a priority',
  RecordReportingPoint: 'record a reporting point',
  ChangePlanSettings: "change the plan's settings",
  RecordImport: 'import a plan file',
  NameLevels: "name the plan's levels",
  AddSection: 'add a section',
  PlaceGroupInSection: 'place a group in a section',
  RecordRecommendation: 'record a recommendation',
  LinkRecommendation: 'link a recommendation',
  UnlinkRecommendation: 'unlink a recommendation',
};

/**
 * What every plan command must pass before its own rules: a valid effective time;
 * a plan that exists and took effect by then (except to create it); and a caller who shapes plans
 * (or, to import a file into one, a caller who may import).
 */
function checkSharedRules(command: PlanCommand, state: PlanState, context: DecisionContext): EffectiveTime {
  const when = resolveEffectiveTime(command.effectiveAt, command.reason, context.now);
  if (command.type !== 'CreatePlan') {
    if (!state.exists) throw new NotFound('No such plan; create it first');
    requireNotBeforePlan(state, when.effectiveAt);
  }
  requireRole(context.actor, command.type === 'RecordImport' ? IMPORTERS : PLAN_SHAPERS, DOING[command.type]);
  return when;
}
