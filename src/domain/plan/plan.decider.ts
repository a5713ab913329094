import { Decision, DecisionContext, RecordedEvent } from '../decider';
import { parseDueDate, resolveEffectiveTime } from '../effective-date';
import { InvalidInput, NotFound, RuleBroken } from '../errors';
import { requirePlanId } from '../identifiers';
import { PLAN_SHAPERS, requireRole } from '../permissions';
import { findCode, presetScale, RagScale, validateScale } from '../rag-scale';
import { SIGN_OFF_ROLES, SignOffRole } from '../roles';
import { optionalText, requireText } from '../text';
import { PlanCommand } from './plan.commands';
import { MinimumHold, PlanEvent, RatingMethod } from './plan.events';

export interface Priority {
  number: number;
  title: string;
  outcome?: string;
}

export interface PlanState {
  exists: boolean;
  /** When the plan took effect: nothing in it can be dated earlier. */
  createdAt: string;
  planId: string;
  title: string;
  council: string;
  signOffRole: SignOffRole;
  ratingMethod: RatingMethod;
  minimumHold?: MinimumHold;
  scale: RagScale;
  priorities: Record<number, Priority>;
  /** Board dates by label, e.g. { "Nov 16": "2016-11-30" }. */
  reportingPoints: Record<string, string>;
}

export const initialPlanState = (): PlanState => ({
  exists: false,
  createdAt: '',
  planId: '',
  title: '',
  council: '',
  signOffRole: 'qa',
  ratingMethod: 'direct',
  scale: { name: '', codes: [] },
  priorities: {},
  reportingPoints: {},
});

export function decidePlan(command: PlanCommand, state: PlanState, context: DecisionContext): Decision<PlanEvent> {
  const { actor, now } = context;
  const when = resolveEffectiveTime(command.effectiveAt, command.reason, now);

  if (command.type === 'CreatePlan') {
    requireRole(actor, PLAN_SHAPERS, 'create a plan');
    if (state.exists) throw new RuleBroken('plan-exists', `Plan ${state.planId} already exists; choose another plan id or amend this one`);
    const planId = requirePlanId(command.planId);
    const scale = resolveScale(command.scale);
    const signOffRole = command.signOffRole ?? 'qa';
    if (!SIGN_OFF_ROLES.includes(signOffRole)) throw new InvalidInput('signOffRole', `"${signOffRole}" cannot sign off; use qa or board`);
    const ratingMethod = command.ratingMethod ?? 'direct';
    if (ratingMethod !== 'direct' && ratingMethod !== 'criteria') throw new InvalidInput('ratingMethod', 'use direct or criteria');
    if (ratingMethod === 'criteria') requireCriteriaCodes(scale);
    const minimumHold = command.minimumHold ? validateHold(command.minimumHold, scale) : undefined;
    return {
      ...when,
      events: [
        {
          type: 'PlanCreated',
          data: {
            planId,
            title: requireText(command.title, 'title'),
            council: requireText(command.council, 'council'),
            signOffRole,
            ratingMethod,
            ...(minimumHold ? { minimumHold } : {}),
          },
        },
        { type: 'RagScaleDefined', data: { planId, scale } },
      ],
    };
  }

  if (!state.exists) throw new NotFound('No such plan; create it first');
  const planId = state.planId;
  requireNotBeforePlan(state, when.effectiveAt);

  switch (command.type) {
    case 'DefineRagScale': {
      requireRole(actor, PLAN_SHAPERS, "change the plan's RAG scale");
      const scale = resolveScale(command.scale);
      const dropped = state.scale.codes.filter((old) => !findCode(scale, old.code)).map((c) => c.code);
      if (dropped.length > 0) {
        throw new RuleBroken('scale-keeps-codes', `The new scale drops ${dropped.join(', ')}, which past ratings may use; keep every existing code (you may relabel or recolour it)`);
      }
      if (state.ratingMethod === 'criteria') requireCriteriaCodes(scale);
      return { ...when, events: [{ type: 'RagScaleDefined', data: { planId, scale } }] };
    }
    case 'AddPriority': {
      requireRole(actor, PLAN_SHAPERS, 'add a priority');
      const number = requirePriorityNumber(command.number);
      if (state.priorities[number]) throw new RuleBroken('priority-exists', `Priority ${number} already exists; amend it instead`);
      return {
        ...when,
        events: [{ type: 'PriorityAdded', data: { planId, number, title: requireText(command.title, 'title'), ...definedOnly({ outcome: optionalText(command.outcome, 'outcome') }) } }],
      };
    }
    case 'AmendPriority': {
      requireRole(actor, PLAN_SHAPERS, 'amend a priority');
      const number = requirePriorityNumber(command.number);
      const current = state.priorities[number];
      if (!current) throw new NotFound(`Priority ${number} does not exist in plan ${planId}`);
      const title = command.title !== undefined ? requireText(command.title, 'title') : undefined;
      const outcome = command.outcome !== undefined ? requireText(command.outcome, 'outcome') : undefined;
      if ((title === undefined || title === current.title) && (outcome === undefined || outcome === current.outcome)) {
        throw new InvalidInput('title', 'nothing would change; give a new title or outcome');
      }
      return { ...when, events: [{ type: 'PriorityAmended', data: { planId, number, ...(title !== undefined ? { title } : {}), ...(outcome !== undefined ? { outcome } : {}) } }] };
    }
    case 'RecordReportingPoint': {
      requireRole(actor, PLAN_SHAPERS, 'record a reporting point');
      const label = requireText(command.label, 'label');
      const date = parseDueDate(command.date, 'date');
      if (state.reportingPoints[label] !== undefined) throw new RuleBroken('reporting-point-exists', `A reporting point called "${label}" already exists (${state.reportingPoints[label]}); use another label`);
      return { ...when, events: [{ type: 'ReportingPointRecorded', data: { planId, label, date } }] };
    }
  }
}

export function evolvePlan(state: PlanState, event: RecordedEvent<PlanEvent>): PlanState {
  switch (event.type) {
    case 'PlanCreated':
      return { ...state, exists: true, createdAt: event.effectiveAt, ...event.data };
    case 'RagScaleDefined':
      return { ...state, scale: event.data.scale };
    case 'PriorityAdded':
      return { ...state, priorities: { ...state.priorities, [event.data.number]: { number: event.data.number, title: event.data.title, outcome: event.data.outcome } } };
    case 'PriorityAmended': {
      const current = state.priorities[event.data.number];
      return { ...state, priorities: { ...state.priorities, [event.data.number]: { ...current, ...definedOnly({ title: event.data.title, outcome: event.data.outcome }) } } };
    }
    case 'ReportingPointRecorded':
      return { ...state, reportingPoints: { ...state.reportingPoints, [event.data.label]: event.data.date } };
  }
}

/** Nothing in a plan can take effect before the plan itself did. */
export function requireNotBeforePlan(plan: PlanState, effectiveAt: string): void {
  if (effectiveAt < plan.createdAt) {
    throw new InvalidInput('effectiveAt', `${effectiveAt.slice(0, 10)} is before plan ${plan.planId} took effect (${plan.createdAt.slice(0, 10)})`);
  }
}

function resolveScale(scale: string | RagScale): RagScale {
  if (scale === undefined || scale === null || scale === '') throw new InvalidInput('scale', 'choose a preset (sunderland-5, rag-completed, rag) or define the codes');
  return typeof scale === 'string' ? presetScale(scale) : validateScale(structuredClone(scale));
}

function requireCriteriaCodes(scale: RagScale): void {
  const missing = ['R', 'A', 'G'].filter((code) => !findCode(scale, code));
  if (missing.length > 0) throw new InvalidInput('scale', `ratings derived from criteria need the codes R, A and G; this scale lacks ${missing.join(', ')}`);
}

function validateHold(hold: MinimumHold, scale: RagScale): MinimumHold {
  const code = findCode(scale, hold.code ?? '');
  if (!code || code.terminal || code.unrated) throw new InvalidInput('minimumHold.code', `"${hold.code}" is not a rating on this scale to hold before completion`);
  if (!Number.isInteger(hold.months) || hold.months < 1 || hold.months > 36) throw new InvalidInput('minimumHold.months', 'give a whole number of months from 1 to 36');
  return { code: code.code, months: hold.months };
}

function requirePriorityNumber(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 99) throw new InvalidInput('number', `"${value}" is not a priority number; use a whole number from 1 to 99`);
  return value;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
