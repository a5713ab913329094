import { Decision } from '../decider';
import { EffectiveTime, parseDueDate } from '../effective-date';
import { InvalidInput, NotFound, RuleBroken } from '../errors';
import { requirePlanId } from '../identifiers';
import { findCode, presetScale, RagCode, RagScale, ratingCodes, validateScale } from '../rag-scale';
import { CodeRead, LATIN_ONLY, LookAlikes, notesOf, readCode } from '../code-reading';
import { SIGN_OFF_ROLES } from '../roles';
import { optionalText, requireText } from '../text';
import { AddPriority, AmendPriority, ChangePlanSettings, CreatePlan, DefineRagScale, RecordReportingPoint } from './plan.commands';
import { MinimumHold, PlanEvent, PlanSettingsChanged } from './plan.events';
import { planInForceAt } from './plan.settings';
import { definedOnly, PlanState } from './plan.state';

/**
 * One function per plan command, each named for its use case. They run after the
 * shared checks in plan.decider.ts (who may, when it takes effect, that the plan exists),
 * so each holds only what its own command may refuse.
 */

export function createPlan(command: CreatePlan, state: PlanState, when: EffectiveTime, lookAlikes: LookAlikes = LATIN_ONLY): Decision<PlanEvent> {
  if (state.exists) throw new RuleBroken('plan-exists', `Plan ${state.planId} already exists; choose another plan id or amend this one`);
  const planId = requirePlanId(command.planId);
  const scale = resolveScale(command.scale);
  const signOffRole = command.signOffRole ?? 'qa';
  if (!SIGN_OFF_ROLES.includes(signOffRole)) throw new InvalidInput('signOffRole', `"${signOffRole}" cannot sign off; use qa or board`);
  const ratingMethod = command.ratingMethod ?? 'direct';
  if (ratingMethod !== 'direct' && ratingMethod !== 'criteria') throw new InvalidInput('ratingMethod', 'use direct or criteria');
  if (ratingMethod === 'criteria') requireCriteriaCodes(scale);
  const held = command.minimumHold ? validateHold(command.minimumHold, scale, lookAlikes) : undefined;
  const minimumHold = held?.hold;
  const separationOfDuties = requireSwitch(command.separationOfDuties ?? true, 'separationOfDuties');
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
          separationOfDuties,
        },
      },
      { type: 'RagScaleDefined', data: { planId, scale } },
    ],
    ...notesOf(held?.read),
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
  requirePointInPlan(state, label, date);
  if (state.reportingPoints[label] !== undefined) {
    throw new RuleBroken('reporting-point-exists', `A reporting point called "${label}" already exists (${state.reportingPoints[label]}); use another label`);
  }
  return { ...when, events: [{ type: 'ReportingPointRecorded', data: { planId: state.planId, label, date } }] };
}

/**
 * A board date before the plan took effect names a day the plan has nothing to show for: every
 * report read at it would find no plan (issue 25). A point on the day the plan took effect is
 * read at the end of that day, so it stands.
 */
function requirePointInPlan(state: PlanState, label: string, date: string): void {
  const began = state.createdAt.slice(0, 10);
  if (date < began) {
    throw new InvalidInput('date', `${date} is before plan ${state.planId} took effect (${began}); a board date such as "${label}" is read as the plan stood then, so give a date on or after ${began}`);
  }
}

/**
 * Who signs off, the four-eyes rules and the minimum hold, changed by the board with a
 * reason; the event carries only what differs from the settings in force when it takes
 * effect. The rating method is not among them: ratings given directly and ratings derived
 * from criteria answer different questions, and a plan that changed mid-way would show
 * both in one column with nothing to tell them apart.
 */
export function changePlanSettings(command: ChangePlanSettings, state: PlanState, when: EffectiveTime, lookAlikes: LookAlikes = LATIN_ONLY): Decision<PlanEvent> {
  if (!when.reason) throw new InvalidInput('reason', "say why the plan's settings change; it is kept in the plan's history");
  const before = planInForceAt(state, when.effectiveAt);
  const changes: Omit<PlanSettingsChanged['data'], 'planId'> = {};
  let held: { hold: MinimumHold; read: CodeRead<RagCode> } | undefined;
  if (command.signOffRole !== undefined) {
    if (!SIGN_OFF_ROLES.includes(command.signOffRole)) throw new InvalidInput('signOffRole', `"${command.signOffRole}" cannot sign off; use qa or board`);
    if (command.signOffRole !== before.signOffRole) changes.signOffRole = command.signOffRole;
  }
  if (command.separationOfDuties !== undefined && requireSwitch(command.separationOfDuties, 'separationOfDuties') !== before.separationOfDuties) {
    changes.separationOfDuties = command.separationOfDuties;
  }
  if (command.minimumHold === null) {
    if (before.minimumHold) changes.minimumHold = null;
  } else if (command.minimumHold !== undefined) {
    held = validateHold(command.minimumHold, state.scale, lookAlikes);
    const hold = held.hold;
    if (hold.code !== before.minimumHold?.code || hold.months !== before.minimumHold?.months) changes.minimumHold = hold;
  }
  if (Object.keys(changes).length === 0) {
    throw new RuleBroken(
      'settings-unchanged',
      `Plan ${state.planId} already has these settings on ${when.effectiveAt.slice(0, 10)} (sign-off by ${before.signOffRole}, separation of duties ${before.separationOfDuties ? 'on' : 'off'}, ${before.minimumHold ? `hold at ${before.minimumHold.code} for ${before.minimumHold.months} months` : 'no minimum hold'}); give a setting that differs`,
    );
  }
  return { ...when, events: [{ type: 'PlanSettingsChanged', data: { planId: state.planId, ...changes } }], ...notesOf(changes.minimumHold ? held?.read : undefined) };
}

function requireSwitch(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidInput(field, 'give true (on) or false (off)');
  return value;
}

function resolveScale(scale: string | RagScale): RagScale {
  if (scale === undefined || scale === null || scale === '') throw new InvalidInput('scale', 'choose a preset (sunderland-5, rag-completed, rag) or define the codes');
  return typeof scale === 'string' ? presetScale(scale) : validateScale(structuredClone(scale));
}

function requireCriteriaCodes(scale: RagScale): void {
  const missing = ['R', 'A', 'G'].filter((code) => !findCode(scale, code));
  if (missing.length > 0) throw new InvalidInput('scale', `ratings derived from criteria need the codes R, A and G; this scale lacks ${missing.join(', ')}`);
}

/** The hold's code is read as typed, like every code (code-reading.ts). */
function validateHold(hold: MinimumHold, scale: RagScale, lookAlikes: LookAlikes): { hold: MinimumHold; read: CodeRead<RagCode> } {
  if (hold === null || typeof hold !== 'object') throw new InvalidInput('minimumHold', 'give the code to hold and for how many months, e.g. { "code": "DG", "months": 3 }');
  const read = readCode(hold.code, scale.codes, 'minimumHold.code', lookAlikes, ratingCodes(scale));
  const code = read.code;
  if (code.terminal || code.unrated) throw new InvalidInput('minimumHold.code', `"${hold.code}" is not a rating on this scale to hold before completion; use one of ${ratingCodes(scale).map((c) => c.code).join(', ')}`);
  if (!Number.isInteger(hold.months) || hold.months < 1 || hold.months > 36) throw new InvalidInput('minimumHold.months', 'give a whole number of months from 1 to 36');
  return { hold: { code: code.code, months: hold.months, ...(read.asTyped !== undefined ? { codeAsTyped: read.asTyped } : {}) }, read };
}

function requirePriorityNumber(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 99) throw new InvalidInput('number', `"${value}" is not a priority number; use a whole number from 1 to 99`);
  return value;
}
