import { Decider, Decision, DecisionContext } from '../decider';
import { resolveEffectiveTime } from '../effective-date';
import { InvalidInput, NotFound, RuleBroken } from '../errors';
import { ACTION_SHAPERS, RATERS, requireRole } from '../permissions';
import { PlanState, requireNotBeforePlan } from '../plan/plan.state';
import { optionalText, requireText } from '../text';
import { LIMITS } from '../limits';
import { ChangeKpi, CorrectKpiValue, DefineKpi, KpiCommand, RecordKpiValue } from './kpi.commands';
import { BetterWhen, KpiDefinition, KpiEvent, KpiPeriodKind } from './kpi.events';
import { periodStart, readPeriod } from './kpi.periods';
import { requireKpiId } from './kpi-identifiers';
import { evolveKpi, initialKpiState, KpiState } from './kpi.state';

export { evolveKpi, initialKpiState } from './kpi.state';
export type { KpiState } from './kpi.state';

/** A KPI's rules depend on its plan: it must exist, and its priorities are the KPI's groups. */
export interface KpiDecisionContext extends DecisionContext {
  plan: PlanState;
}

/**
 * Who may do what with KPIs. Defining and changing one shapes the plan, so it is the
 * board's, as adding an action is (ACTION_SHAPERS). Figures are reported by the people who
 * report on the work, the leads, and by the board (RATERS, who rate actions): a lead is a
 * role, not a person named on the priority, so any lead may give a figure, and the history
 * says who did.
 */
export const ROLES: Record<KpiCommand['type'], readonly string[]> = {
  DefineKpi: ACTION_SHAPERS,
  ChangeKpi: ACTION_SHAPERS,
  RecordKpiValue: RATERS,
  CorrectKpiValue: RATERS,
};

const DOING: Record<KpiCommand['type'], string> = {
  DefineKpi: 'define a KPI',
  ChangeKpi: 'change a KPI',
  RecordKpiValue: "record a KPI's figure",
  CorrectKpiValue: "correct a KPI's figure",
};

export function decideKpi(command: KpiCommand, state: KpiState, context: KpiDecisionContext): Decision<KpiEvent> {
  const { plan } = context;
  if (!plan.exists) throw new NotFound('No such plan; create the plan before giving it KPIs');
  requireRole(context.actor, ROLES[command.type], DOING[command.type]);
  switch (command.type) {
    case 'DefineKpi':
      return defineKpi(command, state, context);
    case 'ChangeKpi':
      return changeKpi(command, requireKpi(state, plan), context);
    case 'RecordKpiValue':
      return recordValue(command, requireKpi(state, plan), context);
    case 'CorrectKpiValue':
      return correctValue(command, requireKpi(state, plan), plan);
    default: {
      const unrouted: never = command;
      throw new InvalidInput('type', `"${(unrouted as { type: string }).type}" is not a KPI command`);
    }
  }
}

export const kpiDecider: Decider<KpiCommand, KpiState, KpiEvent, KpiDecisionContext> = { decide: decideKpi, evolve: evolveKpi, initialState: initialKpiState };

function requireKpi(state: KpiState, plan: PlanState): KpiState {
  if (!state.exists) throw new NotFound(`No such KPI in plan ${plan.planId}; check its id or define it first`);
  return state;
}

function defineKpi(command: DefineKpi, state: KpiState, { plan, now }: KpiDecisionContext): Decision<KpiEvent> {
  const when = resolveEffectiveTime(command.effectiveAt, command.reason, now);
  requireNotBeforePlan(plan, when.effectiveAt);
  if (state.exists) throw new RuleBroken('kpi-exists', `KPI ${state.kpiId} is already defined in plan ${plan.planId}; change it instead`);
  const definition: KpiDefinition = {
    priorityNumber: requirePriority(plan, command.priorityNumber),
    name: requireText(command.name, 'name'),
    unit: requireText(command.unit, 'unit', LIMITS.name),
    target: requireFigure(command.target, 'target'),
    betterWhen: requireBetterWhen(command.betterWhen),
    amberWithin: requireTolerance(command.amberWithin ?? 0),
    period: requirePeriodKind(command.period),
  };
  return { ...when, events: [{ type: 'KpiDefined', data: { planId: plan.planId, kpiId: requireKpiId(command.kpiId), ...definition } }] };
}

function changeKpi(command: ChangeKpi, state: KpiState, { plan, now }: KpiDecisionContext): Decision<KpiEvent> {
  const when = resolveEffectiveTime(command.effectiveAt, command.reason, now);
  if (when.effectiveAt < state.definedAt) {
    throw new InvalidInput('effectiveAt', `${when.effectiveAt.slice(0, 10)} is before KPI ${state.kpiId} was defined (${state.definedAt.slice(0, 10)})`);
  }
  const given: Partial<Omit<KpiDefinition, 'period'>> = {
    ...(command.priorityNumber !== undefined ? { priorityNumber: requirePriority(plan, command.priorityNumber) } : {}),
    ...(command.name !== undefined ? { name: requireText(command.name, 'name') } : {}),
    ...(command.unit !== undefined ? { unit: requireText(command.unit, 'unit', LIMITS.name) } : {}),
    ...(command.target !== undefined ? { target: requireFigure(command.target, 'target') } : {}),
    ...(command.betterWhen !== undefined ? { betterWhen: requireBetterWhen(command.betterWhen) } : {}),
    ...(command.amberWithin !== undefined ? { amberWithin: requireTolerance(command.amberWithin) } : {}),
  };
  // Only what differs is recorded, so the history shows what the board really changed.
  const changes = Object.fromEntries(Object.entries(given).filter(([field, value]) => state.definition[field as keyof KpiDefinition] !== value));
  if (Object.keys(changes).length === 0) throw new InvalidInput('body', `nothing to change: give a priorityNumber, name, unit, target, betterWhen or amberWithin that differs from KPI ${state.kpiId}'s`);
  return { ...when, events: [{ type: 'KpiChanged', data: { planId: plan.planId, kpiId: state.kpiId, changes } }] };
}

function recordValue(command: RecordKpiValue, state: KpiState, { plan, now }: KpiDecisionContext): Decision<KpiEvent> {
  if (command.effectiveAt !== undefined && command.effectiveAt !== '') {
    throw new InvalidInput('effectiveAt', 'a figure takes effect from the start of the period it describes; give the period instead');
  }
  const period = readPeriod(command.period, state.definition.period);
  const effectiveAt = periodStart(period);
  if (effectiveAt > now.toISOString()) throw new InvalidInput('period', `${period} has not begun yet (today is ${now.toISOString().slice(0, 10)}); record a figure once its period has started`);
  if (effectiveAt < state.definedAt) {
    throw new InvalidInput('period', `${period} began before KPI ${state.kpiId} took effect (${state.definedAt.slice(0, 10)}); to give earlier figures, define the KPI from an earlier date`);
  }
  requireNotBeforePlan(plan, effectiveAt);
  const recorded = state.values[period];
  if (recorded) {
    throw new RuleBroken('kpi-value-recorded', `KPI ${state.kpiId} already has a figure for ${period} (${recorded.value}); correct it, naming event ${recorded.eventIds[0]}, with a reason`);
  }
  const value = requireFigure(command.value, 'value');
  const commentary = optionalText(command.commentary, 'commentary');
  const reason = command.reason?.trim() || undefined;
  return {
    effectiveAt,
    ...(reason ? { reason } : {}),
    events: [{ type: 'KpiValueRecorded', data: { planId: plan.planId, kpiId: state.kpiId, period, value, ...(commentary ? { commentary } : {}) } }],
  };
}

function correctValue(command: CorrectKpiValue, state: KpiState, plan: PlanState): Decision<KpiEvent> {
  if (command.effectiveAt !== undefined && command.effectiveAt !== '') {
    throw new InvalidInput('effectiveAt', 'a correction takes the period of the figure it corrects; leave effectiveAt out');
  }
  const corrected = Object.values(state.values).find((v) => v.eventIds.includes(command.correctsEventId));
  if (!corrected) throw new NotFound(`Event ${command.correctsEventId} is not a figure of KPI ${state.kpiId}; give the id of the figure you are correcting`);
  const value = requireFigure(command.value, 'value');
  const commentary = optionalText(command.commentary, 'commentary');
  if (value === corrected.value && !commentary) throw new InvalidInput('value', `the figure for ${corrected.period} is already ${value}; nothing to correct`);
  const reason = command.reason?.trim();
  if (!reason) throw new InvalidInput('reason', 'say why the figure is being corrected (it stays in the history next to the original)');
  return {
    // A correction changes what was true for that period, so it carries the period's valid time.
    effectiveAt: periodStart(corrected.period),
    reason,
    events: [
      {
        type: 'KpiValueCorrected',
        data: { planId: plan.planId, kpiId: state.kpiId, correctsEventId: command.correctsEventId, period: corrected.period, value, ...(commentary ? { commentary } : {}) },
      },
    ],
  };
}

function requirePriority(plan: PlanState, number: number): number {
  if (!Number.isInteger(number) || !plan.priorities[number]) {
    const known = Object.keys(plan.priorities).join(', ') || 'none yet';
    throw new InvalidInput('priorityNumber', `plan ${plan.planId} has no priority ${number}; its priorities are ${known}`);
  }
  return number;
}

function requireFigure(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidInput(field, 'must be a number, e.g. 87.5');
  return value;
}

function requireTolerance(value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InvalidInput('amberWithin', 'must be a number of 0 or more (in the KPI\'s unit): how far worse than the target is still Amber');
  return value;
}

function requireBetterWhen(value: string): BetterWhen {
  if (value !== 'higher' && value !== 'lower') throw new InvalidInput('betterWhen', `"${value}" is neither higher nor lower; say which way is better`);
  return value;
}

function requirePeriodKind(value: string): KpiPeriodKind {
  if (value !== 'monthly' && value !== 'quarterly') throw new InvalidInput('period', `"${value}" is not a reporting period; use monthly or quarterly`);
  return value;
}
