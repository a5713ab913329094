import { RecordedEvent } from '../decider';
import { InvalidInput } from '../errors';
import { RagScale } from '../rag-scale';
import { SignOffRole } from '../roles';
import { MinimumHold, PlanEvent, RatingMethod } from './plan.events';
import { SettingsChange, settingsFrom, withSettingsChange } from './plan.settings';
import { evolvePlanShape, PlanShape } from './plan-shape.state';

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
  /** Four eyes (src/domain/action/action.duties.ts): on unless the plan turned it off. */
  separationOfDuties: boolean;
  /** The settings as created and every change since, in effective order: what planInForceAt reads (plan.settings.ts). */
  settingsChanges: SettingsChange[];
  scale: RagScale;
  priorities: Record<number, Priority>;
  /** Board dates by label, e.g. { "Nov 16": "2016-11-30" }. */
  reportingPoints: Record<string, string>;
  /** The SHA-256 of every plan file imported into it, with its name. */
  importedFiles: Record<string, string>;
  /** Its words, sections and recommendations (plan-shape.ts); absent on a plan that has none. */
  shape?: PlanShape;
}

export const initialPlanState = (): PlanState => ({
  exists: false,
  createdAt: '',
  planId: '',
  title: '',
  council: '',
  signOffRole: 'qa',
  ratingMethod: 'direct',
  separationOfDuties: true,
  settingsChanges: [],
  scale: { name: '', codes: [] },
  priorities: {},
  reportingPoints: {},
  importedFiles: {},
});

export function evolvePlan(state: PlanState, event: RecordedEvent<PlanEvent>): PlanState {
  switch (event.type) {
    case 'PlanCreated': {
      const { signOffRole, ratingMethod, minimumHold, separationOfDuties, ...plan } = event.data;
      const settingsChanges = [{ effectiveAt: event.effectiveAt, changes: { signOffRole, ratingMethod, minimumHold, separationOfDuties } }];
      return { ...state, exists: true, createdAt: event.effectiveAt, ...plan, ...settingsFrom(settingsChanges), settingsChanges };
    }
    case 'PlanSettingsChanged': {
      const { planId: _plan, ...changes } = event.data;
      const settingsChanges = withSettingsChange(state.settingsChanges, { effectiveAt: event.effectiveAt, changes });
      return { ...state, ...settingsFrom(settingsChanges), settingsChanges };
    }
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
    case 'PlanFileImported':
      return { ...state, importedFiles: { ...state.importedFiles, [event.data.sha256]: event.data.file } };
    default:
      return { ...state, shape: evolvePlanShape(state, event) };
  }
}

/** Nothing in a plan can take effect before the plan itself did. */
export function requireNotBeforePlan(plan: PlanState, effectiveAt: string): void {
  if (effectiveAt < plan.createdAt) {
    throw new InvalidInput('effectiveAt', `${effectiveAt.slice(0, 10)} is before plan ${plan.planId} took effect (${plan.createdAt.slice(0, 10)})`);
  }
}

/** The fields that have a value: keeps absent ones out of an event and out of the state. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
