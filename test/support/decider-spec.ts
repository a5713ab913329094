import { Decision, DomainEvent, RecordedEvent } from '../../src/domain/decider';
import { ActorRef } from '../../src/domain/roles';

/**
 * Given/when/then for deciders, after Emmett's DeciderSpecification:
 *   given([...past facts]).when(command, by).then([...new facts])  or  .thenRefuses(ErrorType, /message/)
 * The state is rebuilt from the given facts with `evolve`, exactly as a handler does.
 */
export function deciderSpec<S, C, E extends DomainEvent, X = object>(decider: {
  decide: (command: C, state: S, context: { actor: ActorRef; now: Date } & X) => Decision<E>;
  evolve: (state: S, event: RecordedEvent<E>) => S;
  initialState: () => S;
  context?: () => X;
  now: Date;
}) {
  return {
    given(history: RecordedEvent<E>[]) {
      const state = history.reduce(decider.evolve, decider.initialState());
      return {
        when(command: C, actor: ActorRef) {
          const decide = () => decider.decide(command, state, { actor, now: decider.now, ...(decider.context?.() ?? ({} as X)) });
          return {
            then(expected: E[] | ((decision: Decision<E>) => void)) {
              const decision = decide();
              if (typeof expected === 'function') expected(decision);
              else expect(decision.events).toEqual(expected);
              return decision;
            },
            thenRefuses(errorType: abstract new (...args: never[]) => Error, message?: RegExp) {
              let thrown: unknown;
              try {
                decide();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorType);
              if (message) expect((thrown as Error).message).toMatch(message);
              return thrown as Error;
            },
          };
        },
      };
    },
  };
}

let sequence = 0;
/** A past fact as the log would hand it back. */
export function recorded<E extends DomainEvent>(event: E, effectiveAt: string, actor: ActorRef = { id: 'board.chair', role: 'board' }, eventId = `evt-${++sequence}`): RecordedEvent<E> {
  return { ...event, eventId, effectiveAt: new Date(effectiveAt).toISOString(), actor };
}
