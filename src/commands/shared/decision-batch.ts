import { ActionState } from '../../domain/action/action.state';
import { evolveAction } from '../../domain/action/action.decider';
import { actionStreamId, planStreamId } from '../../domain/identifiers';
import { requirePlanAccess } from '../../domain/permissions';
import { InvalidInput } from '../../domain/errors';
import { evolvePlan, PlanState } from '../../domain/plan/plan.decider';
import { NewEvent } from '../../event-store/envelope';
import { EventStore } from '../../event-store/event-store.port';
import { decisionTarget } from '../command-table';
import { DecidedCommand } from '../decided-command';
import { ActionStreams, LoadedAction } from './action-streams';
import { CommandResult } from './command-result';
import { PlanStreams, LoadedPlan } from './plan-streams';
import { foldNewEvents, requireVersionSeen, toCommandResult } from './record-decision';

/** A stream the batch has read: what the log held, and what the batch has decided on it since. */
type Touched =
  | { kind: 'plan'; planId: string; streamId: string; loaded: LoadedPlan; state: PlanState; events: NewEvent[] }
  | { kind: 'action'; planId: string; reference: string; streamId: string; loaded: LoadedAction; state: ActionState; events: NewEvent[] };

/**
 * Many commands decided in order, each against the states the ones before it
 * left, and appended together: one transaction (appendMany), all or nothing.
 * The same commands, fields, deciders and envelopes as one command at a time;
 * only the append is shared. A refused command throws and adds nothing, so the
 * caller (an import) can name it and carry on deciding the rest.
 */
export class DecisionBatch {
  private readonly touched = new Map<string, Touched>();
  /** One clock for the whole batch: every decision in it is judged as of the same instant. */
  private readonly now = new Date();

  constructor(
    private readonly store: EventStore,
    private readonly plans: PlanStreams,
    private readonly actions: ActionStreams,
  ) {}

  /** The plan as the log holds it plus what this batch has decided on it so far. */
  async plan(planId: string): Promise<PlanState> {
    return (await this.touchPlan(planId)).state;
  }

  /** An action as the log holds it plus what this batch has decided on it so far. */
  async action(planId: string, reference: string): Promise<ActionState> {
    return (await this.touchAction(planId, reference)).state;
  }

  /**
   * Decide one command on the states so far; a refusal (bad fields, a broken rule, a role) throws and changes nothing.
   * Returns the notes on how its input was read (a code typed in another script), for the caller's report.
   */
  async decide(command: DecidedCommand): Promise<string[]> {
    const target = decisionTarget(command);
    // A plan file carries no KPIs: their figures are given one at a time, by the people who report them.
    if (target.stream === 'kpi') throw new InvalidInput('type', 'KPIs are defined and their figures recorded one command at a time, not in an import');
    const { issuedBy } = command;
    requirePlanAccess(issuedBy.actor, target.planId);
    const plan = await this.touchPlan(target.planId);
    if (target.stream === 'plan') {
      requireVersionSeen(plan.streamId, plan.loaded.version + plan.events.length, issuedBy);
      const { events, notes } = this.plans.decide(target.command, plan.state, issuedBy, this.now);
      plan.state = foldNewEvents(plan.state, events, evolvePlan);
      plan.events.push(...events);
      return notes;
    }
    const action = await this.touchAction(target.planId, target.reference);
    requireVersionSeen(action.streamId, action.loaded.version + action.events.length, issuedBy);
    const { events, notes } = this.actions.decide(target.command, action.state, plan.state, issuedBy, this.now);
    action.state = foldNewEvents(action.state, events, evolveAction);
    action.events.push(...events);
    return notes;
  }

  /**
   * Append everything decided, stream by stream in the order the batch first read
   * them (a plan before its actions), in one transaction. Each stream is appended
   * at the version the batch read, so a write by anyone else in between refuses
   * the whole batch with a ConcurrencyError. Returns one result per stream changed.
   */
  async commit(): Promise<CommandResult[]> {
    const changed = [...this.touched.values()].filter((stream) => stream.events.length > 0);
    if (changed.length === 0) return [];
    const appended = await this.store.appendMany(changed.map((stream) => ({ streamId: stream.streamId, expectedVersion: stream.loaded.version, events: stream.events })));
    return changed.map((stream, i) => {
      if (stream.kind === 'plan') this.plans.remember(stream.planId, stream.loaded, appended[i].events);
      else this.actions.remember(stream.planId, stream.reference, stream.loaded, appended[i].events);
      return toCommandResult(stream.streamId, appended[i]);
    });
  }

  private async touchPlan(planId: string): Promise<Extract<Touched, { kind: 'plan' }>> {
    const streamId = planStreamId(planId);
    const known = this.touched.get(streamId);
    if (known?.kind === 'plan') return known;
    const loaded = await this.plans.load(planId);
    const touched = { kind: 'plan' as const, planId, streamId, loaded, state: loaded.state, events: [] };
    this.touched.set(streamId, touched);
    return touched;
  }

  private async touchAction(planId: string, reference: string): Promise<Extract<Touched, { kind: 'action' }>> {
    const streamId = actionStreamId(planId, reference);
    const known = this.touched.get(streamId);
    if (known?.kind === 'action') return known;
    const loaded = await this.actions.load(planId, reference);
    const touched = { kind: 'action' as const, planId, reference, streamId, loaded, state: loaded.state, events: [] };
    this.touched.set(streamId, touched);
    return touched;
  }
}
