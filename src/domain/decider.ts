import { LookAlikes } from './code-reading';
import { ActorRef } from './roles';

/**
 * The shape of every aggregate, after Emmett's deciders: `decide` turns a command
 * and the current state into new facts; `evolve` folds one fact into the state.
 * Both are pure, so the rules are tested given/when/then without any I/O.
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

/** A fact as read back from the log: the domain needs its id (for corrections) and its valid time. */
export type RecordedEvent<E extends DomainEvent> = E & {
  eventId: string;
  effectiveAt: string;
  actor: ActorRef;
};

/** What `decide` returns: the new facts, when they took effect, and why (for backdated or corrective ones). */
export interface Decision<E extends DomainEvent> {
  events: E[];
  effectiveAt: string;
  reason?: string;
  /** What to tell the caller about how their input was read (e.g. `"dg " read as DG`); never recorded. */
  notes?: string[];
}

/** Everything a decision may depend on besides the state: who is asking and when. */
export interface DecisionContext {
  actor: ActorRef;
  now: Date;
  /** Which Latin letters a character from another script looks like, for reading codes (code-reading.ts); without it only Latin letters are read. */
  lookAlikes?: LookAlikes;
}

/**
 * An aggregate's rules as one value, as Emmett exports them: the command side needs only
 * this to load a stream (`evolve` from `initialState`) and decide on a command.
 */
export interface Decider<TCommand, TState, TEvent extends DomainEvent, TContext extends DecisionContext = DecisionContext> {
  decide(command: TCommand, state: TState, context: TContext): Decision<TEvent>;
  evolve(state: TState, event: RecordedEvent<TEvent>): TState;
  initialState(): TState;
}
