import { Decision } from '../decider';
import { EffectiveTime, parseDueDate } from '../effective-date';
import { InvalidInput, NotFound, RuleBroken } from '../errors';
import { requirePlanId } from '../identifiers';
import { findCode, presetScale, RagScale, validateScale } from '../rag-scale';
import { SIGN_OFF_ROLES } from '../roles';
import { optionalText, requireText } from '../text';
import { AddPriority, AmendPriority, CreatePlan, DefineRagScale, RecordReportingPoint } from './plan.commands';
import { MinimumHold, PlanEvent } from './plan.events';
import { definedOnly, PlanState } from './plan.state';

/**
 * One function per plan command, each named for its use case. They run after the
 * shared checks in plan.decider.ts (who may, when it takes effect, that the plan exists),
 * so each holds only what its own command may refuse.
 */

export function createPlan(command: CreatePlan, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
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

/** A plan may relabel or recolour its scale, never drop a code that past ratings may use. */
export function defineRagScale(command: DefineRagScale, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const scale = resolveScale(command.scale);
  const dropped = state.scale.codes.filter((old) => !findCode(scale, old.code)).map((c) => c.code);
  if (dropped.length > 0) {
    throw new RuleBroken('scale-keeps-codes', `The new scale drops ${dropped.join(', ')}, which past ratings may use; keep every existing code (you may relabel or recolour it)`);
  }
  if (state.ratingMethod === 'criteria') requireCriteriaCodes(scale);
  return { ...when, events: [{ type: 'RagScaleDefined', data: { planId: state.planId, scale } }] };
}

export function addPriority(command: AddPriority, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const number = requirePriorityNumber(command.number);
  if (state.priorities[number]) throw new RuleBroken('priority-exists', `Priority ${number} already exists; amend it instead`);
  return {
    ...when,
    events: [
      { type: 'PriorityAdded', data: { planId: state.planId, number, title: requireText(command.title, 'title'), ...definedOnly({ outcome: optionalText(command.outcome, 'outcome') }) } },
    ],
  };
}

export function amendPriority(command: AmendPriority, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const number = requirePriorityNumber(command.number);
  const current = state.priorities[number];
  if (!current) throw new NotFound(`Priority ${number} does not exist in plan ${state.planId}`);
  const title = command.title !== undefined ? requireText(command.title, 'title') : undefined;
  const outcome = command.outcome !== undefined ? requireText(command.outcome, 'outcome') : undefined;
  if ((title === undefined || title === current.title) && (outcome === undefined || outcome === current.outcome)) {
    throw new InvalidInput('title', 'nothing would change; give a new title or outcome');
  }
  return {
    ...when,
    events: [{ type: 'PriorityAmended', data: { planId: state.planId, number, ...(title !== undefined ? { title } : {}), ...(outcome !== undefined ? { outcome } : {}) } }],
  };
}

/** A named board date such as "Nov 16"; a label names one date only. */
export function recordReportingPoint(command: RecordReportingPoint, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const label = requireText(command.label, 'label');
  const date = parseDueDate(command.date, 'date');
  if (state.reportingPoints[label] !== undefined) {
    throw new RuleBroken('reporting-point-exists', `A reporting point called "${label}" already exists (${state.reportingPoints[label]}); use another label`);
  }
  return { ...when, events: [{ type: 'ReportingPointRecorded', data: { planId: state.planId, label, date } }] };
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
