import { SignOffRole } from '../roles';
import { MinimumHold, RatingMethod } from './plan.events';

/** The settings a plan's rules read: who signs off, how it is rated, any hold before sign-off, and four eyes. */
export interface PlanSettings {
  signOffRole: SignOffRole;
  ratingMethod: RatingMethod;
  minimumHold?: MinimumHold;
  separationOfDuties: boolean;
}

/** What one event set: all of it when the plan was created, only what changed after. `minimumHold: null` ends the hold. */
export interface SettingsChange {
  effectiveAt: string;
  changes: Partial<Omit<PlanSettings, 'minimumHold'>> & { minimumHold?: MinimumHold | null };
}

/** A plan as far as its settings go: the settings in force now, and every change that led there. */
export interface SettingsHolder extends PlanSettings {
  /** In effective order (ties in the order recorded), starting with the plan's creation. */
  settingsChanges: SettingsChange[];
}

/**
 * The plan with the settings in force at `at` (valid time). A decision is judged by
 * the settings in force when it takes effect: a backdated sign-off by the rules of
 * its day, and a rule turned off from a date applies up to that date and not after.
 */
export function planInForceAt<P extends SettingsHolder>(plan: P, at: string): P {
  if (plan.settingsChanges.length === 0) return plan;
  const last = plan.settingsChanges[plan.settingsChanges.length - 1];
  if (last.effectiveAt <= at) return plan;
  return { ...plan, ...settingsFrom(plan.settingsChanges.filter((change) => change.effectiveAt <= at)) };
}

/** The changes with one more, kept in effective order: a backdated change slots into its place, after any of the same date. */
export function withSettingsChange(changes: SettingsChange[], change: SettingsChange): SettingsChange[] {
  const after = changes.findIndex((known) => known.effectiveAt > change.effectiveAt);
  return after < 0 ? [...changes, change] : [...changes.slice(0, after), change, ...changes.slice(after)];
}

/**
 * The settings the changes add up to. A plan created before the four-eyes setting existed
 * has it on. `minimumHold` is always named (undefined when there is none), so spreading the
 * result over a plan also takes away a hold that was not yet, or no longer, in force.
 */
export function settingsFrom(changes: SettingsChange[]): PlanSettings {
  let settings: PlanSettings = { signOffRole: 'qa', ratingMethod: 'direct', minimumHold: undefined, separationOfDuties: true };
  for (const { changes: changed } of changes) {
    const { minimumHold, ...rest } = changed;
    settings = { ...settings, ...definedOnly(rest) };
    if (minimumHold === null) settings = { ...settings, minimumHold: undefined };
    else if (minimumHold !== undefined) settings = { ...settings, minimumHold };
  }
  return settings;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
